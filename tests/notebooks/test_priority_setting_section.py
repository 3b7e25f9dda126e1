"""The priority-setting section run end to end on the demo world: the recommendation, the matrix and its tables."""

from __future__ import annotations

import csv
import json

import pytest

from tests.notebooks.conftest import published_section
from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)

pytestmark = pytest.mark.e2e

CONFIG = """\
review: {review}
title: Priority setting section test
district: Tunbridge Wells
data_dir: {data_dir}
sources:
  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
  population: population
  police_crimes: police_crimes/crimes.csv
  police_uk: police_uk
  police_da: police_da/da_incidents.csv
  stats19: stats19
periods:
  crime: 2015-10..2016-09
  road_casualties: 2015
sections: [07_priority_setting]
settings:
  priority_setting:
    matrix: config/priorities-2017-18.yml
"""


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory):  # noqa: F811
    """Run a review of the priority-setting section alone; the demo world is linked under a name of its own."""
    with published_section(demo_world, tmp_path_factory, "priorities", CONFIG) as output:
        yield output


def table(published, name: str) -> list[dict]:
    with open(published / "tables" / f"priority_setting-{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_recommends_the_plans_four_priorities_and_not_violent_crime(published):
    figures = json.loads((published / "figures.json").read_text())
    # figures.csv priorities_2017_18: the plan's "This year the CSP has agreed to focus on four key issues"
    assert figures["priorities_2017_18"] == ["Domestic abuse", "Road safety", "Alcohol and substance misuse",
                                             "Vulnerable victims"]
    rows = {row["Candidate priority"]: row for row in table(published, "recommendations")}
    assert rows["Violent crime"]["Recommended"] == "no" and "below the threshold" in rows["Violent crime"]["Why"]
    assert [p for p, row in rows.items() if row["Recommended"] == "yes"] == figures["priorities_2017_18"]


def test_likelihood_comes_from_the_plans_counts(published):
    rows = {row["Issue"]: row for row in table(published, "likelihood-from-data")}
    # the plan: 1,403 DA incidents (up 6% from 1,323); 1,696 violent crimes (up 195); 482 to 423 road casualties;
    # 1.6 drug offences per 1,000, equal to the Kent district average
    assert (rows["Domestic abuse"]["Count October 2015 to September 2016"],
            rows["Domestic abuse"]["Count October 2014 to September 2015"]) == ("1403", "1323")
    assert rows["Violent crime"]["Count October 2015 to September 2016"] == "1696"
    assert rows["Violent crime"]["Count October 2014 to September 2015"] == "1501"
    assert rows["Road safety"]["Count October 2015 to September 2016"] == "423"
    assert rows["Road safety"]["Count October 2014 to September 2015"] == "482"
    assert rows["Alcohol and substance misuse"]["Rate per 1,000"] == "1.6"
    assert rows["Alcohol and substance misuse"]["Kent districts average rate"] == "1.6"
    assert set(rows) == {"Domestic abuse", "Violent crime", "Alcohol and substance misuse", "Burglary",
                         "Anti-social behaviour", "Road safety"}


def test_matrix_shows_every_sub_score_of_every_issue(published):
    rows = table(published, "matrix")
    assert len(rows) == 10 and [int(r["Rank"]) for r in rows] == sorted(int(r["Rank"]) for r in rows)
    for column in ("Physical", "Psychological", "Financial", "Community", "Environment", "Vulnerability", "Scope",
                   "Harm score", "Likelihood", "Confidence", "Capacity", "Capability", "Partnership", "Total"):
        assert all(r[column] != "" for r in rows), column
    themes = [r for r in rows if r["Candidate priority"] == "Vulnerable victims"]
    assert {r["Issue"] for r in themes} == {"Child sexual exploitation", "Modern slavery", "Prevent (counter-terrorism)",
                                            "Gangs and organised crime"}
    assert all(r["Likelihood from"] == "judgement" for r in themes)
    assert len(table(published, "evidence")) == 10 * 12


def test_chart_and_rule_are_in_the_review(published):
    page = (published / "review.html").read_text(encoding="utf-8")
    assert 'alt="Scatter chart: harm score against likelihood of each candidate issue, 10 points' in page
    assert "every candidate priority whose total is at least 40 is recommended" in page
    assert (published / "charts" / "priority_setting-harm-likelihood.svg").exists()
