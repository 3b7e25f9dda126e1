"""Tests for the domestic abuse measures, on small hand-made incident frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.domestic_abuse import (
    average_incident_change,
    average_repeat_rate,
    compare_incidents_by_ward,
    compare_repeat_rates,
    count_incidents,
    count_incidents_by_district,
    count_incidents_by_month,
    count_incidents_by_ward,
    count_incidents_by_window,
    count_repeat_victims,
    flag_repeat_incidents,
    judge_priority,
    measure_repeat_crime_share,
    measure_repeat_rate,
    measure_repeat_rates,
    percent_change,
    window_bounds,
)
from cspanalysis.periods import Period

TW = "Tunbridge Wells"
MAIDSTONE = "Maidstone"
YEAR = ("2015-10-01", "2016-09-30")


def incidents(rows):
    """A frame like read_da_incidents returns, from (reference, date, district, crime?, victim)."""
    frame = pd.DataFrame(rows, columns=["incident_reference", "recorded_date", "district_name", "is_crime", "victim_reference"])
    frame["recorded_date"] = pd.to_datetime(frame["recorded_date"])
    return frame


# Victims:
#   A: 2016-01-01 then 2016-12-31 (365 days later): the second is a repeat
#   B: 2015-01-01 then 2016-01-02 (366 days later): not a repeat
#   C: Maidstone 2015-06-01, then TW 2015-10-15 and 2015-11-01: both TW incidents are repeats (force-wide)
#   D: two TW incidents on 2015-12-05: the one with the later reference is a repeat
#   E: one TW incident: not a repeat
#   F: Maidstone 2015-11-01 then 2016-02-01: the second is a repeat
CASES = incidents([
    ("R01", "2016-01-01", TW, True, "A"),
    ("R02", "2016-12-31", TW, False, "A"),
    ("R03", "2015-01-01", TW, False, "B"),
    ("R04", "2016-01-02", TW, False, "B"),
    ("R05", "2015-06-01", MAIDSTONE, True, "C"),
    ("R06", "2015-10-15", TW, True, "C"),
    ("R07", "2015-11-01", TW, True, "C"),
    ("R09", "2015-12-05", TW, False, "D"),
    ("R08", "2015-12-05", TW, False, "D"),
    ("R10", "2016-03-01", TW, True, "E"),
    ("R11", "2015-11-01", MAIDSTONE, False, "F"),
    ("R12", "2016-02-01", MAIDSTONE, True, "F"),
])


def test_flag_repeat_incidents_by_the_365_day_rule():
    flags = flag_repeat_incidents(CASES)
    assert flags.name == "is_repeat"
    assert flags.index.equals(CASES.index)
    repeats = set(CASES.loc[flags, "incident_reference"])
    assert repeats == {"R02", "R06", "R07", "R09", "R12"}


def test_flag_repeat_incidents_does_not_depend_on_row_order():
    shuffled = CASES.sample(frac=1, random_state=3)
    flags = flag_repeat_incidents(shuffled)
    assert set(shuffled.loc[flags, "incident_reference"]) == {"R02", "R06", "R07", "R09", "R12"}


def test_a_victim_seen_once_a_year_apart_is_never_a_repeat():
    frame = incidents([("X1", "2014-03-01", TW, True, "V"), ("X2", "2015-03-02", TW, True, "V"),
                       ("X3", "2016-03-02", TW, True, "V")])
    # 366 days apart, then 366 days again (29 February 2016 falls between)
    assert flag_repeat_incidents(frame).tolist() == [False, False, False]


def test_count_incidents_in_a_window():
    # TW incidents 1 Oct 2015 - 30 Sep 2016: R01, R04, R06, R07, R08, R09, R10
    assert count_incidents(CASES, TW, YEAR) == 7
    assert count_incidents(CASES, MAIDSTONE, YEAR) == 2
    # both ends of the window are included
    assert count_incidents(CASES, TW, ("2016-01-01", "2016-01-01")) == 1
    assert count_incidents(CASES, TW, Period(pd.Timestamp("2016-12-31"), pd.Timestamp("2016-12-31"), "")) == 1


def test_count_incidents_by_window_gives_two_changes_for_three_years():
    rows = (
        [(f"a{i}", "2014-01-15", TW, True, f"a{i}") for i in range(4)]
        + [(f"b{i}", "2015-09-30", TW, True, f"b{i}") for i in range(5)]
        + [(f"c{i}", "2015-10-01", TW, False, f"c{i}") for i in range(6)]
    )
    years = [
        Period(pd.Timestamp("2013-10-01"), pd.Timestamp("2014-09-30"), "October 2013 to September 2014"),
        Period(pd.Timestamp("2014-10-01"), pd.Timestamp("2015-09-30"), "October 2014 to September 2015"),
        ("2015-10-01", "2016-09-30"),
    ]
    table = count_incidents_by_window(incidents(rows), TW, years)
    assert table["window"].tolist() == ["October 2013 to September 2014", "October 2014 to September 2015", "2015-10-01..2016-09-30"]
    assert table["incidents"].tolist() == [4, 5, 6]
    assert math.isnan(table.loc[0, "change_pct"])
    assert table.loc[1, "change_pct"] == pytest.approx(25.0)
    assert table.loc[2, "change_pct"] == pytest.approx(20.0)
    assert table.loc[2, "end"] == pd.Timestamp("2016-09-30")


def test_percent_change():
    assert percent_change(1403, 1323) == pytest.approx(80 / 1323 * 100)
    assert math.isnan(percent_change(5, 0))


def test_count_repeat_victims_counts_distinct_victims():
    # TW repeats in the year: R06, R07 (victim C) and R09 (victim D): two victims
    assert count_repeat_victims(CASES, TW, YEAR) == 2
    # R02 (victim A) is a repeat, but recorded after the window
    assert count_repeat_victims(CASES, TW, ("2015-10-01", "2016-12-30")) == 2
    assert count_repeat_victims(CASES, TW, ("2015-10-01", "2016-12-31")) == 3


def test_repeat_crime_share_leaves_out_non_crime_incidents():
    # TW crimes in the year: R01, R06, R07, R10; repeats among them: R06, R07
    assert measure_repeat_crime_share(CASES, TW, YEAR) == pytest.approx(50.0)
    # Maidstone crimes in the year: R12 (a repeat)
    assert measure_repeat_crime_share(CASES, MAIDSTONE, YEAR) == pytest.approx(100.0)


def test_repeat_rate_and_district_average():
    # TW: 3 repeats (R06, R07, R09) of 7 incidents; Maidstone: 1 (R12) of 2
    assert measure_repeat_rate(CASES, TW, YEAR) == pytest.approx(300 / 7)
    rates = measure_repeat_rates(CASES, YEAR)
    assert rates["district_name"].tolist() == [MAIDSTONE, TW]
    assert rates["incidents"].tolist() == [2, 7]
    assert rates["repeats"].tolist() == [1, 3]
    assert rates["repeat_rate_pct"].tolist() == pytest.approx([50.0, 300 / 7])
    assert average_repeat_rate(CASES, YEAR, [TW, MAIDSTONE]) == pytest.approx((300 / 7 + 50.0) / 2)
    assert average_repeat_rate(CASES, YEAR, [MAIDSTONE]) == pytest.approx(50.0)


def test_a_district_without_incidents_in_the_window_has_no_rate():
    window = ("2014-01-01", "2014-12-31")
    assert math.isnan(measure_repeat_rate(CASES, MAIDSTONE, window))
    assert math.isnan(measure_repeat_crime_share(CASES, MAIDSTONE, window))
    # neither district has an incident in 2014; in January-June 2015 TW has R03 (not a repeat)
    # and Maidstone R05 (not a repeat): both rates 0%
    assert math.isnan(average_repeat_rate(CASES, window, [TW, MAIDSTONE]))
    assert average_repeat_rate(CASES, ("2015-01-01", "2015-06-30"), [TW, MAIDSTONE]) == pytest.approx(0.0)


def test_precomputed_flags_keep_repeats_seen_in_other_districts():
    flagged = CASES.assign(is_repeat=flag_repeat_incidents(CASES))
    tw_only = flagged[flagged["district_name"].eq(TW)]
    # R06's earlier incident was in Maidstone: still a repeat thanks to the force-wide flags
    assert count_repeat_victims(tw_only, TW, YEAR) == 2
    assert measure_repeat_rate(tw_only, TW, YEAR) == pytest.approx(300 / 7)
    # without the flags, the TW rows alone miss it: R06 is no longer a repeat
    unflagged = CASES[CASES["district_name"].eq(TW)]
    assert measure_repeat_rate(unflagged, TW, YEAR) == pytest.approx(200 / 7)


def test_unknown_district_is_a_config_error():
    with pytest.raises(ConfigError, match=r"district 'Tunbridge wells' is not in the DA incidents extract; it holds: Maidstone, Tunbridge Wells"):
        count_incidents(CASES, "Tunbridge wells", YEAR)
    with pytest.raises(ConfigError, match=r"district 'Medway' is not in the DA incidents extract"):
        average_repeat_rate(CASES, YEAR, [TW, "Medway"])


def test_bad_windows_are_config_errors():
    with pytest.raises(ConfigError, match=r"ends before it starts"):
        window_bounds(("2016-09-30", "2015-10-01"))
    with pytest.raises(ConfigError, match=r"is not a window"):
        window_bounds("2015-10")
    with pytest.raises(ConfigError, match=r"start and end must be dates"):
        window_bounds(("soon", "later"))
    with pytest.raises(ConfigError, match=r"at least one district"):
        average_repeat_rate(CASES, YEAR, [])


# Incidents with wards, for the ward, month, district-change and repeat-rate-comparison measures.
# Review year 2015-10-01..2016-09-30 (YEAR), the year before 2014-10-01..2015-09-30 (BEFORE).
#   TW this year: W1 Park (victim P), W2 Park (P again: a repeat), W9 Park (V),
#                 W4 Culverden (R: a repeat of W5 in Maidstone), W6 Sherwood (S)        -> 5, 2 repeats
#   TW the year before: W3 Park (Q), W8 Park (U), W7 Culverden (T), W10 Rusthall (X)    -> 4, no repeat
#   Maidstone this year: W5 (R); the year before: W12 (Z), W13 (Z2)                     -> 1 and 2
BEFORE = ("2014-10-01", "2015-09-30")


def warded(rows):
    """A frame like read_da_incidents returns, from (reference, date, district, ward, crime?, victim)."""
    frame = pd.DataFrame(rows, columns=["incident_reference", "recorded_date", "district_name", "ward_name",
                                        "is_crime", "victim_reference"])
    frame["recorded_date"] = pd.to_datetime(frame["recorded_date"])
    return frame


WARDS = warded([
    ("W1", "2015-11-01", TW, "Park", True, "P"),
    ("W2", "2016-02-01", TW, "Park", False, "P"),
    ("W9", "2016-07-01", TW, "Park", True, "V"),
    ("W5", "2016-01-01", MAIDSTONE, "Bridge", True, "R"),
    ("W4", "2016-05-01", TW, "Culverden", True, "R"),
    ("W6", "2016-06-01", TW, "Sherwood", False, "S"),
    ("W3", "2015-03-01", TW, "Park", True, "Q"),
    ("W8", "2015-06-01", TW, "Park", False, "U"),
    ("W7", "2015-05-01", TW, "Culverden", True, "T"),
    ("W10", "2015-02-01", TW, "Rusthall", True, "X"),
    ("W12", "2015-01-10", MAIDSTONE, "Bridge", True, "Z"),
    ("W13", "2015-02-10", MAIDSTONE, "Bridge", False, "Z2"),
])
LISTED_WARDS = ["Park", "Culverden", "Capel"]


def test_count_incidents_by_month_zero_fills_and_keeps_to_the_window():
    # W1 (1 November 2015) is before the window's first day; W2 (1 February 2016) is its last day
    months = count_incidents_by_month(WARDS, TW, ("2015-11-02", "2016-02-01"))
    assert months.index.tolist() == list(pd.to_datetime(["2015-11-01", "2015-12-01", "2016-01-01", "2016-02-01"]))
    assert months.tolist() == [0, 0, 0, 1]
    assert months.index.name == "month"
    year = count_incidents_by_month(WARDS, TW, YEAR)
    assert len(year) == 12 and year.sum() == 5
    assert year[pd.Timestamp("2015-11-01")] == 1 and year[pd.Timestamp("2016-07-01")] == 1


def test_count_incidents_by_ward_lists_every_ward_and_keeps_unlisted_ones():
    table = count_incidents_by_ward(WARDS, TW, YEAR, LISTED_WARDS)
    # Capel is listed but had none; Sherwood is not listed but had one: kept after the list
    assert table.index.tolist() == ["Park", "Culverden", "Capel", "Sherwood"]
    assert table["incidents"].tolist() == [3, 1, 0, 1]
    assert table["repeats"].tolist() == [1, 1, 0, 0]  # W2 in Park, W4 in Culverden (force-wide)
    assert table["incidents"].sum() == count_incidents(WARDS, TW, YEAR)
    # without a list: the wards with incidents, by name
    assert count_incidents_by_ward(WARDS, TW, YEAR).index.tolist() == ["Culverden", "Park", "Sherwood"]


def test_compare_incidents_by_ward_with_a_total_row():
    table = compare_incidents_by_ward(WARDS, TW, YEAR, BEFORE, LISTED_WARDS, total_label="All wards")
    # Rusthall had one the year before and none this year: kept, after the wards of this year
    assert table.index.tolist() == ["Park", "Culverden", "Capel", "Sherwood", "Rusthall", "All wards"]
    assert table.columns.tolist() == ["previous", "incidents", "change_pct", "repeats"]
    assert table["previous"].tolist() == [2, 1, 0, 0, 1, 4]
    assert table["incidents"].tolist() == [3, 1, 0, 1, 0, 5]
    assert table["repeats"].tolist() == [1, 1, 0, 0, 0, 2]
    assert table.loc["Park", "change_pct"] == pytest.approx(50.0)
    assert table.loc["Culverden", "change_pct"] == pytest.approx(0.0)
    assert table.loc["Rusthall", "change_pct"] == pytest.approx(-100.0)
    assert math.isnan(table.loc["Capel", "change_pct"]) and math.isnan(table.loc["Sherwood", "change_pct"])
    assert table.loc["All wards", "change_pct"] == pytest.approx(25.0)


def test_a_total_label_that_is_a_ward_is_a_config_error():
    with pytest.raises(ConfigError, match=r"total_label 'Park' is also the name of a ward"):
        compare_incidents_by_ward(WARDS, TW, YEAR, BEFORE, LISTED_WARDS, total_label="Park")


def test_incident_change_by_district_and_its_unweighted_average():
    table = count_incidents_by_district(WARDS, YEAR, BEFORE, [TW, MAIDSTONE])
    assert table["district_name"].tolist() == [TW, MAIDSTONE]
    assert table["previous"].tolist() == [4, 2]
    assert table["incidents"].tolist() == [5, 1]
    assert table["change_pct"].tolist() == pytest.approx([25.0, -50.0])
    # each district counts once: (25 - 50) / 2, not (6 - 6) / 6 over the pooled counts
    assert average_incident_change(WARDS, YEAR, BEFORE, [TW, MAIDSTONE]) == pytest.approx(-12.5)
    # a district with nothing the year before has no change and is left out of the mean
    window, empty = ("2015-01-01", "2015-02-28"), ("2014-01-01", "2014-02-28")
    assert math.isnan(average_incident_change(WARDS, window, empty, [TW, MAIDSTONE]))
    assert average_incident_change(WARDS, YEAR, ("2015-02-01", "2015-09-30"), [TW, MAIDSTONE]) == pytest.approx(
        (25.0 + 0.0) / 2)  # TW 4 before (W10, W3, W7, W8), Maidstone 1 (W13)
    with pytest.raises(ConfigError, match=r"at least one district"):
        average_incident_change(WARDS, YEAR, BEFORE, [])


def test_compare_repeat_rates_with_the_district_average():
    windows = [Period(pd.Timestamp(BEFORE[0]), pd.Timestamp(BEFORE[1]), "the year before"), YEAR]
    table = compare_repeat_rates(WARDS, TW, windows, [TW, MAIDSTONE])
    assert table["window"].tolist() == ["the year before", "2015-10-01..2016-09-30"]
    assert table["incidents"].tolist() == [4, 5]
    assert table["repeats"].tolist() == [0, 2]
    assert table["repeat_rate_pct"].tolist() == pytest.approx([0.0, 40.0])
    # Maidstone: 0 of 2 the year before, 0 of 1 this year (W5 is R's first incident)
    assert table["average_repeat_rate_pct"].tolist() == pytest.approx([0.0, 20.0])


@pytest.mark.parametrize(
    ("change", "average_change", "rate", "average_rate", "expected"),
    [
        (6.0, 3.7, 41.0, 38.0, (True, True, True)),  # the plan's case: both above
        (2.0, 3.7, 41.0, 38.0, (False, True, True)),  # the repeat rate alone keeps it
        (6.0, 3.7, 37.0, 38.0, (True, False, True)),  # the rise alone keeps it
        (2.0, 3.7, 37.0, 38.0, (False, False, False)),  # neither: not a priority on the figures
        (3.7, 3.7, 38.0, 38.0, (False, False, False)),  # equal to the average is not above it
        (-5.0, -7.0, 30.0, 31.0, (True, False, True)),  # a smaller fall than average is a rise above it
        (float("nan"), 3.7, float("nan"), 38.0, (False, False, False)),  # no figure, no reason
    ],
)
def test_judge_priority_states_which_test_holds(change, average_change, rate, average_rate, expected):
    assert judge_priority(change, average_change, rate, average_rate) == dict(
        zip(["rise_above_average", "repeat_rate_above_average", "priority"], expected))
