"""Counted noun (object) and casualty category for each figure.

Generic clause heuristics driven by the pack's `categories.yaml`:

1. the noun phrase after the number (stopping at function words, verbs and
   punctuation) gives the object; a partitive ("two of the strikes") looks
   past "of"; a cue inside it ("17 wounded", "nine bodies") gives the category;
2. a noun phrase with no person noun is a count of things: no category;
3. otherwise the nearest cue after the figure in its clause, then the nearest
   cue before it (never across another figure);
4. "including 13 children", "38 of them", "10 more" inherit from the figure
   they refer back to; and a figure with no cue takes the category its nested
   figure found after it ("Jedanaest civila, među kojima šestoro dece, ubijeno je").

The search after a count looks past figures that are not counts (an age, a
duration) up to the next count. `modifier_suffixes` (pack key) marks words
that modify a following head noun ("humanitarnih" in "osam humanitarnih
koridora"): where given, the noun phrase ends at the first word without one.
A share followed by "of" + a count ("90 posto od 2,2 milijuna stanovnika")
takes that count's category; the count is the base population and has none.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import phrase_key, trie_pattern
from .pack_schema import WORDS, Fields, MapOf
from .table import CATEGORIES
from .types import Candidate

WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.\-]*[\p{L}\p{M}]|[\p{L}\p{M}]")
MAX_RUN = 5
MAX_WINDOW = 12  # words searched for a cue on either side


@dataclass(frozen=True)
class Context:
    """What context.attach found for one candidate."""

    object: str | None
    category: str | None
    reason: str


class ContextRules:
    """The pack's cue tables, compiled once."""

    def __init__(self, cfg: dict):
        self.cue_category: dict[str, str | None] = {}
        prefixes: list[tuple[str, str | None]] = []
        for category, cues in (cfg.get("cues", {}) or {}).items():
            cat = None if category in ("none", None) else category
            for cue in cues or []:
                key = phrase_key(str(cue))
                if key.endswith("*"):
                    prefixes.append((key[:-1], cat))
                else:
                    self.cue_category[key] = cat
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[0]))
        stems = [p for p, _ in self.prefixes]
        self.cue_re = regex.compile(
            r"(?<![\p{L}\p{M}])(?:" + trie_pattern(self.cue_category) + r")(?![\p{L}\p{M}])"
            + (r"|(?<![\p{L}\p{M}])(?:" + trie_pattern(stems) + r")[\p{L}\p{M}]*" if stems else ""),
            regex.IGNORECASE)
        words = lambda key: {phrase_key(str(w)) for w in cfg.get(key, []) or []}  # noqa: E731
        self.person = words("person_nouns")
        self.person_prefixes = tuple(w[:-1] for w in self.person if w.endswith("*"))
        self.stop = words("stop_words")
        self.partitive = words("partitive")
        self.determiners = words("determiners")
        self.backref_after = words("backref_after")
        nested = words("nested")
        self.nested_re = regex.compile(
            r"(?<![\p{L}\p{M}])(?:" + trie_pattern(nested) + r")(?![\p{L}\p{M}])", regex.IGNORECASE)
        breaks = words("clause_breaks")
        marks = "".join(regex.escape(b) for b in breaks if not regex.match(r"[\p{L}\p{M}]", b))
        breaks = {b for b in breaks if regex.match(r"[\p{L}\p{M}]", b)}
        self.coordinators_re = regex.compile(
            r"[,]|(?<![\p{L}\p{M}])(?:" + trie_pattern(words("coordinators")) + r")(?![\p{L}\p{M}])",
            regex.IGNORECASE)
        self.clause_re = regex.compile(
            r"[;:" + marks + r"]|(?<![\p{L}\p{M}])(?:" + trie_pattern(breaks) + r")(?![\p{L}\p{M}])",
            regex.IGNORECASE)
        size = words("size_phrases")
        self.size_re = regex.compile(
            r"(?<![\p{L}\p{M}])(?:" + trie_pattern(size) + r")\s*\Z", regex.IGNORECASE) if size else None
        self.verb_suffixes = tuple(cfg.get("verb_suffixes", []) or [])
        self.adverb_suffixes = tuple(cfg.get("adverb_suffixes", []) or [])
        self.continuers = words("clause_continuers")
        self.possessive_suffixes = tuple(str(x) for x in cfg.get("possessive_suffixes", []) or [])
        self.modifier_suffixes = tuple(phrase_key(str(x)) for x in cfg.get("modifier_suffixes", []) or [])

    def category_of(self, word: str) -> tuple[bool, str | None]:
        """(is a cue, its category) for one word or phrase."""
        key = phrase_key(word)
        if key in self.cue_category:
            return True, self.cue_category[key]
        for stem, cat in self.prefixes:
            if key.startswith(stem):
                return True, cat
        return False, None

    def is_person(self, word: str) -> bool:
        key = phrase_key(word)
        return key in self.person or (bool(self.person_prefixes) and key.startswith(self.person_prefixes))


def attach(cands: list[Candidate], dims: list[str], text: str, sentence_of, rules: ContextRules) -> list[Context]:
    """Object and category for each candidate (in document order)."""
    out: list[Context] = []
    for i, c in enumerate(cands):
        if dims[i] not in ("count", "ratio"):
            out.append(Context(None, None, "not a count"))
            continue
        s_start, s_end = sentence_of(c.start)
        prev_end = max(s_start, cands[i - 1].end) if i and cands[i - 1].end > s_start else s_start
        nxt = next((j for j in range(i + 1, len(cands)) if dims[j] in ("count", "ratio")), None)
        next_start = cands[nxt].start if nxt is not None and cands[nxt].start < s_end else s_end
        noun_limit = cands[i + 1].start if i + 1 < len(cands) and cands[i + 1].start < s_end else s_end
        prev_ctx = None
        for j in range(i - 1, -1, -1):
            if cands[j].end <= s_start:
                break
            if dims[j] in ("count", "ratio"):
                prev_ctx = out[j]
                break
        after_next = None
        if nxt is not None and cands[nxt].start < s_end:
            nxt2 = next((j for j in range(nxt + 1, len(cands)) if cands[j].start < s_end), None)
            after_next = (cands[nxt].end, cands[nxt2].start if nxt2 is not None else s_end)
        out.append(_one(c, dims[i], text, prev_end, next_start, prev_ctx, rules, noun_limit, after_next))
    out = _lift_nested(cands, dims, text, out, sentence_of, rules)
    return _ratio_of_base(cands, dims, text, out, rules)


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


def _lift_nested(cands, dims, text, out: list[Context], sentence_of, rules: ContextRules) -> list[Context]:
    """A count with no cue takes the category that its nested figure found after itself."""
    for i in range(len(cands) - 2, -1, -1):
        j = i + 1
        if out[i].category is not None or out[i].reason not in ("no cue",) or dims[i] != "count":
            continue
        if sentence_of(cands[j].start) != sentence_of(cands[i].start) or not out[j].reason.startswith("cue after"):
            continue
        if rules.nested_re.search(text, cands[i].end, cands[j].start):
            out[i] = Context(out[i].object, out[j].category, "category of the nested figure after it")
    return out


def _words(text: str, start: int, end: int) -> list[regex.Match]:
    return list(WORD.finditer(text, start, end))


def _noun_run(text: str, pos: int, limit: int, rules: ContextRules, allow_partitive: bool):
    """Words of the noun phrase after `pos`; stops at punctuation, function words, verbs."""
    run: list[str] = []
    backref = partitive = False
    end = pos
    for m in _words(text, pos, limit):
        gap = text[end:m.start()].strip()
        if gap and gap != "-" and not (gap == "." and run and "." in run[-1]):
            break
        word = m.group()
        key = phrase_key(word)
        if not run and key in rules.backref_after:
            backref = True
            break
        if not run and allow_partitive and key in rules.partitive:
            partitive = True
            end = m.end()
            continue
        if not run and key in rules.determiners:  # "two of the strikes", "half the population"
            end = m.end()
            continue
        if partitive and not run and key in rules.backref_after:
            backref = True
            break
        if key in rules.stop:
            break
        if rules.possessive_suffixes and key.endswith(rules.possessive_suffixes):
            end = m.end()
            continue
        if not run and rules.adverb_suffixes and key.endswith(rules.adverb_suffixes):
            end = m.end()
            continue
        is_cue, _ = rules.category_of(word)
        verbish = key.endswith(rules.verb_suffixes) if rules.verb_suffixes else False
        if run and verbish and not rules.is_person(word):
            # "people killed", "civilians were": the verb ends the phrase
            break
        run.append(word)
        end = m.end()
        if len(run) >= MAX_RUN or (rules.is_person(word) and not is_cue):
            break
        if rules.modifier_suffixes and not key.endswith(rules.modifier_suffixes):
            break  # the head noun ends the phrase
    return run, backref, end


def _one(c: Candidate, dim: str, text: str, prev_end: int, next_start: int,
         prev: Context | None, rules: ContextRules, noun_limit: int | None = None,
         after_next: tuple[int, int] | None = None) -> Context:
    run, backref, run_end = _noun_run(text, c.end, min(next_start, noun_limit or next_start), rules,
                                      allow_partitive=True)
    if run and all(rules.category_of(w)[0] for w in run):
        run = run + _past_coordinator(text, run_end, next_start, rules)
    person = next((w for w in reversed(run) if rules.is_person(w)), None)  # the head is last
    head = run[-1] if run else None
    obj = person or head
    # the head decides ("two refugee camps" are camps); before a person noun a cue modifies it
    for word in (run if person is not None else run[-1:]):
        is_cue, category = rules.category_of(word)
        if is_cue:
            return Context(obj, category, f"cue in noun phrase: {word}")
    inside = rules.cue_re.search(text, c.start, c.end)
    if inside:
        return Context(obj or inside.group(), rules.category_of(inside.group())[1],
                       f"cue inside the span: {inside.group()}")
    if run and person is None:
        return Context(obj, None, "count of things")
    if dim == "ratio" and person is None:
        return Context(obj, None, "ratio without a population")
    after = _cue_after(text, run_end, next_start, rules)
    if after:
        return Context(obj, after[1], f"cue after: {after[0]}")
    shared = _shared_predicate(text, run_end, next_start, after_next, rules)
    if shared:
        return Context(obj, shared[1], f"cue after the coordinated figure: {shared[0]}")
    if rules.size_re is not None and rules.size_re.search(text, prev_end, c.start):
        return Context(obj, None, "the size of a place, not an event")
    nested = bool(rules.nested_re.search(text, prev_end, c.start))
    if (backref or nested) and prev is not None:
        return Context(obj or prev.object, prev.category, "refers back to the previous figure")
    before = _cue_before(text, prev_end, c.start, rules)
    if before:
        return Context(obj, before[1], f"cue before: {before[0]}")
    if prev is not None and prev.category and _coordinated(text, prev_end, c.start, not run, rules):
        return Context(obj or prev.object, prev.category, "coordinated with the previous figure")
    return Context(obj, None, "no cue")


def _shared_predicate(text: str, run_end: int, next_start: int, after_next, rules: ContextRules):
    """ "Up to 300 people and more than 1000 houses are believed buried": coordinated subjects
    share the predicate after the second one."""
    if after_next is None or not rules.coordinators_re.fullmatch(text[run_end:next_start].strip()):
        return None
    next_end, limit = after_next
    _, _, run2_end = _noun_run(text, next_end, limit, rules, allow_partitive=False)
    return _cue_after(text, run2_end, limit, rules)


def _past_coordinator(text: str, pos: int, limit: int, rules: ContextRules) -> list[str]:
    """ "wounded and sick people": adjectives joined by a coordinator share the noun after them."""
    words = _words(text, pos, limit)
    if len(words) < 2 or not rules.coordinators_re.fullmatch(words[0].group()):
        return []
    more, _, _ = _noun_run(text, words[0].end(), limit, rules, allow_partitive=False)
    return more if more and rules.is_person(more[-1]) else []


def _coordinated(text: str, start: int, end: int, elided: bool, rules: ContextRules) -> bool:
    """ "three children and seven women", "32 killed in X and 25 in Y": joined to the previous figure."""
    words = _words(text, start, end)
    if elided and words and rules.coordinators_re.fullmatch(words[-1].group()):
        return True
    return len(words) <= 3 and bool(rules.coordinators_re.search(text, start, end))


def _cue_after(text: str, start: int, limit: int, rules: ContextRules):
    words = _words(text, start, limit)[:MAX_WINDOW]
    if not words:
        return None
    end = words[-1].end()
    pos = start
    while True:
        clause = rules.clause_re.search(text, pos, end)
        if clause is None:
            break
        nxt = WORD.search(text, clause.end(), end)
        # ", are feared dead": a comma before an auxiliary closes an apposition, not the clause
        if clause.group() == "," and nxt and phrase_key(nxt.group()) in rules.continuers:
            pos = nxt.end()
            continue
        end = clause.start()
        break
    m = rules.cue_re.search(text, start, end)
    if m:
        is_cue, cat = rules.category_of(m.group())
        return m.group(), cat
    return None


def _cue_before(text: str, start: int, end: int, rules: ContextRules):
    words = _words(text, start, end)[-MAX_WINDOW:]
    if not words:
        return None
    lo = words[0].start()
    for clause in rules.clause_re.finditer(text, lo, end):
        lo = clause.end()
    last = None
    for m in rules.cue_re.finditer(text, lo, end):
        last = m
    if last:
        is_cue, cat = rules.category_of(last.group())
        return last.group(), cat
    return None


#: The keys of categories.yaml (figures/pack_schema.py); a new key is declared here. `cues` maps a
#: casualty category of the table (or `none`, lumped words) to its cue words.
SCHEMA = Fields({
    "cues": MapOf(WORDS, names=[*CATEGORIES, "none"], what="category"),
    **{key: WORDS for key in (
        "person_nouns", "stop_words", "partitive", "determiners", "backref_after", "nested", "clause_breaks",
        "coordinators", "verb_suffixes", "adverb_suffixes", "possessive_suffixes", "modifier_suffixes",
        "clause_continuers", "size_phrases")},
}, owner="figures/context.py SCHEMA")
