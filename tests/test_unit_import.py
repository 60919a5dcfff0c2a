"""quantulum3's English unit vocabulary, imported as surface -> pint name, checked against real pint."""
import importlib.util
import json
from pathlib import Path

import pint
import pytest
import yaml

from figures.packs import patterns_dir

from figures import unit_import as ui

CURRENCIES = [  # what our currency registry is expected to define (pint has none built in)
    "dollar = [currency_USD] = USD = US_dollar", "euro = [currency_EUR] = EUR",
    "pound_sterling = [currency_GBP] = GBP", "yen = [currency_JPY] = JPY",
    "swiss_franc = [currency_CHF] = CHF", "yuan = [currency_CNY] = CNY",
]
AREAS = ["square_kilometer = kilometer ** 2", "square_meter = meter ** 2",  # norm units of FIGURES_SPEC §2
         "cubic_meter = meter ** 3", "cubic_kilometer = kilometer ** 3"]


@pytest.fixture(scope="module")
def ureg():
    reg = pint.UnitRegistry()
    for definition in CURRENCIES + AREAS:
        reg.define(definition)
    return reg


@pytest.fixture(scope="module")
def is_known(ureg):
    def known(name: str) -> bool:
        try:
            return name in ureg
        except (pint.errors.DefinitionSyntaxError, pint.errors.UndefinedUnitError, ValueError, TypeError):
            return False
    return known


@pytest.fixture(scope="module")
def surfaces(is_known):
    return ui.quantulum_surfaces(is_known)


def _quantulum_units():
    qdir = Path(importlib.util.find_spec("quantulum3").submodule_search_locations[0])
    data = yaml.safe_load((patterns_dir() / "common" / ui.DATA_NAME).read_text(encoding="utf-8"))
    return ui._load_units(qdir, data["prefixes"]), data


def test_at_least_as_broad_as_quantulum(surfaces, ureg, is_known, capsys):
    """Baseline independent of our mapping: every quantulum unit whose name pint parses as-is."""
    units, data = _quantulum_units()
    dropped_on_purpose = {n for n, t in data["units"].items() if t is None}
    baseline = {ureg.get_name(n.replace(" ", "_")) for n in units
                if n not in dropped_on_purpose and n.replace(" ", "_").isidentifier() and is_known(n.replace(" ", "_"))}
    ours = set(surfaces.values())
    with capsys.disabled():
        print(f"\nquantulum units: {len(units)}, mapped {len(units) - len(ui.DROPPED)}, dropped {len(ui.DROPPED)};"
              f" distinct pint units: ours {len(ours)}, pint-parsable quantulum names {len(baseline)};"
              f" surfaces {len(surfaces)} (names: unit_import.DROPPED, unit_import.AMBIGUOUS)")
    assert len(ours) >= len(baseline)
    assert baseline - ours == set()


@pytest.mark.parametrize("surface,unit", [
    ("miles", "mile"), ("kilometres", "kilometer"), ("kilometers", "kilometer"), ("km", "kilometer"),
    ("mph", "mile_per_hour"), ("miles per hour", "mile_per_hour"), ("kilometres per hour", "kilometer_per_hour"),
    ("square miles", "square_mile"), ("square kilometres", "square_kilometer"), ("acres", "acre"),
    ("hectares", "hectare"), ("degrees celsius", "degree_Celsius"), ("°c", "degree_Celsius"),
    ("tonnes", "metric_ton"), ("tons", "metric_ton"), ("metric tons", "metric_ton"), ("short tons", "ton"),
    ("feet", "foot"), ("litres", "liter"), ("hours", "hour"), ("days", "day"), ("years", "year"),
    ("percent", "percent"), ("dollars", "dollar"), ("euros", "euro"), ("pounds sterling", "pound_sterling"),
    ("yen", "yen"), ("swiss francs", "swiss_franc"), ("megawatts", "megawatt"), ("mm", "millimeter"),
])
def test_known_surfaces(surfaces, surface, unit):
    assert surfaces.get(surface) == unit


@pytest.mark.parametrize("trap", ["in", "a", "at", "m", "s", "h", "t", "won", "real", "time", "decade", "decades",
                                  "quarter", "quarters", "gray", "tesla", "degrees", "pound", "bars", "leagues"])
def test_traps_absent(surfaces, trap):
    assert trap not in surfaces


def test_keep_short_and_skip(is_known):
    got = ui.quantulum_surfaces(is_known, keep_short=frozenset({"m"}), skip=frozenset({"mph"}))
    assert got["m"] == "meter" and "mph" not in got


def _names(value: str) -> set[str]:
    """The unit names of a value: itself, or those of a composed expression ("metric_ton / day")."""
    return {w for w in value.replace("*", " ").replace("/", " ").split() if not w.isdigit()}


def test_every_value_is_canonical_pint_name(surfaces, ureg, is_known):
    """is_known accepts aliases (tonne, a, in); the data must name units as pint spells them, also
    inside a unit composed from quantulum's dimensions ("ton per day" -> "metric_ton / day")."""
    assert all(is_known(v) for v in surfaces.values())
    names = {n for v in set(surfaces.values()) for n in _names(v)}
    assert {n: ureg.get_name(n) for n in names if ureg.get_name(n) != n} == {}


@pytest.mark.parametrize("surface,unit", [
    ("tpd", "metric_ton / day"), ("kilobits per second", "kilobit / second"),
    ("inverse femtobarn", "1 / femtobarn"), ("kilograms per cubic metre", "kilogram / meter ** 3"),
])
def test_compound_units_composed_from_dimensions(surfaces, surface, unit):
    """A unit pint has no single name for is built from quantulum's own `dimensions` list."""
    assert surfaces.get(surface) == unit


@pytest.mark.parametrize("symbol,unit", [
    ("eV", "electron_volt"), ("MW", "megawatt"), ("mW", "milliwatt"), ("Gy", "gray"), ("cl", "centiliter"),
    ("L", "liter"), ("t", "metric_ton"), ("kWh", "kilowatt_hour"), ("Hz", "hertz"), ("psi", "pound_force_per_square_inch"),
])
def test_symbols_keep_their_case(is_known, symbol, unit):
    symbols = ui.quantulum_symbols(is_known, single=frozenset({"L", "t"}))
    assert symbols.get(symbol) == unit


@pytest.mark.parametrize("trap", ["A", "s", "N", "b", "¥", "den", "dam"])
def test_symbol_traps_absent(is_known, trap):
    """One letter only when the pack lists it; a symbol of two units or a dropped surface: never."""
    assert trap not in ui.quantulum_symbols(is_known, single=frozenset({"L", "t"}))


def test_surfaces_are_normalised(surfaces):
    assert all(s == " ".join(s.lower().split()) for s in surfaces)


def test_cached(is_known, surfaces):
    assert ui.quantulum_surfaces(is_known) is surfaces


def test_yaml_names_quantulum_units_that_exist():
    """Drift guard: an override for a unit quantulum no longer ships is a typo or stale."""
    units, data = _quantulum_units()
    assert set(data["units"]) - set(units) == set()
    codes = {u.get("currency_code") for u in units.values()} - {None}
    assert set(data["currencies"]) - codes == set()


def test_unit_import_does_not_import_pint():
    source = Path(ui.__file__).read_text(encoding="utf-8")
    assert "import pint" not in source and "quantulum3 import" not in source and "import quantulum3" not in source
    assert json  # quantulum data is JSON, read directly
