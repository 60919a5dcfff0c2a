"""Run the atheris harness (tests/fuzz/fuzz_extract.py) for a bounded time, seeded from seeds/ and the packs.

Skipped when atheris is not importable. FIGURES_FUZZ_SECONDS sets the budget
(default 60; CI runs the default, a quick local run can use 10).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "fuzz" / "fuzz_extract.py"
SECONDS = int(os.environ.get("FIGURES_FUZZ_SECONDS", "60"))

pytestmark = pytest.mark.slow  # runs the fuzzer for FIGURES_FUZZ_SECONDS
atheris = pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris)")


def seed_corpus(folder: Path) -> int:
    """One file per seed document and pack example, prefixed with a byte choosing the pack."""
    from figures import packs

    langs = sorted(packs.languages())
    n = 0
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / f"seed-{n}").write_bytes(bytes([langs.index("en")]) + path.read_bytes()[:4000])
        n += 1
    for lang in langs:
        lines = [line for examples in sorted((ROOT / "patterns" / lang).glob("examples*.jsonl"))
                 for line in examples.read_text(encoding="utf-8").splitlines()]
        for line in lines:
            if line.strip():
                text = json.loads(line)["text"][:2000]
                (folder / f"seed-{n}").write_bytes(bytes([langs.index(lang)]) + text.encode("utf-8"))
                n += 1
    return n


def test_atheris_finds_no_crash_in_bounded_time(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert seed_corpus(corpus) > 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(HARNESS), str(corpus), f"-max_total_time={SECONDS}", "-rss_limit_mb=4096",
         "-timeout=30", f"-artifact_prefix={tmp_path}/"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=SECONDS + 240)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert proc.returncode == 0 and not crashes, f"{crashes}\n{proc.stderr[-4000:]}"
