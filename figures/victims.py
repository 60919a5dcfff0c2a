"""Singular victims named without a numeral: "a civilian was killed", "gunmen shot dead a village guard".

A mention is a person noun phrase in the victim role of a casualty event
(figures/frames.py's roles) that no figure counts. They are not rows of the
figures table (FIGURES_SPEC §1): `figures.mentions()` returns them, `explain()`
shows them under "mentions", and document tolls count each once (§9).

Three shapes, all driven by the pack (`categories.yaml`, key `mentions` plus the
frame keys):

- object of an active transitive cue: a singular determiner ("a", "an", "his")
  after the verb opens the phrase, its last word is the head: "Naxalites killed
  a TDP leader" (the agent before the verb is no victim);
- subject of a passive, intransitive or adjective cue: the nearest singular
  phrase before it, with only auxiliaries and adverbs between, also across an
  apposition ("X, a police officer, was killed", "his wife was also killed");
- a person noun right beside a cue (past a genitive or an apposition before it) whose ending marks the singular (hr
  `singular_endings`: "ubijen je policajac", "u nesreći je poginuo vozač").
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from .lexicon import phrase_key
from .nouns import WORD
from .sentence import Sentence, Spans

MAX_PHRASE = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """One singular victim (offsets into the working text until the pipeline maps them back)."""

    start: int
    end: int
    object: str
    category: str
    rule: str


def find(text: str, s_start: int, s_end: int, spans: list[tuple[int, int]], rules, lang: str,
         cues: list | None = None) -> list[Mention]:
    """The singular victims of one sentence; `spans` are the figures' spans and noun phrases (`cues`: the
    sentence's `rules.lexicon.find`, when the caller has them)."""
    cfg = rules.mention
    dets = {phrase_key(str(w)) for w in cfg.get("singular_determiners", []) or []}
    plural = {phrase_key(str(w)) for w in cfg.get("plural_nouns", []) or []}
    endings = tuple(phrase_key(str(w)) for w in cfg.get("singular_endings", []) or [])
    not_endings = tuple(phrase_key(str(w)) for w in cfg.get("not_singular_endings", []) or [])
    plural_endings = tuple(phrase_key(str(w)) for w in cfg.get("plural_endings", []) or [])
    only = {phrase_key(str(w)) for w in cfg.get("only_determiners", []) or []}
    plural_cues = tuple(phrase_key(str(w)) for w in cfg.get("plural_cue_endings", []) or [])
    clauses = rules.splitter.split(text, s_start, s_end, spans)
    cues = rules.lexicon.find(text, s_start, s_end) if cues is None else cues
    sx = Sentence(text, s_start, s_end, cues, clauses)
    out: list[Mention] = []
    figures = Spans(spans)
    taken = lambda a, b: figures.meets(a, b) or any(m.start < b and a < m.end for m in out)  # noqa: E731
    for cue in cues:
        if cue.category is None:
            continue
        if cue.kind == "noun":  # "jedina smrtna žrtva": a victim noun that "the only" makes one
            det = next((m for m in sx.tail(s_start, cue.start, 2) if m.group().lower() in only), None)
            if det is not None and not taken(det.start(), cue.end):
                out.append(Mention(det.start(), cue.end, cue.text.split()[-1], cue.category, f"{lang}.mention.only"))
            continue
        k = sx.clause_at(cue.start)
        cl = clauses[k]
        found = None
        if dets:
            if cue.kind == "verb" and _active(cue, sx, cl, rules):
                found = _after(text, cue.end, cl.end, dets, rules), "object"
            else:
                found = _before(sx, k, cue.start, dets, rules), "subject"
        if endings and (found is None or found[0] is None):
            key = phrase_key(cue.text).split()[-1]
            if key.endswith(endings) and not key.endswith(not_endings):
                found = _beside(sx, cl.start, cl.end, cue, rules), "beside"
        pair = None
        if plural_cues and (found is None or found[0] is None):
            key = phrase_key(cue.text).split()[-1]
            if key.endswith(plural_cues) and not key.endswith(endings or ("\0",)):
                pair = _pair(text, s_end, cue, rules)
                found = (pair[0], "pair") if pair else None
        if found is None or found[0] is None:
            continue
        phrases = list(pair) if pair else [found[0]]
        if found[1] == "object":  # "abducted a local official and his driver"
            nxt = WORD.search(text, found[0][1], s_end)
            while nxt is not None and nxt.group().lower() in rules.coordinators and len(phrases) < 4 \
                    and not text[phrases[-1][1]:nxt.start()].strip():
                more = _after(text, nxt.end(), s_end, dets, rules)
                if more is None:
                    break
                phrases.append(more)
                nxt = WORD.search(text, more[1], s_end)
        for start, end, head, shape in phrases:
            if taken(start, end) or phrase_key(head) in rules.pronoun_nouns or rules.is_thing(head) \
                    or phrase_key(head) in rules.count_nouns:
                continue
            if found[1] == "subject" and not rules.is_person(head):
                continue  # open world only in the object role of an active casualty verb
            if dets and phrase_key(head) in plural or (plural_endings and shape != "det-a"
                                                         and phrase_key(head).endswith(plural_endings)):
                continue
            out.append(Mention(start, end, head, cue.category, f"{lang}.mention.{found[1]}"))
    return out


def _active(cue, sx: Sentence, cl, rules) -> bool:
    before = [m.group().lower() for m in sx.tail(cl.start, cue.start, 3)]
    return not any(w in rules.passive_aux for w in before)


def _phrase(text: str, start: int, limit: int, dets, rules):
    """det + modifiers + head from `start`: (start, end, head, shape) or None."""
    ws = list(islice(WORD.finditer(text, start, limit), MAX_PHRASE + 1))  # the phrase reads no further
    if not ws or ws[0].group().lower() not in dets or text[start:ws[0].start()].strip():
        return None
    head = None
    prev = ws[0]
    for m in ws[1:MAX_PHRASE + 1]:
        gap = text[prev.end():m.start()].strip()
        if gap not in ("", "-") and not (gap[:-1].isdigit() and gap.endswith("-")):  # "a 60-year-old woman"
            break
        key = m.group().lower()
        verbish = bool(rules.verb_suffixes) and key.endswith(rules.verb_suffixes) and not rules.is_person(m.group())
        if key in rules.stop or key in rules.continuers or key in rules.passive_aux or verbish \
                or rules.lexicon.is_cue(m.group()) and head is not None:
            break
        head, prev = m, m
    if head is None:
        return None
    shape = "det-a" if ws[0].group().lower() in rules.mention_singular else "det"
    return ws[0].start(), head.end(), head.group(), shape


def _after(text, pos, limit, dets, rules):
    return _phrase(text, WORD.search(text, pos, limit).start() if WORD.search(text, pos, limit) else limit,
                   limit, dets, rules)


def _before(sx: Sentence, k, pos, dets, rules):
    """The nearest singular phrase before the cue with only auxiliaries and adverbs between, in its clause or,
    past an apposition, in the clauses before it."""
    text, clauses = sx.text, sx.clauses
    for j in range(k, max(-1, k - 3), -1):
        cl = clauses[j]
        if j < k and (clauses[j + 1].hard or clauses[j + 1].opener in rules.coordinators):
            return None
        ws = sx.words(cl.start, pos if j == k else cl.end)
        for i in range(len(ws) - 1, -1, -1):
            if ws[i].group().lower() in dets:
                ph = _phrase(text, ws[i].start(), pos, dets, rules)
                if ph is None:
                    return None
                gap = [m.group().lower() for m in WORD.finditer(text, ph[1], pos)]
                return ph if all(_filler(w, rules) for w in gap) else None
        if j == k and any(not _filler(m.group().lower(), rules) for m in ws):
            return None
    return None


def _filler(word: str, rules) -> bool:
    return word in rules.passive_aux or word in rules.continuers or word in rules.mention_fillers \
        or bool(rules.adverb_suffixes) and word.endswith(rules.adverb_suffixes)


def _pair(text, end, cue, rules):
    """Two singular person nouns joined by a coordinator right after a plural cue: "uhapšeni su otac i sin"."""
    ws: list = []  # the first word past the clitics and the two after it
    for m in WORD.finditer(text, cue.end, end):
        if ws or m.group().lower() not in rules.clitics:
            ws.append(m)
            if len(ws) == 3:
                break
    if len(ws) < 3 or ws[1].group().lower() not in rules.coordinators or text[ws[0].end():ws[2].start()].strip(
            ) != ws[1].group():
        return None
    if not all(rules.is_person(m.group()) and not rules.lexicon.is_cue(m.group()) for m in (ws[0], ws[2])):
        return None
    return tuple((m.start(), m.end(), m.group(), "beside") for m in (ws[0], ws[2]))


def _beside(sx: Sentence, start, end, cue, rules):
    """A person noun just after the cue (past clitics and modifiers) or just before it (past clitics)."""
    text = sx.text
    for m in WORD.finditer(text, cue.end, end):
        key = m.group().lower()
        if text[m.start() - 1:m.start()] == "-":
            continue  # the unit half of a compound figure: "58-godišnji vozač"
        if key in rules.clitics or rules.modifier_suffixes and key.endswith(rules.modifier_suffixes) \
                and not rules.is_person(m.group()):
            continue
        if rules.is_person(m.group()) and not rules.lexicon.is_cue(m.group()):
            return m.start(), m.end(), m.group(), "beside"
        break
    before = sx.words(start, cue.start)
    words: list = []  # the last two words before the cue that are no clitics
    for w in reversed(before):
        if w.group().lower() not in rules.clitics:
            words.insert(0, w)
            if len(words) == 2:
                break
    person = lambda m: rules.is_person(m.group()) and not rules.lexicon.is_cue(m.group())  # noqa: E731
    if not words:
        return None
    m = words[-1]
    if not person(m) and len(words) > 1 and person(words[-2]) and not text[words[-2].end():m.start()].strip():
        m = words[-2]  # a genitive after the person: "vozač čamca je uhapšen"
    if not person(m):
        return None
    first = next(w for w in before if w.group().lower() not in rules.clitics)
    if first is not m and person(first) and "," in text[first.end():m.start()]:
        m = first  # the person before an apposition: "vozač kamiona, 57-godišnji državljanin, uhićen je"
    return m.start(), m.end(), m.group(), "beside"
