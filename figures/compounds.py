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
        memo, low = self._split_memo, toks.low
        found = list(map(memo.get, low))  # memoised per word: one C-level pass in the common case
        if None in found:
            kinds = toks.kinds
            i = found.index(None)
            while True:
                w = low[i]
                cut = memo.get(w)
                if cut is None:
                    cut = 0
                    if kinds[i] == WORD:
                        for n in self._stem_lengths:
                            if len(w) > n and w[:n] in self.stems and is_head(w[n:]):
                                cut = n
                                break
                    if len(memo) > 100_000:
                        memo.clear()
                    memo[w] = cut
                found[i] = cut
                try:
                    i = found.index(None, i + 1)
                except ValueError:
                    break
        if not any(found):
            return toks
        cuts = [(i, cut) for i, cut in enumerate(found) if cut]
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

