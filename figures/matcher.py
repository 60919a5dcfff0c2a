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

import regex

from . import timeouts
from .errors import PackError
from .tokens import DIGITS, WORD, Tokens, phrase_tokens

_LEX = regex.compile(r"""\s+|\(|\)|\||\?|~|!(?=[{(/'"~])|\{[^}]*\}|'[^']*'|"[^"]*"|/(?:\\.|[^/\\])+/|[^\s()|?~{}'"/]+""")
VALUED = {"num", "fraction", "vague", "clock", "hour", "unit", "cur", "qual", "post", "stem", "head"}
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


class Elem:
    __slots__ = ("kind", "data", "label", "opt", "glue", "cased", "negated")

    def __init__(self, kind, data=None, label=None, cased=False):
        self.kind, self.data, self.label, self.cased = kind, data, label, cased
        self.opt = False
        self.glue = False
        self.negated = False  # `!X`: zero-width, X must not match here


class Doc:
    """What the matcher reads: tokens, numerals by start token, and the pack's readers."""

    __slots__ = ("toks", "nums", "vague", "lex", "clock", "n", "memo", "_clock_memo")

    def __init__(self, toks: Tokens, nums: dict, vague: dict, lex, clock):
        self.toks, self.nums, self.vague, self.lex, self.clock = toks, nums, vague, lex, clock
        self.n = len(toks.starts)
        self.memo: dict = {}  # (sequence, element, token) -> {end: captures}
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
        return out

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
                el = _negation(el)
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


def _negation(el: Elem) -> Elem:
    """`!X`: a zero-width element that holds where X does not match (optional for `first_keys`, no width)."""
    neg = Elem("not", [[el]])
    neg.negated = True
    return neg


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
    if k in ("num", "fraction"):
        return {"num"}
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


STRONG = {"num", "fraction", "vague", "clock", "hour", "stem", "unit"}  # elements that sit on an anchor token
CLASS_WIDTH = 6  # tokens a class phrase may cover, for `reach`


def reach(alternatives: list, limit: int) -> int:
    """How many tokens a match can start before its first anchor (a numeral, digits, a unit ...):
    the rule is tried only that close to one. `limit` when a way through has no anchor."""
    worst = 0
    for items in alternatives:
        acc = 0
        for el in items:
            strong = (el.kind in STRONG or (el.kind == "re" and _DIGIT_FIRST.match(el.data.pattern))
                      or (el.kind == "lit" and el.data[0][0].isdigit()))
            if el.kind == "group":
                inner = reach(el.data, limit)
                if inner < limit and not el.opt:
                    acc += inner
                    break
                acc += _width(el)
            elif strong and not el.opt:
                break
            else:
                acc += _width(el)
        else:
            return limit
        worst = max(worst, acc)
    return min(worst, limit)


def _width(el: Elem) -> int:
    if el.kind == "not":
        return 0
    if el.kind == "lit":
        return len(el.data[0])
    if el.kind == "group":
        return max(sum(_width(x) for x in items) for items in el.data)
    if el.kind == "rest":
        return MAX_REST
    return 1 if el.kind in ("word", "re") else CLASS_WIDTH


def required_any(alternatives: list, vals: dict) -> list[list[frozenset]]:
    """`required` per top-level alternative: a sentence must meet every clause of at least one."""
    return [_needs(items, vals) for items in alternatives]


def required(alternatives: list, vals: dict) -> list[frozenset]:
    """What every match needs in its sentence, as clauses: each clause lists tokens, classes ("c", id),
    "num" or "vague" of which at least one must be there. A sentence failing a clause is skipped."""
    per_alt = [_needs(items, vals) for items in alternatives]
    if len(per_alt) == 1:
        return per_alt[0]
    if any(not need for need in per_alt):
        return []
    return [frozenset().union(*(need[0] for need in per_alt))]


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
        elif k == "group":
            out.extend(required(el.data, vals))
    return out


def match(alternatives: list, doc: Doc, i: int, vals: dict):
    """Every end of a way through `alternatives` from token i, with its captures: [(end, caps)].

    Dynamic programming: the ends reachable from (sequence, element, token) are computed once per
    sentence (Doc.memo), so optional elements never multiply the work; one capture set per end
    (the first way found, which takes optional elements before skipping them).
    """
    out: dict = {}
    for items in alternatives:
        for end, caps in _seq(items, 0, doc, i, vals).items():
            out.setdefault(end, caps)
    return list(out.items())


def _seq(items, k, doc, i, vals) -> dict:
    if k == len(items):
        return {i: ()}
    key = (id(items), k, i)
    memo = doc.memo
    found = memo.get(key)
    if found is not None:
        return found
    el = items[k]
    out: dict = {}
    for end, extra in _elem(el, doc, i, vals):
        for e2, caps in _seq(items, k + 1, doc, end, vals).items():
            if e2 not in out:
                out[e2] = extra + caps if extra else caps
    if el.opt:
        for e2, caps in _seq(items, k + 1, doc, i, vals).items():
            if e2 not in out:
                out[e2] = caps
    memo[key] = out
    return out


def _elem(el: Elem, doc: Doc, i: int, vals: dict):
    toks = doc.toks
    n = doc.n
    kind = el.kind
    if kind == "not":
        return () if i < n and match(el.data, doc, i, vals) else ((i, ()),)
    if i >= n or (el.glue and toks.space[i]):
        return ()
    if kind == "lit":
        words, gaps = el.data
        seq = toks.raw if el.cased else toks.low
        m = len(words)
        if i + m > n or seq[i] != words[0]:
            return ()
        for j in range(1, m):
            if seq[i + j] != words[j] or bool(toks.space[i + j]) != gaps[j]:
                return ()
        return ((i + m, ()),)
    if kind == "cls":
        hit = doc.lex.match(toks, i, el.data)
        return ((hit[0], ()),) if hit else ()
    if kind == "group":
        return match(el.data, doc, i, vals)
    name = kind if el.label is None else f"{kind}_{el.label}"
    if kind == "num":
        num = doc.nums.get(i)
        return ((num.j, ((name, i, num.j, num),)),) if num else ()
    if kind == "fraction":  # a numeral that is a fraction ("half", "three-quarters"): read as {num}
        num = doc.nums.get(i)
        return ((num.j, (("num", i, num.j, num),)),) if num and num.kind == "fraction" else ()
    if kind == "vague":
        num = doc.vague.get(i)
        return ((num.j, ((name, i, num.j, num),)),) if num else ()
    if kind in ("clock", "hour"):
        hit = doc.clock_at(i, kind == "hour")
        return ((hit[0], (("clock_" + (el.label or "a"), i, hit[0], hit[1]),)),) if hit else ()
    if kind == "word":
        return ((i + 1, ()),) if toks.kinds[i] == WORD else ()
    if kind == "re":
        key = (el.data, toks.raw[i])
        ok = _SHAPES.get(key)
        if ok is None:  # a token shape is tried by many rules on the same token text: read it once
            ok = _SHAPES[key] = timeouts.fullmatch(el.data, toks.raw[i], TIMEOUT) is not None
            if len(_SHAPES) > 100_000:
                _SHAPES.clear()
        return ((i + 1, ()),) if ok else ()
    if kind == "rest":
        j = i
        while j < n and j - i < MAX_REST and (j == i or not toks.space[j]) and toks.raw[j] not in "\"'<>":
            j += 1
        return ((j, ()),) if j > i else ()
    # valued pack classes (unit, cur, qual, post, stem, head): the longest reading, the first class on ties
    best = None
    for cid in vals[kind]:
        hit = doc.lex.match(toks, i, cid)
        if hit is not None and (best is None or hit[0] > best[0]):
            best = hit
    if best is None:
        return ()
    return ((best[0], ((name, i, best[0], best[1]),)),)
