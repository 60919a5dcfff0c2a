"""Canonical units, dimensions and normalisation: the only module that imports pint.

Packs map surface words to canonical pint names; pint never sees a raw word.
The registry is built once, lazily, with our currency definitions
(patterns/common/registry.txt: one dimension per currency, so no
conversion between them is ever invented). Conversion factors are cached.
"""
from __future__ import annotations

import functools
from pathlib import Path

from . import pack_yaml
from .pack_schema import NUMBER_MAP, TEXT, Choice, Fields, ListOf, MapOf
from .table import DIMENSIONS

_TARGETS_FILE = "units.yaml"


def _common_dir() -> Path:
    from .packs import patterns_dir

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


@functools.lru_cache(maxsize=None)
def dimension(unit: str | None) -> str:
    """The spec's dimension for a canonical unit: length, area, ..., currency, ratio."""
    if unit is None:
        return "count"
    dims = dict(registry().parse_units(unit).dimensionality)
    for entry in _config().get("dimensions", []):
        if dims == (entry.get("pint") or {}):
            return entry["dimension"]
    if len(dims) == 1 and next(iter(dims)).startswith("[currency"):
        return "currency"
    return "other"


@functools.lru_cache(maxsize=None)
def _factor(unit: str, target: str) -> float:
    ureg = registry()
    return float(ureg.Quantity(1.0, unit).to(target).magnitude)


def normalize(value: float | None, unit: str | None, dim: str) -> tuple[float | None, str | None]:
    """(norm_value, norm_unit): converted to the dimension's target unit, else unchanged."""
    target = (_config().get("normalize_to") or {}).get(dim)
    if unit is None or target is None or unit == target:
        return value, unit
    if value is None:
        return None, target
    return value * _factor(unit, target), target


#: The keys of units.yaml this module reads (the rest are packs.py's); common/units.yaml holds them.
SCHEMA = {
    "dimensions": ListOf(Fields({"dimension": Choice(DIMENSIONS, "dimension"), "pint": NUMBER_MAP})),
    "normalize_to": MapOf(TEXT, names=DIMENSIONS, what="dimension"),
}
