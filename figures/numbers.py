"""Numerals: the regex that finds them and the parser that values them.

Driven entirely by a pack's `numbers.yaml`: digit separators, number words
in every form the language inflects them, scale words, fractions, articles
("a dozen"), approximatives ("desetak") and vague amounts ("hundreds").

Pack keys beyond the obvious ones:
- `lone_scales`: scale words that stand alone for one of them ("milijun", "tisuću").
- `stems`: number forms that only occur glued to a following word ("deseto-" in
  "desetodnevne"); the `{stem}` placeholder matches them, `parse` values them.
- `approximative_suffixes`: suffixes that make digits approximate ("20-ak", "300-tinjak").
- Number words join only in descending place value ("dvadeset pet", "two hundred
  and fifty"), so "pet i deset" or "three and five" are two numbers, not one.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import phrase_key, trie_pattern
from .pack_schema import NUMBER_MAP, WORDS, Fields

#: At most this many scale words (or word groups after them) chain into one numeral:
#: "two billion three hundred million ..." needs four; a bound keeps every match attempt
#: short, so a page of "two hundred and two hundred and ..." is read in linear time.
CHAIN = 6


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
        self.fraction_links = [phrase_key(f) for f in cfg.get("fraction_links", [])]
        self.minus = [phrase_key(m) for m in cfg.get("minus", [])]
        self.never_alone = {phrase_key(w) for w in cfg.get("never_alone", [])}
        self.lone_scales = [phrase_key(w) for w in cfg.get("lone_scales", [])]
        self.stems = _floats(cfg.get("stems", {}))
        self.approx_suffixes = [str(x).lower() for x in cfg.get("approximative_suffixes", [])]
        vague = cfg.get("vague", {})
        self.vague = {phrase_key(k): float(v) for k, v in vague.get("amounts", {}).items()}
        self.vague_multipliers = _floats(vague.get("multipliers", {}))
        self.vague_scales = _floats(vague.get("scales", {}))
        seps = "".join(regex.escape(g) for g in self.group)
        self._group_sep = regex.compile(rf"[{seps}](?=\d{{3}}(?!\d))") if seps else regex.compile(r"(?!)")
        self.pattern = self._number_pattern()
        self.vague_pattern = self._vague_pattern()
        self.stem_pattern = (r"(?<![\p{L}\p{M}])(?:" + trie_pattern(self.stems) + ")") if self.stems else r"(?!)"
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
        # digit runs are possessive (\d++): a numeral never gives digits back, so a long run is read once
        alts = [f"{x}(?:{d}\\d++)?" for x in grouped] + [rf"\d++(?:{d}\d++)?"]
        return "(?:" + "|".join(alts) + ")"

    def _place_groups(self) -> str:
        """Number words in descending place value: [thousands] [hundreds] [tens [ones] | teens | ones]."""
        end = r"(?![\p{L}\p{M}])"
        joins = [r"\s+", "-"] + [rf"\s+{regex.escape(c)}\s+" for c in self.connectors]
        join = "(?:" + "|".join(joins) + ")"
        classes: dict[str, list[str]] = {"ones": [], "teens": [], "tens": [], "hundreds": [], "big": []}
        for word, v in self.cardinals.items():
            cls = ("ones" if v < 10 else "teens" if v < 20 else "tens" if v < 100
                   else "hundreds" if v < 1000 else "big")
            classes[cls].append(word)
        alt = {k: (f"(?:{trie_pattern(v)}){end}" if v else None) for k, v in classes.items()}

        def opt(*parts):
            return "|".join(p for p in parts if p)

        g1 = opt(alt["tens"] and rf"{alt['tens']}(?:{join}{alt['ones']})?" if alt["ones"] else alt["tens"],
                 alt["teens"], alt["ones"])
        g2 = opt(alt["hundreds"] and rf"{alt['hundreds']}(?:{join}(?:{g1}))?" if g1 else alt["hundreds"], g1)
        g3 = opt(alt["big"] and rf"{alt['big']}(?:{join}(?:{g2}))?" if g2 else alt["big"], g2)
        return g3 or r"(?!)", join

    def _number_pattern(self) -> str:
        end = r"(?![\p{L}\p{M}])"
        scale = r"(?:" + trie_pattern(self.scales) + r")" + end
        frac = r"(?:" + trie_pattern(self.fractions) + r")" + end
        group, join = self._place_groups()
        digit_scale = trie_pattern(self.digit_scales, space="")
        suffix = (rf"(?:{trie_pattern(self.approx_suffixes, space='')}){end}|" if self.approx_suffixes else "")
        digits = (
            self._digits()
            + r"(?:\s+\d+/\d+)?"
            + (rf"(?:{suffix}(?:{digit_scale}){end})?" if self.digit_scales
               else (rf"(?:{suffix[:-1]})?" if suffix else ""))
            + rf"(?:\s+{scale}){{0,{CHAIN}}}"
        )
        lone_frac = rf"(?:{trie_pattern(self.lone_fractions)}){end}" if self.lone_fractions else None
        lone_scale = rf"(?:{trie_pattern(self.lone_scales)}){end}(?:{join}(?:{group}))?" if self.lone_scales else None
        start = "|".join(x for x in (f"(?:{group})", lone_frac, lone_scale) if x)
        # after a scale or a fraction a new place-value group may follow ("two hundred and fifty")
        # (written so that each way through it reads the words one way only: no nested ambiguity)
        step, then = rf"(?:{join}(?:{scale}|{frac}))", rf"(?:{join}(?:{group}))"
        words_seq = rf"(?:{start})(?:{step}{{1,{CHAIN}}}(?:{then}{step}{{1,{CHAIN}}}){{0,{CHAIN}}}{then}?)?"
        article = trie_pattern(self.articles)
        with_article = rf"(?:{article})\s+(?:{scale}|{frac})(?:{join}(?:{scale}|{frac}|{group})){{0,{CHAIN}}}"
        links = trie_pattern(self.fraction_links) if self.fraction_links else None
        link = rf"(?:\s+(?:{links}))?" if links else ""
        # "četvrt milijuna", "quarter million", "(a) quarter of a million", "half a million"
        frac_scale = rf"(?:(?:{article})\s+)?{frac}{link}(?:{join}{scale}){{1,{CHAIN}}}"
        approx = trie_pattern(self.approximatives)
        approx_alt = [rf"(?:{approx})(?![\p{{L}}\p{{M}}])(?:\s+{scale}){{0,{CHAIN}}}"] if self.approximatives else []
        minus = rf"(?:(?:{trie_pattern(self.minus)})\s+|-)?" if self.minus else ""
        core = "|".join([digits, *approx_alt, with_article, frac_scale, words_seq])
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
        if key in self.stems:
            return Parsed(self.stems[key])
        suffixed = None
        for suf in sorted(self.approx_suffixes, key=len, reverse=True):
            if key.endswith(suf) and key[: -len(suf)][-1:].isdigit():
                suffixed, text = "approx", text[: len(text) - len(suf)]
                break
        sign = 1.0
        for m in self.minus:
            if key.startswith(m + " "):
                sign, text = -1.0, text.split(None, 1)[1]
                break
        else:
            if text.startswith("-"):
                sign, text = -1.0, text[1:]
        total, current, kind, qualifier, seen = 0.0, 0.0, "cardinal", suffixed, False
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
                kind, seen = "fraction", True  # "half a million": the article after it is no number
            elif low in self.scales or low in self.digit_scales:
                factor = self.scales.get(low) or self.digit_scales[low]
                current = current or 1.0
                if factor >= 1000:
                    total += current * factor
                    current = 0.0
                else:
                    current *= factor
                kind = "cardinal" if kind in ("article", "fraction") else kind  # "pola milijuna" counts
        return Parsed(sign * (total + current), kind=kind, qualifier=qualifier)

    def _digit_value(self, tok: str) -> float:
        if "/" in tok:
            num, den = tok.split("/")
            return float(num) / float(den) if float(den) else 0.0
        if self._group_sep.search(tok):
            # a group separator is only ever followed by exactly three digits
            tok = self._group_sep.sub("", tok)
        return float(tok.replace(self.decimal, "."))

    def parse_vague(self, text: str) -> Parsed:
        """A vague amount: no value, a floor from the pack's convention."""
        key = phrase_key(text)
        if key in self.vague:
            return Parsed(None, kind="vague", low=self.vague[key])
        mult, _, scale = key.partition(" ")
        low = self.vague_multipliers.get(mult, 1.0) * self.vague_scales.get(scale, 1.0)
        return Parsed(None, kind="vague", low=low)

    def trailing_scale(self, text: str) -> float | None:
        """The factor of a scale word ending a numeral ("10 miliona" -> 1e6), else None."""
        words = phrase_key(text).split()
        if len(words) < 2:
            return None
        return self.scales.get(words[-1])

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


#: The keys of numbers.yaml this module reads (figures/pack_schema.py); a new key is declared here.
SCHEMA = Fields({
    "cardinals": NUMBER_MAP, "scales": NUMBER_MAP, "digit_scales": NUMBER_MAP, "fractions": NUMBER_MAP,
    "articles": NUMBER_MAP, "approximatives": NUMBER_MAP, "stems": NUMBER_MAP,
    "connectors": WORDS, "lone_fractions": WORDS, "fraction_links": WORDS, "minus": WORDS,
    "never_alone": WORDS, "lone_scales": WORDS, "approximative_suffixes": WORDS,
    "vague": Fields({"amounts": NUMBER_MAP, "multipliers": NUMBER_MAP, "scales": NUMBER_MAP}),
})
