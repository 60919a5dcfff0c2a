"""Every pack loads, follows the schema, and every example, veto and negative beside its rules holds.

The examples in patterns/<lang>/*.yaml are the pack's test corpus (Duckling
style): adding a rule with an example adds a test.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

import figures
from figures import packs

ROOT = packs.patterns_dir()
RULE_KEYS = {"id", "doc", "match", "before", "after", "not_before", "not_after", "emit", "priority", "examples",
             "must_not_match", "vetoes"}
LANGS = figures.languages()


def _rule_files():
    for path in sorted(ROOT.glob("*/*.yaml")):
        if path.name in ("rules.yaml", "exclude.yaml"):
            yield path


def _rules():
    for path in _rule_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for spec in data.get("rules", []):
            yield path, spec


def _lang_for(path: Path) -> str:
    """Examples of shared (common) rules are English sentences."""
    return "en" if path.parent.name == "common" else path.parent.name


RULES = list(_rules())


def test_languages_installed():
    assert "en" in LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_pack_loads(lang):
    pack = packs.load(lang)
    assert pack.rules, f"{lang} has no rules"


@pytest.mark.parametrize("path,spec", RULES, ids=[s.get("id", "?") for _, s in RULES])
def test_rule_schema(path, spec):
    rid = spec.get("id", "")
    prefix = path.parent.name + "."
    assert rid.startswith(prefix), f"{rid} in {path} must start with {prefix}"
    assert set(spec) <= RULE_KEYS, f"{rid}: unknown keys {set(spec) - RULE_KEYS}"
    assert spec.get("doc"), f"{rid}: every rule says why it exists (doc)"
    if path.name == "exclude.yaml":
        assert spec.get("vetoes"), f"{rid}: an exclusion lists strings it must veto"
    else:
        assert spec.get("examples"), f"{rid}: a rule needs at least one example"


def test_rule_ids_unique():
    ids = [s["id"] for _, s in RULES]
    assert len(ids) == len(set(ids))


def _matches(row: dict, want: dict) -> bool:
    for key, expected in want.items():
        got = row.get(key)
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            if got is None or (isinstance(got, float) and math.isnan(got)):
                return False
            if abs(float(got) - float(expected)) > 1e-6 * max(1.0, abs(float(expected))):
                return False
        elif expected is None:
            if not (got is None or (isinstance(got, float) and math.isnan(got))):
                return False
        elif str(got) != str(expected):
            return False
    return True


def _rows(text: str, lang: str) -> list[dict]:
    df = figures.extract(text, lang=lang)
    return df.astype(object).where(df.notna(), None).to_dict("records")


EXAMPLES = [(p, s["id"], ex) for p, s in RULES for ex in s.get("examples", []) or []]


@pytest.mark.parametrize("path,rid,example", EXAMPLES, ids=[f"{r}:{e['in'][:30]}" for _, r, e in EXAMPLES])
def test_rule_example(path, rid, example):
    """Strict (Duckling's corpus rule): exactly one row comes from the rule under test, with the expected fields."""
    rows = _rows(example["in"], _lang_for(path))
    want = example.get("out", {})
    mine = [r for r in rows if r["rule"] == rid]
    shown = [{k: r[k] for k in ('text', 'value', 'low', 'high', 'qualifier', 'unit', 'dimension', 'category', 'rule')}
             for r in rows]
    assert len(mine) == 1, f"{rid}: {len(mine)} rows from the rule in {example['in']!r}; got {shown}"
    assert _matches(mine[0], want), f"{rid}: the row does not match {want} in {example['in']!r}; got {shown}"


VETOES = [(p, s["id"], v) for p, s in RULES for v in s.get("vetoes", []) or []]


@pytest.mark.parametrize("path,rid,text", VETOES, ids=[f"{r}:{v[:30]}" for _, r, v in VETOES])
def test_exclusion_vetoes(path, rid, text):
    rows = _rows(text, _lang_for(path))
    assert rows == [], f"{rid} should veto every figure in {text!r}, got {[r['text'] for r in rows]}"


NEGATIVES = [(p, s["id"], v) for p, s in RULES for v in s.get("must_not_match", []) or []]


@pytest.mark.parametrize("path,rid,text", NEGATIVES, ids=[f"{r}:{v[:30]}" for _, r, v in NEGATIVES])
def test_must_not_match(path, rid, text):
    rows = _rows(text, _lang_for(path))
    assert all(r["rule"] != rid for r in rows), f"{rid} fired on {text!r}"


# Pack passages (examples*.jsonl) are run by tests/test_passages.py.
