"""Rule sequences: a small pattern language over token classes, parsed into elements.

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
already cut at it). figures/prefilter.py says what a sequence needs before it
is tried; figures/matcher.py matches it over a sentence's tokens.
"""
from __future__ import annotations

import regex

from .errors import PackError
from .tokens import phrase_tokens


_LEX = regex.compile(r"""\s+|\(|\)|\||\?|~|!(?=[{(/'"~])|\{[^}]*\}|'[^']*'|"[^"]*"|/(?:\\.|[^/\\])+/|[^\s()|?~{}'"/]+""")
VALUED = {"num", "fraction", "vague", "clock", "hour", "unit", "cur", "qual", "post", "stem", "head"}
VALUED_CLASSES = frozenset({"unit", "cur", "qual", "post", "stem", "head"})  # pack classes that carry a value


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
