"""Document-level language detection among the installed packs.

No model: every pack already holds the words of its language, and those are
what identify it among the packs (a general detector, langgate.py, only gates
languages no pack serves). A pack's *vocabulary* is its
number words, qualifier cues, casualty cues, person nouns and stop words,
plus `identify.words` in pack.yaml (frequent function words). The text is
read through each pack's own `normalize` table (so the sr pack reads Cyrillic
through its transliteration) and every word found in a vocabulary is a hit.
Words that two families share ("a", "i", "to", "km") count for none.

1. Family: packs related by `inherits` form one family (hr, bs, sr). The
   family with the most hits wins if it has at least MIN_HITS of them and at
   least RATIO times the hits of the runner-up; otherwise the text is too
   short or too mixed to tell, and detection falls back to the default
   language with a `LanguageFallbackWarning`.
2. Member: inside the family, each pack scores its own `identify.markers`
   (not inherited: words that tell it from its siblings, such as ekavian
   forms for sr or "hiljada" for bs/sr), the hits its own vocabulary adds to
   its parent's, and `identify.scripts` (a pack whose script holds most of the
   letters, Cyrillic for sr, wins outright). Ties go to the family root.
3. Gate: when step 1 cannot decide, or its hits cover less than SURE of the
   words (Slovenian shares most of Croatian's function words), langgate.py is
   asked (for texts of at least GATE_WORDS words): a language it reliably
   reads that no pack serves raises `NoPackError`; a pack language it reads
   settles an undecided text.

Adding a language adds its pack; nothing here changes.
"""
from __future__ import annotations

from typing import Any

import functools
import re
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import langgate, pack_yaml, packs
from .lexicon import phrase_key

MIN_HITS = 3  # fewer vocabulary hits than this: too little evidence
RATIO = 2.0  # the best family needs this many times the runner-up's hits
SAMPLE = 5000  # characters read: a news story's language shows long before that
SURE = 0.8  # vocabulary hits on at least this share of the words: decided without the gate
GATE_SAMPLE = 1000  # characters the gate reads (its cost is per character)
GATE_WORDS = 8  # fewer words than this: too short for the gate ("2 families fled the town." reads as Scots)
TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:[.][\p{L}]+)*")
LETTER = regex.compile(r"\p{L}")


def _class(pattern: str, chars: str) -> str:
    """The characters of `chars` that `regex` matches with `pattern`, as an `re` character class body."""
    spans: list[list[int]] = []
    for cp in sorted(ord(c) for c in regex.findall(pattern, chars)):
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)


def _fast_token(chars: str) -> re.Pattern:
    """TOKEN for texts made of `chars` only, in the faster `re` engine (classes read from `regex`)."""
    letters_marks, letters = _class(r"[\p{L}\p{M}]", chars), _class(r"\p{L}", chars)
    return re.compile(f"[{letters_marks}]+(?:[.][{letters}]+)*")


#: Below U+0530 (Latin, Greek, Cyrillic) built at import; the rest of the Basic Multilingual Plane ("…",
#: CJK) on the first text that needs it; beyond it, `regex` itself
_LATIN_TOKEN = _fast_token("".join(map(chr, range(0x530))))
_BEYOND_LATIN = re.compile("[^\\x00-\u052f]")
_BEYOND_BMP = re.compile("[^\\x00-\ud7ff\ue000-\uffff]")
_BMP_TOKEN: list[re.Pattern] = []


def tokens(text: str) -> list[str]:
    """TOKEN.findall(text), about 1.8x faster (the same words)."""
    if text.isascii() or _BEYOND_LATIN.search(text) is None:
        return _LATIN_TOKEN.findall(text)
    if _BEYOND_BMP.search(text) is not None:
        return TOKEN.findall(text)
    if not _BMP_TOKEN:
        bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
        _BMP_TOKEN.append(_fast_token(bmp))
    return _BMP_TOKEN[0].findall(text)


class LanguageFallbackWarning(UserWarning):
    """Language detection could not decide and used the default language."""


class NoPackError(ValueError):
    """The text is in a language no installed pack reads (detected by the gate, langgate.py)."""

    def __init__(self, code: str, name: str, installed: list[str]):
        self.code, self.name = code, name
        super().__init__(f"no pack for {code} (the text reads as {name.title()}); installed packs: "
                         f"{', '.join(installed)}; pass lang= (--lang) to read it with one of them")


@dataclass
class _Profile:
    lang: str
    family: str
    parent: str | None
    words: set[str] = field(default_factory=set)
    stems: tuple[str, ...] = ()
    markers: set[str] = field(default_factory=set)
    marker_stems: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    normalize: Any = None  # the pack's Normalizer (text.py), kept so detection loads no pack


def _own_meta(lang: str) -> dict:
    path = packs.patterns_dir() / lang / "pack.yaml"
    return pack_yaml.read(path).data or {}


def _chain(lang: str) -> list[str]:
    """lang, its parent, its grandparent ... (common excluded)."""
    out: list[str] = []
    at: str | None = lang
    while at and at != "common" and at not in out:
        out.append(at)
        at = _own_meta(at).get("inherits")
    return out


def _split(items) -> tuple[set[str], tuple[str, ...]]:
    words, stems = set(), []
    for item in items:
        key = phrase_key(str(item))
        if key.endswith("*"):
            if len(key) > 4:
                stems.append(key[:-1])
        else:
            words.update(key.split())
    return words, tuple(sorted(set(stems), key=len, reverse=True))


def _vocabulary(lang: str) -> list:
    pack = packs.vocabulary(lang)
    g = pack.grammar
    items: list = []
    for table in (g.cardinals, g.scales, g.approximatives, g.vague, g.vague_multipliers):
        items.extend(table)
    items.extend(pack.qualifiers["before"])
    items.extend(pack.qualifiers["after"])
    cats = pack.categories or {}
    for cues in (cats.get("cues", {}) or {}).values():
        items.extend(cues or [])
    for key in ("person_nouns", "stop_words"):
        items.extend(cats.get(key, []) or [])
    for name in _chain(lang):
        items.extend(((_own_meta(name).get("identify") or {}).get("words")) or [])
    return [x for x in items if regex.fullmatch(r"[\p{L}\p{M} *.]+", str(x))]


@functools.lru_cache(maxsize=None)
def _profiles(root: str) -> dict[str, _Profile]:
    """Every installed pack's detection profile; cached on disk like compiled packs, so detecting
    an English text does not load (unpickle) the Croatian, Bosnian and Serbian packs."""
    key = packs._cache_key("*langid*", Path(root))
    cached = packs._read_cache(key, kind="langid", cls=dict)
    if cached is not None:
        return cached
    out = _build_profiles()
    packs._write_cache(key, out, kind="langid")
    return out


def _build_profiles() -> dict[str, _Profile]:
    out: dict[str, _Profile] = {}
    for lang in packs.languages():
        chain = _chain(lang)
        ident = _own_meta(lang).get("identify") or {}
        words, stems = _split(_vocabulary(lang))
        markers, marker_stems = _split(ident.get("markers", []) or [])
        out[lang] = _Profile(lang, chain[-1], chain[1] if len(chain) > 1 else None, words, stems,
                             markers, marker_stems, tuple(ident.get("scripts", []) or []),
                             packs.vocabulary(lang).normalize)
    # a word that two families share tells neither apart
    seen: dict[str, set[str]] = {}
    for p in out.values():
        for w in p.words:
            seen.setdefault(w, set()).add(p.family)
    shared = {w for w, fams in seen.items() if len(fams) > 1}
    for p in out.values():
        p.words -= shared
        p.stems = tuple(s for s in p.stems if not any(w.startswith(s) for w in shared))
    return out


def _hits(counts: Counter, words: set[str], stems: tuple[str, ...]) -> int:
    """Occurrences of vocabulary words or stem-led tokens, checked once per distinct token."""
    return sum(n for tok, n in counts.items() if tok in words or (stems and tok.startswith(stems)))


def _is_letters(s: str) -> bool:
    return bool(s) and all(unicodedata.category(c)[0] in "LM" for c in s)


class _Scorer:
    """Reads a document once: one token count of its working copy, and each distinct token's
    verdict (the packs whose vocabulary or markers it hits, its letters, its script characters)
    computed once per process and cached, so a word seen in earlier documents costs a lookup.

    Packs whose normaliser differs from the common one only by letters -> letters (the sr pack's
    Cyrillic transliteration) are read token by token through it, which gives the same tokens
    as normalising the whole text; any other normaliser normalises the whole text, as before."""

    MAX_CACHE = 200_000  # distinct tokens remembered (about 40 MB at most); cleared when full

    def __init__(self, profiles: dict[str, _Profile]):
        self.profiles = profiles
        self.langs = list(profiles)
        keys = Counter(p.normalize.key for p in profiles.values())
        base_key = keys.most_common(1)[0][0]
        self.base = next(p.normalize for p in profiles.values() if p.normalize.key == base_key)
        base = self.base.changes()
        # the working copy keeps every letter of the original, so letters and scripts count on it
        self.letters_safe = not any(_is_letters(k) or _is_letters(v) for k, v in base.items())
        self.how: dict[str, str] = {}  # lang -> "base" | "token" | "whole"
        for lang, p in profiles.items():
            extra = {k: v for k, v in p.normalize.changes().items() if base.get(k) != v}
            if p.normalize.key == base_key:
                self.how[lang] = "base"
            elif (all(k in p.normalize.changes() for k in base)
                  and all(_is_letters(k) and _is_letters(v) for k, v in extra.items())
                  and not any(c in extra for v in base.values() for c in v)):
                self.how[lang] = "token"
            else:
                self.how[lang] = "whole"
        self.scripts = {lang: regex.compile("|".join(rf"\p{{{s}}}" for s in p.scripts))
                        for lang, p in profiles.items() if p.scripts}
        self.cache: dict[str, tuple] = {}

    def _verdict(self, tok: str) -> tuple:
        """(slot, count) pairs: slot 0 letters; 1 + 3i hits, 2 + 3i markers, 3 + 3i script of pack i."""
        out = []
        if self.letters_safe:
            out.append((0, len(LETTER.findall(tok))))
        low = tok.lower()
        for i, lang in enumerate(self.langs):
            p, how = self.profiles[lang], self.how[lang]
            if how == "whole":
                continue
            subs = [low] if how == "base" else TOKEN.findall(p.normalize(tok)[0].lower())
            for slot, words, stems in ((1, p.words, p.stems), (2, p.markers, p.marker_stems)):
                n = sum(1 for w in subs if w in words or (stems and w.startswith(stems)))
                if n:
                    out.append((slot + 3 * i, n))
            if lang in self.scripts and self.letters_safe:
                out.append((3 + 3 * i, len(self.scripts[lang].findall(tok))))
        verdict = tuple((slot, n) for slot, n in out if n)
        if len(self.cache) >= self.MAX_CACHE:
            self.cache.clear()
        self.cache[tok] = verdict
        return verdict

    def score(self, text: str) -> tuple[dict[str, dict[str, float]], int]:
        """(scores per pack, number of tokens) of `text` (already cut to the sample)."""
        counts = Counter(tokens(self.base(text)[0]))
        acc = [0] * (1 + 3 * len(self.langs))
        cache = self.cache
        for tok, n in counts.items():
            verdict = cache.get(tok)
            if verdict is None:
                verdict = self._verdict(tok)
            for slot, k in verdict:
                acc[slot] += k * n
        letters = acc[0] if self.letters_safe else len(LETTER.findall(text))
        out = {}
        for i, lang in enumerate(self.langs):
            p = self.profiles[lang]
            if self.how[lang] == "whole":
                whole = Counter(TOKEN.findall(p.normalize(text)[0].lower()))
                acc[1 + 3 * i] = _hits(whole, p.words, p.stems)
                acc[2 + 3 * i] = _hits(whole, p.markers, p.marker_stems)
            script = 0.0
            if lang in self.scripts and letters:
                found = acc[3 + 3 * i] if self.letters_safe else len(self.scripts[lang].findall(text))
                script = found / letters
            out[lang] = {"hits": acc[1 + 3 * i], "markers": acc[2 + 3 * i], "script": script}
        return out, sum(counts.values())


@functools.lru_cache(maxsize=None)
def _scorer(root: str) -> _Scorer:
    return _Scorer(_profiles(root))


def scores(text: str) -> dict[str, dict[str, float]]:
    """Per pack: vocabulary hits, marker hits and script share (what `detect` decides on)."""
    return _scorer(str(packs.patterns_dir())).score(text[:SAMPLE])[0]


def detect(text: str, default: str = "en") -> str:
    """The code of the installed pack whose language `text` is written in.

    When the vocabulary cannot decide, or decides on less than SURE of the words, the gate
    (langgate.py, a general offline detector) is asked: a language it reliably reads and no pack
    serves raises `NoPackError`; a pack's language it reads settles an undecided text. Still
    undecided: `default`, with a `LanguageFallbackWarning`."""
    root = str(packs.patterns_dir())
    profiles = _profiles(root)
    if not profiles:
        return default
    sample = text[:SAMPLE]
    s, ntokens = _scorer(root).score(sample)
    family_hits: dict[str, float] = {}
    for lang, p in profiles.items():
        family_hits[p.family] = max(family_hits.get(p.family, 0), s[lang]["hits"])
    ranked = sorted(family_hits.items(), key=lambda kv: -kv[1])
    best, h1 = ranked[0]
    h2 = ranked[1][1] if len(ranked) > 1 else 0
    undecided = h1 < MIN_HITS or h1 < RATIO * h2
    if ntokens >= GATE_WORDS and (undecided or h1 < SURE * ntokens):
        guess = langgate.guess(sample[:GATE_SAMPLE])
        if guess is not None and guess.code not in profiles:
            raise NoPackError(guess.code, guess.name, sorted(profiles))
        if guess is not None and undecided:
            best, undecided = profiles[guess.code].family, False
    if undecided:
        warnings.warn(LanguageFallbackWarning(
            f"cannot tell the language ({', '.join(f'{f}: {h}' for f, h in ranked)} vocabulary hits); "
            f"using {default!r}; pass lang= to choose"), stacklevel=3)
        return default
    members = [lang for lang, p in profiles.items() if p.family == best]
    if len(members) == 1:
        return members[0]
    scripted = [m for m in members if s[m]["script"] > 0.5]
    if scripted:
        return max(scripted, key=lambda m: s[m]["script"])

    def member_score(m: str) -> tuple:
        p = profiles[m]
        gain = s[m]["hits"] - (s[p.parent]["hits"] if p.parent in s else s[m]["hits"])
        return (s[m]["markers"] + max(gain, 0), m == best, -members.index(m))

    return max(members, key=member_score)


DEFAULT_LANG = "en"  # when detection cannot tell (a LanguageFallbackWarning says so)


def choose(text: str, lang: str | None) -> str:
    """The pack code for one document: `lang` checked against the installed packs, else detected in `text`.
    Here rather than in the package root so the run engine (batch.py) needs no import of the API module."""
    if lang is None:
        return detect(text, default=DEFAULT_LANG)
    if lang not in packs.languages():
        raise ValueError(f"unknown language {lang!r}; installed packs: {', '.join(packs.languages())}")
    return lang
