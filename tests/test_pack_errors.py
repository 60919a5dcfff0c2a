"""A broken pack fails at load with a PackError naming the file, the rule and the key.

Each case edits a scratch copy of patterns/ (the `scratch_patterns` fixture)
and loads it; the command line reports the same errors with exit status 2.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from figures import packs
from figures.cli import main
from figures.errors import PackError

GOOD_RULE = {"id": "en.test.rule", "doc": "test", "match": "{num} widgets",
             "examples": [{"in": "5 widgets", "out": {"value": 5}}]}


def add_rule(root: Path, rule: object, file: str = "rules.yaml") -> Path:
    path = root / "en" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"].append(rule)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_error(lang: str = "en") -> PackError:
    packs._load.cache_clear()
    with pytest.raises(PackError) as err:
        packs.load(lang)
    return err.value


@pytest.mark.parametrize("change, key, words", [
    ({"match": "{num} /(widgets/"}, "match", "bad regex"),
    ({"match": "{num} {nosuch}"}, "match", "unknown class {nosuch}"),
    ({"match": "{num} (widgets"}, "match", "unclosed '('"),
    ({"before": "?"}, "before", "'?' must follow"),
    ({"match": None}, "match", "string 'match'"),
    ({"match": 42}, "match", "must be str"),
    ({"matc": "{num}"}, "matc", "unknown key"),
    ({"priority": "high"}, "priority", "must be int"),
    ({"priority": True}, "priority", "must be int"),
    ({"examples": "5 widgets"}, "examples", "must be list"),
    ({"emit": ["qualifier", "approx"]}, "emit", "must be dict"),
    ({"emit": {"qualifer": "approx"}}, "emit.qualifer", "unknown emit keys"),
    ({"emit": {"qualifier": "roughly"}}, "emit.qualifier", "unknown qualifier"),
    ({"emit": {"dimension": "weight"}}, "emit.dimension", "unknown dimension"),
    ({"emit": {"unit": "furlongz"}}, "emit.unit", "pint does not know"),
    ({"emit": {"value": "five"}}, "emit.value", "must be"),
])
def test_invalid_rule_names_file_rule_and_key(scratch_patterns, change, key, words):
    path = add_rule(scratch_patterns, {**GOOD_RULE, **change})
    err = load_error()
    assert err.file == str(path) and err.rule == "en.test.rule" and err.key == key
    assert words in str(err) and str(path) in str(err) and "en.test.rule" in str(err)


def test_rule_without_id(scratch_patterns):
    path = add_rule(scratch_patterns, {k: v for k, v in GOOD_RULE.items() if k != "id"})
    err = load_error()
    assert err.file == str(path) and err.key == "id" and "without id" in str(err)


def test_rule_id_of_wrong_type(scratch_patterns):
    add_rule(scratch_patterns, {**GOOD_RULE, "id": 12})
    assert load_error().key == "id"


def test_rule_that_is_not_a_mapping(scratch_patterns):
    path = add_rule(scratch_patterns, "just a string", file="exclude.yaml")
    err = load_error()
    assert err.file == str(path) and "mapping" in str(err)


def test_rules_file_with_a_typo_at_top_level(scratch_patterns):
    path = scratch_patterns / "en" / "rules.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("rules:", "rule:", 1), encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and err.key == "rule"


def test_rules_that_are_not_a_list(scratch_patterns):
    path = scratch_patterns / "en" / "rules.yaml"
    path.write_text("rules:\n  en.x: {match: '{num}'}\n", encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and err.key == "rules"


@pytest.mark.parametrize("file, text", [
    ("rules.yaml", "rules:\n  - id: en.x\n    match: [unclosed\n"),
    ("numbers.yaml", "cardinals: {one: 1\n"),
    ("pack.yaml", "lang: en\n\tname: tab\n"),
    ("units.yaml", "units:\n  mile: [mile\n"),
])
def test_malformed_yaml_names_the_file(scratch_patterns, file, text):
    path = scratch_patterns / "en" / file
    path.write_text(text, encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and "malformed YAML" in str(err)


def test_yaml_boolean_in_a_word_list(scratch_patterns):
    path = scratch_patterns / "en" / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnever_extra: [no, off]\n", encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and "boolean" in str(err)


def test_unit_pint_does_not_know(scratch_patterns):
    path = scratch_patterns / "en" / "units.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"]["furlongz"] = ["furlongz"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and err.key == "furlongz" and "pint" in str(err)


def test_unknown_qualifier_name(scratch_patterns):
    path = scratch_patterns / "en" / "qualifiers.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["before"]["roughly"] = ["roughly"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    err = load_error()
    assert err.file == str(path) and err.key == "before.roughly"


@pytest.mark.parametrize("file, text", [
    ("units.yaml", "units: [mile, km]\n"),
    ("qualifiers.yaml", "before: [about]\n"),
    ("numbers.yaml", "cardinals: [one, two]\n"),
    ("numbers.yaml", "cardinals: {seven: seven}\n"),
])
def test_section_of_the_wrong_shape_is_a_pack_error(scratch_patterns, file, text):
    (scratch_patterns / "en" / file).write_text(text, encoding="utf-8")
    err = load_error()
    assert str(scratch_patterns / "en") in err.file


def test_inheritance_cycle(scratch_patterns):
    path = scratch_patterns / "en" / "pack.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\ninherits: en\n", encoding="utf-8")
    assert load_error().key == "inherits"


def test_packs_are_read_with_safe_load_only(scratch_patterns, tmp_path):
    marker = tmp_path / "pwned"
    path = scratch_patterns / "en" / "lexicon.yaml"
    path.write_text(f"evil: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    err = load_error()
    assert "malformed YAML" in str(err) and not marker.exists()
    source = Path(packs.__file__).read_text(encoding="utf-8")
    assert "yaml.load(" not in source and "unsafe_load" not in source and "full_load" not in source


# ---------------------------------------------------------------- the command line

def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def broken(scratch_patterns):
    add_rule(scratch_patterns, {**GOOD_RULE, "match": "{num} /(widgets/"})
    packs._load.cache_clear()
    return scratch_patterns


@pytest.mark.parametrize("command", [["extract", "{doc}"], ["explain", "5 widgets"],
                                     ["highlight", "{doc}", "-o", "{tmp}/r.html"], ["langs"]])
def test_patterns_option_validates_packs_exit_2(broken, tmp_path, monkeypatch, command):
    monkeypatch.delenv("FIGURES_PATTERNS")
    doc = tmp_path / "d.txt"
    doc.write_text("5 widgets", encoding="utf-8")
    args = [a.format(doc=doc, tmp=tmp_path) for a in command]
    res = run(*args[:1], "--patterns", broken, *args[1:])
    assert res.exit_code == 2
    assert "en.test.rule" in res.stderr and "rules.yaml" in res.stderr and "bad regex" in res.stderr


def test_figures_patterns_env_is_validated_too(broken, tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text("5 widgets", encoding="utf-8")
    res = run("extract", doc, env={"FIGURES_PATTERNS": str(broken)})
    assert res.exit_code == 2 and "en.test.rule" in res.stderr


def test_patterns_option_rejects_a_folder_without_common(tmp_path, monkeypatch):
    monkeypatch.delenv("FIGURES_PATTERNS", raising=False)
    (tmp_path / "p").mkdir()
    res = run("langs", "--patterns", tmp_path / "p")
    assert res.exit_code == 2 and "common/pack.yaml" in res.stderr


@pytest.mark.slow  # compiles a modified pack, ~30 s
def test_patterns_option_uses_a_valid_user_pack(scratch_patterns, tmp_path, monkeypatch):
    add_rule(scratch_patterns, {**GOOD_RULE, "priority": 90})
    monkeypatch.delenv("FIGURES_PATTERNS")
    doc = tmp_path / "d.txt"
    doc.write_text("We bought 5 widgets.", encoding="utf-8")
    res = run("extract", "--patterns", scratch_patterns, doc, "--lang", "en", "--format", "jsonl")
    assert res.exit_code == 0, res.stderr
    assert '"rule": "en.test.rule"' in res.stdout
