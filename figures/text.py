"""Offset-preserving normalisation and sentence spans.

The text is never rewritten in place: characters are mapped (NBSP -> space,
dashes -> '-', curly quotes -> straight, exotic digits -> ASCII, a pack's
transliteration) into a working copy together with a map back to the
original offsets, so every row satisfies ``doc[start:end] == text``.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

import regex

#: Sentences longer than this many characters are cut at whitespace (see `_bounded`).
MAX_SENTENCE = 1000


@dataclass(frozen=True, slots=True)
class NormText:
    """The working copy of a document and how to map its offsets back."""

    original: str
    text: str
    offsets: array | None  # offsets[i] = original index of text[i]; None when identical lengths
    sentences: tuple[tuple[int, int], ...]  # spans in `text`
    starts: tuple[int, ...] = field(default=(), compare=False, repr=False)  # the sentences' starts (bisect)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the working copy onto the original document."""
        if self.offsets is None:
            return start, end
        if start >= end:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence span holding working-copy position `pos` ((0, len(text)) when none does)."""
        i = bisect_right(self.starts, pos) - 1  # the last sentence starting at or before pos (spans are in order)
        if i >= 0:
            span = self.sentences[i]
            if pos < span[1]:
                return span
        return (0, len(self.text))

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(s for s, _ in self.sentences))


def _digit_map() -> dict[int, str]:
    """Every Unicode decimal digit (Arabic-Indic, full-width, ...) -> its ASCII digit."""
    table = {}
    for cp in range(0x80, 0x20000):
        ch = chr(cp)
        if unicodedata.category(ch) == "Nd":
            table[cp] = str(unicodedata.digit(ch))
    return table


_DIGITS = _digit_map()


def _run_pattern(ascii_keys: list[str]) -> re.Pattern:
    """Runs of the characters a translation table may change: non-ASCII ones and mapped ASCII keys."""
    extra = "".join(re.escape(c) for c in ascii_keys)
    return re.compile(f"(?:[^\\x00-\\x7f]|[{extra}])+" if extra else "[^\\x00-\\x7f]+")


class Normalizer:
    """Built once per pack from its `normalize` mapping (char -> replacement)."""

    def __init__(self, mapping: dict[str, str]):
        one_to_one: dict[int, str] = dict(_DIGITS)
        multi: dict[str, str] = {}
        for src, dst in mapping.items():
            if len(src) != 1:
                raise ValueError(f"normalize keys must be single characters, got {src!r}")
            if len(dst) == 1:
                one_to_one[ord(src)] = dst
            else:
                multi[src] = dst
        self._table = one_to_one
        self._multi = multi
        self.key = tuple(sorted(mapping.items()))  # equal keys: the same working copy
        self._multi_re = regex.compile("[" + "".join(regex.escape(c) for c in multi) + "]") if multi else None
        ascii_keys = sorted(chr(k) for k in one_to_one if k < 0x80)
        self._ascii_free = not ascii_keys
        self._runs = _run_pattern(ascii_keys)

    def changes(self) -> dict[str, str]:
        """Every character this normaliser rewrites, with its replacement."""
        return {**{chr(k): v for k, v in self._table.items()}, **self._multi}

    def __call__(self, text: str) -> tuple[str, array | None]:
        work = self._translate(text)
        if self._multi_re is None or not self._multi_re.search(work):
            return work, None
        # pieces between the characters that grow ("љ" -> "lj"), offsets as whole ranges
        out: list[str] = []
        offsets = array("q")
        pos = 0
        for m in self._multi_re.finditer(work):
            i = m.start()
            out.append(work[pos:i])
            offsets.extend(range(pos, i))
            rep = self._multi[work[i]]
            out.append(rep)
            offsets.extend([i] * len(rep))
            pos = i + 1
        out.append(work[pos:])
        offsets.extend(range(pos, len(work)))
        return "".join(out), offsets

    def _translate(self, text: str) -> str:
        """`text.translate(table)`, visiting only the characters the table can change: ASCII text
        (when no ASCII key is mapped) is returned as is, Latin text with a few accents or curly
        quotes is translated run by run of such characters (about 7x faster than the whole)."""
        if self._ascii_free and text.isascii():
            return text
        sample = text[:4096]
        if len(sample.encode("utf-8")) - len(sample) > len(sample) // 8:
            return text.translate(self._table)  # mostly non-ASCII (Cyrillic): one pass is cheaper
        return self._runs.sub(self._translate_run, text)

    def _translate_run(self, m) -> str:
        return m.group().translate(self._table)


_HITS = re.compile("[.!?\n]")  # where a sentence boundary can start (after, or at, one of these)
_RUN_START = regex.compile(r"(?r)\s*")  # read backwards: the whitespace that ends where a match is asked to


_LAST_RUN = regex.compile(r"(?r)\S+")  # searched backwards: the last run of non-spaces
_INITIALS = regex.compile(r"(?:\p{L}\.)+\p{L}")  # dotted initials and acronyms: U.S, a.m


class SentenceSplitter:
    """Splits at . ! ? (and blank lines) unless the word before is a known abbreviation."""

    def __init__(self, abbreviations: list[str]):
        self._abbrev = {a.lower().rstrip(".") for a in abbreviations}
        # a terminator, closing quotes/brackets, whitespace, then an upper-case start or a quote
        self._boundary = regex.compile(
            r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[\p{Lu}\p{Lt}])|\n\s*\n|(?<=\S)\s*\n(?=\s*[\p{Lu}\"'“\d-])"
        )

    def __call__(self, text: str) -> tuple[tuple[int, int], ...]:
        spans = []
        start = 0
        for m in self._boundaries(text):
            if "\n" not in m.group():  # a space (and closing quotes) after . ! ?: not after an abbreviation
                # the run of non-spaces that ends right before the terminator, read backwards
                before = _LAST_RUN.search(text, max(0, m.start() - 40), m.start() - 1)
                if before is not None and before.end() == m.start() - 1 and self._is_abbreviation(before.group()):
                    continue
            end = m.start()
            if text[start:end].strip():
                spans.append(_trim(text, start, end))
            start = m.end()
        if text[start:].strip():
            spans.append(_trim(text, start, len(text)))
        return tuple(piece for s, e in spans for piece in _bounded(text, s, e, MAX_SENTENCE))

    def _boundaries(self, text: str):
        """The matches of `self._boundary.finditer(text)`, found about 3x faster: every match starts
        just after a terminator (. ! ?), at a line break or where the whitespace before a line break
        begins, so the pattern is tried only there (candidates from one fast `re` scan, in order)."""
        end = tried = -1  # a match cannot start before the last one's end; candidates come in order
        match = self._boundary.match
        for hit in _HITS.finditer(text):
            q = hit.start()
            if text[q] != "\n":
                cands: tuple[int, ...] = (q + 1,)
            else:
                run = _RUN_START.match(text, 0, q)  # the whitespace before the break (it always matches)
                p = q if run is None else run.start()
                cands = (p, q) if p < q else (q,)
            for p in cands:
                if p <= tried or p < end:
                    continue
                tried = p
                m = match(text, p)
                if m is not None:
                    end = m.end()
                    yield m

    def _is_abbreviation(self, word: str) -> bool:
        word = word.lower().lstrip("(\"'“")
        if word in self._abbrev:
            return True
        # initials and dotted acronyms: U.S, U.N, a.m, p.m
        return (len(word) == 1 and word.isalpha()) or ("." in word and _INITIALS.fullmatch(word) is not None)


def _bounded(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a span longer than `limit` at whitespace (a line break if one is near) into pieces.

    A "sentence" that long is a list, a table or text without punctuation; the
    cut keeps rules, context and the `sentence` column bounded, so time and
    memory stay linear in the document. A run with no whitespace at all (a line
    of a million digits) is one token and stays whole.
    """
    pieces = []
    while end - start > limit:
        hi = start + limit
        lo = start + limit // 2
        cut = text.rfind("\n", lo, hi)
        if cut < 0:
            cut = next((i for i in range(hi, lo, -1) if text[i].isspace()), -1)
        if cut < 0:  # no whitespace: cut after punctuation or a symbol ("twenty-twenty-...")
            cut = next((i + 1 for i in range(hi - 1, lo - 1, -1) if _BREAKABLE.match(text[i])), -1)
        if cut < 0:  # letters and digits only: one token, up to the next break
            m = _BREAKABLE.search(text, hi, end)
            if m is None:
                break
            cut = m.start() + (0 if m.group().isspace() else 1)
        pieces.append(_trim(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append(_trim(text, start, end))
    return pieces


_BREAKABLE = regex.compile(r"[\p{P}\p{S}\s]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
