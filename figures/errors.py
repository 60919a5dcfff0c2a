"""Errors users can act on."""
from __future__ import annotations


class PackError(ValueError):
    """A language pack that cannot be loaded: names the file, the rule and the key."""

    def __init__(self, file: str, message: str, *, rule: str | None = None, key: str | None = None):
        self.file, self.rule, self.key = file, rule, key
        where = file + (f" rule {rule}" if rule else "") + (f" key {key!r}" if key else "")
        super().__init__(f"{where}: {message}")


class RuleTimeout(TimeoutError):
    """A rule's regex ran out of time on a document: the document is reported, the batch goes on.

    A TimeoutError (so an OSError): `extract_many` and the command record it in
    the errors table with stage `extract` instead of stopping.
    """

    def __init__(self, rule: str, start: int, end: int, seconds: float):
        self.rule, self.start, self.end, self.seconds = rule, start, end, seconds
        super().__init__(f"rule {rule} timed out after {seconds:.1f} s on characters {start}-{end} "
                         "(a pattern that backtracks on this input; please report it)")
