"""The rule-sequence matcher: every way through a sequence (figures/sequences.py) from a token.

Matching tries every way through the (short) sequence and keeps the longest;
each element reads a bounded number of tokens, so one attempt costs O(1) and
the whole document O(tokens). The compiled build types it (figures/matcher.pxd).
"""
from __future__ import annotations

import regex

from . import timeouts
from .prefilter import ANCHOR_NUM, ANCHOR_VAGUE, MAX_REST, _filters
from .sequences import VALUED_CLASSES, Alts, Elem
from .tokens import DIGITS, WORD, Tokens


TIMEOUT = 1.0  # seconds for one token-shape regex: a user's catastrophic shape becomes a RuleTimeout  # tokens {rest} may cover
_SHAPES: dict = {}  # (token-shape regex, token text) -> does it match
_COUNT = regex.compile(r"\\d(?:\{(\d+)(?:,(\d+))?\}|(\+))?")
_DIGIT_RUNS: dict = {}  # token-shape regex -> (fewest, most) digits when it is only "\d{m,n}" (else None)
_DIGIT_OPEN: dict = {}  # token-shape regex -> whether any text it fits may start with an ASCII digit


def digit_run(shape):
    """(fewest, most) digits when a token shape is only a count of digits ("\\d{1,2}", "\\d+"; most
    None: no limit), else None."""
    run = _DIGIT_RUNS.get(shape, False)
    if run is False:
        m = _COUNT.fullmatch(shape.pattern)
        if m is None:
            run = None
        elif m.group(3):
            run = (1, None)
        elif m.group(1) is None:
            run = (1, 1)
        else:
            run = (int(m.group(1)), int(m.group(2) if m.group(2) is not None else m.group(1)))
        _DIGIT_RUNS[shape] = run
    return run


def shape_fits(shape, text: str, digits: bool) -> bool:
    """Whether a token fits a token shape: a shape that is only a count of digits ("\\d{1,2}",
    "\\d+") is read from the length of an ASCII digit token; any other under the timeout."""
    run = digit_run(shape) if digits else None
    if run is not None:
        return run[0] <= len(text) and (run[1] is None or len(text) <= run[1])
    if digits and not digit_opens(shape):
        return False
    return timeouts.fullmatch(shape, text, TIMEOUT) is not None


def digit_opens(shape) -> bool:
    """Whether a text a token shape fits may start with an ASCII digit (a partial match of one)."""
    opens = _DIGIT_OPEN.get(shape)
    if opens is None:
        opens = _DIGIT_OPEN[shape] = any(shape.fullmatch(d, partial=True) is not None for d in "0123456789")
    return opens


def _fits(shape, doc: "Doc", i: int) -> bool:
    """Whether token i fits a token shape (memoised by shape and token text)."""
    text = doc.raw[i]
    key = (shape, text)
    ok = _SHAPES.get(key)
    if ok is None:  # a token shape is tried by many rules on the same token text: read it once
        ok = _SHAPES[key] = shape_fits(shape, text, doc.kinds[i] == DIGITS)
        if len(_SHAPES) > 100_000:
            _SHAPES.clear()
    return ok


def _opens(f, doc: "Doc", i: int) -> bool:
    """Whether token i < n may start a way with filter f (not None): the checks `_filter` collected."""
    if f[7] and doc.space[i]:
        return False
    if doc.bits[i] & f[1] or doc.low[i] in f[0] or (f[2] and i in doc.nums) or (f[3] and i in doc.vague):
        return True
    kind = doc.kinds[i]
    if (f[4] and kind == DIGITS) or (f[6] and kind == WORD):
        return True
    for shape in f[5]:
        if _fits(shape, doc, i):
            return True
    return False


class Doc:
    """What the matcher reads: tokens, numerals by start token, and the pack's readers."""

    __slots__ = ("toks", "nums", "vague", "lex", "clock", "n", "_clock_memo", "other_digits",
                 "low", "raw", "bits", "kinds", "space")

    def __init__(self, toks: Tokens, nums: dict, vague: dict, lex, clock, other_digits: bool = True):
        self.toks, self.nums, self.vague, self.lex, self.clock = toks, nums, vague, lex, clock
        # whether the text may hold digits other than ASCII ones (not normalised): a digit shape
        # ("\\d+") may then fit a token that is not a digit token
        self.other_digits = other_digits
        self.n = len(toks.starts)
        # the token arrays the matcher reads, held here (compiled: C fields, not attribute lookups)
        self.low, self.raw, self.bits, self.kinds, self.space = toks.low, toks.raw, toks.bits, toks.kinds, toks.space
        self._clock_memo: dict = {}

    def clock_at(self, i: int, bare: bool):
        key = (i, bare)
        if key not in self._clock_memo:
            self._clock_memo[key] = self.clock.read(self.toks, i, bare)
        return self._clock_memo[key]


def tail_opens(tails: list, doc: Doc, i: int, vals: dict) -> bool:
    """Whether the condition of `anchor_tails` holds at token i (a way may start there)."""
    n = doc.n
    for width, kind, first, tail in tails:
        for p in range(i, min(i + width + 1, n)):
            if kind == ANCHOR_NUM:
                num = doc.nums.get(p)
                if num is None:
                    continue
                e = num.j
            elif kind == ANCHOR_VAGUE:
                num = doc.vague.get(p)
                if num is None:
                    continue
                e = num.j
            else:
                hit = _one(first, doc, p, vals)
                if hit is None:
                    continue
                e = hit[0]
            if e < n and _opens(tail, doc, e):
                return True
    return False


def match(alternatives: list, doc: Doc, i: int, vals: dict):
    """Every end of a way through `alternatives` from token i, with its captures: [(end, caps)].

    Breadth first: the positions reached after each element, each with the captures of the
    first way that reached it, ways ordered by their choices (an element's readings in order,
    then skipping it if it is optional; alternatives in order). That is the first way a
    depth-first search finds for each end (the tail of a way depends only on where it stands),
    without recursion or a memo; one capture set per end, ends in the order first reached.
    An alternative whose first token cannot be the one at i (`_filter`) is not tried.
    """
    ends, caps = ways(alternatives, doc, i, vals)
    return list(zip(ends, caps))


def ways(alternatives: list, doc: Doc, i: int, vals: dict) -> tuple[list, list]:
    """`match` as two lists: the ends, and the captures of each."""
    filters = alternatives.filters if type(alternatives) is Alts else None
    if filters is None:
        filters = _filters(alternatives, vals)
    n = doc.n
    if i < n:
        low, b = doc.low[i], doc.bits[i]
    else:
        low, b = None, -1
    words = alternatives.words if type(alternatives) is Alts else None
    if words is not None:  # one plain word of a list: a lookup
        return ([i + 1], [()]) if low in words else ([], [])
    ends: list = []
    caps: list = []
    for a in range(len(filters)):
        f = filters[a]
        if f is not None and (b < 0 or not _opens(f, doc, i)):
            continue
        items = alternatives[a]
        if len(items) == 1 and items[0].kind not in ("group", "not") and not items[0].opt:  # one element: read it
            el = items[0]
            hit = _one(el, doc, i, vals) if i < n and not (el.glue and doc.space[i]) else None
            if hit is None or (el.guards and _guarded(el.guards, doc, i, vals)):
                continue
            e, c = [hit[0]], [hit[1]]
        else:
            e, c = _run(items, doc, i, vals)
        if not ends:
            ends, caps = e, c
            continue
        for k in range(len(e)):
            if e[k] not in ends:
                ends.append(e[k])
                caps.append(c[k])
    return ends, caps


def _may_start(f, doc: Doc, i: int) -> bool:
    if f is None:
        return True
    if i >= doc.n:
        return False
    return _opens(f, doc, i)


def matches(alternatives: list, doc: Doc, i: int, vals: dict) -> bool:
    """Whether any way through `alternatives` starts at token i."""
    filters = _filters(alternatives, vals)
    for a in range(len(filters)):
        if _may_start(filters[a], doc, i) and _run(alternatives[a], doc, i, vals)[0]:
            return True
    return False


def ends_with(alternatives: list, doc: Doc, i: int, end: int, vals: dict) -> bool:
    """Whether a way through `alternatives` goes from token i to token `end`."""
    filters = _filters(alternatives, vals)
    for a in range(len(filters)):
        if _may_start(filters[a], doc, i) and end in _run(alternatives[a], doc, i, vals)[0]:
            return True
    return False


def ends_at(alternatives: list, doc: Doc, lo: int, end: int, vals: dict) -> bool:
    """Whether a way through `alternatives` from some token in [lo, end) ends at token `end`."""
    filters = _filters(alternatives, vals)
    for i in range(lo, end):
        for a in range(len(filters)):
            f = filters[a]
            if f is not None and not _opens(f, doc, i):
                continue
            if end in _run(alternatives[a], doc, i, vals)[0]:
                return True
    return False


def _run(items: list, doc: Doc, i: int, vals: dict) -> tuple[list, list]:
    """One sequence from token i: the ends reached (in order) and the captures of each."""
    n = doc.n
    space, bits = doc.space, doc.bits
    ends: list = [i]
    caps: list = [()]
    for el in items:
        kind = el.kind
        if kind == "not":  # zero-width: keep the ways where the element does not match
            keep = [k for k in range(len(ends)) if not (ends[k] < n and matches(el.data, doc, ends[k], vals))]
            if not keep:
                return [], []
            ends, caps = [ends[k] for k in keep], [caps[k] for k in keep]
            continue
        opt, glue, group = el.opt, el.glue, kind == "group"
        if len(ends) == 1:  # one way so far (the common case): no lists unless it forks
            p = ends[0]
            c = caps[0]
            if p >= n or (glue and space[p]):
                if opt:
                    continue
                return [], []
            if group:
                e, x = ways(el.data, doc, p, vals)
                if e and el.guards and _guarded(el.guards, doc, p, vals):
                    e = []
                if not e:
                    if opt:
                        continue
                    return e, x
                ends = e
                caps = [c + x[k] if x[k] else c for k in range(len(x))] if c else x
                if opt and p not in ends:
                    ends.append(p)
                    caps.append(c)
                continue
            if kind == "num":  # the commonest elements read here, not in _one
                num = doc.nums.get(p)
                hit = (num.j, ((el.name, p, num.j, num),)) if num is not None else None
            elif el.mask is not None and not bits[p] & el.mask:  # a valued class not at this token
                hit = None
            else:
                hit = _one(el, doc, p, vals)
            if hit is not None and el.guards and _guarded(el.guards, doc, p, vals):
                hit = None
            if hit is None:
                if opt:
                    continue
                return [], []
            end = hit[0]
            c2 = c + hit[1] if hit[1] else c
            if opt and end != p:
                ends = [end, p]
                caps = [c2, c]
            else:
                ends = [end]
                caps = [c2]
            continue
        new_ends: list = []
        new_caps: list = []
        for k in range(len(ends)):
            p = ends[k]
            c = caps[k]
            if p < n and not (glue and space[p]) and not (el.guards and _guarded(el.guards, doc, p, vals)):
                if group:
                    e, x = ways(el.data, doc, p, vals)
                    for j in range(len(e)):
                        if e[j] not in new_ends:
                            new_ends.append(e[j])
                            new_caps.append(c + x[j] if x[j] else c)
                else:
                    hit = _one(el, doc, p, vals)
                    if hit is not None and hit[0] not in new_ends:
                        new_ends.append(hit[0])
                        new_caps.append(c + hit[1] if hit[1] else c)
            if opt and p not in new_ends:
                new_ends.append(p)
                new_caps.append(c)
        if not new_ends:
            return new_ends, new_caps
        ends, caps = new_ends, new_caps
    return ends, caps


def _guarded(guards: tuple, doc: Doc, i: int, vals: dict) -> bool:
    """Whether one of an element's `!X` guards matches at token i (the element does not, then)."""
    for g in guards:
        if matches(g.data, doc, i, vals):
            return True
    return False


def _one(el: Elem, doc: Doc, i: int, vals: dict):
    """A single element (not a group) at token i < n: (end, captures) or None."""
    kind = el.kind
    if kind == "num":
        num = doc.nums.get(i)
        return (num.j, ((el.name, i, num.j, num),)) if num else None
    if kind == "lit":
        words, gaps = el.data
        seq = doc.raw if el.cased else doc.low
        if seq[i] != words[0]:
            return None
        m = len(words)
        if m > 1:
            if i + m > doc.n:
                return None
            space = doc.space
            for j in range(1, m):
                if seq[i + j] != words[j] or bool(space[i + j]) != gaps[j]:
                    return None
        return (i + m, ())
    if kind == "cls":
        if not doc.bits[i] >> el.data & 1:
            return None
        hit = doc.lex.match(doc.toks, i, el.data)
        return (hit[0], ()) if hit else None
    if kind in VALUED_CLASSES:
        # valued pack classes (unit, cur, qual, post, stem, head): the longest reading, the first class on ties
        mask = el.mask
        if mask is None:
            mask = 0
            for cid in vals[kind]:
                mask |= 1 << cid
            el.mask = mask
        b = doc.bits[i] & mask
        if not b:
            return None
        best = None
        for cid in vals[kind]:
            if not b >> cid & 1:
                continue
            hit = doc.lex.match(doc.toks, i, cid)
            if hit is not None and (best is None or hit[0] > best[0]):
                best = hit
        if best is None:
            return None
        return (best[0], ((el.name, i, best[0], best[1]),))
    if kind == "fraction":  # a numeral that is a fraction ("half", "three-quarters"): read as {num}
        num = doc.nums.get(i)
        return (num.j, (("num", i, num.j, num),)) if num and num.kind == "fraction" else None
    if kind == "vague":
        num = doc.vague.get(i)
        return (num.j, ((el.name, i, num.j, num),)) if num else None
    if kind == "clock" or kind == "hour":
        hit = doc.clock_at(i, kind == "hour")
        return (hit[0], ((el.name, i, hit[0], hit[1]),)) if hit else None
    if kind == "word":
        return (i + 1, ()) if doc.kinds[i] == WORD else None
    if kind == "re":
        return (i + 1, ()) if _fits(el.data, doc, i) else None
    if kind == "rest":
        n = doc.n
        j = i
        while j < n and j - i < MAX_REST and (j == i or not doc.space[j]) and doc.raw[j] not in "\"'<>":
            j += 1
        return (j, ()) if j > i else None
    raise ValueError(f"unknown element kind {kind!r}")
