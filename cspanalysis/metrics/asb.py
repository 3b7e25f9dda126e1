"""Anti-social behaviour (ASB) from the police.uk street files: by month, area and ward, and hotspot wards.

Definitions (the review states them):

* An **ASB incident** is a row of the police.uk street files whose crime type is
  "Anti-social behaviour". ASB is not crime: police.uk publishes incidents reported to
  the police, without a crime reference or an outcome, and identical rows are separate
  incidents at one place.
* An incident is counted in the **month** of its file and in the **ward and district**
  of its LSOA (ONS lookup). police.uk moves every incident to a nearby anonymous "snap
  point" before publishing it, so the LSOA is that of the snap point: near a boundary an
  incident can fall in the neighbouring ward.
* Incidents **without a location** (no LSOA) cannot be placed in a district or a ward;
  incidents whose LSOA is not in the lookup (outside the force's districts) cannot
  either. Both are counted separately (``count_unplaced``) and never in a district.
* A **hotspot ward** is a ward whose ASB rose against its own previous year by at least
  ``min_rise_pct`` per cent (20 by default) *and* by at least ``min_rise`` incidents (10
  by default); a ward with no ASB the year before is a hotspot when it rose by at least
  ``min_rise`` incidents. The two tests together keep a quiet ward's rise from 2 to 4
  from counting as a hotspot.
"""

from __future__ import annotations

import pandas as pd

from cspanalysis.metrics.comparison import percent_change
from cspanalysis.offences import ANTI_SOCIAL_BEHAVIOUR
from cspanalysis.periods import Period

#: hotspot rule defaults: a rise of at least 20% and at least 10 incidents
HOTSPOT_MIN_RISE_PCT = 20.0
HOTSPOT_MIN_RISE = 10

_PLACES = ["ward_code", "ward_name", "district_name"]


def select_asb(street: pd.DataFrame) -> pd.DataFrame:
    """The anti-social behaviour rows of the police.uk street table (crime type "Anti-social behaviour")."""
    return street[street["crime_type"] == ANTI_SOCIAL_BEHAVIOUR].reset_index(drop=True)


def place_incidents(asb: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """ASB incidents with the ward and district of their LSOA (ONS lookup); blank where the LSOA is blank or unknown.

    Adds ``ward_code, ward_name, district_name`` and ``placement``: ``placed``,
    ``no location`` (no LSOA in the file) or ``outside the lookup`` (an LSOA the lookup
    does not have). Rows keep their order and number.
    """
    places = lookup[["lsoa_code", *_PLACES]].drop_duplicates("lsoa_code")
    placed = asb.drop(columns=[c for c in _PLACES if c in asb.columns]).merge(places, on="lsoa_code", how="left")
    no_location = placed["lsoa_code"].isna() | (placed["lsoa_code"].astype("str").str.strip() == "")
    unknown = ~no_location & placed["district_name"].isna()
    placed["placement"] = "placed"
    placed.loc[no_location, "placement"] = "no location"
    placed.loc[unknown, "placement"] = "outside the lookup"
    return placed


def count_unplaced(placed: pd.DataFrame, period: Period) -> dict[str, int]:
    """Incidents in ``period`` that cannot be placed in a district: ``{"no location": n, "outside the lookup": m}``."""
    inside = placed[period.contains(placed["month"])]
    counts = inside["placement"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in ("no location", "outside the lookup")}


def count_by_district(placed: pd.DataFrame, period: Period, districts) -> pd.Series:
    """Placed incidents in ``period`` in each of ``districts`` (zero where none)."""
    inside = placed[period.contains(placed["month"]) & (placed["placement"] == "placed")]
    counts = inside.groupby("district_name").size()
    return counts.reindex(list(districts), fill_value=0).astype("int64")


def count_by_month(placed: pd.DataFrame, period: Period, district: str) -> pd.Series:
    """Incidents in ``district`` in each month of ``period`` (zero-filled), indexed by month start."""
    inside = placed[period.contains(placed["month"]) & (placed["district_name"] == district)]
    counts = inside.groupby(inside["month"].dt.to_period("M").dt.to_timestamp()).size()
    return counts.reindex(period.month_starts(), fill_value=0).rename_axis("month").astype("int64")


def count_by_ward(placed: pd.DataFrame, period: Period, district: str, lookup: pd.DataFrame) -> pd.Series:
    """Incidents in ``period`` in each ward of ``district`` (every ward of the lookup, zero where none), by ward name."""
    wards = lookup.loc[lookup["district_name"] == district, ["ward_code", "ward_name"]].drop_duplicates("ward_code")
    inside = placed[period.contains(placed["month"]) & (placed["district_name"] == district)]
    counts = inside.groupby("ward_code").size().reindex(wards["ward_code"], fill_value=0)
    counts.index = pd.Index(wards["ward_name"].to_numpy(), name="ward_name")
    return counts.astype("int64").sort_index()


def find_hotspots(current: pd.Series, previous: pd.Series, *, min_rise_pct: float = HOTSPOT_MIN_RISE_PCT,
                  min_rise: int = HOTSPOT_MIN_RISE) -> pd.DataFrame:
    """Each ward's ASB against its own previous year, with the hotspot test (see the module).

    Returns one row per ward in either series: ``count``, ``previous``, ``rise``
    (count - previous), ``change_pct`` (NaN when previous is 0) and ``hotspot`` (bool),
    sorted with the hotspots first, then by rise (largest first) and ward name.
    """
    table = pd.DataFrame({"count": current, "previous": previous}).fillna(0).astype("int64")
    table["rise"] = table["count"] - table["previous"]
    table["change_pct"] = [percent_change(c, p) for c, p in zip(table["count"], table["previous"])]
    big_enough = table["rise"] >= min_rise
    fast_enough = (table["previous"] == 0) | (table["change_pct"] >= min_rise_pct)
    table["hotspot"] = big_enough & fast_enough
    table = table.rename_axis(table.index.name or "ward_name")
    order = table.assign(_name=table.index).sort_values(["hotspot", "rise", "_name"], ascending=[False, False, True])
    return order.drop(columns="_name")


def describe_hotspot_rule(min_rise_pct: float = HOTSPOT_MIN_RISE_PCT, min_rise: int = HOTSPOT_MIN_RISE) -> str:
    """The hotspot rule in words, for the review."""
    return (f"a hotspot ward is one whose anti-social behaviour rose against its own previous year by at least "
            f"{min_rise_pct:g}% and by at least {min_rise:,} incidents (a ward with none the year before needs "
            f"a rise of {min_rise:,})")


__all__ = [
    "HOTSPOT_MIN_RISE",
    "HOTSPOT_MIN_RISE_PCT",
    "count_by_district",
    "count_by_month",
    "count_by_ward",
    "count_unplaced",
    "describe_hotspot_rule",
    "find_hotspots",
    "place_incidents",
    "select_asb",
]
