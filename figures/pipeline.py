"""The pipeline: normalise -> tokens -> numerals -> rules -> resolve -> units -> context -> figures.

Each stage is a pure function of its input and the pack; `run` optionally
records every stage's output for `explain()`.
"""
from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import asdict
from itertools import repeat
from operator import and_

from . import budget, context, recent, resolve, units
from .matcher import Doc
from .packs import Pack, load
from .text import NormText
from .tokens import DIGITS, tokenize
from .types import Candidate, Drop, Figure


@functools.lru_cache(maxsize=None)
def _context_rules(pack: Pack) -> context.ContextRules:
    return context.ContextRules(pack.categories)


def normalize(text: str, pack: Pack) -> NormText:
    """The working copy, its offset map and its sentence spans."""
    work, offsets = pack.normalize(text)
    return NormText(text, work, offsets, pack.split_sentences(work))


def candidates(pack: Pack, text: str, sentences, rejected: list[Drop] | None = None) -> list[Candidate]:
    """Every rule's candidates, sentence by sentence: tokens, tags, numerals, then rule sequences.

    The document is tokenised and tagged once; each sentence reads its window of tokens (a
    sentence cut inside a token is tokenised alone). A sentence with no token that can start a
    numeral or anchor a rule (digits, number words, units, ...) holds no candidate: skipped.
    """
    out: list[Candidate] = []
    lex, grammar, ruleset = pack.lex, pack.grammar, pack.ruleset
    doc = lex.tag(grammar.split(tokenize(text), pack.is_head))
    starts, ends, kinds = doc.starts, doc.ends, doc.kinds
    hot = bytes(map(bool, map(and_, doc.bits, repeat(grammar.find_mask | ruleset.anchor_mask))))
    for start, end in sentences:
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end, lo)
        if (lo and ends[lo - 1] > start) or (hi > lo and ends[hi - 1] > end):
            toks = lex.tag(grammar.split(tokenize(text, start, end), pack.is_head))
        elif kinds.find(DIGITS, lo, hi) < 0 and hot.find(1, lo, hi) < 0:
            continue
        else:
            toks = doc.window(lo, hi)
        budget.check()  # a per-document CPU budget (figures/budget.py), sentence by sentence
        nums, vague = grammar.find(toks)
        out += ruleset.apply(Doc(toks, nums, vague, lex, pack.clock), rejected)
    return out


def run(text: str, lang: str, doc_id: str | None = None, trace: dict | None = None) -> list[Figure]:
    """Extract the figures of one document."""
    pack = load(lang)
    norm = normalize(text, pack)
    rejected: list[Drop] | None = [] if trace is not None else None
    cands = candidates(pack, norm.text, norm.sentences, rejected)
    budget.check()  # a per-document budget (figures.budget), between stages
    kept, drops = resolve.overlap(cands)
    drops = (rejected or []) + drops
    kept, excluded = resolve.drop_exclusions(kept)
    dims = [c.dimension or units.dimension(c.unit) for c in kept]
    recent.remember(pack, text, (norm, kept, dims))  # what figures.mentions would compute again
    kept = resolve.inherit_brackets(kept, norm.text, dims)
    budget.check()
    ctxs = context.attach(kept, dims, norm.text, norm.sentence_of, _context_rules(pack))
    figures: list[Figure] = []
    lone_drops: list[Drop] = []
    for c, dim, ctx in zip(kept, dims, ctxs):
        if c.lone and ctx.category is None:
            lone_drops.append(Drop(c, "context", "never-alone word with no unit, qualifier or casualty cue"))
            continue
        figures.append(_figure(c, dim, ctx, norm, lang, doc_id))
    if trace is not None:
        trace.update({
            "lang": lang,
            "sentences": [{"start": s, "end": e} for s, e in norm.sentences],
            "candidates": [_rec(c, norm) for c in sorted(cands, key=lambda c: (c.start, c.end))],
            "dropped": [dict(_rec(d.candidate, norm), stage=d.stage, reason=d.reason)
                        for d in drops + excluded + lone_drops],
            "context": [dict(_rec(c, norm), object=x.object, category=x.category, reason=x.reason)
                        for c, x in zip(kept, ctxs)],
            "figures": [asdict(f) for f in figures],
            "mentions": mention_records(kept, dims, norm, pack, lang, doc_id),
        })
    return figures


def mentions(text: str, lang: str, doc_id: str | None = None) -> list[dict]:
    """Singular victims named without a numeral (figures/victims.py), one record each: the records of
    `run(..., trace)["mentions"]`. Only a sentence with a casualty cue can hold one, and candidates, their
    overlap and exclusions never reach past their sentence, so the engine reads those sentences alone
    (or not at all: a document `run` has just read is taken from figures/recent.py)."""
    pack = load(lang)
    known = recent.recall(pack, text)
    if known is not None:
        norm, kept, dims = known
        return mention_records(kept, dims, norm, pack, lang, doc_id)
    norm = normalize(text, pack)
    real = set(norm.sentences)
    scan = _context_rules(pack).lexicon.scan(norm.text)
    spans = context.cue_sentences(norm.text, norm.sentence_of, _context_rules(pack), scan)
    kept, _ = resolve.overlap(candidates(pack, norm.text, [s for s in spans if s in real]))
    kept, _ = resolve.drop_exclusions(kept)
    dims = [c.dimension or units.dimension(c.unit) for c in kept]
    return mention_records(kept, dims, norm, pack, lang, doc_id, spans, scan)


def mention_records(kept, dims, norm: NormText, pack: Pack, lang: str, doc_id, cued=None, scan=None) -> list[dict]:
    out = []
    rules = _context_rules(pack)
    for m in context.find_mentions(kept, dims, norm.text, norm.sentence_of, rules, lang, cued, scan):
        start, end = norm.to_original(m.start, m.end)
        s_start, s_end = norm.to_original(*norm.sentence_of(m.start))
        obj = _original_word(m.object, norm, m.start) if norm.text != norm.original else m.object
        out.append(dict(doc_id=doc_id, lang=lang, start=start, end=end, text=norm.original[start:end],
                        object=obj, category=m.category, sentence=norm.original[s_start:s_end], rule=m.rule))
    return out


def _rec(c: Candidate, norm: NormText) -> dict:
    start, end = norm.to_original(c.start, c.end)
    rec = {k: v for k, v in asdict(c).items() if k not in ("start", "end")}
    return dict(start=start, end=end, text=norm.original[start:end], **rec)


def _figure(c: Candidate, dim: str, ctx: context.Context, norm: NormText, lang: str, doc_id) -> Figure:
    start, end = norm.to_original(c.start, c.end)
    s_start, s_end = norm.to_original(*norm.sentence_of(c.start))
    unit = c.unit
    norm_value, norm_unit = units.normalize(c.value, unit, dim)
    obj = ctx.object
    if obj and norm.text != norm.original:  # transliterated (Cyrillic), with or without length changes
        obj = _original_word(obj, norm, c.end)
    return Figure(
        start=start, end=end, text=norm.original[start:end], value=c.value, low=c.low, high=c.high,
        qualifier=c.qualifier, unit=unit, dimension=dim, norm_value=norm_value, norm_unit=norm_unit,
        object=obj, category=ctx.category, sentence=norm.original[s_start:s_end],
        rule=c.rule, lang=lang, doc_id=doc_id,
    )


def _original_word(word: str, norm: NormText, near: int) -> str:
    """The counted noun as written in the original script (e.g. Cyrillic), not its transliteration."""
    s_start, s_end = norm.sentence_of(near)
    best = None
    pos = norm.text.find(word, s_start, s_end)
    while pos >= 0:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = norm.text.find(word, pos + 1, s_end)
    if best is None:
        return word
    start, end = norm.to_original(best, best + len(word))
    return norm.original[start:end]
