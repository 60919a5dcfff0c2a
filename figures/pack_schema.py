"""The shape of pack files: unknown keys, categories, dimensions or qualifiers are PackErrors with file, key, line.

A typo in a pack must not be silent: `cardinal:` for `cardinals:` would drop
every number word, `persn_nouns:` would be ignored, a category `kiled:` would
become a NaN. This module is only the mechanism (a handful of spec types and
`check`); the keys of each section are declared by the module that reads
them, as a module-level `SCHEMA` (numbers.py for numbers.yaml, context.py for
categories.yaml, rules.py for rules.yaml and exclude.yaml, packs.py for the
rest), so a stage that learns a new key declares it beside the code that
reads it. Example:

    SCHEMA = Fields({"cardinals": MapOf(NUMBER), "connectors": WORDS,
                     "vague": Fields({"amounts": MapOf(NUMBER)})}, owner="figures/numbers.py SCHEMA")

`owner` is named in the unknown-key message, so whoever adds a key to a pack
file sees where to declare it.

`None` (a key written with no value) is accepted everywhere as "empty".
"""
from __future__ import annotations

import difflib
import re
from typing import Iterable

from .errors import PackError
from .pack_yaml import Document


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Spec:
    """Accepts anything; subclasses narrow it. `what` names the expected shape in messages."""

    what = "anything"

    def check(self, value, path: tuple, doc: Document) -> None:
        """Raise PackError if `value` (at `path` in `doc`) does not fit."""

    def fail(self, doc: Document, path: tuple, message: str, rule: str | None = None):
        raise PackError(doc.file, message, key=_dotted(path) or None, line=doc.line(*path), rule=rule)

    def _shape(self, value) -> str:
        names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
        return names.get(type(value), type(value).__name__)


class Scalar(Spec):
    """One value of the given Python types (bool is never a number)."""

    def __init__(self, *types: type, what: str = ""):
        self.types, self.what = types, what or " or ".join(t.__name__ for t in types)

    def check(self, value, path, doc):
        if value is None:
            return
        if (isinstance(value, bool) and bool not in self.types) or not isinstance(value, self.types):
            self.fail(doc, path, f"must be {self.what}, got {self._shape(value)} {value!r:.60}")


class Pattern(Scalar):
    """A string of one shape (a fraction "1/3", a single character ...)."""

    def __init__(self, pattern: str, what: str):
        super().__init__(str, what=what)
        self.pattern = re.compile(pattern)

    def check(self, value, path, doc):
        super().check(value, path, doc)
        if value is not None and not self.pattern.fullmatch(value):
            self.fail(doc, path, f"must be {self.what}, got {value!r:.60}")


class Choice(Spec):
    """One name from a closed vocabulary (a dimension, a category ...)."""

    def __init__(self, names: Iterable[str], what: str):
        self.names, self.what = frozenset(names), what

    def check(self, value, path, doc):
        if value is not None and value not in self.names:
            self.fail(doc, path, unknown(self.what, value, self.names))


class ListOf(Spec):
    def __init__(self, item: Spec, what: str = ""):
        self.item, self.what = item, what or f"a list of {item.what}"

    def check(self, value, path, doc):
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(doc, path, f"must be {self.what}, got {self._shape(value)}")
        for i, item in enumerate(value):
            self.item.check(item, path + (i,), doc)


class MapOf(Spec):
    """A mapping with free keys (words), or keys from `names` (qualifiers, categories ...)."""

    def __init__(self, value: Spec, names: Iterable[str] | None = None, what: str = "key"):
        self.value, self.names, self.key_what = value, frozenset(names) if names is not None else None, what
        self.what = f"a mapping of {what} to {value.what}"

    def check(self, value, path, doc):
        if value is None:
            return
        if not isinstance(value, dict):
            self.fail(doc, path, f"must be {self.what}, got {self._shape(value)}")
        for key, item in value.items():
            if self.names is not None and key not in self.names:
                self.fail(doc, path + (key,), unknown(self.key_what, key, self.names))
            self.value.check(item, path + (key,), doc)


class Fields(Spec):
    """A mapping with a closed set of keys, each with its own spec. `label` names the entry in errors
    (a rule's `id`). Extend with `Fields({...}).extend({"new_key": WORDS})`."""

    what = "a mapping"

    def __init__(self, fields: dict[str, Spec], label: str | None = None, what: str = "key",
                 owner: str | None = None):
        self.fields, self.label, self.key_what, self.owner = dict(fields), label, what, owner

    def extend(self, more: dict[str, Spec]) -> "Fields":
        clash = set(more) & set(self.fields)
        if clash:
            raise ValueError(f"keys declared twice: {sorted(clash)}")
        return Fields({**self.fields, **more}, self.label, self.key_what, self.owner)

    def check(self, value, path, doc):
        if value is None:
            return
        if not isinstance(value, dict):
            self.fail(doc, path, f"must be {self.what}, got {self._shape(value)} {value!r:.60}")
        rule = value.get(self.label) if self.label and isinstance(value.get(self.label), str) else None
        for key, item in value.items():
            if isinstance(key, str) and key.startswith("_"):
                continue  # loader bookkeeping (_source, _line)
            spec = self.fields.get(key)
            if spec is None:
                where = f"; the engine reads the keys declared in {self.owner}" if self.owner else ""
                self.fail(doc, path + (key,), unknown(self.key_what, key, self.fields) + where, rule=rule)
            spec.check(item, path + (key,), doc)


class Either(Spec):
    """The first of several specs that fits (e.g. a number or a fraction string)."""

    def __init__(self, *specs: Spec):
        self.specs = specs
        self.what = " or ".join(s.what for s in specs)

    def check(self, value, path, doc):
        for spec in self.specs:
            try:
                spec.check(value, path, doc)
                return
            except PackError:
                continue
        self.fail(doc, path, f"must be {self.what}, got {self._shape(value)} {value!r:.60}")


def unknown(what: str, name, known: Iterable) -> str:
    """'unknown category 'kiled'; did you mean 'killed'? (known: ...)'."""
    known = sorted(str(k) for k in known)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(known) if len(known) <= 30 else ", ".join(known[:30]) + ", ..."
    return f"unknown {what} {name!r}{hint} (known: {listed})"


def check(spec: Spec, doc: Document) -> None:
    """Validate one file against its declared spec (the whole file is the top-level mapping)."""
    spec.check(doc.data, (), doc)


# Shapes every pack file uses.
TEXT = Scalar(str, what="a string")
NUMBER = Scalar(int, float, what="a number")
INT = Scalar(int, what="a whole number")
WORD = Scalar(str, int, float, what="a word")
WORDS = ListOf(WORD, what="a list of words")
WORD_MAP = MapOf(WORDS, what="name")
AMOUNT = Either(NUMBER, Pattern(r"\s*\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?\s*", 'a fraction like "1/3"'))
NUMBER_MAP = MapOf(AMOUNT, what="word")


class Mapping(Spec):
    """Any mapping (its keys are checked by the code that reads it, e.g. rules.check_spec)."""

    what = "a mapping"

    def check(self, value, path, doc):
        if value is not None and not isinstance(value, dict):
            self.fail(doc, path, f"must be a mapping, got {self._shape(value)}: {value!r:.60}")

