"""figures: turn news text into a table of the figures in it.

    >>> import figures
    >>> figures.extract("Strikes killed at least 20 people.")[["text", "value", "low", "category"]]
"""
from __future__ import annotations

import pandas as pd

from . import packs, pipeline, table
from .errors import PackError
from .explain import Explanation
from .table import COLUMNS

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "explain", "mentions", "highlight", "languages", "read", "tolls", "COLUMNS",
           "MENTION_COLUMNS", "PackError", "__version__"]

#: Columns of figures.mentions(): singular victims, not rows of the figures table.
MENTION_COLUMNS = ["doc_id", "lang", "start", "end", "text", "object", "category", "sentence", "rule"]

from .langid import DEFAULT_LANG  # noqa: E402,F401  (kept as figures.DEFAULT_LANG)


def languages() -> list[str]:
    """Codes of the installed language packs."""
    return packs.languages()


def _lang(text: str, lang: str | None) -> str:
    from .langid import choose  # detect per document among the installed packs (figures/langid.py)
    return choose(text, lang)


def extract(text: str, lang: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
    """The figures of one text as a DataFrame with every column of FIGURES_SPEC §2."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    from .surrogates import scrub  # lone surrogates cannot be stored: each becomes U+FFFD

    text, doc_id = scrub(text), None if doc_id is None else scrub(str(doc_id))
    return table.to_frame(pipeline.run(text, _lang(text, lang), doc_id))


def mentions(text: str, lang: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
    """Singular victims named without a numeral ("a civilian was killed", "ubijen je policajac"): one row per
    person noun phrase in the victim role of a casualty event. Not rows of the figures table."""
    return _mention_frame(_mention_rows(text, lang, doc_id))


def _mention_rows(text: str, lang: str | None, doc_id: str | None) -> list[dict]:
    if not isinstance(text, str):
        raise TypeError(f"mentions() needs a str, got {type(text).__name__}")
    from .surrogates import scrub

    text, doc_id = scrub(text), None if doc_id is None else scrub(str(doc_id))
    return pipeline.mentions(text, _lang(text, lang), doc_id)


def _mention_frame(rows: list[dict]) -> pd.DataFrame:
    """Mention records as the typed frame of figures.mentions() (also many documents' at once: figures.tolls)."""
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    dtypes = {c: "string" for c in MENTION_COLUMNS} | {"start": "Int64", "end": "Int64"}
    return frame.astype(dtypes).astype({"category": pd.CategoricalDtype(table.CATEGORIES)})


def explain(text: str, lang: str | None = None) -> Explanation:
    """Every stage's intermediate results, with rule ids and why each dropped candidate was dropped.

    A dict of stage -> records that prints as text and displays as tables in a notebook.
    """
    trace: dict = {}
    pipeline.run(text, _lang(text, lang), None, trace)
    return Explanation(trace, text)


from . import accessor  # noqa: E402,F401  registers df.figures / series.figures
from .batch import extract_many  # noqa: E402  (uses extract above)
from .highlight import highlight  # noqa: E402  (the function; the module stays importable)
from .io import read  # noqa: E402
from .tolls import tolls  # noqa: E402  (document tolls, FIGURES_SPEC §9)
