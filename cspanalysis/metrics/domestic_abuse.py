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
- **Kent district average change**: the unweighted mean of the districts' % changes in
  DA incidents on the window before (each district counts once, whatever its size).
- **Priority rule** (the plan's recommendation): domestic abuse stays a priority when
  the district's % change in DA incidents is above the Kent district average change, or
  its latest repeat rate is above the Kent district average repeat rate; both are
  compared unrounded.

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


def count_incidents_by_month(incidents: pd.DataFrame, district: str, window) -> pd.Series:
    """DA incidents recorded in the district in each calendar month of the window, zero-filled.

    Indexed by the first day of each month (``month``); a window that starts or ends
    inside a month counts only its own days of that month.
    """
    start, end = window_bounds(window)
    chosen = incidents.loc[_in_district(incidents, district) & _in_window(incidents, window), "recorded_date"]
    counts = chosen.groupby(chosen.dt.to_period("M").dt.to_timestamp()).size()
    months = pd.date_range(start.to_period("M").to_timestamp(), end, freq="MS")
    return counts.reindex(months, fill_value=0).rename_axis("month").rename("incidents").astype("int64")


def count_incidents_by_ward(incidents: pd.DataFrame, district: str, window, wards: Iterable[str] | None = None) -> pd.DataFrame:
    """DA incidents and repeat incidents recorded in each ward of the district in the window.

    Returns one row per ward (index ``ward_name``) with ``incidents`` and ``repeats``.
    ``wards`` lists the district's wards (from the ONS lookup) in the order wanted, so a
    ward without an incident shows 0; a ward the extract names that is not in the list
    is kept after them, so the rows always add up to the district's incidents.  Repeats
    follow ``flag_repeat_incidents`` (force-wide).
    """
    chosen = _in_district(incidents, district) & _in_window(incidents, window)
    flags = _repeat_flags(incidents)
    table = pd.DataFrame({
        "incidents": incidents.loc[chosen].groupby("ward_name").size(),
        "repeats": incidents.loc[chosen & flags].groupby("ward_name").size(),
    })
    listed = [] if wards is None else list(dict.fromkeys(wards))
    order = listed + sorted(w for w in table.index if w not in set(listed))
    return table.reindex(order).fillna(0).astype("int64").rename_axis("ward_name")


def compare_incidents_by_ward(incidents: pd.DataFrame, district: str, window, previous,
                              wards: Iterable[str] | None = None, total_label: str | None = None) -> pd.DataFrame:
    """DA incidents by ward in the window and the window before, with the % change and the window's repeats.

    Returns one row per ward (index ``ward_name``, wards as ``count_incidents_by_ward``
    orders them) with ``previous``, ``incidents``, ``change_pct`` (nan when the ward had
    none before) and ``repeats`` (repeat incidents in the window).  With ``total_label``
    a last row of that name holds the district's totals, so a published table can
    declare it for secondary suppression.  These are small counts of criminal-offence
    data: publish them only through ``cspanalysis.disclosure``.
    """
    now = count_incidents_by_ward(incidents, district, window, wards)
    before = count_incidents_by_ward(incidents, district, previous, wards)
    order = list(now.index) + [w for w in before.index if w not in set(now.index)]
    table = pd.DataFrame({
        "previous": before["incidents"].reindex(order, fill_value=0),
        "incidents": now["incidents"].reindex(order, fill_value=0),
        "repeats": now["repeats"].reindex(order, fill_value=0),
    }).astype("int64")
    if total_label is not None:
        if total_label in table.index:
            raise ConfigError(f"total_label {total_label!r} is also the name of a ward: choose another label")
        table.loc[total_label] = table.sum()
    table["change_pct"] = [percent_change(c, p) for c, p in zip(table["incidents"], table["previous"])]
    return table[["previous", "incidents", "change_pct", "repeats"]].rename_axis("ward_name")


def compare_repeat_rates(incidents: pd.DataFrame, district: str, windows: Iterable, districts: Iterable[str]) -> pd.DataFrame:
    """The district's repeat rate and the districts' average repeat rate in each window, oldest first.

    Returns one row per window: ``window`` (its label), ``start``, ``end``, ``incidents``
    and ``repeats`` (the district's), ``repeat_rate_pct`` and ``average_repeat_rate_pct``
    (``average_repeat_rate`` of ``districts``, for Kent the 12 Kent County districts).
    """
    districts = list(districts)
    rows = []
    for window in windows:
        start, end = window_bounds(window)
        chosen = _in_district(incidents, district) & _in_window(incidents, window)
        total, repeats = int(chosen.sum()), int((chosen & _repeat_flags(incidents)).sum())
        rows.append({"window": _label(window), "start": start, "end": end, "incidents": total, "repeats": repeats,
                     "repeat_rate_pct": _percent(repeats, total),
                     "average_repeat_rate_pct": average_repeat_rate(incidents, window, districts)})
    return pd.DataFrame(rows, columns=["window", "start", "end", "incidents", "repeats", "repeat_rate_pct",
                                       "average_repeat_rate_pct"])


def count_incidents_by_district(incidents: pd.DataFrame, window, previous, districts: Iterable[str]) -> pd.DataFrame:
    """DA incidents of each district in the window and the window before, with the % change.

    Returns ``district_name``, ``previous``, ``incidents`` and ``change_pct`` (nan when the
    district had none before), one row per named district in the order given.
    """
    rows = []
    for name in districts:
        now, before = count_incidents(incidents, name, window), count_incidents(incidents, name, previous)
        rows.append({"district_name": name, "previous": before, "incidents": now,
                     "change_pct": percent_change(now, before)})
    return pd.DataFrame(rows, columns=["district_name", "previous", "incidents", "change_pct"])


def average_incident_change(incidents: pd.DataFrame, window, previous, districts: Iterable[str]) -> float:
    """Unweighted mean of the named districts' % changes in DA incidents (the Kent district average change).

    Districts with no incident in the window before have no change and are left out.
    """
    districts = list(districts)
    if not districts:
        raise ConfigError("average_incident_change needs at least one district")
    changes = count_incidents_by_district(incidents, window, previous, districts)["change_pct"]
    return float(np.nanmean(changes)) if changes.notna().any() else float("nan")


def judge_priority(change_pct: float, average_change_pct: float, repeat_rate_pct: float,
                   average_repeat_rate_pct: float) -> dict[str, bool]:
    """The plan's rule for keeping domestic abuse a priority, applied to the figures.

    Domestic abuse stays a priority when the district's % change in DA incidents is above
    the Kent district average change (``rise_above_average``) or its latest repeat rate is
    above the Kent district average repeat rate (``repeat_rate_above_average``).  Values
    are compared unrounded; a missing value (nan) never counts as above.  Returns both
    tests and ``priority`` (either holds).
    """
    rise = bool(change_pct > average_change_pct)  # False when either is nan
    repeat = bool(repeat_rate_pct > average_repeat_rate_pct)
    return {"rise_above_average": rise, "repeat_rate_above_average": repeat, "priority": rise or repeat}


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
    "count_incidents_by_month",
    "count_incidents_by_ward",
    "compare_incidents_by_ward",
    "compare_repeat_rates",
    "count_incidents_by_district",
    "average_incident_change",
    "judge_priority",
]
