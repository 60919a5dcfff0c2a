"""The layering contract in pyproject.toml holds: engine below I/O below interfaces, no import cycle.

import-linter reads `[tool.importlinter]`; a module that imports upwards (the engine reaching
into the command line, I/O into the notebook accessor) or closes a cycle fails this test.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def _contracts() -> list[dict]:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_contracts_are_kept(capsys, monkeypatch):
    cli = pytest.importorskip("importlinter.cli", reason="the test extra (import-linter) is not installed")
    monkeypatch.chdir(ROOT)
    code = cli.lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_every_layer_names_a_module():
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    names = [n.strip() for layer in layers["layers"] for n in layer.replace("|", ":").split(":")]
    missing = [n for n in names if not ((ROOT / "figures" / f"{n}.py").is_file() or (ROOT / "figures" / n).is_dir())]
    assert not missing, f"layers name modules that do not exist: {missing}"

