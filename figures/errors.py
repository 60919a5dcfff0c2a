"""Errors users can act on."""
from __future__ import annotations


class PackError(ValueError):
    """A language pack that cannot be loaded: names the file (and line), the rule and the key."""

    def __init__(self, file: str, message: str, *, rule: str | None = None, key: str | None = None,
                 line: int | None = None):
        self.file, self.rule, self.key, self.line, self.message = file, rule, key, line, message
        super().__init__(message)

    def __reduce__(self):  # survives a worker process
        return (_rebuild, (self.file, self.message, self.rule, self.key, self.line))

    def __str__(self) -> str:
        # built on demand: the loader adds the line of a rule found wrong after its file was read
        where = self.file + (f":{self.line}" if self.line else "") + (f" rule {self.rule}" if self.rule else "")
        return where + (f" key {self.key!r}" if self.key else "") + f": {self.message}"


def _rebuild(file, message, rule, key, line) -> PackError:
    return PackError(file, message, rule=rule, key=key, line=line)


class RuleTimeout(TimeoutError):
    """A rule's regex ran out of time on a document: the document is reported, the batch goes on.

    A TimeoutError (so an OSError): `extract_many` and the command record it in
    the errors table with stage `extract` instead of stopping.
    """

    def __init__(self, rule: str, start: int, end: int, seconds: float):
        self.rule, self.start, self.end, self.seconds = rule, start, end, seconds
        super().__init__(f"rule {rule} timed out after {seconds:.1f} s on characters {start}-{end} "
                         "(a pattern that backtracks on this input; please report it)")
