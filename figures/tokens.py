"""The token layer: one linear pass over the working text, then dictionary tags.

Every later stage (numerals, rules, exclusions) reads tokens, never raw
characters, so each character is looked at once and a rule is a short
sequence over token classes. A token is a run of letters (with combining
marks), a run of ASCII digits, or one other non-space character; `space[i]`
says whether whitespace precedes token i (a "gap"), which is how phrases and
rules tell "1,5" from "1, 5" and "35-mile" from "35 - mile".

A `Lexicon` holds every word class of a pack (cardinal, scale, unit surface,
qualifier cue, currency symbol, month, ...): a phrase is tokenised the same
way as the text, so a multi-token phrase ("per cent", "a.m.", "US $")
matches whatever the text's gaps are as long as they agree with the
phrase's. An entry ending in `*` is a stem: it matches any word token that
starts with it (inflection by stem tables instead of listing every form).
The data is kept in flat arrays and dicts (token kinds, class bitsets) so a
compiled loop could replace this module without changing its callers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

import regex

WORD, DIGITS, OTHER = 1, 2, 3
_TOKEN = r"[\p{L}\p{M}]+|[0-9]+|\S"
_SPLIT = regex.compile(f"({_TOKEN})")  # split: [gap, token, gap, token, ..., gap]
_MEMO_LIMIT = 200_000


def _fast_splitter(chars: str) -> re.Pattern:
    """The token pattern for texts made of `chars` only, for the faster `re` engine: its letter
    class and whitespace are read from `regex` itself (Unicode letters and marks, White_Space), so
    it cuts exactly the tokens `_SPLIT` cuts."""
    letters = regex.findall(r"[\p{L}\p{M}]+", chars)
    white = "".join(regex.findall(r"\s", chars))
    spans: list[list[int]] = []
    cps = sorted(ord(c) for run in letters for c in run)
    for cp in cps:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    cls = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)
    return re.compile(f"([{cls}]+|[0-9]+|[^{re.escape(white)}])")


#: Below U+0530 (Latin, Greek, Cyrillic: every pack's working text) built at import; the rest of the
#: Basic Multilingual Plane ("…", CJK, Arabic) on the first text that needs it; beyond it, `regex`.
_LATIN = _fast_splitter("".join(map(chr, range(0x530))))
_BEYOND_LATIN = re.compile("[^\\x00-\u052f]")
_BEYOND_BMP = re.compile("[^\\x00-\ud7ff\ue000-\uffff]")
_BMP: list = []


def _splitter(part: str):
    if part.isascii() or _BEYOND_LATIN.search(part) is None:
        return _LATIN
    if _BEYOND_BMP.search(part) is not None:
        return _SPLIT
    if not _BMP:
        _BMP.append(_fast_splitter("".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))))
    return _BMP[0]


class _Kinds(dict):
    """Token text -> kind, memoised (a token's kind depends on its text only)."""

    def __missing__(self, t: str) -> int:
        c = t[0]
        k = DIGITS if "0" <= c <= "9" else (WORD if c.isalpha() or len(t) > 1 else OTHER)
        if len(self) > _MEMO_LIMIT:
            self.clear()
        self[t] = k
        return k


_KINDS = _Kinds()


class _Lower(dict):
    """Token text -> its lower case, memoised: a dictionary hit is cheaper than `str.lower` (and the
    lower-cased strings are shared, not made again per document)."""

    def __missing__(self, t: str) -> str:
        low = t.lower()
        if len(self) > _MEMO_LIMIT:
            self.clear()
        self[t] = low
        return low


_LOWER = _Lower()


@dataclass(slots=True)
class Tokens:
    """A document's tokens as parallel arrays (offsets into the working text)."""

    text: str
    starts: list
    ends: list
    kinds: bytearray
    space: bytearray  # 1 when whitespace (or the start of text) precedes the token
    low: list  # lower-cased token text
    raw: list  # token text as written
    bits: list  # class bitset per token (Lexicon.tag)

    def __len__(self) -> int:
        return len(self.starts)

    def window(self, lo: int, hi: int) -> "Tokens":
        """Tokens lo..hi-1 as if tokenised alone (a sentence of a document tokenised whole)."""
        space = self.space[lo:hi]
        if hi > lo:
            space[0] = 1
        return Tokens(self.text, self.starts[lo:hi], self.ends[lo:hi], self.kinds[lo:hi], space,
                      self.low[lo:hi], self.raw[lo:hi], self.bits[lo:hi])


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of text[start:end], in one pass of one regex (no backtracking: linear)."""
    if end is None:
        end = len(text)
    part = text if start == 0 and end == len(text) else text[start:end]
    pieces = _splitter(part).split(part)
    raw = pieces[1::2]
    n = len(raw)
    cum = list(accumulate(map(len, pieces), initial=start))  # cum[k]: where piece k starts
    space = bytearray(map(bool, pieces[0:-1:2]))  # the gap before each token
    if n:
        space[0] = 1
    kinds = bytearray(map(_KINDS.__getitem__, raw))
    return Tokens(text, cum[1:-1:2], cum[2::2], kinds, space, list(map(_LOWER.__getitem__, raw)), raw, [0] * n)


def phrase_tokens(phrase: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A lexicon phrase as (tokens, gaps): gaps[k] is True when whitespace precedes token k."""
    toks = tokenize(" ".join(str(phrase).split()))
    return tuple(toks.raw), tuple(bool(s) for s in toks.space)


class Lexicon:
    """Word classes of one pack: phrase -> (class, value) lookups over tokens.

    Classes are small integers; `tag` gives each token the bitset of the
    classes a phrase of which starts there, so matchers skip tokens cheaply.
    """

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.cased: set[int] = set()
        self._first: dict[str, list] = {}  # first token (lower) -> [(cls, toks, gaps, value)], longest first
        self._first_cased: dict[str, list] = {}
        # the same per class: [class id] -> first token -> [(toks, gaps, value)], longest first
        self._by_class: list[dict[str, list]] = []
        self._by_class_cased: list[dict[str, list]] = []
        self._stems: dict[str, list] = {}  # stem (lower) -> [(cls, value)]
        self._stem_lengths: list[int] = []
        self._bits: dict[str, int] = {}
        self._bits_cased: dict[str, int] = {}
        self._memo: dict[str, int] = {}  # token text -> its class bits

    # ---- building -------------------------------------------------------------
    def cls(self, name: str, cased: bool = False) -> int:
        """The id of class `name` (created on first use)."""
        if name not in self.names:
            self.names[name] = len(self.names)
            self._by_class.append({})
            self._by_class_cased.append({})
        cid = self.names[name]
        if cased:
            self.cased.add(cid)
        return cid

    def add(self, name: str, phrase: str, value=None, cased: bool = False) -> None:
        """Add one phrase (or `stem*`) to class `name`."""
        cid = self.cls(name, cased)
        phrase = " ".join(str(phrase).split())
        if not phrase:
            return
        if phrase.endswith("*") and len(phrase) > 1 and " " not in phrase:
            stem = phrase[:-1].lower()
            self._stems.setdefault(stem, []).append((cid, value))
            if len(stem) not in self._stem_lengths:
                self._stem_lengths.append(len(stem))
                self._stem_lengths.sort(reverse=True)
            self._memo.clear()
            return
        toks, gaps = phrase_tokens(phrase)
        if cased or cid in self.cased:
            table, bits, key, mine = self._first_cased, self._bits_cased, toks[0], self._by_class_cased[cid]
        else:
            toks = tuple(t.lower() for t in toks)
            table, bits, key, mine = self._first, self._bits, toks[0], self._by_class[cid]
        entries = table.setdefault(key, [])
        entry = (cid, toks, gaps, value)
        if entry not in entries:
            entries.append(entry)
            entries.sort(key=lambda e: -len(e[1]))
            mine[key] = [(e[1], e[2], e[3]) for e in entries if e[0] == cid]
        bits[key] = bits.get(key, 0) | (1 << cid)
        self._memo.clear()

    def words(self, name: str) -> set[str]:
        """The single-token surfaces (lower case) of a class: for vocabularies elsewhere."""
        cid = self.names.get(name)
        out: set[str] = set()
        if cid is None:
            return out
        for table in (self._first, self._first_cased):
            for entries in table.values():
                out.update(" ".join(e[1]) for e in entries if e[0] == cid)
        return out

    def width(self, cid: int) -> int:
        """The most tokens a phrase of class `cid` covers (a stem covers one; 0: the class is empty)."""
        widest = 0
        for table in (self._first, self._first_cased):
            for entries in table.values():
                for c, words, _, _ in entries:
                    if c == cid and len(words) > widest:
                        widest = len(words)
        if not widest:
            for entries in self._stems.values():
                if any(c == cid for c, _ in entries):
                    return 1
        return widest

    # ---- reading ----------------------------------------------------------------
    def tag(self, toks: Tokens) -> Tokens:
        """Fill toks.bits: one dictionary lookup per token (memoised per distinct token text)."""
        memo, raw = self._memo, toks.raw
        out = list(map(memo.get, raw))
        if None in out:
            bits, stems, kinds, cased, low = self._bits, self._stems, toks.kinds, self._bits_cased, toks.low
            i = out.index(None)
            while True:
                t = raw[i]
                b = memo.get(t)
                if b is None:
                    w = low[i]
                    b = bits.get(w, 0)
                    if stems and kinds[i] == WORD:
                        for n in self._stem_lengths:
                            for cid, _ in stems.get(w[:n], ()) if len(w) >= n else ():
                                b |= 1 << cid
                    if cased:
                        b |= cased.get(t, 0)
                    if len(memo) > _MEMO_LIMIT:
                        memo.clear()
                    memo[t] = b
                out[i] = b
                try:
                    i = out.index(None, i + 1)
                except ValueError:
                    break
        toks.bits = out
        return toks

    def match(self, toks: Tokens, i: int, cid: int):
        """The longest phrase of class `cid` starting at token i: (end token, value) or None."""
        if not toks.bits[i] >> cid & 1:
            return None
        if cid in self.cased:
            seq, table = toks.raw, self._by_class_cased[cid]
        else:
            seq, table = toks.low, self._by_class[cid]
        entries = table.get(seq[i])
        if entries:
            n = len(seq)
            space = toks.space
            for words, gaps, value in entries:
                k = len(words)
                if k == 1:
                    return i + 1, value
                if i + k > n:
                    continue
                ok = True
                for j in range(1, k):
                    if seq[i + j] != words[j] or bool(space[i + j]) != gaps[j]:
                        ok = False
                        break
                if ok:
                    return i + k, value
        if toks.kinds[i] == WORD and self._stems:
            w = toks.low[i]
            for n_ in self._stem_lengths:
                for c, value in self._stems.get(w[:n_], ()) if len(w) >= n_ else ():
                    if c == cid:
                        return i + 1, value
        return None

    def lookup(self, name: str, phrase: str):
        """The value of `phrase` read whole as class `name` (None when it is not one)."""
        cid = self.names.get(name)
        if cid is None:
            return None
        toks = self.tag(tokenize(" ".join(str(phrase).split())))
        if not len(toks):
            return None
        hit = self.match(toks, 0, cid)
        return hit[1] if hit is not None and hit[0] == len(toks) else None
