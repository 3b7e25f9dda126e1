"""Drug offence rates and ranks, admissions counts with suppressed cells, Fingertips rates, the priority rule.

Every expected value is worked out by hand from the definitions in cspanalysis.metrics.substance.
"""

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics import substance
from cspanalysis.periods import parse_period

YEAR, BEFORE = parse_period("2015-10..2016-09"), parse_period("2014-10..2015-09")
FY, FY_BEFORE = parse_period("2015/16"), parse_period("2014/15")


def crimes(rows):
    """(recorded date, district, subgroup) rows as the crime extract's tidy columns."""
    return pd.DataFrame(rows, columns=["recorded_date", "district_name", "offence_subgroup"]).assign(
        recorded_date=lambda f: pd.to_datetime(f["recorded_date"])
    )


def population(rows):
    return pd.DataFrame(rows, columns=["area_name", "year", "population"])


POSS, TRAF = "Possession of drugs", "Trafficking of drugs"

# A: 3 possession + 1 trafficking this year (pop 2,000): 2.0 per 1,000, possession 1.5
# B: 2 possession this year (pop 1,000): 2.0 per 1,000 (a tie with A), possession 2.0
# C: 1 trafficking this year (pop 4,000): 0.25 per 1,000, possession 0
# last year: A 2 possession + 3 trafficking (pop 2,500): 2.0; B 1 possession (pop 1,000); C none
CRIMES = crimes([
    ("2015-10-01", "A", POSS), ("2016-01-10", "A", POSS), ("2016-09-30", "A", POSS), ("2016-03-03", "A", TRAF),
    ("2016-02-02", "B", POSS), ("2016-05-05", "B", POSS),
    ("2016-06-06", "C", TRAF),
    ("2015-09-30", "A", POSS), ("2014-10-01", "A", POSS), ("2015-01-01", "A", TRAF), ("2015-02-01", "A", TRAF),
    ("2015-03-01", "A", TRAF), ("2015-04-01", "B", POSS),
    ("2016-10-01", "A", POSS),  # after the year: not counted
    ("2016-01-01", "A", "Shoplifting"),  # not a drug offence
])
POPULATION = population([("A", 2016, 2000), ("B", 2016, 1000), ("C", 2016, 4000),
                         ("A", 2015, 2500), ("B", 2015, 1000), ("C", 2015, 4000)])


def test_drug_offences_are_possession_and_trafficking():
    assert substance.is_drug_offence(CRIMES).tolist() == [True] * 14 + [False]


def test_rates_use_the_mid_year_population_of_the_period_and_ties_share_the_better_rank():
    table = substance.measure_drug_offences(CRIMES, POPULATION, YEAR, ["A", "B", "C"])
    assert table["drug_offences"].tolist() == [4, 2, 1]
    assert table["possession"].tolist() == [3, 2, 0]
    assert table["trafficking"].tolist() == [1, 0, 1]
    assert table["population"].tolist() == [2000, 1000, 4000]
    assert table["drug_rate_per_1000"].tolist() == pytest.approx([2.0, 2.0, 0.25])
    assert table["possession_rate_per_1000"].tolist() == pytest.approx([1.5, 2.0, 0.0])
    assert table["drug_rate_rank"].tolist() == [2, 2, 1]
    assert table["possession_rate_rank"].tolist() == [2, 3, 1]
    before = substance.measure_drug_offences(CRIMES, POPULATION, BEFORE, ["A", "B", "C"])
    assert before["drug_offences"].tolist() == [5, 1, 0]
    assert before["drug_rate_per_1000"].tolist() == pytest.approx([2.0, 1.0, 0.0])


def test_a_district_without_a_population_is_an_error_not_a_gap():
    with pytest.raises(ConfigError, match="no mid-2016 population estimate for: D"):
        substance.measure_drug_offences(CRIMES, POPULATION, YEAR, ["A", "D"])


def test_summary_against_the_year_before_and_the_mean_of_the_districts():
    now = substance.measure_drug_offences(CRIMES, POPULATION, YEAR, ["A", "B", "C"])
    before = substance.measure_drug_offences(CRIMES, POPULATION, BEFORE, ["A", "B", "C"])
    summary = substance.summarise_drug_offences(now, before, "A")
    assert summary == {
        "drug_offences": 4, "drug_offences_prev": 5,
        "rate": pytest.approx(2.0), "rate_prev": pytest.approx(2.0),
        "mean_rate": pytest.approx((2.0 + 2.0 + 0.25) / 3), "rate_rank": 2,
        "possession": 3, "possession_prev": 2, "possession_rate": pytest.approx(1.5),
        "possession_mean_rate": pytest.approx(3.5 / 3), "possession_rate_rank": 2, "possession_above_mean": True,
        "trafficking": 1, "trafficking_prev": 3, "trafficking_change": -2, "districts": 3,
    }
    assert type(summary["rate_rank"]) is int and type(summary["possession_above_mean"]) is bool
    assert substance.summarise_drug_offences(now, before, "C")["possession_above_mean"] is False
    with pytest.raises(ConfigError, match="'Z' is not one of the compared districts: A, B, C"):
        substance.summarise_drug_offences(now, before, "Z")


def test_subgroups_table_this_year_against_last():
    summary = {"possession": 162, "possession_prev": 165, "trafficking": 24, "trafficking_prev": 43,
               "drug_offences": 186, "drug_offences_prev": 208}
    table = substance.compare_drug_subgroups(summary)
    assert table.index.tolist() == [POSS, TRAF, "All drug offences"]
    assert table["change"].tolist() == [-3, -19, -22]
    assert table["change_pct"].tolist() == pytest.approx([-3 / 165 * 100, -19 / 43 * 100, -22 / 208 * 100])


@pytest.mark.parametrize("rate, mean, possession, possession_mean, expected", [
    (1.6007, 1.6042, 1.394, 1.272, (False, True, True)),  # the plan: drugs at the average, possession above
    (1.7, 1.6, 1.0, 1.2, (True, False, True)),
    (1.5, 1.6, 1.2, 1.2, (False, False, False)),  # equal is not above
])
def test_priority_rule(rate, mean, possession, possession_mean, expected):
    decision = substance.judge_priority({"rate": rate, "mean_rate": mean, "possession_rate": possession,
                                         "possession_mean_rate": possession_mean})
    assert (decision["drug_rate_above_average"], decision["possession_rate_above_average"], decision["priority"]) == expected


@pytest.mark.parametrize("value, average, expected", [
    (1.6007, 1.6042, "equal to"), (1.66, 1.6, "above"), (1.54, 1.6, "below"), (1.64, 1.55, "equal to"),
])
def test_relation_to_the_average_as_shown(value, average, expected):
    assert substance.relate_to_average(value, average) == expected


# ------------------------------------------------------------------------------- admissions


def admissions(rows):
    """(FY start, quarter, ward, condition, age group, admissions or '*') rows as the reader returns them."""
    frame = pd.DataFrame(rows, columns=["fy_start", "quarter", "ward_name", "condition", "age_group", "admissions"])
    frame["district_name"] = "Tunbridge Wells"
    frame["suppressed"] = frame["admissions"].eq("*")
    frame["admissions"] = pd.to_numeric(frame["admissions"].mask(frame["suppressed"])).astype("Int64")
    month = 4 + 3 * (frame["quarter"] - 1)
    frame["quarter_start"] = pd.to_datetime(pd.DataFrame({
        "year": frame["fy_start"] + (month > 12), "month": (month - 1) % 12 + 1, "day": 1}))
    frame["quarter_end"] = frame["quarter_start"] + pd.offsets.QuarterEnd(0)
    return frame


ALC, SUB, U18, ADULT = "Alcohol-specific", "Substance misuse", "Under 18", "18 and over"
ADMISSIONS = admissions([
    (2015, 1, "Park", ALC, ADULT, 3), (2015, 1, "Park", ALC, U18, 1), (2015, 2, "Park", ALC, ADULT, 2),
    (2015, 4, "Sherwood", ALC, ADULT, 4), (2015, 3, "Sherwood", ALC, ADULT, 0),
    (2015, 2, "Park", SUB, ADULT, 7),
    (2014, 1, "Park", ALC, ADULT, 6), (2014, 4, "Sherwood", ALC, U18, 2), (2014, 3, "Sherwood", SUB, U18, 5),
    (2016, 1, "Park", ALC, ADULT, 9),  # 2016/17: outside both years
])


def test_admissions_in_a_financial_year_both_age_groups():
    # 2015/16 alcohol-specific: 3 + 1 + 2 + 4 + 0 = 10; 2014/15: 6 + 2 = 8
    assert substance.count_admissions(ADMISSIONS, FY, "Tunbridge Wells") == substance.AdmissionsCount(10, 10, 0)
    assert substance.count_admissions(ADMISSIONS, FY_BEFORE, "Tunbridge Wells").value == 8
    assert substance.count_admissions(ADMISSIONS, FY, "Tunbridge Wells", age_group=U18).value == 1
    assert substance.count_admissions(ADMISSIONS, FY, "Tunbridge Wells", condition=SUB).value == 7


def test_only_whole_quarters_inside_the_period_count():
    half = parse_period("2015-04..2015-09")  # Q1 and Q2 of 2015/16
    assert substance.count_admissions(ADMISSIONS, half, "Tunbridge Wells").value == 6
    part = parse_period("2015-05..2015-12")  # Q1 only partly inside: Q2 and Q3
    assert substance.count_admissions(ADMISSIONS, part, "Tunbridge Wells").value == 2


def test_a_suppressed_cell_makes_the_total_a_range():
    frame = admissions([(2015, 1, "Park", ALC, ADULT, 6), (2015, 2, "Park", ALC, U18, "*"), (2015, 3, "Park", ALC, U18, "*")])
    count = substance.count_admissions(frame, FY, "Tunbridge Wells")
    assert count == substance.AdmissionsCount(8, 14, 2)  # 6 + 1 + 1 to 6 + 4 + 4
    assert not count.exact and count.value is None
    under_18 = substance.count_admissions(frame, FY, "Tunbridge Wells", age_group=U18)
    assert (under_18.low, under_18.high) == (2, 8)


def test_an_unknown_district_is_an_error_naming_the_ones_held():
    with pytest.raises(ConfigError, match="no rows for 'Maidstone': it holds Tunbridge Wells"):
        substance.count_admissions(ADMISSIONS, FY, "Maidstone")


@pytest.mark.parametrize("count, shown", [
    (0, 0), (1, "<5"), (4, "<5"), (5, 5), (66, 66),
    (substance.AdmissionsCount(1, 4, 1), "<5"), (substance.AdmissionsCount(2, 8, 2), "2 to 8"),
    (substance.AdmissionsCount(7, 7, 0), 7),
])
def test_small_counts_are_shown_only_as_less_than_five(count, shown):
    assert substance.show_small_count(count) == shown


def test_ward_by_quarter_table_zero_fills_wards_and_adds_the_year():
    table = substance.count_by_ward_and_quarter(ADMISSIONS, FY, "Tunbridge Wells", wards=["Sherwood", "Culverden", "Park"])
    assert table.index.tolist() == ["Culverden", "Park", "Sherwood"]
    assert table.columns.tolist() == ["Q1 Apr-Jun", "Q2 Jul-Sep", "Q3 Oct-Dec", "Q4 Jan-Mar", "2015/16"]
    assert table.loc["Park"].tolist() == [4, 2, 0, 0, 6]  # Q1: 3 adults + 1 under 18
    assert table.loc["Sherwood"].tolist() == [0, 0, 0, 4, 4]
    assert table.loc["Culverden"].tolist() == [0, 0, 0, 0, 0]
    assert substance.largest_ward_quarter_count(ADMISSIONS, FY, "Tunbridge Wells") == 4
    assert substance.largest_ward_quarter_count(ADMISSIONS, FY_BEFORE, "Tunbridge Wells") == 6
    assert substance.largest_ward_quarter_count(ADMISSIONS, FY, "Tunbridge Wells", condition=SUB) == 7


def test_a_suppressed_cell_is_missing_in_the_ward_table_and_counts_as_four_at_most():
    frame = admissions([(2015, 1, "Park", ALC, ADULT, 2), (2015, 1, "Park", ALC, U18, "*"), (2015, 2, "Park", ALC, ADULT, 3)])
    table = substance.count_by_ward_and_quarter(frame, FY, "Tunbridge Wells")
    assert pd.isna(table.loc["Park", "Q1 Apr-Jun"]) and pd.isna(table.loc["Park", "2015/16"])
    assert table.loc["Park", "Q2 Jul-Sep"] == 3
    # Q1 is 2 + (1 to 4): at most 6
    assert substance.largest_ward_quarter_count(frame, FY, "Tunbridge Wells") == 6
    bigger = admissions([(2015, 1, "Park", ALC, U18, "*"), (2015, 2, "Park", ALC, ADULT, 7)])
    assert substance.largest_ward_quarter_count(bigger, FY, "Tunbridge Wells") == 7


def test_the_ward_table_needs_a_financial_year():
    with pytest.raises(ConfigError, match="need a financial year .* not October 2015 to September 2016"):
        substance.count_by_ward_and_quarter(ADMISSIONS, YEAR, "Tunbridge Wells")


def test_by_condition_table_leaves_out_18_and_over():
    table = substance.count_by_condition(ADMISSIONS, [FY_BEFORE, FY], "Tunbridge Wells")
    assert table.columns.tolist() == ["2014/15", "2015/16"]
    assert table.to_dict("index") == {
        "Alcohol-specific: all ages": {"2014/15": 8, "2015/16": 10},
        "Alcohol-specific: under 18": {"2014/15": 2, "2015/16": 1},
        "Substance misuse: all ages": {"2014/15": 5, "2015/16": 7},
        "Substance misuse: under 18": {"2014/15": 5, "2015/16": 0},
    }


@pytest.mark.parametrize("text, label", [("2015/16", "2015/16"), ("2015", "2015"), ("1999/00", "1999/00")])
def test_year_labels(text, label):
    assert substance.year_label(parse_period(text)) == label


def test_a_year_label_needs_a_whole_year():
    with pytest.raises(ConfigError, match="expected a financial or calendar year, not October 2015 to September 2016"):
        substance.year_label(YEAR)


# ------------------------------------------------------------------------------- Fingertips


def fingertips(rows):
    columns = ["indicator_id", "indicator_name", "area_code", "area_name", "sex", "age", "category_type",
               "category", "time_period", "value", "lower_ci_95", "upper_ci_95", "count", "denominator",
               "compared_to_england", "value_note"]
    return pd.DataFrame(rows, columns=columns)


NAME = "Admission episodes for alcohol-specific conditions"
FINGERTIPS = fingertips([
    (92906, NAME, "E07000116", "Tunbridge Wells", "Persons", "All ages", None, None, "2015/16", 57.4, 44.4, 73.1, 66.0, 115507.0, "Better", None),
    (92906, NAME, "E07000116", "Tunbridge Wells", "Male", "All ages", None, None, "2015/16", 70.0, 50.0, 90.0, 42.0, 57000.0, "Better", None),
    (92906, NAME, "E07000116", "Tunbridge Wells", "Persons", "All ages", None, None, "2014/15", 81.4, 65.7, 99.7, 93.0, 114818.0, "Better", None),
    (92906, NAME, "E10000016", "Kent", "Persons", "All ages", None, None, "2015/16", 75.3, 71.0, 79.7, 1185.0, 1500000.0, "Better", None),
    (92906, NAME, "E10000016", "Kent", "Persons", "All ages", None, None, "2014/15", 107.0, 101.9, 112.2, 1669.0, 1490000.0, "Better", None),
    (92906, NAME, "E92000001", "England", "Persons", "All ages", None, None, "2015/16", 97.4, 96.6, 98.2, 53245.0, 54786300.0, "Not compared", None),
    (92906, NAME, "E92000001", "England", "Persons", "All ages", "Deprivation deciles", "Most deprived decile", "2015/16", 150.0, 140.0, 160.0, 9000.0, 5478630.0, "Worse", None),
    (92906, NAME, "E92000001", "England", "Persons", "All ages", None, None, "2014/15", 138.5, 137.5, 139.5, 75040.0, 54316600.0, "Not compared", None),
    (92904, NAME + " - Under 18s", "E07000116", "Tunbridge Wells", "Persons", "<18 yrs", None, None, "2015/16", 13.8, 6.6, 25.4, 10.0, 72336.0, "Better", None),
])


def test_headline_rates_for_the_areas_and_years_asked_in_order():
    rates = substance.select_indicator_rates(FINGERTIPS, NAME.upper(), ["Tunbridge Wells", "Kent", "England"], ["2014/15", "2015/16"])
    assert rates[["area", "time_period"]].values.tolist() == [
        ["Tunbridge Wells", "2014/15"], ["Tunbridge Wells", "2015/16"], ["Kent", "2014/15"], ["Kent", "2015/16"],
        ["England", "2014/15"], ["England", "2015/16"]]
    assert rates["value"].tolist() == [81.4, 57.4, 107.0, 75.3, 138.5, 97.4]  # persons, not the decile or male rows
    assert rates["count"].tolist()[1] == 66.0


def test_indicator_by_id_and_area_by_code():
    rates = substance.select_indicator_rates(FINGERTIPS, 92904, ["E07000116"], ["2015/16"])
    assert rates["value"].tolist() == [13.8]
    male = substance.select_indicator_rates(FINGERTIPS, "92906", ["Tunbridge Wells"], ["2015/16"], sex="male")
    assert male["value"].tolist() == [70.0]


def test_missing_indicator_area_or_year_is_an_error_saying_which():
    with pytest.raises(ConfigError, match="no Fingertips indicator 'Alcohol deaths' in the export"):
        substance.select_indicator_rates(FINGERTIPS, "Alcohol deaths", ["Kent"], ["2015/16"])
    with pytest.raises(ConfigError, match="no headline figure for Persons in: Kent 2013/14, Medway 2013/14, Medway 2015/16"):
        substance.select_indicator_rates(FINGERTIPS, NAME, ["Kent", "Medway"], ["2013/14", "2015/16"])


def test_two_headline_rows_for_one_figure_are_an_error():
    doubled = pd.concat([FINGERTIPS, FINGERTIPS.iloc[[0]].assign(age="18+ yrs", value=60.0)], ignore_index=True)
    with pytest.raises(ConfigError, match=r"Tunbridge Wells 2015/16 has 2 headline rows for Persons \(ages: 18\+ yrs, All ages\)"):
        substance.select_indicator_rates(doubled, NAME, ["Tunbridge Wells"], ["2015/16"])
