"""Per-document budgets: a document that costs too much becomes an error row (stage `budget`),
and the batch goes on.

Two limits, checked per document, never per regex call:

- `chars`: a longer document is refused before any work;
- `seconds`: CPU time of the thread working on the document (not wall-clock
  time, so a busy machine or another thread holding the GIL never fails
  ordinary news). It is checked between pipeline stages (`check`, portable) and,
  where the OS gives a thread's CPU clock to another thread (Linux, BSD), by a
  watchdog thread that interrupts the work inside a stage, whichever engine
  runs it: the exception lands at the next Python instruction of the working
  thread.

The pack is loaded before a budget starts (a cold compile is not the
document's cost).
"""
from __future__ import annotations

import contextlib
import ctypes
import heapq
import itertools
import os
import threading
import time
from dataclasses import dataclass

SECONDS = 20.0  # CPU seconds per document (news costs about 5 microseconds a character); README: Reliability
CHARS = 2_000_000  # characters per document (a long report is 200,000)


class BudgetExceeded(Exception):
    """A document went over its budget; `batch` records it with stage `budget`."""

    def __str__(self) -> str:
        return super().__str__() or "over the CPU time budget of a document"


@dataclass(frozen=True)
class Limits:
    """A per-document budget; None (or 0) switches a limit off."""

    seconds: float | None = SECONDS
    chars: int | None = CHARS

    def refuse(self, text: str) -> None:
        """Raise BudgetExceeded when `text` is longer than `chars`."""
        if self.chars and len(text) > self.chars:
            raise BudgetExceeded(f"{len(text):,} characters, over the budget of {self.chars:,} a document")


DEFAULT = Limits()

_state = threading.local()


def check() -> None:
    """Raise BudgetExceeded when this thread's current document is over its CPU time (cheap)."""
    deadline = getattr(_state, "deadline", None)
    if deadline is not None and time.thread_time() > deadline:
        _state.deadline = None
        raise BudgetExceeded(_message(_state.seconds))


def _message(seconds: float) -> str:
    return f"over the budget of {seconds:g} CPU seconds a document"


@contextlib.contextmanager
def document(limits: Limits, text: str):
    """Run one document's work under `limits` in this thread."""
    limits.refuse(text)
    if not limits.seconds:
        yield
        return
    _state.seconds = limits.seconds
    _state.deadline = time.thread_time() + limits.seconds
    ticket = _WATCHDOG.arm(limits.seconds)
    try:
        yield
    finally:
        _WATCHDOG.disarm(ticket)
        _state.deadline = None


class _Watchdog:
    """One daemon thread per process: raises BudgetExceeded in a working thread whose CPU clock
    passed its document's deadline. Without per-thread CPU clocks it does nothing (`check` remains)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._armed: dict[int, tuple] = {}  # ticket -> (thread ident, clock id, deadline, seconds)
        self._order: list[tuple[float, int]] = []  # (wall time to look again, ticket)
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self.enabled = hasattr(time, "pthread_getcpuclockid")

    def arm(self, seconds: float) -> int | None:
        if not self.enabled:
            return None
        ident = threading.get_ident()
        try:
            clock = time.pthread_getcpuclockid(ident)
            deadline = time.clock_gettime(clock) + seconds
        except (OSError, OverflowError):
            return None
        when = time.monotonic() + seconds
        with self._lock:
            ticket = next(self._ids)
            self._armed[ticket] = (ident, clock, deadline, seconds)
            earliest = not self._order or when < self._order[0][0]
            heapq.heappush(self._order, (when, ticket))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="figures-budget", daemon=True)
                self._thread.start()
            elif earliest:  # the watchdog sleeps until the earliest deadline: wake it only for a nearer one
                self._wake.notify()
        return ticket

    def disarm(self, ticket: int | None) -> None:
        if ticket is not None:
            with self._lock:
                self._armed.pop(ticket, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._order and self._order[0][1] not in self._armed:
                    heapq.heappop(self._order)
                if not self._order:
                    self._wake.wait(60)
                    continue
                when, ticket = self._order[0]
                delay = when - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                heapq.heappop(self._order)
                ident, clock, deadline, _ = self._armed[ticket]
                try:
                    left = deadline - time.clock_gettime(clock)
                except OSError:  # the thread is gone
                    self._armed.pop(ticket)
                    continue
                if left > 0:  # it did not run all the time: look again when it could be over
                    heapq.heappush(self._order, (time.monotonic() + max(left, 0.01), ticket))
                    continue
                self._armed.pop(ticket)  # under the lock: disarm() cannot race with the raise
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(BudgetExceeded))


_WATCHDOG = _Watchdog()


def _after_fork() -> None:  # a forked worker gets a fresh watchdog (the parent's lock may be held)
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)
