"""Numerals composed over tokens: the only place that reads numbers.

Driven entirely by a pack's `numbers.yaml` (and `pack.yaml` separators): a
numeral is digits with the pack's group and decimal marks ("300.000",
"1,5"), number words composed in the pack's `order` of place classes
("dvadeset i pet", "two hundred and fifty"), scales ("2,5 milijuna",
"2.5bn"), fractions ("three-quarters", "half a million"), articles ("a
dozen"), approximatives ("desetak", "20-ak") and signs ("minus seven",
"-18"). `find` walks the tokens once, left to right, each attempt reading a
bounded number of tokens, so the cost is linear in the document.

Pack keys beyond the obvious ones:
- `order`: place classes from high to low with the value range of each
  (default: big >= 1000, hundreds, tens, teens, ones); a class may be followed by
  the classes listed in its `then` ("twenty-five", "dvjesto pedeset"), so
  "pet i deset" or "three and five" are two numbers, not one.
- `lone_scales`: scale words that stand alone for one of them ("milijun").
- `stems`: number stems glued to a unit head ("deseto" in "desetodnevne"):
  figures/compounds.py cuts such a word into two tokens before anything reads it.
- `approximative_suffixes`: glued to digits they make them approximate ("20-ak").
- `added_fractions`: phrases after a number that add to it ("two and a half", "dva i pol").
- `minus_after`: words after which a dash with spaces on both sides is a minus sign (hr "iznosio je
  - 2.500.000 kuna", "temperatura od - 5"); elsewhere "X - Y" stays a dash.
- `digit_scales_cased`: digit scales matched with their case (hr "3,4M": "100m" stays metres).
- `loose_decimal`: `{mark, not_units}` another decimal mark read only before a scale word or a unit
  (hr "49.8 milijuna", "2.5 posto"; not before `not_units`: "19.30 sati" is a clock time).
- `fold`: characters and what they are typed as without diacritics (hr "č": "c"): every number
  word is also read folded ("cetiri", "dvadeset sest", "tisucu").
- `word_group_marks`: marks between the groups of a numeral in words, after a scale of 1000 or
  more and before a group that takes a scale ("three million, two hundred & forty").
- `multiples`: words glued after a number or a number stem that make it a multiple ("10-fold",
  "sixfold"): the class rules name `{multiple}`; after a stem it is a compound head (figures/compounds.py).
Digits themselves (separators, decimals, "5 1/2", "2½", "1.5e6", "3 x 10^6", ".5")
are read by figures/digits.py.
"""
from __future__ import annotations

from typing import Any

import math
from dataclasses import dataclass
from itertools import compress, repeat
from operator import and_

from .pack_schema import NUMBER_MAP, NUMBER, TEXT, WORDS, Fields, ListOf, MapOf
from . import digits
from .compounds import Compounds
from .tokens import DIGITS, WORD, Lexicon, Tokens

#: At most this many scale words (or word groups after them) chain into one numeral: a bound
#: keeps every attempt short, so a page of "two hundred and two hundred and ..." stays linear.
CHAIN = 6
DEFAULT_ORDER = [
    {"class": "big", "min": 1000, "then": ["hundreds", "tens", "teens", "ones"]},
    {"class": "hundreds", "min": 100, "then": ["tens", "teens", "ones"]},
    {"class": "tens", "min": 20, "then": ["ones"]},
    {"class": "teens", "min": 10, "then": []},
    {"class": "ones", "min": 0, "then": []},
]


@dataclass(frozen=True, slots=True)
class Numeral:
    """A numeral found in the tokens: tokens [i, j), its value and what kind it is."""

    i: int
    j: int
    value: float | None
    kind: str = "cardinal"  # cardinal | fraction | vague | stem
    qualifier: str | None = None  # approximatives carry "approx"
    low: float | None = None  # vague floor
    scale: float | None = None  # a scale word ending a multi-word numeral ("10 milijuna")
    lone: bool = False  # a never-alone word ("one", "jedan")
    glued: tuple[str, float] | None = None  # a digit scale glued on ("1.75m": ("m", 1e6)); a rule may read it as a unit


def fraction_value(v) -> float:
    """Pack values may be written as "1/3" for exactness."""
    if isinstance(v, str) and "/" in v:
        a, b = v.split("/")
        return float(a) / float(b)
    return float(v)


def _floats(d) -> dict[str, float]:
    return {" ".join(str(k).lower().split()): fraction_value(v) for k, v in (d or {}).items()}


class NumberGrammar:
    """One pack's numeral grammar, compiled into classes of the pack's lexicon."""

    def __init__(self, cfg: dict, decimal: str, group: list[str], lex: Lexicon):
        self.lex = lex
        cfg = _folded(cfg)
        self.prefix_scale: int | None = None  # class of scale letters read only after a currency (units.yaml)
        self.currency_classes: tuple[int, ...] = ()  # the {cur} classes (the pack sets them)
        self.decimal = decimal
        group = [g for g in group if g != decimal]
        self.group_marks = {g for g in group if g != " "}
        self.space_group = " " in group
        self.cardinals = _floats(cfg.get("cardinals"))
        self.scales = _floats(cfg.get("scales"))
        self.digit_scales = _floats(cfg.get("digit_scales"))
        cased_scales = {str(k): fraction_value(v) for k, v in (cfg.get("digit_scales_cased") or {}).items()}
        self.fractions = _floats(cfg.get("fractions"))
        self.approximatives = _floats(cfg.get("approximatives"))
        self.stems = _floats(cfg.get("stems"))
        vague = cfg.get("vague", {}) or {}
        self.vague = _floats(vague.get("amounts"))
        self.vague_multipliers = _floats(vague.get("multipliers"))
        self.vague_scales = _floats(vague.get("scales"))
        loose = cfg.get("loose_decimal") or {}
        self.loose_decimal = str(loose.get("mark", "")) or None
        self.loose_not_units = {str(u) for u in loose.get("not_units", []) or []}
        self.unit_classes: list[int] = []  # the {unit} classes (the pack sets them): for loose_decimal
        self.word_group_marks = {str(m) for m in cfg.get("word_group_marks", []) or []}
        self.never_alone = {" ".join(str(w).lower().split()) for w in cfg.get("never_alone", []) or []}
        order: list[dict[str, Any]] = cfg.get("order") or DEFAULT_ORDER
        self.order: list[str] = [o["class"] for o in order]
        self.then = {o["class"]: list(o.get("then", [])) for o in order}
        c: dict[str, Any] = {}
        self.c = c
        for name in ("scale", "digit_scale", "fraction", "added", "article", "approx", "connector", "minus",
                     "lone_fraction", "lone_scale", "link", "suffix", "vague", "vmult", "vscale", "stem", "multiple",
                     *self.order):
            c[name] = lex.cls("n." + name)
        c["minus_after"] = lex.cls("n.minus_after")
        for word in cfg.get("minus_after", []) or []:
            lex.add("n.minus_after", str(word))
        self.minus_after_mask = 1 << c["minus_after"] if cfg.get("minus_after") else 0
        c["digit_scale_cased"] = lex.cls("n.digit_scale_cased", cased=True)
        for word, v in cased_scales.items():
            lex.add("n.digit_scale_cased", word, v, cased=True)
        for word, v in self.cardinals.items():
            place = next(o["class"] for o in order if v >= float(o.get("min", 0)))
            lex.add("n." + place, word, v)
        for table, name in ((self.scales, "scale"), (self.digit_scales, "digit_scale"),
                            (self.fractions, "fraction"), (_floats(cfg.get("articles")), "article"),
                            (self.approximatives, "approx"), (self.vague, "vague"),
                            (_floats(cfg.get("added_fractions")), "added"),
                            (self.vague_multipliers, "vmult"), (self.vague_scales, "vscale")):
            for word, v in table.items():
                lex.add("n." + name, word, v)
        for word, v in self.stems.items():
            lex.add("n.stem", word, v)
        for name, key in (("connector", "connectors"), ("minus", "minus"), ("lone_fraction", "lone_fractions"),
                          ("lone_scale", "lone_scales"), ("link", "fraction_links"), ("suffix", "approximative_suffixes")):
            for word in cfg.get(key, []) or []:
                value = self.fractions.get(str(word).lower()) or self.scales.get(str(word).lower())
                lex.add("n." + name, str(word), value)
        for word in cfg.get("multiples", []) or []:
            lex.add("n.multiple", str(word), 1.0)
        self.place_mask = 0
        for name in self.order:
            self.place_mask |= 1 << c[name]
        self.start_mask = 0
        for name in ("approx", "article", "fraction", "lone_fraction", "lone_scale", "minus", *self.order):
            self.start_mask |= 1 << c[name]
        # a token without digits and without one of these classes starts no numeral or vague amount
        self.find_mask = self.start_mask | 1 << c["vague"] | 1 << c["vmult"]
        self.compounds = Compounds(self.stems)
        self.glued_prefixes = 0  # classes that may be glued before digits (the pack sets {cur})

    def split(self, toks: Tokens, is_head) -> Tokens:
        """Compound words cut into number stem + unit head (figures/compounds.py)."""
        return self.compounds.split(toks, is_head)

    # ---- finding ----------------------------------------------------------------
    def find(self, toks: Tokens) -> tuple[dict[int, Numeral], dict[int, Numeral]]:
        """Numerals and vague amounts, each keyed by the token where it starts."""
        nums: dict[int, Numeral] = {}
        vague: dict[int, Numeral] = {}
        n = len(toks)
        kinds, space, raw, bits = toks.kinds, toks.space, toks.raw, toks.bits
        vmask = (1 << self.c["vague"]) | (1 << self.c["vmult"])
        decimal = self.decimal
        # where a numeral or a vague amount may start: digits (and a sign or a decimal mark glued
        # before them), or a word of a class that starts one; every other token is passed over
        cand = set(compress(range(n), map(and_, bits, repeat(self.find_mask))))
        j = kinds.find(DIGITS)
        while j >= 0:
            cand.add(j)
            if j and (raw[j - 1] == "-" or raw[j - 1] == decimal):
                cand.add(j - 1)
            j = kinds.find(DIGITS, j + 1)
        next_free = 0
        for i in sorted(cand):
            k = kinds[i]
            if bits[i] & vmask:
                v = self._vague_at(toks, i)
                if v is not None:
                    vague[i] = v
            if i < next_free:
                continue
            num = None
            if k == DIGITS:
                if self._may_start_digits(toks, i):
                    num = self._digits_at(toks, i)
            elif raw[i] == decimal and digits.leading_decimal(self, toks, i):
                num = self._digits_at(toks, i)
            elif raw[i] == "-" and i + 1 < n and kinds[i + 1] == DIGITS and not space[i + 1] and (
                    space[i] or kinds[i - 1] not in (WORD, DIGITS)):
                inner = self._digits_at(toks, i + 1)
                if inner is not None:
                    nums[i + 1] = inner
                    num = _signed(inner, i)
            elif (raw[i] == "-" and self.minus_after_mask and i and i + 1 < n and kinds[i + 1] == DIGITS
                  and space[i] and space[i + 1] and bits[i - 1] & self.minus_after_mask):
                inner = self._digits_at(toks, i + 1)  # "iznosio je - 2.500.000": a spaced minus (`minus_after`)
                if inner is not None:
                    nums[i + 1] = inner
                    num = _signed(inner, i)
            elif bits[i] & self.start_mask:
                num = self._words_at(toks, i)
            if num is not None:
                nums[i] = num
                next_free = num.j
        return nums, vague

    def _may_start_digits(self, toks: Tokens, i: int) -> bool:
        return digits.may_start(self, toks, i)

    def _digits_at(self, toks: Tokens, i: int) -> Numeral | None:
        read = digits.read(self, toks, i)
        if read is None:
            return None
        i, j, value, kind, qualifier, scale, glued = read
        return Numeral(i, j, value, kind=kind, qualifier=qualifier, scale=scale, glued=glued)

    def _scales_after(self, toks: Tokens, j: int, current: float, total: float):
        """`(\\s+ scale){0,CHAIN}` after a number: returns (value, end, trailing scale factor)."""
        scale = None
        for _ in range(CHAIN):
            if j >= len(toks) or not toks.space[j]:
                break
            cid = self.c["scale"]
            hit = self.lex.match(toks, j, cid) if toks.bits[j] >> cid & 1 else None
            if hit is None:
                break
            j, factor = hit
            current, total = _apply_scale(current, total, factor)
            scale = factor
        return total + current, j, scale

    def _joins(self, toks: Tokens, j: int) -> list[int]:
        """Where the next word of a numeral may start after position j: a space, a glued hyphen, a connector."""
        n = len(toks)
        out: list = []
        if j >= n:
            return out
        if toks.space[j]:
            out.append(j)
            cid = self.c["connector"]
            hit = self.lex.match(toks, j, cid) if toks.bits[j] >> cid & 1 else None
            if hit is not None and hit[0] < n and toks.space[hit[0]]:
                out.append(hit[0])
        elif toks.raw[j] == "-" and j + 1 < n and not toks.space[j + 1]:
            out.append(j + 1)
        return out

    def _place(self, toks: Tokens, i: int, classes) -> tuple[int, float] | None:
        """A place-value group starting at i: the first listed class that matches, then what may follow it."""
        b = toks.bits[i]
        for name in classes:
            cid = self.c[name]
            if not b >> cid & 1:
                continue
            hit = self.lex.match(toks, i, cid)
            if hit is None:
                continue
            end, value = hit
            best = (end, value)
            follow = self.then.get(name)
            if follow:
                for j in self._joins(toks, end):
                    rest = self._place(toks, j, follow)
                    if rest is not None and rest[0] > best[0]:
                        best = (rest[0], value + rest[1])
            return best
        return None

    def _words_at(self, toks: Tokens, i: int) -> Numeral | None:
        lex, c, n = self.lex, self.c, len(toks)
        b = toks.bits[i]
        start = i
        hit = lex.match(toks, i, c["minus"]) if b >> c["minus"] & 1 else None
        if hit is not None and hit[0] + 1 < n and toks.raw[hit[0]] == "-" and not toks.space[hit[0]] \
                and not toks.space[hit[0] + 1]:
            hit = (hit[0] + 1, hit[1])  # "minus-40"
        elif hit is not None and hit[0] < n and not toks.space[hit[0]]:
            hit = None
        if hit is not None and hit[0] < n:
            inner = self._digits_at(toks, hit[0]) if toks.kinds[hit[0]] == DIGITS else self._words_at(toks, hit[0])
            if inner is not None:
                return _signed(inner, start)
        best: Numeral | None = None
        # approximatives: "desetak", "desetak tisuća"
        hit = lex.match(toks, i, c["approx"]) if b >> c["approx"] & 1 else None
        if hit is not None:
            value, j, scale = self._scales_after(toks, hit[0], hit[1], 0.0)
            best = _longer(best, Numeral(i, j, value, qualifier="approx", scale=scale))
        # an article before a scale or a fraction: "a dozen", "a third", "a quarter of a million"
        art = lex.match(toks, i, c["article"]) if b >> c["article"] & 1 else None
        frac_from = i
        if art is not None and art[0] < n and toks.space[art[0]]:
            best = _longer(best, self._sequence(toks, art[0], art[1], first_step=True, start=i, article=True))
            frac_from = art[0]
        best = _longer(best, self._fraction_scale(toks, frac_from, i, art[1] if art is not None and frac_from != i
                                                  else None))
        # number words: a place group, a lone fraction or a lone scale, then scales and groups
        if b & self.place_mask:
            place = self._place(toks, i, self.order)
            if place is not None:
                best = _longer(best, self._sequence(toks, place[0], place[1], first_step=False, start=i))
        for name in ("lone_fraction", "lone_scale"):
            if not b >> c[name] & 1:
                continue
            hit = lex.match(toks, i, c[name])
            if hit is None:
                continue
            is_frac = name == "lone_fraction"
            end, value = hit
            cur, kind = (value, "fraction") if is_frac else (0.0, "cardinal")
            total = 0.0 if is_frac else value
            if not is_frac:
                for j in self._joins(toks, end):
                    rest = self._place(toks, j, self.order)
                    if rest is not None:
                        end, cur = rest[0], rest[1]
                        break
            best = _longer(best, self._sequence(toks, end, cur, first_step=False, start=i, total=total, kind=kind))
        if best is not None and best.kind == "cardinal" and best.value is not None:
            added = digits.added_fraction(self, toks, best.j)
            if added is not None:
                value, j, scale = self._scales_after(toks, added[0], best.value + added[1], 0.0)
                return Numeral(best.i, j, value, qualifier=best.qualifier, scale=scale)
        if best is not None and best.j == i + 1 and toks.low[i] in self.never_alone:
            best = Numeral(best.i, best.j, best.value, best.kind, best.qualifier, lone=True)
        return best

    def _fraction_scale(self, toks: Tokens, i: int, start: int, article: float | None) -> Numeral | None:
        """"half a million", "quarter million", "četvrt milijuna": a fraction of a scale is a count."""
        cid = self.c["fraction"]
        hit = self.lex.match(toks, i, cid) if toks.bits[i] >> cid & 1 else None
        if hit is None:
            return None
        j, frac = hit
        link = self.lex.match(toks, j, self.c["link"]) if j < len(toks) and toks.space[j] else None
        after = link[0] if link is not None else j
        cur = (article or 1.0) * frac
        total, steps, scale = 0.0, 0, None
        while steps < CHAIN:
            nxt = None
            for k in self._joins(toks, after):
                s = self.lex.match(toks, k, self.c["scale"])
                if s is not None:
                    nxt = s
                    break
            if nxt is None:
                break
            after, factor = nxt
            cur, total = _apply_scale(cur, total, factor)
            scale = factor
            steps += 1
        if not steps:
            return None
        return Numeral(start, after, total + cur, scale=scale)

    def _sequence(self, toks: Tokens, j: int, current: float, first_step: bool, start: int,
                  total: float = 0.0, kind: str = "cardinal", article: bool = False) -> Numeral | None:
        """After a first group: (join scale|fraction)+ (join group (join scale|fraction)+)* (join group)?"""
        c = self.c
        steps, scale, groups, words = 0, None, 0, 0
        while words < CHAIN * (CHAIN + 1):
            words += 1
            moved = False
            for k in self._joins(toks, j):
                b = toks.bits[k]
                s = self.lex.match(toks, k, c["scale"]) if b >> c["scale"] & 1 else None
                f = None if s is not None or not b >> c["fraction"] & 1 else self.lex.match(toks, k, c["fraction"])
                if s is not None:
                    j = s[0]
                    current, total = _apply_scale(current or 1.0, total, s[1])
                    scale, kind = s[1], "cardinal"
                elif f is not None:
                    j = f[0]
                    current, kind, scale = (current or 1.0) * f[1], "fraction", None
                else:
                    continue
                steps += 1
                moved = True
                break
            if moved:
                continue
            if steps and groups < CHAIN:
                marked = self._group_mark(toks, j, scale)
                for k in self._joins(toks, j) + marked:
                    place = self._place(toks, k, self.order)
                    if place is not None and (k not in marked or self._scaled_next(toks, place[0])):
                        j, current = place[0], current + place[1]
                        groups += 1
                        scale = None
                        moved = True
                        break
            if not moved:
                break
        if first_step and not steps:
            return None
        value = total + current
        return Numeral(start, j, value, kind=kind, scale=scale if j - start > 1 else None)

    def _group_mark(self, toks: Tokens, j: int, scale: float | None) -> list[int]:
        """"three million, two hundred": after a scale of 1000 or more, a glued group mark and a space."""
        if (self.word_group_marks and scale and scale >= 1000 and j + 1 < len(toks) and not toks.space[j]
                and toks.raw[j] in self.word_group_marks and toks.space[j + 1]):
            return [j + 1]
        return []

    def _scaled_next(self, toks: Tokens, j: int) -> bool:
        """A scale word joins at j (the group after a group mark must take one: not "three thousand, two of")."""
        return any(self.lex.match(toks, k, self.c["scale"]) is not None for k in self._joins(toks, j))

    def _vague_at(self, toks: Tokens, i: int) -> Numeral | None:
        lex, c = self.lex, self.c
        best = None
        b = toks.bits[i]
        hit = lex.match(toks, i, c["vague"]) if b >> c["vague"] & 1 else None
        if hit is not None:
            best = Numeral(i, hit[0], None, kind="vague", qualifier="vague", low=hit[1])
        mult = lex.match(toks, i, c["vmult"]) if b >> c["vmult"] & 1 else None
        if mult is not None and mult[0] < len(toks) and toks.space[mult[0]]:
            sc = lex.match(toks, mult[0], c["vscale"])
            if sc is not None and (best is None or sc[0] > best.j):
                best = Numeral(i, sc[0], None, kind="vague", qualifier="vague", low=mult[1] * sc[1])
        return best


def _longer(best: Numeral | None, num: Numeral | None) -> Numeral | None:
    """The longer of two readings (the first on ties; None is no reading)."""
    if num is not None and (best is None or num.j > best.j):
        return num
    return best


FOLDED_LISTS = ("connectors", "minus", "lone_fractions", "lone_scales", "fraction_links", "approximative_suffixes",
                "multiples", "never_alone")
FOLDED_MAPS = ("cardinals", "scales", "fractions", "approximatives", "stems", "added_fractions", "articles")


def _folded(cfg: dict) -> dict:
    """numbers.yaml with every word also in its `fold` spelling ("četiri" -> "cetiri"), the original
    first: news typed without diacritics ("dvadeset sest", "tisucu") reads the same numerals."""
    table = {str(k): str(v) for k, v in (cfg.get("fold") or {}).items()}
    if not table:
        return cfg

    def fold(word) -> str:
        return "".join(table.get(ch, ch) for ch in str(word))

    def fold_map(d):
        out = dict(d or {})
        for word, v in (d or {}).items():
            out.setdefault(fold(word), v)
        return out

    def fold_list(items):
        out = list(items or [])
        for word in items or []:
            if fold(word) not in out:
                out.append(fold(word))
        return out

    cfg = dict(cfg)
    for key in FOLDED_MAPS:
        if cfg.get(key):
            cfg[key] = fold_map(cfg[key])
    for key in FOLDED_LISTS:
        if cfg.get(key):
            cfg[key] = fold_list(cfg[key])
    if cfg.get("vague"):
        cfg["vague"] = {k: fold_map(v) for k, v in cfg["vague"].items()}
    return cfg


def _apply_scale(current: float, total: float, factor: float) -> tuple[float, float]:
    current = current or 1.0
    if factor >= 1000:
        return 0.0, total + current * factor
    return current * factor, total


def _signed(num: Numeral, start: int) -> Numeral:
    value = None if num.value is None else -num.value
    return Numeral(start, num.j, value, num.kind, num.qualifier, num.low, num.scale, num.lone, num.glued)


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


#: The keys of numbers.yaml this module reads (figures/pack_schema.py); a new key is declared here.
SCHEMA = Fields({
    "cardinals": NUMBER_MAP, "scales": NUMBER_MAP, "digit_scales": NUMBER_MAP, "fractions": NUMBER_MAP,
    "articles": NUMBER_MAP, "approximatives": NUMBER_MAP, "stems": NUMBER_MAP,
    "connectors": WORDS, "lone_fractions": WORDS, "fraction_links": WORDS, "minus": WORDS,
    "never_alone": WORDS, "lone_scales": WORDS, "approximative_suffixes": WORDS, "added_fractions": NUMBER_MAP,
    "multiples": WORDS, "word_group_marks": WORDS, "digit_scales_cased": NUMBER_MAP, "minus_after": WORDS,
    "loose_decimal": Fields({"mark": TEXT, "not_units": WORDS}), "fold": MapOf(TEXT, what="character"),
    "order": ListOf(Fields({"class": TEXT, "min": NUMBER, "then": WORDS}), what="a list of place classes"),
    "vague": Fields({"amounts": NUMBER_MAP, "multipliers": NUMBER_MAP, "scales": NUMBER_MAP}),
}, owner="figures/numbers.py SCHEMA")
