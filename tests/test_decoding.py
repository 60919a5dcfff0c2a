"""Legacy code pages chosen by charset-normalizer, --encoding, and HTML read as its main text."""
from __future__ import annotations

import pytest

import figures
from figures import decoding, htmltext, io

EN = ("The company said profits rose to €2.3 million, a “record” – up from last year’s figure. The chief "
      "executive’s pay was cut by 5% and about 200 jobs were lost at the plant, officials said on Monday.")
HR = ("U napadu na selo kod Žepče poginulo je najmanje 15 civila, a šezdesetak ljudi je ranjeno, rekli su "
      "dužnosnici. Više tisuća ljudi pobjeglo je iz grada, a škole su zatvorene. Ranjeni su prevezeni u Šibenik.")
SR = "У нападу је погинуло најмање 15 цивила, а 20 људи је рањено у Београду. Хиљаде људи је побегло из села."


@pytest.mark.parametrize("text, encoding, label", [
    (EN, "cp1252", "cp1252"),
    ("Le café à côté: 20 blessés, 3 morts", "cp1252", "cp1252"),
    (HR, "cp1250", "cp1250"),
    (HR, "iso8859_2", "iso-8859-2"),
    ("Poginulo je 5 ljudi u Šibeniku.", "iso8859_2", "iso-8859-2"),   # cp1250 would read "©ibeniku"
    ("poginulo je 5 ljudi, a šezdeset ranjeno", "iso8859_2", "iso-8859-2"),
    ("Poginulo je 15 civila - čak 300.000 ljudi; ŠŽšž €", "cp1250", "cp1250"),  # cp1252 would read "èak"
    (SR, "cp1251", "cp1251"),
    ("Убијено је 15 људи.", "cp1251", "cp1251"),
])
def test_legacy_code_pages_decode_right(text, encoding, label):
    decoded = decoding.decode(text.encode(encoding))
    assert decoded.text == text and decoded.encoding == label and decoded.replaced == 0


def test_an_english_cp1252_file_keeps_its_euro(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(EN.encode("cp1252"))
    df = figures.extract(io.read_document(path), lang="en")
    assert "€2.3 million" in set(df["text"])


def test_latin2_croatian_and_cp1251_serbian_files_are_read(tmp_path):
    (tmp_path / "hr.txt").write_bytes(HR.encode("iso8859_2"))
    (tmp_path / "sr.txt").write_bytes(SR.encode("cp1251"))
    assert io.read_document(tmp_path / "hr.txt") == HR
    assert io.read_document(tmp_path / "sr.txt") == SR


def test_explicit_encoding_wins_and_reports_replacements():
    data = "Poginulo je 5 ljudi u Šibeniku.".encode("iso8859_2")
    assert decoding.decode(data, encoding="cp1250").text == "Poginulo je 5 ljudi u ©ibeniku."  # as told
    assert decoding.decode(b"caf\xe9 \x81", encoding="cp1252").replaced == 1
    with pytest.raises(decoding.DecodeError, match="unknown encoding"):
        decoding.decode(b"x", encoding="no-such-codec")


PAGE = """<!doctype html><html><head><meta charset="windows-1250"><title>Napad | Vijesti</title>
<meta property="og:site_name" content="Vijesti"><meta property="article:published_time" content="2016-10-20">
<link rel="canonical" href="https://example.org/napad"></head><body>
<header><nav>Početna | 5 najčitanijih</nav></header>
<article><h1>Poginulo 15 civila</h1><p>U napadu je   poginulo <b>najmanje 15</b> civila,<br>a 20 ljudi je
ranjeno.</p><script>var x = 5;</script><aside>Povezano: 3 mrtva</aside></article>
<footer>© 2016, 12 komentara</footer></body></html>"""


def test_html_main_text_drops_markup_scripts_and_page_chrome():
    page, decoded = htmltext.decode_html(PAGE.encode("cp1250"))
    assert page.text == "Poginulo 15 civila\n\nU napadu je poginulo najmanje 15 civila,\na 20 ljudi je ranjeno."
    assert decoded.encoding == "windows-1250" and decoded.text == page.text
    assert page.meta() == {"title": "Napad | Vijesti", "date": "2016-10-20", "outlet": "Vijesti",
                           "url": "https://example.org/napad"}


def test_html_without_article_uses_body_minus_header_and_footer():
    page = htmltext.main_text("<body><header>Menu 7</header><div>Killed <i>at least</i> 20 people."
                              "</div><footer>12 comments</footer></body>")
    assert page.text == "Killed at least 20 people."
    assert htmltext.main_text("").text == ""


def test_html_file_offsets_point_into_its_main_text(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(PAGE.encode("cp1250"))
    text = io.read_document(path)
    df = figures.extract(text, lang="hr")
    assert len(df) and all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))
    assert "<" not in text and "var x" not in text and "Povezano" not in text
    assert io.read_html(path).text == text


def test_a_folder_walk_reads_html_files(tmp_path):
    (tmp_path / "a.html").write_text("<p>Strikes killed 20 people.</p>", encoding="utf-8")
    (tmp_path / "b.htm").write_text("<p>About 35 were hurt.</p>", encoding="utf-8")
    assert [s.doc_id for s in io.expand(str(tmp_path))] == ["a.html", "b.htm"]
