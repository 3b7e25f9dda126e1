"""Public Health England Fingertips data exports: one CSV row per indicator, area, sex, age, category and period.

The export Fingertips gives ("Export table as CSV file" or the API's ``all_data/csv``)
has 27 columns::

    Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,
    Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,
    Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,
    Compared to England value or percentiles,Compared to percentiles,Time period Sortable,
    New data,Compared to goal,Time period range

Two things vary from export to export, and the reader allows for both:

- the two comparison columns are named after the comparator: ``Compared to England value
  or percentiles`` and a second one for the parent area (``Compared to percentiles``,
  ``Compared to Region value or percentiles``, ``Compared to Counties & UAs (from Apr 2023)
  value or percentiles``, ...). They are found by their prefix: the column starting
  ``Compared to England`` is ``compared_to_england``; the other ``Compared to ...`` column
  (not ``Compared to goal``) is ``compared_to_parent``, and its file name is kept in
  ``frame.attrs["parent_comparison_column"]``;
- ``Time period range`` (``1y``, ``3y``) is newer: exports made before it was added have
  26 columns, and ``time_period_range`` is then blank.

Returned columns (file column -> tidy name): ``indicator_id`` (int), ``indicator_name``,
``parent_code``, ``parent_name``, ``area_code``, ``area_name``, ``area_type``, ``sex``,
``age``, ``category_type``, ``category``, ``time_period`` (as written: ``2015/16``,
``2015``, ``2013/14 - 15/16``), ``value``, ``lower_ci_95``, ``upper_ci_95``,
``lower_ci_99_8``, ``upper_ci_99_8``, ``count``, ``denominator`` (floats, missing where
blank), ``value_note``, ``recent_trend``, ``compared_to_england``, ``compared_to_parent``,
``time_period_sortable`` (int, e.g. 20150000), ``new_data``, ``compared_to_goal``,
``time_period_range``.

Definitions:

- **Headline rows** are those with a blank ``Category Type``: the value for the whole
  population of the area. Rows with a category type (deprivation deciles, ethnic groups)
  re-divide the same population and are kept but must not be added to the headline.
- A blank ``Value`` is not zero: Fingertips leaves it blank when the figure is
  suppressed for disclosure control or not available, and says why in ``Value note``.
- An export lists an area once under each parent it was asked for. Rows that repeat the
  same figure (same indicator, area, sex, age, category and period, same value and count)
  are kept once; the number dropped is ``frame.attrs["repeated_rows_dropped"]``. Two rows
  for one figure with different values are an error.

``read_fingertips_export`` takes one export file or a folder of them (every ``*.csv``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
from cspanalysis.sources.reading import Field, matches_check, read_csv_file, read_header, rows_of

_NUMBER = matches_check(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$", "a number")

#: the comparison columns start with these words; the goal column is not a comparator
COMPARED_PREFIX = "Compared to "
ENGLAND_PREFIX = "Compared to England"
GOAL_COLUMN = "Compared to goal"

#: columns of the 27-column export with their tidy names (the comparators are added by prefix)
_BEFORE = [
    Field("Indicator ID", "indicator_id", checks=(matches_check(r"^\d+$", "a whole-number indicator id"),)),
    Field("Indicator Name", "indicator_name"),
    Field("Parent Code", "parent_code", nullable=True),
    Field("Parent Name", "parent_name", nullable=True),
    Field("Area Code", "area_code", checks=(matches_check(r"^[A-Za-z0-9]+$", "an area code like E07000116"),)),
    Field("Area Name", "area_name"),
    Field("Area Type", "area_type"),
    Field("Sex", "sex"),
    Field("Age", "age"),
    Field("Category Type", "category_type", nullable=True),
    Field("Category", "category", nullable=True),
    Field("Time period", "time_period"),
    Field("Value", "value", nullable=True, checks=(_NUMBER,)),
    Field("Lower CI 95.0 limit", "lower_ci_95", nullable=True, checks=(_NUMBER,)),
    Field("Upper CI 95.0 limit", "upper_ci_95", nullable=True, checks=(_NUMBER,)),
    Field("Lower CI 99.8 limit", "lower_ci_99_8", nullable=True, checks=(_NUMBER,)),
    Field("Upper CI 99.8 limit", "upper_ci_99_8", nullable=True, checks=(_NUMBER,)),
    Field("Count", "count", nullable=True, checks=(_NUMBER,)),
    Field("Denominator", "denominator", nullable=True, checks=(_NUMBER,)),
    Field("Value note", "value_note", nullable=True),
    Field("Recent Trend", "recent_trend", nullable=True),
]
_AFTER = [
    Field("Time period Sortable", "time_period_sortable", checks=(matches_check(r"^\d{8}$", "an 8-digit sortable period like 20150000"),)),
    Field("New data", "new_data", nullable=True),
    Field(GOAL_COLUMN, "compared_to_goal", nullable=True),
    Field("Time period range", "time_period_range", required=False, nullable=True),
]

NUMBER_COLUMNS = ("value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8", "count", "denominator")

#: the columns that identify one figure of an export
FIGURE_KEY = ("indicator_id", "area_code", "sex", "age", "category_type", "category", "time_period")

COLUMNS = [f.rename for f in _BEFORE] + ["compared_to_england", "compared_to_parent"] + [f.rename for f in _AFTER]


def _fields(path: Path) -> tuple[list[Field], str | None]:
    """The fields of this export, with its comparison columns found by prefix."""
    header = read_header(path)
    compared = [c for c in header if c.startswith(COMPARED_PREFIX) and c != GOAL_COLUMN]
    england = [c for c in compared if c.startswith(ENGLAND_PREFIX)]
    others = [c for c in compared if not c.startswith(ENGLAND_PREFIX)]
    problems = []
    if not england:
        problems.append(Problem(f"missing column: expected a column starting {ENGLAND_PREFIX!r} "
                                "(like 'Compared to England value or percentiles')"))
    if len(england) > 1 or len(others) > 1:
        listed = ", ".join(repr(c) for c in compared)
        problems.append(Problem(f"has more comparison columns than one for England and one for the parent area: {listed}"))
    if problems:
        raise InputError(path, problems)
    fields = list(_BEFORE) + [Field(england[0], "compared_to_england", nullable=True)]
    if others:
        fields.append(Field(others[0], "compared_to_parent", nullable=True))
    return fields + list(_AFTER), (others[0] if others else None)


def read_fingertips_file(path: str | Path) -> pd.DataFrame:
    """Read and validate one Fingertips CSV export (26 or 27 columns); see the module for the columns."""
    path = Path(path)
    fields, parent_column = _fields(path)
    frame = read_csv_file(path, fields)
    for column in ("compared_to_parent", "time_period_range"):
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["indicator_id"] = frame["indicator_id"].astype("int64")
    frame["time_period_sortable"] = frame["time_period_sortable"].astype("int64")
    frame = _drop_repeats(frame, path)
    frame.attrs["parent_comparison_column"] = parent_column
    return frame[COLUMNS]


def _drop_repeats(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Keep one row of each figure listed under several parents; two different values are an error."""
    key = list(FIGURE_KEY)
    figures = frame[key].astype("str").fillna("")
    figures["value"] = frame["value"].astype("str")
    figures["count"] = frame["count"].astype("str")
    distinct = figures.drop_duplicates()
    clashing = distinct.loc[distinct.duplicated(key, keep=False), key].apply(tuple, axis=1)
    if not clashing.empty:
        mask = figures[key].apply(tuple, axis=1).isin(set(clashing))
        problems = []
        for row, (area, period, value) in zip(rows_of(mask), frame.loc[mask, ["area_name", "time_period", "value"]].itertuples(index=False)):
            shown = "blank" if pd.isna(value) else f"{value:g}"
            problems.append(Problem(f"{area}, {period}: one figure is given more than once with different values "
                                    f"(here {shown})", row=row, column="Value"))
        raise InputError(path, problems)
    before = len(frame)
    frame = frame.loc[~figures.duplicated(keep="first")].reset_index(drop=True)
    frame.attrs["repeated_rows_dropped"] = before - len(frame)
    return frame


def read_fingertips_export(path: str | Path) -> pd.DataFrame:
    """Read a Fingertips export file, or every ``*.csv`` export in a folder, into one table."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise InputError(path, "no Fingertips exports: expected CSV files in the folder")
        frames = [read_fingertips_file(p) for p in files]
        frame = pd.concat(frames, ignore_index=True)
        frame.attrs["repeated_rows_dropped"] = sum(f.attrs["repeated_rows_dropped"] for f in frames)
        return frame
    return read_fingertips_file(path)


__all__ = ["read_fingertips_file", "read_fingertips_export", "COLUMNS", "FIGURE_KEY"]
