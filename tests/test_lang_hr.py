"""Croatian, Bosnian and Serbian packs: pack examples, conventions, Cyrillic offsets, gold floors, speed."""
import json
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


@pytest.mark.parametrize("lang", LANGS)
def test_examples_corpus(lang):
    path = packs.patterns_dir() / lang / "examples.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        got = rows(rec["text"], lang)
        assert len(got) == len(rec["figures"]), (rec["id"], [r["text"] for r in got])
        for gold in rec["figures"]:
            match = [r for r in got if r["text"] == gold["text"]]
            assert match, (rec["id"], gold["text"])
            for k in ("value", "low", "high", "qualifier", "unit", "dimension", "category"):
                assert _same(match[0][k], gold[k]) or (match[0][k] is None and gold[k] is None), (rec["id"], gold["text"], k)


@pytest.mark.parametrize("text,value", [
    ("U ratu je poginulo 300.000 ljudi.", 300000), ("Ranjeno je 1.125 civila.", 1125),
    ("Šteta je 1,5 milijuna kuna.", 1500000), ("Proračun iznosi 2,5 mlrd. eura.", 2.5e9),
    ("Izgorjelo je 2 300 hektara.", 2300), ("Stiglo je 200 tisuća ljudi.", 200000),
    ("Došlo je 1,2 milijuna turista.", 1.2e6), ("Ima ih 300 hiljada.", 300000),
])
def test_digits_and_scales(text, value):
    lang = "bs" if "hiljad" in text else "hr"
    one(text, lang, value=value)


@pytest.mark.parametrize("word,value", [
    ("jedna osoba je poginula", 1), ("dvije osobe su poginule", 2), ("dvaju", 2), ("četiriju", 4),
    ("devetnaest", 19), ("dvadeset i pet", 25), ("dvadeset pet", 25), ("dvjesto", 200), ("tristo", 300),
    ("troje", 3), ("četvero", 4), ("šestero", 6), ("osmoro", 8), ("dvojica", 2), ("petorica", 5),
    ("desetorica", 10), ("tisuću", 1000),
])
def test_number_words(word, value):
    one(f"U nesreći je {word} ljudi ozlijeđeno." if " " not in word else f"U nesreći {word}.", value=value)


@pytest.mark.parametrize("text,value", [
    ("desetak", 10), ("petnaestak", 15), ("dvadesetak", 20), ("tridesetak", 30), ("stotinjak", 100),
    ("tisućak", 1000), ("20-ak", 20), ("100-ak", 100), ("300-tinjak", 300),
])
def test_approximatives_are_approx_with_the_base_value(text, value):
    r = one(f"Na mjestu je bilo {text} vatrogasaca.", value=value, qualifier="approx")
    assert r["low"] is None and r["high"] is None


def test_two_number_words_in_ascending_order_stay_two_numbers():
    got = [r["value"] for r in rows("Rezultat je bio pet i deset glasova.")]
    assert 15 not in got


@pytest.mark.parametrize("text,value,unit,dim", [
    ("nakon desetodnevne stanke", 10, "day", "duration"), ("desetodnevnog primirja", 10, "day", "duration"),
    ("osmosatni štrajk", 8, "hour", "duration"), ("petogodišnjeg plana", 5, "year", "duration"),
    ("tromjesečni ugovor", 3, "month", "duration"), ("12-godišnji dječak", 12, "year", "age"),
    ("ozlijeđen je 12-godišnjak", 12, "year", "age"), ("ubio dvogodišnjeg dječaka", 2, "year", "age"),
    ("petogodišnji rat", 5, "year", "duration"), ("muškarac star 45 godina", 45, "year", "age"),
    ("vozač M. K. (45) je uhićen", 45, "year", "age"),
])
def test_compounds_and_ages(text, value, unit, dim):
    one(text, value=value, unit=unit, dimension=dim)


@pytest.mark.parametrize("text,qualifier,value", [
    ("najmanje 5 ljudi", "at_least", 5), ("barem 5 ljudi", "at_least", 5), ("bar 5 ljudi", "at_least", 5),
    ("više od 5 ljudi", "more_than", 5), ("preko 5 ljudi", "more_than", 5), ("više nego 5 ljudi", "more_than", 5),
    ("oko 5 ljudi", "approx", 5), ("otprilike 5 ljudi", "approx", 5), ("približno 5 ljudi", "approx", 5),
    ("gotovo 5 ljudi", "approx", 5), ("skoro 5 ljudi", "approx", 5), ("blizu 5 ljudi", "approx", 5),
    ("cca 5 ljudi", "approx", 5), ("do 5 ljudi", "at_most", 5), ("najviše 5 ljudi", "at_most", 5),
    ("manje od 5 ljudi", "less_than", 5), ("ispod 5 posto", "less_than", 5), ("premašuje 5 milijuna", "more_than", 5e6),
])
def test_qualifiers(text, qualifier, value):
    one(f"Stiglo je {text}.", qualifier=qualifier, value=value)


def test_cak_is_emphasis_outside_the_span():
    r = one("Fronta je duga čak 18 kilometara.", value=18, qualifier="exact")
    assert r["text"] == "18 kilometara"


@pytest.mark.parametrize("text,low,high", [
    ("između 8 i 10 ljudi", 8, 10), ("od 7 do 9 sati", None, None), ("200-300 ljudi", 200, 300),
    ("od sedam do 10 milijuna eura", 7e6, 1e7),
])
def test_ranges(text, low, high):
    got = rows(f"Bilo je {text}.")
    if low is None:  # "od 7 do 9 sati" is a clock window
        assert got and got[0]["dimension"] == "time_window" and got[0]["value"] == 2
    else:
        one(f"Bilo je {text}.", qualifier="range", low=low, high=high)


@pytest.mark.parametrize("text", [
    "desetine ljudi", "deseci ljudi", "stotine ljudi", "tisuće ljudi", "desetine tisuća ljudi",
    "stotine tisuća ljudi", "nekoliko stotina ljudi", "nekoliko tisuća ljudi", "više stotina ljudi", "milijuni ljudi",
])
def test_vague_amounts(text):
    r = one(f"Pobjeglo je {text}.", qualifier="vague", category="displaced")
    assert r["value"] is None and r["low"] is not None


@pytest.mark.parametrize("text", [
    "Sirijska vojska 22. rujna povela je ofenzivu.", "Rusija je 18. listopada 2016. prekinula napade.",
    "Sjednica je 14.03.2022. odgođena.", "Rok je 12. 03. 2026. godine.", "Rat traje od 2011.",
    "Sve je počelo 2015. godine.", "Napad je bio u 19:25.", "Vlak kreće u 7.30 sati.",
    "Stigli su u 6 sati ujutro.", "Drugi po veličini grad.", "Pripadnici 2. bojne su stigli.",
    "Ispaljeni su projektili CM-400.", "Srušio se MiG-29.", "Jedan od njih je pobjegao.",
    "Dogodilo se 29. februara.", "Od 3. na 4. oktobar padala je kiša.", "Oko pola četiri su stigli.",
])
def test_not_figures(text):
    lang = "bs" if "februara" in text or "oktobar" in text else "hr"
    assert rows(text, lang) == []


@pytest.mark.parametrize("text,category", [
    ("Poginulo je najmanje 15 civila.", "killed"), ("Ubijene su tri osobe.", "killed"),
    ("Pet osoba je poginulo.", "killed"), ("Stradalo je sedam ljudi.", "killed"),
    ("Ranjeno je 20 ljudi.", "injured"), ("Ozlijeđeno je 20 ljudi.", "injured"),
    ("Povrijeđeno je 20 ljudi.", "injured"), ("Nestalo je 20 ljudi.", "missing"),
    ("Raseljeno je 20 ljudi.", "displaced"), ("Izbjeglo je 20 ljudi.", "displaced"),
    ("Pobjeglo je 20 ljudi.", "displaced"), ("Evakuirano je 20 ljudi.", "evacuated"),
    ("Spašeno je 20 ljudi.", "evacuated"), ("Uhićeno je 20 ljudi.", "detained"),
    ("Uhapšeno je 20 ljudi.", "detained"), ("Oteto je 20 ljudi.", "detained"),
    ("Dvoje djece je poginulo.", "killed"),
])
def test_casualty_cues_hr(text, category):
    one(text, category=category)


@pytest.mark.parametrize("text,category", [
    ("Povređeno je 20 ljudi.", "injured"), ("Izbeglo je 20 ljudi.", "displaced"),
    ("Pobeglo je 20 ljudi.", "displaced"), ("Evakuisano je 20 ljudi.", "evacuated"),
    ("Dvoje dece je poginulo.", "killed"),
])
def test_casualty_cues_ekavian(text, category):
    one(text, "sr", category=category)


def test_coordination_and_verb_first_order():
    got = rows("U napadu je bilo troje mrtvih i 20 ranjenih.")
    assert [(r["value"], r["category"]) for r in got] == [(3, "killed"), (20, "injured")]
    got = rows("Poginulo je četvoro djece, tri žene i muškarac, a sedam osoba je ranjeno.")
    assert [(r["value"], r["category"]) for r in got] == [(4, "killed"), (3, "killed"), (7, "injured")]


def test_jedan_only_as_an_event_count_or_in_a_list():
    assert rows("Jedan dužnosnik je rekao da nema promjena.") == []
    one("Jedna osoba je poginula.", value=1, category="killed")
    one("Obuhvaćeno je sedam fizičkih i jedna pravna osoba.", value=1, object="osoba")


def test_cyrillic_offsets_point_into_the_original():
    text = "У нападу је погинуло најмање 15 цивила, а 20 људи је рањено. Џамија (12 м) и 3 љубичаста чамца."
    df = figures.extract(text, lang="sr")
    assert len(df) >= 2
    for r in df.itertuples():
        assert text[r.start:r.end] == r.text
    first = df.iloc[0]
    assert first["text"] == "најмање 15" and first["category"] == "killed" and first["qualifier"] == "at_least"


def test_km_is_bam_and_km_lowercase_is_kilometer():
    one("Odobreno je 200.000 KM.", "bs", unit="BAM", dimension="currency")
    one("Udaljeno je 200 km.", "bs", unit="kilometer", dimension="length")

# Gold floors live in tests/gold_floors.json (tests/test_gold_floor.py); speed in benchmarks/.


def test_cyrillic_object_is_written_in_the_original_script():
    text = "У нападу је погинуло најмање 15 цивила, а рањено је 20 људи."
    df = figures.extract(text)
    assert list(df["lang"]) == ["sr", "sr"]
    assert list(df["object"]) == ["цивила", "људи"]
    assert all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))
