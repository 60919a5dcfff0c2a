"""figures on quantulum3's own English test suite (benchmarks/peers.py): fails below the floors here.

Like tests/gold_floors.json the floors are only ever raised: they record the
value and value+unit F1 figures has reached (benchmarks/README.md), so a change
that loses units, currencies or rates on that suite fails here. quantulum3 is a
dependency, so its suite is always installed; quantulum3 itself is not run.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import peers  # noqa: E402

#: file -> (value F1, value+unit F1) floors
FLOORS = {
    "quantities.json": (0.95, 0.89),
    "quantities.ambiguity.json": (0.88, 0.74),
}


@pytest.mark.parametrize("file", sorted(FLOORS))
def test_peer_suite_floor(file):
    result = peers.score("figures", file)
    value, value_unit = FLOORS[file]
    shown = [f"{e['kind']} #{e['index']} {e['gold']} -> {e['predicted']}" for e in result["errors"]][:20]
    assert result["value"]["F1"] >= value, shown
    assert result["value_unit"]["F1"] >= value_unit, shown


def test_every_exclusion_names_a_gold_surface():
    """An exclusion that no longer matches a gold entry (a typo, or the suite changed) would hide nothing."""
    for (file, index, surface), why in peers.EXCLUDED.items():
        entry = peers.load_suite(file)[index]
        assert surface in [q["surface"] for q in entry["res"]], (file, index, surface)
        assert why
