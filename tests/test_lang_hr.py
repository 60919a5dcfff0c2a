"""Croatian, Bosnian and Serbian packs: rule examples and vetoes, Cyrillic offsets.

The conventions (digits and scales, number words, approximatives, compounds, qualifiers, ranges,
vague amounts, not-figures, casualty cues, coordination) are passages in
patterns/{hr,bs,sr}/examples-conventions.jsonl, run by tests/test_passages.py.
"""
import math
from pathlib import Path

import pytest
import yaml

import figures
from figures import packs, pipeline

LANGS = ["hr", "bs", "sr"]
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def rows(text, lang="hr"):
    df = figures.extract(text, lang=lang)
    return df.astype(object).where(df.notna(), None).to_dict("records")


def one(sentence, lang="hr", **want):
    text = sentence
    found = [r for r in rows(text, lang) if all(_same(r.get(k), v) for k, v in want.items())]
    assert found, f"{text!r}: no row with {want}; got {[(r['text'], r['value'], r['qualifier'], r['unit'], r['dimension'], r['category']) for r in rows(text, lang)]}"
    return found[0]


def _same(got, want):
    if want is None:
        return got is None
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return got is not None and math.isclose(float(got), want, rel_tol=1e-6)
    return got == want


def _own_rules(lang):
    path = packs.patterns_dir() / lang / "rules.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []) if path.is_file() else []


def _own_excludes(lang):
    path = packs.patterns_dir() / lang / "exclude.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []) if path.is_file() else []


EXAMPLES = [pytest.param(lang, r["id"], ex, id=f"{r['id']}-{i}")
            for lang in LANGS for r in _own_rules(lang) for i, ex in enumerate(r.get("examples", []))]
VETOES = [pytest.param(lang, r["id"], v, id=f"{r['id']}-{i}")
          for lang in LANGS for r in _own_excludes(lang) for i, v in enumerate(r.get("vetoes", []))]


def test_every_rule_has_id_doc_and_examples():
    for lang in LANGS:
        for r in _own_rules(lang):
            assert r["id"].startswith(f"{lang}.") and r.get("doc") and r.get("examples"), r["id"]
        for r in _own_excludes(lang):
            assert r.get("doc") and r.get("vetoes"), r["id"]


@pytest.mark.parametrize("lang,rule,example", EXAMPLES)
def test_rule_examples(lang, rule, example):
    one(example["in"], lang, **example["out"])


@pytest.mark.parametrize("lang,rule,veto", VETOES)
def test_exclusion_vetoes(lang, rule, veto):
    """The exclusion itself wins a span of the veto text, and no figure is left there."""
    pack = packs.load(lang)
    norm = pipeline.normalize(veto, pack)
    mine = [c for c in pipeline.candidates(pack, norm.text, norm.sentences) if c.rule == rule]
    assert mine, f"{rule} does not match {veto!r}"
    assert not [r for r in rows(veto, lang) if any(r["start"] < c.end and r["end"] > c.start for c in mine)]


def test_cyrillic_offsets_point_into_the_original():
    text = "У нападу је погинуло најмање 15 цивила, а 20 људи је рањено. Џамија (12 м) и 3 љубичаста чамца."
    df = figures.extract(text, lang="sr")
    assert len(df) >= 2
    for r in df.itertuples():
        assert text[r.start:r.end] == r.text
    first = df.iloc[0]
    assert first["text"] == "најмање 15" and first["category"] == "killed" and first["qualifier"] == "at_least"


# Gold floors live in tests/gold_floors.json (tests/test_gold_floor.py); speed in benchmarks/.


def test_cyrillic_object_is_written_in_the_original_script():
    text = "У нападу је погинуло најмање 15 цивила, а рањено је 20 људи."
    df = figures.extract(text)
    assert list(df["lang"]) == ["sr", "sr"]
    assert list(df["object"]) == ["цивила", "људи"]
    assert all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))
