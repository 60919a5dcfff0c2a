"""Languages without a pack are reported, not misread (the gate, figures/langgate.py), and the
pack-vocabulary detector reads each document once with cached token verdicts (langid._Scorer)."""
from __future__ import annotations

import json
import warnings
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import figures
from figures import langgate, langid, packs

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
needs_gate = pytest.mark.skipif(not langgate.available(), reason="pycld2 is not installed")

NO_PACK = {
    "de": ["Bei dem Angriff auf das Dorf wurden nach Angaben der Behörden mindestens 20 Menschen getötet "
           "und etwa 35 weitere verletzt.",
           "Die Polizei nahm am Sonntag zwölf Verdächtige fest, nachdem in der Innenstadt mehr als 3.000 "
           "Menschen demonstriert hatten."],
    "fr": ["Au moins 20 personnes ont été tuées et une trentaine blessées lors de l'attaque, selon les "
           "autorités locales.",
           "Plus de 3 000 habitants ont dû quitter leurs maisons après les inondations qui ont frappé la "
           "région dimanche."],
    "ru": ["По данным властей, в результате обстрела погибли по меньшей мере 20 человек, еще около 35 "
           "получили ранения.",
           "Более 3000 жителей были эвакуированы из района после наводнения в воскресенье, сообщили в МЧС."],
    "sl": ["V napadu je bilo ubitih najmanj 20 ljudi, približno 35 pa jih je bilo ranjenih, so sporočili "
           "s policije.",
           "Po poplavah je moralo svoje domove zapustiti več kot 3000 prebivalcev, poroča slovenska "
           "tiskovna agencija."],
    "mk": ["Според полицијата, во нападот загинаа најмалку 20 луѓе, а околу 35 се повредени.",
           "Повеќе од 3.000 жители беа евакуирани од регионот по поплавите во неделата, соопштија "
           "надлежните."],
}
PACKED = [
    ("U napadu je poginulo najmanje 15 civila, a 40 ih je ozlijeđeno, priopćila je policija.", "hr"),
    ("Policija je u utorak navečer uhapsila dvanaest osumnjičenih, navodi se u saopćenju Tužilaštva "
     "Kantona Sarajevo.", "bs"),
    ("U napadu je poginulo najmanje 15 civila, a 40 ih je povređeno, saopštila je policija.", "sr"),
    ("У нападу је погинуло најмање 15 цивила, а 40 их је повређено, саопштила је полиција.", "sr"),
    ("More than 3,000 residents were forced from their homes after the floods hit the region on Sunday.", "en"),
]


@needs_gate
@pytest.mark.parametrize("code,text", [(c, t) for c, ts in NO_PACK.items() for t in ts])
def test_a_language_without_a_pack_is_reported(code, text):
    with pytest.raises(langid.NoPackError, match=f"no pack for {code}") as err:
        langid.detect(text)
    assert err.value.code == code and "lang=" in str(err.value)


@needs_gate
@pytest.mark.parametrize("text,lang", PACKED)
def test_pack_languages_pass_the_gate_and_members_are_still_chosen_by_the_packs(text, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error", langid.LanguageFallbackWarning)
        assert langid.detect(text) == lang


@needs_gate
def test_batch_reports_an_error_row_and_lang_forces_a_pack():
    docs = [("de-1", NO_PACK["de"][0]), ("en-1", PACKED[-1][0]), ("sl-1", NO_PACK["sl"][0])]
    found, errors = figures.extract_many(docs, return_errors=True)
    assert set(found["doc_id"]) == {"en-1"}
    by_doc = dict(zip(errors["doc_id"], errors["message"]))
    assert by_doc["de-1"].startswith("no pack for de") and by_doc["sl-1"].startswith("no pack for sl")
    assert set(errors["error_type"]) == {"NoPackError"}
    forced = figures.extract(NO_PACK["sl"][0], lang="hr")  # --lang / lang= reads it anyway
    assert set(forced["lang"]) == {"hr"} and len(forced)


UNDECIDED = [("Meteorologists warned heavy snowfall could close mountain roads overnight.", "en"),
             ("Snijeg zatvorio planinske ceste, zimska oprema obavezna od ponedjeljka.", "hr")]


@needs_gate
@pytest.mark.parametrize("text,lang", UNDECIDED)
def test_the_gate_settles_a_text_the_vocabulary_cannot(text, lang, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("error", langid.LanguageFallbackWarning)
        assert langid.detect(text) == lang
    monkeypatch.setattr(langgate, "_cld2", lambda: None)  # the vocabulary alone: too few hits
    with pytest.warns(langid.LanguageFallbackWarning):
        langid.detect(text)


def test_without_the_gate_detection_falls_back_as_before(monkeypatch):
    monkeypatch.setattr(langgate, "_cld2", lambda: None)
    with pytest.warns(langid.LanguageFallbackWarning):
        assert langid.detect(NO_PACK["de"][0]) == "en"


@pytest.mark.parametrize("text", ["", "5 km", "Killed 5.", "12.000 KM", "Aleppo 2016"])
def test_too_short_for_the_gate_too(text):
    with pytest.warns(langid.LanguageFallbackWarning):
        assert langid.detect(text) == "en"


@pytest.mark.parametrize("text", ["2 families fled the town.", "U istoj fabrici u novembru 2021."])
def test_short_texts_never_meet_the_gate(text):  # CLD2 reads these as Scots and Maltese
    assert langid.detect(text) in ("en", "hr", "bs", "sr")


# ---- the scorer gives the scores of the old whole-text implementation -------------------------

def _old_scores(text: str) -> dict:
    profiles = langid._profiles(str(packs.patterns_dir()))
    text = text[:langid.SAMPLE]
    letters = len(langid.LETTER.findall(text))
    out, works = {}, {}
    for lang, p in profiles.items():
        if p.normalize.key not in works:
            works[p.normalize.key] = Counter(langid.TOKEN.findall(p.normalize(text)[0].lower()))
        counts = works[p.normalize.key]
        script = 0.0
        if p.scripts and letters:
            pat = regex.compile("|".join(rf"\p{{{s}}}" for s in p.scripts))
            script = len(pat.findall(text)) / letters
        out[lang] = {"hits": langid._hits(counts, p.words, p.stems),
                     "markers": langid._hits(counts, p.markers, p.marker_stems), "script": script}
    return out


def _texts() -> list[str]:
    out = [t for ts in NO_PACK.values() for t in ts] + [t for t, _ in PACKED]
    for path in sorted(GOLD.glob("*.jsonl")) if GOLD.is_dir() else []:
        out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for lang in packs.languages():
        out += [rec["text"] for rec in packs.read_examples(lang)]
    return out


def test_scores_equal_the_whole_text_implementation():
    texts = _texts()
    assert len(texts) >= 25
    for text in texts:
        assert langid.scores(text) == _old_scores(text)


_words = st.sampled_from(["poginulo", "je", "najmanje", "ljudi", "тисућа", "Људи", "погинуло", "killed",
                          "people", "at", "least", "hiljada", "dece", "ДЕЦЕ", "džep", "Џеп", "ﬁve", "İstanbul",
                          "a.b", "U.S.", "–", "’s", "5", "٣", "\u00a0", "\u200b", "\u0301", ",", " ", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.lists(_words, max_size=40).map("".join), st.lists(_words, max_size=40).map(" ".join),
                 st.text(max_size=60)))
def test_scores_equal_on_generated_text(text):
    assert langid.scores(text) == _old_scores(text)
