"""A token-shape regex under a timeout that means "this pattern backtracks", nothing else.

`regex`'s timeout is wall-clock time, and a match that released the GIL needs
it back before it can check: in a threaded server, a neighbour holding the GIL
for a second (a big `json.dumps`, a cold pack compile) would make ordinary
news time out. So a timeout counts only when this thread really spent the
time on the CPU; otherwise the match is simply tried again. Only `regex`'s own
timeout becomes `PatternTimeout`: any other TimeoutError (a caller's SIGALRM
handler, a framework's deadline) passes through untouched.
"""
from __future__ import annotations

import time

_REGEX_MESSAGE = "regex timed out"


class PatternTimeout(TimeoutError):
    """A pattern used `seconds` of this thread's CPU time on one input."""


def fullmatch(pattern, text: str, seconds: float):
    """`pattern.fullmatch(text)` with at most `seconds` of CPU time (see the module docstring)."""
    spent_from = time.thread_time()
    while True:
        try:
            return pattern.fullmatch(text, timeout=seconds)
        except TimeoutError as err:
            if type(err) is not TimeoutError or str(err) != _REGEX_MESSAGE:
                raise  # not regex's: someone else's deadline
            if time.thread_time() - spent_from >= seconds:
                raise PatternTimeout(f"{_REGEX_MESSAGE} after {seconds:g} CPU seconds") from None
            # the wall clock ran out while another thread held the GIL: not this pattern's fault
