"""`figures packs check`: entries that can never fire are listed with file and line; broken packs exit 2."""
from __future__ import annotations

from click.testing import CliRunner

from figures import pack_check
from figures.cli import main


def append(root, rel: str, text: str) -> int:
    """Append `text` to root/rel; the 1-based line where it starts."""
    path = root / rel
    old = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def replace(root, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def findings(root, lang="en") -> list[str]:
    return [str(f) for f in pack_check.dead_entries(lang, root)]


def test_a_unit_surface_shadowed_by_a_later_unit(scratch_patterns):
    # kilometer comes first in the merged table (common/units.yaml lists it), so mile's later entry wins
    replace(scratch_patterns, "en/units.yaml", "  mile: [mile, miles, mi]", "  mile: [mile, miles, mi, klick]")
    line = replace(scratch_patterns, "en/units.yaml", "  kilometer: [kilometer,", "  kilometer: [klick, kilometer,")
    path = scratch_patterns / "en" / "units.yaml"
    assert f"{path}:{line}: units.kilometer: 'klick' is shadowed by units.mile (the later entry wins)" in findings(
        scratch_patterns)


def test_a_unit_surface_also_in_never(scratch_patterns):
    found = findings(scratch_patterns)
    assert any("units.degree_Celsius: 'C' is also in `never`" in f for f in found)


def test_a_cue_under_two_categories(scratch_patterns):
    line = replace(scratch_patterns, "en/categories.yaml", "  killed: [killed,", "  killed: [slain, killed,")
    replace(scratch_patterns, "en/categories.yaml", "  injured: [wounded,", "  injured: [slain, wounded,")
    path = scratch_patterns / "en" / "categories.yaml"
    assert f"{path}:{line}: cues.killed: 'slain' is also a cue of category 'injured': one of the two never applies" in findings(
        scratch_patterns)


def test_a_word_the_normaliser_rewrites_can_never_match(scratch_patterns):
    line = replace(scratch_patterns, "en/categories.yaml", "stop_words: [of,", "stop_words: [\"don\u2019t\", of,")
    path = scratch_patterns / "en" / "categories.yaml"
    assert any(f.startswith(f"{path}:{line}: stop_words: 'don\u2019t' has characters") for f in findings(scratch_patterns))


def test_a_stem_of_several_tokens(scratch_patterns):
    line = append(scratch_patterns, "en/lexicon.yaml", "idiom_extra: [\"per cen*\"]\n")
    found = findings(scratch_patterns)
    assert f"{scratch_patterns / 'en' / 'lexicon.yaml'}:{line}: idiom_extra: 'per cen*' is a stem of several tokens: " \
           "a stem matches one word token, so it never fires" in found


def test_a_lexicon_list_no_rule_uses(scratch_patterns):
    line = append(scratch_patterns, "en/lexicon.yaml", "nobody_uses: [foo, bar]\n")
    path = scratch_patterns / "en" / "lexicon.yaml"
    assert f"{path}:{line}: lexicon.nobody_uses: no rule's template uses this list" in findings(scratch_patterns)


def test_a_disabled_rule_that_does_not_exist(scratch_patterns):
    line = append(scratch_patterns, "en/pack.yaml", "disable_rules: [common.exclude.nosuch]\n")
    assert any(f":{line}: disable_rules: no inherited rule has the id 'common.exclude.nosuch'" in f
               for f in findings(scratch_patterns))


def test_a_clean_list_is_not_reported(scratch_patterns):
    assert not any("lexicon.month" in f for f in findings(scratch_patterns))


# ---------------------------------------------------------------- the command

def run(*args):
    return CliRunner().invoke(main, ["packs", "check", *map(str, args)], catch_exceptions=False)


def test_a_broken_pack_exits_2_with_file_and_line(scratch_patterns):
    line = replace(scratch_patterns, "en/numbers.yaml", "cardinals:", "cardinal:")
    res = run(scratch_patterns, "--lang", "en")
    assert res.exit_code == 2
    assert f"{scratch_patterns / 'en' / 'numbers.yaml'}:{line} key 'cardinal'" in res.stderr


def test_not_a_patterns_folder(tmp_path):
    res = run(tmp_path)
    assert res.exit_code == 2 and "not a patterns folder" in res.stderr


def test_check_lists_dead_entries_and_strict_fails(scratch_patterns):
    append(scratch_patterns, "en/lexicon.yaml", "nobody_uses: [foo]\n")
    res = run(scratch_patterns / "en")  # one pack folder: checked inside its patterns folder
    assert res.exit_code == 0, res.stderr
    assert "lexicon.nobody_uses" in res.stdout and "1 pack(s)" in res.stderr and "0 error(s)" in res.stderr
    assert run(scratch_patterns, "--lang", "en", "--strict").exit_code == 1


def test_a_broken_tolls_file_exits_2(scratch_patterns):
    # tolls.yaml is compiled by its own stage (figures/tolls_pack.py), not when the pack loads
    replace(scratch_patterns, "en/tolls.yaml", "share_base: [", "share_base: ['(unclosed', ")
    res = run(scratch_patterns, "--lang", "en")
    assert res.exit_code == 2
    assert str(scratch_patterns / "en" / "tolls.yaml") in res.stderr and "bad regex" in res.stderr


def test_an_unknown_tolls_key_exits_2(scratch_patterns):
    append(scratch_patterns, "hr/tolls.yaml", "subset_befor: ['od njih']\n")
    res = run(scratch_patterns)
    assert res.exit_code == 2
    assert "subset_befor" in res.stderr and str(scratch_patterns / "hr" / "tolls.yaml") in res.stderr
