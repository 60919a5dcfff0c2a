"""Pack sections that become token classes: unit surfaces, qualifier cues, lexicon lists.

units.yaml `units` (canonical pint name -> surfaces), `case_sensitive`
surfaces ("KM" -> BAM while "km" stays kilometer), `prefix` currency symbols,
`heads` x `head_endings` (the unit half of a compound: "dnevn" + "e");
qualifiers.yaml `before` / `after` cues; lexicon.yaml named word lists
(`case_sensitive: [month, ...]` lists those matched with their case). Each
becomes a class of the pack's `Lexicon`; `is_known` (pint) is passed in, so
this module needs no registry of its own.
"""
from __future__ import annotations

from . import pack_schema as S
from .errors import PackError
from .tokens import Lexicon

QUALIFIER_NAMES = {"exact", "approx", "at_least", "more_than", "at_most", "less_than"}
BUILTIN = {"num", "fraction", "vague", "clock", "hour", "unit", "cur", "qual", "post", "stem", "head", "word", "rest",
           "multiple"}


def key(text) -> str:
    return " ".join(str(text).lower().split())


def units(cfg: dict, source: str, lex: Lexicon, is_known, imported: dict | None = None) -> tuple[dict, dict]:
    """Unit classes. Returns the class ids each of {unit}, {cur}, {head} tries (first wins on ties), and
    the surface -> unit tables (units, exact_units, prefix_units, heads) for units.warm and reports."""
    tables: dict[str, dict[str, str]] = {"exact_units": {}, "prefix_units": {}, "heads": {}}
    table: dict[str, str] = dict(imported or {})
    for canonical, forms in (cfg.get("units", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=canonical)
        for form in forms or []:
            table[key(form)] = canonical
    for skip in cfg.get("never", []) or []:
        table.pop(key(skip), None)
    for surface, canonical in table.items():
        lex.add("unit", surface, canonical)
    lex.cls("unit.cased", cased=True)
    for canonical, forms in (cfg.get("case_sensitive", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=f"case_sensitive.{canonical}")
        for form in forms or []:
            lex.add("unit.cased", str(form), canonical, cased=True)
            tables["exact_units"][str(form)] = canonical
    lex.cls("cur")
    for surface, canonical in (cfg.get("prefix", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=f"prefix.{surface}")
        lex.add("cur", str(surface), canonical)
        tables["prefix_units"][key(surface)] = canonical
        if " " in str(surface).strip():
            lex.add("cur", str(surface).replace(" ", ""), canonical)
    endings = [""] + [key(e) for e in cfg.get("head_endings", []) or []]
    lex.cls("head")
    for canonical, forms in (cfg.get("heads", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=f"heads.{canonical}")
        for form in forms or []:
            for ending in endings:
                lex.add("head", key(form) + ending, canonical)
            tables["heads"][key(form)] = canonical
    tables["units"] = table
    return {"unit": [lex.names["unit.cased"], lex.names["unit"]], "cur": [lex.names["cur"]],
            "head": [lex.names["head"]]}, tables


def qualifiers(cfg: dict, source: str, lex: Lexicon) -> dict[str, dict[str, str]]:
    """{qual} (before the number) and {post} (after it) cue classes; returns the cue tables."""
    out: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    for side, cls in (("before", "qual"), ("after", "post")):
        lex.cls(cls)
        for qual, cues in (cfg.get(side, {}) or {}).items():
            if qual not in QUALIFIER_NAMES:
                raise PackError(source, f"unknown qualifier {qual!r}", key=f"{side}.{qual}")
            for cue in cues or []:
                out[side][key(cue)] = qual
                lex.add(cls, str(cue), qual)
    return out


def lists(cfg: dict, source: str, lex: Lexicon) -> dict[str, int]:
    """lexicon.yaml: every named list becomes a class a rule names as {name}."""
    cased = set(cfg.get("case_sensitive", []) or [])
    out: dict[str, int] = {}
    for name, words in (cfg or {}).items():
        if name == "case_sensitive":
            continue
        if name in BUILTIN:
            raise PackError(source, "name clashes with a built-in class", key=name)
        if not isinstance(words, list):
            raise PackError(source, f"a lexicon entry must be a list of words, got {type(words).__name__}", key=name)
        out[name] = lex.cls("lex." + name, cased=name in cased)
        for word in words:
            lex.add("lex." + name, str(word), cased=name in cased)
    return out


# The keys of the sections this module reads (figures/pack_schema.py); a new key is declared here.
# units.yaml also holds `dimensions` and `normalize_to`, read by units.py (units.SCHEMA).
UNITS_SCHEMA = {
    "units": S.WORD_MAP, "prefix": S.MapOf(S.TEXT, what="symbol"), "never": S.WORDS,
    "case_sensitive": S.WORD_MAP, "heads": S.WORD_MAP, "head_endings": S.WORDS,
    "import_quantulum3": S.Fields({"plural_suffixes": S.WORDS, "min_length": S.INT, "keep_short": S.WORDS,
                                   "skip": S.WORDS}),
}
QUALIFIERS_SCHEMA = S.Fields({side: S.MapOf(S.WORDS, names=QUALIFIER_NAMES, what="qualifier")
                              for side in ("before", "after")}, owner="figures/classes.py QUALIFIERS_SCHEMA")
LEXICON_SCHEMA = S.MapOf(S.WORDS, what="list name")  # `case_sensitive` lists the names matched with their case
