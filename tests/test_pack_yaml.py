"""Pack YAML is untrusted input: alias bombs, deep nesting and cycles are PackErrors (exit 2), never a hang or a
RecursionError; otherwise the data is exactly what yaml.safe_load gives, with the line of every key."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from figures import pack_yaml, packs
from figures.cli import main
from figures.errors import PackError


def bomb(levels: int) -> str:
    """The billion-laughs shape: each level lists the previous one nine times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


DEEP_FLOW = "words: " + "[" * 3000 + "]" * 3000 + "\n"
DEEP_BLOCK = "words:\n" + "".join(" " * (2 * i) + "-\n" for i in range(2000)) + " " * 4000 + "- x\n"
NESTED_LISTS = "words: " + "- " * 3000 + "x\n"


def test_alias_bomb_under_1kb_fails_with_the_line():
    text = bomb(9)
    assert len(text.encode()) < 1024
    with pytest.raises(PackError) as err:
        pack_yaml.loads(text, "bomb.yaml")
    assert err.value.file == "bomb.yaml" and "alias" in str(err.value) and err.value.line


@pytest.mark.parametrize("text", [DEEP_FLOW, DEEP_BLOCK, NESTED_LISTS], ids=["flow", "block", "lists"])
def test_deep_nesting_is_a_pack_error_not_recursion(text):
    with pytest.raises(PackError) as err:
        pack_yaml.loads(text, "deep.yaml")
    assert "nested" in str(err.value) or "malformed" in str(err.value)


def test_depth_through_aliases_is_bounded():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 200)]
    with pytest.raises(PackError, match="nested deeper"):
        pack_yaml.loads("\n".join(lines), "chain.yaml")


def test_recursive_alias_is_refused():
    with pytest.raises(PackError, match="contains it"):
        pack_yaml.loads("a: &a [1, *a]\n", "loop.yaml")


def test_modest_aliases_still_work():
    doc = pack_yaml.loads("base: &b [one, two]\nmore: *b\n")
    assert doc.data == {"base": ["one", "two"], "more": ["one", "two"]}


def test_python_objects_are_refused():
    with pytest.raises(PackError, match="malformed YAML") as err:
        pack_yaml.loads("x: !!python/object/apply:os.system ['true']\n", "evil.yaml")
    assert err.value.line == 1


def test_malformed_yaml_names_the_line():
    with pytest.raises(PackError) as err:
        pack_yaml.loads("a: 1\nb: [2\nc: 3\n", "bad.yaml")
    assert err.value.line and "bad.yaml:" in str(err.value)


def test_lines_of_keys_and_items():
    doc = pack_yaml.loads("cardinals:\n  one: 1\n  two: 2\nrules:\n  - id: x\n    match: y\n")
    assert doc.line("cardinals") == 1 and doc.line("cardinals", "two") == 3
    assert doc.line("rules", 0) == 5 and doc.line("rules", 0, "match") == 6
    assert doc.line("cardinals", "nosuch") == 1


def test_a_key_written_twice_is_an_error():
    with pytest.raises(PackError, match="written twice") as err:
        pack_yaml.loads("cardinals:\n  one: 1\nscales: {}\ncardinals:\n  two: 2\n", "numbers.yaml")
    assert (err.value.key, err.value.line) == ("cardinals", 4)
    with pytest.raises(PackError, match="lines 2 and 3"):
        pack_yaml.loads("cues:\n  killed: [a]\n  killed: [b]\n")


def test_same_data_as_safe_load_for_every_bundled_file():
    for path in sorted(packs.patterns_dir().glob("*/*.yaml")):
        assert pack_yaml.read(path).data == yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_not_utf8_is_a_pack_error(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_bytes("cardinals: {dvije: 2}\n".encode("cp1250") + b"\x9a\xe8: 1\n")
    with pytest.raises(PackError, match="UTF-8"):
        pack_yaml.read(path)


# ---------------------------------------------------------------- through the loader and the command line

@pytest.mark.parametrize("file, text", [("lexicon.yaml", bomb(6)), ("categories.yaml", DEEP_FLOW),
                                        ("pack.yaml", "lang: en\n" + NESTED_LISTS)],
                         ids=["bomb", "deep", "lists"])
def test_user_pack_problems_are_pack_errors(scratch_patterns, file, text):
    path = scratch_patterns / "en" / file
    path.write_text(text, encoding="utf-8")
    packs._load.cache_clear()
    with pytest.raises(PackError) as err:
        packs.load("en")
    assert err.value.file == str(path)


def test_command_line_exit_2_on_deep_nesting(scratch_patterns, monkeypatch):
    (scratch_patterns / "en" / "lexicon.yaml").write_text(DEEP_FLOW, encoding="utf-8")
    monkeypatch.delenv("FIGURES_PATTERNS")
    res = CliRunner().invoke(main, ["langs", "--patterns", str(scratch_patterns)], catch_exceptions=False)
    assert res.exit_code == 2 and "nested" in res.stderr and "lexicon.yaml" in res.stderr


def test_no_module_reads_yaml_without_the_limits():
    src = Path(pack_yaml.__file__).parent
    offenders = [p.name for p in src.glob("*.py") if p.name != "pack_yaml.py"
                 and ("yaml.safe_load" in p.read_text(encoding="utf-8") or "yaml.load(" in p.read_text(encoding="utf-8"))]
    assert offenders == []
