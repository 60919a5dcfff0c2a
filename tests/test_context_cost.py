"""The context stage's shortcuts give what the plain scans give (issue 15 item 4: bounded work per character).

Each shortcut of figures/lemmas.py, nouns.py, clauses.py, frames.py, context.py and the mentions path is
held equal to the scan it replaces, on arbitrary text made of the packs' own words and on the gold
passages. Their speed is measured by benchmarks/linear_time.py, never here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import packs, pipeline

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
LANGS = ["en", "hr", "sr"]


def _rules(lang: str):
    return pipeline._context_rules(packs.load(lang))


def _pieces(lang: str) -> list[str]:
    lex = _rules(lang).lexicon
    forms = sorted(lex.exact)[::7] + [p for p, _ in lex.prefixes][::3]
    return forms + [f.upper() for f in forms[::5]] + [f.title() for f in forms[::5]] + [
        " ", "  ", "\n", "-", ".", ",", "'", "’", "a", "X", "ſ", "\u212a", "İ", "e\u0301", "12", "je", "su", "the"]


def _text(lang: str):
    return st.lists(st.sampled_from(_pieces(lang)), max_size=30).map("".join)


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_cue_scan_finds_what_the_cue_regex_finds(lang, data):
    text = data.draw(_text(lang))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lex = _rules(lang).lexicon
    want = [(m.start(), m.end(), m.group()) for m in lex.regex.finditer(text, start, end)]
    assert [(m.start(), m.end(), m.group()) for m in lex.matches(text, start, end)] == want


def _passages() -> list[tuple[str, str]]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((rec["text"], rec["lang"]))
    return out


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_mentions_read_only_the_cued_sentences_and_find_what_the_whole_run_finds():
    for text, lang in _passages():
        trace: dict = {}
        pipeline.run(text, lang, "d", trace)
        assert pipeline.mentions(text, lang, "d") == trace["mentions"], text[:80]
