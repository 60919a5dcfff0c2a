"""Compound words of a number stem and a unit head, cut into two tokens.

"desetodnevne" (ten-day), "osmosatni" (eight-hour), "petnaestogodišnjakinja":
a word that is exactly a pack stem (numbers.yaml `stems`) followed by a unit
head with one of its endings (units.yaml `heads` x `head_endings`) becomes
the tokens "deseto" + "dnevne", glued, so rules read `{stem} ~{head}` like
"{num} - {head}" in "12-satni". One memoised dictionary lookup per word.
"""
from __future__ import annotations

from .tokens import WORD, Tokens


class Compounds:
    """The pack's number stems, and the cut point of each word seen (memoised)."""

    def __init__(self, stems: dict[str, float]):
        self.stems = stems
        self._stem_lengths = sorted({len(s) for s in stems}, reverse=True)
        self._split_memo: dict[str, int] = {}

    def split(self, toks: Tokens, is_head) -> Tokens:
        """Cut words made of a number stem and a unit head ("deseto|dnevne") into two tokens."""
        if not self.stems:
            return toks
        cuts = []
        memo = self._split_memo
        for i, w in enumerate(toks.low):
            if toks.kinds[i] != WORD:
                continue
            cut = memo.get(w)
            if cut is None:
                cut = 0
                for n in self._stem_lengths:
                    if len(w) > n and w[:n] in self.stems and is_head(w[n:]):
                        cut = n
                        break
                if len(memo) > 100_000:
                    memo.clear()
                memo[w] = cut
            if cut:
                cuts.append((i, cut))
        if not cuts:
            return toks
        starts, ends, kinds, space, low, raw = [], [], bytearray(), bytearray(), [], []
        prev = 0
        for i, cut in cuts + [(len(toks), 0)]:
            starts += toks.starts[prev:i]
            ends += toks.ends[prev:i]
            kinds += toks.kinds[prev:i]
            space += toks.space[prev:i]
            low += toks.low[prev:i]
            raw += toks.raw[prev:i]
            if i < len(toks):
                s, e = toks.starts[i], toks.ends[i]
                starts += [s, s + cut]
                ends += [s + cut, e]
                kinds += bytes([WORD, WORD])
                space += bytes([toks.space[i], 0])
                low += [toks.low[i][:cut], toks.low[i][cut:]]
                raw += [toks.raw[i][:cut], toks.raw[i][cut:]]
            prev = i + 1
        return Tokens(toks.text, starts, ends, kinds, space, low, raw, [0] * len(starts))

