"""Event frames: which casualty event each count of people takes part in, and in what role.

Per sentence (figures/clauses.py cuts it into clauses), each count gets, in order:

1. its own frame: a cue in its noun phrase (noun or adjective: "17 wounded",
   "nine bodies"), and the event of its clause: the first cue after it (up to the
   next count that is not nested in it), else the nearest cue before it; else the
   predicate of a later clause that continues its subject past appositions
   ("39 people, six of them children, had been pulled out"); else the predicate
   it shares with a coordinated count after it ("three children and seven women
   were killed"). The subject of an active transitive casualty verb is its agent
   and takes no category ("four gunmen shot dead a guard"), nor does a count after
   an agent marker ("killed by three gunmen") or a count of things.
2. precedence: the head noun's cue wins over the clause's, unless the clause's
   event is a greater harm (killed > injured > missing > any state): "16 injured
   were hospitalised" is injured, "hostages killed" is killed.
3. inheritance, when it has no frame of its own: a subset or partitive ("including
   13 children", "nine of them", "među kojima") takes its governor's event; an
   elided or coordinated count ("and 25 in Zamzam", "870 by train and 390 by bus")
   takes the previous count's event.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from .clauses import Clause
from .lemmas import Cue, harm_rank
from .nouns import WORD, Phrase
from .sentence import Sentence

AGENT = "agent"


@dataclass
class Slot:
    """One count (or share) of a sentence and what the frames found for it."""

    start: int
    end: int
    dim: str
    ph: Phrase
    clause: int
    nested: bool = False
    object: str | None = None
    elided_cue: tuple[str, str | None, str] | None = None  # the cue of a dropped noun taken from earlier
    category: str | None = None
    reason: str = "no cue"
    final: bool = False  # a decision inheritance must not override
    borrowed: bool = False  # the object is the earlier noun of the sentence (dropped-noun rule)


def assign(slots: list[Slot], sx: Sentence, rules) -> None:
    """Fill category and reason of every slot of one sentence (objects are already set)."""
    sx.set_slots(slots)
    text = sx.text
    events: dict = {}  # slot index -> its clause event: a coordinated chain asks for each once, not per figure
    for i, s in enumerate(slots):
        _own(i, sx, rules, events)
    verbs: dict = {}  # clause index -> has it a verb of its own: asked per figure, read once per clause
    governor = None  # the last slot before i with a category (a subset takes it)
    for i, s in enumerate(slots):
        if s.category is None and not s.final:
            _inherit(i, sx, rules, verbs, governor)
        if s.category is not None:
            governor = s
    for i in range(len(slots) - 1):  # "three of the eight doctors were killed": the part, not the whole
        s, t = slots[i], slots[i + 1]
        if s.ph.partitive and not s.ph.words and t.ph.thing and not text[s.ph.end:t.start].strip():
            s.category, s.reason, s.final, s.object = None, "part of a count of things", True, t.object
            continue  # "osam od 15 misija"
        if s.ph.partitive and not s.ph.words and s.clause == t.clause and s.category is None and not s.final \
                and not text[s.ph.end:t.start].strip() and t.category is not None:
            s.category, s.reason, s.object = t.category, f"part of the figure after it: {t.reason}", t.object
            t.category, t.reason = None, "the whole a part is taken from"
    for i in range(len(slots) - 2, -1, -1):  # "six others among the hundreds once unaccounted for"
        s, t = slots[i], slots[i + 1]
        if s.category is None and not s.final and t.nested and t.clause == s.clause and t.category is not None \
                and t.reason.startswith(("cue after", "cue in noun phrase")) and not t.ph.backref:
            s.category, s.reason = t.category, "category of the nested figure after it"


def _own(i: int, sx: Sentence, rules, events: dict) -> None:
    slots, clauses = sx.slots, sx.clauses
    s = slots[i]
    if s.ph.thing:
        s.reason, s.final = "count of things", True
        return
    np = s.ph.cue or s.elided_cue
    if s.elided_cue is not None and s.ph.cue is not None and harm_rank(s.ph.cue[1]) == 0:
        np = max((s.ph.cue, s.elided_cue), key=lambda c: harm_rank(c[1]))  # "[bodies] buried" is killed
    elif s.ph.cue is not None:
        np = s.ph.cue  # "20 deaths in the area, 30 injured": a harm of its own stays
    inside = sx.cue_within(s.start, s.end)
    if inside is None and s.ph.words:  # a phrase cue that begins in the noun phrase: "27 sets of remains"
        inside = next((c for c in sx.cues_starting(s.end, s.ph.end) if c.end >= s.ph.end and " " in c.text), None)
        if inside is not None:  # "jedan smrtni slučaj" is a death, not a case
            np = (inside.text, inside.category, inside.kind)
    if inside is not None and np is None:
        np = (inside.text, inside.category, inside.kind)
    if s.dim == "ratio" and np is None and not s.ph.person:
        s.reason = "ratio without a population"  # a share of "them" may still inherit (step 3)
        s.final = not s.ph.backref or clauses[s.clause].opener in rules.coordinators
        return
    if clauses[s.clause].opener in rules.opening_marks and not s.ph.words and np is None and not s.nested:
        s.reason, s.final = "a bare number in brackets (an age, a code)", True  # "mladić (18)"
        return
    event, why = _clause_event(i, sx, rules, events)
    if rules.size_re is not None and _size_before(s, sx, rules):
        if np is None:
            s.reason, s.final = "the size of a place, not an event", True
            return
        event = None
    if event is AGENT:
        if np is not None and np[2] == "noun":
            s.category, s.reason = np[1], f"cue in noun phrase: {np[0]}"
        else:
            s.reason, s.final = why, True
        return
    if np is not None and (event is None or harm_rank(event.category) <= harm_rank(np[1])):
        s.category, s.reason, s.final = np[1], f"cue in noun phrase: {np[0]}", np[1] is None
        return
    if event is not None:
        s.category, s.reason = event.category, f"{why}: {event.text}"
        s.final = event.category is None


def _clause_event(i, sx: Sentence, rules, events: dict):
    """The event of slot i's clause (memoised in `events`: it reads only positions, never categories)."""
    if i not in events:
        events[i] = _find_event(i, sx, rules, events)
    return events[i]


def _find_event(i, sx: Sentence, rules, events: dict):
    slots, clauses, text = sx.slots, sx.clauses, sx.text
    s = slots[i]
    cl = clauses[s.clause]
    limit = cl.end
    for j in range(i + 1, len(slots)):
        if slots[j].start >= cl.end:
            break
        # a nested count closed by a mark is an apposition ("11 civila, među kojima šestoro dece, ubijeno
        # je"); an open one governs what follows ("7.900 zaraženih, od kojih je 170 preminulo")
        between = [m.group().lower() for m in WORD.finditer(text, slots[j - 1].ph.end, slots[j].start)]
        if len(between) == 1 and between[0] in rules.phrase_prepositions:
            continue  # "144 people from 43 families were rescued": a count inside the noun phrase
        nxt_cue = sx.next_cue_start(slots[j].ph.end, cl.end)
        if not slots[j].nested or not rules.closers_re.search(text, slots[j].ph.end, min(nxt_cue, cl.end)):
            limit = slots[j].start
            break
    before = sx.cues_within(cl.start, s.start)
    if before and _adjacent(before[-1].end, s.start, text, rules):
        return before[-1], "cue before"  # hr "poginulo je najmanje 15 civila": the verb just before
    end = cl.end
    k = s.clause + 1
    while limit == cl.end and k < len(clauses) and clauses[k].opener in rules.complementizers:
        end = limit = clauses[k].end  # "prisilio 13 milijuna ljudi da napuste svoje domove"
        k += 1
    # not another count's noun (a cue at or after s.ph.end is never in s's own)
    after = [c for c in sx.cues_starting(s.ph.end, limit) if c.end <= end and not sx.in_phrase(c.start)]
    if after:
        cue = after[0]
        if _active(cue, cl, sx, rules):
            return AGENT, "agent of an active casualty verb"
        # harm over state in one predicate: "wounded and evacuated", "smješteno je na intenzivnu njegu"
        return max(after, key=lambda c: harm_rank(c.category)), "cue after"
    words = sx.tail(cl.start, s.start, 2)
    if before and words and words[-1].group().lower() in rules.agent_markers \
            and len(words) >= 2 and words[-2].end() == before[-1].end:
        return AGENT, "agent after a passive verb"
    if before:
        return before[-1], "cue before"
    cont = _continuation(s, sx, rules, events)
    if cont is not None:
        return cont, "predicate of the clause that continues it"
    shared = _shared(i, sx, rules, events)
    if shared is not None:
        return shared, "cue after the coordinated figure"
    return None, "no cue"


def _adjacent(end: int, start: int, text: str, rules) -> bool:
    """Only clitics stand between a cue and the count (pack key `clitics`)."""
    between = [m.group().lower() for m in WORD.finditer(text, end, start)]
    return bool(rules.clitics) and all(w in rules.clitics for w in between)


def _active(cue: Cue, cl: Clause, sx: Sentence, rules) -> bool:
    """An active transitive verb with an object after it: its subject is the agent."""
    if cue.kind != "verb":
        return False
    before = [m.group().lower() for m in sx.tail(cl.start, cue.start, 3)]
    if any(w in rules.passive_aux for w in before):
        return False
    for m in WORD.finditer(sx.text, cue.end, cl.end):
        key = m.group().lower()
        if key in rules.clitics:
            continue
        if sx.in_figure(m.start()):
            return True
        return key in rules.object_openers or rules.is_person(m.group()) or rules.is_thing(m.group())
    return False


def _continuation(s: Slot, sx: Sentence, rules, events: dict):
    """ "39 people, six of them children, had been pulled out": the subject's predicate after appositions
    (it reads only the clauses after s's: asked once per clause)."""
    key = ("continuation", s.clause)
    if key not in events:
        events[key] = _continues(s.clause, sx, rules)
    return events[key]


def _continues(clause: int, sx: Sentence, rules):
    clauses, text = sx.clauses, sx.text
    stops = _stops(sx, rules)
    opened = None
    k = clause
    while True:
        k = stops[k + 1] if k + 1 < len(clauses) else len(clauses)  # past the clauses without a word
        if k >= len(clauses):
            return None
        cl = clauses[k]
        if cl.hard or cl.opener in rules.coordinators:
            return None
        first = WORD.search(text, cl.start, cl.end)
        if first is None:  # (a clause `_stops` stops at holds a word)
            continue
        inner = sx.slots_in(cl.start, cl.end)
        closing = opened is not None and cl.opener == opened  # the second dash closes the first
        if not closing and (inner and all(t.nested for t in inner) or cl.opener in rules.opening_marks):
            opened = cl.opener if cl.opener in rules.opening_marks else opened
            continue  # an apposition or a parenthesis
        if not inner and not sx.cues_starting(cl.start, cl.end) and k + 1 < len(clauses) \
                and not clauses[k + 1].hard and clauses[k + 1].opener not in rules.coordinators:
            continue  # "five people, mainly members of the vigilante group, were killed"
        after_paren = closing or cl.opener in rules.closing_marks  # "dvojica prijatelja (18 i 24) teško su ozlijeđena"
        if after_paren or first.group().lower() in rules.continuers \
                or any(c.start == first.start() for c in sx.cues_starting(first.start(), first.start() + 1)):
            # the cues of the clause before its first count
            own = sx.cues_starting(cl.start, min([cl.end] + [t.start for t in inner]))
            return own[0] if own else None
        return None


def _stops(sx: Sentence, rules) -> list[int]:
    """For each clause k, the first clause from k on that is hard, opened by a coordinator or holds a word
    (`_continues` passes over the others: ",,,,,"), once per sentence."""
    memo = sx.memo("stops")
    if "stops" not in memo:
        clauses, text = sx.clauses, sx.text
        stops = [len(clauses)] * (len(clauses) + 1)
        for k in range(len(clauses) - 1, -1, -1):
            cl = clauses[k]
            stop = cl.hard or cl.opener in rules.coordinators or WORD.search(text, cl.start, cl.end) is not None
            stops[k] = k if stop else stops[k + 1]
        memo["stops"] = stops
    return memo["stops"]


def _shared(i, sx: Sentence, rules, events: dict):
    """ "three children and seven women were killed": coordinated subjects share the predicate."""
    slots, clauses, text = sx.slots, sx.clauses, sx.text
    s = slots[i]
    nxt = sx.first_slot(s.clause + 1)
    if nxt is not None and nxt <= i:  # clauses follow the slots' order: never, but then as the scan
        nxt = next((j for j in range(i + 1, len(slots)) if slots[j].clause == s.clause + 1), None)
    if s.clause + 1 >= len(clauses):
        return None
    cl = clauses[s.clause + 1]
    if cl.opener not in rules.subject_coordinators and cl.opener != ",":
        return None
    if nxt is None:  # "Tri muškarca i devojka primljeni su u bolnicu"
        own = sx.cues_starting(cl.start, cl.end)
        lead = list(islice(WORD.finditer(text, cl.start, own[0].start if own else cl.start), 4))
        if not any(rules.is_person(m.group()) for m in lead) or cl.opener not in rules.subject_coordinators:
            return None
        return own[0] if own and own[0].category is not None and not _active(own[0], cl, sx, rules) else None
    first = WORD.search(text, cl.start, cl.end)
    t = slots[nxt]
    if first is None or first.start() < t.start:
        return None
    if text[cl.start:t.start].strip():
        return None
    event, _ = _clause_event(nxt, sx, rules, events)
    if event is AGENT or event is None:
        return None
    if not (sx.is_cue(event) and event.start >= t.end):
        return None
    return event


def _size_before(s: Slot, sx: Sentence, rules) -> bool:
    """A size phrase just before the count ("a town of 5,000"): the last match of `size_re` in its clause
    before it ends where only spaces stand before the count."""
    cl = sx.clauses[s.clause]
    m = sx.last_match(rules.size_re, cl.start, cl.end, s.start, rules.size_ends, rules.size_openers)
    return m is not None and not sx.text[m.end():s.start].strip(" ")


def _inherit(i: int, sx: Sentence, rules, verbs: dict, governor) -> None:
    slots, clauses, text = sx.slots, sx.clauses, sx.text
    s = slots[i]
    if s.nested or s.ph.backref:  # a subset refers back across any boundary of its sentence
        if governor is not None:
            s.category, s.reason = governor.category, "subset of the figure before it"
        return
    cl = clauses[s.clause]
    p = slots[i - 1] if i else None
    if s.clause not in verbs:
        verbs[s.clause] = any(m.group().lower().endswith(rules.verb_suffixes)
                              and not rules.lexicon.is_cue(m.group())
                              for m in WORD.finditer(text, cl.start, cl.end)) if rules.verb_suffixes else False
    own_verb = verbs[s.clause]
    before = sx.first_slot(s.clause - 1)
    if p is not None and p.category is not None and not s.ph.own_noun and not own_verb \
            and cl.opener in rules.coordinators and sx.cue_within(cl.start, cl.end) is None \
            and not (before is not None and before < i):
        # "350 people were taken off Pefki by ferry before the fire reached the village and 23 by boat"
        s.category, s.reason = p.category, "elided: shares the previous figure's event"
        return
    if p is None or p.clause < s.clause - 1 or any(clauses[k].hard for k in range(p.clause + 1, s.clause + 1)):
        back = _cue_back(s, sx, rules) if p is None or p.clause < s.clause - 1 else None
        if back is not None:
            s.category, s.reason = back.category, f"coordinated with the clause before: {back.text}"
        return
    if p.category is None and p.reason.startswith("agent") and cl.opener in rules.coordinators:
        # "four gunmen shot dead a guard and two farmers": the verb's second object, not its agent
        verb = sx.cues_starting(max(clauses[p.clause].start, p.end + 1), clauses[p.clause].end)
        if verb and verb[-1].category is not None:
            s.category, s.reason = verb[-1].category, f"coordinated object of: {verb[-1].text}"
        return
    if p.category is None:
        return
    own_verb = any(m.group().lower().endswith(rules.verb_suffixes) and not rules.lexicon.is_cue(m.group())
                   and not s.start <= m.start() < s.ph.end
                   for m in WORD.finditer(text, cl.start, sx.next_slot_start(s.start, cl.end)))\
        if rules.verb_suffixes else False
    if own_verb:
        return  # "i prisilio gotovo 13 milijuna ljudi", "a 2466 se oporavilo": a predicate of its own
    if s.clause != p.clause and (cl.opener in rules.coordinators or cl.opener in rules.marks):
        if s.ph.person and cl.opener in rules.coordinators and p.reason.startswith("cue in noun"):
            return  # "found 92 bodies and eight survivors": the bodies' noun is no event of the survivors
        s.category, s.reason = p.category, "coordinated with the previous figure"
    elif s.clause == p.clause and not s.ph.own_noun:
        s.category, s.reason = p.category, "elided: shares the previous figure's event"


def _cue_back(s: Slot, sx: Sentence, rules):
    """ "Survivors included a baby and 13 women": a coordinated count with no figure before it takes the
    last cue of the clause it is joined to."""
    clauses = sx.clauses
    cl = clauses[s.clause]
    if s.clause == 0 or cl.opener not in rules.coordinators:
        return None
    prev = clauses[s.clause - 1]
    own = sx.cues_within(prev.start, prev.end)
    return own[-1] if own and own[-1].category is not None else None
