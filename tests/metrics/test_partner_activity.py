"""Partner activity for the financial year to date: sums, stocks, busiest/quietest, breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.partner_activity import (
    aggregate_year_to_date,
    count_breakdown_values,
    select_year_to_date,
    tabulate_section_activity,
    value_year_to_date,
    year_to_date_through,
)
from cspanalysis.periods import months, parse_period
from cspanalysis.registry import load_registry


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


@pytest.mark.parametrize(
    ("period", "through"),
    [("2016/17 Q1-Q3", "2016/17 Q3"), ("2016/17 Q1", "2016/17 Q1"), ("2016/17", "2016/17 Q4"),
     ("2016-04..2016-12", "2016/17 Q3"), ("2017/18 Q1-Q4", "2017/18 Q4")],
)
def test_year_to_date_through_the_last_quarter(period, through):
    assert year_to_date_through(parse_period(period)) == through


@pytest.mark.parametrize("period", ["2016/17 Q2-Q3", "2016-04..2016-11", "2015-10..2016-09", "2016-01..2016-03"])
def test_a_period_that_is_not_a_financial_year_to_date_is_a_config_error(period):
    with pytest.raises(ConfigError, match=r"is not a financial year to date: it must run from 1 April to the end of a quarter"):
        year_to_date_through(parse_period(period))


REGISTRY = """
sections: {domestic_abuse: Domestic abuse, road_safety: Road safety}
breakdowns:
  none: {description: one number}
  risk_level: {description: risk grade, values: [high, medium, standard, standard or medium]}
  location: {description: where}
agencies:
  - id: davss
    name: Domestic Abuse Volunteer Support Services
    aliases: [DAVSS]
    measures:
      - {id: referrals, label: Referrals received, unit: referrals, section: domestic_abuse,
         breakdown: risk_level, aggregate: sum, description: referrals by risk}
  - id: freedom_programme
    name: Freedom Programme
    aliases: [Freedom Programme]
    measures:
      - {id: residents, label: Residents on the programme, unit: people, section: domestic_abuse,
         breakdown: location, aggregate: sum, description: residents by town}
  - id: twbc_housing
    name: Tunbridge Wells Borough Council Housing
    aliases: [TWBC Housing]
    measures:
      - {id: properties_secured, label: Properties secured, unit: properties, section: domestic_abuse,
         breakdown: none, aggregate: sum, description: Sanctuary scheme}
  - id: speed_watch
    name: Community Speed Watch
    aliases: [Speed Watch]
    measures:
      - {id: events, label: Events held, unit: events, section: road_safety, breakdown: location,
         aggregate: sum, description: events by place}
"""


def test_tabulate_section_activity(tmp_path):
    registry_file = tmp_path / "measures.yml"
    registry_file.write_text(REGISTRY, encoding="utf-8")
    frame = returns([
        # DAVSS referrals: high 2 + 3 + 1 = 6, medium 1, standard 5 (all 12); Q4 is outside the window
        ("2016/17 Q1", "davss", "referrals", "standard", 5, "sum"),
        ("2016/17 Q1", "davss", "referrals", "high", 2, "sum"),
        ("2016/17 Q2", "davss", "referrals", "high", 3, "sum"),
        ("2016/17 Q2", "davss", "referrals", "medium", 1, "sum"),
        ("2016/17 Q3", "davss", "referrals", "high", 1, "sum"),
        ("2016/17 Q4", "davss", "referrals", "high", 50, "sum"),
        # Freedom Programme residents by town: 5 + 2 + 5 = 12, towns not listed
        ("2016/17 Q1", "freedom_programme", "residents", "Edenbridge", 5, "sum"),
        ("2016/17 Q1", "freedom_programme", "residents", "Sevenoaks", 2, "sum"),
        ("2016/17 Q2", "freedom_programme", "residents", "Tonbridge", 5, "sum"),
        # another section's measure
        ("2016/17 Q1", "speed_watch", "events", None, 4, "sum"),
    ])
    table = tabulate_section_activity(frame, load_registry(registry_file), "domestic_abuse", "2016/17 Q3")
    assert table.columns.tolist() == ["agency", "measure", "agency_name", "label", "unit", "breakdown", "value",
                                      "quarters_reported"]
    rows = table[["agency", "measure", "breakdown", "value", "quarters_reported"]].astype(object).values.tolist()
    assert rows == [
        ["davss", "referrals", "", 12, 3],
        ["davss", "referrals", "high", 6, 3],  # in the registry's order of risk levels
        ["davss", "referrals", "medium", 1, 3],  # quarters with a return for the measure, as a whole
        ["davss", "referrals", "standard", 5, 3],
        ["freedom_programme", "residents", "", 12, 2],
        ["twbc_housing", "properties_secured", "", pd.NA, 0],  # no return: shown, without a value
    ]
    assert table["agency_name"].tolist()[0] == "DAVSS" and table["label"].tolist()[-1] == "Properties secured"
    assert str(table["value"].dtype) == "Int64"
    with pytest.raises(ConfigError, match=r"'violence' is not a review section"):
        tabulate_section_activity(frame, load_registry(registry_file), "violence", "2016/17 Q3")
