"""One sentence read once for the context stage: its words, cues, clauses and counts, looked up by bisection.

The context stage (figures/context.py, nouns.py, frames.py, victims.py) asks, for every figure of a
sentence, about the words before it, the cues around it, its clause and the counts beside it. Asked
by scanning the sentence each time, a sentence of n figures costs n^2 (a list of numbers, a run of
number words). `Sentence` reads each of them once and answers each question with a bisection over
sorted offsets, giving exactly what the scan gives:

- `words(a, b)` is `list(WORD.finditer(text, a, b))` for any a..b in the sentence: the sentence's
  words, with the word a or b cuts through trimmed to the letters inside the cut (as the scan reads it);
- the cue look-ups assume what `CueLexicon.find` gives (sorted, non-overlapping spans) and check it:
  a list that is not falls back to the scans;
- the count look-ups (`covered`, `first_slot`) read the sentence's slots once they are built;
- the words are read once (`read_words`) and feed the clause breaks and the cue scan too: `Openers`
  tries a word alternation (breaks, cues, subset phrases) only at the runs of letters that may open
  it, as `finditer` finds them, instead of at every position of the sentence.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from .lexicon import trie_pattern

WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.\-]*[\p{L}\p{M}]|[\p{L}\p{M}]")
_INNER = "'’.-"  # the characters of a WORD that are no letter or mark


_FEW = 4  # up to this many spans, a scan is cheaper than sorting them
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{M}\p{N}]")


_LETTER = regex.compile(r"[\p{L}\p{M}]")
_RUNS = regex.compile(r"[\p{L}\p{M}]+")
_MEMO_MAX = 200_000  # words remembered per `Openers` (then forgotten, to bound memory)
_SHORT = 24  # characters an alternation scans cheaper than `Openers` looks its words up


class Openers:
    """Where a word alternation may match: a match starts a run of letters that is the first word of one of
    its phrases (`first`, case as the alternation's). `matches` tries the alternation at those runs of a
    sentence's words only (every run of letters lies in one word), not at every position."""

    def __init__(self, first: regex.Pattern | None, exact: bool = True):
        self._first, self.exact = first, exact  # exact: every phrase opens with a letter
        self._memo: dict[str, tuple[int, ...]] = {}

    @classmethod
    def of(cls, phrases) -> "Openers":
        """The openers of an alternation of `phrases` (lower case)."""
        firsts = {m.group() for m in map(_RUNS.match, phrases) if m is not None}
        exact = all(_RUNS.match(p) is not None for p in phrases)
        return cls(regex.compile(trie_pattern(firsts), regex.IGNORECASE) if firsts else None, exact)

    def offsets(self, word: str) -> tuple[int, ...]:
        """Where in `word` (a WORD match's text, or a cut of one) a run of letters opens a phrase."""
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            first = self._first
            found = self._memo[word] = () if first is None else tuple(
                r.start() for r in _RUNS.finditer(word) if first.fullmatch(r.group()) is not None)
        return found

    def starts(self, words) -> list[int]:
        """The positions, in order, where a run of `words` opens a phrase."""
        out: list[int] = []
        memo = self._memo
        for w in words:
            word = w.group()
            offs = memo.get(word)
            if offs is None:
                offs = self.offsets(word)
            if offs:
                if offs == (0,):
                    out.append(w.start())
                else:
                    at = w.start()
                    out += [at + o for o in offs]
        return out

    def matches(self, pattern: regex.Pattern, text: str, words, end: int, at: list[int] | None = None) -> list:
        """`list(pattern.finditer(text, start, end))`, `words` being `WORD.finditer(text, start, end)`: the
        pattern tried at `at` (default: `starts(words)`) only, each after the last match."""
        out: list = []
        last = 0
        for p in self.starts(words) if at is None else at:
            if p >= last:
                m = pattern.match(text, p, end)
                if m is not None:
                    out.append(m)
                    last = m.end()
        return out


class Cut:
    """The part of a word a span cuts off, as the regex match WORD gives there (start, end, group)."""

    __slots__ = ("text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int):
        self.text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self.text[self._start:self._end]


def _last(matches):
    m = None
    for m in matches:
        pass
    return m


def _prefix_max(values: list[int]) -> list[int]:
    out, best = [], -1
    for v in values:
        best = v if v > best else best
        out.append(best)
    return out


class Spans:
    """Half-open spans [a, b), in any order: does one hold a position, does one meet a range."""

    __slots__ = ("pairs", "starts", "reach")

    def __init__(self, spans):
        self.pairs = list(spans)
        if len(self.pairs) > _FEW:  # a few spans are asked one by one
            pairs = sorted(self.pairs)
            self.starts = [a for a, _ in pairs]
            self.reach = _prefix_max([b for _, b in pairs])  # the furthest end among the spans so far

    def holds(self, pos: int) -> bool:
        """`any(a <= pos < b for a, b in spans)`"""
        if len(self.pairs) <= _FEW:
            return any(a <= pos < b for a, b in self.pairs)
        k = bisect_right(self.starts, pos)
        return k > 0 and self.reach[k - 1] > pos

    def meets(self, a: int, b: int) -> bool:
        """`any(x < b and a < y for x, y in spans)`"""
        if len(self.pairs) <= _FEW:
            return any(x < b and a < y for x, y in self.pairs)
        k = bisect_left(self.starts, b)
        return k > 0 and self.reach[k - 1] > a


def read_words(text: str, start: int, end: int) -> list:
    """The words of text[start:end] (`WORD.finditer`), for `Sentence(words=)` and the scans that take them."""
    return list(WORD.finditer(text, start, end))


class Sentence:
    """text[start:end] with its cues (`CueLexicon.find`), clauses and, once built, its slots."""

    def __init__(self, text: str, start: int, end: int, cues: list, clauses: list, words: list | None = None):
        self.text, self.start, self.end = text, start, end
        self.cues = cues
        self.cue_starts = [c.start for c in cues]
        self.cue_ends = [c.end for c in cues]
        self.ordered = all(self.cue_ends[k] <= self.cue_starts[k + 1] for k in range(len(cues) - 1))
        self._cue_ids: set[int] | None = None
        self.clauses = clauses
        self.clause_ends = [c.end for c in clauses]
        self._ms: list | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []
        if words is not None:  # `read_words(text, start, end)`, read by the caller
            self._ms, self._starts, self._ends = words, [m.start() for m in words], [m.end() for m in words]
        self._keys: list[str] | None = None
        self._memo: dict = {}  # per-sentence answers of the callers (keyed by their own tuples)
        self.slots: list = []
        self._figures: Spans | None = None
        self._phrases: Spans | None = None
        self._first_slot: dict[int, int] = {}
        self._slot_starts: list[int] = []
        self._slots_sorted = True

    # -- words ---------------------------------------------------------------------------------
    def _read(self) -> list:
        if self._ms is None:
            self._ms = list(WORD.finditer(self.text, self.start, self.end))
            self._starts = [m.start() for m in self._ms]
            self._ends = [m.end() for m in self._ms]
        return self._ms

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Indexes i..j of the sentence's words that meet a..b (the first and last may be cut)."""
        self._read()
        i = bisect_right(self._ends, a)
        return i, bisect_left(self._starts, b, i)

    def words(self, a: int, b: int) -> list:
        """`list(WORD.finditer(text, a, b))`, a..b inside the sentence (a cut word as a `Cut`)."""
        i, j = self.span(a, b)
        if i >= j:
            return []
        ms, starts, ends = self._read(), self._starts, self._ends
        if j - i == 1:
            if starts[i] >= a and ends[i] <= b:
                return [ms[i]]
            return self._cut(max(a, starts[i]), min(b, ends[i]))  # only word i meets a..b
        head = [ms[i]] if starts[i] >= a else self._cut(a, ends[i])
        tail = [ms[j - 1]] if ends[j - 1] <= b else self._cut(starts[j - 1], b)
        return head + ms[i + 1:j - 1] + tail

    def _cut(self, a: int, b: int) -> list:
        """What WORD finds in a..b inside one word: from its first letter to its last (all between are word
        characters: letters, marks, apostrophes, dots, hyphens), or nothing."""
        text = self.text
        while a < b and text[a] in _INNER:  # inside a word, what is no letter or mark is one of these
            a += 1
        while b > a and text[b - 1] in _INNER:
            b -= 1
        return [Cut(text, a, b)] if a < b else []

    def tail(self, a: int, b: int, n: int) -> list:
        """`self.words(a, b)[-n:]` without reading the rest."""
        i, j = self.span(a, b)
        if i >= j:
            return []
        k = max(i, j - n)
        if self._ends[j - 1] <= b and (k > i or self._starts[i] >= a):  # no word cut: the list's own
            return self._ms[k:j]  # type: ignore[index]
        return self.words(a if k == i else self._starts[k], b)[-n:]

    def memo(self, name: str) -> dict:
        """A dict of the sentence for caller `name` to keep what it computed once."""
        return self._memo.setdefault(name, {})

    def word_keys(self) -> list[str]:
        """phrase_key of every word of the sentence, in order (a word holds no space: its lower case)."""
        if self._keys is None:
            self._keys = [m.group().lower() for m in self._read()]
        return self._keys

    def whole(self, a: int, b: int) -> tuple[int, int, bool]:
        """Word indexes i..j of `words(a, b)` and whether those are the sentence's words uncut."""
        i, j = self.span(a, b)
        if i >= j:
            return i, i, True
        return i, j, self._starts[i] >= a and self._ends[j - 1] <= b

    # -- cues ----------------------------------------------------------------------------------
    def cues_within(self, a: int, b: int) -> list:
        """`[c for c in cues if a <= c.start and c.end <= b]`"""
        if not self.ordered:
            return [c for c in self.cues if a <= c.start and c.end <= b]
        k0 = bisect_left(self.cue_starts, a)
        k1 = bisect_right(self.cue_ends, b, k0)
        return self.cues[k0:k1]

    def cue_within(self, a: int, b: int):
        """`next((c for c in cues if a <= c.start and c.end <= b), None)`"""
        if not self.ordered:
            return next((c for c in self.cues if a <= c.start and c.end <= b), None)
        k = bisect_left(self.cue_starts, a)
        return self.cues[k] if k < len(self.cues) and self.cue_ends[k] <= b else None

    def cues_starting(self, a: int, b: int) -> list:
        """`[c for c in cues if a <= c.start < b]`"""
        if not self.ordered:
            return [c for c in self.cues if a <= c.start < b]
        return self.cues[bisect_left(self.cue_starts, a):bisect_left(self.cue_starts, b)]

    def next_cue_start(self, pos: int, default: int) -> int:
        """`next((c.start for c in cues if c.start >= pos), default)`"""
        if not self.ordered:
            return next((c.start for c in self.cues if c.start >= pos), default)
        k = bisect_left(self.cue_starts, pos)
        return self.cue_starts[k] if k < len(self.cues) else default

    def is_cue(self, obj) -> bool:
        """Is `obj` one of the sentence's cue objects (identity, as `any(c is obj for c in cues)`)."""
        if self._cue_ids is None:
            self._cue_ids = {id(c) for c in self.cues}
        return id(obj) in self._cue_ids

    # -- phrase regexes -----------------------------------------------------------------------
    def find_all(self, pattern: regex.Pattern, openers: Openers, a: int, b: int) -> list:
        """`list(pattern.finditer(text, a, b))` for a..b in the sentence, tried where `openers` say only (a
        short part is scanned: a few characters cost less than the look-up of their words)."""
        if not openers.exact or b - a <= _SHORT:
            return list(pattern.finditer(self.text, a, b))
        return openers.matches(pattern, self.text, self.words(a, b), b)

    def last_match(self, pattern: regex.Pattern, lo: int, hi: int, pos: int, ends: frozenset = frozenset(),
                   openers: Openers | None = None):
        """The last match of `pattern.finditer(text, lo, pos)`, for lo <= pos inside the span lo..hi.

        `pattern` is a word alternation (`context._alternation`: no letter before or after it, phrases
        that end in one of the characters `ends` or a letter). Its matches in lo..hi are found once; those
        before `pos` are the bounded scan's when none runs past `pos` and no phrase can end at `pos`
        (the character before it is a space, or no letter, mark, digit or phrase end), else it scans.
        `openers`: the pattern's (`find_all`), for a span lo..hi of the sentence."""
        text = self.text
        if pos <= lo:
            return None
        ch = text[pos - 1]
        if pos > hi or not (ch.isspace() or (_LETTER_OR_DIGIT.match(ch) is None and ch not in ends)):
            return _last(pattern.finditer(text, lo, pos))
        key = ("last_match", id(pattern), lo, hi)
        found = self._memo.get(key)
        if found is None:
            ms = self.find_all(pattern, openers, lo, hi) if openers is not None else list(pattern.finditer(text, lo, hi))
            found = self._memo[key] = (ms, [m.start() for m in ms], [m.end() for m in ms])
        ms, starts, ends_at = found
        k = bisect_left(starts, pos)
        if k and ends_at[k - 1] > pos:  # a match runs past `pos`: the bounded scan may find another
            return _last(pattern.finditer(text, lo, pos))
        return ms[k - 1] if k else None

    # -- clauses -------------------------------------------------------------------------------
    def clause_at(self, pos: int) -> int:
        """`clauses.clause_at(clauses, pos)` by bisection."""
        i = bisect_right(self.clause_ends, pos)
        if i >= len(self.clauses):
            return len(self.clauses) - 1
        return i if self.clauses[i].start <= pos else max(0, i - 1)

    # -- slots ---------------------------------------------------------------------------------
    def set_slots(self, slots: list) -> None:
        """The counts of the sentence, once their noun phrases are read."""
        self.slots = slots
        self._figures = Spans([(t.start, t.end) for t in slots])
        self._phrases = Spans([(t.start, t.ph.end) for t in slots])
        self._first_slot = {}
        for i, t in enumerate(slots):
            self._first_slot.setdefault(t.clause, i)
        self._slot_starts = [t.start for t in slots]
        self._slots_sorted = all(self._slot_starts[k] <= self._slot_starts[k + 1] for k in range(len(slots) - 1))

    def in_figure(self, pos: int) -> bool:
        """`any(t.start <= pos < t.end for t in slots)`"""
        return self._figures is not None and self._figures.holds(pos)

    def in_phrase(self, pos: int) -> bool:
        """`any(t.start <= pos < t.ph.end for t in slots)`: inside a count or its noun phrase."""
        return self._phrases is not None and self._phrases.holds(pos)

    def first_slot(self, clause: int) -> int | None:
        """The index of the first slot in clause `clause`."""
        return self._first_slot.get(clause)

    def slots_in(self, a: int, b: int) -> list:
        """`[t for t in slots if a <= t.start < b]`"""
        if not self._slots_sorted:
            return [t for t in self.slots if a <= t.start < b]
        return self.slots[bisect_left(self._slot_starts, a):bisect_left(self._slot_starts, b)]

    def next_slot_start(self, pos: int, default: int) -> int:
        """`min([default] + [t.start for t in slots if t.start > pos])`"""
        if not self._slots_sorted:
            return min([default] + [t.start for t in self.slots if t.start > pos])
        k = bisect_right(self._slot_starts, pos)
        return min(default, self._slot_starts[k]) if k < len(self.slots) else default
