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
("1.5e6") and a power of ten ("3 x 10^6").
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
    numbers.Numeral (i, j, value, kind, qualifier, scale), or None."""
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
    try:
        value = float(number)
    except (ValueError, OverflowError):
        return None
    value, j = _fraction_after(g, toks, j, value)
    value, j = _power_after(toks, j, value)
    qualifier = None
    lex, c = g.lex, g.c
    if j < n and not space[j]:
        hit = lex.match(toks, j, c["suffix"])
        if hit is not None:
            qualifier, j = "approx", hit[0]
        else:
            hit = lex.match(toks, j, c["digit_scale"])
            if hit is None and g.prefix_scale is not None and _after_currency(g, toks, i):
                hit = lex.match(toks, j, g.prefix_scale)  # "$2.174T": a letter that is a scale only after money
            if hit is not None:
                value *= hit[1]
                j = hit[0]
    added = added_fraction(g, toks, j)
    if added is not None:
        j, value = added[0], value + added[1]
    value, j, scale = g._scales_after(toks, j, value, 0.0)
    return i, j, value, kind, qualifier, scale


def _after_currency(g: "NumberGrammar", toks: Tokens, i: int) -> bool:
    """A currency symbol of the pack (`{cur}`, up to three tokens: "US$") ends right before token i."""
    for k in range(max(0, i - 3), i):
        if toks.bits[k] & g.glued_prefixes:
            hit = g.lex.match(toks, k, g.glued_prefixes.bit_length() - 1)
            if hit is not None and hit[0] == i:
                return True
    return False


DENOMINATORS = {"2", "3", "4", "5", "8", "10"}


def _slash_fraction(toks: Tokens, i: int) -> bool:
    """"1/2 pound", "3/4 of the city": a common proper fraction (not "24/7", "9/11" or a date 3/4/2020)."""
    n, raw, space = len(toks.starts), toks.raw, toks.space
    return (i + 2 < n and raw[i + 1] == "/" and not space[i + 1] and toks.kinds[i + 2] == DIGITS
            and not space[i + 2] and raw[i + 2] in DENOMINATORS and len(raw[i]) <= 2
            and int(raw[i]) < int(raw[i + 2]) and not (i + 3 < n and raw[i + 3] in "/.-" and not space[i + 3]))


def added_fraction(g: "NumberGrammar", toks: Tokens, j: int):
    """"and a half" after a number: (end token, the fraction) or None."""
    if j >= len(toks.starts) or not toks.space[j]:
        return None
    return g.lex.match(toks, j, g.c["added"])


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
    """"1.5e6" (an exponent glued on) and "3 x 10^6" (times a power of ten)."""
    n, kinds, space, raw = len(toks.starts), toks.kinds, toks.space, toks.raw
    k = j
    if k + 1 < n and raw[k] in ("e", "E") and not space[k]:
        sign = 1
        if raw[k + 1] in "+-" and k + 2 < n and not space[k + 1] and not space[k + 2]:
            sign, k = (-1 if raw[k + 1] == "-" else 1), k + 1
        if kinds[k + 1] == DIGITS and not space[k + 1] and len(raw[k + 1]) <= 3:
            return _scaled(value, sign * int(raw[k + 1])), k + 2
    if (j + 4 < n and space[j] and raw[j].lower() in TIMES and raw[j + 1] == "10" and raw[j + 2] == "^"
            and not space[j + 2] and not space[j + 3] and kinds[j + 3] == DIGITS and len(raw[j + 3]) <= 3):
        return _scaled(value, int(raw[j + 3])), j + 4
    return value, j


def _scaled(value: float, exponent: int) -> float:
    if abs(exponent) > MAX_EXPONENT:
        return float("inf")  # not a figure: interpret drops values that are not finite
    return value * 10.0 ** exponent
