"""Tests for the violent crime measures, on small hand-made frames counted by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics import violence
from cspanalysis.periods import parse_period, weeks_around

TW, SO = "Tunbridge Wells", "Sevenoaks"
YEAR = parse_period("2015-10..2016-09")
WINDOW = parse_period("2016-04..2016-11")
VAP, ROB, SEX, THEFT = "Violence against the person", "Robbery", "Sexual offences", "Theft offences"
SUBGROUP = {VAP: "Violence with injury", ROB: "Robbery of personal property", SEX: "Other sexual offences",
            THEFT: "Shoplifting"}


def crimes(rows):
    """A crimes frame from (date, group, district, ward[, hate[, offence date[, lsoa[, subgroup]]]]) tuples."""
    records = []
    for n, row in enumerate(rows, start=1):
        date, group, district, ward, *rest = row
        hate = rest[0] if len(rest) > 0 else None
        offence = rest[1] if len(rest) > 1 else date
        lsoa = rest[2] if len(rest) > 2 else "E01000001"
        subgroup = rest[3] if len(rest) > 3 else SUBGROUP[group]
        records.append({
            "crime_reference": f"46/{n:06d}/16", "recorded_date": date, "offence_date": offence,
            "offence_group": group, "offence_subgroup": subgroup, "lsoa_code": lsoa,
            "ward_name": ward, "district_name": district, "hate_motivation": hate,
        })
    frame = pd.DataFrame(records)
    frame["recorded_date"] = pd.to_datetime(frame["recorded_date"])
    frame["offence_date"] = pd.to_datetime(frame["offence_date"])
    for column in ("crime_reference", "offence_group", "offence_subgroup", "lsoa_code", "ward_name", "district_name",
                   "hate_motivation"):
        frame[column] = frame[column].astype("str")
    return frame


def population(rows):
    return pd.DataFrame(rows, columns=["area_name", "year", "population"])


# --- districts and wards ------------------------------------------------------------------------


def test_select_offences_by_group_or_subgroup():
    frame = crimes([
        ("2016-01-01", VAP, TW, "Park"),
        ("2016-01-02", ROB, TW, "Park", None, "2016-01-02", "E01000001", "Robbery of business property"),
        ("2016-01-03", THEFT, TW, "Park"),
    ])
    assert len(violence.select_offences(frame, groups=[VAP])) == 1
    assert len(violence.select_offences(frame, groups=[VAP], subgroups=["Robbery of business property"])) == 2
    with pytest.raises(ConfigError, match="at least one offence group or subgroup"):
        violence.select_offences(frame)


def test_compare_districts_counts_rates_and_ranks():
    # TW: 3 this year, 2 the year before, mid-2016 population 1,000 -> 3.0 per 1,000, +50%
    # Sevenoaks: 1 this year, 4 the year before, population 500 -> 2.0 per 1,000, -75%
    frame = crimes([
        ("2015-10-01", VAP, TW, "Park"), ("2016-02-10", VAP, TW, "Park"), ("2016-09-30", VAP, TW, "Park"),
        ("2014-10-01", VAP, TW, "Park"), ("2015-09-30", VAP, TW, "Park"),
        ("2016-05-05", VAP, SO, "Town"),
        ("2015-01-01", VAP, SO, "Town"), ("2015-02-01", VAP, SO, "Town"), ("2015-03-01", VAP, SO, "Town"),
        ("2015-04-01", VAP, SO, "Town"),
        ("2016-10-01", VAP, TW, "Park"),  # after the year: not counted
    ])
    people = population([(TW, 2016, 1000), (SO, 2016, 500), (TW, 2015, 2000), (SO, 2015, 2000)])
    table = violence.compare_districts(frame, YEAR, [TW, SO], people)
    assert table.loc[TW, ["count", "previous"]].tolist() == [3, 2]
    assert table.loc[SO, ["count", "previous"]].tolist() == [1, 4]
    assert table.loc[TW, "change_pct"] == pytest.approx(50.0)
    assert table.loc[SO, "change_pct"] == pytest.approx(-75.0)
    assert table.loc[TW, "rate_per_1000"] == pytest.approx(3.0)
    assert table.loc[SO, "rate_per_1000"] == pytest.approx(2.0)
    assert table["rate_rank"].to_dict() == {TW: 2, SO: 1}


def test_count_wards_leaves_out_other_districts_blank_wards_and_other_dates():
    frame = crimes([
        ("2016-04-01", VAP, TW, "Park"), ("2016-11-30", VAP, TW, "Park"), ("2016-06-01", VAP, TW, "Culverden"),
        ("2016-06-01", VAP, TW, None), ("2016-06-01", VAP, SO, "Town"), ("2016-12-01", VAP, TW, "Culverden"),
    ])
    counts = violence.count_wards(frame, TW, WINDOW)
    assert counts.to_dict() == {"Park": 2, "Culverden": 1}
    assert list(counts.index) == ["Park", "Culverden"]


def test_top_wards_includes_a_ward_tied_with_the_last():
    counts = pd.Series({"Sherwood": 3, "Park": 5, "Culverden": 3, "Rusthall": 1, "Capel": 0})
    assert violence.top_wards(counts, 1) == ["Park"]
    assert violence.top_wards(counts, 2) == ["Park", "Culverden", "Sherwood"]
    assert violence.top_wards(counts, 10) == ["Park", "Culverden", "Sherwood", "Rusthall"]  # no ward with none
    with pytest.raises(ConfigError, match="number of top wards must be 1 or more, got 0"):
        violence.top_wards(counts, 0)


def test_compare_wards_against_the_same_months_a_year_before():
    # window April-November 2016 against April-November 2015
    frame = crimes([
        ("2016-04-01", SEX, TW, "X"), ("2016-05-01", SEX, TW, "X"), ("2016-11-30", SEX, TW, "X"), ("2015-06-01", SEX, TW, "X"),
        ("2016-07-01", SEX, TW, "Y"), ("2015-07-01", SEX, TW, "Y"),
        ("2015-04-01", SEX, TW, "Z"), ("2015-11-30", SEX, TW, "Z"),
        ("2016-08-01", SEX, TW, "W"), ("2016-09-01", SEX, TW, "W"),
        ("2015-12-01", SEX, TW, "Y"), ("2016-03-31", SEX, TW, "Z"),  # between the windows: in neither
    ])
    table = violence.compare_wards(frame, TW, WINDOW)
    assert list(table.index) == ["X", "W", "Y", "Z"]  # rise 2 (3 crimes), rise 2 (2 crimes), 0, -2
    assert table["count"].tolist() == [3, 2, 1, 0]
    assert table["previous"].tolist() == [1, 0, 1, 2]
    assert table["rise"].tolist() == [2, 2, 0, -2]
    assert table.loc["X", "change_pct"] == pytest.approx(200.0)
    assert math.isnan(table.loc["W", "change_pct"])
    assert table.loc["Z", "change_pct"] == pytest.approx(-100.0)
    assert violence.wards_with_largest_rises(table, 1) == ["W", "X"]  # tied for the largest rise
    assert violence.wards_with_largest_rises(table.loc[["Y", "Z"]], 2) == []  # no ward rose


def test_compare_subgroups_in_the_order_given_with_zeros():
    personal, business = "Robbery of personal property", "Robbery of business property"
    frame = crimes([
        ("2015-11-01", ROB, TW, "Park", None, "2015-11-01", "E01000001", personal),
        ("2016-01-01", ROB, TW, "Park", None, "2016-01-01", "E01000001", personal),
        *[(f"2015-0{m}-01", ROB, TW, "Park", None, f"2015-0{m}-01", "E01000001", personal) for m in (1, 2, 3, 4)],
        ("2015-02-01", ROB, TW, "Park", None, "2015-02-01", "E01000001", business),
        ("2016-02-01", ROB, SO, "Town", None, "2016-02-01", "E01000001", business),
    ])
    table = violence.compare_subgroups(frame, TW, YEAR, [personal, business, "Robbery of nothing"])
    assert list(table.index) == [personal, business, "Robbery of nothing"]
    assert table["count"].tolist() == [2, 0, 0]
    assert table["previous"].tolist() == [4, 1, 0]
    assert table.loc[personal, "change_pct"] == pytest.approx(-50.0)
    assert table.loc[business, "change_pct"] == pytest.approx(-100.0)
    assert math.isnan(table.loc["Robbery of nothing", "change_pct"])


# --- hate crime ---------------------------------------------------------------------------------


def test_hate_crime_by_motivation_around_an_event():
    before, after = weeks_around(pd.Timestamp("2016-06-23"), 1)  # 16-22 June, 23-29 June
    frame = crimes([
        ("2016-06-16", VAP, TW, "Park", "Race"),
        ("2016-06-22", VAP, TW, "Park", "Race;Religion"),
        ("2016-06-23", VAP, TW, "Park", "Race"),  # the event day is in the second window
        ("2016-06-29", VAP, TW, "Park", "Disability"),
        ("2016-06-30", VAP, TW, "Park", "Race"),  # after both windows
        ("2016-06-15", VAP, TW, "Park", "Race"),  # before both windows
        ("2016-06-20", VAP, TW, "Park", None),  # no motivation
        ("2016-06-20", VAP, SO, "Town", "Religion"),
        ("2016-06-24", VAP, SO, "Town", "Sexual orientation;Race"),
    ])
    table = violence.tabulate_hate_around_event(frame, TW, before, after)
    assert list(table.index) == ["Race", "Religion", "Sexual orientation", "Disability", "Transgender"]
    assert table["district_before"].tolist() == [2, 1, 0, 0, 0]
    assert table["district_after"].tolist() == [1, 0, 0, 1, 0]
    assert table["force_before"].tolist() == [2, 2, 0, 0, 0]
    assert table["force_after"].tolist() == [2, 0, 1, 1, 0]
    # distinct crimes: a crime with two motivations is one hate crime
    assert violence.count_hate_crimes(frame, before) == 3
    assert violence.count_hate_crimes(frame, after) == 3
    assert violence.count_hate_crimes(frame[frame["district_name"] == TW], before) == 2


def test_split_motivations_gives_one_row_per_motivation():
    frame = crimes([("2016-06-16", VAP, TW, "Park", "Race; Religion"), ("2016-06-16", VAP, TW, "Park", None)])
    rows = violence.split_motivations(frame)
    assert rows["motivation"].tolist() == ["Race", "Religion"]
    assert rows["crime_reference"].nunique() == 1


# --- sexual offences: spikes, historic offences -----------------------------------------------------------


def monthly(values, first="2015-09"):
    return pd.Series(values, index=pd.date_range(f"{first}-01", periods=len(values), freq="MS"), dtype="int64")


def test_september_2016_is_a_spike_by_both_tests():
    # September 2015 to August 2016, then September 2016 (the plan's 13, 16, 15 and 26 at the end)
    series = monthly([11, 12, 13, 11, 11, 11, 12, 12, 13, 13, 16, 15, 26])
    table = violence.flag_spikes(series)
    september = table.loc[pd.Timestamp("2016-09-01")]
    assert september["recent_mean"] == pytest.approx((13 + 16 + 15) / 3)
    assert september["recent_threshold"] == pytest.approx(22.0)
    assert september["baseline_mean"] == pytest.approx(150 / 12)
    # deviations from 12.5 squared: 2.25 x 5, 0.25 x 6, 12.25 -> 29; sample variance 29 / 11
    assert september["baseline_sd"] == pytest.approx(math.sqrt(29 / 11))
    assert september["baseline_threshold"] == pytest.approx(12.5 + 2 * math.sqrt(29 / 11))
    assert bool(september["spike"])
    # the first 12 months have no year before them in the series: not tested
    assert not table["spike"].iloc[:12].any()
    assert table["baseline_mean"].iloc[:12].isna().all() and table["recent_mean"].iloc[:12].isna().all()


def test_a_jump_on_the_recent_months_within_the_years_variation_is_not_a_spike():
    # recent mean 2 (threshold 3) but baseline mean 9.5 and sd sqrt(945 / 11) = 9.27: 25 < 28.04
    series = monthly([20, 2, 20, 2, 20, 2, 20, 2, 20, 2, 2, 2, 25])
    last = violence.flag_spikes(series).iloc[-1]
    assert last["recent_threshold"] == pytest.approx(3.0)
    assert last["baseline_threshold"] == pytest.approx(9.5 + 2 * math.sqrt(945 / 11))
    assert not last["spike"]


def test_a_month_above_the_years_variation_but_near_the_recent_level_is_not_a_spike():
    # baseline alternates 10 and 12: mean 11, sd sqrt(12 / 11), threshold 13.09; recent mean 34/3, threshold 17
    series = monthly([10, 12] * 6 + [16])
    last = violence.flag_spikes(series).iloc[-1]
    assert last["baseline_threshold"] == pytest.approx(11 + 2 * math.sqrt(12 / 11))
    assert last["recent_threshold"] == pytest.approx(17.0)
    assert not last["spike"]
    assert violence.flag_spikes(monthly([10, 12] * 6 + [18]))["spike"].iloc[-1]


def test_mean_of_the_twelve_months_before():
    series = monthly([11, 12, 13, 11, 11, 11, 12, 12, 13, 13, 16, 15, 26])
    assert violence.mean_of_months_before(series, "2016-09-01") == pytest.approx(12.5)
    assert violence.mean_of_months_before(series, "2016-09-01", months=3) == pytest.approx(44 / 3)
    with pytest.raises(ConfigError, match="has only 11 months before August 2016, 12 are needed"):
        violence.mean_of_months_before(series, "2016-08-01")
    with pytest.raises(ConfigError, match="October 2016 is not in the monthly series"):
        violence.mean_of_months_before(series, "2016-10-01")


def test_historic_means_more_than_the_threshold_days_before_recording():
    frame = crimes([
        ("2016-03-01", SEX, TW, "Park", None, "2015-03-01"),  # 366 days (2016 is a leap year): historic
        ("2016-03-01", SEX, TW, "Park", None, "2015-03-02"),  # exactly 365 days: not historic
        ("2016-03-01", SEX, TW, "Park", None, "1990-01-01"),
        ("2016-03-01", SEX, TW, "Park", None, None),  # no offence date: not historic
    ])
    assert violence.flag_historic(frame, 365).tolist() == [True, False, True, False]
    assert violence.flag_historic(frame, 0).tolist() == [True, True, True, False]
    with pytest.raises(ConfigError, match="historic_after_days must be 0 or more, got -1"):
        violence.flag_historic(frame, -1)


def test_count_in_places_by_their_lsoas():
    ytd = parse_period("2016-01..2016-09")
    frame = crimes([
        ("2016-01-05", SEX, TW, "F", None, "2001-01-01", "E01024803"),
        ("2016-09-30", SEX, TW, "F", None, "2016-09-29", "E01024803"),
        ("2016-05-05", SEX, TW, "F", None, "2010-05-05", "E01024804"),
        ("2015-12-31", SEX, TW, "F", None, "2000-01-01", "E01024803"),  # before the window
        ("2016-05-05", SEX, TW, "G", None, "2000-01-01", "E01000009"),  # another place
    ])
    table = violence.count_in_places(frame, {"Frittenden": ["E01024803", "E01024804"], "Nowhere": ["E01999999"]}, ytd, 365)
    assert table.to_dict("index") == {"Frittenden": {"recorded": 3, "historic": 2}, "Nowhere": {"recorded": 0, "historic": 0}}
    with pytest.raises(ConfigError, match="places must map each place name to a list of LSOA codes"):
        violence.count_in_places(frame, ["E01024803"], ytd, 365)


# --- drunkenness arrests and the recommendation ---------------------------------------------------------


def arrests(rows):
    frame = pd.DataFrame(rows, columns=["arrest_reference", "arrest_date", "incident_reference", "offence_category",
                                        "ward_name", "district_name"])
    frame["arrest_date"] = pd.to_datetime(frame["arrest_date"])
    return frame


def test_count_drunkenness_arrests_and_the_incidents_behind_them():
    frame = arrests([
        ("A1", "2015-10-01", "I1", "Drunkenness", "Park", TW),
        ("A2", "2015-10-01", "I1", "Drunkenness", "Park", TW),  # same incident
        ("A3", "2015-10-01", "I1", "Violence against the person", "Park", TW),  # not drunkenness
        ("A4", "2016-09-30", "I2", "Drunkenness", "Culverden", TW),
        ("A5", "2016-03-03", "I3", "Drunkenness", "Rusthall", TW),
        ("A6", "2016-03-03", "I4", "Drunkenness", None, TW),
        ("A7", "2016-03-03", "I5", "Drunkenness", "Park", SO),  # another district
        ("A8", "2015-09-30", "I6", "Drunkenness", "Park", TW),  # the year before
    ])
    assert violence.count_arrests(frame, TW, YEAR) == {"arrests": 5, "incidents": 4}
    assert violence.count_arrests(frame, TW, YEAR, ["Park", "Culverden"]) == {"arrests": 3, "incidents": 2}
    assert violence.count_arrests(frame, TW, YEAR.previous()) == {"arrests": 1, "incidents": 1}


def test_tabulate_drunkenness_borough_town_centre_and_incidents():
    frame = arrests([
        ("A1", "2016-01-01", "I1", "Drunkenness", "Park", TW),
        ("A2", "2016-01-01", "I1", "Drunkenness", "Park", TW),
        ("A3", "2016-02-01", "I2", "Drunkenness", "Rusthall", TW),
        ("A4", "2015-01-01", "I3", "Drunkenness", "Park", TW),
        ("A5", "2015-01-01", "I4", "Drunkenness", "Culverden", TW),
        ("A6", "2015-01-02", "I5", "Drunkenness", "Culverden", TW),
        ("A7", "2015-02-02", "I6", "Drunkenness", "Rusthall", TW),
        ("A8", "2015-02-03", "I7", "Drunkenness", "Rusthall", TW),
    ])
    table = violence.tabulate_drunkenness(frame, TW, YEAR, ["Park", "Culverden"])
    assert list(table.index) == ["borough_arrests", "town_centre_arrests", "town_centre_incidents"]
    assert table["count"].tolist() == [3, 2, 1]
    assert table["previous"].tolist() == [5, 3, 3]
    assert table["change_pct"].tolist() == pytest.approx([-40.0, -100 / 3, -200 / 3])


def test_violent_crime_is_not_a_priority_when_its_rate_is_among_the_lowest():
    assert violence.recommend_priority(2) is False
    assert violence.recommend_priority(3) is False
    assert violence.recommend_priority(4) is True
    assert violence.recommend_priority(2, lowest=1) is True
    with pytest.raises(ConfigError, match="must be 1 or more, got 0"):
        violence.recommend_priority(1, lowest=0)
