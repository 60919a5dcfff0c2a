"""Rules: token sequences (figures/sequences.py, matched by figures/matcher.py) -> candidates, with a reason for every rejection.

A rule is data (patterns/<lang>/rules.yaml, exclude.yaml): `match` is the
sequence that becomes the row's span; optional `before` / `after` must
surround it and `not_before` / `not_after` must not; `emit` sets fields
(qualifier, dimension, unit, value, lone). Which classes matched decides
the reading: two clock times are a time window, `{num:lo}` and `{num:hi}` a
range, `{vague}` a vague amount, one `{num}` (or `{stem}`) a single value.

Every rule is tried at every token where it can start (near a numeral), and
every match becomes a candidate: the one overlap policy (resolve.overlap)
chooses among them, so a rejected reading ("from 6.1 percent to 5.9
percent" read as a range) never hides the numbers inside it.
"""
from __future__ import annotations

from typing import Any

import math
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import compress, repeat
from operator import and_, or_

from . import matcher, prefilter, sequences, timeouts, units
from .errors import PackError, RuleTimeout
from .pack_schema import Fields, ListOf, Mapping
from .tokens import DIGITS, OTHER, Tokens
from .types import Candidate, Drop

BOUNDS = {
    "exact": lambda v: (v, v),
    "approx": lambda v: (None, None),
    "at_least": lambda v: (v, None),
    "more_than": lambda v: (v, None),
    "at_most": lambda v: (None, v),
    "less_than": lambda v: (None, v),
}
RULE_KEYS = {"id": str, "doc": str, "match": str, "before": str, "after": str, "not_before": str,
             "not_after": str, "emit": dict, "priority": int, "examples": list, "must_not_match": list,
             "vetoes": list}
PATTERN_KEYS = ("match", "before", "after", "not_before", "not_after")
EMIT_TYPES = {"qualifier": str, "dimension": str, "unit": str, "value": (int, float), "lone": bool, "unscale": str}
DIMENSIONS = {"count", "length", "area", "volume", "mass", "duration", "time_window", "ratio", "currency",
              "speed", "temperature", "age", "other"}  # FIGURES_SPEC §2
#: rules.yaml and exclude.yaml hold one key; each entry's keys are checked by check_spec (with the rule id).
SCHEMA = Fields({"rules": ListOf(Mapping(), what="a list of rules")}, owner="figures/rules.py SCHEMA")
NEAR = 40  # tokens: a rule is tried only this close before a numeral, a vague amount or digits
LOOKBACK = 8  # tokens searched for a `not_before` context
FLAG_GLUED, FLAG_NUM, FLAG_VAGUE, FLAG_FRACTION = 1, 2, 4, 8  # a token's flags for RuleSet._starts_at
UNIT_CAPTURES = ("unit", "unit_hi", "unit_lo", "cur", "cur_lo", "cur_hi", "head", "unit_after")  # the row's unit: the first found
KIND_NAMES = ("", "word", "digit", "other")  # token kind -> the start key of rules that begin with it


@dataclass
class Rule:
    """One compiled rule: its sequences and what it emits."""

    id: str
    match: list
    priority: int = 10
    emit: dict = field(default_factory=dict)
    exclude: bool = False
    before: list | None = None
    after: list | None = None
    not_before: list | None = None
    not_after: list | None = None
    examples: list = field(default_factory=list)
    must_not_match: list = field(default_factory=list)
    doc: str = ""
    source: str = ""
    spec: dict = field(default_factory=dict)
    after_unit: bool = False  # `after` holds {unit:after}: its unit is the row's when the span has none
    unit_keys: tuple = UNIT_CAPTURES  # the captures that may give the row's unit, in UNIT_CAPTURES order
    lookback: int = LOOKBACK  # tokens a `not_before` context may cover (set from the lexicon's widths)

    @property
    def starts(self) -> set:
        return prefilter.first_keys(self.before or self.match)


def check_spec(spec: object, source: str, is_known) -> None:
    """A rule entry's shape: a mapping with a string id and match, known keys of the right types."""
    if not isinstance(spec, dict):
        raise PackError(source, f"a rule must be a mapping, got {type(spec).__name__}: {spec!r:.60}")
    rid = spec.get("id")
    if not rid:
        raise PackError(source, "rule without id", key="id")
    if not isinstance(rid, str):
        raise PackError(source, f"rule id must be a string, got {rid!r}", key="id")
    for key, value in spec.items():
        if key.startswith("_"):
            continue
        if key not in RULE_KEYS:
            raise PackError(source, f"unknown key (known: {', '.join(RULE_KEYS)})", rule=rid, key=key)
        want = RULE_KEYS[key]
        if value is not None and (not isinstance(value, want) or isinstance(value, bool) and want is int):
            raise PackError(source, f"must be {want.__name__}, got {type(value).__name__}", rule=rid, key=key)
    if not isinstance(spec.get("match"), str):
        raise PackError(source, "rule needs a string 'match'", rule=rid, key="match")
    emit = spec.get("emit") or {}
    for key, value in emit.items():
        if key not in EMIT_TYPES:
            raise PackError(source, f"unknown emit keys {[key]} (known: {', '.join(EMIT_TYPES)})",
                            rule=rid, key=f"emit.{key}")
        kinds: Any = EMIT_TYPES[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and key != "lone"):
            raise PackError(source, f"must be {getattr(kinds, '__name__', 'a number')}, got {value!r}",
                            rule=rid, key=f"emit.{key}")
    if "qualifier" in emit and emit["qualifier"] not in (*BOUNDS, "range", "vague"):
        raise PackError(source, f"unknown qualifier {emit['qualifier']!r}", rule=rid, key="emit.qualifier")
    if "dimension" in emit and emit["dimension"] not in DIMENSIONS:
        raise PackError(source, f"unknown dimension {emit['dimension']!r}", rule=rid, key="emit.dimension")
    if "unit" in emit and not is_known(emit["unit"]):
        raise PackError(source, f"pint does not know unit {emit['unit']!r}", rule=rid, key="emit.unit")


def compile_rule(spec: dict, classes: dict[str, int], source: str, exclude: bool, is_known) -> Rule:
    """Parse a rule's sequences; every mistake is a PackError naming file, rule and key."""
    check_spec(spec, source, is_known)
    rid = spec["id"]
    seqs = {k: sequences.parse(spec[k], classes, source, rid, k) for k in PATTERN_KEYS if spec.get(k)}
    return Rule(
        id=rid, match=seqs["match"], priority=int(spec.get("priority", 50 if exclude else 10)),
        emit=dict(spec.get("emit") or {}), exclude=exclude, before=seqs.get("before"), after=seqs.get("after"),
        not_before=seqs.get("not_before"), not_after=seqs.get("not_after"),
        examples=list(spec.get("examples", []) or []), must_not_match=list(spec.get("must_not_match", []) or []),
        doc=spec.get("doc", ""), source=source, spec={k: v for k, v in spec.items() if not k.startswith("_")},
        after_unit="{unit:after}" in (spec.get("after") or ""),
        unit_keys=tuple(k for k in UNIT_CAPTURES if k in sequences.capture_names(seqs["match"])
                        or k == "unit_after" and "{unit:after}" in (spec.get("after") or "")),
    )


class RuleSet:
    """A pack's rules indexed by where they can start."""

    def __init__(self, rules: list[Rule], valued: dict[str, list[int]], anchor_mask: int = 0):
        self.rules = rules
        self.valued = valued
        self.anchor_mask = anchor_mask  # classes that anchor a figure without a numeral ("a week", "deseto-")
        self.by_word: dict[str, list[int]] = {}
        self.by_class: dict[int, list[int]] = {}
        self.by_kind: dict[str, list[tuple[int, Any]]] = {}  # token kind -> (rule index, shape or None)
        self.class_mask = 0
        self.reach = [prefilter.reach(_joined(r.before, r.match) if r.before else r.match, NEAR) for r in rules]
        # what a sentence must hold for the rule to match: its `match` (per alternative), `before` and
        # `after` (both must match too, inside the sentence); the negative contexts add nothing
        self.required = [[alt + (prefilter.required(r.before, valued) if r.before else [])
                          + (prefilter.required(r.after, valued) if r.after else [])
                          for alt in prefilter.required_any(r.match, valued)] for r in rules]
        # the same, each clause as (words, class mask, a numeral, a vague amount): any one meets it
        self.needs = [[[_clause(c) for c in need] for need in alts] for alts in self.required]
        # a sentence is known by the words and classes the clauses name: per such signature, whether
        # it may hold each rule (0 not decided yet, 1 it may, 2 it cannot)
        self._words = frozenset(w for alts in self.needs for need in alts for c in need for w in c[0])
        self._mask = 0
        for alts in self.needs:
            for need in alts:
                for c in need:
                    self._mask |= c[1]
        self._held: dict[tuple, bytearray] = {}
        self._exact = None  # the lexicon `reach` was last measured with (RuleSet._exact_reach)
        self.tails: list = [None] * len(rules)  # per rule: prefilter.anchor_tails, set with `reach`
        # which rules may start at a token, by its text; one table per flag set (FLAG_*)
        self._starts: list[dict[str, tuple]] = [{} for _ in range(16)]
        for idx, rule in enumerate(rules):
            for key in rule.starts:
                if isinstance(key, tuple) and key[0] == "re":  # a token shape: checked before an attempt
                    if key[1] == "digit" and not matcher.digit_opens(key[2]):
                        continue  # no text it fits starts with a digit: never at a digit token
                    self.by_kind.setdefault(key[1], []).append((idx, key[2]))
                elif isinstance(key, tuple) and key[0] == "w":
                    self.by_word.setdefault(key[1], []).append(idx)
                elif isinstance(key, tuple):
                    cids = [key[1]] if key[0] == "c" else valued[key[1]]
                    for cid in cids:
                        self.by_class.setdefault(cid, []).append(idx)
                        self.class_mask |= 1 << cid
                else:
                    self.by_kind.setdefault(key, []).append((idx, None))
        # a digit token's rules depend on its length, its own word and class entries and the digit
        # shapes that are not a mere count of digits ("(?:1[89]|20)\d{2}"): a number never seen
        # before is looked up by those (every number of a long list is new)
        self._digit_shapes = tuple(dict.fromkeys(
            shape for _, shape in self.by_kind.get("digit", ()) if matcher.digit_run(shape) is None))
        self._by_digits: dict[tuple, tuple] = {}

    def apply(self, doc: matcher.Doc, offset_drops: list[Drop] | None) -> list[Candidate]:
        """Every rule at every token where it can start: all candidates, and the rejected readings.

        A rule is tried at a token only within its `reach` before the next anchor (a numeral, a
        vague amount, digits, a unit, a stem), so only the stretches before anchors are visited;
        which rules may start at a token is looked up by the token's text (memoised), and whether
        the sentence holds what a rule requires is decided the first time the rule is tried.
        """
        toks = doc.toks
        n = doc.n
        nums, vague = doc.nums, doc.vague
        kinds, bits, raw, space = toks.kinds, toks.bits, toks.raw, toks.space
        anchors = set(nums)
        anchors.update(vague)
        j = kinds.find(DIGITS)
        has_digits = j >= 0 or doc.other_digits
        while j >= 0:
            anchors.add(j)
            j = kinds.find(DIGITS, j + 1)
        if self.anchor_mask:
            anchors.update(compress(range(n), map(and_, bits, repeat(self.anchor_mask))))
        if not anchors:
            return []
        if self._exact is not doc.lex:
            self._exact_reach(doc.lex)
        reach, rules, starts0, tails = self.reach, self.rules, self._starts[0], self.tails
        present = (self._words.intersection(toks.low), reduce(or_, bits, 0) & self._mask, bool(nums), bool(vague),
                   has_digits)
        state = self._held.get(present)
        if state is None:  # a new signature: which rules it may hold, and whether any
            if len(self._held) > 10_000:
                self._held.clear()
            state = self._held[present] = bytearray([1 if _meets(need, present) else 2 for need in self.needs])
            state.append(1 if 1 in state else 2)
        if state[-1] == 2:
            return []
        out: list[Candidate] = []
        seen: set = set()
        order = sorted(anchors)
        # the rules that may start at each token, by its text (memoised); a token after the last
        # anchor or more than NEAR tokens before the next one starts none
        seg: list = list(map(starts0.get, raw))
        if None in seg:
            k = seg.index(None)
            while True:
                nxt = order[bisect_left(order, k)] if k <= order[-1] else None
                seg[k] = self._starts_at(toks, k, 0) if nxt is not None and nxt - k <= NEAR else ()
                try:
                    k = seg.index(None, k + 1)
                except ValueError:
                    break
        for a in order:  # an anchor's rules depend on its flags too
            flag = 0
            if kinds[a] == DIGITS and a and not space[a] and (kinds[a - 1] != OTHER or (
                    raw[a - 1] in ".," and a > 1 and not space[a - 1] and kinds[a - 2] == DIGITS)):
                flag = FLAG_GLUED  # digits glued to a word ("F16") or the tail of a number read already ("1,1")
            num = nums.get(a)
            if num is not None:
                flag |= FLAG_NUM if num.kind != "fraction" else FLAG_NUM | FLAG_FRACTION
            if a in vague:
                flag |= FLAG_VAGUE
            if flag:
                here = self._starts[flag].get(raw[a])
                seg[a] = here if here is not None else self._starts_at(toks, a, flag)
        p = 0
        last = len(order)
        for i in compress(range(n), seg):
            while p < last and order[p] < i:
                p += 1
            if p == last:
                break
            d = order[p] - i
            if d > NEAR:
                continue
            tried = seg[i]
            for idx in tried:
                if reach[idx] < d:
                    continue
                if state[idx] == 2:
                    continue
                if tails[idx] is not None and not matcher.tail_opens(tails[idx], doc, i, self.valued):
                    continue
                try:
                    found = self._at(rules[idx], doc, i, offset_drops)
                except timeouts.PatternTimeout:  # regex's own, on CPU time; any other TimeoutError passes
                    raise RuleTimeout(rules[idx].id, toks.starts[i], toks.ends[-1], matcher.TIMEOUT) from None
                for cand in found:
                    at = (cand.start, cand.end, cand.rule)
                    if at not in seen:
                        seen.add(at)
                        out.append(cand)
        return out

    def _exact_reach(self, lex) -> None:
        """`reach` again with each class's real phrase width in the pack's lexicon (not CLASS_WIDTH)."""
        widths: dict[int, int] = {}

        def class_width(el) -> int:
            cids = [el.data] if el.kind == "cls" else self.valued[el.kind]
            for cid in cids:
                if cid not in widths:
                    widths[cid] = lex.width(cid)
            return max([widths[cid] for cid in cids] + [0])

        self.reach = [prefilter.reach(_joined(r.before, r.match) if r.before else r.match, NEAR, class_width)
                      for r in self.rules]
        # what the tokens right after a rule's anchor must be (prefilter.anchor_tails): most rules tried
        # at a numeral fail on the token after it ("{num} in", "{num} {unit} and? {num} {unit}")
        self.tails = [None if r.before else prefilter.anchor_tails(r.match, self.valued, class_width, r.after)
                      for r in self.rules]
        for r in self.rules:
            widest = prefilter.max_width(r.not_before, class_width) if r.not_before else None
            r.lookback = LOOKBACK if widest is None else min(LOOKBACK, widest)
        self._exact = lex

    def _starts_at(self, toks: Tokens, i: int, flag: int) -> tuple:
        """The rules that may start at token i (sorted), memoised by its text and flags."""
        digits = None
        if toks.kinds[i] == DIGITS:
            text = toks.raw[i]
            fits = []
            for shape in self._digit_shapes:
                try:
                    fits.append(matcher.shape_fits(shape, text, True))
                except timeouts.PatternTimeout:
                    rid = next(self.rules[idx].id for idx, s in self.by_kind["digit"] if s is shape)
                    raise RuleTimeout(rid, toks.starts[i], toks.ends[i], matcher.TIMEOUT) from None
            digits = (flag, len(text), text if text in self.by_word else None, toks.bits[i] & self.class_mask,
                      tuple(fits))
            found = self._by_digits.get(digits)
            if found is not None:
                self._starts[flag][text] = found
                return found
        tried: list[int] = list(self.by_word.get(toks.low[i], ()))
        b = toks.bits[i] & self.class_mask
        while b:
            low = b & -b
            tried += self.by_class.get(low.bit_length() - 1, ())
            b ^= low
        kind = 0 if flag & FLAG_GLUED else toks.kinds[i]
        names = [KIND_NAMES[kind], "any"]
        if flag & FLAG_NUM:
            names.append("num")
        if flag & FLAG_FRACTION:
            names.append("fraction")
        if flag & FLAG_VAGUE:
            names.append("vague")
        text = toks.raw[i]
        for name in names:
            for idx, shape in self.by_kind.get(name, ()):
                if shape is None:
                    tried.append(idx)
                    continue
                try:
                    ok = matcher.shape_fits(shape, text, toks.kinds[i] == DIGITS)
                except timeouts.PatternTimeout:
                    raise RuleTimeout(self.rules[idx].id, toks.starts[i], toks.ends[i], matcher.TIMEOUT) from None
                if ok:
                    tried.append(idx)
        found = tuple(sorted(set(tried)))
        memo = self._starts[flag]
        if len(memo) > 100_000:
            memo.clear()
            self._by_digits.clear()
        memo[text] = found
        if digits is not None:
            self._by_digits[digits] = found
        return found

    def _at(self, rule: Rule, doc: matcher.Doc, i: int, drops: list[Drop] | None):
        vals, toks, n = self.valued, doc.toks, doc.n
        starts = matcher.ways(rule.before, doc, i, vals)[0] if rule.before else (i,)
        best = None
        for s in starts:
            if s >= n:
                continue
            ends, capss = matcher.ways(rule.match, doc, s, vals)
            for k in range(len(ends)):
                end = ends[k]
                if end <= s:
                    continue
                caps = capss[k]
                if rule.after_unit and rule.after:  # `{unit:after}`: the context after the span gives the row its unit
                    after = matcher.match(rule.after, doc, end, vals)
                    if not after:
                        continue
                    caps = caps + tuple([c for c in after[0][1] if c[0] == "unit_after"])
                elif rule.after and not matcher.matches(rule.after, doc, end, vals):
                    continue
                if rule.not_after and end < n and matcher.matches(rule.not_after, doc, end, vals):
                    continue
                if rule.not_before and matcher.ends_at(rule.not_before, doc, max(0, s - rule.lookback), s, vals):
                    continue
                if best is None or end - s > best[1] - best[0]:
                    best = (s, end, caps)
        if best is None:
            return ()
        s, end, caps = best
        cand, reason = interpret(rule, caps, toks.starts[s], toks.ends[end - 1])
        if cand is None:
            if drops is not None:
                drops.append(Drop(Candidate(toks.starts[s], toks.ends[end - 1], rule.id, rule.priority),
                                  "interpret", reason))
            return ()
        return (cand,)


def _joined(before: list, match: list) -> list:
    """`before` then `match` as one sequence (for `reach`: where the rule starts)."""
    return [b + [sequences.Elem("group", match)] for b in before]


def _clause(clause: frozenset) -> tuple:
    """A `required` clause as (words, class mask, numeral, vague): "num" and "vague" stay words too,
    as a sentence's token set always counted them."""
    words = frozenset(x for x in clause if isinstance(x, str) and x != prefilter.NEEDS_DIGITS)
    mask = 0
    for x in clause:
        if isinstance(x, tuple):
            mask |= 1 << x[1]
    return words, mask, "num" in clause, "vague" in clause, prefilter.NEEDS_DIGITS in clause


def _meets(alts: list, present: tuple) -> bool:
    """Whether a sentence (its words, class bits, numerals?, vague amounts?) meets every clause of
    at least one alternative."""
    words, all_bits, has_num, has_vague, has_digits = present
    for need in alts:
        for c_words, c_mask, c_num, c_vague, c_digits in need:
            if not ((c_mask & all_bits) or (c_num and has_num) or (c_vague and has_vague)
                    or (c_digits and has_digits) or (c_words and not c_words.isdisjoint(words))):
                break
        else:
            return True
    return False


def interpret(rule: Rule, caps: tuple, start: int, end: int) -> tuple[Candidate | None, str]:
    """A match's captures -> a candidate (value, bounds, qualifier, unit), or None and why not."""
    if rule.exclude:
        return Candidate(start, end, rule.id, rule.priority, exclude=True), ""
    g: dict = {}
    for cap in caps:
        if cap[0] not in g:
            g[cap[0]] = cap[3]
    emit = rule.emit
    if emit.get("unscale"):  # "1.75m tall": the glued letter is the rule's unit, not a scale
        last = g.get("num_hi") or g.get("num")
        if last is None or not last.glued or last.glued[0] != emit["unscale"]:
            return None, f"no {emit['unscale']!r} glued to the number"
        for k in ("num", "num_lo", "num_hi"):
            num = g.get(k)
            if num is not None and num.glued and num.glued[0] == emit["unscale"] and num.value is not None:
                g[k] = replace(num, value=num.value / num.glued[1], glued=None)
    unit = None
    for k in rule.unit_keys:
        unit = g.get(k)
        if unit:
            break
    unit = unit or emit.get("unit")
    dimension = emit.get("dimension")
    base = (start, end, rule.id, rule.priority)
    if g.get("unit_per") and unit:
        # a rate: "$71 a barrel" -> dollar / barrel, "120 km per hour" -> kilometer / hour
        top = units.dimension(unit)
        if top in ("duration", "count") or units.is_share(unit) or g["unit_per"] == unit:
            return None, f"{top} per {g['unit_per']} is not a rate"
        unit = units.named(f"{unit} / {g['unit_per']}")
        ratio = units.dimension(unit)
        dimension = dimension or (ratio if ratio == "speed" else top)  # l/km is a volume rate, not an area
    if "clock_a" in g and "clock_b" in g:
        hours = (g["clock_b"] - g["clock_a"]) % 24 or 24.0
        return Candidate(*base, hours, hours, hours, "exact", "hour", dimension or "time_window"), ""
    if "num_lo" in g and "num_hi" in g:
        lo, hi = g["num_lo"], g["num_hi"]
        lo_unit, hi_unit = g.get("unit_lo") or g.get("cur_lo"), g.get("unit") or g.get("cur_hi")
        if (lo_unit and hi_unit and lo_unit != hi_unit) or (g.get("unit_lo") and not hi_unit):
            return None, "the ends have different units: a change, not a range"
        if (lo.j - lo.i == 1 and lo.value is not None and lo.value.is_integer() and 1800 <= lo.value <= 2049
                and hi.scale and not lo_unit):
            return None, "a year and an amount: not a range"
        low, high = lo.value, hi.value
        if hi.scale and low is not None and high is not None and not lo.scale and low * hi.scale < high:
            low *= hi.scale  # a shared scale: "od sedam do 10 miliona", "7 to 10 million"
        if lo.kind == "fraction" and unit is None and low is not None and high is not None:
            unit, low, high = "percent", low * 100, high * 100
        if low is None or high is None or not math.isfinite(high) or not math.isfinite(low):
            return None, "a range bound is not a finite number"
        if low < 0 and high < 0 and low > high:
            low, high = high, low  # "from -18 °C to -34 °C": negative ends written by magnitude
        if low >= high:
            return None, f"not a range: {low:g} is not below {high:g}"
        return Candidate(*base, None, low, high, "range", unit, dimension), ""
    if "vague" in g:
        return Candidate(*base, None, g["vague"].low, None, "vague", unit, dimension), ""
    num = g.get("num") or g.get("num_lo") or g.get("num_hi")
    if num is None and "stem" in g:
        value, kind, lone, nq = g["stem"], "cardinal", False, None
    elif num is not None:
        value, kind, lone, nq = num.value, num.kind, num.lone, num.qualifier
    elif "value" in emit:
        value, kind, lone, nq = emit["value"], "cardinal", False, None
    else:
        return None, "no numeral in the match"
    value = emit.get("value", value)
    if value is None:
        return None, "no value"
    value = float(value)
    if not math.isfinite(value):
        return None, "a numeral too long for a float is not a figure"
    if g.get("num_sub") is not None and g.get("unit_sub"):  # "4 dollars 25 cents", "5 feet 3 inches"
        part = units.part_of(g["unit_sub"], unit)
        if part is None or g["num_sub"].value is None:
            return None, f"{g['unit_sub']} is not a part of {unit}"
        value += g["num_sub"].value * part
    if kind == "fraction" and unit is None:
        unit, value = "percent", value * 100
    qualifier = emit.get("qualifier") or g.get("qual") or g.get("post") or nq or "exact"
    if qualifier not in BOUNDS:
        raise PackError(rule.source, f"qualifier {qualifier!r} cannot bound a single value", rule=rule.id)
    low, high = BOUNDS[qualifier](value)
    lone = lone and unit is None and qualifier == "exact" and emit.get("lone", True)
    return Candidate(*base, value, low, high, qualifier, unit, dimension, lone=lone), ""
