"""Partner activity for the financial year to date, from the tidy partner returns.

Definitions (the review's "About the data" states them):

- The *financial year to date* through a quarter (``2016/17 Q3``) is Q1 of that financial
  year up to and including that quarter (April to December 2016).
- How a measure's quarters add up is the registry's ``aggregate`` (a column of the
  returns): ``sum`` adds the quarters (counts of events: referrals, letters sent);
  ``last`` takes the value at the end of the latest quarter with a return (stocks: young
  people in active treatment, exclusions in force); ``max`` and ``min`` take the highest
  and lowest quarterly value (the busiest and quietest evening).
- Without a breakdown, a quarter's value is the sum of the measure's rows in that quarter
  (its breakdown rows, or its total row). With a breakdown, each breakdown value is
  aggregated on its own; for ``last`` measures only the latest quarter's rows count.
- ``quarters_reported`` says how many quarters of the window had a return for the measure,
  so an incomplete year to date can be seen.

Functions take the frame ``cspanalysis.sources.partner_returns.read_partner_returns``
returns and the agency and measure ids of the registry; they never read files.
"""

from __future__ import annotations

import pandas as pd

from cspanalysis.errors import ConfigError
from cspanalysis.sources.partner_returns import FinancialQuarter, parse_quarter

_KEYS = ["agency", "measure"]


def select_year_to_date(returns: pd.DataFrame, through: str) -> pd.DataFrame:
    """The rows of the financial year to date: Q1 to ``through`` (``2016/17 Q3``) of that year."""
    last = parse_quarter(through)
    keep = (returns["fy_start"] == last.year) & (returns["quarter"] <= last.number)
    return returns.loc[keep]


def aggregate_year_to_date(returns: pd.DataFrame, through: str, *, by_breakdown: bool = False) -> pd.DataFrame:
    """Each measure's value for the financial year to date, by the measure's aggregate rule.

    Returns one row per agency and measure (and breakdown value, with ``by_breakdown``;
    a missing breakdown is the measure's total row) with columns ``agency``, ``measure``,
    [``breakdown``], ``aggregate``, ``value``, ``quarters_reported`` (quarters in the
    window with a return for the measure) and ``latest_period`` (the latest of them),
    sorted by agency, measure and breakdown.
    """
    window = select_year_to_date(returns, through)
    columns = _KEYS + (["breakdown"] if by_breakdown else []) + ["aggregate", "value", "quarters_reported", "latest_period"]
    if window.empty:
        return pd.DataFrame(columns=columns)

    reported = window.groupby(_KEYS, sort=False).agg(
        quarters_reported=("quarter", "nunique"), latest_quarter=("quarter", "max"), latest_period=("period", "max"),
        aggregate=("aggregate", "first"),
    ).reset_index()
    keys = _KEYS + (["breakdown"] if by_breakdown else [])
    quarterly = window.groupby(keys + ["quarter"], dropna=False, sort=False)["value"].sum().reset_index()
    quarterly = quarterly.merge(reported[_KEYS + ["aggregate", "latest_quarter"]], on=_KEYS)

    parts = []
    for rule, rows in quarterly.groupby("aggregate", sort=True):
        if rule == "last":
            rows = rows[rows["quarter"] == rows["latest_quarter"]]
            how = "sum"
        else:
            how = rule
        parts.append(rows.groupby(keys, dropna=False, sort=False)["value"].agg(how).reset_index())
    result = pd.concat(parts, ignore_index=True).merge(reported.drop(columns="latest_quarter"), on=_KEYS)
    result["value"] = result["value"].astype("int64")
    result["quarters_reported"] = result["quarters_reported"].astype("int64")
    result = result.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)
    return result[columns]


def value_year_to_date(
    returns: pd.DataFrame, agency: str, measure: str, through: str, *, breakdown: str | None = None
) -> int | None:
    """One measure's financial year to date value, for one breakdown value if given.

    ``breakdown`` is matched case-insensitively; a breakdown value with no row while the
    measure has returns in the window is 0 (nothing happened there). None when the
    measure has no return at all in the window.
    """
    rows = _measure_rows(returns, agency, measure)
    if select_year_to_date(rows, through).empty:
        return None
    if breakdown is None:
        table = aggregate_year_to_date(rows, through)
        return int(table["value"].iloc[0])
    table = aggregate_year_to_date(rows, through, by_breakdown=True)
    wanted = " ".join(breakdown.split()).casefold()
    match = table[table["breakdown"].fillna("").str.casefold() == wanted]
    return int(match["value"].sum())


def count_breakdown_values(returns: pd.DataFrame, agency: str, measure: str, through: str) -> int:
    """Distinct breakdown values with a value above 0 in the financial year to date.

    For example the wards, parishes and towns that held a Speed Watch event
    (``count_breakdown_values(returns, "speed_watch", "events", "2016/17 Q3")``).
    Rows without a breakdown (totals) are not counted; values are compared
    case-insensitively.
    """
    rows = _measure_rows(returns, agency, measure)
    table = aggregate_year_to_date(rows, through, by_breakdown=True)
    named = table[table["breakdown"].notna() & (table["value"] > 0)]
    return int(named["breakdown"].str.casefold().nunique())


def _measure_rows(returns: pd.DataFrame, agency: str, measure: str) -> pd.DataFrame:
    return returns[(returns["agency"] == agency) & (returns["measure"] == measure)]


def year_to_date_through(period) -> str:
    """The last quarter of a financial year to date period, as ``through`` takes it (``2016/17 Q3``).

    ``period`` (a ``cspanalysis.periods.Period`` such as ``2016/17 Q1-Q3``) must run from
    1 April to the last day of a quarter of the same financial year; anything else is a
    ``ConfigError``, since the returns can only be added up by whole quarters from Q1.
    """
    start, end = pd.Timestamp(period.start).normalize(), pd.Timestamp(period.end).normalize()
    first_year = end.year if end.month >= 4 else end.year - 1
    quarter_end = end == end + pd.offsets.MonthEnd(0) and end.month in (3, 6, 9, 12)
    if start != pd.Timestamp(year=first_year, month=4, day=1) or not quarter_end:
        raise ConfigError(
            f"period {getattr(period, 'label', period)!r} is not a financial year to date: it must run from "
            "1 April to the end of a quarter of the same financial year (like 2016/17 Q1-Q3)"
        )
    return FinancialQuarter(first_year, (end.month - 4) % 12 // 3 + 1).label


def tabulate_section_activity(
    returns: pd.DataFrame, registry, section: str, through: str, *, breakdowns: tuple[str, ...] = ("risk_level",)
) -> pd.DataFrame:
    """Every registry measure of a review section with its financial year to date value: the activity table.

    One row per measure, in registry order, with ``agency`` and ``measure`` (ids),
    ``agency_name`` (the agency's short name), ``label``, ``unit``, ``breakdown`` (empty
    on a measure's total row), ``value`` and ``quarters_reported`` (quarters of the window
    with a return for the measure, on its breakdown rows too). A measure whose
    breakdown kind is in ``breakdowns`` (by default the DAVSS risk levels) is followed by
    one row per breakdown value with a return, in the registry's order of values; other
    breakdowns (locations, types) are added into the total only, so small counts by
    place are not listed. A measure with no return in the window has no value (``<NA>``)
    and 0 quarters reported, so a missing return shows rather than disappearing.
    """
    window = select_year_to_date(returns, through)
    rows = []
    for measure in registry.list_measures(section):
        agency = registry.get_agency(measure.agency)
        base = {"agency": agency.id, "measure": measure.id, "agency_name": agency.short_name,
                "label": measure.label, "unit": measure.unit}
        chosen = _measure_rows(window, agency.id, measure.id)
        if chosen.empty:
            rows.append({**base, "breakdown": "", "value": pd.NA, "quarters_reported": 0})
            continue
        total = aggregate_year_to_date(chosen, through).iloc[0]
        rows.append({**base, "breakdown": "", "value": int(total["value"]),
                     "quarters_reported": int(total["quarters_reported"])})
        if measure.breakdown not in breakdowns:
            continue
        parts = aggregate_year_to_date(chosen, through, by_breakdown=True)
        parts = parts[parts["breakdown"].notna()]
        known = [v.casefold() for v in (registry.breakdowns[measure.breakdown].values or ())]
        order = parts["breakdown"].map(lambda v: known.index(v.casefold()) if v.casefold() in known else len(known))
        for _, part in parts.assign(_order=order).sort_values(["_order", "breakdown"], kind="stable").iterrows():
            rows.append({**base, "breakdown": part["breakdown"], "value": int(part["value"]),
                         "quarters_reported": int(part["quarters_reported"])})
    columns = ["agency", "measure", "agency_name", "label", "unit", "breakdown", "value", "quarters_reported"]
    table = pd.DataFrame(rows, columns=columns)
    table["value"] = table["value"].astype("Int64")
    table["quarters_reported"] = table["quarters_reported"].astype("int64")
    return table


__all__ = [
    "select_year_to_date",
    "aggregate_year_to_date",
    "value_year_to_date",
    "count_breakdown_values",
    "year_to_date_through",
    "tabulate_section_activity",
]
