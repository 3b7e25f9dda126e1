"""Hospital admissions extract: admission episodes of residents by ward and financial-year quarter.

Public health teams (in Kent, KCC Public Health from Hospital Episode Statistics) give
community safety partnerships admissions counts by the ward the patient lives in, by
quarter, for alcohol-specific conditions and for substance misuse. One row per financial
year, quarter, ward, condition and age group, UTF-8 (a BOM is fine), extra columns ignored:

==================  ===============  ===========================================================
file column         returned as      content
==================  ===============  ===========================================================
Financial Year      fy_start         ``2015/16`` -> 2015 (the year April falls in)
Quarter             quarter          ``Q1`` (April-June) to ``Q4`` (January-March) -> 1 to 4
Ward Code           ward_code        ONS ward code of the patient's residence, ``E05...``
Ward Name           ward_name        ward name
District            district_name    local authority district of the ward
Condition           condition        ``Alcohol-specific`` or ``Substance misuse`` (any case)
Age Group           age_group        ``Under 18`` or ``18 and over`` (any case)
Admissions          admissions       admission episodes: a whole number, or ``*`` (see below)
==================  ===============  ===========================================================

Added: ``suppressed`` (bool) and ``quarter_start`` / ``quarter_end`` (the first and last day
of the quarter, datetime).

Definitions:

- **Alcohol-specific** admissions are episodes whose diagnosis is wholly attributable to
  alcohol (as in PHE's Local Alcohol Profiles); **substance misuse** admissions are those
  for the effects of drugs and other psychoactive substances.
- A missing row is a count of zero: extracts usually leave out the wards, quarters and
  groups with no admissions.
- **Provider suppression**: a provider may publish a count from 1 to 4 as ``*``. Such a
  cell is kept with ``admissions`` missing and ``suppressed`` true: it is at least 1 and at
  most 4, never zero. Totals that include it are ranges
  (``cspanalysis.metrics.substance.count_admissions``).
- Two rows for the same year, quarter, ward, condition and age group are an error (a
  count must not be added twice), as is one ward code under two names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cspanalysis.errors import InputError, Problem
from cspanalysis.sources.reading import Field, matches_check, one_of_check, read_csv_file, rows_of

CONDITIONS = ("Alcohol-specific", "Substance misuse")
AGE_GROUPS = ("Under 18", "18 and over")

#: how a provider writes a suppressed count, and the counts it stands for
SUPPRESSED_MARK = "*"
SUPPRESSED_RANGE = (1, 4)


def _consecutive_years(series: pd.Series) -> pd.Series:
    first = pd.to_numeric(series.str[:4], errors="coerce")
    second = pd.to_numeric(series.str[5:7], errors="coerce")
    return series.isna() | ((first + 1) % 100 == second)


FIELDS = [
    Field("Financial Year", "fy_start", checks=(
        matches_check(r"^\d{4}/\d{2}$", "a financial year like 2015/16"),
        pa.Check(_consecutive_years, error="is not a financial year: the second year must follow the first (like 2015/16)"),
    )),
    Field("Quarter", "quarter", checks=(matches_check(r"^[Qq][1-4]$", "a quarter Q1 to Q4"),)),
    Field("Ward Code", "ward_code", checks=(matches_check(r"^[EW]05\d{6}$", "a ward code like E05005146"),)),
    Field("Ward Name", "ward_name"),
    Field("District", "district_name"),
    Field("Condition", "condition", checks=(one_of_check(CONDITIONS, case=False),)),
    Field("Age Group", "age_group", checks=(one_of_check(AGE_GROUPS, case=False),)),
    Field("Admissions", "admissions", checks=(
        matches_check(r"^(\d+|\*)$", "a whole number of admissions, or * for a suppressed count of 1 to 4"),)),
]

COLUMNS = ["fy_start", "quarter", "quarter_start", "quarter_end", "ward_code", "ward_name", "district_name",
           "condition", "age_group", "admissions", "suppressed"]

_KEY = ["fy_start", "quarter", "ward_code", "condition", "age_group"]


def _canonical(series: pd.Series, known: tuple[str, ...]) -> pd.Series:
    return series.str.casefold().map({k.casefold(): k for k in known}).astype("str")


def read_admissions_extract(path: str | Path) -> pd.DataFrame:
    """Read and validate a ward x quarter hospital admissions extract; see the module for the columns."""
    path = Path(path)
    frame = read_csv_file(path, FIELDS)
    frame["fy_start"] = frame["fy_start"].str[:4].astype("int64")
    frame["quarter"] = frame["quarter"].str[1].astype("int64")
    frame["condition"] = _canonical(frame["condition"], CONDITIONS)
    frame["age_group"] = _canonical(frame["age_group"], AGE_GROUPS)
    frame["suppressed"] = frame["admissions"].eq(SUPPRESSED_MARK)
    frame["admissions"] = pd.to_numeric(frame["admissions"].mask(frame["suppressed"])).astype("Int64")

    problems = []
    repeated = frame.duplicated(_KEY, keep=False)
    for row, (year, quarter, ward, condition, age) in zip(rows_of(repeated), frame.loc[repeated, ["fy_start", "quarter", "ward_name", "condition", "age_group"]].itertuples(index=False)):
        problems.append(Problem(
            f"{ward}, {year}/{(year + 1) % 100:02d} Q{quarter}, {condition}, {age}: given on more than one row "
            "(each count once)", row=row))
    names = frame.groupby("ward_code")["ward_name"].nunique()
    for code in names[names > 1].index:
        spelled = sorted(frame.loc[frame["ward_code"] == code, "ward_name"].unique())
        first = rows_of(frame["ward_code"] == code)[0]
        problems.append(Problem(f"ward code {code} has more than one name: {', '.join(spelled)}", row=first, column="Ward Name"))
    if problems:
        raise InputError(path, problems)

    month = 4 + 3 * (frame["quarter"] - 1)
    frame["quarter_start"] = pd.to_datetime(pd.DataFrame({
        "year": frame["fy_start"] + (month > 12), "month": (month - 1) % 12 + 1, "day": 1}))
    frame["quarter_end"] = frame["quarter_start"] + pd.offsets.QuarterEnd(0)
    return frame[COLUMNS].reset_index(drop=True)


__all__ = ["read_admissions_extract", "CONDITIONS", "AGE_GROUPS", "SUPPRESSED_MARK", "SUPPRESSED_RANGE", "COLUMNS"]
