"""`figures packs check`: validate a patterns folder whole and list the entries that can never fire.

Loading a pack already refuses what is wrong (PackError: YAML, schema, rules,
units). This adds what is legal but dead, each with its file and line:

- a unit surface listed under two units (the later one wins), or also in `never`;
- a casualty cue under two categories, a qualifier cue under two qualifiers;
- a word containing a character the pack's `normalize` table replaces: the
  engine matches the normalised working copy, so `don’t` (curly quote) never matches;
- in the sections read through the token layer (numbers, units, qualifiers, lexicon), a
  stem (`word*`) that is not one word token: it matches a single word, so `u.s*` never fires;
- a `lexicon` list no rule's template uses, a `disable_rules` id no inherited rule has.
"""
from __future__ import annotations

from typing import Any

import re
from dataclasses import dataclass
from pathlib import Path

from . import pack_examples, pack_yaml, packs
from .errors import PackError
from .lexicon import phrase_key
from .text import Normalizer
from .tokens import WORD, tokenize

PLACEHOLDER = re.compile(r"\{(\w+)(?::\w+)?\}")
#: Sections read through the token layer's Lexicon (figures/classes.py, numbers.py), where a stem is one word.
TOKEN_SECTIONS = ("numbers", "units", "qualifiers", "lexicon")
LEXICON_SETTINGS = {"case_sensitive"}  # lexicon.yaml keys that configure lists (figures/classes.py), not lists


@dataclass(frozen=True, order=True)
class Finding:
    """One entry that can never fire."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.message}"


class _Sources:
    """Where an entry is written: the pack's own files first, then its parents' (common last)."""

    def __init__(self, lang: str, root: Path):
        self.chain, seen = [], set()
        while lang and lang not in seen:
            seen.add(lang)
            self.chain.append(lang)
            meta = self.doc(root, lang, "pack").data or {}
            lang = meta.get("inherits", "common" if lang != "common" else "")
        self.root = root

    @staticmethod
    def doc(root: Path, lang: str, name: str) -> pack_yaml.Document:
        path = root / lang / f"{name}.yaml"
        return pack_yaml.read(path) if path.is_file() else pack_yaml.Document(str(path), {})

    def find(self, name: str, path: tuple, item=None) -> tuple[str, int]:
        """(file, line) of `path` in the first file of the chain holding it (and `item`, for a list)."""
        for lang in self.chain:
            doc = self.doc(self.root, lang, name)
            node = doc.data
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                continue
            if item is not None and isinstance(node, list):
                if item not in node:
                    continue
                return doc.file, doc.line(*path, node.index(item)) or 0
            return doc.file, doc.line(*path) or 0
        return str(self.root / self.chain[0] / f"{name}.yaml"), 0


def _words(data) -> list[tuple[tuple, str]]:
    """(path, word) for every word of a section: list items, and the keys of word -> value maps."""
    out = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, str):
                    out.append((path, str(k)))  # a word -> value map (cardinals, prefix symbols ...)
                else:
                    stack.append((path + (k,), v))
        elif isinstance(node, list):
            out.extend((path, str(x)) for x in node if isinstance(x, (str, int, float)))
    return out


def dead_entries(lang: str, root: Path) -> list[Finding]:
    """Entries of `lang` (and what it inherits) that can never fire."""
    raw = packs._load_raw(lang, root)
    src = _Sources(lang, root)
    out: list[Finding] = []

    def add(name: str, path: tuple, item, key: str, message: str) -> None:
        file, line = src.find(name, path, item)
        out.append(Finding(file, line, key, message))

    units = raw["units"].get("units") or {}
    never = {phrase_key(str(w)) for w in raw["units"].get("never") or []}
    owner: dict[str, str] = {}
    for canonical, forms in units.items():
        for form in forms or []:
            key = phrase_key(str(form))
            if key in never:
                add("units", ("units", canonical), form, f"units.{canonical}", f"{form!r} is also in `never`")
            elif key in owner and owner[key] != canonical:
                add("units", ("units", owner[key]), _first(units[owner[key]], key), f"units.{owner[key]}",
                    f"{form!r} is shadowed by units.{canonical} (the later entry wins)")
            owner[key] = canonical

    for name, path, what in (("categories", ("cues",), "category"), ("qualifiers", ("before",), "qualifier"),
                             ("qualifiers", ("after",), "qualifier")):
        section = raw[name]
        for part in path:
            section = (section or {}).get(part) or {}
        seen: dict[str, str] = {}
        for group, cues in section.items():
            for cue in cues or []:
                key = phrase_key(str(cue))
                if key in seen and seen[key] != group:
                    add(name, path + (seen[key],), _first(section[seen[key]], key), ".".join(path + (seen[key],)),
                        f"{cue!r} is also a cue of {what} {group!r}: one of the two never applies")
                seen[key] = group

    normalize = Normalizer({str(k): str(v) for k, v in (raw["pack"].get("normalize") or {}).items()})
    for name in ("numbers", "units", "qualifiers", "categories", "lexicon"):
        for path, word in _words(raw[name]):
            work = normalize(word)[0]
            stem = word[:-1] if word.endswith("*") and len(word) > 1 and name in TOKEN_SECTIONS else None
            toks = tokenize(stem) if stem is not None else None
            if toks is not None and (len(toks) != 1 or toks.kinds[0] != WORD):
                item = word if _is_list(raw[name], path) else None
                add(name, path if item is not None else path + (word,), item, ".".join(map(str, path)) or word,
                    f"{word!r} is a stem of several tokens: a stem matches one word token, so it never fires")
            elif work != word:
                item = word if _is_list(raw[name], path) else None
                add(name, path if item is not None else path + (word,), item, ".".join(map(str, path)) or word,
                    f"{word!r} has characters the pack's normalize table replaces (reads as {work!r}): "
                    "it can never match")

    disabled = set(raw["pack"].get("disable_rules") or [])
    templates = [v for r in raw["rules"]["rules"] + raw["exclude"]["rules"] if r.get("id") not in disabled
                 for k, v in r.items() if k not in ("id", "doc") and isinstance(v, str)]  # match, before, after ...
    used = {m.group(1) for t in templates for m in PLACEHOLDER.finditer(t)}
    for name in raw["lexicon"] or {}:
        if name not in used and name not in LEXICON_SETTINGS:
            add("lexicon", (name,), None, f"lexicon.{name}", "no rule's template uses this list")
    ids = {r.get("id") for r in raw["rules"]["rules"] + raw["exclude"]["rules"]}
    for rid in sorted(disabled - ids):
        add("pack", ("disable_rules",), rid, "disable_rules", f"no inherited rule has the id {rid!r}")
    return out


def _first(forms, key: str):
    return next((f for f in forms or [] if phrase_key(str(f)) == key), None)


def _is_list(data, path: tuple) -> bool:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return isinstance(data, list)


def check_folder(root: Path, langs: list[str] | None = None) -> tuple[list[PackError], list[Finding]]:
    """Compile every pack of `root` (no cache) and read its passages; then list dead entries."""
    errors: list[PackError] = []
    findings: set[Finding] = set()
    if langs is None:
        langs = sorted(p.name for p in root.iterdir() if (p / "pack.yaml").is_file() and p.name != "common")
    for lang in langs:
        try:
            packs.Pack(lang, root)
            pack_examples.read(root / lang)
        except PackError as err:
            errors.append(err)
            continue
        except (AttributeError, TypeError, KeyError, ValueError) as err:  # a section of the wrong shape
            errors.append(PackError(str(root / lang), f"malformed pack data ({type(err).__name__}: {err})"))
            continue
        findings.update(dead_entries(lang, root))
    return errors, sorted(findings)
