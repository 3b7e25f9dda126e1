"""The demo Fingertips export: the real 27-column layout, and counts that agree with the admissions extract."""

import csv
from pathlib import Path

import pytest

from cspanalysis.demo import DEFAULT_SEED, fingertips
from cspanalysis.demo.world import make_world
from cspanalysis.metrics import substance
from cspanalysis.periods import parse_period
from cspanalysis.sources.admissions import read_admissions_extract
from cspanalysis.sources.fingertips import read_fingertips_export

HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
    "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
    "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to percentiles", "Time period Sortable", "New data",
    "Compared to goal", "Time period range",
]
NAME = "Admission episodes for alcohol-specific conditions"
AREAS = ["Tunbridge Wells", "Kent", "England"]


@pytest.fixture(scope="module")
def path(demo_world) -> Path:
    return demo_world / "fingertips" / "alcohol-specific-admissions.csv"


@pytest.fixture(scope="module")
def export(path):
    return read_fingertips_export(path)


def test_the_file_has_the_real_27_column_header(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    assert all(len(row) == 27 for row in rows)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_two_indicators_for_the_12_kent_districts_kent_and_england(export):
    assert sorted(export["indicator_name"].unique()) == [NAME, NAME + " - Under 18s"]
    headline = export[(export["indicator_id"] == 92906) & export["category_type"].isna() & (export["sex"] == "Persons")]
    assert sorted(headline["time_period"].unique()) == ["2012/13", "2013/14", "2014/15", "2015/16"]
    assert headline.groupby("time_period")["area_name"].nunique().tolist() == [14] * 4
    districts = headline[headline["area_type"] == "District & UA (pre 4/19)"]
    assert set(districts["parent_name"]) == {"Kent"}
    assert export["category_type"].notna().any()  # England's deprivation deciles: not headline rows


def test_tunbridge_wells_counts_agree_with_the_admissions_extract(export, demo_world):
    extract = read_admissions_extract(demo_world / "admissions" / "ward-quarter-admissions.csv")
    rates = substance.select_indicator_rates(export, NAME, ["Tunbridge Wells"], ["2014/15", "2015/16"])
    for year, count in zip(["2014/15", "2015/16"], rates["count"]):
        assert count == substance.count_admissions(extract, parse_period(year), "Tunbridge Wells").value
    assert rates["count"].tolist() == [93, 66]  # the plan: "down from 93 to 66"


def test_kent_is_the_sum_of_its_districts_and_tunbridge_wells_is_below_kent_and_england(export):
    rows = export[(export["indicator_id"] == 92906) & export["category_type"].isna() & (export["sex"] == "Persons")
                  & (export["time_period"] == "2015/16")]
    districts = rows[rows["parent_name"] == "Kent"]
    kent = rows[rows["area_name"] == "Kent"].iloc[0]
    assert kent["count"] == districts["count"].sum() and kent["denominator"] == districts["denominator"].sum()
    rates = substance.select_indicator_rates(export, NAME, AREAS, ["2015/16"]).set_index("area")["value"]
    assert rates["Tunbridge Wells"] < rates["Kent"] < rates["England"]


def test_confidence_limits_hold_the_value(export):
    numbers = export.dropna(subset=["value"])
    assert (numbers["lower_ci_99_8"] <= numbers["lower_ci_95"]).all()
    assert (numbers["lower_ci_95"] <= numbers["value"]).all() and (numbers["value"] <= numbers["upper_ci_95"]).all()
    assert (numbers["upper_ci_95"] <= numbers["upper_ci_99_8"]).all()


def test_same_bytes_every_build(tmp_path, path):
    written = fingertips.build(tmp_path, make_world(DEFAULT_SEED), DEFAULT_SEED)
    assert [p.relative_to(tmp_path) for p in written] == [fingertips.RELATIVE_PATH]
    assert written[0].read_bytes() == path.read_bytes()
