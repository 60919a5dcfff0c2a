"""Counted noun (object) and casualty category for each figure: the event-frame stage.

Driven by the pack's `categories.yaml` (documented in patterns/README.md):
figures/lemmas.py matches the casualty cues in all their forms, figures/clauses.py
cuts each sentence into clauses, figures/nouns.py reads the noun phrase after
each number and applies the object rules, and figures/frames.py gives each count
its event and role. A share followed by "of" + a count ("90 posto od 2,2 milijuna
stanovnika") takes that count's category; the count is the base population.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from . import frames, nouns, victims
from .clauses import Splitter
from .lemmas import CueLexicon, Inflector
from .lexicon import phrase_key, trie_pattern
from .pack_schema import TEXT, WORDS, Fields, ListOf, MapOf, Scalar
from .sentence import Openers, Sentence, read_words
from .table import CATEGORIES
from .types import Candidate

COUNTS = ("count", "ratio")
_MEMO_MAX = 200_000  # surfaces remembered per pack (then forgotten, to bound memory)


@dataclass(frozen=True)
class Context:
    """What context.attach found for one candidate."""

    object: str | None
    category: str | None
    reason: str


_NOT_A_COUNT = Context(None, None, "not a count")  # frozen: one for every figure that is no count


def _words(cfg: dict, key: str) -> set[str]:
    return {phrase_key(str(w)) for w in cfg.get(key, []) or []}


def _alternation(words) -> regex.Pattern:
    return regex.compile(r"(?<![\p{L}\p{M}])(?:" + trie_pattern(words) + r")(?![\p{L}\p{M}])", regex.IGNORECASE)


class ContextRules:
    """The pack's context tables, compiled once."""

    def __init__(self, cfg: dict):
        self.lexicon = CueLexicon(cfg)
        inflector = Inflector(cfg.get("inflect", {}))
        # person and thing nouns are lemmas too: "driver" also reads "drivers" (pack `inflect.noun`)
        self.person = {f for w in _words(cfg, "person_nouns") for f in inflector.forms(w, "noun")}
        self.person_prefixes = tuple(w[:-1] for w in self.person if w.endswith("*"))
        self.thing = {f for w in _words(cfg, "thing_nouns") for f in inflector.forms(w, "noun")}
        self.thing_prefixes = tuple(w[:-1] for w in self.thing if w.endswith("*"))
        self.stop = _words(cfg, "stop_words") | _words(cfg, "phrase_end_words")
        self.partitive = _words(cfg, "partitive")
        self.determiners = _words(cfg, "determiners")
        self.backref_after = _words(cfg, "backref_after")
        self.nested_re = _alternation(_words(cfg, "nested"))
        self.nested_openers = Openers.of(_words(cfg, "nested"))
        self.coordinators = _words(cfg, "coordinators")
        self.marks = _words(cfg, "apposition_marks")
        self.opening_marks = _words(cfg, "opening_marks")
        self.closing_marks = _words(cfg, "closing_marks")
        closers = _words(cfg, "apposition_closers")
        self.closers_re = regex.compile("|".join(regex.escape(m) for m in sorted(closers, key=len, reverse=True))
                                        or r"(?!)")
        self.subject_coordinators = _words(cfg, "subject_coordinators")
        self.complementizers = _words(cfg, "complementizers")
        self.possessive_words = _words(cfg, "possessive_words")
        self.fronted_nouns = bool(cfg.get("fronted_nouns", False))
        self.splitter = Splitter(_words(cfg, "clause_breaks"), self.coordinators, self.marks,
                                 _words(cfg, "break_exceptions"))
        self.continuers = _words(cfg, "clause_continuers")
        self.passive_aux = _words(cfg, "passive_auxiliaries")
        self.phrase_prepositions = _words(cfg, "phrase_prepositions")
        self.object_openers = _words(cfg, "object_openers")
        self.clitics = _words(cfg, "clitics")
        self.agent_markers = _words(cfg, "agent_markers")
        self.pronoun_nouns = _words(cfg, "pronoun_nouns")
        self.count_nouns = _words(cfg, "count_nouns")
        size = _words(cfg, "size_phrases")
        self.size_re = _alternation(size) if size else None
        self.size_ends = frozenset(w[-1] for w in size)  # a size phrase ends in one of these (frames._size_before)
        self.size_openers = Openers.of(size)
        self.verb_suffixes = tuple(cfg.get("verb_suffixes", []) or [])
        self.adverb_suffixes = tuple(cfg.get("adverb_suffixes", []) or [])
        self.possessive_suffixes = tuple(str(x) for x in cfg.get("possessive_suffixes", []) or [])
        self.modifier_suffixes = tuple(phrase_key(str(x)) for x in cfg.get("modifier_suffixes", []) or [])
        self.mention = cfg.get("mentions", {}) or {}
        self.mention_singular = {phrase_key(str(w)) for w in self.mention.get("always_singular", []) or []}
        self.mention_fillers = {phrase_key(str(w)) for w in self.mention.get("fillers", []) or []}
        self.mention_definite = {phrase_key(str(w)) for w in self.mention.get("definite", []) or []}
        self._person: dict[str, bool] = {}  # word -> is_person(word), remembered per surface
        self._thing: dict[str, bool] = {}

    def is_person(self, word: str) -> bool:
        found = self._person.get(word)
        if found is None:
            if len(self._person) > _MEMO_MAX:
                self._person.clear()
            key = phrase_key(word)
            found = self._person[word] = key in self.person or (
                bool(self.person_prefixes) and key.startswith(self.person_prefixes))
        return found

    def is_thing(self, word: str) -> bool:
        found = self._thing.get(word)
        if found is None:
            if len(self._thing) > _MEMO_MAX:
                self._thing.clear()
            key = phrase_key(word)
            found = self._thing[word] = not self.is_person(word) and (
                key in self.thing or (bool(self.thing_prefixes) and key.startswith(self.thing_prefixes)))
        return found


def attach(cands: list[Candidate], dims: list[str], text: str, sentence_of, rules: ContextRules) -> list[Context]:
    """Object and category for each candidate (in document order)."""
    out: list[Context | None] = [None] * len(cands)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    span, whole = (0, 0), (0, len(text))
    for i, c in enumerate(cands):
        if dims[i] not in COUNTS:
            out[i] = _NOT_A_COUNT
        else:
            if not (span[0] <= c.start < span[1]) or span == whole:  # cands are in order: mostly the same
                span = sentence_of(c.start)
            by_sentence.setdefault(span, []).append(i)
    last: frames.Slot | None = None
    starts = [c.start for c in cands]
    for (s_start, s_end), idx in by_sentence.items():
        slots = sentence_slots(cands, dims, idx, text, s_start, s_end, rules, starts=starts)
        first = slots[0] if slots else None
        if first is not None and first.nested and first.category is None and not first.final and last is not None \
                and last.category is not None and _opens_nested(text, s_start, s_end, rules):
            # "... premješteno 338 osoba. Od toga je 116 štićenika ..."
            first.category, first.reason = last.category, "subset of the figure of the sentence before"
            first.object = first.object or last.object
        for i, s in zip(idx, slots):
            out[i] = Context(s.object, s.category, s.reason)
        last = next((s for s in reversed(slots) if s.category is not None), last)
    filled = [c if c is not None else Context(None, None, "") for c in out]  # every slot is set above
    return _ratio_of_base(cands, dims, text, filled, rules)


def _opens_nested(text: str, s_start: int, s_end: int, rules) -> bool:
    """Does the sentence open with a subset word ("Od toga je 116 ...")?"""
    lead = nouns.WORD.search(text, s_start, s_end)  # a sentence may hold no word at all ("0")
    return lead is not None and bool(rules.nested_re.match(text, lead.start()))


def sentence_slots(cands, dims, idx: list[int], text: str, s_start: int, s_end: int, rules,
                   cues: list | None = None, starts: list[int] | None = None) -> list[frames.Slot]:
    """The counts of one sentence with their noun phrases, objects and frames (`cues`: the sentence's
    `rules.lexicon.find`, `starts`: every candidate's start, when the caller has them)."""
    words = read_words(text, s_start, s_end)  # once: for the clause breaks, the cues and the sentence
    clauses = rules.splitter.split(text, s_start, s_end,
                                   [(cands[i].start, cands[i].end) for i in idx], words)
    cues = rules.lexicon.find(text, s_start, s_end, words=words) if cues is None else cues
    sx = Sentence(text, s_start, s_end, cues, clauses, words)
    slots: list[frames.Slot] = []
    for i, ph in zip(idx, noun_phrases(cands, dims, idx, text, s_start, s_end, rules, sx, starts)):
        c = cands[i]
        k = sx.clause_at(c.start)
        gap_start = max(clauses[k].start, slots[-1].end if slots else s_start)
        if slots and not any(cl.hard for cl in clauses[slots[-1].clause + 1:k + 1]):
            gap_start = slots[-1].ph.end  # "najmanje 19, među njima je i četvero djece"
        marks = sx.find_all(rules.nested_re, rules.nested_openers, gap_start, c.start)
        # the subset word stands just before the count ("među njima je i četvero"), not a clause away
        nested = ph.backref or bool(marks) and len(sx.words(marks[-1].end(), c.start)) <= 3
        slots.append(frames.Slot(c.start, c.end, dims[i], ph, k, nested=nested))
    _objects(slots, sx, rules)
    frames.assign(slots, sx, rules)
    return slots


def noun_phrases(cands, dims, idx: list[int], text: str, s_start: int, s_end: int, rules,
                 sx: Sentence | None = None, starts: list[int] | None = None) -> list[nouns.Phrase]:
    """The noun phrase after each count `idx` of one sentence (what its slot's `ph` is; objects and frames
    never move its end). `sx`: the sentence read once (its words); `starts`: every candidate's start."""
    out = []
    starts = [c.start for c in cands] if starts is None else starts
    # only this sentence's candidates can stop a noun phrase (cands are in document order)
    lo, hi = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
    for n, i in enumerate(idx):
        c = cands[i]
        limit = cands[idx[n + 1]].start if n + 1 < len(idx) else s_end
        # the first candidate after the count that is no age ends its noun phrase; the ages before it are
        # passed over ("jedno četverogodišnje dijete")
        first = k = bisect.bisect_left(starts, c.end, lo, hi)
        while k < hi and cands[k].start < limit:
            if dims[k] != "age":
                limit = cands[k].start
                break
            k += 1
        ages = [(cands[a].start, cands[a].end) for a in range(first, k)
                if dims[a] == "age" and cands[a].start < limit]
        ph = nouns.phrase(text, c.end, limit, rules, ratio=dims[i] == "ratio", skip=ages,
                          ws=sx.words(c.end, limit) if sx is not None else None)
        if ph.words and all(rules.lexicon.is_cue(w) for w in ph.words):
            more = _past_coordinator(text, ph.end, limit, rules)  # "wounded and sick people"
            if more is not None:
                ph.words, ph.end = ph.words + more.words, more.end
                nouns.finish(ph, rules)
        out.append(ph)
    return out


def find_mentions(cands, dims, text: str, sentence_of, rules: ContextRules, lang: str,
                  sentences: list[tuple[int, int]] | None = None, scan=None) -> list[victims.Mention]:
    """Singular victims (figures/victims.py): person phrases in a victim role that no figure counts.
    `sentences`, `scan`: `cue_sentences(text, ...)` and `rules.lexicon.scan(text)` when the caller has them."""
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(cands):
        by_sentence.setdefault(sentence_of(c.start), [])
        if dims[i] in COUNTS:
            by_sentence[sentence_of(c.start)].append(i)
    out: list[victims.Mention] = []
    objects: set[str] = set()  # phrase_key of every mention's object so far
    scan = rules.lexicon.scan(text) if scan is None else scan  # the whole text's cues, read once
    starts = [c.start for c in cands]
    for s_start, s_end in cue_sentences(text, sentence_of, rules, scan) if sentences is None else sentences:
        key = (s_start, s_end)
        idx = by_sentence.get(key, [])
        phrases = noun_phrases(cands, dims, idx, text, s_start, s_end, rules, starts=starts) if idx else []
        taken = [(cands[i].start, ph.end) for i, ph in zip(idx, phrases)]  # a counted figure and its noun phrase
        cues = rules.lexicon.find(text, s_start, s_end, scan=scan)
        for m in victims.find(text, s_start, s_end, taken, rules, lang, cues):
            det = nouns.words(text, m.start, m.end)[0].group()
            if phrase_key(det) in rules.mention_definite and phrase_key(m.object) in objects:
                continue  # "... and his driver; the driver was later released": the same person again
            out.append(m)
            objects.add(phrase_key(m.object))
    return out


def cue_sentences(text: str, sentence_of, rules: ContextRules, scan=None) -> list[tuple[int, int]]:
    """The sentences where a casualty cue starts, in text order: the only ones that can hold a mention."""
    seen: list = []
    for m in (rules.lexicon.matches(text) if scan is None else scan.matches):
        span = sentence_of(m.start())
        if not seen or seen[-1] != span:
            seen.append(span)
    return seen


def _objects(slots: list[frames.Slot], sx: Sentence, rules) -> None:
    """FIGURES_SPEC §8: the head noun as written; a dropped noun is the earlier noun of the sentence."""
    text, s_start, clauses = sx.text, sx.start, sx.clauses
    last_noun: tuple[str, int] | None = None  # the last earlier noun of the sentence (`prior` below) ...
    last_real: tuple[str, int] | None = None  # ... and the last that is a real noun, not an adjective
    lo, waiting = s_start, []  # the furthest noun phrase end before the count; ends not yet before it
    for n, s in enumerate(slots):
        ph = s.ph
        before = sx.tail(s_start, s.start, 1)
        definite = bool(before) and before[0].group().lower() in rules.determiners  # "the 18 wounded"
        inside = sx.cue_within(s.start, s.end)
        if n:
            waiting.append(slots[n - 1].ph.end)
        if waiting:
            ready = [e for e in waiting if e <= s.start]
            if ready:
                waiting = [e for e in waiting if e > s.start]
                lo = max([lo] + ready)
        if ph.head and (ph.own_noun or ph.person or definite):
            s.object = ph.head
        elif inside is not None and not ph.words:
            s.object = inside.text  # "120 wounded to 140"
        elif ph.backref and n:
            s.object = slots[n - 1].object
        elif s.dim == "ratio":
            s.object = ph.head
        else:
            start = max(clauses[s.clause].start, lo)
            front = nouns.fronted(text, start, s.start, rules) if rules.fronted_nouns else None
            near = last_real if ph.words else last_noun  # an adjective noun lends itself to a bare number only
            earlier = front or nouns.earlier_noun(sx, s.start, [near] if near else [], rules)
            s.borrowed = earlier is not None
            if earlier is None and n and slots[n - 1].ph.thing and not ph.words:
                s.object, ph.thing = slots[n - 1].object, True  # "900 objekata ..., ugroženo više od 1.300"
                continue
            s.object = earlier or ph.head
            if earlier and not ph.own_noun:
                hit = rules.lexicon.lookup(earlier)
                if hit is not None and hit[1] in ("noun", "phrase") and not rules.is_thing(earlier):
                    s.elided_cue = (earlier, hit[0], hit[1])
        if s.object and not ph.thing:
            # an adjective standing for itself ("571 missing") is a noun only for a number with none at all
            real = ph.own_noun or ph.person or s.object != ph.head
            if phrase_key(s.object) not in rules.pronoun_nouns:
                last_noun = (s.object, s.start)
                last_real = last_noun if real else last_real


def _past_coordinator(text: str, pos: int, limit: int, rules):
    """ "wounded and sick people": adjectives joined by a coordinator share the noun after them."""
    ws = nouns.words(text, pos, limit)
    if len(ws) < 2 or ws[0].group().lower() not in rules.coordinators:
        return None
    more = nouns.phrase(text, ws[0].end(), limit, rules)
    return more if more.words and rules.is_person(more.words[-1]) else None


def _ratio_of_base(cands, dims, text, out: list[Context], rules: ContextRules) -> list[Context]:
    """ "90 posto od 2,2 milijuna stanovnika ... napustiti domove": the share takes the event, the base does not."""
    for i in range(len(cands) - 1):
        j = i + 1
        if dims[i] != "ratio" or dims[j] != "count" or out[i].category is not None or out[j].category is None:
            continue
        gap = text[cands[i].end:cands[j].start].split()
        if gap and all(phrase_key(w) in rules.partitive or phrase_key(w) in rules.determiners for w in gap):
            out[i] = Context(out[j].object, out[j].category, "share of the population after it")
            out[j] = Context(out[j].object, None, "base population of a share")
    return out


_EVENT_CLASSES = Fields({"verbs": WORDS, "intransitive": WORDS, "nouns": WORDS, "heads": WORDS,
                         "head_adjectives": WORDS, "adjectives": WORDS, "phrases": WORDS}, what="word class")
_INFLECT_RULE = Fields({"when": TEXT, "forms": WORDS}, what="inflection key")

#: The keys of categories.yaml (figures/pack_schema.py), documented in patterns/README.md
#: ("Event frames"); a new key is declared here.
SCHEMA = Fields({
    "cues": MapOf(WORDS, names=[*CATEGORIES, "none"], what="category"),
    "events": MapOf(_EVENT_CLASSES, names=[*CATEGORIES, "none"], what="category"),
    "inflect": MapOf(ListOf(_INFLECT_RULE), names=["verb", "noun"], what="word class"),
    "paradigms": MapOf(WORDS, what="paradigm"),
    "fronted_nouns": Scalar(bool, what="true or false"),
    "mentions": Fields({key: WORDS for key in ("singular_determiners", "always_singular", "plural_nouns",
                                                "plural_endings", "singular_endings", "not_singular_endings",
                                                "fillers", "definite", "plural_cue_endings",
                                                "only_determiners")},
                        what="mentions key"),
    **{key: WORDS for key in (
        "person_nouns", "thing_nouns", "stop_words", "phrase_end_words", "partitive", "determiners", "backref_after", "nested",
        "clause_breaks", "break_exceptions", "coordinators", "subject_coordinators", "complementizers", "apposition_marks",
        "opening_marks", "closing_marks", "apposition_closers", "verb_suffixes", "adverb_suffixes",
        "possessive_suffixes", "possessive_words", "modifier_suffixes", "clause_continuers",
        "passive_auxiliaries", "phrase_prepositions", "object_openers", "clitics", "phrase_clitics", "agent_markers", "pronoun_nouns",
        "count_nouns", "size_phrases")},
}, owner="figures/context.py SCHEMA")
