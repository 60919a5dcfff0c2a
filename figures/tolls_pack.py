"""The tolls section of a language pack: patterns/<lang>/tolls.yaml, compiled once.

The combination rules of FIGURES_SPEC §9 are generic (figures/tolls_rules.py);
every word they need (who was counted, which words make a figure a subset, an
update, a background total, a separate event ...) is data in tolls.yaml, read
here. bs and sr inherit hr's file the way every pack file is inherited (lists
extend, mappings merge), and the text is read through the pack's `normalize`
table so Serbian Cyrillic meets the Latin patterns.
"""
from __future__ import annotations

import functools
from pathlib import Path

import regex

from . import pack_examples, pack_yaml
from . import pack_schema as _S
from .errors import PackError
from .table import CATEGORIES

_MEMO_MAX = 20_000  # texts remembered per pack by `match` (then forgotten, to bound memory)

GROUPS = ["civilians", "security_forces", "armed_group", "officials", "aid_workers", "journalists",
          "migrants", "unknown"]

#: Every key of tolls.yaml that is a list of regexes (the meaning of each is documented in the en pack).
CUE_KEYS = ("subset_before", "subset_after", "update_before", "increment_before", "increment_after",
            "background", "clause_breaks", "hypothetical_before", "hypothetical_after", "population_before",
            "perpetrator_after", "alternative_between", "additive_before", "additive_after",
            "coordination_between", "place_after", "mention_joins", "separate", "share_base")

SCHEMA = _S.Fields({"groups": _S.MapOf(_S.WORDS, names=GROUPS[:-1], what="group"),
                    **{key: _S.ListOf(_S.TEXT, what="a list of regexes") for key in CUE_KEYS}})


#: A pack passage (examples-tolls.jsonl) may carry its expected toll rows, and `tolls_pending: "why"`
#: while a stage it needs is missing (the tolls harness runs it as a strict xfail).
TOLL_ROW = _S.Fields({"category": _S.Choice(CATEGORIES, "category"), "group": _S.Choice(GROUPS + ["all"], "group"),
                      "value": _S.NUMBER, "low": _S.NUMBER, "high": _S.NUMBER})
if "tolls" not in pack_examples.PASSAGE.fields:
    pack_examples.PASSAGE = pack_examples.PASSAGE.extend(
        {"tolls": _S.ListOf(TOLL_ROW, what="a list of toll rows"), "tolls_pending": _S.TEXT})


class TollPack:
    """Compiled tolls.yaml of one language: `group(phrase)` and `match(key, text)`."""

    def __init__(self, lang: str, data: dict, normalize: dict[str, str], source: str):
        self.lang = lang
        self._table = str.maketrans(normalize) if normalize else None
        self.cues: dict[str, list] = {}
        self._any: dict[str, regex.Pattern | None] = {}  # key -> its patterns as one alternation (match)
        self._matched: dict[tuple[str, str], bool] = {}  # (key, text) -> match(key, text)
        for key in CUE_KEYS:
            compiled = []
            for pattern in data.get(key) or []:
                try:
                    compiled.append(regex.compile(pattern, regex.IGNORECASE | regex.V0))
                except regex.error as err:
                    raise PackError(source, f"bad regex {pattern!r}: {err}", key=key) from None
            self.cues[key] = compiled
            self._any[key] = _one_of(data.get(key) or [])
        self._groups = [(group, _word_pattern(words)) for group, words in (data.get("groups") or {}).items()
                        if words]

    def norm(self, text: str) -> str:
        """The text as the patterns read it (the pack's transliteration; lower case is left to IGNORECASE)."""
        return text.translate(self._table) if self._table else text

    def match(self, key: str, text: str) -> bool:
        """Does any pattern of `key` occur in `text`? (One search of their alternation where they can be
        joined: no group references or inline flags; a text asked again is answered from memory.)"""
        found = self._matched.get((key, text))
        if found is None:
            if len(self._matched) > _MEMO_MAX:
                self._matched.clear()
            norm = self.norm(text)
            joined = self._any.get(key)
            if joined is not None:
                found = joined.search(norm, timeout=1.0) is not None
            else:
                found = any(p.search(norm, timeout=1.0) for p in self.cues[key])
            self._matched[(key, text)] = found
        return found

    def split(self, text: str) -> list[tuple[int, int]]:
        """Clause spans of a sentence, cut at `clause_breaks` (lengths kept: normalize is one char -> text)."""
        norm = self.norm(text)
        scale = len(text) / len(norm) if norm else 1.0
        cuts = sorted({m.end() for p in self.cues["clause_breaks"] for m in p.finditer(norm, timeout=1.0)})
        edges = [0] + [round(c * scale) for c in cuts] + [len(text)]
        return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]

    def group(self, phrase: str) -> str:
        """The §9 group of a counted noun phrase: the entry matching last (then longest), else unknown."""
        phrase = self.norm(phrase or "")
        best, best_key = "unknown", (-1, 0)
        for group, pattern in self._groups:
            for m in pattern.finditer(phrase, timeout=1.0):
                key = (m.end(), m.end() - m.start())
                if key > best_key:
                    best, best_key = group, key
        return best


#: what a pattern may not hold to be joined with others: a numbered or named group reference, a named
#: group, an inline flag (each would mean something else inside one alternation)
_UNJOINABLE = regex.compile(r"\\[1-9]|\\g<|\(\?P|\(\?<[^=!]|\(\?[a-zA-Z^]")


def _one_of(patterns: list[str]) -> regex.Pattern | None:
    """`any(p.search(t) for p in patterns)` as one regex, or None when they cannot be joined."""
    if not patterns or any(_UNJOINABLE.search(str(p)) for p in patterns):
        return None
    try:
        return regex.compile("|".join(f"(?:{p})" for p in patterns), regex.IGNORECASE | regex.V0)
    except regex.error:
        return None


def _word_pattern(words) -> regex.Pattern:
    """Words and phrases (a word ending in * = any ending: "pripadni* MUP-a") as one alternation on
    word boundaries."""
    parts = []
    for word in sorted({str(w) for w in words}, key=len, reverse=True):
        parts.append(r"\s+".join(regex.escape(w[:-1]) + r"\w*" if w.endswith("*") and len(w) > 1 else regex.escape(w)
                                 for w in word.split()))
    return regex.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", regex.IGNORECASE)


def _chain(lang: str, root: Path) -> list[str]:
    """The pack and its ancestors, root first (common has no tolls.yaml, which is fine)."""
    chain: list[str] = []
    seen: set[str] = set()
    at: str | None = lang
    while at and at not in seen:
        seen.add(at)
        chain.append(at)
        meta = root / at / "pack.yaml"
        data = pack_yaml.read(meta).data if meta.is_file() else {}
        at = (data or {}).get("inherits") or (None if at == "common" else "common")
    return chain[::-1]


@functools.lru_cache(maxsize=None)
def _load(lang: str, root: str) -> TollPack:
    from .packs import _merge  # the one merge policy of every pack file

    base = Path(root)
    merged: dict = {}
    normalize: dict = {}
    source = str(base / lang / "tolls.yaml")
    for code in _chain(lang, base):
        meta = base / code / "pack.yaml"
        if meta.is_file():
            normalize.update((pack_yaml.read(meta).data or {}).get("normalize") or {})
        path = base / code / "tolls.yaml"
        if not path.is_file():
            continue
        doc = pack_yaml.read(path)
        if doc.data is not None and not isinstance(doc.data, dict):
            raise PackError(str(path), "top level must be a mapping", line=doc.line())
        _S.check(SCHEMA, doc)
        merged = _merge(merged, doc.data or {}, str(path))
    return TollPack(lang, merged, normalize, source)


def load(lang: str) -> TollPack:
    """The compiled tolls section of `lang` (cached per patterns folder)."""
    from .packs import patterns_dir

    return _load(lang, str(patterns_dir()))
