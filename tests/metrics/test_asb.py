"""Anti-social behaviour from police.uk rows: placing incidents, counting them, and the hotspot rule."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cspanalysis.metrics import asb
from cspanalysis.periods import parse_period

LOOKUP = pd.DataFrame(
    [
        ("E01000001", "W1", "Park", "Tunbridge Wells"),
        ("E01000002", "W1", "Park", "Tunbridge Wells"),
        ("E01000003", "W2", "Sherwood", "Tunbridge Wells"),
        ("E01000004", "W3", "Rusthall", "Tunbridge Wells"),
        ("E01000005", "W9", "Park", "Sevenoaks"),  # another district's ward of the same name
    ],
    columns=["lsoa_code", "ward_code", "ward_name", "district_name"],
)


def street(rows) -> pd.DataFrame:
    """A police.uk street table from (month, lsoa_code or None, crime type)."""
    frame = pd.DataFrame(rows, columns=["month", "lsoa_code", "crime_type"])
    frame["month"] = pd.to_datetime(frame["month"])
    frame["lsoa_code"] = frame["lsoa_code"].astype("str")
    return frame


@pytest.fixture
def incidents():
    rows = [
        # review year October 2015 to September 2016
        ("2015-10-01", "E01000001", "Anti-social behaviour"),
        ("2015-10-01", "E01000001", "Anti-social behaviour"),  # identical row: a second incident
        ("2016-09-01", "E01000002", "Anti-social behaviour"),
        ("2016-01-01", "E01000003", "Anti-social behaviour"),
        ("2016-01-01", "E01000005", "Anti-social behaviour"),  # Sevenoaks' Park
        ("2016-02-01", None, "Anti-social behaviour"),  # no location
        ("2016-03-01", "E01999999", "Anti-social behaviour"),  # outside the lookup
        ("2016-03-01", "E01000003", "Burglary"),  # a crime, not ASB
        # the year before
        ("2015-09-01", "E01000001", "Anti-social behaviour"),
        ("2015-06-01", "E01000004", "Anti-social behaviour"),
        ("2014-09-01", "E01000004", "Anti-social behaviour"),  # before both years
    ]
    return asb.place_incidents(asb.select_asb(street(rows)), LOOKUP)


YEAR = parse_period("2015-10..2016-09")
BEFORE = parse_period("2014-10..2015-09")


def test_only_anti_social_behaviour_rows_are_selected():
    rows = street([("2016-01-01", "E01000001", "Anti-social behaviour"), ("2016-01-01", "E01000001", "Burglary")])
    assert asb.select_asb(rows)["crime_type"].tolist() == ["Anti-social behaviour"]


def test_incidents_are_placed_by_lsoa_or_marked_unplaced(incidents):
    assert len(incidents) == 10  # every ASB row kept, the burglary dropped
    assert incidents["placement"].value_counts().to_dict() == {"placed": 8, "no location": 1, "outside the lookup": 1}
    sevenoaks = incidents[incidents["lsoa_code"] == "E01000005"].iloc[0]
    assert (sevenoaks["ward_name"], sevenoaks["district_name"]) == ("Park", "Sevenoaks")


def test_unplaced_incidents_are_counted_apart(incidents):
    assert asb.count_unplaced(incidents, YEAR) == {"no location": 1, "outside the lookup": 1}
    assert asb.count_unplaced(incidents, BEFORE) == {"no location": 0, "outside the lookup": 0}


def test_district_counts_leave_out_unplaced_incidents_and_fill_zero(incidents):
    # Tunbridge Wells in the review year: two in October (LSOA 1), one in September (LSOA 2), one in LSOA 3
    counts = asb.count_by_district(incidents, YEAR, ["Tunbridge Wells", "Sevenoaks", "Dover"])
    assert counts.to_dict() == {"Tunbridge Wells": 4, "Sevenoaks": 1, "Dover": 0}
    assert asb.count_by_district(incidents, BEFORE, ["Tunbridge Wells"]).to_dict() == {"Tunbridge Wells": 2}


def test_monthly_counts_are_zero_filled(incidents):
    months = asb.count_by_month(incidents, parse_period("2015-10..2016-01"), "Tunbridge Wells")
    assert months.tolist() == [2, 0, 0, 1]
    assert months.index[0] == pd.Timestamp("2015-10-01")


def test_ward_counts_cover_every_ward_of_the_district_only(incidents):
    counts = asb.count_by_ward(incidents, YEAR, "Tunbridge Wells", LOOKUP)
    # Sevenoaks' ward called Park is not Tunbridge Wells' Park; Rusthall had none this year
    assert counts.to_dict() == {"Park": 3, "Rusthall": 0, "Sherwood": 1}


@pytest.mark.parametrize(
    "previous, current, hotspot",
    [
        (50, 60, True),    # +10 incidents and +20%: both thresholds met exactly
        (50, 59, False),   # +9 incidents (+18%): too few
        (10, 15, False),   # +50% but only +5 incidents
        (100, 115, False), # +15 incidents but only +15%
        (0, 10, True),     # none the year before: a rise of 10 is enough
        (0, 9, False),
        (40, 30, False),   # a fall
    ],
)
def test_hotspot_needs_both_the_percentage_and_the_number(previous, current, hotspot):
    table = asb.find_hotspots(pd.Series({"A": current}), pd.Series({"A": previous}))
    assert bool(table.loc["A", "hotspot"]) is hotspot


def test_hotspot_thresholds_can_be_set():
    table = asb.find_hotspots(pd.Series({"A": 15}), pd.Series({"A": 10}), min_rise_pct=50, min_rise=5)
    assert bool(table.loc["A", "hotspot"])


def test_hotspot_table_orders_hotspots_first_then_by_rise():
    current = pd.Series({"Quiet": 4, "Busy": 130, "Risen": 30, "Appeared": 5}, name="count")
    previous = pd.Series({"Quiet": 2, "Busy": 100, "Risen": 20, "Gone": 3})
    table = asb.find_hotspots(current, previous)
    # Busy +30 (+30%) and Risen +10 (+50%) are hotspots; then Appeared +5 (none before, too few),
    # Quiet +2 (+100%, too few) and Gone -3 (none this year)
    assert table.index.tolist() == ["Busy", "Risen", "Appeared", "Quiet", "Gone"]
    assert table["hotspot"].tolist() == [True, True, False, False, False]
    assert table.loc["Gone", "count"] == 0 and table.loc["Appeared", "previous"] == 0
    assert table.loc["Risen", "change_pct"] == pytest.approx(50.0)
    assert table.loc["Gone", "change_pct"] == pytest.approx(-100.0)
    assert math.isnan(table.loc["Appeared", "change_pct"])
    assert table["rise"].tolist() == [30, 10, 5, 2, -3]


def test_rule_in_words_states_both_thresholds():
    text = asb.describe_hotspot_rule(25, 12)
    assert "at least 25%" in text and "at least 12 incidents" in text
