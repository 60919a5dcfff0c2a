"""Colours and the second cue of every highlighted figure, with the WCAG contrast arithmetic.

Colour is never the only encoding: every mark also carries its reading as text
(value or bounds, unit, category) and casualty categories get their own
underline style, so the report reads in greyscale, in print and for colour-blind
readers. Text colours are chosen by contrast, and the tests compute that every
pair passes WCAG 2.1 AA (4.5:1 for text, 3:1 for graphics against the page).
"""
from __future__ import annotations

#: Mark backgrounds for counts of people, by casualty category.
CATEGORY_COLOURS = {
    "killed": "#f28b82", "injured": "#fbc15e", "missing": "#c9a0e8", "trapped": "#c8ad9f",
    "displaced": "#7fd1cf", "evacuated": "#9fdc9f", "detained": "#aeb3ee", "affected": "#f5b3cc",
}
#: Second cue for categories: the underline each category's marks carry.
CATEGORY_LINES = {
    "killed": "solid", "injured": "dashed", "missing": "dotted", "trapped": "double",
    "displaced": "solid", "evacuated": "dashed", "detained": "dotted", "affected": "double",
}
#: Mark backgrounds for every other dimension (no underline: the reading names the unit).
DIMENSION_COLOURS = {
    "count": "#cfe3f7", "length": "#d3efc6", "area": "#e5f3c4", "volume": "#c9efe5",
    "mass": "#e8dcc4", "duration": "#f8eab3", "time_window": "#fbdfb5", "ratio": "#ded3f6",
    "currency": "#c7edd2", "speed": "#f6d3de", "temperature": "#f8caca", "age": "#dde5ee",
    "other": "#e6e6e6",
}
PAGE = "#ffffff"
INK = "#1f1f1f"      # body text
MUTED = "#545454"    # secondary text: meta lines, mark readings
LINE = "#333333"     # underlines, chart bar outlines


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """INK or white, whichever contrasts more with `background`."""
    return INK if contrast(INK, background) >= contrast("#ffffff", background) else "#ffffff"


def style_key(category: object, dimension: object) -> tuple[str, str]:
    """(css class, background) of a figure: its casualty category for counts, else its dimension."""
    category = category if isinstance(category, str) else ""
    dimension = dimension if isinstance(dimension, str) and dimension else "other"
    if dimension == "count" and category in CATEGORY_COLOURS:
        return f"c-{category}", CATEGORY_COLOURS[category]
    return f"d-{dimension}", DIMENSION_COLOURS.get(dimension, DIMENSION_COLOURS["other"])


def css() -> str:
    """One rule per colour class (marks and legend swatches share them)."""
    rules = []
    for name, bg in CATEGORY_COLOURS.items():
        rules.append(f".fh .c-{name}{{background:{bg};color:{text_on(bg)};"
                     f"border-bottom:3px {CATEGORY_LINES[name]} {LINE}}}")
    for name, bg in DIMENSION_COLOURS.items():
        rules.append(f".fh .d-{name}{{background:{bg};color:{text_on(bg)}}}")
    return "\n".join(rules)
