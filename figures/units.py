"""Canonical units, dimensions and normalisation: the only module that imports pint.

Packs map surface words to canonical pint names; pint never sees a raw word.
The registry is built once, lazily, with our currency definitions
(patterns/common/registry.txt: one dimension per currency, so no
conversion between them is ever invented). Conversion factors are cached.
"""
from __future__ import annotations

import functools
import math
from pathlib import Path

from . import pack_yaml
from .pack_schema import NUMBER_MAP, TEXT, WORDS, Choice, Fields, ListOf, MapOf
from .table import DIMENSIONS

_TARGETS_FILE = "units.yaml"


def _common_dir() -> Path:
    from .paths import patterns_dir

    return patterns_dir() / "common"


@functools.lru_cache(maxsize=1)
def registry():
    """The process-wide pint registry with our currencies defined."""
    import pint

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    path = _common_dir() / "registry.txt"
    if path.is_file():
        ureg.load_definitions(str(path))
    return ureg


@functools.lru_cache(maxsize=1)
def _config() -> dict:
    path = _common_dir() / _TARGETS_FILE
    return pack_yaml.read(path).data or {}


@functools.lru_cache(maxsize=None)
def is_known(name: str) -> bool:
    """True when `name` is a unit our registry defines (by its canonical name)."""
    try:
        registry().parse_units(name)
        return True
    except Exception:  # pint raises several unrelated types for unknown names
        return False


# ---- unit facts: what the pipeline asks pint, remembered on disk ----------------
# Building pint's registry costs ~0.85 s per process (and again in every -j worker), while a run
# only ever asks two things of it: a unit's dimension and its factor to the dimension's target.
# Those answers are computed once with pint and kept in a small JSON file beside the compiled
# packs (keyed by pint's version, our registry, units.yaml and this file), so a process that
# meets only known units never imports pint. `warm(pack)` fills them at pack load.

_DIMS: dict[str, str] = {}  # unit -> dimension
_FACTORS: dict[str, float] = {}  # "unit>target" -> factor
_STATE = {"loaded": False, "dirty": False}


def _facts_path() -> Path | None:
    import hashlib
    from importlib import metadata

    from .cache import trusted_folder as _cache_dir

    folder = _cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256()
    try:
        h.update(metadata.version("pint").encode())
    except metadata.PackageNotFoundError:
        h.update(b"none")
    for path in (_common_dir() / "registry.txt", _common_dir() / _TARGETS_FILE, Path(__file__)):
        h.update(path.read_bytes() if path.is_file() else b"-")
    return folder / f"units-{h.hexdigest()[:24]}.json"


def _load_facts() -> None:
    import json

    _STATE["loaded"] = True
    path = _facts_path()
    if path is None:
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        _DIMS.update(data["dimension"])
        _FACTORS.update(data["factor"])
    except (OSError, ValueError, KeyError, TypeError):
        return  # none yet, or unreadable: computed afresh


def _save_facts() -> None:
    import json
    import os
    import tempfile

    _STATE["dirty"] = False
    path = _facts_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".units-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"dimension": _DIMS, "factor": _FACTORS}, fh)
        os.replace(tmp, path)
        older = sorted((p for p in path.parent.glob("units-*.json") if p != path),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[1:]:  # the newest other one stays (a second patterns folder)
            stale.unlink()
    except OSError:
        return  # a read-only cache folder: pint answers again next time


def named(expr: str) -> str:
    """A composed unit under the name pint gives it where the spec uses one ("kilometer / hour" ->
    kilometer_per_hour, common/units.yaml `compound_names`); any other expression unchanged."""
    return (_config().get("compound_names") or {}).get(expr, expr)


def is_share(unit: str) -> bool:
    """A share of a whole (common/units.yaml `shares`: percent, ppm ...): "5% a year" is no rate."""
    return unit in set(_config().get("shares") or ())


def part_of(sub: str, unit: str | None) -> float | None:
    """How much of one `unit` one `sub` is, when "N unit M sub" is one amount ("4 dollars 25 cents"
    = 4.25 dollars, "5 feet 3 inches"): a smaller unit of the same dimension, in a dimension of
    common/units.yaml `joined_dimensions` (durations stay two figures: "21 years and six months")."""
    if unit is None or sub == unit or dimension(unit) not in set(_config().get("joined_dimensions") or ()):
        return None
    factor = _factor(sub, unit)
    return factor if not math.isnan(factor) and 0 < factor < 1 else None


def dimension(unit: str | None) -> str:
    """The spec's dimension for a canonical unit: length, area, ..., currency, ratio."""
    if unit is None:
        return "count"
    found = _DIMS.get(unit)
    if found is None:
        if not _STATE["loaded"]:
            _load_facts()
            found = _DIMS.get(unit)
        if found is None:
            found = _DIMS[unit] = _pint_dimension(unit)
            _STATE["dirty"] = True
    return found


def _pint_dimension(unit: str) -> str:
    dims = dict(registry().parse_units(unit).dimensionality)
    for entry in _config().get("dimensions", []):
        if dims == (entry.get("pint") or {}):
            return entry["dimension"]
    if len(dims) == 1 and next(iter(dims)).startswith("[currency"):
        return "currency"
    return "other"


def _factor(unit: str, target: str) -> float:
    key = f"{unit}>{target}"
    found = _FACTORS.get(key)
    if found is None:
        if not _STATE["loaded"]:
            _load_facts()
            found = _FACTORS.get(key)
        if found is None:
            ureg = registry()
            try:
                found = float(ureg.Quantity(1.0, unit).to(target).magnitude)
            except Exception:  # a rate keeps its numerator's dimension ("5.5 kg/cm³" is mass): no conversion
                found = math.nan
            _FACTORS[key] = found
            _STATE["dirty"] = True
    return found


def normalize(value: float | None, unit: str | None, dim: str) -> tuple[float | None, str | None]:
    """(norm_value, norm_unit): converted to the dimension's target unit, else unchanged."""
    target = (_config().get("normalize_to") or {}).get(dim)
    if unit is None or target is None or unit == target:
        return value, unit
    factor = _factor(unit, target)
    if math.isnan(factor):
        return value, unit
    if value is None:
        return None, target
    return value * factor, target


def pack_units(pack) -> set[str]:
    """Every canonical unit a compiled pack can emit (its unit tables and its rules' `emit.unit`)."""
    found: set[str] = set()
    for table in ("units", "prefix_units", "exact_units", "heads"):
        found.update(v for v in (getattr(pack, table, None) or {}).values() if isinstance(v, str))
    for rule in getattr(pack, "rules", None) or ():
        unit = (getattr(rule, "emit", None) or {}).get("unit")
        if isinstance(unit, str):
            found.add(unit)
    return found


def warm(pack) -> None:
    """Answer, at pack load, every dimension and conversion the pack's units can ask for, so no
    figure pays for pint's registry (~0.85 s) mid-run, in this process or in a -j worker: from
    the facts file when it has them, else from pint once (then written to the file)."""
    targets = _config().get("normalize_to") or {}
    for unit in sorted(pack_units(pack)):
        try:
            dim = dimension(unit)
            for d in {dim, "time_window"} if dim == "duration" else {dim}:
                if targets.get(d) and targets[d] != unit:
                    _factor(unit, targets[d])
        except Exception:  # a unit pint cannot convert is reported where it is used, as before
            continue
    if _STATE["dirty"]:
        _save_facts()


#: The keys of units.yaml this module reads (the rest are packs.py's); common/units.yaml holds them.
SCHEMA = {
    "dimensions": ListOf(Fields({"dimension": Choice(DIMENSIONS, "dimension"), "pint": NUMBER_MAP})),
    "normalize_to": MapOf(TEXT, names=DIMENSIONS, what="dimension"),
    "compound_names": MapOf(TEXT, what="unit expression"),
    "shares": WORDS,
    "joined_dimensions": WORDS,
}
