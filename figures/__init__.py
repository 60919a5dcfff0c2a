"""figures: turn news text into a table of the figures in it.

    >>> import figures
    >>> figures.extract("Strikes killed at least 20 people.")[["text", "value", "low", "category"]]
"""
from __future__ import annotations

import os
from typing import Iterable

import pandas as pd

from . import packs, pipeline, table
from .errors import PackError
from .table import COLUMNS

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "explain", "languages", "COLUMNS", "PackError", "__version__"]

DEFAULT_LANG = "en"


def languages() -> list[str]:
    """Codes of the installed language packs."""
    return packs.languages()


def _lang(text: str, lang: str | None) -> str:
    if lang is None:
        return DEFAULT_LANG
    if lang not in packs.languages():
        raise ValueError(f"unknown language {lang!r}; installed packs: {', '.join(packs.languages())}")
    return lang


def extract(text: str, lang: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
    """The figures of one text as a DataFrame with every column of FIGURES_SPEC §2."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    return table.to_frame(pipeline.run(text, _lang(text, lang), doc_id))


def explain(text: str, lang: str | None = None) -> dict:
    """Every stage's intermediate results, with rule ids and why each dropped candidate was dropped."""
    trace: dict = {}
    pipeline.run(text, _lang(text, lang), None, trace)
    return trace


def _documents(docs) -> Iterable[tuple[str, object]]:
    for i, doc in enumerate(docs):
        if isinstance(doc, tuple) and len(doc) == 2:
            yield str(doc[0]), doc[1]
        elif isinstance(doc, os.PathLike):
            yield str(doc), doc
        else:
            yield str(i), doc


def extract_many(docs, lang: str | None = None, return_errors: bool = False):
    """Figures of many documents in one table.

    `docs` holds texts, (doc_id, text) pairs or paths. A document that fails
    never stops the batch: it is reported in the errors table (doc_id, stage,
    error_type, message), returned when `return_errors` is true.
    """
    frames, errors = [], []
    for doc_id, doc in _documents(docs):
        stage = "read"
        try:
            if isinstance(doc, os.PathLike):
                from .io import read_document

                doc = read_document(doc)
            if not isinstance(doc, str):
                raise TypeError(f"expected text, a (doc_id, text) pair or a path, got {type(doc).__name__}")
            stage = "extract"
            frames.append(extract(doc, lang=lang, doc_id=doc_id))
        except (ValueError, TypeError, OSError, UnicodeError) as e:
            errors.append({"doc_id": doc_id, "stage": stage, "error_type": type(e).__name__, "message": str(e)})
    result = table.concat(frames)
    if return_errors:
        return result, pd.DataFrame(errors, columns=["doc_id", "stage", "error_type", "message"]).astype("string")
    return result
