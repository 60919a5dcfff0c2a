"""Shared test helpers: the repo root and a way to load packs from a scratch folder."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from figures import packs

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def news_texts(n: int) -> list[str]:
    """`n` English news passages: the shared dev-en gold set when ../shared is beside the checkout,
    else the paragraphs of the bundled seed stories (so a fresh clone has as many documents)."""
    gold = SHARED / "gold" / "dev-en.jsonl"
    if gold.is_file():
        texts = [json.loads(line)["text"] for line in gold.open(encoding="utf-8") if line.strip()]
    else:
        texts = [block.strip() for p in sorted((ROOT / "seeds").glob("0*.txt"))
                 for block in re.split(r"\n\s*\n", p.read_text(encoding="utf-8")) if block.strip()]
    if len(texts) < n:
        raise RuntimeError(f"only {len(texts)} passages for a test that needs {n}")
    return texts[:n]


@pytest.fixture
def scratch_patterns(tmp_path, monkeypatch):
    """A copy of patterns/ in tmp_path, active through FIGURES_PATTERNS, caches cleared."""
    dest = tmp_path / "patterns"
    shutil.copytree(packs.patterns_dir(), dest)
    monkeypatch.setenv("FIGURES_PATTERNS", str(dest))
    packs._load.cache_clear()
    yield dest
    monkeypatch.delenv("FIGURES_PATTERNS")
    packs._load.cache_clear()


@pytest.fixture(scope="session")
def dask_cluster():
    """One real two-worker `distributed.LocalCluster` for every Dask test (skipped without the extra)."""
    distributed = pytest.importorskip("distributed", reason="the `dask` extra (distributed) is not installed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=50)
    yield cluster
    cluster.close()
