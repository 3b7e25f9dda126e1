"""Change, rates and ranks: the arithmetic every section shares.

Definitions:

* **% change** = (current - previous) / previous x 100, unrounded (the review rounds for display).
* **Rate per 1,000** = count / resident population x 1,000, with the ONS mid-year
  estimate for the 30 June inside the period (``Period.mid_year``).
* **Rank among districts**: 1 = the lowest value (the lowest rate, the smallest change);
  ties share the better rank.  Kent ranks compare the 12 Kent County districts
  (Medway, a unitary authority, is excluded).
"""

from __future__ import annotations

import math

import pandas as pd


def percent_change(current: float, previous: float) -> float:
    """(current - previous) / previous x 100; NaN when there was nothing before."""
    if previous == 0:
        return math.nan
    return (current - previous) / previous * 100


def rate_per_1000(count: float, population: float) -> float:
    """Count per 1,000 residents."""
    if population <= 0:
        raise ValueError(f"population must be positive, got {population}")
    return count / population * 1000


def rank_lowest_first(values: pd.Series) -> pd.Series:
    """Rank values so that 1 is the lowest; ties share the better (smaller) rank."""
    return values.rank(method="min", ascending=True).astype("int64")


def population_in(population: pd.DataFrame, year: int, areas) -> pd.Series:
    """Mid-year population of each named area in ``year`` (indexed by area name).

    ``population`` has columns ``area_name, year, population``; a missing area or year
    is an error naming it, never a silent gap in a rate.
    """
    rows = population[population["year"] == year].drop_duplicates("area_name").set_index("area_name")["population"]
    missing = [a for a in areas if a not in rows.index]
    if missing:
        from cspanalysis.errors import ConfigError

        raise ConfigError(f"no mid-{year} population estimate for: {', '.join(missing)}")
    return rows.loc[list(areas)].astype("int64")


def compare_counts(current: pd.Series, previous: pd.Series) -> pd.DataFrame:
    """One row per category in either period: count, previous count and % change (zero where absent)."""
    table = pd.DataFrame({"count": current, "previous": previous})
    table = table.fillna(0).astype("int64")
    table["change_pct"] = [percent_change(c, p) for c, p in zip(table["count"], table["previous"])]
    return table


def compare_areas(current: pd.Series, previous: pd.Series, population: pd.Series) -> pd.DataFrame:
    """One row per area: count, previous count, % change, rate per 1,000 and both ranks (1 = lowest)."""
    table = compare_counts(current, previous)
    table["population"] = population
    table["rate_per_1000"] = table["count"] / table["population"] * 1000
    table["rate_rank"] = rank_lowest_first(table["rate_per_1000"])
    table["change_rank"] = rank_lowest_first(table["change_pct"])
    return table
