"""Frozen records passed between pipeline stages.

Every stage is a pure function from one of these lists to the next; keeping
them immutable lets `explain()` show each stage's output without copies.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span a rule proposed as a figure (or, with exclude=True, as a non-figure)."""

    start: int
    end: int
    rule: str
    priority: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    unit: str | None = None
    dimension: str | None = None  # set by the rule (age, time_window, other) or by units
    exclude: bool = False
    lone: bool = False  # a never-alone word ("one") with no unit or qualifier


@dataclass(frozen=True, slots=True)
class Drop:
    """A candidate removed by a refiner, with the reason (shown by explain())."""

    candidate: Candidate
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A finished row of the figures table (offsets into the original text)."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    dimension: str
    norm_value: float | None
    norm_unit: str | None
    object: str | None
    category: str | None
    sentence: str
    rule: str
    lang: str = ""
    doc_id: str | None = None
