"""The counted noun phrase after a number, and the object rules of FIGURES_SPEC §8.

The phrase runs from the number over modifiers to the head noun, and stops at
function words, punctuation and verbs (pack keys `stop_words`, `verb_suffixes`,
`modifier_suffixes`). "two of the strikes" looks past the partitive; "38 of
them" and "10 more" refer back; "six of them children" refers back and names
its own noun. Open world: any noun may count people; only `thing_nouns`
(houses, vehicles, targets ...) make a count of things.

Dropped-noun rule: a number with no noun of its own ("17 wounded", "806 have
been injured", "40 ih je povrijeđeno") takes the nearest earlier noun of the
sentence (a counted noun, else a person or cue noun), else the adjective-noun
itself ("153 injured"), else none.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from .lexicon import phrase_key
from .sentence import WORD, Sentence
MAX_RUN = 5


@dataclass
class Phrase:
    """The noun phrase after one number."""

    words: list[str] = field(default_factory=list)
    end: int = 0
    backref: bool = False  # "38 of them", "10 more"
    partitive: bool = False  # "two of the strikes"
    head: str | None = None  # the counted noun as written
    person: bool = False  # the head denotes people (a listed person noun)
    thing: bool = False  # the head denotes things: no casualty category
    cue: tuple[str, str | None, str] | None = None  # (word, category, kind) of a cue in the phrase
    own_noun: bool = False  # the head is a real noun (not a cue adjective standing for it)


def words(text: str, start: int, end: int) -> list[regex.Match]:
    return list(WORD.finditer(text, start, end))


def phrase(text: str, pos: int, limit: int, rules, ratio: bool = False, skip=(), ws=None) -> Phrase:
    """Words of the noun phrase after `pos`; stops at punctuation, function words, verbs. Words inside
    `skip` spans (an age: "jedno četverogodišnje dijete") are passed over. `ws`: `words(text, pos, limit)`
    when the caller has them (`Sentence.words`: no scan of the rest of the sentence per figure)."""
    ph = Phrase(end=pos)
    run: list[str] = []
    after_backref = False
    ws = words(text, pos, limit) if ws is None else ws
    for i, m in enumerate(ws):
        gap = text[ph.end:m.start()].strip()
        if skip and any(a <= m.start() < b for a, b in skip):
            ph.end = m.end()
            continue
        if gap and gap != "-" and not (gap == "." and run and "." in run[-1]):
            break
        word = m.group()
        key = word.lower()  # a WORD holds no space: its phrase_key
        if not run and key in rules.backref_after:
            ph.backref = True
            ph.end = m.end()
            after_backref = True
            continue
        if not run and not after_backref and not ph.partitive and key in rules.partitive:
            ph.partitive = True
            ph.end = m.end()
            continue
        if not run and ((ph.partitive or ratio) and key in rules.determiners or key in rules.clitics
                        or key in rules.possessive_words):
            ph.end = m.end()  # "jedna je osoba", "dvojica njegovih prijatelja"
            continue
        if key in rules.stop:
            break
        if rules.possessive_suffixes and key.endswith(rules.possessive_suffixes):
            ph.end = m.end()
            continue
        if not run and rules.adverb_suffixes and key.endswith(rules.adverb_suffixes):
            ph.end = m.end()
            continue
        is_cue = rules.lexicon.is_cue(word)
        verbish = key.endswith(rules.verb_suffixes) if rules.verb_suffixes else False
        person = rules.is_person(word)
        if verbish and not person and not rules.is_thing(word) and (run or not is_cue):
            nxt = ws[i + 1] if i + 1 < len(ws) else None
            hit = rules.lexicon.lookup(nxt.group()) if nxt is not None else None
            noun_next = nxt is not None and not text[m.end():nxt.start()].strip() \
                and (rules.is_thing(nxt.group()) or rules.is_person(nxt.group()) or hit is not None and hit[1] == "noun")
            if not noun_next:  # "five neighbouring countries", "armed groups", "271 suspected cases": a modifier
                break  # "people killed", "civilians were", "11 uspjelo pobjeći": the verb ends the phrase
        if after_backref and not person:
            break  # "38 of them died": no noun of its own
        run.append(word)
        ph.end = m.end()
        if len(run) >= MAX_RUN or rules.is_thing(word):
            break
        if person and not is_cue and rules.modifier_suffixes and not (
                key.endswith(rules.modifier_suffixes) and i + 1 < len(ws) and rules.is_person(ws[i + 1].group())):
            break  # head-first noun phrases: "pet osoba osumnjičenih"; "64 odrasle osobe" goes on
        if person and not is_cue:  # "nine humanitarian workers", "fighter jets": the last noun is the head
            nxt = ws[i + 1] if i + 1 < len(ws) else None
            if nxt is None or text[m.end():nxt.start()].strip() or nxt.group().lower() in rules.stop \
                    or not (rules.is_person(nxt.group()) or rules.is_thing(nxt.group())):
                break
            continue
        if rules.modifier_suffixes and not key.endswith(rules.modifier_suffixes):
            break  # the head noun ends the phrase
    ph.words = run
    finish(ph, rules)
    return ph


def finish(ph: Phrase, rules) -> None:
    """Head, person/thing class and cue of a phrase from its words."""
    run = ph.words
    if not run:
        return
    person = next((w for w in reversed(run) if rules.is_person(w)), None)
    if person is not None and rules.is_thing(run[-1]):
        person = None  # "four fighter jets" are jets
    ph.head = person or run[-1]
    ph.person = person is not None
    ph.thing = person is None and rules.is_thing(run[-1])
    # the head decides ("two refugee camps" are camps); before a person noun a cue modifies it
    for word in (run if person is not None else run[-1:]):
        hit = rules.lexicon.lookup(word)
        if hit is not None and (not hit[1].startswith("head") or word == ph.head):  # "two suspected smugglers" are no cases
            ph.cue = (word, hit[0], hit[1])
            break
    # a cue word that is no person noun stands for its dropped noun ("17 wounded", "170 preminulo")
    hit = rules.lexicon.lookup(ph.head)
    ph.own_noun = ph.person or hit is None or hit[1] in ("noun", "head")


def earlier_noun(sx: Sentence, pos: int, prior: list[tuple[str, int]], rules) -> str | None:
    """The nearest earlier noun of the sentence before `pos`: a counted noun, or the noun after a count
    noun ("the number of people", "broj poginulih"), whichever is nearer.

    The noun after each count noun (the first of the next four words that is no partitive, determiner,
    modifier or casualty adjective/verb) is found once per sentence; a figure asks for the last one
    before it. The words before `pos` are the sentence's, but for the word `pos` cuts through."""
    best: tuple[int, str] | None = None
    for noun, at in reversed(prior):
        if noun and phrase_key(noun) not in rules.pronoun_nouns:
            best = (at, noun)
            break
    i, j = sx.span(sx.start, pos)
    if j - i <= 1:  # at most one word before `pos`: read as the scan reads it
        ws = sx.words(sx.start, pos)
        targets = _targets(ws, [m.group().lower() for m in ws], rules, len(ws))
        found = ws[targets[-1]] if targets else None
    else:
        memo = sx.memo("earlier_noun")
        if "targets" not in memo:
            every = sx.words(sx.start, sx.end)
            memo["words"], memo["targets"] = every, _targets(every, sx.word_keys(), rules, len(every))
        every, targets = memo["words"], memo["targets"]
        cut = every[j - 1].end() > pos  # the last word before `pos` runs past it
        last = j - 1 if cut else j  # the words before `pos` are every[:last] (and the cut one)
        k = bisect_right(targets, last - 1)
        found = every[targets[k - 1]] if k else None
        if cut:  # the cut word may be the noun after a count noun just before it
            tail = sx.words(every[max(0, last - 4)].start(), pos)
            near = _targets(tail, [m.group().lower() for m in tail], rules, len(tail), only_last=True)
            found = tail[-1] if near else found
    if found is not None and (best is None or found.start() > best[0]):
        best = (found.start(), found.group())
    return best[1] if best else None


def _targets(ws: list, keys: list[str], rules, n: int, only_last: bool = False) -> list[int]:
    """Indexes (ascending) of the nouns after a count noun among ws[:n]: each count noun's first word of
    the next four that is no partitive, determiner, modifier or casualty adjective/verb, if it is a person
    or cue noun. `only_last`: only a noun that is the last word ws[n - 1]."""
    out: set[int] = set()
    for i in range(n):
        if keys[i] not in rules.count_nouns:
            continue
        for t in range(i + 1, min(i + 5, n)):
            word = ws[t].group()
            key = keys[t]
            hit = rules.lexicon.lookup(word)
            modifier = bool(rules.modifier_suffixes) and key.endswith(rules.modifier_suffixes) and hit is None
            if key in rules.partitive or key in rules.determiners or modifier \
                    or hit is not None and hit[1] in ("adjective", "verb") and not rules.is_person(word):
                continue  # "the total released hostages", "the number of confirmed fatalities"
            if (rules.is_person(word) or hit is not None) and (not only_last or t == n - 1):
                out.add(t)
            break
    return sorted(out)


def fronted(text: str, start: int, pos: int, rules) -> str | None:
    """ "ranjenih je preko 167.000", "izbjeglica, oko 110.000": a person or cue noun earlier in the clause
    (pack key `fronted_nouns`, for languages that put the counted noun before the number)."""
    for m in reversed(words(text, start, pos)):
        word = m.group()
        hit = rules.lexicon.lookup(word)
        if rules.is_person(word) or (hit is not None and hit[1] == "noun"):
            return word
    return None
