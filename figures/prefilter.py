"""What a rule sequence needs before it is tried (figures/sequences.py is the language).

Each answer is a necessary condition read from the sequence alone, so a rule
is tried only where it may match and the tables stay the same: where it can
start (`first_keys`, `_filter`), how far before its first numeral it can start
(`reach`), what its sentence must hold (`required`), how many tokens a context
covers (`max_width`) and what the token after its anchor must be (`anchor_tails`).
"""
from __future__ import annotations

import itertools

import regex

from .sequences import VALUED_CLASSES, Alts, Elem


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


def _filters(alternatives: list, vals: dict) -> list:
    found = getattr(alternatives, "filters", None)
    if found is None:
        found = [_filter(items, vals) for items in alternatives]
        if isinstance(alternatives, Alts):
            alternatives.filters = found
            alternatives.words = _one_words(alternatives)
    return found


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
            todo[:0] = [items[:k] + ([_glued(alt[0]), *alt[1:]] if el.glue else alt) + items[k + 1:]
                        for alt in el.data]
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
