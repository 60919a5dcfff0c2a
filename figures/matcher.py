"""Rule sequences: a small pattern language over token classes, and its matcher.

A pattern is a space-separated sequence (patterns/README.md, "rules.yaml"):

    {num}  {num:lo}        a numeral found by numbers.find (label: which bound); {fraction}: one that is a fraction
    {vague}                a vague amount ("hundreds of thousands")
    {clock:a}  {hour:a}    a clock time ("8 a.m.", "17:30", "midnight"); a bare hour
    {unit} {cur} {qual} {post} {stem} {head}   pack classes that carry a value
    {word}                 any word;  {rest}: the rest of a chunk without spaces (a URL)
    {month}                any list of the pack's lexicon (constrains, carries nothing)
    between  a.m.  -  ,    a literal (any case); 'Richter' or '(' quoted: exact text
    /\\d{1,2}/             one token's shape (a regex matched against a single token)
    X?   ( A | B )   ~X    optional, alternatives, X glued to what precedes it
    !X  !~X                zero-width: X (glued) does not match here ("!{not_name} /\\p{Lu}.*/": a
                           capitalised word that is not one of the list; "- !~/\\d+/": a dash, no sign)

Whitespace between elements is allowed and never required (tokens are
already cut at it). Matching tries every way through the (short) sequence
and keeps the longest; each element reads a bounded number of tokens, so one
attempt costs O(1) and the whole document O(tokens).
"""
from __future__ import annotations

import itertools

import regex

from . import timeouts
from .errors import PackError
from .tokens import DIGITS, WORD, Tokens, phrase_tokens

_LEX = regex.compile(r"""\s+|\(|\)|\||\?|~|!(?=[{(/'"~])|\{[^}]*\}|'[^']*'|"[^"]*"|/(?:\\.|[^/\\])+/|[^\s()|?~{}'"/]+""")
VALUED = {"num", "fraction", "vague", "clock", "hour", "unit", "cur", "qual", "post", "stem", "head"}
VALUED_CLASSES = frozenset({"unit", "cur", "qual", "post", "stem", "head"})  # pack classes that carry a value
_DIGIT_START = regex.compile(r"(?:\(\?:)*(?:\\d|\[0-9|\[\\d|[0-9])")


class _DigitFirst:
    """A token shape that can only match digits: each top-level alternative starts with one."""

    @staticmethod
    def match(src: str) -> bool:
        parts, depth, cur, esc = [], 0, "", False
        for ch in src:
            if esc:
                cur, esc = cur + ch, False
                continue
            if ch == "\\":
                esc = True
            elif ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif ch == "|" and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            cur += ch
        parts.append(cur)
        return all(_DIGIT_START.match(p) for p in parts)


_DIGIT_FIRST = _DigitFirst()
MAX_REST = 64
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


class Elem:
    __slots__ = ("kind", "data", "label", "opt", "glue", "cased", "name", "mask", "guards")  # kind "not": `!X`

    def __init__(self, kind, data=None, label=None, cased=False):
        self.kind, self.data, self.label, self.cased = kind, data, label, cased
        self.opt = False
        self.glue = False
        # what a capture of this element is called ("num_lo", "clock_a", a fraction reads as "num")
        self.name = ("num" if kind == "fraction" else "clock_" + (label or "a") if kind in ("clock", "hour")
                     else kind if label is None else f"{kind}_{label}")
        self.mask = None  # a valued class element: the bits of its classes (set on first use)
        # the `!X` elements just before a required element, read at the same token once the element
        # itself has matched there (cheaper first, same result: both are read at that token)
        self.guards: tuple = ()


class Alts(list):
    """A pattern's alternatives (each a list of Elem), with what a token needs to start each one."""

    filters: list | None = None  # per alternative: (words, class mask, numeral?, vague?, digits?) or None
    words: frozenset | None = None  # every alternative one plain word ("(to | or | -)"): the words


def _one_words(alternatives: list):
    """The words of alternatives that are each one plain (uncased, unglued, required) one-token literal."""
    words = set()
    for items in alternatives:
        if len(items) != 1:
            return None
        el = items[0]
        if el.kind != "lit" or el.opt or el.glue or el.cased or el.guards or len(el.data[0]) != 1:
            return None
        words.add(el.data[0][0])
    return frozenset(words)


def _filter(items: list, vals: dict):
    """What token a way through `items` must start at, or None when it may start anywhere (or
    match nothing): its first words (lower case), class bits, a numeral, a vague amount, digits,
    token shapes it may fit, any word, and whether it must be glued to the token before it."""
    words: set = set()
    mask, num, vague, digits, word, glued = 0, False, False, False, False, True
    shapes: tuple = ()
    for el in items:
        k = el.kind
        if k == "not":
            continue  # zero-width: the token is the next element's
        if not el.glue and k != "group":
            glued = False
        if k == "lit":
            words.add(el.data[0][0].lower())
        elif k == "cls":
            mask |= 1 << el.data
        elif k in VALUED_CLASSES:
            for cid in vals[k]:
                mask |= 1 << cid
        elif k in ("num", "fraction"):
            num = True
        elif k == "vague":
            vague = True
        elif k == "re" and _DIGIT_FIRST.match(el.data.pattern):
            digits = True
        elif k == "re":
            shapes += (el.data,)
        elif k == "word":
            word = True
        elif k == "group":
            for sub in _filters(el.data, vals):
                if sub is None:
                    return None
                words |= sub[0]
                mask |= sub[1]
                num, vague, digits = num or sub[2], vague or sub[3], digits or sub[4]
                shapes, word = shapes + sub[5], word or sub[6]
                glued = glued and (el.glue or sub[7])
        else:
            return None
        if not el.opt:
            return frozenset(words), mask, num, vague, digits, shapes, word, glued
    return None


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


def _filters(alternatives: list, vals: dict) -> list:
    found = getattr(alternatives, "filters", None)
    if found is None:
        found = [_filter(items, vals) for items in alternatives]
        if isinstance(alternatives, Alts):
            alternatives.filters = found
            alternatives.words = _one_words(alternatives)
    return found


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


def parse(pattern: str, classes: dict[str, int], source: str, rid: str, key: str) -> list:
    """A pattern string -> a list of alternatives, each a list of Elem (groups nest)."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PackError(source, "a pattern must be a non-empty string", rule=rid, key=key)
    pieces = [m.group() for m in _LEX.finditer(pattern) if not m.group().isspace()]
    if "".join(pieces) != "".join(pattern.split()):
        raise PackError(source, f"cannot read pattern {pattern!r}", rule=rid, key=key)
    pos = 0

    def fail(msg):
        raise PackError(source, f"{msg} in {pattern!r}", rule=rid, key=key)

    def alts():
        nonlocal pos
        out = [seq()]
        while pos < len(pieces) and pieces[pos] == "|":
            pos += 1
            out.append(seq())
        return Alts(out)

    def seq():
        nonlocal pos
        items = []
        while pos < len(pieces) and pieces[pos] not in ("|", ")"):
            glue = pieces[pos] == "~"
            if glue:
                pos += 1
                if pos >= len(pieces):
                    fail("'~' must precede an element")
            negated = pieces[pos] == "!"
            inner_glue = False
            if negated:
                pos += 1
                inner_glue = pos < len(pieces) and pieces[pos] == "~"  # "!~X": X glued here does not follow
                pos += inner_glue
                if pos >= len(pieces) or pieces[pos] in ("|", ")", "?", "~", "!"):
                    fail("'!' must precede an element")
            p = pieces[pos]
            pos += 1
            if p == "(":
                el = Elem("group", alts())
                if pos >= len(pieces) or pieces[pos] != ")":
                    fail("unclosed '('")
                pos += 1
            elif p == "?":
                fail("'?' must follow an element")
            else:
                el = atom(p)
            if pos < len(pieces) and pieces[pos] == "?":
                if negated:
                    fail("'!X' cannot be optional")
                el.opt = True
                pos += 1
            el.glue = glue
            if negated:
                el.glue = inner_glue
                el = Elem("not", Alts([[el]]))  # zero-width: holds where the element does not match
            elif not el.opt and items and items[-1].kind == "not":
                k = len(items)
                while k and items[k - 1].kind == "not":
                    k -= 1
                el.guards = tuple(items[k:])
                del items[k:]
            items.append(el)
        if not items:
            fail("empty sequence")
        return items

    def atom(p):
        if p.startswith("{"):
            name, _, label = p[1:-1].partition(":")
            if name in VALUED or name in ("word", "rest"):
                return Elem(name, label=label or None)
            if name not in classes:
                fail(f"unknown class {{{name}}}")
            return Elem("cls", classes[name])
        if p.startswith("/"):
            try:
                return Elem("re", regex.compile(p[1:-1]))
            except regex.error as e:
                fail(f"bad regex {p} ({e})")
        cased = p.startswith(("'", '"'))
        text = p[1:-1] if cased else p
        if not text:
            fail("empty literal")
        toks, gaps = phrase_tokens(text)
        return Elem("lit", (toks if cased else tuple(t.lower() for t in toks), gaps), cased=cased)

    out = alts()
    if pos != len(pieces):
        fail(f"unexpected {pieces[pos]!r}")
    return out


def capture_names(alternatives: list) -> set:
    """The names of every capture a way through `alternatives` may make."""
    names: set = set()
    for items in alternatives:
        for el in items:
            names |= capture_names(el.data) if el.kind == "group" else {el.name}
    return names


def first_keys(alternatives: list) -> set:
    """Where a pattern can start: literal words, classes, numerals, digits, words or anywhere."""
    keys: set = set()
    for items in alternatives:
        for el in items:
            if el.kind == "not":
                continue  # zero-width: the match starts at what follows it
            keys |= _elem_keys(el)
            if not el.opt:
                break
        else:
            keys.add("any")
    return keys


def _elem_keys(el: Elem) -> set:
    k = el.kind
    if k == "lit":
        return {("w", el.data[0][0].lower())}
    if k == "cls":
        return {("c", el.data)}
    if k == "group":
        return first_keys(el.data)
    if k == "num":
        return {"num"}
    if k == "fraction":
        return {"fraction"}  # only where a numeral that is a fraction starts
    if k == "vague":
        return {"vague"}
    if k in ("clock", "hour"):
        return {"digit", "word"}
    if k == "re":
        kinds = ("digit",) if _DIGIT_FIRST.match(el.data.pattern) else ("word", "other", "digit")
        return {("re", kind, el.data) for kind in kinds}
    if k in ("unit", "cur", "qual", "post", "head", "stem"):
        return {("v", k)}
    return {"word", "other", "digit"}


NEEDS_DIGITS = "\x00digits"  # a clause item: a digit token (no token is this text: "\x00" is a token alone)
MAX_CLAUSES = 64  # a group's clauses are combined only up to this many (else: its first clauses, merged)
STRONG = {"num", "fraction", "vague", "clock", "hour", "stem", "unit"}  # elements that sit on an anchor token
CLASS_WIDTH = 6  # tokens a class phrase may cover, for `reach`


def reach(alternatives: list, limit: int, class_width=None) -> int:
    """How many tokens a match can start before its first anchor (a numeral, digits, a unit ...):
    the rule is tried only that close to one. `limit` when a way through has no anchor.
    `class_width(el)`: the most tokens a class element can cover (default CLASS_WIDTH)."""
    worst = 0
    for items in alternatives:
        acc = 0
        for el in items:
            strong = (el.kind in STRONG or (el.kind == "re" and _DIGIT_FIRST.match(el.data.pattern))
                      or (el.kind == "lit" and el.data[0][0].isdigit()))
            if el.kind == "group":
                inner = reach(el.data, limit, class_width)
                if inner < limit and not el.opt:
                    acc += inner
                    break
                acc += _width(el, class_width)
            elif strong and not el.opt:
                break
            else:
                acc += _width(el, class_width)
        else:
            return limit
        worst = max(worst, acc)
    return min(worst, limit)


def _width(el: Elem, class_width=None) -> int:
    if el.kind == "not":
        return 0
    if el.kind == "lit":
        return len(el.data[0])
    if el.kind == "group":
        return max(sum(_width(x, class_width) for x in items) for items in el.data)
    if el.kind == "rest":
        return MAX_REST
    if el.kind in ("word", "re"):
        return 1
    if class_width is not None and (el.kind == "cls" or el.kind in VALUED_CLASSES):
        return class_width(el)
    return CLASS_WIDTH


def max_width(alternatives: list, class_width) -> int | None:
    """The most tokens a way through `alternatives` covers, or None when that has no bound here
    (a numeral, a clock time, {rest}). `class_width(el)`: the most tokens a class element covers."""
    widest = 0
    for items in alternatives:
        total = 0
        for el in items:
            k = el.kind
            if k == "not":
                continue
            if k == "group":
                w = max_width(el.data, class_width)
            elif k == "lit":
                w = len(el.data[0])
            elif k in ("re", "word"):
                w = 1
            elif k == "cls" or k in VALUED_CLASSES:
                w = class_width(el)
            else:
                w = None
            if w is None:
                return None
            total += w
        widest = max(widest, total)
    return widest


ANCHOR_NUM, ANCHOR_VAGUE, ANCHOR_ELEM = 1, 2, 3  # what the first required element of a sequence reads


def anchor_tails(alternatives: list, vals: dict, class_width=None, after: list | None = None):
    """A cheap necessary condition for a way through `alternatives` from token i, per top-level
    alternative: (widest optional prefix, anchor kind, anchor filter, tail filter). A way starts its
    first required element (a numeral, a vague amount or one element that is not a group: the
    anchor) at some token p with i <= p <= i + prefix, and the token after the anchor can start the rest.
    None when an alternative is not of that shape (nothing can be said before trying it). `after`:
    a context that must follow every way (a rule's `after`), read as the end of each sequence; a
    required group that comes first is read as its alternatives, one sequence each."""
    out: list = []
    todo = [list(items) + ([Elem("group", after)] if after else []) for items in alternatives]
    while todo:
        items = todo.pop(0)
        width, k = 0, 0
        while k < len(items) and (items[k].opt or items[k].kind == "not"):
            if items[k].kind == "rest":
                return None
            width += _width(items[k], class_width)
            k += 1
        if k == len(items):
            return None
        el = items[k]
        if el.kind == "group" and not el.guards and len(todo) + len(el.data) <= 16:
            todo[:0] = [items[:k] + [*alt[:1], *alt[1:]] + items[k + 1:] for alt in el.data] if not el.glue else \
                [items[:k] + [_glued(alt[0]), *alt[1:]] + items[k + 1:] for alt in el.data]
            continue
        if el.kind in ("num", "fraction"):
            kind, first = ANCHOR_NUM, None
        elif el.kind == "vague":
            kind, first = ANCHOR_VAGUE, None
        elif el.kind in ("re", "word", "lit", "cls") or el.kind in VALUED_CLASSES:
            kind, first = ANCHOR_ELEM, el
        else:
            return None
        tail = _filter(items[k + 1:], vals)
        if tail is None:
            return None
        out.append((width, kind, first, tail))
    return out


def _glued(el: Elem) -> Elem:
    """A copy of an element that must be glued to the token before it (a glued group's first)."""
    out = Elem(el.kind, el.data, el.label, el.cased)
    out.opt, out.glue, out.name, out.mask, out.guards = el.opt, True, el.name, el.mask, el.guards
    return out


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


def required_any(alternatives: list, vals: dict) -> list[list[frozenset]]:
    """`required` per top-level alternative: a sentence must meet every clause of at least one."""
    return [_needs(items, vals) for items in alternatives]


def required(alternatives: list, vals: dict) -> list[frozenset]:
    """What every match needs in its sentence, as clauses: each clause lists tokens, classes ("c", id),
    "num", "vague" or NEEDS_DIGITS (a token of digits) of which at least one must be there. A sentence
    failing a clause is skipped."""
    per_alt = [_needs(items, vals) for items in alternatives]
    if len(per_alt) == 1:
        return per_alt[0]
    if any(not need for need in per_alt):
        return []
    size = 1
    for need in per_alt:
        size *= len(need)
    if size > MAX_CLAUSES:
        return [frozenset().union(*(need[0] for need in per_alt))]
    # one of the alternatives holds, so for any one clause picked from each, one of their union
    # holds: every such union is a clause ("{num} ~{multiple} | {stem} ~{multiple}" needs {multiple})
    found: list[frozenset] = []
    for combo in itertools.product(*per_alt):
        clause = frozenset().union(*combo)
        if clause not in found:
            found.append(clause)
    return [c for c in found if not any(o < c for o in found)]  # a clause implied by a narrower one goes


def _needs(items: list, vals: dict) -> list[frozenset]:
    out: list[frozenset] = []
    for el in items:
        if el.opt or el.kind == "not":
            continue
        k = el.kind
        if k == "lit":
            out.extend(frozenset([t.lower()]) for t in el.data[0])
        elif k == "cls":
            out.append(frozenset([("c", el.data)]))
        elif k in vals:
            out.append(frozenset(("c", cid) for cid in vals[k]))
        elif k in ("num", "vague", "fraction"):
            out.append(frozenset(["vague" if k == "vague" else "num"]))
        elif k == "re" and _DIGIT_FIRST.match(el.data.pattern):
            out.append(frozenset([NEEDS_DIGITS]))
        elif k == "group":
            out.extend(required(el.data, vals))
    return out


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
