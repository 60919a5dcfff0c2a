"""Import quantulum3's English unit vocabulary as surface form -> pint unit name.

Why: the English unit lexicon must be at least as broad as quantulum3's, without
copying its lists by hand. quantulum3 is read as data (its JSON files), never
imported (its import is slow). Everything language- or unit-specific lives in
patterns/common/quantulum_units.yaml; pint is reached only through the caller's
``is_known`` so that figures/units.py stays the one module importing pint.
"""
from __future__ import annotations

import functools
import importlib.util
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from . import pack_schema as S
from . import pack_yaml
from . import units as unit_facts

DATA_NAME = "quantulum_units.yaml"  # in patterns/common/

#: quantulum unit names with no pint equivalent (or dropped by the yaml), filled on each call.
DROPPED: list[str] = []
#: surfaces dropped because they mapped to several pint units after lower-casing.
AMBIGUOUS: dict[str, set[str]] = {}


def _quantulum_dir() -> Path:
    spec = importlib.util.find_spec("quantulum3")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("quantulum3 is not installed; it is a dependency of figures")
    return Path(spec.submodule_search_locations[0])


def _load_units(qdir: Path, prefixes: dict[str, str]) -> dict[str, dict]:
    """Merge the general and en_US unit files and expand SI prefixes, as quantulum does."""
    units: dict[str, dict] = defaultdict(dict)
    for path in (qdir / "units.json", qdir / "_lang" / "en_US" / "units.json"):
        for name, unit in json.loads(path.read_text(encoding="utf-8")).items():
            units[name].update(unit)
            for p in unit.get("prefixes", []):
                units[prefixes[p] + name].update(
                    entity=unit["entity"],
                    surfaces=[prefixes[p] + s for s in unit.get("surfaces", [])],
                    symbols=[p + s for s in unit.get("symbols", [])])
    return units


def _common_words(qdir: Path) -> set[str]:
    """quantulum's list of frequent English words (google-10000 plus its JSON by length)."""
    lang = qdir / "_lang" / "en_US"
    words = {w.strip().lower() for w in (lang / "common-words.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")}
    for group in json.loads((lang / "common-words.json").read_text(encoding="utf-8")).values():
        words.update(w.lower() for w in group)
    return words


def _pint_name(name: str, unit: dict, data: dict, is_known: Callable[[str], bool],
               units: dict | None = None, depth: int = 0) -> str | None:
    """Overrides first, then currency codes, then the generic spelling transformation, then the
    unit's own `dimensions` composed into a pint expression ("ton per day" -> "metric_ton / day")."""
    if name in data["units"]:
        target = data["units"][name]
        return target if target and is_known(target) else None
    if unit.get("currency_code"):
        target = data["currencies"].get(unit["currency_code"])
    else:
        words = name.replace("-", " ").split()
        for wrong, right in data["spelling"].items():
            words = [w.replace(wrong, right) for w in words]
        target = "_".join(words)
        if not is_known(target) and len(words) > 1:  # degree celsius -> degree_Celsius
            target = "_".join(words[:-1] + [words[-1].capitalize()])
    if target and is_known(target):
        return target
    if units is None or depth > 2:
        return None
    return _composed(unit, data, is_known, units, depth)


def _composed(unit: dict, data: dict, is_known: Callable[[str], bool], units: dict, depth: int) -> str | None:
    """A compound unit from its quantulum `dimensions` (base, power), each base mapped as above:
    "kilometer / second ** 2", "joule * second", "1 / femtobarn"; a named ratio pint spells
    otherwise (common/units.yaml `compound_names`: "kilometer / hour" -> kilometer_per_hour) wins."""
    dims = unit.get("dimensions") or []
    if not dims or (len(dims) == 1 and dims[0].get("power", 1) == 1):
        return None
    top: list[str] = []
    bottom: list[str] = []
    for d in dims:
        base = d.get("base", "")
        target = _pint_name(base, units.get(base, {}), data, is_known, units, depth + 1)
        power = int(d.get("power", 1))
        if target is None or not power:
            return None
        term = target if abs(power) == 1 else f"{target} ** {abs(power)}"
        (top if power > 0 else bottom).append(term)
    expr = " * ".join(top) or "1"
    if bottom:
        expr += " / " + " / ".join(bottom)
    expr = unit_facts.named(expr)
    return expr if is_known(expr) else None


def _plurals(surface: str, suffixes: tuple[str, ...], data: dict, heads: set[str]) -> set[str]:
    """Plural forms: inflect the word before a connector (miles per hour) or the last word,
    and a leading word that is itself a unit (degrees celsius)."""
    words = surface.split(" ")
    positions = {len(words) - 1}
    for i, w in enumerate(words[1:], 1):
        if w in data["plural_connectors"]:
            positions = {i - 1}
            break
    if len(words) > 1 and words[0] in heads:
        positions.add(0)
    out: set[str] = set()
    irregular = data["irregular_plurals"]
    for i in positions:
        forms = [irregular[words[i]]] if words[i] in irregular else [words[i] + s for s in suffixes]
        out.update(" ".join(words[:i] + [f] + words[i + 1:]) for f in forms)
    return out


def quantulum_surfaces(is_known: Callable[[str], bool], **options) -> dict[str, str]:
    """surface form (lower-cased, single spaces) -> pint canonical unit name.

    Cached per patterns folder and argument tuple: pass the same ``is_known`` object each time."""
    from .paths import patterns_dir

    return _surfaces(str(patterns_dir()), is_known, **options)


def quantulum_symbols(is_known: Callable[[str], bool], *, skip=frozenset(), single=frozenset()) -> dict[str, str]:
    """Unit symbols as written, matched with their case ("MWh", "eV", "Gy", "cl", "L") -> pint name.

    Case tells them apart where lower-casing cannot ("mW" milliwatt, "MW" megawatt; "Pa", "pA").
    A symbol in `skip` is dropped; one-character symbols are kept only when listed in `single`
    (a lone letter after a number is too often something else: "the 1990s", "5 A", "40 N")."""
    from .paths import patterns_dir

    symbols = _symbols(str(patterns_dir()), is_known)
    return {sym: target for sym, target in symbols.items()
            if sym not in skip and (len(sym) > 1 or sym in single)}


@functools.lru_cache(maxsize=4)
def _read(root: str, is_known: Callable[[str], bool]) -> tuple[dict, dict, dict[str, str | None]]:
    """(quantulum units, our data, quantulum name -> pint name or None), once per patterns folder."""
    doc = pack_yaml.read(Path(root) / "common" / DATA_NAME)
    S.check(SCHEMA, doc)
    data: dict[str, Any] = {key: doc.data.get(key) or ({} if isinstance(spec, S.MapOf) else [])
                            for key, spec in SCHEMA.fields.items()}
    units = _load_units(_quantulum_dir(), data["prefixes"])
    return units, data, {name: _pint_name(name, unit, data, is_known, units) for name, unit in units.items()}


@functools.lru_cache(maxsize=4)
def _symbols(root: str, is_known: Callable[[str], bool]) -> dict[str, str]:
    units, data, targets = _read(root, is_known)
    found: dict[str, set[str]] = defaultdict(set)
    for name, unit in units.items():
        target = targets[name]
        if target is not None:
            for symbol in unit.get("symbols", []):
                found[" ".join(symbol.split())].add(target)
    dropped = {surface for surface, target in data["surfaces"].items() if target is None}
    result = {sym: next(iter(t)) for sym, t in found.items() if len(t) == 1 and sym.lower() not in dropped}
    for sym, target in data["symbols"].items():  # explicit decisions win
        if target is None:
            result.pop(sym, None)
        elif is_known(target):
            result[sym] = target
    return result


@functools.lru_cache(maxsize=8)
def _surfaces(root: str, is_known: Callable[[str], bool], *, plural_suffixes=("s", "es"), min_length=3,
              skip=frozenset(), keep_short=frozenset()) -> dict[str, str]:
    units, data, targets = _read(root, is_known)
    common = _common_words(_quantulum_dir())
    keep = set(keep_short) | set(data["keep_short"])
    heads = {s.lower() for u in units.values() for s in u.get("surfaces", []) if " " not in s}
    DROPPED.clear()
    AMBIGUOUS.clear()
    # surface -> {pint name: rank}; rank 2 = the unit's own quantulum name, 1 = its pint name, 0 = alias
    candidates: dict[str, dict[str, int]] = defaultdict(dict)
    for name, unit in units.items():
        target = targets[name]
        if target is None:
            DROPPED.append(name)
            continue
        pint_words = target.lower().replace("_", " ")
        own = {*unit.get("surfaces", [])} | ({pint_words} if target.isidentifier() else set())
        for surface in own:
            s = " ".join(surface.lower().split())
            rank = 2 if s == name.lower() else 1 if s == pint_words else 0
            if rank == 0 and s in common:  # "won", "real", "time", "pond" are words first
                continue
            for form in {s} | _plurals(s, plural_suffixes, data, heads):
                if rank or form not in common:
                    candidates[form][target] = max(candidates[form].get(target, 0), rank)
        for symbol in unit.get("symbols", []):
            candidates[" ".join(symbol.lower().split())].setdefault(target, 0)
    result: dict[str, str] = {}
    for surface, targets_ in candidates.items():
        if surface in skip or (len(surface) < min_length and surface not in keep):
            continue
        best = max(targets_.values())
        chosen = {t for t, r in targets_.items() if r == best}
        if len(chosen) == 1:
            result[surface] = chosen.pop()
        else:
            AMBIGUOUS[surface] = chosen
    for surface, target in data["surfaces"].items():  # explicit decisions win
        if target is None or surface in skip:
            result.pop(surface, None)
        elif is_known(target):
            result[surface] = target
    return result


#: The keys of common/quantulum_units.yaml (figures/pack_schema.py); a null unit or surface drops it.
SCHEMA = S.Fields({
    "prefixes": S.MapOf(S.TEXT, what="symbol"), "spelling": S.MapOf(S.TEXT, what="word"),
    "units": S.MapOf(S.TEXT, what="quantulum name"), "currencies": S.MapOf(S.TEXT, what="currency code"),
    "plural_connectors": S.WORDS, "irregular_plurals": S.MapOf(S.TEXT, what="word"), "keep_short": S.WORDS,
    "surfaces": S.MapOf(S.TEXT, what="surface"), "symbols": S.MapOf(S.TEXT, what="symbol"),
}, owner="figures/unit_import.py SCHEMA")
