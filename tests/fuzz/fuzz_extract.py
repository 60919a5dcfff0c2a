"""Coverage-guided fuzzing of decoding and extraction with atheris.

    python tests/fuzz/fuzz_extract.py CORPUS_DIR [SEED_DIR ...] -max_total_time=60

Each input is raw bytes: decoded like a file (`figures.io.decode`; a
DecodeError is an accepted answer), then extracted with every installed
pack chosen by the first byte. Anything else that raises is a finding, and so
is a row whose offsets do not slice back to its text. `seeds/` and the packs'
examples are good seed corpora (tests/test_fuzz_properties.py writes them).
"""
from __future__ import annotations

import sys
import warnings

import atheris
import pandas  # noqa: F401  libraries are imported first, so only figures' own code is instrumented
import pint  # noqa: F401
import regex  # noqa: F401
import yaml  # noqa: F401

with atheris.instrument_imports(include=["figures"]):
    import figures
    from figures import io, packs

warnings.simplefilter("ignore")
LANGS = sorted(packs.languages())


def test_one_input(data: bytes) -> None:
    if not data:
        return
    lang = LANGS[data[0] % len(LANGS)]
    try:
        text = io.decode(data[1:]).text
    except io.DecodeError:
        return
    df = figures.extract(text, lang=lang)
    for start, end, span in zip(df["start"], df["end"], df["text"]):
        if text[start:end] != span:
            raise AssertionError(f"offsets [{start}:{end}] give {text[start:end]!r}, row says {span!r}")


def main() -> None:
    for lang in LANGS:  # compile every pack before fuzzing starts
        packs.load(lang)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
