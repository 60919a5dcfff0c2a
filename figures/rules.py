"""Rule templates -> compiled regexes -> candidates.

A rule is data (patterns/<lang>/rules.yaml): a regex template whose
placeholders ({num}, {unit}, {qual}, {post}, {cur}, {vague}, {clock}, or any
word list of the pack's `lexicon`) expand to sub-patterns built from the
pack. `{num:lo}` names the group `num_lo`; a group named `fig` narrows the
figure's span to part of the match. `{stem}` (a compound's number stem,
"deseto-") reads as the number and `{head}` (a compound's unit head,
"-dnevne") as the unit. `emit: {lone: false}` marks a rule whose context
shows that a never-alone word ("jedna" closing a list) is a count.
Interpreting a match is generic: which
groups matched decides between a single value, a range, a time window and a
vague amount.
"""
from __future__ import annotations

import math
import functools
import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from .errors import PackError, RuleTimeout
from .lexicon import phrase_key
from .pack_schema import Fields, ListOf, Mapping
from .types import Candidate

if TYPE_CHECKING:
    from .packs import Pack

PLACEHOLDER = regex.compile(r"(?<!\\[pPN])\{([A-Za-z_]\w*)(?::(\w+))?\}")  # not \p{L}
BOUNDS = {
    "exact": lambda v: (v, v),
    "approx": lambda v: (None, None),
    "at_least": lambda v: (v, None),
    "more_than": lambda v: (v, None),
    "at_most": lambda v: (None, v),
    "less_than": lambda v: (None, v),
}
CAPTURING = {"num", "unit", "qual", "post", "cur", "vague", "clock", "stem", "head"}
TIMEOUT = 1.0  # seconds per regex call: no rule may backtrack catastrophically


@dataclass
class Rule:
    """One rule of a pack: its expanded regex, compiled alone only when asked for.

    Matching runs on the pack's combined pattern (`combine`), so compiling every
    rule alone at load would only double the pack's compile time; `pattern` is
    for tests, `explain`-style debugging and naming a rule that timed out.
    """

    id: str
    expanded: str
    priority: int = 10
    emit: dict = field(default_factory=dict)
    exclude: bool = False
    examples: list = field(default_factory=list)
    must_not_match: list = field(default_factory=list)
    doc: str = ""
    source: str = ""
    template: str = ""
    groups: tuple = ()

    @functools.cached_property
    def pattern(self) -> regex.Pattern:
        return regex.compile(self.expanded, regex.IGNORECASE)


RULE_KEYS = {"id": str, "doc": str, "match": str, "emit": dict, "priority": int, "examples": list,
             "must_not_match": list, "vetoes": list}
EMIT_TYPES = {"qualifier": str, "dimension": str, "unit": str, "value": (int, float), "lone": bool}
DIMENSIONS = {"count", "length", "area", "volume", "mass", "duration", "time_window", "ratio", "currency",
              "speed", "temperature", "age", "other"}  # FIGURES_SPEC §2

#: rules.yaml and exclude.yaml hold one key; each entry's keys are checked by check_spec (with the rule id).
SCHEMA = Fields({"rules": ListOf(Mapping(), what="a list of rules")})


def check_spec(spec: object, source: str) -> None:
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
    for key, value in (spec.get("emit") or {}).items():
        if key not in EMIT_TYPES:
            raise PackError(source, f"unknown emit keys {[key]} (known: {', '.join(EMIT_TYPES)})",
                            rule=rid, key=f"emit.{key}")
        want = EMIT_TYPES[key]
        if not isinstance(value, want) or (isinstance(value, bool) and key != "lone"):
            raise PackError(source, f"must be {getattr(want, '__name__', 'a number')}, got {value!r}",
                            rule=rid, key=f"emit.{key}")
    emit = spec.get("emit") or {}
    if "qualifier" in emit and emit["qualifier"] not in (*BOUNDS, "range", "vague"):
        raise PackError(source, f"unknown qualifier {emit['qualifier']!r}", rule=rid, key="emit.qualifier")
    if "dimension" in emit and emit["dimension"] not in DIMENSIONS:
        raise PackError(source, f"unknown dimension {emit['dimension']!r}", rule=rid, key="emit.dimension")
    if "unit" in emit:
        from . import units

        if not units.is_known(emit["unit"]):
            raise PackError(source, f"pint does not know unit {emit['unit']!r}", rule=rid, key="emit.unit")


def compile_rule(spec: dict, fragments: dict[str, str], source: str, exclude: bool) -> Rule:
    """Expand a rule's template and compile it; every mistake is a PackError."""
    check_spec(spec, source)
    rid = spec["id"]
    template = spec["match"]
    emit = spec.get("emit", {}) or {}
    def expand(m: regex.Match) -> str:
        name, label = m.group(1), m.group(2)
        if name not in fragments:
            raise PackError(source, f"unknown placeholder {{{name}}}", rule=rid, key="match")
        if name not in CAPTURING and label is None:
            return f"(?:{fragments[name]})"  # word lists only constrain; they carry no value
        group = name if label is None else f"{name}_{label}"
        return f"(?P<{group}>{fragments[name]})"

    expanded = PLACEHOLDER.sub(expand, template)
    stand_ins = {name: "x" for name in fragments}
    try:
        # the template's own syntax, checked cheaply: the generated fragments are known good
        pattern = regex.compile(PLACEHOLDER.sub(lambda m: _stand_in(m, stand_ins), template), regex.IGNORECASE)
    except regex.error as e:
        raise PackError(source, f"bad regex: {e}", rule=rid, key="match") from None
    return Rule(
        id=rid, expanded=expanded, priority=int(spec.get("priority", 50 if exclude else 10)),
        emit=emit, exclude=exclude, examples=list(spec.get("examples", []) or []),
        must_not_match=list(spec.get("must_not_match", []) or []), doc=spec.get("doc", ""),
        source=source, template=template, groups=tuple(pattern.groupindex),
    )


def _stand_in(m: regex.Match, stand_ins: dict[str, str]) -> str:
    name, label = m.group(1), m.group(2)
    if name not in CAPTURING and label is None:
        return "(?:x)"
    return f"(?P<{name if label is None else f'{name}_{label}'}>x)"


LOOKBACK = 48  # characters before a numeral where its figure may start ("in the region of", "between")
MAX_SPAN = 400  # characters after a numeral a figure may reach
WORD_AT = regex.compile(r"[\p{L}\p{M}]+")  # the word a start position begins (symbols and digits: None)
STARTS = regex.compile(r"(?<![\p{L}\p{M}\d])[\p{L}\p{M}\d]|[$€£¥+(\-]")


def combine(rules: list[Rule]) -> tuple[regex.Pattern, list[tuple[int, Rule]]]:
    """All rules as one alternation, strongest first; a marker group names the branch that matched.

    Two compilations: a leftmost-first one that quickly rejects the many start
    positions where nothing matches, and a POSIX (leftmost-longest) one run
    only where something does, so the longest branch wins at a start; ties go
    to branch order (priority, then the later rule). Across start positions
    `apply` keeps the longest, then the highest priority.
    """
    # higher priority first; among equals the later rule (a child pack's, a user's, a specific
    # rule written after the generic one) is tried first
    order = sorted(range(len(rules)), key=lambda i: (-rules[i].priority, -i))
    branches = [f"(?:(?:{rules[i].expanded})(?P<_r{i}>))" for i in order]
    pattern = regex.compile("|".join(branches), regex.IGNORECASE)
    longest = regex.compile(pattern.pattern, regex.IGNORECASE | regex.POSIX)
    markers = [(pattern.groupindex[f"_r{i}"], rules[i]) for i in order]
    return pattern, longest, markers


def apply(pack: "Pack", text: str, sentences) -> list[Candidate]:
    """Find each numeral, then the first rule that matches at a word start just before it.

    One pass of the pack's trigger (digits, number words) finds anchors; the
    combined rule pattern is tried only at the few word starts within
    LOOKBACK characters before each anchor (and the start of its token, so a
    URL or identifier is seen whole). Text far from any numeral is never
    matched against the rules, which keeps the cost near one regex pass.
    """
    out: list[Candidate] = []
    combined, longest, markers = pack.combined
    start_words = pack.start_words
    sentences = list(sentences)
    si, n_sent, covered = 0, len(sentences), 0
    for anchor in _anchors(pack, text):
        p = anchor.start()
        if p < covered:
            continue
        while si < n_sent and sentences[si][1] <= p:
            si += 1
        if si >= n_sent:
            break
        s_start, s_end = sentences[si]
        if p < s_start:
            continue
        floor = max(s_start, covered)
        lo = max(floor, p - LOOKBACK)
        token = p
        while token > floor and p - token < 4 * LOOKBACK and not text[token - 1].isspace():
            token -= 1
        # a figure that starts before its numeral covers every word in between, so only the
        # unbroken run of start words just before the numeral can begin one
        run = []
        for m in reversed(list(STARTS.finditer(text, lo, p))):
            w = WORD_AT.match(text, m.start())
            if w is not None and w.group().lower() not in start_words:
                break
            run.append(m.start())
        starts = ([token] if token < lo or (token < p and token not in run) else []) + run[::-1] + [p]
        end = min(s_end, p + MAX_SPAN)
        best = None
        for start in starts:
            try:
                # the fast leftmost-first pass rejects most starts; where something matches, the
                # POSIX pass finds the longest branch (as the one overlap policy wants)
                m = combined.match(text, start, end, timeout=TIMEOUT)
                if m is not None:
                    m = longest.match(text, start, end, timeout=TIMEOUT)
            except TimeoutError:
                raise RuleTimeout(_culprit(markers, text, start, end), start, end, TIMEOUT) from None
            if m is None or m.end() <= p:
                continue
            rule = next(r for idx, r in markers if m.start(idx) >= 0)
            # the one overlap policy: longest, then priority, then leftmost
            key = (m.end() - m.start(), rule.priority)
            if best is None or key > best[0]:
                best = (key, m, rule)
        if best is None:
            continue
        _, m, rule = best
        covered = m.end()
        cand = interpret(m, rule, pack)
        if cand is not None:
            out.append(cand)
    return out


def _culprit(markers: list[tuple[int, Rule]], text: str, start: int, end: int) -> str:
    """The id of the rule that runs out of time alone at `start` (only called after a timeout)."""
    for _, rule in markers:
        try:
            rule.pattern.match(text, start, end, timeout=TIMEOUT)
        except TimeoutError:
            return rule.id
    return "(combined rules)"


def _anchors(pack: "Pack", text: str):
    """Numerals in text order, plus articles after a qualifier where the document has any."""
    numerals = pack.trigger.finditer(text)
    if pack.article_anchor is None:
        return numerals
    lowered = " ".join(text.lower().split()) if any(c in text for c in "\n\t\r") else text.lower()
    if not any(lit in lowered for lit in pack.article_literals):
        return numerals
    return heapq.merge(numerals, pack.article_anchor.finditer(text), key=lambda m: m.start())


def interpret(m: regex.Match, rule: Rule, pack: "Pack") -> Candidate | None:
    """Turn a match into a candidate: value, bounds, qualifier and unit from its groups."""
    g = {name: m.group(name) for name in rule.groups}  # only this rule's groups: the combined pattern has ~100
    start, end = m.span("fig") if g.get("fig") is not None else m.span()
    if start == end:
        return None
    if rule.exclude:
        return Candidate(start, end, rule.id, rule.priority, exclude=True)
    emit = rule.emit
    unit = _unit(g, pack) or emit.get("unit")
    dimension = emit.get("dimension")
    lone = False
    if g.get("clock_a") and g.get("clock_b"):
        a, b = pack.clock(g["clock_a"]), pack.clock(g["clock_b"])
        if a is None or b is None:
            return None
        hours = (b - a) % 24 or 24.0
        return Candidate(start, end, rule.id, rule.priority, hours, hours, hours, "exact",
                         "hour", dimension or "time_window")
    if g.get("num_lo") and g.get("num_hi"):
        lo, hi = pack.grammar.parse(g["num_lo"]), pack.grammar.parse(g["num_hi"])
        low, high = lo.value, hi.value
        factor = pack.grammar.trailing_scale(g["num_hi"])
        if (factor and low is not None and high is not None and not pack.grammar.trailing_scale(g["num_lo"])
                and low * factor < high):
            low *= factor  # a shared scale: "od sedam do 10 miliona", "7 to 10 million"
        if lo.kind == "fraction" and unit is None:
            unit, low, high = "percent", low * 100, high * 100
        if low is None or high is None or low >= high or not math.isfinite(high):
            return None
        return Candidate(start, end, rule.id, rule.priority, None, low, high, "range", unit, dimension)
    if g.get("vague"):
        p = pack.grammar.parse_vague(g["vague"])
        return Candidate(start, end, rule.id, rule.priority, None, p.low, None, "vague", unit, dimension)
    num = g.get("num") or g.get("stem") or g.get("fig")
    if not num:
        return None
    p = pack.grammar.parse(num)
    value = emit.get("value", p.value)
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        return None  # a numeral too long for a float (a line of 1,000 digits) is not a figure
    if p.kind == "fraction" and unit is None:
        unit, value = "percent", value * 100
    qualifier = emit.get("qualifier") or _qualifier(g, pack) or p.qualifier or "exact"
    if qualifier not in BOUNDS:
        raise PackError(rule.source, f"qualifier {qualifier!r} cannot bound a single value", rule=rule.id)
    low, high = BOUNDS[qualifier](value)
    lone = pack.grammar.is_lone(num) and unit is None and qualifier == "exact" and emit.get("lone", True)
    return Candidate(start, end, rule.id, rule.priority, value, low, high, qualifier, unit,
                     dimension, lone=lone)


def _unit(g: dict, pack: "Pack") -> str | None:
    for key in ("unit", "unit_hi", "unit_lo", "cur", "cur_lo", "cur_hi", "head"):
        surface = g.get(key)
        if surface:
            return pack.unit_for(surface)
    return None


def _qualifier(g: dict, pack: "Pack") -> str | None:
    if g.get("qual"):
        return pack.qualifiers["before"].get(phrase_key(g["qual"]))
    if g.get("post"):
        return pack.qualifiers["after"].get(phrase_key(g["post"]))
    return None
