"""Road casualty measures from the canonical STATS19 casualty table: severity, KSI, children, change, baseline.

Pure functions: the casualty table of ``cspanalysis.sources.stats19.read_stats19`` in, a
frame or a series out.  Definitions used throughout, as DfT and Kent County Council use them:

- **casualty**: a person killed or injured in a reported road collision (STATS19), counted
  once, in the calendar year of the collision and in the district where the collision
  happened (the collision's local authority district), not where the casualty lives;
- **KSI** (killed or seriously injured): casualty severity fatal (1) or serious (2);
  **slight**: casualty severity slight (3); every casualty is one of the two;
- **child**: aged 0-15 at the collision; when the age is not recorded, a casualty whose
  age band is 0-5, 6-10 or 11-15 (a casualty with neither is not a child);
- a **district** is given as its ONS code (``"E07000116"``) or DfT's local authority
  number (``543`` or ``"543"``), or a list of them; the **12 Kent districts** are those of
  Kent County Council (``KENT_COUNTY_DISTRICTS``; Medway, a unitary authority, is not one).

Caveat for the notes: from late 2015 police forces moved to injury-based recording (CRASH),
which records more injuries as serious than the officer's judgement did before, so
serious-injury counts before and after a force's change are not like for like.  DfT
publishes adjusted figures (``adjusted_serious``/``adjusted_slight`` in 2024+ files); the
counts here are the recorded severities, and ``count_adjusted_serious`` gives DfT's adjusted
estimate where the files carry it.

Districts named in a review config are turned into ONS codes with ``find_district_codes``
(the ONS lookup); ``relate_to_baseline`` states where a baseline lies among yearly counts
(``423<b<=482``: this year's 423 is below the baseline, last year's 482 is not).
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from cspanalysis.errors import ConfigError
from cspanalysis.sources.stats19 import CHILD_AGE_BANDS, KENT_COUNTY_DISTRICTS

FATAL, SERIOUS, SLIGHT = 1, 2, 3

#: DfT casualty type code -> road user group (the groups of DfT's reported road casualty tables)
ROAD_USER_GROUPS: dict[int, str] = {
    0: "Pedestrian",
    1: "Pedal cyclist",
    **{code: "Motorcyclist" for code in (2, 3, 4, 5, 23, 97, 103, 104, 105, 106)},
    **{code: "Car occupant" for code in (8, 9, 108, 109)},
    **{code: "Bus, coach or minibus occupant" for code in (10, 11, 110)},
    **{code: "Goods vehicle occupant" for code in (19, 20, 21, 98, 113)},
    **{code: "Other road user" for code in (16, 17, 18, 22, 90, 99)},
}

#: road user groups in the order tables show them; casualties of unknown type are "Other road user"
ROAD_USERS = (
    "Pedestrian",
    "Pedal cyclist",
    "Motorcyclist",
    "Car occupant",
    "Bus, coach or minibus occupant",
    "Goods vehicle occupant",
    "Other road user",
)

#: ward shown for collisions whose LSOA is not recorded or not in the lookup
UNKNOWN_WARD = "Location not known"

District = str | int


def select_districts(casualties: pd.DataFrame, districts: District | Iterable[District]) -> pd.DataFrame:
    """The casualties of collisions in the given district(s): ONS codes or DfT local authority numbers."""
    if isinstance(districts, (str, int)):
        districts = [districts]
    codes, numbers = set(), set()
    for district in districts:
        text = str(district).strip()
        if re.fullmatch(r"\d+", text):
            numbers.add(int(text))
        elif re.fullmatch(r"[A-Z]\d{8}", text):
            codes.add(text)
        else:
            raise ConfigError(
                f"district {district!r} is neither an ONS district code like E07000116 "
                "nor a DfT local authority number like 543"
            )
    if not codes and not numbers:
        raise ConfigError("no district given: expected an ONS district code or a DfT local authority number")
    mask = casualties["district_code"].isin(codes) | casualties["district_number"].isin(numbers).fillna(False)
    return casualties[mask.astype(bool)]


def is_ksi(casualties: pd.DataFrame) -> pd.Series:
    """Whether each casualty was killed or seriously injured (severity fatal or serious)."""
    return casualties["casualty_severity"].isin([FATAL, SERIOUS]).astype(bool)


def is_child(casualties: pd.DataFrame) -> pd.Series:
    """Whether each casualty was a child: aged 0-15, or, when the age is missing, in an age band up to 11-15."""
    age = casualties["age"]
    by_age = (age >= 0) & (age <= 15)
    by_band = casualties["age_band"].isin(CHILD_AGE_BANDS).astype(bool)
    return by_age.fillna(by_band).astype(bool)


def count_casualties_by_year(casualties: pd.DataFrame, districts: District | Iterable[District]) -> pd.DataFrame:
    """Casualties in the district(s) per calendar year, by severity and for children.

    One row per year that the casualty table covers (a year with any casualty anywhere
    in it), so a year without casualties in the district shows zeros.  Columns:
    ``total``; ``fatal``, ``serious``, ``slight`` (casualty severity); ``ksi`` (fatal or
    serious); ``child_total``, ``child_ksi``, ``child_slight`` (casualties aged 0-15,
    see ``is_child``).
    """
    years = sorted(int(year) for year in casualties["year"].unique())
    chosen = select_districts(casualties, districts)
    severity = chosen["casualty_severity"]
    ksi = is_ksi(chosen)
    child = is_child(chosen)
    slight = severity.eq(SLIGHT).astype(bool)
    flags = pd.DataFrame(
        {
            "total": True,
            "fatal": severity.eq(FATAL).astype(bool),
            "serious": severity.eq(SERIOUS).astype(bool),
            "slight": slight,
            "ksi": ksi,
            "child_total": child,
            "child_ksi": child & ksi,
            "child_slight": child & slight,
        },
        index=chosen.index,
    )
    counts = flags.groupby(chosen["year"].astype("int64")).sum()
    counts = counts.reindex(years, fill_value=0).astype("int64")
    counts.index.name = "year"
    return counts


def count_kent_casualties_by_year(casualties: pd.DataFrame) -> pd.DataFrame:
    """``count_casualties_by_year`` for the 12 Kent County districts together (Medway not included)."""
    return count_casualties_by_year(casualties, sorted(KENT_COUNTY_DISTRICTS))


def change_year_on_year(counts: pd.Series) -> pd.DataFrame:
    """Each year's count against the year before: ``count``, ``previous``, ``change``, ``change_pct``.

    ``change`` is count minus the previous calendar year's count; ``change_pct`` is that
    change as a percentage of the previous count (not rounded).  Both are missing for a
    year whose previous year is not in ``counts``, and ``change_pct`` when the previous
    count is 0.
    """
    counts = counts.astype("int64")
    previous = counts.reindex(counts.index - 1)
    previous.index = counts.index
    change = counts - previous
    out = pd.DataFrame(
        {
            "count": counts,
            "previous": previous.astype("Int64"),
            "change": change.astype("Int64"),
        }
    )
    nonzero = out["previous"].where(out["previous"] != 0)
    out["change_pct"] = (out["change"].astype("Float64") * 100 / nonzero).astype("Float64")
    return out


def average_baseline(counts: pd.DataFrame, first: int = 2004, last: int = 2008) -> pd.Series:
    """The mean yearly count of each column of a yearly table over ``first``..``last`` inclusive.

    With ``count_casualties_by_year`` this gives the 2004-2008 baseline Kent County
    Council measures against: mean yearly casualties (``total``), child KSI
    (``child_ksi``) and child slight casualties (``child_slight``), not rounded.  Every
    year of the baseline must be in the table: a year the data do not cover would
    silently lower the mean, so it is a ``ConfigError``.
    """
    if first > last:
        raise ConfigError(f"the baseline runs from {first} to {last}: its first year is after its last")
    wanted = range(first, last + 1)
    missing = [year for year in wanted if year not in counts.index]
    if missing:
        raise ConfigError(
            f"the baseline {first}-{last} needs every year, but the STATS19 data do not cover "
            + ", ".join(str(year) for year in missing)
            + ": add the files for those years or change the baseline in the review config"
        )
    return counts.loc[list(wanted)].mean()


def count_casualties_by_road_user(
    casualties: pd.DataFrame, districts: District | Iterable[District], year: int
) -> pd.DataFrame:
    """Casualties in the district(s) in a calendar year by road user group (``ROAD_USER_GROUPS``).

    One row per group in ``ROAD_USERS`` order (zeros included); columns ``total``,
    ``ksi`` and ``slight``.  A casualty whose type is not recorded is an "Other road user".
    """
    chosen = select_districts(casualties, districts)
    chosen = chosen[chosen["year"] == year]
    group = chosen["casualty_type"].map(ROAD_USER_GROUPS, na_action="ignore").astype("str").fillna("Other road user")
    ksi = is_ksi(chosen)
    flags = pd.DataFrame({"total": True, "ksi": ksi, "slight": ~ksi}, index=chosen.index)
    counts = flags.groupby(group).sum().reindex(list(ROAD_USERS), fill_value=0).astype("int64")
    counts.index.name = "road_user"
    return counts


def count_casualties_by_ward(
    casualties: pd.DataFrame,
    lookup: pd.DataFrame,
    districts: District | Iterable[District],
    year: int,
) -> pd.DataFrame:
    """Casualties in the district(s) in a calendar year by the ward where the collision happened.

    The ward is found from the LSOA of the collision with ``lookup`` (columns
    ``lsoa_code`` and ``ward_name``, one row per LSOA, such as the ONS lookup).
    Collisions without an LSOA, or with one the lookup does not hold, are counted under
    ``UNKNOWN_WARD``, last.  Columns ``total``, ``ksi``, ``slight`` and ``child_total``
    (children, for disclosure control of the published table); wards with most
    casualties first, then by name.  Wards without casualties are not listed.
    """
    missing = [column for column in ("lsoa_code", "ward_name") if column not in lookup.columns]
    if missing:
        raise ConfigError(f"the LSOA lookup has no column {', '.join(missing)}: expected lsoa_code and ward_name")
    if lookup["lsoa_code"].duplicated().any():
        raise ConfigError("the LSOA lookup lists an LSOA more than once: each LSOA belongs to one ward")
    chosen = select_districts(casualties, districts)
    chosen = chosen[chosen["year"] == year]
    wards = chosen["lsoa_code"].map(lookup.set_index("lsoa_code")["ward_name"], na_action="ignore")
    wards = wards.astype("str").fillna(UNKNOWN_WARD)
    ksi = is_ksi(chosen)
    flags = pd.DataFrame(
        {"total": True, "ksi": ksi, "slight": ~ksi, "child_total": is_child(chosen)}, index=chosen.index
    )
    counts = flags.groupby(wards).sum().astype("int64")
    counts.index.name = "ward_name"
    known = counts.drop(index=UNKNOWN_WARD, errors="ignore")
    known = known.reset_index().sort_values(["total", "ward_name"], ascending=[False, True]).set_index("ward_name")
    return pd.concat([known, counts.loc[[UNKNOWN_WARD]]]) if UNKNOWN_WARD in counts.index else known


def find_district_codes(lookup: pd.DataFrame, names: Iterable[str]) -> dict[str, str]:
    """The ONS code of each named district, from the LSOA lookup, so districts named in a config can be selected.

    ``lookup`` has columns ``district_name`` and ``district_code`` (the ONS lookup); names
    match exactly, as the config and the lookup write them.  A name the lookup does not
    hold, or one with two codes, is a ``ConfigError`` listing them all.
    """
    missing = [column for column in ("district_name", "district_code") if column not in lookup.columns]
    if missing:
        raise ConfigError(
            f"the LSOA lookup has no column {', '.join(missing)}: expected district_name and district_code"
        )
    names = list(dict.fromkeys(names))
    codes = lookup.drop_duplicates(["district_name", "district_code"]).groupby("district_name")["district_code"]
    found = {name: sorted(group) for name, group in codes}
    problems = [f"{name!r} is not a district in the lookup" for name in names if name not in found]
    problems += [
        f"{name!r} has more than one code in the lookup ({', '.join(found[name])})"
        for name in names
        if len(found.get(name, ())) > 1
    ]
    if problems:
        raise ConfigError(
            "; ".join(problems) + f": the lookup's districts are {', '.join(sorted(found))}"
        )
    return {name: found[name][0] for name in names}


def count_casualties_by_district(
    casualties: pd.DataFrame, districts: Iterable[District], year: int
) -> pd.Series:
    """All casualties in a calendar year in each district given, indexed by the districts as given (zeros kept)."""
    districts = list(districts)
    chosen = casualties[casualties["year"] == year]
    counts = pd.Series([len(select_districts(chosen, d)) for d in districts], index=districts, dtype="int64")
    counts.index.name = "district"
    return counts


def relate_to_baseline(baseline: float, counts: Iterable[float]) -> str:
    """Where a baseline ``b`` lies among yearly counts, as text like ``423<b<=482``.

    The counts are sorted and the baseline placed between the two that enclose it:
    ``b<=x`` when it is at or below the smallest, ``x<b<=y`` between two counts, ``b>z``
    above the largest.  With 2015's and 2014's counts this says whether this year is
    below the baseline (``x < b``) while last year was not (``b <= y``).
    """
    values = sorted({float(value) for value in counts})
    if not values:
        raise ConfigError("no counts to place the baseline among: give at least one year's count")
    text = [_number_text(value) for value in values]
    if baseline <= values[0]:
        return f"b<={text[0]}"
    for low, high, low_text, high_text in zip(values, values[1:], text, text[1:]):
        if low < baseline <= high:
            return f"{low_text}<b<={high_text}"
    return f"b>{text[-1]}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def count_adjusted_serious(casualties: pd.DataFrame, districts: District | Iterable[District], year: int) -> float | None:
    """DfT's estimate of seriously injured casualties as injury-based recording (CRASH) would count them.

    The sum of ``adjusted_serious`` (DfT's probability that a casualty would be recorded
    as serious under CRASH) over the casualties in the district(s) and year who were not
    killed; not rounded.  None when any of them has no adjustment (files before 2024
    carry none), since a partial sum would mislead.
    """
    chosen = select_districts(casualties, districts)
    chosen = chosen[(chosen["year"] == year) & ~chosen["casualty_severity"].eq(FATAL).astype(bool)]
    if "adjusted_serious" not in chosen.columns or chosen["adjusted_serious"].isna().any():
        return None
    return float(chosen["adjusted_serious"].sum())


__all__ = [
    "FATAL",
    "SERIOUS",
    "SLIGHT",
    "ROAD_USER_GROUPS",
    "ROAD_USERS",
    "UNKNOWN_WARD",
    "KENT_COUNTY_DISTRICTS",
    "select_districts",
    "is_ksi",
    "is_child",
    "count_casualties_by_year",
    "count_kent_casualties_by_year",
    "change_year_on_year",
    "average_baseline",
    "count_casualties_by_road_user",
    "count_casualties_by_ward",
    "find_district_codes",
    "count_casualties_by_district",
    "relate_to_baseline",
    "count_adjusted_serious",
]
