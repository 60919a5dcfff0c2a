"""The compiled engine and the pure-Python engine give identical tables (setup.py, figures/_compiled.py).

`pip install .` compiles the engine's .py modules with Cython; `FIGURES_PURE=1` runs the same
installation from its .py sources. The tests run both in subprocesses, from a temporary folder so
that the installed package is imported (`python -m pytest` from the checkout imports the source
tree, which has no compiled modules unless an editable build put them there), and compare every
table: offsets, strings, floats and dtypes exactly.

Inputs: every gold passage in ../shared/gold/*.jsonl (when the checkout has it beside it), seeds/,
every pack's examples (examples*.jsonl and the rules' own examples and must_not_match strings),
generated text (benchmarks/make_corpus.py, both densities, en and hr) and the hostile shapes of
benchmarks/linear_time.py.

Where no compiled build is installed (a machine without a C compiler, or `FIGURES_NO_COMPILE=1`)
these tests skip, saying why; `.ci/run` sets FIGURES_REQUIRE_COMPILED=1, which makes that absence
a failure, so CI proves that the build works on a fresh machine.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import figures
from figures import _compiled, packs

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REQUIRE = os.environ.get("FIGURES_REQUIRE_COMPILED", "").strip() not in ("", "0")
#: the modules setup.py compiles (its MODULES list, read without running setup.py)
MODULES = next(ast.literal_eval(node.value) for node in ast.parse((ROOT / "setup.py").read_text()).body
               if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MODULES")

# Runs in a subprocess against the installed package: every input's table, and the batch path.
DRIVER = r"""
import json, pickle, sys, warnings
warnings.simplefilter("ignore")
import figures
items = json.loads(open(sys.argv[1], encoding="utf-8").read())
frames, errors = [], []
for item in items:
    try:
        frames.append(figures.extract(item["text"], lang=item["lang"], doc_id=item["id"]))
        errors.append(None)
    except Exception as e:
        frames.append(None)
        errors.append(f"{type(e).__name__}: {e}")
by_lang = {}
for item in items:
    if item["lang"]:
        by_lang.setdefault(item["lang"], []).append((item["id"], item["text"]))
batch = {lang: figures.extract_many(docs, lang=lang) for lang, docs in sorted(by_lang.items())}
traces = [figures.explain(item["text"], lang=item["lang"]) for item in items if item.get("trace")]
traces = [{k: v for k, v in t.items()} for t in traces]
out = {"file": figures.__file__, "compiled": figures.compiled(), "frames": frames, "errors": errors,
       "batch": batch, "traces": traces}
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""

PROBE = r"""
import json, sys, warnings
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    import figures, figures.tokens, figures.rules
print(json.dumps({"file": figures.__file__, "compiled": figures.compiled(),
                  "tokens": figures.tokens.__file__, "rules": figures.rules.__file__,
                  "warnings": [type(w.message).__name__ + ": " + str(w.message) for w in seen
                               if "figures" in str(w.message)]}))
"""


def _env(pure: str | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FIGURES_PURE", "PYTHONPATH")}
    env["FIGURES_PATTERNS"] = str(ROOT / "patterns")  # both sides read the checkout's packs
    if pure is not None:
        env["FIGURES_PURE"] = pure
    env.update(extra)
    return env


def _probe(cwd: Path, pure: str | None = None, **extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, env=_env(pure, **extra), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The folder of the installed `figures` whose engine runs compiled (else skip, or fail in CI)."""
    info = _probe(tmp_path_factory.mktemp("probe"))
    where = Path(info["file"]).parent
    running = sorted(m for m, s in info["compiled"].items() if s == "compiled")
    why = None
    if not running:
        why = (f"no compiled build installed at {where} (a C compiler and `pip install .` build one; "
               f"state: {info['compiled'] or 'pure-Python install'})")
    elif REQUIRE:
        missing = sorted(set(MODULES) - set(running))
        assert not missing, f"setup.py compiles {missing} but they do not run compiled: {info['compiled']}"
        changed = [p.name for p in sorted(where.glob("*.py"))
                   if not (ROOT / "figures" / p.name).is_file() or _sha(p) != _sha(ROOT / "figures" / p.name)]
        assert not changed, f"the installed package at {where} is not this checkout's: {changed} differ"
    if why:
        if REQUIRE:
            pytest.fail(f"FIGURES_REQUIRE_COMPILED is set but {why}")
        pytest.skip(why)
    return where


# ---- inputs ---------------------------------------------------------------------------------------

def _gold_items() -> list[dict]:
    out = []
    for path in sorted((SHARED / "gold").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                rec = json.loads(line)
                out.append({"id": f"{path.stem}:{rec.get('id', n)}", "lang": rec.get("lang"), "text": rec["text"]})
    return out


def _seed_items() -> list[dict]:
    # lang=None: the language is detected, as the README's `figures extract seeds/` does
    return [{"id": p.name, "lang": None, "text": p.read_text(encoding="utf-8")}
            for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _pack_items() -> list[dict]:
    out = []
    for lang in figures.languages():
        for rec in packs.read_examples(lang):
            out.append({"id": f"{lang}:{rec['id']}", "lang": lang, "text": rec["text"]})
        for rule in packs.load(lang).ruleset.rules:
            texts = [e["in"] for e in rule.examples] + [e if isinstance(e, str) else e.get("in", "")
                                                        for e in rule.must_not_match]
            out += [{"id": f"{lang}:{rule.id}:{k}", "lang": lang, "text": t} for k, t in enumerate(texts) if t]
    return out


def _generated_items(size: int) -> list[dict]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import linear_time
        import make_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = [{"id": doc_id + f"-{density}", "lang": lang, "text": text}
           for lang in ("en", "hr") for density in ("news", "dense")
           for doc_id, lang, text in make_corpus.generate(size, lang, 7, density)]
    for kind, unit in linear_time.KINDS.items():
        if unit is not None:
            out.append({"id": f"hostile:{kind}", "lang": linear_time.LANGS.get(kind, "en"),
                        "text": linear_time.sized(unit, 3000)})
    return out


def _run_both(items: list[dict], tmp: Path) -> tuple[dict, dict]:
    (tmp / "items.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    out = {}
    for side, pure in (("pure", "1"), ("compiled", None)):
        proc = subprocess.run([sys.executable, "-c", DRIVER, "items.json", f"{side}.pickle"], cwd=tmp,
                              env=_env(pure), capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, proc.stderr[-4000:]
        with open(tmp / f"{side}.pickle", "rb") as fh:
            out[side] = pickle.load(fh)  # noqa: S301  our own subprocess's output
    return out["pure"], out["compiled"]


def _same_frame(a: pd.DataFrame | None, b: pd.DataFrame | None, what: str) -> None:
    assert (a is None) == (b is None), what
    if a is None or b is None:
        return
    assert list(a.columns) == list(b.columns), what
    assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str)), what
    pd.testing.assert_frame_equal(a, b, check_exact=True, obj=what)
    assert pickle.dumps(a.to_dict("list")) == pickle.dumps(b.to_dict("list")), what


def _check(items: list[dict], tmp: Path) -> None:
    pure, comp = _run_both(items, tmp)
    assert set(pure["compiled"].values()) <= {"pure", "stale"}, pure["compiled"]
    assert "compiled" in comp["compiled"].values(), comp["compiled"]
    assert pure["errors"] == comp["errors"]
    rows = 0
    for item, a, b in zip(items, pure["frames"], comp["frames"]):
        _same_frame(a, b, f"extract() of {item['id']}")
        rows += 0 if a is None else len(a)
    assert rows > 0 or not items
    assert sorted(pure["batch"]) == sorted(comp["batch"])
    for lang in pure["batch"]:
        _same_frame(pure["batch"][lang], comp["batch"][lang], f"extract_many(lang={lang!r})")
    assert pickle.dumps(pure["traces"]) == pickle.dumps(comp["traces"]), "explain() traces differ"


# ---- the identical-tables tests -------------------------------------------------------------------

def test_gold_seeds_and_pack_examples_give_identical_tables(installed, tmp_path):
    items = _gold_items() + _seed_items() + _pack_items()
    for item in items[::25]:  # every stage's records too, on a sample
        item["trace"] = True
    _check(items, tmp_path)


def test_generated_and_hostile_text_gives_identical_tables(installed, tmp_path):
    _check(_generated_items(40_000), tmp_path)


@pytest.mark.slow
def test_a_megabyte_of_generated_text_gives_identical_tables(installed, tmp_path):
    items = _generated_items(500_000)
    for item in items[::10]:
        item["trace"] = True
    _check(items, tmp_path)


# ---- the switch and the stale-build guard -------------------------------------------------------

def test_figures_pure_runs_the_sources(installed, tmp_path):
    info = _probe(tmp_path, pure="1")
    assert info["tokens"].endswith(".py") and info["rules"].endswith(".py"), info
    assert set(info["compiled"].values()) == {"pure"}, info
    assert not info["warnings"], info
    some = _probe(tmp_path, pure="rules")
    assert some["rules"].endswith(".py") and not some["tokens"].endswith(".py"), some
    assert some["compiled"]["rules"] == "pure" and some["compiled"]["tokens"] == "compiled", some


def test_an_edited_source_runs_as_python_with_one_warning(installed, tmp_path):
    """An editable build whose developer changed a .py and did not rebuild: the .py runs, not the old
    extension, and one warning names it."""
    copy = tmp_path / "site" / "figures"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__", "patterns"))
    with open(copy / "tokens.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited after the build\n")
    info = _probe(tmp_path, PYTHONPATH=str(copy.parent))
    assert Path(info["file"]).parent == copy, info
    assert info["tokens"].endswith(".py") and not info["rules"].endswith(".py"), info
    assert info["compiled"]["tokens"] == "stale" and info["compiled"]["rules"] == "compiled", info
    assert len(info["warnings"]) == 1 and "tokens" in info["warnings"][0], info
    (copy / "_compiled.json").unlink()  # no record of the build at all: nothing compiled is trusted
    info = _probe(tmp_path, PYTHONPATH=str(copy.parent))
    assert set(info["compiled"].values()) == {"stale"} and len(info["warnings"]) == 1, info


def test_a_module_that_cimports_a_python_module_runs_as_python(installed, tmp_path):
    """rules.pxd takes matcher's Doc as a C struct: with matcher run as Python (asked for, or its .pxd
    edited after the build), the compiled rules could not import, so it runs as Python too."""
    pxd = installed / "rules.pxd"
    if not pxd.is_file() or "cimport" not in pxd.read_text(encoding="utf-8"):
        pytest.skip("rules.pxd cimports nothing")
    info = _probe(tmp_path, pure="matcher")
    assert info["rules"].endswith(".py") and not info["tokens"].endswith(".py"), info
    assert info["compiled"]["matcher"] == "pure" and info["compiled"]["rules"] == "pure", info
    assert info["compiled"]["tokens"] == "compiled", info
    copy = tmp_path / "site" / "figures"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__", "patterns"))
    with open(copy / "matcher.pxd", "a", encoding="utf-8") as fh:
        fh.write("\n# edited after the build\n")
    info = _probe(tmp_path, PYTHONPATH=str(copy.parent))
    assert info["compiled"]["matcher"] == "stale" and info["compiled"]["rules"] == "stale", info
    assert info["rules"].endswith(".py") and info["compiled"]["tokens"] == "compiled", info
    assert len(info["warnings"]) == 1 and "matcher" in info["warnings"][0], info


# ---- without a build ------------------------------------------------------------------------------

def test_the_switch_reads_figures_pure(monkeypatch):
    for value, everything, rules in (("", False, False), ("0", False, False), ("1", True, True),
                                     ("all", True, True), ("rules,matcher", True, True), ("matcher", True, False)):
        monkeypatch.setenv("FIGURES_PURE", value)
        assert _compiled.pure_requested() is everything, value
        assert _compiled.pure_requested("rules") is rules, value


def test_compiled_reports_only_built_modules():
    state = figures.compiled()
    assert set(state.values()) <= {"compiled", "pure", "stale"}
    assert set(state) <= set(MODULES), "a module is compiled that setup.py does not list"


def test_setup_compiles_engine_modules_that_exist():
    assert MODULES and all((ROOT / "figures" / f"{m}.py").is_file() for m in MODULES), MODULES
    assert "_compiled" not in MODULES and "__init__" not in MODULES
