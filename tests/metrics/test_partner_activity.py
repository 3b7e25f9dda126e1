"""Partner activity for the financial year to date: sums, stocks, busiest/quietest, breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.partner_activity import (
    aggregate_year_to_date,
    count_breakdown_values,
    select_year_to_date,
    value_year_to_date,
)


def returns(rows) -> pd.DataFrame:
    """A frame shaped like read_partner_returns' from (period, agency, measure, breakdown, value, aggregate)."""
    frame = pd.DataFrame(rows, columns=["period", "agency", "measure", "breakdown", "value", "aggregate"])
    frame["fy_start"] = frame["period"].str[:4].astype("int64")
    frame["quarter"] = frame["period"].str[-1].astype("int64")
    frame["breakdown"] = frame["breakdown"].astype("str")
    return frame


@pytest.fixture
def sample():
    return returns([
        # DAVSS referrals by risk level: Q1-Q3 high 10+12+9 = 31, standard or medium 20+25+30 = 75
        ("2016/17 Q1", "davss", "referrals", "high", 10, "sum"),
        ("2016/17 Q1", "davss", "referrals", "standard or medium", 20, "sum"),
        ("2016/17 Q2", "davss", "referrals", "high", 12, "sum"),
        ("2016/17 Q2", "davss", "referrals", "standard or medium", 25, "sum"),
        ("2016/17 Q3", "davss", "referrals", "high", 9, "sum"),
        ("2016/17 Q3", "davss", "referrals", "standard or medium", 30, "sum"),
        # outside the window: Q4 of 2016/17 and the year before
        ("2016/17 Q4", "davss", "referrals", "high", 100, "sum"),
        ("2015/16 Q3", "davss", "referrals", "high", 100, "sum"),
        # a stock: in active treatment at the end of each quarter
        ("2016/17 Q1", "addaction", "in_active_treatment", None, 50, "last"),
        ("2016/17 Q2", "addaction", "in_active_treatment", None, 41, "last"),
        ("2016/17 Q3", "addaction", "in_active_treatment", None, 35, "last"),
        # the busiest and quietest evening
        ("2016/17 Q1", "street_cruiser", "evening_attendance_highest", None, 22, "max"),
        ("2016/17 Q2", "street_cruiser", "evening_attendance_highest", None, 27, "max"),
        ("2016/17 Q3", "street_cruiser", "evening_attendance_highest", None, 19, "max"),
        ("2016/17 Q1", "street_cruiser", "evening_attendance_lowest", None, 15, "min"),
        ("2016/17 Q2", "street_cruiser", "evening_attendance_lowest", None, 13, "min"),
        ("2016/17 Q3", "street_cruiser", "evening_attendance_lowest", None, 16, "min"),
        # Speed Watch events by location; a zero row and a total-only quarter
        ("2016/17 Q1", "speed_watch", "events", "Hawkhurst", 6, "sum"),
        ("2016/17 Q1", "speed_watch", "events", "Goudhurst", 1, "sum"),
        ("2016/17 Q2", "speed_watch", "events", "hawkhurst", 7, "sum"),
        ("2016/17 Q2", "speed_watch", "events", "Pembury", 0, "sum"),
        ("2016/17 Q3", "speed_watch", "events", None, 5, "sum"),
    ])


def test_window_is_q1_to_the_quarter(sample):
    window = select_year_to_date(sample, "2016/17 Q2")
    assert set(window["period"]) == {"2016/17 Q1", "2016/17 Q2"}
    with pytest.raises(ConfigError, match="is not a financial-year quarter"):
        select_year_to_date(sample, "Q3")


def test_totals_without_breakdown(sample):
    table = aggregate_year_to_date(sample, "2016/17 Q3").set_index(["agency", "measure"])
    assert table.loc[("davss", "referrals"), "value"] == 31 + 75
    assert table.loc[("addaction", "in_active_treatment"), "value"] == 35  # the stock at the end of Q3, not 126
    assert table.loc[("street_cruiser", "evening_attendance_highest"), "value"] == 27
    assert table.loc[("street_cruiser", "evening_attendance_lowest"), "value"] == 13
    assert table.loc[("speed_watch", "events"), "value"] == 6 + 1 + 7 + 0 + 5
    assert table.loc[("davss", "referrals"), "quarters_reported"] == 3
    assert table.loc[("davss", "referrals"), "latest_period"] == "2016/17 Q3"
    assert list(table.columns) == ["aggregate", "value", "quarters_reported", "latest_period"]


def test_first_half_of_the_year(sample):
    table = aggregate_year_to_date(sample, "2016/17 Q2").set_index(["agency", "measure"])
    assert table.loc[("davss", "referrals"), "value"] == 10 + 20 + 12 + 25
    assert table.loc[("addaction", "in_active_treatment"), "value"] == 41
    assert table.loc[("street_cruiser", "evening_attendance_lowest"), "value"] == 13


def test_stock_with_a_missing_quarter_takes_the_latest_reported(sample):
    partial = sample[~((sample["measure"] == "in_active_treatment") & (sample["quarter"] == 3))]
    row = aggregate_year_to_date(partial, "2016/17 Q3").set_index("measure").loc["in_active_treatment"]
    assert (row["value"], row["quarters_reported"], row["latest_period"]) == (41, 2, "2016/17 Q2")


def test_totals_by_breakdown(sample):
    table = aggregate_year_to_date(sample, "2016/17 Q3", by_breakdown=True)
    referrals = table[table["measure"] == "referrals"].set_index("breakdown")["value"]
    assert referrals.to_dict() == {"high": 31, "standard or medium": 75}
    events = table[table["measure"] == "events"]
    assert events["breakdown"].isna().sum() == 1  # Q3's total row stays a row of its own
    assert events.loc[events["breakdown"].isna(), "value"].item() == 5


def test_stock_by_breakdown_uses_the_latest_quarter_only():
    frame = returns([
        ("2016/17 Q1", "stp", "exclusions", "Tunbridge Wells", 6, "last"),
        ("2016/17 Q1", "stp", "exclusions", "Tonbridge", 3, "last"),
        ("2016/17 Q2", "stp", "exclusions", "Tunbridge Wells", 8, "last"),
    ])
    table = aggregate_year_to_date(frame, "2016/17 Q3", by_breakdown=True)
    assert table[["breakdown", "value"]].values.tolist() == [["Tunbridge Wells", 8]]


def test_value_for_one_breakdown(sample):
    assert value_year_to_date(sample, "davss", "referrals", "2016/17 Q3", breakdown="HIGH") == 31
    assert value_year_to_date(sample, "davss", "referrals", "2016/17 Q3") == 106
    assert value_year_to_date(sample, "speed_watch", "events", "2016/17 Q3", breakdown="Hawkhurst") == 13  # 6 + 'hawkhurst' 7
    assert value_year_to_date(sample, "speed_watch", "events", "2016/17 Q3", breakdown="Lamberhurst") == 0
    assert value_year_to_date(sample, "davss", "training_provided", "2016/17 Q3") is None
    assert value_year_to_date(sample, "davss", "referrals", "2017/18 Q1") is None


def test_count_breakdown_values(sample):
    # Hawkhurst (twice spelled) and Goudhurst; Pembury had no event; the Q3 total names no place
    assert count_breakdown_values(sample, "speed_watch", "events", "2016/17 Q3") == 2
    assert count_breakdown_values(sample, "davss", "referrals", "2016/17 Q3") == 2
    assert count_breakdown_values(sample, "addaction", "in_active_treatment", "2016/17 Q3") == 0


def test_empty_window():
    frame = returns([("2015/16 Q1", "marac", "new_cases", None, 4, "sum")])
    assert aggregate_year_to_date(frame, "2016/17 Q3").empty
    assert count_breakdown_values(frame, "marac", "new_cases", "2016/17 Q3") == 0
