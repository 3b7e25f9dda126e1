"""Violent crime measures: districts compared, wards, robbery, hate crime around an event,
sexual offences (monthly spikes, ward rises, historic offences) and drunkenness arrests.

Pure functions on the processed tables: ``crimes`` (``cspanalysis.sources.police_crimes``,
one row per crime) and ``arrests`` (``cspanalysis.sources.police_arrests``, one row per
arrest).  Windows are ``cspanalysis.periods.Period`` objects.

Definitions (the review states them):

- **Violent crime** = violence against the person + robbery + sexual offences (the Home
  Office offence groups, ``cspanalysis.offences.VIOLENT_CRIME_GROUPS``).  Crimes are counted
  by recorded date, in the district and ward the force recorded them in; rates, changes and
  ranks are those of ``cspanalysis.metrics.comparison`` (rank 1 = lowest).
- **Top wards**: the wards with the most crimes in a window; a ward tied with the last
  place is included, so the list can be longer than asked for.  Crimes without a ward
  count in the district only.
- **Ward rises**: crimes in a window against the same months a year before
  (``Period.year_before``); the *rise* is the difference of the two counts.
- **Hate crime by motivation**: crimes recorded in a window with the motivation among their
  ``;``-separated hate motivations; a crime with two motivations counts once under each,
  so the motivations add up to more than the number of hate crimes.  **Hate crimes** in
  total are distinct crimes with at least one motivation.  The windows around an event
  are ``cspanalysis.periods.weeks_around``: the N weeks before the event day, and the N
  weeks from it (the event day is in the second window).
- **Monthly spike**: a month is a spike when its count is *both* more than
  ``SPIKE_RECENT_RATIO`` (1.5) times the mean of the ``SPIKE_RECENT_MONTHS`` (3) months
  before it, *and* more than the mean plus ``SPIKE_SD`` (2) standard deviations (sample
  standard deviation) of the ``SPIKE_BASELINE_MONTHS`` (12) months before it.  The first
  test asks for a jump on the recent level; the second that the jump is outside the
  month-to-month variation of the last year, so a steady rise is not a spike.  Months
  with fewer than 12 months before them in the series are not tested.
- **Historic offence**: offence date more than ``after_days`` days before the recorded
  date (the review config sets ``historic_after_days``, 365 for Tunbridge Wells); a crime
  without an offence date is not historic.  The force's own ``Historic`` flag is not used,
  so that the threshold is the one stated.
- **Drunkenness arrests**: arrests whose offence category is ``Drunkenness``, counted by
  arrest date, in the district (and in a list of wards, for the town centre); the
  **incidents** behind them are the distinct incident references of those arrests.
- **Not a priority**: violent crime is recommended as *not* a priority when the district's
  violent crime rate ranks among the ``lowest`` lowest of the comparison districts
  (rank 1 = lowest rate; the review config may set ``lowest``, 3 by default).
"""

from __future__ import annotations

import pandas as pd

from cspanalysis.errors import ConfigError
from cspanalysis.metrics import comparison, crime
from cspanalysis.offences import HATE_MOTIVATIONS
from cspanalysis.periods import Period

#: offence groups and subgroups the section names
VIOLENCE_AGAINST_THE_PERSON = "Violence against the person"
ROBBERY = "Robbery"
SEXUAL_OFFENCES = "Sexual offences"
SERIOUS_SEXUAL = "Most serious sexual crime"
ROBBERY_SUBGROUPS = ("Robbery of personal property", "Robbery of business property")

#: the monthly spike rule (see the module docstring)
SPIKE_RECENT_MONTHS = 3
SPIKE_RECENT_RATIO = 1.5
SPIKE_BASELINE_MONTHS = 12
SPIKE_SD = 2.0

#: the arrests extract's category for drunkenness offences
DRUNKENNESS = "Drunkenness"

#: violent crime is not a priority when its rate ranks among this many lowest districts
NOT_A_PRIORITY_LOWEST = 3


# --- districts and wards -----------------------------------------------------------------


def select_offences(crimes: pd.DataFrame, *, groups=(), subgroups=()) -> pd.DataFrame:
    """The crimes in any of the Home Office offence ``groups`` or ``subgroups`` named."""
    if not groups and not subgroups:
        raise ConfigError("select_offences needs at least one offence group or subgroup")
    return crimes[crimes["offence_group"].isin(list(groups)) | crimes["offence_subgroup"].isin(list(subgroups))]


def compare_districts(crimes: pd.DataFrame, period: Period, districts, population: pd.DataFrame) -> pd.DataFrame:
    """Each district's count in ``period`` and the period before, % change, rate per 1,000 and ranks.

    ``crimes`` are the offences to count (already selected); ``population`` is the
    processed population table, of which the mid-year estimate inside ``period`` is used.
    Returns ``comparison.compare_areas``: one row per district (in the order given) with
    ``count, previous, change_pct, population, rate_per_1000, rate_rank, change_rank``.
    """
    districts = list(districts)
    return comparison.compare_areas(
        crime.count_by_district(crimes, period, districts),
        crime.count_by_district(crimes, period.previous(), districts),
        comparison.population_in(population, period.mid_year, districts),
    )


def count_wards(crimes: pd.DataFrame, district: str, period: Period) -> pd.Series:
    """Crimes recorded in ``period`` in each ward of ``district``, most first (then by name)."""
    local = crimes[(crimes["district_name"] == district) & crimes["ward_name"].notna()]
    counts = crime.count_by(local, period, "ward_name").astype("int64")
    return _most_first(counts)


def top_wards(counts: pd.Series, n: int) -> list[str]:
    """The ``n`` wards with the most crimes, plus any ward tied with the last of them."""
    if n < 1:
        raise ConfigError(f"the number of top wards must be 1 or more, got {n}")
    counts = counts[counts > 0]
    ranks = counts.rank(method="min", ascending=False)
    return list(_most_first(counts[ranks <= n]).index)


def compare_wards(crimes: pd.DataFrame, district: str, period: Period) -> pd.DataFrame:
    """Each ward's crimes in ``period`` against the same months a year before, largest rise first.

    Returns one row per ward of ``district`` with crimes in either window (index
    ``ward_name``): ``count``, ``previous``, ``rise`` (count - previous) and ``change_pct``.
    """
    before = period.year_before()
    table = comparison.compare_counts(count_wards(crimes, district, period), count_wards(crimes, district, before))
    table.insert(2, "rise", table["count"] - table["previous"])
    table.index.name = "ward_name"
    order = sorted(table.index, key=lambda ward: (-table.loc[ward, "rise"], -table.loc[ward, "count"], ward))
    return table.loc[order]


def wards_with_largest_rises(table: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` wards of ``compare_wards`` with the largest rises (ties with the last included); rises above 0 only."""
    rises = table.loc[table["rise"] > 0, "rise"]
    return top_wards(rises, n) if len(rises) else []


def compare_subgroups(crimes: pd.DataFrame, district: str, period: Period, subgroups) -> pd.DataFrame:
    """Crimes in ``district`` by offence subgroup, ``period`` against the period before.

    One row per subgroup named, in that order (zero where none): ``count``, ``previous``,
    ``change_pct``.
    """
    subgroups = list(subgroups)
    local = crimes[(crimes["district_name"] == district) & crimes["offence_subgroup"].isin(subgroups)]
    table = comparison.compare_counts(
        crime.count_by(local, period, "offence_subgroup"), crime.count_by(local, period.previous(), "offence_subgroup")
    )
    table = table.reindex(subgroups, fill_value=0)
    table["change_pct"] = [comparison.percent_change(c, p) for c, p in zip(table["count"], table["previous"])]
    table.index.name = "offence_subgroup"
    return table


# --- hate crime ----------------------------------------------------------------------------


def split_motivations(crimes: pd.DataFrame) -> pd.DataFrame:
    """One row per crime and hate motivation (column ``motivation``); crimes without one are left out."""
    hate = crimes[crimes["hate_motivation"].notna() & (crimes["hate_motivation"] != "")]
    motivations = hate["hate_motivation"].str.split(";")
    out = hate.assign(motivation=motivations).explode("motivation")
    out["motivation"] = out["motivation"].str.strip().astype("str")
    return out


def count_hate_by_motivation(crimes: pd.DataFrame, period: Period) -> pd.Series:
    """Crimes recorded in ``period`` with each hate motivation (a crime counts under each of its motivations).

    Indexed by ``cspanalysis.offences.HATE_MOTIVATIONS`` (zero where none), then any
    other motivation the extract holds.
    """
    rows = split_motivations(crime.in_period(crimes, period))
    counts = rows.groupby("motivation").size()
    order = list(HATE_MOTIVATIONS) + sorted(set(counts.index) - set(HATE_MOTIVATIONS))
    return counts.reindex(order, fill_value=0).astype("int64").rename_axis("motivation")


def count_hate_crimes(crimes: pd.DataFrame, period: Period) -> int:
    """Distinct crimes recorded in ``period`` with at least one hate motivation."""
    selected = crime.in_period(crimes, period)
    flagged = selected["hate_motivation"].notna() & (selected["hate_motivation"] != "")
    return int(selected.loc[flagged, "crime_reference"].nunique())


def tabulate_hate_around_event(crimes: pd.DataFrame, district: str, before: Period, after: Period) -> pd.DataFrame:
    """Hate crimes by motivation before and after an event, in ``district`` and the whole extract (the force).

    One row per motivation (index ``motivation``), columns ``district_before``,
    ``district_after``, ``force_before``, ``force_after``.  The windows come from
    ``cspanalysis.periods.weeks_around``.
    """
    local = crimes[crimes["district_name"] == district]
    table = pd.DataFrame({
        "district_before": count_hate_by_motivation(local, before),
        "district_after": count_hate_by_motivation(local, after),
        "force_before": count_hate_by_motivation(crimes, before),
        "force_after": count_hate_by_motivation(crimes, after),
    })
    return table.fillna(0).astype("int64").rename_axis("motivation")


# --- sexual offences: spikes and historic offences ------------------------------------------------


def flag_spikes(monthly: pd.Series) -> pd.DataFrame:
    """Test every month of a monthly series against the spike rule (see the module docstring).

    ``monthly`` is a count per consecutive month (``crime.monthly_counts``), oldest first.
    Returns one row per month: ``count``, ``recent_mean`` (the 3 months before),
    ``baseline_mean`` and ``baseline_sd`` (the 12 months before), ``recent_threshold``
    (1.5 x recent mean), ``baseline_threshold`` (baseline mean + 2 standard deviations) and
    ``spike`` (both thresholds exceeded).  The statistics are missing, and ``spike`` False,
    for months with fewer than 12 months before them.
    """
    counts = monthly.astype("float64")
    previous = counts.shift(1)
    table = pd.DataFrame({"count": monthly.astype("int64")})
    table["recent_mean"] = previous.rolling(SPIKE_RECENT_MONTHS, min_periods=SPIKE_RECENT_MONTHS).mean()
    table["baseline_mean"] = previous.rolling(SPIKE_BASELINE_MONTHS, min_periods=SPIKE_BASELINE_MONTHS).mean()
    table["baseline_sd"] = previous.rolling(SPIKE_BASELINE_MONTHS, min_periods=SPIKE_BASELINE_MONTHS).std(ddof=1)
    tested = table["baseline_mean"].notna()
    table.loc[~tested, ["recent_mean", "baseline_mean", "baseline_sd"]] = float("nan")
    table["recent_threshold"] = table["recent_mean"] * SPIKE_RECENT_RATIO
    table["baseline_threshold"] = table["baseline_mean"] + SPIKE_SD * table["baseline_sd"]
    table["spike"] = tested & (counts > table["recent_threshold"]) & (counts > table["baseline_threshold"])
    return table


def mean_of_months_before(monthly: pd.Series, month, months: int = 12) -> float:
    """Mean monthly count over the ``months`` months before ``month`` (a month start in the series)."""
    month = pd.Timestamp(month)
    if month not in monthly.index:
        raise ConfigError(f"{month:%B %Y} is not in the monthly series ({monthly.index[0]:%B %Y} to {monthly.index[-1]:%B %Y})")
    position = monthly.index.get_loc(month)
    if position < months:
        raise ConfigError(f"the monthly series has only {position} months before {month:%B %Y}, {months} are needed")
    return float(monthly.iloc[position - months:position].mean())


def flag_historic(crimes: pd.DataFrame, after_days: int) -> pd.Series:
    """True for crimes whose offence date is more than ``after_days`` days before their recorded date."""
    if after_days < 0:
        raise ConfigError(f"historic_after_days must be 0 or more, got {after_days}")
    lag = crimes["recorded_date"].dt.normalize() - crimes["offence_date"].dt.normalize()
    return (lag > pd.Timedelta(days=after_days)).fillna(False).astype(bool)


def count_in_places(crimes: pd.DataFrame, places: dict, period: Period, after_days: int) -> pd.DataFrame:
    """Crimes recorded in ``period`` in each place (a name -> the LSOA codes that cover it), and how many are historic.

    One row per place, in the order given (index ``place``): ``recorded`` and ``historic``.
    """
    if not isinstance(places, dict) or not places:
        raise ConfigError("places must map each place name to a list of LSOA codes, e.g. {Frittenden: [E01024803]}")
    selected = crime.in_period(crimes, period)
    historic = flag_historic(selected, after_days)
    rows = {}
    for place, lsoas in places.items():
        inside = selected["lsoa_code"].isin([str(code) for code in lsoas])
        rows[place] = {"recorded": int(inside.sum()), "historic": int((inside & historic).sum())}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("place")


# --- drunkenness arrests -----------------------------------------------------------------------


def is_drunkenness(arrests: pd.DataFrame) -> pd.Series:
    """True for arrests in the ``Drunkenness`` offence category."""
    return arrests["offence_category"] == DRUNKENNESS


def count_arrests(arrests: pd.DataFrame, district: str, period: Period, wards=None) -> dict[str, int]:
    """Drunkenness arrests in ``district`` (and ``wards``, if given) in ``period``, and the incidents behind them.

    Returns ``{"arrests": ..., "incidents": ...}``: arrests, and distinct incident references.
    """
    chosen = is_drunkenness(arrests) & (arrests["district_name"] == district) & period.contains(arrests["arrest_date"])
    if wards is not None:
        chosen &= arrests["ward_name"].isin(list(wards))
    selected = arrests[chosen]
    return {"arrests": int(len(selected)), "incidents": int(selected["incident_reference"].nunique())}


def tabulate_drunkenness(arrests: pd.DataFrame, district: str, period: Period, wards) -> pd.DataFrame:
    """Drunkenness arrests in the district and in ``wards`` (the town centre), and the incidents behind the latter.

    One row each for ``borough_arrests``, ``town_centre_arrests`` and
    ``town_centre_incidents`` (index ``measure``); columns ``count`` (``period``),
    ``previous`` (the period before) and ``change_pct``.
    """
    rows = {}
    for column, window in (("count", period), ("previous", period.previous())):
        borough = count_arrests(arrests, district, window)
        centre = count_arrests(arrests, district, window, wards)
        rows[column] = {"borough_arrests": borough["arrests"], "town_centre_arrests": centre["arrests"],
                        "town_centre_incidents": centre["incidents"]}
    table = pd.DataFrame(rows).astype("int64")
    table["change_pct"] = [comparison.percent_change(c, p) for c, p in zip(table["count"], table["previous"])]
    return table.rename_axis("measure")


# --- the recommendation ---------------------------------------------------


def recommend_priority(rate_rank: int, lowest: int = NOT_A_PRIORITY_LOWEST) -> bool:
    """Whether violent crime should be a priority: not when its rate ranks among the ``lowest`` lowest (1 = lowest)."""
    if lowest < 1:
        raise ConfigError(f"the number of lowest ranks that make violent crime not a priority must be 1 or more, got {lowest}")
    return int(rate_rank) > lowest


def _most_first(counts: pd.Series) -> pd.Series:
    order = sorted(counts.index, key=lambda name: (-counts[name], str(name)))
    return counts.loc[order]


__all__ = [
    "select_offences",
    "compare_districts",
    "count_wards",
    "top_wards",
    "compare_wards",
    "wards_with_largest_rises",
    "compare_subgroups",
    "split_motivations",
    "count_hate_by_motivation",
    "count_hate_crimes",
    "tabulate_hate_around_event",
    "flag_spikes",
    "mean_of_months_before",
    "flag_historic",
    "count_in_places",
    "is_drunkenness",
    "count_arrests",
    "tabulate_drunkenness",
    "recommend_priority",
]
