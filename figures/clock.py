"""Clock times read over tokens: "8 a.m.", "17:30", "10:00 AM", "16 sati", "midnight".

The pack's `clock` section (pack.yaml) gives the words: `am` / `pm` marks
that shift the hour, `marks` that do not ("sati" in "od 8 do 16 sati"), and
`named` times (midnight: 0). A reading is (end token, hours since midnight).
"""
from __future__ import annotations

from .tokens import DIGITS, Lexicon, Tokens


class Clock:
    """One pack's clock words, compiled into classes of its lexicon."""

    def __init__(self, cfg: dict, lex: Lexicon):
        self.lex = lex
        cfg = cfg or {}
        self.am, self.pm = lex.cls("clock.am"), lex.cls("clock.pm")
        self.marks, self.named = lex.cls("clock.marks"), lex.cls("clock.named")
        for name, cid in (("am", "clock.am"), ("pm", "clock.pm"), ("marks", "clock.marks")):
            for word in cfg.get(name, []) or []:
                lex.add(cid, str(word))
        for word, hours in (cfg.get("named", {}) or {}).items():
            lex.add("clock.named", str(word), float(hours))

    def read(self, toks: Tokens, i: int, bare: bool = False):
        """A clock time starting at token i, or None. `bare`: a lone hour ("od 8 do ...") is enough."""
        lex, n = self.lex, len(toks)
        hit = lex.match(toks, i, self.named)
        if hit is not None:
            return hit
        raw, space = toks.raw, toks.space
        if toks.kinds[i] != DIGITS or len(raw[i]) > 2:
            return None
        hour, minutes, j, colon = int(raw[i]), 0, i + 1, False
        if (j + 1 < n and raw[j] in ":." and not space[j] and toks.kinds[j + 1] == DIGITS
                and not space[j + 1] and len(raw[j + 1]) == 2):
            minutes, colon, j = int(raw[j + 1]), raw[j] == ":", j + 2
            if j < n and toks.kinds[j] == DIGITS and not space[j]:
                return None
        mark = lex.match(toks, j, self.marks) if j < n else None
        if mark is not None:
            j = mark[0]
        shift = None
        if j < n:
            for cid, name in ((self.am, "am"), (self.pm, "pm")):
                hit = lex.match(toks, j, cid)
                if hit is not None:
                    shift, j = name, hit[0]
                    break
        if mark is None and shift is None and not colon and not (bare and j > i):
            return None
        if hour > 24 or minutes > 59:
            return None
        if shift == "pm" and hour < 12:
            hour += 12
        elif shift == "am" and hour == 12:
            hour = 0
        return j, hour + minutes / 60
