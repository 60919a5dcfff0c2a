#!/usr/bin/env python3
"""A deterministic news-like corpus of any size, for the benchmarks.

Documents are composed from templates of our own (casualty counts, ranges,
distances, durations, money, percentages, ages, dates and years that must
not be read as figures, and plain sentences without any number) mixed with
the sentences of the seed documents in seeds/. About half the sentences
carry a figure, as in conflict and disaster reporting. The same seed and
size always give the same bytes.

    python benchmarks/make_corpus.py --size 10MB --lang en -o benchmarks/corpus/en-10MB.jsonl
    python benchmarks/make_corpus.py --size 1MB --lang hr --format txt -o benchmarks/corpus/hr-1MB/
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

EN = {
    "fig": [
        "{Agent} killed {n} {people} in {place} on {weekday}, {source} said.",
        "At least {n} {people} were killed and {n2} others wounded in {place}.",
        "The {event} left more than {n} {people} dead and about {n2} injured.",
        "Officials said {n} {people} remain missing after the {event} near {place}.",
        "Some {big} people have been displaced since the fighting began in {month}.",
        "Between {n} and {hi} {people} were evacuated from {place} overnight.",
        "Aid convoys of {n} trucks travelled {km} kilometers to reach {place}.",
        "The pause will last {dur} hours a day for {days} days, {source} said.",
        "The military said it had struck {n} targets in the past {days} days.",
        "The storm brought winds of up to {mph} mph ({kmh} km/h) to the coast.",
        "Prices have risen {pct}% since {year}, according to the {source}.",
        "The government pledged ${money} million in emergency aid on {month} {day}.",
        "A {age}-year-old man and his {age2}-year-old son were among the dead.",
        "Nearly {word} hundred families fled to camps {km} miles from {place}.",
        "Hundreds of people queued for water; {n} were treated for heat exhaustion.",
        "The {event} destroyed {n} homes and damaged roughly {big} more.",
        "The humanitarian corridor, about {km2} km long, opened at 8 a.m. on {weekday}.",
        "{word_cap} children and {word} women were rescued from the rubble.",
        "The ceasefire agreed in {year} collapsed after {weeks} weeks.",
        "Temperatures reached {temp} °C in {place}, where {n} people were hospitalised.",
    ],
    "plain": [
        "{Agent} denied the allegations and called for an independent inquiry.",
        "Residents described scenes of panic as the sirens sounded across {place}.",
        "The United Nations urged all sides to respect international humanitarian law.",
        "Talks between the delegations are expected to resume next week in {city}.",
        "Witnesses said the streets of {place} were deserted by nightfall.",
        "{Source} could not independently verify the reports.",
        "Aid agencies warned that conditions in {place} were deteriorating quickly.",
        "The foreign minister said the decision was final and not open to negotiation.",
        "Schools in the district have been closed until further notice, the local council said.",
        "Doctors at the main hospital said they were running short of fuel for the generators.",
        "The opposition accused the government of ignoring repeated warnings from engineers.",
        "Several families told reporters they had nowhere else to go and would stay in the camp.",
        "The mayor appealed for calm and asked residents to avoid the area around the bridge.",
        "Police sealed off the square while investigators searched the wreckage for evidence.",
        "Farmers in the valley said the harvest had been lost for the second year running.",
        "A spokesman for the ministry declined to comment on the progress of the negotiations.",
        "Volunteers handed out blankets and bread outside the railway station in {city}.",
        "The border crossing reopened briefly before it was closed again without explanation.",
        "Rescue teams worked through the night, using their bare hands to move the debris.",
        "The president is due to address parliament on the crisis later this week.",
        "Critics said the new measures would do little to help those most in need.",
        "Electricity and water supplies were cut off in parts of {place} after the shelling.",
        "It was not clear who was responsible for the attack on the convoy near {place}.",
        "The agency said access to the worst-affected villages remained extremely difficult.",
        "Journalists were not allowed into the area, and phone lines were down for most of the day.",
        "Local traders said prices of flour and cooking oil had risen sharply since the summer.",
        "The envoy said he was cautiously optimistic that a deal could be reached before winter.",
        "Human rights groups called for the release of the activists detained during the protests.",
        "Several roads leading into {place} were blocked by landslides and fallen trees.",
        "The government rejected the report as biased and said it would file a formal complaint.",
    ],
    "words": ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"],
    "people": ["people", "civilians", "children", "soldiers", "fighters", "villagers", "residents"],
    "agent": ["air strikes", "shelling", "the army", "rebel forces", "a suicide bomber", "the militia"],
    "event": ["earthquake", "attack", "flood", "explosion", "landslide", "bombardment"],
    "source": ["the health ministry", "the Red Cross", "local officials", "a UN spokesman", "Reuters"],
    "place": ["Aleppo", "Idlib", "Mosul", "Gaza", "Kharkiv", "Goma", "Marib", "Khan Younis", "Homs"],
    "city": ["Geneva", "Vienna", "Doha", "Istanbul", "Cairo"],
    "month": ["January", "March", "June", "September", "October", "December"],
    "weekday": ["Monday", "Tuesday", "Thursday", "Friday", "Sunday"],
}

HR = {
    "fig": [
        "U napadu na {place} poginulo je najmanje {n} civila, a {n2} ih je ranjeno.",
        "Prema podacima ministarstva, više od {n} ljudi nestalo je nakon {event_gen}.",
        "Zračni udari trajali su {dur} sati, rekao je glasnogovornik.",
        "Konvoj od {n} kamiona prešao je {km} kilometara do grada {place}.",
        "Oko {big} ljudi raseljeno je od početka sukoba u {month_loc}.",
        "Vlada je odobrila {money} milijuna eura pomoći, objavljeno je {day}. {month_gen}.",
        "Cijene su porasle {pct} posto od {year}. godine.",
        "Među poginulima su i {word} djece i {word2} žene.",
        "Humanitarni prekid trajat će {days} dana, od 8 do 16 sati.",
        "Evakuirano je između {n} i {hi} stanovnika iz {place_gen}.",
    ],
    "plain": [
        "Kremlj je odbacio optužbe i zatražio neovisnu istragu.",
        "Stanovnici su opisali prizore panike dok su se oglašavale sirene.",
        "Ujedinjeni narodi pozvali su sve strane na poštivanje humanitarnog prava.",
        "Pregovori bi se trebali nastaviti idući tjedan u Ženevi.",
        "Agencije za pomoć upozoravaju da se stanje naglo pogoršava.",
    ],
    "words": ["dvoje", "troje", "četvero", "petero", "šestero", "dvije", "tri", "četiri", "pet"],
    "place": ["Alep", "Idlib", "Mosul", "Gazu", "Harkiv", "Homs"],
    "place_gen": ["Alepa", "Idliba", "Mosula", "Gaze", "Harkiva", "Homsa"],
    "event_gen": ["potresa", "napada", "poplave", "eksplozije", "klizišta"],
    "month_loc": ["ožujku", "lipnju", "rujnu", "listopadu", "prosincu"],
    "month_gen": ["ožujka", "lipnja", "rujna", "listopada", "prosinca"],
}


def _seed_sentences(lang: str) -> list[str]:
    """Sentences of the seed documents of one language (the README says which is which)."""
    out = []
    for path in sorted(SEEDS.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        is_hr = bool(re.search(r"[čćžšđ]", text)) and " je " in text
        if (lang == "hr") != is_hr:
            continue
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZČĆŽŠĐ\"“])", text) if len(s.strip()) > 20]
    return out


def _fill(template: str, rng: random.Random, lex: dict) -> str:
    def pick(key: str) -> str:
        return rng.choice(lex[key])

    values = {
        "n": rng.choice([rng.randint(2, 30), rng.randint(10, 400), rng.randint(100, 5000)]),
        "n2": rng.randint(2, 600), "big": f"{rng.randint(2, 900) * 1000:,}", "km": rng.randint(2, 400),
        "km2": rng.randint(2, 40), "dur": rng.randint(3, 12), "days": rng.randint(2, 14),
        "weeks": rng.randint(2, 12), "mph": rng.randint(60, 160), "kmh": rng.randint(90, 260),
        "pct": round(rng.uniform(0.5, 40), 1), "year": rng.randint(1995, 2024), "day": rng.randint(1, 28),
        "money": rng.choice([rng.randint(2, 900), round(rng.uniform(1, 50), 1)]),
        "age": rng.randint(18, 90), "age2": rng.randint(2, 17), "temp": rng.randint(30, 48),
    }
    for key in ("people", "agent", "event", "source", "place", "city", "month", "weekday",
                "place_gen", "event_gen", "month_loc", "month_gen"):
        if key in lex:
            values[key] = pick(key)
    words = lex["words"]
    values["word"], values["word2"] = rng.choice(words), rng.choice(words)
    values["word_cap"] = values["word"].capitalize()
    values["Agent"] = values.get("agent", "").capitalize()
    values["Source"] = values.get("source", "")[:1].upper() + values.get("source", "")[1:]
    values["hi"] = values["n"] + rng.randint(1, 300)
    if "hr" == lex.get("_lang"):
        values["big"] = values["big"].replace(",", ".")
    return template.format(**values)


#: share of sentences from the figure templates, then from the seeds (the rest are plain):
#: "dense" gives about 9 figures per KB, "news" about 2, like the seed articles
DENSITY = {"dense": (0.5, 0.75), "news": (0.1, 0.3)}


def document(rng: random.Random, lang: str, seeds: list[str], density: str = "dense") -> str:
    lex = dict(EN if lang == "en" else HR, _lang=lang)
    fig, seed = DENSITY[density]
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            r = rng.random()
            if r < fig:
                sentences.append(_fill(rng.choice(lex["fig"]), rng, lex))
            elif r < seed and seeds:
                sentences.append(rng.choice(seeds))
            else:
                sentences.append(_fill(rng.choice(lex["plain"]), rng, lex))
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*([\d.]+)\s*([kKmMgG]?)[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10MB, 500kB, 1GB)")
    return int(float(m.group(1)) * {"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[m.group(2).lower()])


def generate(size: int, lang: str = "en", seed: int = 0, density: str = "dense"):
    """Yield (doc_id, lang, text) until `size` bytes of UTF-8 text are produced."""
    rng = random.Random(f"{seed}-{lang}" if density == "dense" else f"{seed}-{lang}-{density}")
    seeds = {code: _seed_sentences(code) for code in ("en", "hr")}
    total, i = 0, 0
    while total < size:
        code = lang if lang != "mix" else ("en" if rng.random() < 0.7 else "hr")
        text = document(rng, code, seeds[code], density)
        total += len(text.encode("utf-8"))
        yield f"{code}-{i:07d}", code, text
        i += 1


def write(out: Path, size: int, lang: str, seed: int, fmt: str | None = None, density: str = "dense") -> Path:
    fmt = fmt or ("jsonl" if out.suffix == ".jsonl" else "txt")
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for doc_id, code, text in generate(size, lang, seed, density):
                fh.write(json.dumps({"id": doc_id, "lang": code, "text": text}, ensure_ascii=False) + "\n")
        tmp.replace(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for doc_id, _, text in generate(size, lang, seed, density):
            (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("1MB"), help="total text, e.g. 1MB, 10MB, 1GB")
    ap.add_argument("--lang", choices=["en", "hr", "mix"], default="en")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--density", choices=sorted(DENSITY), default="dense",
                    help="dense: about 9 figures per KB; news: about 2, like the seed articles")
    ap.add_argument("--format", choices=["jsonl", "txt"], help="default: jsonl for *.jsonl, else a folder of .txt")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    print(write(args.output, args.size, args.lang, args.seed, args.format, args.density))


if __name__ == "__main__":
    main()
