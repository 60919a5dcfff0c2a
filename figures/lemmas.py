"""Casualty cues as lemmas: a pack lists a cue once, the engine matches its inflected forms.

A cue entry (in `categories.yaml` under `events`) is one of:

- a lemma ("kill", "death"), expanded by the pack's `inflect` rules for its word
  class (verbs, nouns); a multiword lemma inflects its first word ("shoot dead");
- irregular forms joined by `|` ("flee|fled", "shoot dead|shot dead"): each
  alternative is a form, the first is also inflected regularly;
- a stem class: a stem ending in `*` matches any ending ("poginu*"; in a phrase, any word may end
  in `*`: "lišen* slobode", "zatražil* liječničk*"); a stem with
  `+class` matches only the endings of that paradigm ("ubijen+adj" with
  `paradigms: {adj: ["", a, o, i, e, ih, ...]}`).

Each surface form maps to a `Cue`: its category and its kind (`verb`: a
transitive verb whose active subject is the agent; `intransitive`; `noun`;
`adjective`; `phrase`; `head`: a noun that is a cue only as the counted noun, "cases"; `head-adjective`: likewise an adjective
standing for its noun, "38 confirmed"). The kind drives
voice and precedence in figures/frames.py.
We chose these tables of our own over spacy-lookups-data (see patterns/README.md,
"Lemma cues").
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import regex

from .lexicon import phrase_key, trie_pattern
from .sentence import Openers

KINDS = {"verbs": "verb", "intransitive": "intransitive", "nouns": "noun", "heads": "head",
         "head_adjectives": "head-adjective", "adjectives": "adjective", "phrases": "phrase"}
INFLECTED = {"verb": "verb", "intransitive": "verb", "noun": "noun", "head": "noun"}
HARM = {"killed": 3, "injured": 2, "missing": 1}


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue found in the text."""

    start: int
    end: int
    text: str
    category: str | None  # None: a lumped word ("casualties") that blocks other cues
    kind: str


def harm_rank(category: str | None) -> int:
    """Harm outranks state: killed > injured > missing > every other category."""
    return HARM.get(category or "", 0)


class Inflector:
    """Regular inflection from the pack's `inflect` rules: first rule whose `when` matches wins.

    A form template is `+suffix` (append), `-tail+suffix` (drop `tail`, append) or
    `+*suffix` (double the last letter, append).
    """

    def __init__(self, cfg: dict):
        self.rules = {cls: [(regex.compile(r.get("when", "") or ""), list(r.get("forms", []) or []))
                            for r in rules or []]
                      for cls, rules in (cfg or {}).items()}

    def forms(self, lemma: str, cls: str) -> list[str]:
        head, _, rest = lemma.partition(" ")
        out = [lemma]
        for when, templates in self.rules.get(cls, []):
            if when.search(head):
                out += [self._apply(head, t) + (" " + rest if rest else "") for t in templates]
                break
        return out

    @staticmethod
    def _apply(word: str, template: str) -> str:
        if template.startswith("-"):
            tail, _, suffix = template[1:].partition("+")
            return (word[: -len(tail)] if tail and word.endswith(tail) else word) + suffix
        suffix = template[1:] if template.startswith("+") else template
        if suffix.startswith("*"):
            return word + word[-1] + suffix[1:]
        return word + suffix


_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_ALNUM = regex.compile(r"[\p{L}\p{M}\p{N}]")
_RUN = _LETTERS
_SEEN_MAX = 200_000  # surfaces remembered per lexicon (then forgotten, to bound memory)
_UNSEEN = object()


def _inner_pattern(form: str, space: str) -> str:
    """A phrase whose words may end in `*` (any ending) as a pattern: its words joined by `space`."""
    words = [regex.escape(w[:-1]) + r"[\p{L}\p{M}]*" if w.endswith("*") else regex.escape(w) + r"(?![\p{L}\p{M}])"
             for w in form.split()]
    return "(?:" + space.join(words) + ")"


def _first_words(exact: list[str], stems: list[str]) -> regex.Pattern | None:
    """What the run of letters where a cue starts must be: the first word of a form, or begin with an
    all-letter stem. None when some form starts with no letter (then every position is tried)."""
    whole, lead = set(), set()
    for form, is_stem in [(f, False) for f in exact] + [(s, True) for s in stems]:
        run = _LETTERS.match(form)
        if run is None:
            return None
        if is_stem and run.end() == len(form):
            lead.add(form)
        else:
            whole.add(run.group())
    alts = ["(?:" + trie_pattern(whole) + ")"] if whole else []
    if lead:
        alts.append("(?:" + trie_pattern(lead) + r")[\p{L}\p{M}]*")
    return regex.compile("|".join(alts) or r"(?!)", regex.IGNORECASE)


def _continuations(exact: list[str], stems: list[str], clitics) -> tuple[regex.Pattern | None, regex.Pattern | None]:
    """For `CueLexicon._may_open`: the first words of forms that go on other than by a space (`unsafe`: tried
    always), and what the second word of a form (or a clitic between its words) may be; (None, None) when
    some form's second word opens with no letter."""
    unsafe, seconds, lead = set(), set(), set()
    for form, is_stem in [(f, False) for f in exact] + [(s, True) for s in stems]:
        run = _LETTERS.match(form)
        if run is None:
            return None, None
        rest = form[run.end():]
        if not rest:
            continue
        if rest[0] != " ":
            unsafe.add(run.group())
            continue
        nxt = rest.lstrip(" ")
        second = _LETTERS.match(nxt)
        if second is None:
            return None, None
        if is_stem and second.end() == len(nxt):
            lead.add(nxt)  # "shot dea*": the second word begins with it
        else:
            seconds.add(second.group())
    for clitic in clitics:
        run = _LETTERS.fullmatch(phrase_key(str(clitic)))
        if run is None:
            return None, None
        seconds.add(run.group())
    alts = ["(?:" + trie_pattern(seconds) + ")"] if seconds else []
    if lead:
        alts.append("(?:" + trie_pattern(lead) + r")[\p{L}\p{M}]*")
    return (regex.compile(trie_pattern(unsafe), regex.IGNORECASE) if unsafe else None,
            regex.compile("|".join(alts) or r"(?!)", regex.IGNORECASE))


class Scan:
    """The cue matches of a whole text, sorted, and the part of them a bounded scan would find."""

    def __init__(self, matches: list):
        self.matches = matches
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def within(self, text: str, start: int, end: int, ends: frozenset) -> list | None:
        """`list(regex.finditer(text, start, end))` from the whole text's matches, or None when they may
        differ: a match runs across `start` or `end`, or a form could end at `end` (the character before it
        is a letter, mark, digit or a form's last character) where the whole text goes on."""
        i = bisect_left(self.starts, start)
        if i and self.ends[i - 1] > start:
            return None
        j = bisect_left(self.starts, end, i)
        if j and self.ends[j - 1] > end:
            return None
        if end < len(text) and end > start:
            ch = text[end - 1]
            if not ch.isspace() and (_ALNUM.match(ch) is not None or ch in ends or ch.lower() in ends):
                return None
        return self.matches[i:j]


class CueLexicon:
    """Every surface form of the pack's cues, compiled into one regex."""

    def __init__(self, cfg: dict):
        inflector = Inflector(cfg.get("inflect", {}))
        paradigms = {k: [str(e) for e in v or []] for k, v in (cfg.get("paradigms", {}) or {}).items()}
        self.exact: dict[str, tuple[str | None, str]] = {}
        self.inner: dict[str, tuple[str | None, str]] = {}  # phrases with a stem word before the last
        prefixes: dict[str, tuple[str | None, str]] = {}
        for category, classes in (cfg.get("events", {}) or {}).items():  # first: a word keeps its class
            cat = None if category in ("none", None) else category
            for key, entries in (classes or {}).items():
                self._add(cat, KINDS[key], entries, inflector, paradigms, prefixes)
        for category, cues in (cfg.get("cues", {}) or {}).items():  # plain words and stems
            self._add(None if category in ("none", None) else category, "phrase", cues, inflector,
                      paradigms, prefixes)
        self.prefixes = sorted(prefixes.items(), key=lambda p: -len(p[0]))
        stems = [p for p, _ in self.prefixes]
        # phrases with a stem before their last word ("lišen* slobode"): a pattern each; for the
        # opener tables below, their first word stands for them (a stem, or a whole word)
        inner = sorted(self.inner, key=len, reverse=True)
        self._inner = [(regex.compile(_inner_pattern(form, r"\s+"), regex.IGNORECASE), self.inner[form])
                       for form in inner]
        heads = [f.split()[:2] for f in inner]  # a phrase's first two words
        first_stems = [a[:-1] for a, _ in heads if a.endswith("*")]
        first_whole = [a for a, _ in heads if not a.endswith("*")]
        # and for what may follow a first word: the first two words (a stem second word: its stem)
        pair_stems = [f"{a.rstrip('*')} {b[:-1]}" for a, b in heads if b.endswith("*")]
        pair_whole = [f"{a.rstrip('*')} {b}" for a, b in heads if not b.endswith("*")]
        clitics = [regex.escape(phrase_key(str(c))) for c in cfg.get("phrase_clitics", []) or []]
        # "život je izgubilo": the pack's clitics may stand between the words of a phrase
        space = r"\s+(?:(?:" + "|".join(clitics) + r")\s+)?" if clitics else r"\s+"
        self.clitic_re = regex.compile(r"\s(?:" + "|".join(clitics) + r")(?=\s)") if clitics else None
        self.regex = regex.compile(
            r"(?<![\p{L}\p{M}]|[\p{L}\p{M}]-)(?:" + trie_pattern(self.exact, space=space) + r")(?![\p{L}\p{M}])"
            + (r"|(?<![\p{L}\p{M}]|[\p{L}\p{M}]-)(?:" + trie_pattern(stems, space=space) + r")[\p{L}\p{M}]*"
               if stems else "")  # "government-held" holds no one
            + "".join(r"|(?<![\p{L}\p{M}]|[\p{L}\p{M}]-)" + _inner_pattern(f, space) for f in inner),
            regex.IGNORECASE)
        self._first = _first_words(list(self.exact) + first_whole, stems + first_stems)
        # a form ends with one of these
        self._ends = frozenset(f[-1] for f in list(self.exact) + stems + [f.rstrip("*") for f in inner])
        self._seen: dict[str, bool] = {}  # word -> may a cue start with it (self._first), per surface
        self._openers = Openers(self._first)  # where in a sentence's words a cue may start
        self._unsafe, self._second = _continuations(list(self.exact) + pair_whole, stems + pair_stems,
                                                    cfg.get("phrase_clitics", []) or [])
        self._lone: dict[str, bool] = {}  # word -> may a cue start with it whatever word follows
        self._follows: dict[str, bool] = {}  # word -> may it be a multiword cue's second word (or a clitic)
        self._looked: dict[str, object] = {}  # surface -> lookup()

    def _add(self, cat, kind, entries, inflector, paradigms, prefixes) -> None:
        for entry in entries or []:
            alts = [phrase_key(a) for a in str(entry).split("|")]
            for i, alt in enumerate(alts):
                if "*" in alt.rstrip("*"):
                    self.inner.setdefault(alt, (cat, kind))
                    continue
                if alt.endswith("*"):
                    prefixes.setdefault(alt[:-1], (cat, kind))
                    continue
                stem, plus, cls = alt.partition("+")
                if plus and cls in paradigms:
                    for ending in paradigms[cls]:
                        self.exact.setdefault(stem + ending, (cat, kind))
                    continue
                forms = inflector.forms(alt, INFLECTED[kind]) if i == 0 and kind in INFLECTED else [alt]
                for form in forms:
                    # a form listed under two kinds keeps the first; the verb reading is listed first
                    self.exact.setdefault(form, (cat, kind))

    def lookup(self, surface: str) -> tuple[str | None, str] | None:
        """(category, kind) of one matched surface, or None when it is no cue (remembered per surface)."""
        found = self._looked.get(surface, _UNSEEN)
        if found is _UNSEEN:
            if len(self._looked) > _SEEN_MAX:
                self._looked.clear()
            found = self._looked[surface] = self._lookup(surface)
        return found  # type: ignore[return-value]

    def _lookup(self, surface: str) -> tuple[str | None, str] | None:
        key = phrase_key(surface)
        if self.clitic_re is not None and " " in key:
            key = phrase_key(self.clitic_re.sub("", " " + key + " "))
        if key in self.exact:
            return self.exact[key]
        for stem, value in self.prefixes:
            if key.startswith(stem):
                return value
        for pattern, value in self._inner:
            if pattern.fullmatch(key):
                return value
        return None

    def matches(self, text: str, start: int = 0, end: int | None = None, words: list | None = None) -> list:
        """`self.regex.finditer(text, start, end)`, tried only where a cue can start.

        A cue starts a run of letters (the lookbehind), and that run is the first word of one of its
        forms (a stem's: begins with it). The regex is tried only at runs that are (`self._first`,
        asked once per surface): the same matches at a fraction of the cost of trying every position.
        `words`: `WORD.finditer(text, start, end)` (figures/sentence.py) when the caller has them; every
        run of letters lies in one of them, so their runs are found without a scan of their own."""
        end = len(text) if end is None else end
        if self._first is None:
            return list(self.regex.finditer(text, start, end))
        if words is not None:
            return self._tried(text, end, words)
        out: list = []
        last = start
        seen = self._seen
        if len(seen) > _SEEN_MAX:
            seen.clear()
        for run in _RUN.finditer(text, start, end):
            pos = run.start()
            if pos < last:
                continue
            word = run.group()
            ok = seen.get(word)
            if ok is None:
                ok = seen[word] = self._first.fullmatch(word) is not None
            if ok:
                m = self.regex.match(text, pos, end)
                if m is not None:
                    out.append(m)
                    last = m.end()
        return out

    def _tried(self, text: str, end: int, words: list) -> list:
        """`Openers.matches`, but a word of letters that is no cue alone and opens only phrases of several
        words ("to hospital") is tried only before a word that may be their second word."""
        out: list = []
        last = 0
        openers = self._openers
        for k, w in enumerate(words):
            word = w.group()
            offs = openers.offsets(word)
            if not offs:
                continue
            if offs == (0,) and not self._may_open(word, words[k + 1].group() if k + 1 < len(words) else None):
                continue
            at = w.start()
            for off in offs:
                pos = at + off
                if pos >= last:
                    m = self.regex.match(text, pos, end)
                    if m is not None:
                        out.append(m)
                        last = m.end()
        return out

    def _may_open(self, word: str, after: str | None) -> bool:
        """May a cue start with `word` (whose first run of letters opens a form) when `after` follows it (None:
        nothing in the sentence)? A cue that is longer than an all-letter word goes on after a space
        with its second word (or a clitic), and that is the next word's first run of letters."""
        lone = self._lone.get(word)
        if lone is None:
            if len(self._lone) > _SEEN_MAX:
                self._lone.clear()
            lone = self._lone[word] = self._second is None or _LETTERS.fullmatch(word) is None \
                or self.regex.fullmatch(word) is not None \
                or (self._unsafe is not None and self._unsafe.fullmatch(word) is not None)
        if lone:
            return True
        if after is None:
            return False
        ok = self._follows.get(after)
        if ok is None:
            if len(self._follows) > _SEEN_MAX:
                self._follows.clear()
            run = _LETTERS.match(after)
            ok = self._follows[after] = run is None or self._second.fullmatch(run.group()) is not None  # type: ignore[union-attr]
        return ok

    def scan(self, text: str) -> "Scan":
        """The matches of the whole text, for `find(..., scan=)` over many of its sentences."""
        return Scan(self.matches(text))

    def find(self, text: str, start: int, end: int, heads: bool = False, scan: "Scan | None" = None,
             words: list | None = None) -> list[Cue]:
        """Every cue in text[start:end], leftmost-longest; `head` cues only if asked. With `scan` (the whole
        text's matches) the part's matches are taken from it where they are the same (`Scan.within`);
        `words`: the part's words (`matches`)."""
        out = []
        found = scan.within(text, start, end, self._ends) if scan is not None else None
        for m in self.matches(text, start, end, words) if found is None else found:
            hit = self.lookup(m.group())
            if hit is not None and (heads or not hit[1].startswith("head")):
                out.append(Cue(m.start(), m.end(), m.group(), hit[0], hit[1]))
        return out

    def is_cue(self, word: str) -> bool:
        return self.lookup(word) is not None
