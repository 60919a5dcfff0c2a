"""How the figures of one document combine into its tolls (FIGURES_SPEC §9), in order.

Each figure (or singular mention) of a casualty category is first read in its
sentence: is it a perpetrator, hypothetical, a population size, a difference
between two reports, a background total, an update, a separate event, a part
of an earlier figure? (patterns/<lang>/tolls.yaml says which words mean what.)
Then, per category:

1. Left out: perpetrators, hypothetical figures, population sizes, increments;
   background totals unless nothing else of the category is given.
2. Subsets never add: a figure marked as a part of an earlier, larger one.
3. In one sentence, coordinated figures add ("two civilians and three
   soldiers", "four in X and six in Y", "and 17 more"): one *unit*.
   Figures that are two reports of one toll ("from at least 30 to more than
   60", "..., while the army said 74") stay separate units.
4. An update replaces: the units before the last update are dropped.
5. Across the document, units are reports of the same toll: the largest wins
   (the most precise one when several agree within 1%), so the same figure
   mentioned twice counts once. Separate events add, and so does a unit whose
   known groups are disjoint from the chosen unit's ("eight jawans killed ...
   security forces had killed five rebels").
6. Sums keep bounds: value = sum of stated values (null if any is vague or a
   range), low = sum of known lows, high = sum of highs (null if any is open).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tolls_pack import TollPack

WINDOW = 90  # characters a cue may reach before or after a figure
INHERITED = {"hypothetical", "background", "population", "separate"}  # passed along a coordination


def magnitude(value: float | None, low: float | None, high: float | None) -> float:
    """The size a figure is compared by: its value, else its low, else its high bound."""
    for x in (value, low, high):
        if x is not None:
            return x
    return 0.0


@dataclass
class Item:
    """One figure row or singular mention, placed in its sentence."""

    start: int
    end: int
    category: str
    value: float | None
    low: float | None
    high: float | None
    sentence: str
    s: int  # offset of the item in its sentence
    e: int
    sid: object  # identifies the sentence
    phrase: str  # the counted noun phrase (for the group)
    mention: bool = False
    group: str = "unknown"
    sources: tuple = ()
    flags: set = field(default_factory=set)
    parent: "Item | None" = None

    @property
    def before(self) -> str:
        return self.sentence[max(0, self.s - WINDOW):self.s]

    @property
    def after(self) -> str:
        return self.sentence[self.e:self.e + WINDOW]

    @property
    def mag(self) -> float:
        return magnitude(self.value, self.low, self.high)


def read_flags(items: list[Item], pack: TollPack) -> None:
    """Mark each item with what its sentence says about it (no combination yet)."""
    clauses: dict[str, list] = {}  # sentence -> its clause spans (pack.split), read once
    firsts: dict = {}  # sentence id -> where its first item starts
    for o in items:
        firsts[o.sid] = min(firsts.get(o.sid, o.s), o.s)
    for it in items:
        it.group = pack.group(it.phrase)
        if it.sentence not in clauses:
            clauses[it.sentence] = pack.split(it.sentence)
        clause = next(((a, b) for a, b in clauses[it.sentence] if a <= it.s < b), (0, len(it.sentence)))
        checks = {
            "perpetrator": pack.match("perpetrator_after", it.after),
            "hypothetical": pack.match("hypothetical_before", it.before[-60:]) or
                            pack.match("hypothetical_after", it.after[:80]),
            "population": pack.match("population_before", it.before[-60:]),
            "increment": pack.match("increment_before", it.before) or pack.match("increment_after", it.after[:60]),
            "update": pack.match("update_before", it.before),
            "background": pack.match("background", it.sentence[clause[0]:clause[1]]),
            "separate": pack.match("separate", it.sentence[clause[0]:it.s]),
        }
        first = firsts[it.sid]
        if not checks["background"] and pack.match("background", it.sentence[:first]):
            checks["background"] = True  # "U ratu je poginulo 24.000, a proterano je 13 miliona"
        it.flags = {name for name, hit in checks.items() if hit}
    for a, b in zip(items, items[1:]):  # "will release 10 hostages on Tuesday and 10 more on Wednesday"
        if a.category == b.category and _joins(a, b, pack):
            b.flags |= a.flags & INHERITED


def _between(a: Item, b: Item) -> str:
    return a.sentence[a.e:b.s]


def _joins(a: Item, b: Item, pack: TollPack) -> bool:
    """Are two consecutive same-category items of one sentence parts of one sum?"""
    if a.sid != b.sid:
        return False
    if b.mention:  # a singular victim adds only when coordinated with the count ("two farmers and a guard")
        return pack.match("mention_joins", _between(a, b)[-30:])
    if a.group != b.group and "unknown" not in (a.group, b.group):
        return True  # two civilians and three soldiers
    between = _between(a, b)
    if pack.match("alternative_between", between):
        return False
    if pack.match("additive_before", between[-40:]) or pack.match("additive_after", b.after[:20]):
        return True
    if pack.match("coordination_between", between):
        return True
    return (pack.match("place_after", a.after[:40]) and pack.match("place_after", b.after[:40])
            and _words(a.after) != _words(b.after))  # "four in X and six in Y", not one place twice


def _words(text: str, n: int = 4) -> list[str]:
    """The first words after a figure, up to the end of its clause."""
    return re.split(r"[.;!?]", text.lower(), maxsplit=1)[0].split()[:n]


def _mark_subsets(cands: list[Item], pack: TollPack) -> None:
    """A part of an earlier, larger figure of the category (a subset cue, or an apposition to it)."""
    last: dict = {}  # sentence id -> the last candidate of that sentence so far
    for i, it in enumerate(cands):
        prev = last.get(it.sid)
        last[it.sid] = it
        window = _between(prev, it) if prev is not None else it.sentence[:it.s]
        cued = pack.match("subset_before", window[-WINDOW:]) or pack.match("subset_after", it.after[:60])
        if it.mention and prev is not None and not _joins(prev, it, pack):
            cued = True  # "two people were killed, an elderly woman and her son": the two, named
        if not cued:
            continue
        # the nearest larger (or unsized) earlier figure, of its own sentence if there is one
        parents = (p for p in reversed(cands[:i]) if p.mag >= it.mag or p.mag == 0)
        first = next(parents, None)
        if first is not None:
            it.parent = first if first.sid == it.sid else next((p for p in parents if p.sid == it.sid), first)


@dataclass
class Unit:
    items: list
    value: float | None
    low: float | None
    high: float | None

    @property
    def mag(self) -> float:
        return magnitude(self.value, self.low, self.high)

    @property
    def exact(self) -> bool:
        return self.value is not None and self.low == self.value == self.high

    def has(self, flag: str) -> bool:
        return any(flag in it.flags for it in self.items)

    @property
    def groups(self) -> set:
        return {it.group for it in self.items}


def add(items) -> tuple[float | None, float | None, float | None]:
    """Sum with bounds: value and high need every part, low takes the known lows."""
    values = [it.value for it in items]
    lows = [it.low for it in items if it.low is not None]
    highs = [it.high for it in items]
    return (sum(values) if all(v is not None for v in values) else None,
            sum(lows) if lows else None,
            sum(highs) if all(h is not None for h in highs) else None)


def _same_key(a: Item) -> tuple:
    """What makes a figure the same figure again: one group, one amount, the same words after it."""
    return (a.group, a.value, a.low, a.high, *_words(a.after))


def _units(cands: list[Item], pack: TollPack) -> list[Unit]:
    chains: list[list[Item]] = []
    for it in cands:
        if chains and _joins(chains[-1][-1], it, pack):
            if chains[-1][-1].parent is not None and it.parent is None:
                it.parent = chains[-1][-1].parent  # "among them three children and seven women"
            chains[-1].append(it)
        else:
            chains.append([it])
    units = []
    for chain in chains:
        kept = [it for it in chain if it.parent is None]
        if kept:
            units.append(Unit(kept, *add(kept)))
    return units


def _choose(units: list[Unit]) -> list[Unit]:
    """Steps 4-5: the units that make the total."""
    updates = [i for i, u in enumerate(units) if u.has("update")]
    if updates:
        units = units[updates[-1]:]  # an update replaces everything reported before it
    main = [u for i, u in enumerate(units) if not u.has("separate") or (updates and i == 0)] or units[:1]
    if updates:
        chosen = [units[0]]  # the latest cumulative figure is the total
    else:
        top = max(u.mag for u in main)
        close = [u for u in main if u.mag >= 0.99 * top]
        pick = close[0]  # the first report of the largest figure, unless a more precise one differs
        if not pick.exact:
            pick = next((u for u in close if u.exact and u.mag != pick.mag), pick)
        chosen = [pick]
    groups = set(chosen[0].groups)
    for u in units:
        if u in chosen:
            continue
        if u not in main:
            chosen.append(u)  # a separate event adds
        elif "unknown" not in groups | u.groups and not groups & u.groups:
            chosen.append(u)  # other known victims: not a second report of the same toll
            groups |= u.groups
    return chosen


def counted(cands: list[Item]) -> list[Item]:
    """Step 1: the candidates that may count (background totals only when nothing else is given)."""
    cands = [c for c in cands if not c.flags & {"perpetrator", "hypothetical", "population", "increment"}]
    if any("background" not in c.flags or "update" in c.flags for c in cands):
        cands = [c for c in cands if "background" not in c.flags or "update" in c.flags]
    return cands


def combine(cands: list[Item], pack: TollPack) -> tuple | None:
    """(value, low, high, items used) of candidates that count (see `counted`), or None."""
    if not cands:
        return None
    once: list[Item] = []
    seen: set = set()
    for c in cands:  # the same figure mentioned twice counts once
        c.parent = None
        key = _same_key(c)
        if key not in seen:
            seen.add(key)
            once.append(c)
    cands = once
    _mark_subsets(cands, pack)
    units = _units(cands, pack)
    if not units:
        return None
    chosen = _choose(units)
    used = [it for u in chosen for it in u.items]
    return (*add(used), used)
