"""Domestic abuse (DA) measures: incident counts, their change, and repeat victimisation.

Pure functions on the frame ``cspanalysis.sources.domestic_abuse.read_da_incidents``
returns (columns ``incident_reference``, ``recorded_date``, ``district_name``,
``is_crime``, ``victim_reference``; one row per incident, crimes and non-crime incidents).

Definitions (the review's "About the data" states them):

- **DA incidents in a window**: incidents recorded by police (crimes and non-crime
  incidents) with a recorded date in the window, in the district.
- **% change**: (this window - previous window) / previous window x 100.
- **Repeat incident**: an incident whose victim had another DA incident anywhere in the
  force area in the 12 months (365 days) before it: the victim's previous incident was
  recorded 0 to 365 days earlier.  A victim's incidents are put in order by recorded date,
  then incident reference, so of two incidents on one day the second is a repeat.
  Incidents before the start of the extract are not seen: pass at least 12 months of
  history before the first window measured.
- **Repeat victims in a window**: distinct victims with at least one repeat incident
  recorded in the district in the window.
- **Share of DA crimes that are repeats**: repeat incidents that are crimes / all DA
  crimes, in the district in the window, x 100 (non-crime incidents left out of both).
- **Repeat rate**: repeat incidents / all DA incidents, in the district in the window, x 100.
- **Kent district average repeat rate**: the unweighted mean of the districts' repeat
  rates (for Kent, the 12 Kent County districts: Medway, a unitary authority, excluded).

Windows are closed ranges of days: anything with ``.start`` and ``.end`` (a
``cspanalysis.periods.Period``) or a pair ``(start, end)`` of dates, both included.
The repeat measures use an ``is_repeat`` column when the frame has one (from
``flag_repeat_incidents`` on the force-wide extract); otherwise they flag the frame
given, which must then be the force-wide extract, not one district's rows.
Percentages are returned unrounded; ``nan`` when the denominator is 0.  A district
name the extract does not hold (a typo, another force's district) is a ``ConfigError``
listing the districts it does hold, rather than a silent 0.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from cspanalysis.errors import ConfigError

#: the longest gap, in days, between a victim's incidents for the later one to be a repeat
REPEAT_WINDOW_DAYS = 365


def window_bounds(window) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of a window given as a Period-like object or a (start, end) pair."""
    if hasattr(window, "start") and hasattr(window, "end"):
        start, end = window.start, window.end
    elif isinstance(window, str):
        raise ConfigError(f"{window!r} is not a window: expected a period or a (start, end) pair of dates")
    else:
        try:
            start, end = window
        except (TypeError, ValueError):
            raise ConfigError(f"{window!r} is not a window: expected a period or a (start, end) pair of dates") from None
    try:
        start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    except (TypeError, ValueError):
        raise ConfigError(f"window {window!r}: start and end must be dates") from None
    if end < start:
        raise ConfigError(f"window {window!r} ends before it starts")
    return start, end


def _label(window) -> str:
    label = getattr(window, "label", None)
    if label:
        return str(label)
    start, end = window_bounds(window)
    return f"{start:%Y-%m-%d}..{end:%Y-%m-%d}"


def _in_window(incidents: pd.DataFrame, window) -> pd.Series:
    start, end = window_bounds(window)
    days = incidents["recorded_date"].dt.normalize()
    return (days >= start) & (days <= end)


def _in_district(incidents: pd.DataFrame, district: str) -> pd.Series:
    known = incidents["district_name"].unique()
    if district not in set(known):
        listed = ", ".join(sorted(str(d) for d in known))
        raise ConfigError(f"district {district!r} is not in the DA incidents extract; it holds: {listed}")
    return incidents["district_name"].eq(district)


def _repeat_flags(incidents: pd.DataFrame) -> pd.Series:
    if "is_repeat" in incidents.columns:
        return incidents["is_repeat"].astype(bool)
    return flag_repeat_incidents(incidents)


def _percent(part: int, whole: int) -> float:
    return float("nan") if whole == 0 else 100.0 * part / whole


def count_incidents(incidents: pd.DataFrame, district: str, window) -> int:
    """DA incidents (crimes and non-crime incidents) recorded in the district in the window."""
    return int((_in_district(incidents, district) & _in_window(incidents, window)).sum())


def percent_change(current: float, previous: float) -> float:
    """(current - previous) / previous x 100; nan when previous is 0."""
    return float("nan") if previous == 0 else 100.0 * (current - previous) / previous


def count_incidents_by_window(incidents: pd.DataFrame, district: str, windows: Iterable) -> pd.DataFrame:
    """DA incidents in each window, oldest first, with the % change on the window before.

    Returns one row per window: ``window`` (its label), ``start``, ``end``, ``incidents``
    and ``change_pct`` (nan for the first window).  Three years give two changes.
    """
    rows = []
    for window in windows:
        start, end = window_bounds(window)
        rows.append({"window": _label(window), "start": start, "end": end,
                     "incidents": count_incidents(incidents, district, window)})
    table = pd.DataFrame(rows, columns=["window", "start", "end", "incidents"])
    previous = table["incidents"].shift(1)
    table["change_pct"] = [
        float("nan") if pd.isna(p) else percent_change(c, p) for c, p in zip(table["incidents"], previous)
    ]
    return table


def flag_repeat_incidents(incidents: pd.DataFrame) -> pd.Series:
    """True for each incident whose victim had another DA incident in the 365 days before it.

    Force-wide: the victim's earlier incident may be in any district.  A victim's
    incidents are ordered by recorded date, then incident reference; an incident is a
    repeat when the victim's previous incident was recorded 0 to 365 days earlier.
    Returns a boolean Series named ``is_repeat`` on the frame's index.
    """
    ordered = incidents[["victim_reference", "recorded_date", "incident_reference"]].sort_values(
        ["victim_reference", "recorded_date", "incident_reference"], kind="stable"
    )
    days = ordered["recorded_date"].dt.normalize()
    same_victim = ordered["victim_reference"].eq(ordered["victim_reference"].shift(1))
    gap = (days - days.shift(1)).dt.days
    repeat = same_victim & gap.le(REPEAT_WINDOW_DAYS).fillna(False)
    return repeat.reindex(incidents.index).astype(bool).rename("is_repeat")


def count_repeat_victims(incidents: pd.DataFrame, district: str, window) -> int:
    """Distinct victims with at least one repeat incident recorded in the district in the window."""
    chosen = _in_district(incidents, district) & _in_window(incidents, window) & _repeat_flags(incidents)
    return int(incidents.loc[chosen, "victim_reference"].nunique())


def measure_repeat_crime_share(incidents: pd.DataFrame, district: str, window) -> float:
    """% of the DA crimes in the district in the window that are repeat incidents (non-crimes left out)."""
    crimes = _in_district(incidents, district) & _in_window(incidents, window) & incidents["is_crime"].astype(bool)
    return _percent(int((crimes & _repeat_flags(incidents)).sum()), int(crimes.sum()))


def measure_repeat_rate(incidents: pd.DataFrame, district: str, window) -> float:
    """% of the DA incidents in the district in the window that are repeat incidents."""
    chosen = _in_district(incidents, district) & _in_window(incidents, window)
    return _percent(int((chosen & _repeat_flags(incidents)).sum()), int(chosen.sum()))


def measure_repeat_rates(incidents: pd.DataFrame, window, districts: Iterable[str] | None = None) -> pd.DataFrame:
    """Repeat rate of each district in the window: ``district_name``, ``incidents``, ``repeats``, ``repeat_rate_pct``.

    ``districts`` chooses and orders the districts (default: every district in the
    extract, by name); a named district not in the extract is a ``ConfigError``.
    """
    flags = _repeat_flags(incidents)
    inside = _in_window(incidents, window)
    names = sorted(incidents["district_name"].unique()) if districts is None else list(districts)
    rows = []
    for name in names:
        chosen = _in_district(incidents, name) & inside
        total, repeats = int(chosen.sum()), int((chosen & flags).sum())
        rows.append({"district_name": name, "incidents": total, "repeats": repeats,
                     "repeat_rate_pct": _percent(repeats, total)})
    return pd.DataFrame(rows, columns=["district_name", "incidents", "repeats", "repeat_rate_pct"])


def average_repeat_rate(incidents: pd.DataFrame, window, districts: Iterable[str]) -> float:
    """Unweighted mean of the named districts' repeat rates in the window (Kent: the 12 Kent County districts).

    Districts with no incident in the window have no rate and are left out of the mean.
    """
    districts = list(districts)
    if not districts:
        raise ConfigError("average_repeat_rate needs at least one district")
    rates = measure_repeat_rates(incidents, window, districts)["repeat_rate_pct"]
    return float(np.nanmean(rates)) if rates.notna().any() else float("nan")


__all__ = [
    "REPEAT_WINDOW_DAYS",
    "window_bounds",
    "count_incidents",
    "percent_change",
    "count_incidents_by_window",
    "flag_repeat_incidents",
    "count_repeat_victims",
    "measure_repeat_crime_share",
    "measure_repeat_rate",
    "measure_repeat_rates",
    "average_repeat_rate",
]
