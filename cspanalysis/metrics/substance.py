"""Alcohol and substance misuse: drug offences, alcohol-specific hospital admissions, and the priority rule.

Pure functions on the processed tables: ``crimes`` (the police crime extract),
``population`` (ONS mid-year estimates), ``admissions`` (the ward x quarter admissions
extract, ``cspanalysis.sources.admissions``) and ``fingertips`` (PHE Fingertips exports,
``cspanalysis.sources.fingertips``).

Definitions (the review's "About the data" states them):

- **Drug offences** = possession of drugs + trafficking of drugs (Home Office offence
  subgroups, ``cspanalysis.offences.DRUG_SUBGROUPS``), counted by recorded date and district.
- **Rate per 1,000**: offences / the ONS mid-year population of the period (the 30 June
  inside it: mid-2016 for October 2015 to September 2016, mid-2015 for the year before)
  x 1,000, unrounded. Each year's rate uses its own mid-year population.
- **Kent district average rate**: the unweighted mean of the comparison districts' rates
  (the 12 Kent County districts: each district counts once, whatever its size).
- **Rank**: among the comparison districts, 1 = the lowest rate; ties share the better rank.
- **Change in trafficking offences**: this year's count - last year's (negative = a fall).
- **Alcohol-specific admissions** of a district in a period: the admission episodes of
  its wards' residents in the quarters inside the period, both age groups, from the
  ward x quarter extract. A count a provider suppressed (``*``, 1 to 4) makes a total a
  range (``AdmissionsCount``).
- **Largest ward-quarter count**: the most alcohol-specific admissions of any ward in any
  one quarter of the period (both age groups added); a suppressed cell counts as 4, its
  most, so the figure is a ceiling ("no ward had more than N admissions in a quarter").
- **Small counts published**: admissions from 1 to 4 are published only as "<5" (the
  under-18 figure, for example); 0 and counts of 5 or more are published as they are.
- **Fingertips rates**: the headline rows (blank ``Category Type``) of one indicator for
  persons, for the district, the county and England, for the financial years asked.
- **Priority rule** (the plan's recommendation): alcohol and substance misuse stays a
  priority when the district's drug offence rate, or its drug possession rate, is above
  the Kent district average (compared unrounded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.comparison import percent_change, population_in, rank_lowest_first
from cspanalysis.metrics.crime import count_by_district
from cspanalysis.offences import DRUG_SUBGROUPS
from cspanalysis.periods import Period
from cspanalysis.sources.admissions import CONDITIONS

POSSESSION, TRAFFICKING = DRUG_SUBGROUPS

#: counts from 1 to this are published only as "<(this + 1)"
SMALL_COUNT_HIGHEST = 4

ALCOHOL_SPECIFIC = "Alcohol-specific"
UNDER_18 = "Under 18"

#: quarter labels of a financial year, Q1 first
QUARTER_LABELS = ("Q1 Apr-Jun", "Q2 Jul-Sep", "Q3 Oct-Dec", "Q4 Jan-Mar")


# --- drug offences ----------------------------------------------------------------------------


def is_drug_offence(crimes: pd.DataFrame) -> pd.Series:
    """Drug offences = possession of drugs + trafficking of drugs (Home Office subgroups)."""
    return crimes["offence_subgroup"].isin(DRUG_SUBGROUPS)


def measure_drug_offences(crimes: pd.DataFrame, population: pd.DataFrame, period: Period, districts) -> pd.DataFrame:
    """Drug offences, possession and trafficking in each district in one period, with rates and ranks.

    One row per district (indexed by name, in the order given): ``drug_offences``,
    ``possession``, ``trafficking``, ``population`` (mid-year of the period),
    ``drug_rate_per_1000``, ``possession_rate_per_1000``, ``trafficking_rate_per_1000``
    (unrounded), ``drug_rate_rank`` and ``possession_rate_rank`` (1 = lowest).
    """
    districts = list(districts)
    drugs = crimes[is_drug_offence(crimes)]
    table = pd.DataFrame({
        "drug_offences": count_by_district(drugs, period, districts),
        "possession": count_by_district(drugs[drugs["offence_subgroup"] == POSSESSION], period, districts),
        "trafficking": count_by_district(drugs[drugs["offence_subgroup"] == TRAFFICKING], period, districts),
        "population": population_in(population, period.mid_year, districts),
    })
    for count, rate in (("drug_offences", "drug_rate_per_1000"), ("possession", "possession_rate_per_1000"),
                        ("trafficking", "trafficking_rate_per_1000")):
        table[rate] = table[count] / table["population"] * 1000
    table["drug_rate_rank"] = rank_lowest_first(table["drug_rate_per_1000"])
    table["possession_rate_rank"] = rank_lowest_first(table["possession_rate_per_1000"])
    return table.rename_axis("district")


def summarise_drug_offences(current: pd.DataFrame, previous: pd.DataFrame, district: str) -> dict:
    """The district's drug offence figures against the year before and the comparison districts.

    ``current`` and ``previous`` are ``measure_drug_offences`` tables of the two years.
    Returns plain Python numbers: ``drug_offences``, ``drug_offences_prev``, ``rate``,
    ``rate_prev``, ``mean_rate`` (unweighted mean of the districts' rates this year),
    ``rate_rank``, ``possession``, ``possession_prev``, ``possession_rate``,
    ``possession_mean_rate``, ``possession_rate_rank``, ``possession_above_mean`` (bool),
    ``trafficking``, ``trafficking_prev``, ``trafficking_change`` (this year - last year)
    and ``districts`` (how many are compared).
    """
    if district not in current.index or district not in previous.index:
        raise ConfigError(f"{district!r} is not one of the compared districts: {', '.join(current.index)}")
    now, before = current.loc[district], previous.loc[district]
    possession_mean = float(current["possession_rate_per_1000"].mean())
    return {
        "drug_offences": int(now["drug_offences"]),
        "drug_offences_prev": int(before["drug_offences"]),
        "rate": float(now["drug_rate_per_1000"]),
        "rate_prev": float(before["drug_rate_per_1000"]),
        "mean_rate": float(current["drug_rate_per_1000"].mean()),
        "rate_rank": int(now["drug_rate_rank"]),
        "possession": int(now["possession"]),
        "possession_prev": int(before["possession"]),
        "possession_rate": float(now["possession_rate_per_1000"]),
        "possession_mean_rate": possession_mean,
        "possession_rate_rank": int(now["possession_rate_rank"]),
        "possession_above_mean": bool(now["possession_rate_per_1000"] > possession_mean),
        "trafficking": int(now["trafficking"]),
        "trafficking_prev": int(before["trafficking"]),
        "trafficking_change": int(now["trafficking"]) - int(before["trafficking"]),
        "districts": int(len(current)),
    }


def compare_drug_subgroups(summary: dict) -> pd.DataFrame:
    """The district's possession, trafficking and all drug offences, this year against last.

    ``summary`` is what ``summarise_drug_offences`` returns. One row per subgroup and one
    for all drug offences (index ``Offence``): ``previous``, ``count``, ``change`` (count
    difference) and ``change_pct`` (unrounded).
    """
    rows = {
        POSSESSION: (summary["possession_prev"], summary["possession"]),
        TRAFFICKING: (summary["trafficking_prev"], summary["trafficking"]),
        "All drug offences": (summary["drug_offences_prev"], summary["drug_offences"]),
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["previous", "count"]).astype("int64")
    table["change"] = table["count"] - table["previous"]
    table["change_pct"] = [percent_change(c, p) for c, p in zip(table["count"], table["previous"])]
    return table.rename_axis("Offence")


def judge_priority(summary: dict) -> dict[str, bool]:
    """The plan's rule for keeping alcohol and substance misuse a priority, applied to the figures.

    It stays a priority when the district's drug offence rate is above the Kent district
    average (``drug_rate_above_average``) or its possession rate is
    (``possession_rate_above_average``), compared unrounded; ``priority`` is either.
    ``summary`` is what ``summarise_drug_offences`` returns.
    """
    drugs = bool(summary["rate"] > summary["mean_rate"])
    possession = bool(summary["possession_rate"] > summary["possession_mean_rate"])
    return {"drug_rate_above_average": drugs, "possession_rate_above_average": possession,
            "priority": drugs or possession}


def relate_to_average(value: float, average: float, places: int = 1) -> str:
    """``equal to``, ``above`` or ``below`` the average, as a reader sees the two rounded to ``places``.

    For sentences: 1.6007 against an average of 1.6042 is "equal to" at one decimal place.
    """
    shown, mean = round(value, places), round(average, places)
    if shown == mean:
        return "equal to"
    return "above" if shown > mean else "below"


# --- hospital admissions (ward x quarter extract) --------------------------------------------


@dataclass(frozen=True)
class AdmissionsCount:
    """A count of admissions: exact (``low == high``) unless provider-suppressed cells went into it.

    Each suppressed cell is 1 to 4, so a total with ``suppressed_cells`` of them is between
    ``low`` (each counted as 1) and ``high`` (each counted as 4).
    """

    low: int
    high: int
    suppressed_cells: int = 0

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def value(self) -> int | None:
        """The count when it is exact, else None."""
        return self.low if self.exact else None


def select_admissions(admissions: pd.DataFrame, period: Period, district: str | None = None,
                      condition: str | None = None, age_group: str | None = None) -> pd.DataFrame:
    """Rows for quarters wholly inside ``period`` (and the district, condition and age group if given)."""
    keep = (admissions["quarter_start"] >= period.start) & (admissions["quarter_end"] <= period.end)
    for column, wanted in (("district_name", district), ("condition", condition), ("age_group", age_group)):
        if wanted is not None:
            keep &= admissions[column] == wanted
    return admissions.loc[keep]


def _check_district(admissions: pd.DataFrame, district: str) -> None:
    if district not in set(admissions["district_name"]):
        held = ", ".join(sorted(admissions["district_name"].unique()))
        raise ConfigError(f"the admissions extract holds no rows for {district!r}: it holds {held}")


def count_admissions(admissions: pd.DataFrame, period: Period, district: str, condition: str = ALCOHOL_SPECIFIC,
                     age_group: str | None = None) -> AdmissionsCount:
    """Admissions of the district's residents in the period (both age groups unless one is given)."""
    _check_district(admissions, district)
    rows = select_admissions(admissions, period, district, condition, age_group)
    known = int(rows["admissions"].sum())
    hidden = int(rows["suppressed"].sum())
    return AdmissionsCount(known + hidden, known + SMALL_COUNT_HIGHEST * hidden, hidden)


def show_small_count(count: AdmissionsCount | int, highest: int = SMALL_COUNT_HIGHEST) -> int | str:
    """A count as it may be published: ``"<5"`` when it is 1 to 4, else the number.

    A range from suppressed cells is ``"<5"`` when all of it lies in 1 to ``highest``,
    otherwise ``"low to high"`` (for example ``"6 to 12"``).
    """
    if isinstance(count, int):
        count = AdmissionsCount(count, count)
    if 1 <= count.low and count.high <= highest:
        return f"<{highest + 1}"
    if count.exact:
        return count.low
    return f"{count.low} to {count.high}"


def count_by_ward_and_quarter(admissions: pd.DataFrame, period: Period, district: str,
                              condition: str = ALCOHOL_SPECIFIC, wards: Iterable[str] = ()) -> pd.DataFrame:
    """Admissions by ward (rows) and quarter (columns, ``QUARTER_LABELS``) of one financial year.

    Both age groups are added. Every ward of ``wards`` (the district's wards from the ONS
    lookup) gets a row, zero where the extract has none; wards are sorted by name. A
    cell holding a provider-suppressed count is missing (``<NA>``). The last column,
    named by ``year_label``, is the ward's total for the year (missing when a cell is).
    """
    _check_district(admissions, district)
    if period.months != 12 or period.start.month != 4 or period.start.day != 1:
        raise ConfigError(f"ward x quarter admissions need a financial year (April to March), not {period.label}")
    rows = select_admissions(admissions, period, district, condition)
    names = sorted(set(wards) | set(rows["ward_name"]))
    cells = rows.assign(known=rows["admissions"].fillna(0).astype("int64"), hidden=rows["suppressed"].astype("int64"))
    sums = cells.groupby(["ward_name", "quarter"])[["known", "hidden"]].sum()
    quarters = pd.MultiIndex.from_product([names, [1, 2, 3, 4]], names=["ward_name", "quarter"])
    sums = sums.reindex(quarters, fill_value=0)
    table = sums["known"].unstack("quarter").astype("Int64").mask(sums["hidden"].unstack("quarter") > 0)
    table.columns = list(QUARTER_LABELS)
    table[year_label(period)] = table.sum(axis=1, skipna=False).astype("Int64")
    return table.rename_axis("Ward")


def largest_ward_quarter_count(admissions: pd.DataFrame, period: Period, district: str,
                               condition: str = ALCOHOL_SPECIFIC) -> int:
    """The most admissions of any ward in any quarter of the period (both age groups added).

    A provider-suppressed cell counts as 4, its most, so the result is never below the
    truth: "no ward had more than N admissions in a quarter" holds.
    """
    _check_district(admissions, district)
    rows = select_admissions(admissions, period, district, condition)
    if rows.empty:
        return 0
    ceiling = rows["admissions"].fillna(0).astype("int64") + SMALL_COUNT_HIGHEST * rows["suppressed"].astype("int64")
    return int(ceiling.groupby([rows["ward_name"], rows["quarter_start"]]).sum().max())


def count_by_condition(admissions: pd.DataFrame, periods: Iterable[Period], district: str) -> pd.DataFrame:
    """Admissions of the district for each condition, all ages and under 18 (rows), in each year (columns).

    Rows are labelled ``"<condition>: all ages"`` and ``"<condition>: under 18"``; the
    18-and-over count is left out on purpose, so a suppressed under-18 count cannot be
    worked out as all ages minus 18 and over. A cell is missing when provider-suppressed
    counts went into it. Columns are named by ``year_label``.
    """
    _check_district(admissions, district)
    columns = {}
    for period in periods:
        cells = {}
        for condition in CONDITIONS:
            for age, words in ((None, "all ages"), (UNDER_18, "under 18")):
                count = count_admissions(admissions, period, district, condition, age)
                cells[f"{condition}: {words}"] = count.value if count.exact else pd.NA
        columns[year_label(period)] = pd.Series(cells, dtype="Int64")
    return pd.DataFrame(columns).rename_axis("Admissions")


# --- Fingertips rates -------------------------------------------------------------------------


def year_label(period: Period) -> str:
    """A year as Fingertips and the admissions extract write it: ``2015/16`` for a financial year, ``2015`` for a calendar year."""
    whole_year = period.start.day == 1 and period.end == period.start + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    if whole_year and period.start.month == 4:
        return f"{period.start.year}/{(period.start.year + 1) % 100:02d}"
    if whole_year and period.start.month == 1:
        return str(period.start.year)
    raise ConfigError(f"expected a financial or calendar year, not {period.label}")


def select_indicator_rates(fingertips: pd.DataFrame, indicator: str | int, areas: Iterable[str],
                           time_periods: Iterable[str], *, sex: str = "Persons") -> pd.DataFrame:
    """One indicator's headline figures for the areas and time periods asked, one row per area and period.

    ``indicator`` is the indicator's id or name (case-insensitive); ``areas`` are area names
    (or codes) as Fingertips writes them, e.g. the district, ``Kent`` and ``England``.
    Headline rows only (blank ``Category Type``), for ``sex``. Returns ``area``,
    ``time_period``, ``value``, ``lower_ci_95``, ``upper_ci_95``, ``count``,
    ``denominator``, ``compared_to_england``, ``value_note``, in the order asked. A missing
    area or period, or two rows for one (several age bands), is a ``ConfigError``.
    """
    areas, time_periods = list(areas), list(time_periods)
    if isinstance(indicator, int) or str(indicator).isdigit():
        rows = fingertips[fingertips["indicator_id"] == int(indicator)]
    else:
        rows = fingertips[fingertips["indicator_name"].str.casefold() == str(indicator).casefold()]
    if rows.empty:
        names = "; ".join(sorted(fingertips["indicator_name"].unique()))
        raise ConfigError(f"no Fingertips indicator {indicator!r} in the export (it holds: {names})")
    rows = rows[rows["category_type"].isna() & (rows["sex"].str.casefold() == sex.casefold())]
    found, problems = [], []
    for area in areas:
        wanted = area.casefold()
        in_area = rows[(rows["area_name"].str.casefold() == wanted) | (rows["area_code"].str.casefold() == wanted)]
        for time_period in time_periods:
            match = in_area[in_area["time_period"] == time_period]
            if match.empty:
                problems.append(f"{area} {time_period}")
            elif len(match) > 1:
                ages = ", ".join(sorted(match["age"].unique()))
                raise ConfigError(f"Fingertips indicator {indicator!r}: {area} {time_period} has {len(match)} headline rows "
                                  f"for {sex} (ages: {ages}); expected one")
            else:
                found.append(match.iloc[0].to_dict() | {"area": area})
    if problems:
        raise ConfigError(f"Fingertips indicator {indicator!r} has no headline figure for {sex} in: {', '.join(problems)}")
    columns = ["area", "time_period", "value", "lower_ci_95", "upper_ci_95", "count", "denominator",
               "compared_to_england", "value_note"]
    return pd.DataFrame(found)[columns]


__all__ = [
    "is_drug_offence",
    "measure_drug_offences",
    "summarise_drug_offences",
    "compare_drug_subgroups",
    "judge_priority",
    "relate_to_average",
    "AdmissionsCount",
    "select_admissions",
    "count_admissions",
    "show_small_count",
    "count_by_ward_and_quarter",
    "largest_ward_quarter_count",
    "count_by_condition",
    "year_label",
    "select_indicator_rates",
]
