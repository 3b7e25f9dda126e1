"""Tests for the domestic abuse measures, on small hand-made incident frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.domestic_abuse import (
    average_repeat_rate,
    count_incidents,
    count_incidents_by_window,
    count_repeat_victims,
    flag_repeat_incidents,
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
