"""Numerals: the regex that finds them and the parser that values them.

Driven entirely by a pack's `numbers.yaml`: digit separators, number words
in every form the language inflects them, scale words, fractions, articles
("a dozen"), approximatives ("desetak") and vague amounts ("hundreds").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import phrase_key, trie_pattern


@dataclass(frozen=True)
class Parsed:
    """The value of a matched numeral and what kind of numeral it was."""

    value: float | None
    kind: str = "cardinal"  # cardinal | fraction | article | vague
    qualifier: str | None = None  # approximatives carry "approx"
    low: float | None = None  # vague floor


class NumberGrammar:
    """Compiled numeral patterns and lookup tables for one pack."""

    def __init__(self, cfg: dict, decimal: str, group: list[str]):
        self.decimal = decimal
        self.group = [g for g in group if g != decimal]
        self.cardinals = _floats(cfg.get("cardinals", {}))
        self.scales = _floats(cfg.get("scales", {}))
        self.digit_scales = _floats(cfg.get("digit_scales", {}))
        self.fractions = _floats(cfg.get("fractions", {}))
        self.articles = _floats(cfg.get("articles", {}))
        self.approximatives = _floats(cfg.get("approximatives", {}))
        self.connectors = [phrase_key(c) for c in cfg.get("connectors", [])]
        self.lone_fractions = [phrase_key(f) for f in cfg.get("lone_fractions", [])]
        self.minus = [phrase_key(m) for m in cfg.get("minus", [])]
        self.never_alone = {phrase_key(w) for w in cfg.get("never_alone", [])}
        vague = cfg.get("vague", {})
        self.vague = {phrase_key(k): float(v) for k, v in vague.get("amounts", {}).items()}
        self.vague_multipliers = _floats(vague.get("multipliers", {}))
        self.vague_scales = _floats(vague.get("scales", {}))
        self.pattern = self._number_pattern()
        self.vague_pattern = self._vague_pattern()
        self._token = regex.compile(r"\d+/\d+|" + self._digits() + r"|[\p{L}\p{M}]+", regex.I)

    # ---- regex construction -------------------------------------------------
    def _digits(self) -> str:
        g = "".join(regex.escape(x) for x in self.group if x != " ")
        d = regex.escape(self.decimal)
        grouped = []
        if g:
            grouped.append(rf"\d{{1,3}}(?:[{g}]\d{{3}})+(?!\d)")
        if " " in self.group:
            grouped.append(r"\d{1,3}(?:[ ]\d{3})+(?![\d])")
        alts = [f"{x}(?:{d}\\d+)?" for x in grouped] + [rf"\d+(?:{d}\d+)?"]
        return "(?:" + "|".join(alts) + ")"

    def _number_pattern(self) -> str:
        words = list(self.cardinals) + list(self.scales) + list(self.fractions)
        word = r"(?:" + trie_pattern(words) + r")(?![\p{L}\p{M}])"
        first = r"(?:" + trie_pattern(list(self.cardinals) + self.lone_fractions) + r")(?![\p{L}\p{M}])"
        scale = r"(?:" + trie_pattern(self.scales) + r")(?![\p{L}\p{M}])"
        frac = r"(?:" + trie_pattern(self.fractions) + r")(?![\p{L}\p{M}])"
        joins = [r"\s+", "-"] + [rf"\s+{regex.escape(c)}\s+" for c in self.connectors]
        join = "(?:" + "|".join(joins) + ")"
        digit_scale = trie_pattern(self.digit_scales, space="")
        digits = (
            self._digits()
            + r"(?:\s+\d+/\d+)?"
            + (rf"(?:(?:{digit_scale})(?![\p{{L}}\p{{M}}]))?" if self.digit_scales else "")
            + rf"(?:\s+{scale})*"
        )
        words_seq = rf"{first}(?:{join}{word})*"
        article = trie_pattern(self.articles)
        with_article = rf"(?:{article})\s+(?:{scale}|{frac})(?:{join}{word})*"
        approx = trie_pattern(self.approximatives)
        approx_alt = [rf"(?:{approx})(?![\p{{L}}\p{{M}}])(?:\s+{scale})*"] if self.approximatives else []
        minus = rf"(?:(?:{trie_pattern(self.minus)})\s+|-)?" if self.minus else ""
        core = "|".join([digits, *approx_alt, with_article, words_seq])
        return rf"(?<![\p{{L}}\p{{M}}\d])(?<![\d][.,]){minus}(?:{core})"

    def _vague_pattern(self) -> str:
        if not self.vague:
            return r"(?!)"
        head = trie_pattern(self.vague)
        mult = trie_pattern(self.vague_multipliers)
        scale = trie_pattern(self.vague_scales)
        alts = [head]
        if self.vague_multipliers and self.vague_scales:
            alts.insert(0, rf"(?:{mult})\s+(?:{scale})")
        return r"(?<![\p{L}\p{M}])(?:" + "|".join(alts) + r")(?![\p{L}\p{M}])"

    # ---- parsing -------------------------------------------------------------
    def parse(self, text: str) -> Parsed:
        """Value a numeral matched by `pattern` (digits, words, or both)."""
        key = phrase_key(text)
        if key in self.approximatives:
            return Parsed(self.approximatives[key], qualifier="approx")
        sign = 1.0
        for m in self.minus:
            if key.startswith(m + " "):
                sign, text = -1.0, text.split(None, 1)[1]
                break
        else:
            if text.startswith("-"):
                sign, text = -1.0, text[1:]
        total, current, kind, qualifier, seen = 0.0, 0.0, "cardinal", None, False
        for m in self._token.finditer(text):
            tok = m.group()
            low = tok.lower()
            if tok[0].isdigit():
                current += self._digit_value(tok)
                seen = True
            elif low in self.approximatives:
                current += self.approximatives[low]
                qualifier, seen = "approx", True
            elif low in self.cardinals:
                current += self.cardinals[low]
                seen = True
            elif low in self.articles and not seen:
                current, kind, seen = self.articles[low], "article", True
            elif low in self.fractions:
                current = (current or 1.0) * self.fractions[low]
                kind = "fraction"
            elif low in self.scales or low in self.digit_scales:
                factor = self.scales.get(low) or self.digit_scales[low]
                current = current or 1.0
                if factor >= 1000:
                    total += current * factor
                    current = 0.0
                else:
                    current *= factor
                kind = "cardinal" if kind == "article" else kind
        return Parsed(sign * (total + current), kind=kind, qualifier=qualifier)

    def _digit_value(self, tok: str) -> float:
        if "/" in tok:
            num, den = tok.split("/")
            return float(num) / float(den) if float(den) else 0.0
        for g in self.group:
            if g == " " or g != self.decimal:
                # a group separator is only ever followed by exactly three digits
                tok = regex.sub(rf"{regex.escape(g)}(?=\d{{3}}(?!\d))", "", tok)
        return float(tok.replace(self.decimal, "."))

    def parse_vague(self, text: str) -> Parsed:
        """A vague amount: no value, a floor from the pack's convention."""
        key = phrase_key(text)
        if key in self.vague:
            return Parsed(None, kind="vague", low=self.vague[key])
        mult, _, scale = key.partition(" ")
        low = self.vague_multipliers.get(mult, 1.0) * self.vague_scales.get(scale, 1.0)
        return Parsed(None, kind="vague", low=low)

    def is_lone(self, text: str) -> bool:
        """A never-alone word ("one", "jedan") that is a figure only with support."""
        return phrase_key(text) in self.never_alone


def _floats(d: dict) -> dict[str, float]:
    out = {}
    for k, v in d.items():
        out[phrase_key(str(k))] = float(eval_fraction(v))
    return out


def eval_fraction(v) -> float:
    """Pack values may be written as "1/3" for exactness."""
    if isinstance(v, str) and "/" in v:
        a, b = v.split("/")
        return float(a) / float(b)
    return float(v)
