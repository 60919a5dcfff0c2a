"""Clauses of a sentence: the spans an event governs.

A sentence is cut at the pack's boundaries (`categories.yaml`):

- `clause_breaks` (when, while, because, ";", hr dok, jer ...): a hard break; no
  event, inheritance or coordination crosses it;
- `coordinators` (and, or, hr i, a, te) and `apposition_marks` (",", "(", ")",
  dashes): soft breaks; a clause they open may be elided ("and 25 in Zamzam"),
  an apposition ("nine of them children") or the predicate of an earlier
  subject (", had been pulled out alive").

A word that is both (hr "i", "a") is a coordinator. Each piece is a `Clause`
with the break that opened it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import phrase_key, trie_pattern
from .sentence import Openers, Spans

LETTER = r"[\p{L}\p{M}]"
_TRY_COST = 5  # a match tried at one position costs about what the scan of this many characters does


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    opener: str | None  # the break before it (lower case), None at the start of the sentence
    hard: bool  # opened by a hard break


class Splitter:
    """The pack's boundaries compiled once."""

    def __init__(self, hard: set[str], coordinators: set[str], marks: set[str], exceptions=()):
        self.exceptions = regex.compile(r"(?:" + trie_pattern(exceptions) + r")(?![\p{L}\p{M}])", regex.IGNORECASE) \
            if exceptions else None
        self._excepted = Openers.of(exceptions)  # an exception starts with the break word it excepts
        self.coordinators = coordinators
        self.marks = marks
        self.hard = {h for h in hard if h not in coordinators and h not in marks}
        alts = []
        for group in (self.hard, coordinators, marks):
            words = {w for w in group if regex.match(LETTER, w)}
            signs = {w for w in group if not regex.match(LETTER, w)}
            if words:
                alts.append(r"(?<!" + LETTER + r")(?:" + trie_pattern(words) + r")(?!" + LETTER + r")")
            if signs:
                sign = r"(?:" + "|".join(regex.escape(s) for s in sorted(signs, key=len, reverse=True)) + r")"
                alts.append(r"(?<!\d)" + sign + r"|" + sign + r"(?!\d)")  # "1,896" has no comma break
        self.re = regex.compile("|".join(alts) or r"(?!)", regex.IGNORECASE)
        # where a break can start (`_breaks`): a run of letters that is the first word of a break word, or
        # a sign's character; only with signs of one character (else `self.re` scans every position)
        words = {w for g in (self.hard, coordinators, marks) for w in g if regex.match(LETTER, w)}
        signs = {w for g in (self.hard, coordinators, marks) for w in g if w and not regex.match(LETTER, w)}
        self._openers = Openers.of(words)
        self._signs = regex.compile("[" + "".join(regex.escape(s) for s in sorted(signs)) + "]") \
            if signs and all(len(s) == 1 for s in signs) else None
        self._fast = self._openers.exact and (self._signs is not None or not signs)

    def split(self, text: str, start: int, end: int, spans=(), words: list | None = None) -> list[Clause]:
        """The clauses of text[start:end]; no break inside a figure's span ("between 8 and 10").
        `words`: `WORD.finditer(text, start, end)` (figures/sentence.py) when the caller has them."""
        out: list[Clause] = []
        pos, opener, hard = start, None, False
        inside = Spans(spans)
        found = self._breaks(text, start, end, words) if words is not None and self._fast else \
            self.re.finditer(text, start, end)
        for m in found:
            if inside.holds(m.start()):
                continue
            if opener == "(" and m.group() != ")":
                continue  # a parenthesis is one apposition
            tok = phrase_key(m.group())
            if self.exceptions is not None and self._may_except(m, end) and self.exceptions.match(text, m.start()):
                continue  # "are said to be in critical condition": no clause break
            if tok == "-" and not text[m.start() - 1:m.start()].isspace():
                continue  # a hyphen inside a word ("Bedre-Kutru"), not a dash
            if m.start() > pos or not out:
                out.append(Clause(pos, m.start(), opener, hard))
            pos, opener, hard = m.end(), tok, tok in self.hard
        out.append(Clause(pos, end, opener, hard))
        return [c for c in out if c.end > c.start or c.opener is None]

    def _may_except(self, m, end: int) -> bool:
        """False only when no exception can start at break `m`: its first word opens none (a break before
        `end` ends its word; at `end` the word may go on, and the exception is asked)."""
        return not self._excepted.exact or m.end() >= end or self._excepted.offsets(m.group())[:1] == (0,)

    def _breaks(self, text: str, start: int, end: int, words: list) -> list:
        """`list(self.re.finditer(text, start, end))`, tried only where a match can start: a break word's
        match starts a run of letters (every run lies in one of `words`) that is its first word; a sign's,
        at its character."""
        at = [m.start() for m in self._signs.finditer(text, start, end)] if self._signs is not None else []
        runs = self._openers.starts(words)
        if (len(at) + len(runs)) * _TRY_COST > end - start:  # a run of signs ("1,,,,,2"): the scan is cheaper
            return list(self.re.finditer(text, start, end))
        return self._openers.matches(self.re, text, words, end, sorted(at + runs) if runs else at)


def clause_at(clauses: list[Clause], pos: int) -> int:
    """Index of the clause holding offset `pos`."""
    for i, c in enumerate(clauses):
        if c.start <= pos < c.end or (pos < c.start):
            return i if c.start <= pos else max(0, i - 1)
    return len(clauses) - 1
