"""Numbers written with digits, read over tokens for numbers.NumberGrammar.

The pack gives the marks (pack.yaml `decimal`, `group`; a group mark counts
only before exactly three digits, so "1,5" in a comma-decimal language and
"1.5" in English stay decimals) and the words around digits (numbers.yaml
`approximative_suffixes`, `digit_scales`, `scales`, `fractions`,
`added_fractions`). The notations every language shares are read here:
a leading decimal mark (".5", hr ",45"), scale letters that count only right after a
currency symbol (units.yaml `prefix_scales`: "$2.174T"), a slash fraction ("1/2 pound"), a mixed
fraction ("5 1/2"), a glued
Unicode fraction ("2½", from common/numbers.yaml `fractions`), an exponent
("1.5e6") and a power ("3 x 10^6", "5.5x10-3", "2.48×10⁻⁵", "2^10").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .tokens import DIGITS, OTHER, WORD, Tokens

if TYPE_CHECKING:
    from .numbers import NumberGrammar

TIMES = {"x", "×", "*"}
MAX_EXPONENT = 300


def may_start(g: "NumberGrammar", toks: Tokens, i: int) -> bool:
    """Digits at token i begin a number unless glued to a word ("F16") or the tail of one ("1.2.3")."""
    if i == 0 or toks.space[i]:
        return True
    prev = toks.kinds[i - 1]
    if prev in (WORD, DIGITS):
        # a currency code glued before the digits is no word ("USD300", "RM15")
        return prev == WORD and bool(toks.bits[i - 1] & g.glued_prefixes)
    if toks.raw[i - 1] in ".," and i >= 2 and not toks.space[i - 1] and toks.kinds[i - 2] == DIGITS:
        return False
    return True


def leading_decimal(g: "NumberGrammar", toks: Tokens, i: int) -> bool:
    """".005 per cent", hr ",45": a decimal mark glued to digits with no digit before it."""
    n = len(toks.starts)
    return bool(i + 1 < n and toks.kinds[i + 1] == DIGITS and not toks.space[i + 1]
            and (i == 0 or toks.space[i] or toks.kinds[i - 1] == OTHER and toks.raw[i - 1] in "([")
            and (i + 2 >= n or toks.raw[i + 2] not in (g.decimal, *g.group_marks) or toks.space[i + 2]))


def read(g: "NumberGrammar", toks: Tokens, i: int) -> tuple | None:
    """The number starting at token i (digits, or a leading decimal mark) as the fields of a
    numbers.Numeral (i, j, value, kind, qualifier, scale, glued), or None."""
    n, kinds, space, raw = len(toks.starts), toks.kinds, toks.space, toks.raw
    kind = "cardinal"
    if raw[i] == g.decimal:
        number, j = "0." + raw[i + 1], i + 2
    elif _slash_fraction(toks, i):
        num, den = raw[i], raw[i + 2]
        number, j, kind = str(int(num) / int(den)), i + 3, "fraction"
    else:
        number, j = _integer(g, toks, i)
        if j + 1 < n and raw[j] == g.decimal and not space[j] and kinds[j + 1] == DIGITS and not space[j + 1]:
            number += "." + raw[j + 1]
            j += 2
        elif g.loose_decimal and j + 2 < n and raw[j] == g.loose_decimal and _loose_decimal(g, toks, j):
            number += "." + raw[j + 1]
            j += 2
    try:
        value = float(number)
    except (ValueError, OverflowError):
        return None
    value, j = _fraction_after(g, toks, j, value)
    value, j = _power_after(toks, j, value)
    qualifier = None
    glued = None  # (letters, factor) of a digit scale read against the digits: "1.75m" -> ("m", 1e6)
    lex, c = g.lex, g.c
    if j < n and not space[j]:
        b = toks.bits[j]
        hit = lex.match(toks, j, c["suffix"]) if b >> c["suffix"] & 1 else None
        if hit is not None:
            qualifier, j = "approx", hit[0]
        else:
            hit = lex.match(toks, j, c["digit_scale"]) if b >> c["digit_scale"] & 1 else None
            if hit is None:
                cased = c["digit_scale_cased"]
                hit = lex.match(toks, j, cased) if b >> cased & 1 else None
            if hit is None and g.prefix_scale is not None and _after_currency(g, toks, i):
                hit = lex.match(toks, j, g.prefix_scale)  # "$2.174T": a letter that is a scale only after money
            if hit is not None:
                glued = ("".join(toks.low[j:hit[0]]), float(hit[1]))
                value *= hit[1]
                j = hit[0]
    added = added_fraction(g, toks, j)
    if added is not None:
        j, value = added[0], value + added[1]
    value, j, scale = g._scales_after(toks, j, value, 0.0)
    return i, j, value, kind, qualifier, scale, glued


def _loose_decimal(g: "NumberGrammar", toks: Tokens, j: int) -> bool:
    """hr "49.8 milijuna", "2.5 posto": the pack's other decimal mark (numbers.yaml `loose_decimal`),
    glued between digits, with one or two digits after it (three are a group: "1.500") and a scale
    word or a unit after them (not a unit of `not_units`: "19.30 sati" is a clock time; not "1.5." a date)."""
    n, raw, space = len(toks.starts), toks.raw, toks.space
    k = j + 2
    if space[j] or toks.kinds[j + 1] != DIGITS or space[j + 1] or len(raw[j + 1]) > 2 or k >= n:
        return False
    if not space[k] and raw[k] in (".", ","):
        return False
    if space[k] and g.lex.match(toks, k, g.c["scale"]) is not None:
        return True
    for cid in g.unit_classes:
        hit = g.lex.match(toks, k, cid)
        if hit is not None:
            return hit[1] not in g.loose_not_units
    return False


def _after_currency(g: "NumberGrammar", toks: Tokens, i: int) -> bool:
    """A currency symbol of the pack (`{cur}`, up to three tokens: "US$") ends right before token i."""
    for k in range(max(0, i - 3), i):
        if toks.bits[k] & g.glued_prefixes:
            for cid in g.currency_classes:
                hit = g.lex.match(toks, k, cid)
                if hit is not None and hit[0] == i:
                    return True
    return False


DENOMINATORS = {"2", "3", "4", "5", "6", "8", "10", "16", "32", "64", "100"}


def _slash_fraction(toks: Tokens, i: int) -> bool:
    """"1/2 pound", "3/4 of the city", "1/40 of the wavelength": a proper fraction with a common
    denominator, or one over any number ("1/40", "1/1000"); not "24/7", "9/11", "1/0" or a date 3/4/2020."""
    n, raw, space = len(toks.starts), toks.raw, toks.space
    if not (i + 2 < n and raw[i + 1] == "/" and not space[i + 1] and toks.kinds[i + 2] == DIGITS
            and not space[i + 2] and len(raw[i]) <= 2 and len(raw[i + 2]) <= 4):
        return False
    num, den = int(raw[i]), int(raw[i + 2])
    common = raw[i + 2] in DENOMINATORS or (num == 1 and den >= 2 and raw[i] == "1")
    if not (common and 0 < num < den):
        return False
    if i + 3 < n and not space[i + 3] and (raw[i + 3] == "/" or raw[i + 3] in ".-" and i + 4 < n
                                            and toks.kinds[i + 4] == DIGITS and not space[i + 4]):
        return False  # a date (3/4/2020, 3/4.5) or a range of slashes
    return True


def added_fraction(g: "NumberGrammar", toks: Tokens, j: int):
    """"and a half" after a number: (end token, the fraction) or None."""
    if j >= len(toks.starts) or not toks.space[j]:
        return None
    cid = g.c["added"]
    return g.lex.match(toks, j, cid) if toks.bits[j] >> cid & 1 else None


def _integer(g: "NumberGrammar", toks: Tokens, i: int) -> tuple[str, int]:
    n, kinds, space, raw = len(toks.starts), toks.kinds, toks.space, toks.raw
    parts = [raw[i]]
    j = i + 1
    if len(raw[i]) <= 3:
        k = j
        while (k + 1 < n and raw[k] in g.group_marks and not space[k] and kinds[k + 1] == DIGITS
               and not space[k + 1] and len(raw[k + 1]) == 3):
            parts.append(raw[k + 1])
            k += 2
        if k == j and g.space_group:
            text = toks.text
            while (k < n and kinds[k] == DIGITS and len(raw[k]) == 3 and toks.starts[k] - toks.ends[k - 1] == 1
                   and text[toks.ends[k - 1]] == " "):
                parts.append(raw[k])
                k += 1
        j = k
    return "".join(parts), j


def _fraction_after(g: "NumberGrammar", toks: Tokens, j: int, value: float) -> tuple[float, int]:
    """"5 1/2" (a space, then digits/digits) or "2½" (a fraction symbol glued on)."""
    n, kinds, space, raw = len(toks.starts), toks.kinds, toks.space, toks.raw
    if (j + 3 <= n and space[j] and kinds[j] == DIGITS and raw[j + 1] == "/" and not space[j + 1]
            and j + 2 < n and kinds[j + 2] == DIGITS and not space[j + 2]):
        den = float(raw[j + 2])
        if den:
            return value + float(raw[j]) / den, j + 3
    if j < n and not space[j] and kinds[j] == OTHER:
        hit = g.lex.match(toks, j, g.c["fraction"])
        if hit is not None:
            return value + hit[1], hit[0]
    return value, j


def _power_after(toks: Tokens, j: int, value: float) -> tuple[float, int]:
    """"1.5e6" (an exponent glued on), "2^10" (a caret power), and a times sign with a power:
    "3 x 10^6", "5.5x10-3" and "2.48×10−5" (a superscript exponent typed flat: base 10 only),
    "6×10⁻⁵", "8x2^10"."""
    n, kinds, space, raw = len(toks.starts), toks.kinds, toks.space, toks.raw
    k = j
    if k + 1 < n and raw[k] in ("e", "E") and not space[k]:
        sign = 1
        if raw[k + 1] in "+-" and k + 2 < n and not space[k + 1] and not space[k + 2]:
            sign, k = (-1 if raw[k + 1] == "-" else 1), k + 1
        if kinds[k + 1] == DIGITS and not space[k + 1] and len(raw[k + 1]) <= 3:
            return _scaled(value, sign * int(raw[k + 1])), k + 2
    power = _caret(toks, j)
    if power is not None:  # "2^10": the number itself is the base
        return _power(value, power[0]), power[1]
    if j + 1 < n and raw[j].lower() in TIMES and kinds[j + 1] == DIGITS and len(raw[j + 1]) <= 3:
        base = int(raw[j + 1])
        power = _caret(toks, j + 2) or (_flat(toks, j + 2) if base == 10 else None)
        if power is not None and base >= 2:
            if power[0] >= 0:
                return value * _power(float(base), power[0]), power[1]
            return value / _power(float(base), -power[0]), power[1]
    return value, j


SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                "⁹": "9", "⁻": "-", "⁺": "+"}


def _exponent(toks: Tokens, k: int) -> tuple[int, int] | None:
    """A glued, optionally signed exponent of at most three digits at token k: (exponent, end)."""
    n, raw, space = len(toks.starts), toks.raw, toks.space
    sign = 1
    if k < n and raw[k] in "+-" and not space[k]:
        sign, k = (-1 if raw[k] == "-" else 1), k + 1
    if k < n and toks.kinds[k] == DIGITS and not space[k] and len(raw[k]) <= 3:
        return sign * int(raw[k]), k + 1
    return None


def _caret(toks: Tokens, k: int) -> tuple[int, int] | None:
    """"^6", "^-3" glued at token k."""
    if k < len(toks.starts) and toks.raw[k] == "^" and not toks.space[k]:
        return _exponent(toks, k + 1)
    return None


def _flat(toks: Tokens, k: int) -> tuple[int, int] | None:
    """The exponent of "10-3" / "10⁻³" glued at token k (after a times sign, where 10 can only be a base)."""
    n, raw, space = len(toks.starts), toks.raw, toks.space
    if k < n and not space[k] and raw[k] in SUPERSCRIPTS:
        digits_, end = "", k
        while end < n and not space[end] and raw[end] in SUPERSCRIPTS and len(digits_) < 4:
            digits_ += SUPERSCRIPTS[raw[end]]
            end += 1
        try:
            return int(digits_), end
        except ValueError:
            return None
    if k < n and raw[k] in "+-":
        return _exponent(toks, k)
    return None


def _power(base: float, exponent: int) -> float:
    if abs(exponent) > MAX_EXPONENT:
        return float("inf")
    try:
        return base ** exponent if exponent >= 0 else 1.0 / base ** -exponent
    except (OverflowError, ZeroDivisionError):
        return float("inf")


def _scaled(value: float, exponent: int) -> float:
    if abs(exponent) > MAX_EXPONENT:
        return float("inf")  # not a figure: interpret drops values that are not finite
    return value * 10.0 ** exponent if exponent >= 0 else value / 10.0 ** -exponent
