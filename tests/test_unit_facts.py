"""pint's answers (dimension, conversion factor) come at pack load, from a facts file when one
exists: a process that meets only known units never builds pint's registry."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from figures import packs, units

ROOT = Path(__file__).resolve().parent.parent
SNIPPET = (
    "import sys, figures; df = figures.extract('Strikes killed 20 people 35 miles away in 6 hours.', lang='en'); "
    "print(df['norm_value'].tolist(), 'pint' in sys.modules)"
)


def _run(cache: Path) -> str:
    env = dict(os.environ, FIGURES_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env,
                          check=True, cwd=ROOT).stdout.strip()


def test_second_process_needs_no_pint(tmp_path):
    packs.load("en")  # compiled packs are copied over, so the child does not compile them again
    folder = packs._cache_dir()
    for path in folder.glob("*.pickle") if folder else ():
        shutil.copy(path, tmp_path / path.name)
    first = _run(tmp_path)
    assert first.endswith("True")  # compiled the pack, asked pint, wrote the facts
    facts = json.loads(next(tmp_path.glob("units-*.json")).read_text(encoding="utf-8"))
    assert facts["dimension"]["mile"] == "length" and facts["factor"]["mile>kilometer"] == pytest.approx(1.609344)
    second = _run(tmp_path)
    assert second.endswith("False")  # same table, pint never imported
    assert second.rsplit(" ", 1)[0] == first.rsplit(" ", 1)[0]


def test_warm_covers_every_unit_of_the_pack():
    pack = packs.load("en")
    found = units.pack_units(pack)
    assert {"mile", "kilometer", "hour", "dollar", "percent"} <= found
    units.warm(pack)
    for unit in found:
        assert unit in units._DIMS


def test_facts_agree_with_pint():
    ureg = units.registry()
    for unit in sorted(units.pack_units(packs.load("en")))[:40]:
        dim = units.dimension(unit)
        assert dim == units._pint_dimension(unit)
        target = (units._config().get("normalize_to") or {}).get(dim)
        if target and target != unit:
            want = float(ureg.Quantity(1.0, unit).to(target).magnitude)
            assert units.normalize(2.0, unit, dim) == (pytest.approx(2 * want), target)


def test_old_facts_files_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(tmp_path))
    for i in range(3):
        (tmp_path / f"units-old{i}.json").write_text("{}", encoding="utf-8")
        os.utime(tmp_path / f"units-old{i}.json", (1000 + i, 1000 + i))
    monkeypatch.setattr(units, "_DIMS", {"mile": "length"})
    units._save_facts()
    left = sorted(p.name for p in tmp_path.glob("units-*.json"))
    assert len(left) == 2 and "units-old2.json" in left
