"""The package is typed (figures/py.typed): mypy finds no error in figures/ (settings in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # mypy over the whole package: ~15 s
def test_mypy_finds_no_error():
    pytest.importorskip("mypy", reason="the test extra (mypy) is not installed")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_package_says_it_is_typed():
    assert (ROOT / "figures" / "py.typed").is_file()
