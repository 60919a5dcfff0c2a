"""Lone surrogates (U+D800-U+DFFF) in a text or a doc_id become U+FFFD, one character for one.

They come from `os.fsdecode` (file names that are not UTF-8), JSON `\\udXXX`
escapes and `surrogatepass` decodes; Arrow strings, UTF-8 files and Parquet
cannot hold them, so one such character would lose a whole chunk of output.
Replacing each by U+FFFD keeps every offset into the caller's text valid.
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """`text` with every surrogate code point replaced by U+FFFD (the same length)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def scrub_value(value: object) -> object:
    """`scrub` for a string, anything else unchanged (table cells)."""
    return scrub(value) if isinstance(value, str) else value
