"""Every pack file has a schema: a misspelt key, category, dimension or qualifier is a PackError naming the
file, the key and the line (it used to be silent: `cardinal:` dropped every number word)."""
from __future__ import annotations

import pytest

from figures import pack_schema, pack_yaml, packs
from figures.errors import PackError


def edit(root, rel: str, old: str, new: str):
    """Replace the first `old` in root/rel by `new`; return the path and the 1-based line of `new`."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


def load_error(lang: str) -> PackError:
    packs._load.cache_clear()
    with pytest.raises(PackError) as err:
        packs.load(lang)
    return err.value


@pytest.mark.parametrize("lang, rel, old, new, key, hint", [
    ("en", "en/numbers.yaml", "cardinals:", "cardinal:", "cardinal", "cardinals"),
    ("hr", "hr/categories.yaml", "person_nouns:", "persn_nouns:", "persn_nouns", "person_nouns"),
    ("en", "en/categories.yaml", "  killed:", "  kiled:", "cues.kiled", "killed"),
    ("en", "en/pack.yaml", "decimal:", "decimals:", "decimals", "decimal"),
    ("bs", "bs/pack.yaml", "inherits:", "inherit:", "inherit", "inherits"),
    ("en", "en/qualifiers.yaml", "  at_least:", "  at_lest:", "before.at_lest", "at_least"),
    ("en", "en/units.yaml", "units:", "unit:", "unit", "units"),
    ("en", "common/units.yaml", "dimension: length", "dimension: lenght", "dimensions[0].dimension", "length"),
    ("en", "common/units.yaml", "normalize_to:", "normalise_to:", "normalise_to", "normalize_to"),
    ("en", "en/numbers.yaml", "vague:", "vauge:", "vauge", "vague"),
    ("en", "common/quantulum_units.yaml", "keep_short:", "keep_shrt:", "keep_shrt", "keep_short"),
])
def test_typo_names_file_key_and_line(scratch_patterns, lang, rel, old, new, key, hint):
    path, line = edit(scratch_patterns, rel, old, new)
    err = load_error(lang)
    assert (err.file, err.key, err.line) == (str(path), key, line)
    assert f"did you mean {hint!r}" in str(err) and f"{path}:{line}" in str(err)


@pytest.mark.parametrize("rel, text, key, words", [
    ("en/numbers.yaml", "cardinals: {seven: seven}\n", "cardinals.seven", "must be a number"),
    ("en/numbers.yaml", "fractions: {third: 1/3, half: one half}\n", "fractions.half", "fraction"),
    ("en/lexicon.yaml", "month: {jan: 1}\n", "month", "must be a list of words"),
    ("en/categories.yaml", "cues: {killed: killed}\n", "cues.killed", "must be a list of words"),
    ("en/pack.yaml", "lang: en\nclock: {am: [am], named: {noon: twelve}}\n", "clock.named.noon", "number"),
    ("en/units.yaml", "import_quantulum3: {min_length: three}\n", "import_quantulum3.min_length", "whole number"),
    ("en/rules.yaml", "rules:\n  - just a string\n", "rules[0]", "mapping"),
])
def test_wrong_shapes_name_the_key(scratch_patterns, rel, text, key, words):
    (scratch_patterns / rel).write_text(text, encoding="utf-8")
    err = load_error("en")
    assert err.key == key and words in str(err) and err.line


def test_rule_errors_carry_the_rule_line(scratch_patterns):
    path, line = edit(scratch_patterns, "en/rules.yaml", "rules:\n", "rules:\n  - {id: en.x.y, doc: d, matc: '{num}'}\n")
    err = load_error("en")
    assert (err.file, err.rule, err.key, err.line) == (str(path), "en.x.y", "matc", line + 1)


def test_every_bundled_file_fits_its_schema():
    root = packs.patterns_dir()
    for name, spec in packs.SCHEMAS.items():
        for path in sorted(root.glob(f"*/{name}.yaml")):
            pack_schema.check(spec, pack_yaml.read(path))


def test_a_stage_extends_its_section():
    spec = pack_schema.Fields({"cardinals": pack_schema.NUMBER_MAP}).extend({"ordinals": pack_schema.NUMBER_MAP})
    pack_schema.check(spec, pack_yaml.loads("cardinals: {one: 1}\nordinals: {first: 1}\n"))
    with pytest.raises(ValueError, match="twice"):
        spec.extend({"cardinals": pack_schema.WORDS})
    with pytest.raises(PackError, match="did you mean 'ordinals'"):
        pack_schema.check(spec, pack_yaml.loads("ordinal: {first: 1}\n"))


def test_a_category_the_table_does_not_have_is_refused(scratch_patterns):
    edit(scratch_patterns, "en/categories.yaml", "cues:\n", "cues:\n  wounded: [hurt]\n")
    err = load_error("en")
    assert err.key == "cues.wounded" and "killed" in str(err)


def test_the_message_says_where_keys_are_declared(scratch_patterns):
    edit(scratch_patterns, "en/numbers.yaml", "cardinals:", "cardinal:")
    assert "declared in figures/numbers.py SCHEMA" in str(load_error("en"))
