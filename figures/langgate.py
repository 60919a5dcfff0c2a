"""The gate in front of language detection: a general offline detector that knows the languages
we have no pack for.

The pack-vocabulary detector (langid.py) only knows the installed packs, so Slovenian looks like
Croatian and German like English with few hits. When it is unsure, this gate asks CLD2 (Chrome's
compact language detector, via `pycld2`: a 14 MB wheel with its tables compiled in, no model
download, ~6 µs for a sentence, ~0.15 ms for the 5,000 characters read), which tells about 80
languages apart. CLD2 is chosen over lingua (96 MB installed, ~1.4 s to load even restricted to
nine languages, ~0.5 ms a sentence) and py3langid (~2 s to load its model at every cold start):
see benchmarks/README.md. Inside the hr/bs/sr family CLD2 is unreliable (it reads short Croatian
as Serbian); the packs' own markers still choose there.

Without `pycld2` (a platform with no wheel) the gate answers nothing and detection behaves as
before it existed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

MIN_PERCENT = 60  # CLD2's share of the text in its top language below which we do not trust it


@dataclass(frozen=True)
class Guess:
    code: str  # ISO 639-1 ("de", "sl"); CLD2's regional suffix dropped ("sr-ME" -> "sr")
    name: str  # "GERMAN"
    percent: int


@functools.lru_cache(maxsize=1)
def _cld2():
    try:
        import pycld2
    except ImportError:
        return None
    return pycld2


def available() -> bool:
    """True when the gate can answer (pycld2 is installed)."""
    return _cld2() is not None


def guess(text: str) -> Guess | None:
    """The language CLD2 reliably reads `text` as, or None (unsure, too short, or no pycld2)."""
    cld2 = _cld2()
    if cld2 is None or not text:
        return None
    try:
        reliable, _, details = cld2.detect(text.encode("utf-8", "replace"), isPlainText=True)
    except Exception:  # pycld2.error on bytes it cannot read: no opinion
        return None
    name, code, percent, _ = details[0]
    if not reliable or code in ("un", "xxx") or percent < MIN_PERCENT:
        return None
    return Guess(code.split("-")[0].lower(), name, int(percent))
