"""Scores the shared gold sets with ../shared/tools/score.py; fails below the floors in gold_floors.json.

The floors are only ever raised: they record the best the extractor has
reached, so a change that loses accuracy fails here.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLOORS = {k: v for k, v in json.loads((Path(__file__).parent / "gold_floors.json").read_text()).items()
          if not k.startswith("_")}


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").is_file(),
                    reason="../shared (gold sets and scorer) is not beside this checkout")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_floor(name):
    gold, _, lang = name.partition(":")
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), str(SHARED / "gold" / gold), "--api", "--json"]
    if lang:
        cmd += ["--lang", lang]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    scores = json.loads(out.stdout.strip().splitlines()[-1])
    for metric, floor in FLOORS[name].items():
        assert scores[metric] >= floor, f"{name} {metric} {scores[metric]:.3f} fell below its floor {floor}"
