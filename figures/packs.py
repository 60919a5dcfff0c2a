"""Language packs: load patterns/<lang>/, apply `inherits`, validate, compile once.

A pack is a folder of YAML files (see patterns/README.md). Every pack
implicitly inherits `common`; `inherits: hr` lets bs and sr override only
what differs. Dicts merge key by key, lists extend, rules merge by id.
Everything is compiled once per process and cached.

units.yaml may also hold `heads` (unit stems that end a compound word,
"dnevn" -> day in "desetodnevne", with `head_endings`) and `case_sensitive`
surfaces ("KM" -> BAM while "km" stays kilometer). pack.yaml `clock.marks`
are clock words that do not shift the hour ("sati" in "od 8 do 16 sati");
pack.yaml `disable_rules` lists inherited rule ids the pack replaces with its own.
"""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path


from . import cache, classes, context, numbers, pack_examples, pack_schema, pack_yaml, rules
from . import units as units_mod
from .clock import Clock
from .paths import _default_patterns_dir, patterns_dir  # noqa: F401  (re-exported: packs.patterns_dir)
from .errors import PackError
from .lexicon import phrase_key
from .numbers import NumberGrammar
from .rules import Rule, RuleSet, compile_rule
from .text import Normalizer, SentenceSplitter
from .tokens import Lexicon

#: Says (once per pack, on stderr by default) that a pack is being compiled: the first run after an
#: install or a pack edit pays for it (about 0.5 s of CPU a language) and should not look stuck.
#: `figures warmup` compiles ahead; `logging.getLogger("figures.packs").setLevel(logging.ERROR)` silences it.
log = logging.getLogger("figures.packs")

FILES = ("pack", "numbers", "units", "qualifiers", "categories", "lexicon", "rules", "exclude")
QUALIFIER_NAMES = classes.QUALIFIER_NAMES

# The keys of each pack file (figures/pack_schema.py), declared by the module that reads the section
# (numbers.SCHEMA, context.SCHEMA, rules.SCHEMA, classes.*_SCHEMA, units.SCHEMA); pack.yaml is read by
# several stages and declared here, each key marked with its reader.
_S = pack_schema
SCHEMAS: dict[str, pack_schema.Spec] = {
    "pack": _S.Fields({
        "lang": _S.TEXT, "name": _S.TEXT, "inherits": _S.TEXT, "disable_rules": _S.WORDS,
        "decimal": _S.TEXT, "group": _S.WORDS,  # numbers.py
        "abbreviations": _S.WORDS, "normalize": _S.MapOf(_S.TEXT, what="character"),  # text.py
        "clock": _S.Fields({"am": _S.WORDS, "pm": _S.WORDS, "marks": _S.WORDS, "named": _S.NUMBER_MAP}),  # clock.py
        "identify": _S.Fields({"words": _S.WORDS, "markers": _S.WORDS, "scripts": _S.WORDS}),  # langid.py
    }, owner="figures/packs.py SCHEMAS"),
    "numbers": numbers.SCHEMA,
    "units": _S.Fields({**classes.UNITS_SCHEMA, **units_mod.SCHEMA},
                       owner="figures/classes.py UNITS_SCHEMA (units.py SCHEMA: dimensions)"),
    "qualifiers": classes.QUALIFIERS_SCHEMA,
    "categories": context.SCHEMA,
    "lexicon": classes.LEXICON_SCHEMA,
    "rules": rules.SCHEMA,
    "exclude": rules.SCHEMA,
}


def languages() -> list[str]:
    """Codes of the installed language packs (folders with a pack.yaml, except common)."""
    root = patterns_dir()
    try:
        stamp = root.stat().st_mtime_ns  # a pack folder added or removed changes it
    except OSError:
        return []
    return list(_languages(str(root), stamp))


@functools.lru_cache(maxsize=8)
def _languages(root: str, stamp: int) -> tuple[str, ...]:
    # cached: extract(lang=...) checks the code once per document
    return tuple(sorted(p.name for p in Path(root).iterdir() if (p / "pack.yaml").is_file() and p.name != "common"))


def _read_yaml(path: Path, name: str) -> dict:
    doc = pack_yaml.read(path)  # safe_load semantics; aliases and depth bounded (figures/pack_yaml.py)
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise PackError(str(path), "top level must be a mapping", line=doc.line())
    _check_words(doc.data, str(path))
    pack_schema.check(SCHEMAS[name], doc)  # unknown keys, categories, qualifiers ... with their line
    if name in ("rules", "exclude"):
        for i, item in enumerate(doc.data.get("rules") or []):
            item["_source"], item["_line"] = str(path), doc.line("rules", i)
    return doc.data


def _check_words(data, path: str, key: str = "") -> None:
    """YAML 1.1 reads bare no/yes/on/off as booleans: a word list must hold strings."""
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(k, bool):
                raise PackError(path, f"key {k!r} was read as a boolean; quote it", key=key)
            _check_words(v, path, f"{key}.{k}" if key else str(k))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, bool):
                raise PackError(path, f"list item {item!r} was read as a boolean; quote it (\"no\")", key=key)
            _check_words(item, path, key)


def _merge(base, child, source: str):
    if isinstance(base, dict) and isinstance(child, dict):
        out = dict(base)
        for k, v in child.items():
            out[k] = _merge(base[k], v, source) if k in base else v
        return out
    if isinstance(base, list) and isinstance(child, list):
        if all(isinstance(x, dict) and "id" in x for x in base + child):
            by_id = {x["id"]: dict(x, _source=x.get("_source", source)) for x in base}
            for x in child:
                by_id[x["id"]] = dict(x, _source=source)
            return list(by_id.values())
        return base + [x for x in child if x not in base]
    return child


def _load_raw(lang: str, root: Path, seen: tuple = ()) -> dict[str, dict]:
    folder = root / lang
    if not (folder / "pack.yaml").is_file():
        raise ValueError(f"no language pack {lang!r}; installed: {', '.join(languages()) or 'none'}")
    if lang in seen:
        raise PackError(str(folder / "pack.yaml"), f"inheritance cycle {' -> '.join(seen + (lang,))}",
                        key="inherits")
    own = {}
    for name in FILES:
        path = folder / f"{name}.yaml"
        data = _read_yaml(path, name) if path.is_file() else {}
        if name in ("rules", "exclude"):
            data = {"rules": data.get("rules") or []}
        own[name] = data
    parent = own["pack"].get("inherits", "common" if lang != "common" else None)
    if not parent:
        return own
    base = _load_raw(parent, root, seen + (lang,))
    return {name: _merge(base.get(name, {}), own[name], str(folder / f"{name}.yaml")) for name in FILES}


class Pack:
    """Everything the pipeline needs for one language: each stage compiles its own section.

    The token lexicon is shared: numbers.yaml (numbers.NumberGrammar), units.yaml,
    qualifiers.yaml and lexicon.yaml (figures/classes.py), pack.yaml `clock`
    (figures/clock.py) all become classes of one `Lexicon`, so a document is
    tagged in one pass; rules.yaml and exclude.yaml become a `rules.RuleSet`.
    """

    def __init__(self, lang: str, root: Path, compile_rules: bool = True):
        raw = _load_raw(lang, root)
        self.lang, self.root = lang, root
        meta = raw["pack"]
        self.name = meta.get("name", lang)
        src = str(root / lang / "pack.yaml")
        self.decimal = meta.get("decimal", ".")
        self.group = list(meta.get("group", [","]))
        self.normalize = Normalizer(meta.get("normalize", {}) or {})
        self.split_sentences = SentenceSplitter(meta.get("abbreviations", []) or [])
        self.lex = Lexicon()
        try:
            self.grammar = NumberGrammar(raw["numbers"], self.decimal, self.group, self.lex)
        except (ValueError, TypeError, StopIteration) as e:
            raise PackError(str(root / lang / "numbers.yaml"), str(e)) from None
        self.qualifiers = classes.qualifiers(raw["qualifiers"], str(root / lang / "qualifiers.yaml"), self.lex)
        self.categories = raw["categories"]
        if not compile_rules:
            return  # a vocabulary (language detection): no units, no rules, no pint
        units_src = str(root / lang / "units.yaml")
        self.valued, tables = classes.units(raw["units"], units_src, self.lex, units_mod.is_known,
                                            *self._imported_units(raw["units"]))
        self.units, self.exact_units = tables["units"], tables["exact_units"]
        self.prefix_units, self.heads = tables["prefix_units"], tables["heads"]
        self.valued.update(qual=[self.lex.names["qual"]], post=[self.lex.names["post"]],
                           stem=[self.lex.names["n.stem"]])
        self.clock = Clock(meta.get("clock", {}) or {}, self.lex)
        self.grammar.glued_prefixes = (1 << self.lex.names["cur"]) | (1 << self.lex.names["cur.cased"])
        self.grammar.currency_classes = tuple(self.valued["cur"])
        self.grammar.unit_classes = list(self.valued["unit"])
        self.grammar.prefix_scale = self.lex.names["cur.scale"]
        names = classes.lists(raw["lexicon"] or {}, str(root / lang / "lexicon.yaml"), self.lex)
        names["multiple"] = self.lex.names["n.multiple"]  # numbers.yaml `multiples` ("sixfold", "10-fold")
        self.rules: list[Rule] = []
        disabled = set(meta.get("disable_rules", []) or [])  # inherited rule ids this pack replaces
        for name, exclude in (("exclude", True), ("rules", False)):
            for spec in raw[name]["rules"]:
                if spec.get("id") in disabled:
                    continue
                source = spec.pop("_source", src) if isinstance(spec, dict) else str(root / lang / f"{name}.yaml")
                line = spec.pop("_line", None) if isinstance(spec, dict) else None
                try:
                    self.rules.append(compile_rule(spec, names, source, exclude, units_mod.is_known))
                except PackError as e:
                    e.line = e.line or line
                    raise
        anchor = 0
        for cid in (*self.valued["unit"], self.lex.names["n.stem"], self.lex.names["clock.named"]):
            anchor |= 1 << cid
        self.ruleset = RuleSet(self.rules, self.valued, anchor)

    def _imported_units(self, cfg: dict) -> tuple[dict[str, str], dict[str, str]]:
        """quantulum3's vocabulary: (surfaces in any case, symbols as written)."""
        imported = cfg.get("import_quantulum3")
        if not imported:
            return {}, {}
        from .unit_import import quantulum_surfaces, quantulum_symbols

        return quantulum_surfaces(
            units_mod.is_known,
            plural_suffixes=tuple(imported.get("plural_suffixes", ("s",))),
            min_length=int(imported.get("min_length", 3)),
            skip=frozenset(phrase_key(s) for s in imported.get("skip", [])),
            keep_short=frozenset(phrase_key(s) for s in imported.get("keep_short", [])),
        ), quantulum_symbols(
            units_mod.is_known,
            skip=frozenset(str(s) for s in imported.get("symbols_skip", []) or []),
            single=frozenset(str(s) for s in imported.get("symbols_single", []) or []),
        )

    def is_head(self, word: str) -> bool:
        """A unit head of a compound ("dnevne" after "deseto"), or a multiple ("fold" after "six")."""
        return self.lex.lookup("head", word) is not None or self.lex.lookup("n.multiple", word) is not None

    def unit_for(self, surface: str) -> str | None:
        """The canonical unit a surface reads as (the {unit} class, then {cur}, then {head})."""
        for kind in ("unit", "cur", "head"):
            for cid in self.valued[kind]:
                name = next(k for k, v in self.lex.names.items() if v == cid)
                found = self.lex.lookup(name, surface)
                if found:
                    return found
        return None


@functools.lru_cache(maxsize=None)
def _load(lang: str, root: str) -> Pack:
    key = _cache_key(lang, Path(root))
    cached = _read_cache(key, tag=lang)
    if cached is not None:
        units_mod.warm(cached)  # pint's answers for the pack's units now, not on a first figure
        return cached
    log.warning("figures: compiling the %r pack, once (`figures warmup` does all ahead)", lang)
    try:
        pack = Pack(lang, Path(root))
    except (AttributeError, TypeError, KeyError) as e:  # a section of the wrong shape (a list for a mapping ...)
        raise PackError(str(Path(root) / lang), f"malformed pack data ({type(e).__name__}: {e})") from None
    _write_cache(key, pack, tag=lang)
    units_mod.warm(pack)
    return pack


# ---- compiled-pack cache ------------------------------------------------------
# Compiling a pack (thousands of words into tries, ~30 large regexes, pint checks
# of every unit) takes ~1.5 s; unpickling it takes ~10 ms (the `regex` module
# pickles compiled code, so nothing is parsed again). The cache key hashes every
# file of the patterns folder, this package's sources and the versions of the
# libraries a pack is built with, so any edit rebuilds it. FIGURES_CACHE=0
# disables it; FIGURES_CACHE_DIR moves it (default: platformdirs' user cache folder).
# figures/cache.py decides which entries can be trusted.

def _cache_dir() -> Path | None:
    return cache.trusted_folder()  # created 0700, ours only (figures/cache.py)


def _cache_key(lang: str, root: Path) -> str:
    import hashlib
    import sys
    from importlib import metadata

    h = hashlib.sha256(f"{lang}\0{sys.version}\0{sys.platform}".encode())
    for dist in ("regex", "pint", "quantulum3", "PyYAML"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    h.update(_CODE_DIGEST)
    for path in sorted(root.glob("**/*")):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def _code_digest() -> bytes:
    """The package's sources as imported: a cached pack must come from the code that runs."""
    import hashlib

    h = hashlib.sha256()
    base = Path(__file__).resolve().parent
    for path in sorted(base.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


_CODE_DIGEST = _code_digest()  # at import, so files edited later cannot pair new keys with old code


def _read_cache(key: str, kind: str = "pack", cls: type | None = None, tag: str = "default"):
    """A cached object of `kind` (a compiled Pack by default), or None; see figures/cache.py."""
    return cache.read(kind, key, cls or Pack, tag=tag)


def _write_cache(key: str, pack, kind: str = "pack", tag: str = "default") -> None:
    cache.write(kind, key, pack, tag=tag)


@functools.lru_cache(maxsize=None)
def _vocabulary(lang: str, root: str) -> Pack:
    return Pack(lang, Path(root), compile_rules=False)


def vocabulary(lang: str) -> Pack:
    """A pack's word tables, normaliser and cue lists without its rules: cheap to build, for
    language detection, so that the first run compiles only the languages it meets."""
    return _vocabulary(lang, str(patterns_dir()))


def load(lang: str) -> Pack:
    """The compiled pack for `lang` (cached per process and patterns folder; compiled once
    however many threads ask for it cold)."""
    root = str(patterns_dir())
    with cache.lock(f"pack\0{lang}\0{root}"):
        return _load(lang, root)


def read_examples(lang: str) -> list[dict]:
    """The pack's own passages: examples.jsonl and examples-*.jsonl (gold format), checked; used as tests."""
    return pack_examples.read(patterns_dir() / lang)
