"""Many documents in, one table out: the batch path behind extract_many and the command.

A document that fails never stops the batch; it lands in the errors table
with the stage and the reason, so documents in = documents with figures or
none + documents in error.
"""
from __future__ import annotations

import os
from typing import Iterable

import pandas as pd

from . import table

ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]


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
            from . import extract

            frames.append(extract(doc, lang=lang, doc_id=doc_id))
        except (ValueError, TypeError, OSError, UnicodeError) as e:
            errors.append({"doc_id": doc_id, "stage": stage, "error_type": type(e).__name__, "message": str(e)})
    result = table.concat(frames)
    if return_errors:
        return result, pd.DataFrame(errors, columns=ERROR_COLUMNS).astype("string")
    return result
