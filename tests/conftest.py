"""Shared test helpers: the repo root and a way to load packs from a scratch folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from figures import packs

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


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
