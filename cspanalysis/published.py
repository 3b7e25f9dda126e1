"""Figures a partnership already published (its plan), to list where the review differs: the errata.

``config/published/<plan>.csv`` holds, for each figure id, the value the document printed, its
unit (how it was rounded or stated) and the document's own words.  After a run, every figure
whose computed value, rounded as the document rounds it, is not what the document printed is
listed in "About the data", so readers see which published numbers the data do not support.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from cspanalysis.errors import ConfigError

_PLACES = {"percent_1dp": 1, "rate_1dp": 1, "percent_0dp": 0, "count_0dp": 0}
UNITS = {"count", "rank_of_12", "percent_0dp", "percent_1dp", "rate_1dp", "count_0dp", "count_at_least",
         "count_at_most", "set_of_wards", "set_of_priorities", "relation", "suppressed"}


@dataclass(frozen=True)
class PublishedFigure:
    id: str
    printed: str
    unit: str
    words: str


@dataclass(frozen=True)
class Erratum:
    figure: PublishedFigure
    computed: object
    shown: str


def read_published(path: Path) -> dict[str, PublishedFigure]:
    """Read a published-figures file (id, printed, unit, plan_says)."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the published figures: {error.strerror}") from None
    problems = []
    for number, row in enumerate(rows, start=2):
        if set(row) != {"id", "printed", "unit", "plan_says"}:
            raise ConfigError(f"{path}: expected the columns id, printed, unit, plan_says")
        if row["unit"] not in UNITS:
            problems.append(f"row {number}: unit {row['unit']!r} is not one of {', '.join(sorted(UNITS))}")
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return {row["id"]: PublishedFigure(row["id"], row["printed"], row["unit"], row["plan_says"]) for row in rows}


def shown_as_published(value, unit: str) -> str:
    """A computed value written the way the document states that kind of figure."""
    if isinstance(value, list):
        return "|".join(sorted(str(v) for v in value))
    if unit in _PLACES and isinstance(value, (int, float)):
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-_PLACES[unit]), rounding=ROUND_HALF_UP)
        return str(rounded)
    return str(value)


def _agrees(figure: PublishedFigure, value) -> bool:
    if figure.printed == "":
        return True  # the document gave no number to compare with
    if figure.unit in ("count_at_least", "count_at_most") and isinstance(value, (int, float)):
        bound = int(figure.printed)
        return value >= bound if figure.unit == "count_at_least" else value <= bound
    if figure.unit == "relation" and figure.printed == "<0":
        return isinstance(value, (int, float)) and value < 0
    if figure.unit in ("set_of_wards", "set_of_priorities"):
        return isinstance(value, list) and sorted(value) == sorted(figure.printed.split("|"))
    shown = shown_as_published(value, figure.unit)
    try:
        return Decimal(shown) == Decimal(figure.printed)
    except InvalidOperation:
        return shown == figure.printed


def find_errata(published: dict[str, PublishedFigure], figures: dict) -> list[Erratum]:
    """Figures the run computed whose value disagrees with what was printed (figures not computed are skipped)."""
    return [
        Erratum(figure, figures[key], shown_as_published(figures[key], figure.unit))
        for key, figure in published.items()
        if key in figures and figures[key] is not None and not _agrees(figure, figures[key])
    ]
