"""The engine's results for the last documents read, for a later stage that reads them again.

`figures.tolls(table, text=...)` looks for the singular victims of each document (`figures.mentions`),
which needs the engine's candidates of that document: the ones `figures.extract`/`extract_many` found a
moment before in the same process (the report command, `figures tolls`, a notebook cell extracting then
tolling). `pipeline.run` remembers the last documents' working text and candidates here (a bounded
store: at most `MAX_CHARS` characters of text and `MAX_DOCS` documents, oldest forgotten first), and
`pipeline.mentions` takes them instead of running the engine again. The key is the pack and the exact
text, so an answer is always the one the engine would give again.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

MAX_CHARS = 2_000_000
MAX_DOCS = 2048

_store: OrderedDict = OrderedDict()  # (id(pack), text) -> (pack, result)
_chars = [0]
_lock = threading.Lock()


def remember(pack, text: str, result) -> None:
    """Keep `result` (the engine's output for `text` under `pack`) while there is room."""
    if len(text) > MAX_CHARS:
        return
    key = (id(pack), text)
    with _lock:
        if key in _store:
            _store.move_to_end(key)
            _store[key] = (pack, result)
            return
        _store[key] = (pack, result)
        _chars[0] += len(text)
        while _chars[0] > MAX_CHARS or len(_store) > MAX_DOCS:
            (_, old), _ = _store.popitem(last=False)
            _chars[0] -= len(old)


def recall(pack, text: str):
    """What `remember` kept for `text` under this very pack, or None."""
    with _lock:
        found = _store.get((id(pack), text))
    if found is None or found[0] is not pack:  # an id reused by a later pack
        return None
    return found[1]


def forget() -> None:
    """Drop everything kept (tests; a caller freeing memory)."""
    with _lock:
        _store.clear()
        _chars[0] = 0
