"""The package is typed (figures/py.typed): mypy finds no error in figures/ (settings in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error():
    """In the default run, so a change that breaks typing is seen before CI (15 s the first time, then
    a second or two from mypy's incremental cache in .mypy_cache/)."""
    pytest.importorskip("mypy", reason="the test extra (mypy) is not installed")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_package_says_it_is_typed():
    assert (ROOT / "figures" / "py.typed").is_file()
