"""pint's traps are pinned, and our registry (currencies, spelled-out areas) behaves."""
from __future__ import annotations

import pytest

import figures
from figures import units


def test_pint_ton_is_the_short_ton():
    ureg = units.registry()
    assert ureg.Quantity(1, "ton").to("kilogram").magnitude == pytest.approx(907.18474)
    assert ureg.Quantity(1, "metric_ton").to("kilogram").magnitude == pytest.approx(1000)


def test_pint_traps_are_not_words_we_use():
    ureg = units.registry()
    assert ureg.parse_units("decade").dimensionless  # logarithmic, not ten years
    assert str(ureg.parse_units("a")) == "year"
    assert str(ureg.parse_units("in")) == "inch"
    pack = figures.packs.load("en")
    for word in ("in", "a", "at", "decade", "ton", "degrees"):
        assert pack.unit_for(word) in (None, "metric_ton"), word
    assert pack.unit_for("tons") == "metric_ton"
    # "pounds" is the weight (pint's pound) unless a money cue makes it sterling (rules.yaml en.money.pounds)
    assert pack.unit_for("pounds") == "pound"


def test_currencies_are_ours_and_never_convert():
    assert units.dimension("dollar") == "currency"
    assert units.dimension("euro") == "currency"
    ureg = units.registry()
    with pytest.raises(Exception):
        ureg.Quantity(1, "dollar").to("euro")


@pytest.mark.parametrize("unit,dim,target", [
    ("mile", "length", "kilometer"), ("hour", "duration", "hour"), ("day", "duration", "hour"),
    ("metric_ton", "mass", "kilogram"), ("square_mile", "area", "square_kilometer"),
    ("hectare", "area", "square_kilometer"), ("mile_per_hour", "speed", "kilometer_per_hour"),
    ("percent", "ratio", "percent"), ("degree_Celsius", "temperature", "degree_Celsius"),
])
def test_dimension_and_normal_unit(unit, dim, target):
    assert units.dimension(unit) == dim
    _, norm_unit = units.normalize(1.0, unit, dim)
    assert norm_unit == target


def test_normalised_values():
    assert units.normalize(35, "mile", "length")[0] == pytest.approx(56.327, rel=1e-4)
    assert units.normalize(2, "day", "duration")[0] == pytest.approx(48)
    assert units.normalize(8, "hour", "time_window") == (8, "hour")
    assert units.normalize(5, None, "count") == (5, None)


def test_quantulum_vocabulary_is_imported():
    pack = figures.packs.load("en")
    for surface, unit in [("furlongs", "furlong"), ("kilowatts", "kilowatt"), ("nautical miles", "nautical_mile")]:
        assert pack.unit_for(surface) == unit
    df = figures.extract("the ship sailed 40 nautical miles and the plant makes 900 megawatts")
    assert set(df["unit"]) == {"nautical_mile", "megawatt"}
