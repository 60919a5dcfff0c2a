"""Document-level language detection among the installed packs.

No model and no extra dependency: every pack already holds the words of its
language, and those are what identify it. A pack's *vocabulary* is its
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

Adding a language adds its pack; nothing here changes.
"""
from __future__ import annotations

import functools
from collections import Counter
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import pack_yaml, packs
from .lexicon import phrase_key

MIN_HITS = 3  # fewer vocabulary hits than this: too little evidence
RATIO = 2.0  # the best family needs this many times the runner-up's hits
SAMPLE = 5000  # characters read: a news story's language shows long before that
TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:[.][\p{L}]+)*")
LETTER = regex.compile(r"\p{L}")


class LanguageFallbackWarning(UserWarning):
    """Language detection could not decide and used the default language."""


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
    normalize: object = None  # the pack's Normalizer (text.py), kept so detection loads no pack


def _own_meta(lang: str) -> dict:
    path = packs.patterns_dir() / lang / "pack.yaml"
    return pack_yaml.read(path).data or {}


def _chain(lang: str) -> list[str]:
    """lang, its parent, its grandparent ... (common excluded)."""
    out = []
    while lang and lang != "common" and lang not in out:
        out.append(lang)
        lang = _own_meta(lang).get("inherits")
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


def scores(text: str) -> dict[str, dict[str, float]]:
    """Per pack: vocabulary hits, marker hits and script share (what `detect` decides on)."""
    root = str(packs.patterns_dir())
    profiles = _profiles(root)
    text = text[:SAMPLE]
    letters = len(LETTER.findall(text))
    out = {}
    works: dict[tuple, Counter] = {}  # packs that normalise alike share one token count
    for lang, p in profiles.items():
        normalize = p.normalize
        if normalize.key not in works:
            works[normalize.key] = Counter(TOKEN.findall(normalize(text)[0].lower()))
        counts = works[normalize.key]
        script = 0.0
        if p.scripts and letters:
            pat = regex.compile("|".join(rf"\p{{{s}}}" for s in p.scripts))
            script = len(pat.findall(text)) / letters
        out[lang] = {"hits": _hits(counts, p.words, p.stems),
                     "markers": _hits(counts, p.markers, p.marker_stems), "script": script}
    return out


def detect(text: str, default: str = "en") -> str:
    """The code of the installed pack whose language `text` is written in, else `default` (with a warning)."""
    profiles = _profiles(str(packs.patterns_dir()))
    if not profiles:
        return default
    s = scores(text)
    family_hits: dict[str, int] = {}
    for lang, p in profiles.items():
        family_hits[p.family] = max(family_hits.get(p.family, 0), s[lang]["hits"])
    ranked = sorted(family_hits.items(), key=lambda kv: -kv[1])
    best, h1 = ranked[0]
    h2 = ranked[1][1] if len(ranked) > 1 else 0
    if h1 < MIN_HITS or h1 < RATIO * h2:
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
