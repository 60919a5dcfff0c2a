"""Errors users can act on."""
from __future__ import annotations


class PackError(ValueError):
    """A language pack that cannot be loaded: names the file, the rule and the key."""

    def __init__(self, file: str, message: str, *, rule: str | None = None, key: str | None = None):
        self.file, self.rule, self.key = file, rule, key
        where = file + (f" rule {rule}" if rule else "") + (f" key {key!r}" if key else "")
        super().__init__(f"{where}: {message}")
