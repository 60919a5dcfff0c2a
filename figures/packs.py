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
import os
from pathlib import Path

import regex

from . import context, numbers, pack_examples, pack_schema, pack_yaml, rules
from . import units as units_mod
from .errors import PackError
from .lexicon import phrase_key, trie_pattern
from .numbers import NumberGrammar
from .rules import Rule, combine, compile_rule
from .text import Normalizer, SentenceSplitter

FILES = ("pack", "numbers", "units", "qualifiers", "categories", "lexicon", "rules", "exclude")
QUALIFIER_NAMES = {"exact", "approx", "at_least", "more_than", "at_most", "less_than"}

# The keys of each pack file (figures/pack_schema.py). Sections another module reads are declared
# there (numbers.SCHEMA, context.SCHEMA, rules.SCHEMA, units.SCHEMA); packs.py declares what it reads.
_S = pack_schema
SCHEMAS: dict[str, pack_schema.Spec] = {
    "pack": _S.Fields({
        "lang": _S.TEXT, "name": _S.TEXT, "inherits": _S.TEXT, "decimal": _S.TEXT, "group": _S.WORDS,
        "disable_rules": _S.WORDS,
        "abbreviations": _S.WORDS, "normalize": _S.MapOf(_S.TEXT, what="character"),  # text.py
        "clock": _S.Fields({"am": _S.WORDS, "pm": _S.WORDS, "marks": _S.WORDS, "named": _S.NUMBER_MAP}),
        "identify": _S.Fields({"words": _S.WORDS, "markers": _S.WORDS, "scripts": _S.WORDS}),  # langid.py
    }),
    "numbers": numbers.SCHEMA,
    "units": _S.Fields({
        "units": _S.WORD_MAP, "prefix": _S.MapOf(_S.TEXT, what="symbol"), "never": _S.WORDS,
        "case_sensitive": _S.WORD_MAP, "heads": _S.WORD_MAP, "head_endings": _S.WORDS,
        "import_quantulum3": _S.Fields({"plural_suffixes": _S.WORDS, "min_length": _S.INT,
                                        "keep_short": _S.WORDS, "skip": _S.WORDS}),
        **units_mod.SCHEMA,
    }),
    "qualifiers": _S.Fields({side: _S.MapOf(_S.WORDS, names=QUALIFIER_NAMES, what="qualifier")
                             for side in ("before", "after")}),
    "categories": context.SCHEMA,
    "lexicon": _S.MapOf(_S.WORDS, what="list name"),
    "rules": rules.SCHEMA,
    "exclude": rules.SCHEMA,
}


def patterns_dir() -> Path:
    """FIGURES_PATTERNS, else the source tree's patterns/, else the copy installed with the package."""
    env = os.environ.get("FIGURES_PATTERNS")
    if env:
        return Path(env)
    return _default_patterns_dir()


@functools.lru_cache(maxsize=1)
def _default_patterns_dir() -> Path:
    # cached: load() calls patterns_dir() once per document, and these are two stat() calls
    here = Path(__file__).resolve().parent
    source = here.parent / "patterns"
    if (source / "common" / "pack.yaml").is_file():
        return source
    return here / "patterns"


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
    """Everything the pipeline needs for one language, compiled."""

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
        try:
            self.grammar = NumberGrammar(raw["numbers"], self.decimal, self.group)
        except (ValueError, TypeError) as e:
            raise PackError(str(root / lang / "numbers.yaml"), str(e)) from None
        self.qualifiers = self._qualifiers(raw["qualifiers"], str(root / lang / "qualifiers.yaml"))
        self.categories = raw["categories"]
        if not compile_rules:
            return  # a vocabulary (language detection): no units, no rules, no pint
        self.units = self._units(raw["units"], str(root / lang / "units.yaml"))
        self.prefix_units = {phrase_key(k): v for k, v in (raw["units"].get("prefix", {}) or {}).items()}
        self.exact_units = self._exact_units(raw["units"], str(root / lang / "units.yaml"))
        self.heads, self.head_endings = self._heads(raw["units"], str(root / lang / "units.yaml"))
        self.lexicon = {k: [" ".join(str(x).split()) for x in v] for k, v in (raw["lexicon"] or {}).items()}
        self.clock_cfg = meta.get("clock", {}) or {}
        self.fragments = self._fragments()
        self.rules: list[Rule] = []
        disabled = set(meta.get("disable_rules", []) or [])  # inherited rule ids this pack replaces
        for name, exclude in (("exclude", True), ("rules", False)):
            for spec in raw[name]["rules"]:
                if spec.get("id") in disabled:
                    continue
                source = spec.pop("_source", src) if isinstance(spec, dict) else str(root / lang / f"{name}.yaml")
                line = spec.pop("_line", None) if isinstance(spec, dict) else None
                try:
                    self.rules.append(compile_rule(spec, self.fragments, source, exclude))
                except PackError as e:
                    e.line = e.line or line
                    raise
        self.combined = combine(self.rules)
        self.start_words = self._start_words(raw)
        # anchors: digits, number words, vague amounts, named clock times (one fast scan; \b keeps
        # the regex engine's first-character search, which a look-behind would defeat)
        self.trigger = regex.compile(
            r"\d+|\b(?:" + trie_pattern(
                list(self.grammar.cardinals) + list(self.grammar.scales) + list(self.grammar.fractions)
                + list(self.grammar.approximatives) + list(self.grammar.vague)
                + list(self.clock_cfg.get("named", {}) or {})
            ) + r")\b" + (r"|(?<![\p{L}\p{M}])(?:" + trie_pattern(self.grammar.stems) + ")"
                          if self.grammar.stems else ""), regex.IGNORECASE)
        # "less than a week": an article after a qualifier counts as one. Scanned only in documents
        # that contain such a pair, found first with plain substring tests.
        quals, arts = list(self.qualifiers["before"]), list(self.grammar.articles)
        self.article_literals = tuple(f"{q} {a} " for q in quals for a in arts)
        self.article_anchor = regex.compile(
            r"\b(?:" + trie_pattern(quals) + r")\s+\K(?:" + trie_pattern(arts) + r")\b",
            regex.IGNORECASE) if quals and arts else None
        self._clock_re = regex.compile(
            r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:(?:" + trie_pattern(self._ampm("marks")) + r")\s*)?("
            + trie_pattern(self._ampm("am") + self._ampm("pm")) + ")?",
            regex.IGNORECASE)

    # ---- construction helpers ------------------------------------------------
    def _start_words(self, raw: dict) -> frozenset:
        """Every word a figure or exclusion may start with: the pack's vocabularies plus the literal
        words of its rule templates (a superset: it only spares the rules' regex at other words)."""
        words: set[str] = set()
        g = self.grammar
        for table in (g.cardinals, g.scales, g.fractions, g.articles, g.approximatives, g.vague,
                      g.vague_multipliers, g.vague_scales, self.qualifiers["before"], self.prefix_units):
            for phrase in table:
                words.update(phrase.split())
        words.update(g.minus)
        words.update(phrase_key(str(k)) for k in (self.clock_cfg.get("named", {}) or {}))
        for items in self.lexicon.values():
            for phrase in items:
                words.update(phrase_key(phrase).split())
        literal = regex.compile(r"(?<![\\{<\w])[^\W\d_]{2,}")  # not \\p{L}, {num}, (?P<fig>
        for rule in self.rules:
            words.update(w.lower() for w in literal.findall(rule.template))
        return frozenset(w.strip(".,") for w in words)

    def _units(self, cfg: dict, source: str) -> dict[str, str]:
        table: dict[str, str] = {}
        imported = cfg.get("import_quantulum3")
        if imported:
            from .unit_import import quantulum_surfaces
            table.update(quantulum_surfaces(
                units_mod.is_known,
                plural_suffixes=tuple(imported.get("plural_suffixes", ("s",))),
                min_length=int(imported.get("min_length", 3)),
                skip=frozenset(phrase_key(s) for s in imported.get("skip", [])),
                keep_short=frozenset(phrase_key(s) for s in imported.get("keep_short", [])),
            ))
        for canonical, forms in (cfg.get("units", {}) or {}).items():
            if not units_mod.is_known(canonical):
                raise PackError(source, f"pint does not know unit {canonical!r}", key=canonical)
            for form in forms or []:
                table[phrase_key(str(form))] = canonical
        for skip in cfg.get("never", []) or []:
            table.pop(phrase_key(skip), None)
        for canonical in (cfg.get("prefix", {}) or {}).values():
            if not units_mod.is_known(canonical):
                raise PackError(source, f"pint does not know unit {canonical!r}", key=canonical)
        return table

    def _exact_units(self, cfg: dict, source: str) -> dict[str, str]:
        table: dict[str, str] = {}
        for canonical, forms in (cfg.get("case_sensitive", {}) or {}).items():
            if not units_mod.is_known(canonical):
                raise PackError(source, f"pint does not know unit {canonical!r}", key=f"case_sensitive.{canonical}")
            for form in forms or []:
                table[" ".join(str(form).split())] = canonical
        return table

    def _heads(self, cfg: dict, source: str) -> tuple[dict[str, str], list[str]]:
        heads: dict[str, str] = {}
        for canonical, forms in (cfg.get("heads", {}) or {}).items():
            if not units_mod.is_known(canonical):
                raise PackError(source, f"pint does not know unit {canonical!r}", key=f"heads.{canonical}")
            for form in forms or []:
                heads[phrase_key(str(form))] = canonical
        return heads, [phrase_key(str(e)) for e in cfg.get("head_endings", []) or []]

    def _qualifiers(self, cfg: dict, source: str) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {"before": {}, "after": {}}
        for side in out:
            for qual, cues in (cfg.get(side, {}) or {}).items():
                if qual not in QUALIFIER_NAMES:
                    raise PackError(source, f"unknown qualifier {qual!r}", key=f"{side}.{qual}")
                for cue in cues or []:
                    out[side][phrase_key(str(cue))] = qual
        return out

    def _ampm(self, which: str) -> list[str]:
        return [phrase_key(x) for x in (self.clock_cfg.get(which, []) or [])]

    def _fragments(self) -> dict[str, str]:
        word_end = r"(?![\p{L}\p{M}\d])"
        named = list((self.clock_cfg.get("named", {}) or {}).keys())
        ampm = trie_pattern(self._ampm("am") + self._ampm("pm"))
        marks = trie_pattern(self._ampm("marks"))
        clock = [r"\d{1,2}(?:[:.]\d{2})?\s*(?:(?:" + marks + r")(?:\s*(?:" + ampm + r"))?|(?:" + ampm
                 + r"))(?![\p{L}\p{M}])", r"\d{1,2}:\d{2}(?!\d)"]
        if named:
            clock.append("(?:" + trie_pattern(named) + ")" + word_end)
        frags = {
            "num": self.grammar.pattern,
            "vague": self.grammar.vague_pattern,
            "unit": "(?:" + trie_pattern(self.units) + r")(?![\p{L}\p{M}])",
            "cur": "(?:" + trie_pattern(self.prefix_units, space=r"\s*") + ")",
            "qual": r"(?<![\p{L}\p{M}])(?:" + trie_pattern(self.qualifiers["before"]) + ")" + word_end,
            "post": r"(?<![\p{L}\p{M}])(?:" + trie_pattern(self.qualifiers["after"]) + ")" + word_end,
            "clock": "(?:" + "|".join(clock) + ")",
            "stem": self.grammar.stem_pattern,
            "head": ("(?:" + trie_pattern(self.heads) + ")(?:" + trie_pattern(self.head_endings) + r")?(?![\p{L}\p{M}])"
                     if self.heads else r"(?!)"),
        }
        for name, words in self.lexicon.items():
            if name in frags:
                raise PackError(str(self.root / self.lang / "lexicon.yaml"), "name clashes with a built-in placeholder", key=name)
            frags[name] = r"(?<![\p{L}\p{M}])(?:" + trie_pattern(words) + ")" + word_end
        return frags

    # ---- lookups used while interpreting matches ----------------------------
    def unit_for(self, surface: str) -> str | None:
        exact = self.exact_units.get(" ".join(surface.split()))
        if exact:
            return exact
        key = phrase_key(surface)
        found = self.units.get(key) or self.prefix_units.get(key.replace(" ", "")) or self.prefix_units.get(key)
        if found or not self.heads:
            return found
        for head in sorted((h for h in self.heads if key.startswith(h)), key=len, reverse=True):
            return self.heads[head]
        return None

    def clock(self, text: str) -> float | None:
        """Hours since midnight of a clock expression ("8 a.m.", "17:30", "midnight")."""
        key = phrase_key(text)
        named = {phrase_key(k): float(v) for k, v in (self.clock_cfg.get("named", {}) or {}).items()}
        if key in named:
            return named[key]
        m = self._clock_re.fullmatch(text.strip())
        if not m:
            return None
        h, mins = int(m.group(1)), int(m.group(2) or 0)
        mark = phrase_key(m.group(3) or "")
        if h > 24 or mins > 59:
            return None
        if mark in self._ampm("pm") and h < 12:
            h += 12
        elif mark in self._ampm("am") and h == 12:
            h = 0
        return h + mins / 60


@functools.lru_cache(maxsize=None)
def _load(lang: str, root: str) -> Pack:
    key = _cache_key(lang, Path(root))
    cached = _read_cache(key)
    if cached is not None:
        units_mod.warm(cached)  # pint's answers for the pack's units now, not on a first figure
        return cached
    try:
        pack = Pack(lang, Path(root))
    except (AttributeError, TypeError, KeyError) as e:  # a section of the wrong shape (a list for a mapping ...)
        raise PackError(str(Path(root) / lang), f"malformed pack data ({type(e).__name__}: {e})") from None
    _write_cache(key, pack)
    units_mod.warm(pack)
    return pack


# ---- compiled-pack cache ------------------------------------------------------
# Compiling a pack (thousands of words into tries, ~30 large regexes, pint checks
# of every unit) takes ~1.5 s; unpickling it takes ~10 ms (the `regex` module
# pickles compiled code, so nothing is parsed again). The cache key hashes every
# file of the patterns folder, this package's sources and the versions of the
# libraries a pack is built with, so any edit rebuilds it. FIGURES_CACHE=0
# disables it; FIGURES_CACHE_DIR moves it (default: $XDG_CACHE_HOME/figures).

def _cache_dir() -> Path | None:
    if os.environ.get("FIGURES_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    if os.environ.get("FIGURES_CACHE_DIR"):
        return Path(os.environ["FIGURES_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "figures"


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


def _read_cache(key: str, kind: str = "pack", cls: type = None):
    """A cached object of `kind` (a compiled Pack by default), or None."""
    import pickle

    cls = cls or Pack
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{kind}-{key}.pickle", "rb") as fh:
            pack = pickle.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None  # unreadable or from an incompatible build: compile afresh and overwrite
    return pack if isinstance(pack, cls) else None


def _write_cache(key: str, pack, kind: str = "pack") -> None:
    import pickle
    import tempfile

    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(pack, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{kind}-{key}.pickle")
    except OSError:
        return  # a read-only home is not an error: the pack is simply compiled next time too


@functools.lru_cache(maxsize=None)
def _vocabulary(lang: str, root: str) -> Pack:
    return Pack(lang, Path(root), compile_rules=False)


def vocabulary(lang: str) -> Pack:
    """A pack's word tables, normaliser and cue lists without its rules: cheap to build, for
    language detection, so that the first run compiles only the languages it meets."""
    return _vocabulary(lang, str(patterns_dir()))


def load(lang: str) -> Pack:
    """The compiled pack for `lang` (cached per process and patterns folder)."""
    return _load(lang, str(patterns_dir()))


def read_examples(lang: str) -> list[dict]:
    """The pack's own passages: examples.jsonl and examples-*.jsonl (gold format), checked; used as tests."""
    return pack_examples.read(patterns_dir() / lang)
