"""Pack sections that become token classes: unit surfaces, qualifier cues, lexicon lists.

units.yaml `units` (canonical pint name -> surfaces), `case_sensitive`
surfaces ("KM" -> BAM while "km" stays kilometer), `prefix` currency symbols
and the `prefix_scales` letters read after them ("$2.174T"),
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


def units(cfg: dict, source: str, lex: Lexicon, is_known, imported: dict | None = None,
          imported_cased: dict | None = None) -> tuple[dict, dict]:
    """Unit classes. Returns the class ids each of {unit}, {cur}, {head} tries (first wins on ties), and
    the surface -> unit tables (units, exact_units, prefix_units, heads) for units.warm and reports.
    `imported` holds surfaces matched in any case, `imported_cased` symbols matched as written
    (figures/unit_import.py); the pack's own `units` and `case_sensitive` win over both, `never`
    drops a surface from both."""
    tables: dict[str, dict[str, str]] = {"exact_units": {}, "prefix_units": {}, "heads": {}}
    table: dict[str, str] = dict(imported or {})
    own: dict[str, str] = {}
    for canonical, forms in (cfg.get("units", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=canonical)
        for form in forms or []:
            table[key(form)] = own[key(form)] = canonical
    for skip in cfg.get("never", []) or []:
        table.pop(key(skip), None)
    powers = cfg.get("powers", {}) or {}
    table = {**_powers(table, powers, is_known, glued=False), **table}
    lex.cls("unit.cased", cased=True)
    never = {key(w) for w in cfg.get("never", []) or []}
    cased_table = {sym: u for sym, u in (imported_cased or {}).items()
                   if key(sym) not in never and own.get(key(sym), u) == u}
    for canonical, forms in (cfg.get("case_sensitive", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=f"case_sensitive.{canonical}")
        for form in forms or []:
            cased_table[str(form)] = canonical
    cased_table = {**_powers(cased_table, powers, is_known, glued=True), **cased_table}
    for surface, canonical in table.items():
        lex.add("unit", surface, canonical)
    for form, canonical in cased_table.items():
        lex.add("unit.cased", form, canonical, cased=True)
        tables["exact_units"][form] = canonical
    lex.cls("cur")
    lex.cls("cur.cased", cased=True)
    for surface, canonical in (cfg.get("prefix", {}) or {}).items():
        if not is_known(canonical):
            raise PackError(source, f"pint does not know unit {canonical!r}", key=f"prefix.{surface}")
        # a symbol with letters is matched with its case ("TRY 300" is lira, "try 3" is not; "RM15", "Rs 500")
        cls = "cur.cased" if any(ch.isalpha() for ch in str(surface)) else "cur"
        lex.add(cls, str(surface), canonical, cased=cls == "cur.cased")
        tables["prefix_units"][key(surface)] = canonical
        if " " in str(surface).strip():
            lex.add(cls, str(surface).replace(" ", ""), canonical, cased=cls == "cur.cased")
    lex.cls("cur.scale")
    for letter, factor in (cfg.get("prefix_scales", {}) or {}).items():
        lex.add("cur.scale", str(letter), float(factor))
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
    return {"unit": [lex.names["unit.cased"], lex.names["unit"]], "cur": [lex.names["cur.cased"], lex.names["cur"]],
            "head": [lex.names["head"]]}, tables


def _powers(table: dict[str, str], powers: dict, is_known, glued: bool) -> dict[str, str]:
    """Squared and cubed forms of every length unit of `table`, from units.yaml `powers`: `before`
    words ("square miles", "cubic kilometres"), `after` words ("km squared", "km cubed") and, for
    symbols (`glued`: the case-sensitive table), marks written against them ("km^2", "km²", "cm3").
    The unit is the power under its spec name (common/units.yaml `compound_names`: square_kilometer,
    cubic_kilometer), else the pint expression ("nanometer ** 2"). Listed surfaces win."""
    from . import units as unit_facts

    if not powers:
        return {}
    out: dict[str, str] = {}
    for surface, canonical in table.items():
        try:
            if unit_facts.dimension(canonical) != "length":
                continue
        except Exception:  # an expression pint cannot reduce is no length
            continue
        for side, words in (("before", powers.get("before")), ("after", powers.get("after")),
                            ("glued", powers.get("glued") if glued else None)):
            for word, n in (words or {}).items():
                name = unit_facts.named(f"{canonical} ** {int(n)}")
                if not is_known(name):
                    continue
                form = (f"{word} {surface}" if side == "before" else f"{surface} {word}" if side == "after"
                        else f"{surface}{word}")
                out.setdefault(form if glued else key(form), name)
    return out


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
    "prefix_scales": S.NUMBER_MAP,
    "powers": S.Fields({side: S.NUMBER_MAP for side in ("before", "after", "glued")}),
    "import_quantulum3": S.Fields({"plural_suffixes": S.WORDS, "min_length": S.INT, "keep_short": S.WORDS,
                                   "skip": S.WORDS, "symbols_skip": S.WORDS, "symbols_single": S.WORDS}),
}
QUALIFIERS_SCHEMA = S.Fields({side: S.MapOf(S.WORDS, names=QUALIFIER_NAMES, what="qualifier")
                              for side in ("before", "after")}, owner="figures/classes.py QUALIFIERS_SCHEMA")
LEXICON_SCHEMA = S.MapOf(S.WORDS, what="list name")  # `case_sensitive` lists the names matched with their case
