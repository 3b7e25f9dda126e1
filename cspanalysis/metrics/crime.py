"""Counting police recorded crime: by period, area, month, group and ward.

A crime is counted in a period by its **recorded date** (police recorded crime
statistics count crimes when they are recorded, not when they happened) and in an
area by the **district** and **ward** the force recorded it in.  Anti-social
behaviour is not crime and is not in the crime extract.
"""

from __future__ import annotations

import pandas as pd

from cspanalysis.offences import VIOLENT_CRIME_GROUPS
from cspanalysis.periods import Period


def in_period(crimes: pd.DataFrame, period: Period, column: str = "recorded_date") -> pd.DataFrame:
    """The crimes recorded inside ``period``."""
    return crimes[period.contains(crimes[column])]


def count_by(crimes: pd.DataFrame, period: Period, by: str | list[str], column: str = "recorded_date") -> pd.Series:
    """Crimes recorded in ``period`` counted by one or more columns."""
    return in_period(crimes, period, column).groupby(by, observed=True).size()


def count_by_district(crimes: pd.DataFrame, period: Period, districts) -> pd.Series:
    """Crimes recorded in ``period`` in each of ``districts`` (zero where none)."""
    counts = count_by(crimes, period, "district_name")
    return counts.reindex(list(districts), fill_value=0).astype("int64")


def monthly_counts(crimes: pd.DataFrame, period: Period) -> pd.Series:
    """Crimes recorded in each calendar month of ``period`` (zero-filled), indexed by month start."""
    selected = in_period(crimes, period)
    counts = selected.groupby(selected["recorded_date"].dt.to_period("M").dt.to_timestamp()).size()
    return counts.reindex(period.month_starts(), fill_value=0).rename_axis("month").astype("int64")


def is_violent_crime(crimes: pd.DataFrame) -> pd.Series:
    """Violent crime = violence against the person + robbery + sexual offences (Home Office groups)."""
    return crimes["offence_group"].isin(VIOLENT_CRIME_GROUPS)
