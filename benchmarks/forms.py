#!/usr/bin/env python3
"""Issue 11 classes 1, 2, 6 and 7 as a battery of sentences: names, changes, number forms, hr/bs/sr.

    .venv/bin/python benchmarks/forms.py .            # this tree: passes per class
    .venv/bin/python benchmarks/forms.py /other/tree -v   # another checkout; -v lists the failures

A case passes when the rows' values (the value, or (low, high) for a range) equal the
expected list in order. The sentences are the issue's own examples and forms met in
real news (market, weather and health reports); the pack passages (`examples-forms.jsonl`)
test the full rows.
"""
import math
import sys
import warnings
from pathlib import Path

warnings.simplefilter("ignore")
tree = str(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
sys.path.insert(0, tree)
for m in [k for k in sys.modules if k == "figures" or k.startswith("figures.")]:
    del sys.modules[m]
import figures
assert figures.__file__.startswith(tree), figures.__file__
R = lambda a, b: (a, b)
CASES = {
 "1 names": [
  ("en", "The Nasdaq 100 fell 2 percent while the DAX 40 rose.", [2]),
  ("en", "Samsung launched the Galaxy S23 and an Airbus A320 landed.", []),
  ("en", "Microsoft released Windows 11 to 400 million users.", [4e8]),
  ("en", "The Celtics won Game 5 by 12 points.", [12]),
  ("en", "He raced in Formula 1 for ten years.", [10]),
  ("en", "More than 500 people died of COVID -19 last week.", [500]),
  ("en", "the FTSE 100 index closed up 0.5%", [0.5]),
  ("en", "S&P 500 futures fell 3.4 points.", [3.4]),
  ("en", "a Boeing 737-800 landed with 160 passengers", [160]),
  ("en", "the object SCP 06F6 behind MACS J1149.5+6663", []),
  ("en", "Intel CPU I7-860BOX at 2.80 GHz", [2.8]),
  ("en", "The 20 victims were buried.", [20]),
  ("en", "On Monday 30 people died.", [30]),
  ("en", "officials told Reuters 12 people were missing", [12]),
  ("en", "About 20 people died.", [20]),
  ("en", "The clinic is open 24/7 since the 9/11 attacks.", []),
  ("hr", "Indeks Crobex 10 pao je 2 posto.", [2]),
  ("hr", "Igrao je za Formulu 1 deset godina.", [10]),
  ("hr", "Od COVID -19 umrlo je 500 ljudi.", [500]),
  ("hr", "U Zagrebu 20 osoba je ozlijeđeno.", [20]),
  ("hr", "Svih 20 poginulih pokopano je.", [20]),
 ],
 "2 change vs range": [
  ("en", "Brent crude climbed 3.1 per cent to $62 a barrel.", [3.1, 62]),
  ("en", "The index was up 2.4% to 1.87.", [2.4, 1.87]),
  ("en", "Revenue grew by $12.5 billion to $310 billion.", [12.5e9, 310e9]),
  ("en", "Revenue grew by about $12.5 billion to $310 billion.", [12.5e9, 310e9]),
  ("en", "Unemployment fell from 6.1 percent to 5.9 percent.", [6.1, 5.9]),
  ("en", "He lost weight, dropping from 180 pounds to 165.", [180, 165]),
  ("en", "the toll climbed from 20 to 35", [20, 35]),
  ("en", "Exports rose from 1.2 million in 2019 to 2.7 million.", [1.2e6, 2.7e6]),
  ("en", "The dose was changed from 44 ml to 50 mg.", [44, 50]),
  ("en", "The cost rose from about $350 per kg to $680 per kg.", [350, 680]),
  ("en", "estimates ranged from 120 wounded to 140", [R(120, 140)]),
  ("en", "between 200,000 and 250,000 people", [R(200000, 250000)]),
  ("en", "Prices ranged from about $350 per kg to $680 per kg.", [R(350, 680)]),
  ("en", "hit by maybe 10 or 20 airstrikes", [R(10, 20)]),
  ("en", "The DAX closed at 6,980.13 -91.19 -1.29%.", [6980.13, -91.19, -1.29]),
 ],
 "6 number forms": [
  ("en", "Rates fell .005 per cent.", [0.005]),
  ("en", "Temperatures of minus-40 were recorded.", [-40]),
  ("en", "temperatures fell to \u221212 degrees", [-12]),
  ("en", "a dose of 1.5e6 units", [1.5e6]),
  ("en", "a sample of 3 x 10^6 cells", [3e6]),
  ("en", "a factor of 2.48\u00d710\u22125", [2.48e-5]),
  ("en", "a density of 5.5x10-3 kg", [0.0055]),
  ("en", "exactly 8x2^10 bits", [8192]),
  ("en", "about 1/40 of the wavelength", [2.5]),
  ("en", "The number 1/0 is not valid.", []),
  ("en", "\u2153 cup of milk", [1/3]),
  ("en", "Walk 2\u00bd miles.", [2.5]),
  ("en", "They walked two and a half miles.", [2.5]),
  ("en", "Sales rose sixfold.", [6]),
  ("en", "a 10-fold increase", [10]),
  ("en", "The car gets about 20-25 mpg.", [R(20, 25)]),
  ("en", "an 8- to 16-meter wall", [R(8, 16)]),
  ("en", "the blast was at 9.15pm local time", []),
  ("en", "exactly one sixth", [100/6]),
  ("en", "It weighs 2,000.45\u00b10.01 kg", [2000.45]),
  ("en", "temperatures ranged from -18 \u00b0C to -34 \u00b0C", [R(-34, -18)]),
  ("en", "three million, two hundred & forty", [3000240]),
  ("en", "Protests continued for a third day.", []),
  ("hr", "Put je trajao dva i pol sata.", [2.5]),
  ("hr", "Stopa je pala na ,45 posto.", [0.45]),
  ("hr", "Na skupu je bilo oko 20-25 ljudi.", [R(20, 25)]),
 ],
 "7 hr/bs/sr": [
  ("hr", "U nesreci su poginule cetiri osobe.", [4]),
  ("hr", "Ranjeno je dvadeset sest ljudi.", [26]),
  ("hr", "Prodano je tisucu karata.", [1000]),
  ("hr", "Cetrdeset i pet minuta kasnije stiglo je sezdesetak ljudi.", [45, 60]),
  ("hr", "Zabiljezeno je nula novih slucajeva.", [0]),
  ("hr", "Proracun iznosi 3,4M eura.", [3.4e6]),
  ("hr", "Kuća je 100m od obale.", [100]),
  ("hr", "Gubitak je iznosio - 2.500.000 kuna.", [-2.5e6]),
  ("hr", "Potres u Turskoj - 20 mrtvih.", [20]),
  ("hr", "Stanovnika ima 49.8 milijuna.", [49.8e6]),
  ("hr", "Izgubljeno je 1.5 milijuna eura.", [1.5e6]),
  ("hr", "Vlak kreće u 19.30 sati.", []),
  ("hr", "Najhladnije je bilo u Virovitici (-16).", [-16]),
  ("sr", "Prodato je hiljadu karata, a dug je 49.8 miliona evra.", [1000, 49.8e6]),
  ("sr", "Temperatura je pala na - 5 stepeni.", [-5]),
  ("bs", "U nesreci je ranjeno sest osoba, a budzet iznosi 3,4M KM.", [6, 3.4e6]),
 ],
}
def vals(df):
    out = []
    for r in df.itertuples():
        if r.qualifier == "range":
            out.append((float(r.low), float(r.high)))
        else:
            out.append(None if r.value != r.value else float(r.value))
    return out
def same(a, b):
    if len(a) != len(b): return False
    for x, y in zip(a, b):
        if isinstance(y, tuple):
            if not isinstance(x, tuple) or not all(math.isclose(p, q, rel_tol=1e-6) for p, q in zip(x, y)): return False
        elif x is None or isinstance(x, tuple) or not math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-12): return False
    return True
verbose = "-v" in sys.argv[2:]
for cls, cases in CASES.items():
    ok = 0
    for lang, text, want in cases:
        try:
            got = vals(figures.extract(text, lang=lang))
        except Exception as e:
            got = f"ERROR {type(e).__name__}"
        good = same(got, want) if not isinstance(got, str) else False
        ok += good
        if verbose and not good:
            print(f"   FAIL [{cls}] {text!r}: got {got} want {want}")
    print(f"{cls:<20} {ok}/{len(cases)}")
