"""Where the language packs live: the one fact every layer may need, with no imports of its own.

packs.py loads packs from here; units.py and unit_import.py read
patterns/common/ from here too, so neither imports packs (no import cycle).
"""
from __future__ import annotations

import functools
import os
from pathlib import Path


def patterns_dir() -> Path:
    """FIGURES_PATTERNS, else the source tree's patterns/, else the copy installed with the package."""
    env = os.environ.get("FIGURES_PATTERNS")
    if env:
        return Path(env)
    return _default_patterns_dir()


@functools.lru_cache(maxsize=1)
def _default_patterns_dir() -> Path:
    # cached: load() calls patterns_dir() once per document, and these are two stat() calls
    here = Path(__file__).resolve().parent
    source = here.parent / "patterns"
    if (source / "common" / "pack.yaml").is_file():
        return source
    return here / "patterns"
