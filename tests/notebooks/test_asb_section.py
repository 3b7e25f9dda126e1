"""The anti-social behaviour section run end to end on the demo world: its figures, tables and caveats."""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.notebooks.conftest import published_section
from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)

pytestmark = pytest.mark.e2e

CONFIG = """\
review: {review}
title: ASB section test
district: Tunbridge Wells
data_dir: {data_dir}
sources:
  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
  population: population
  police_uk: police_uk
  partner_returns: partner_returns
periods:
  crime: 2015-10..2016-09
  partner_activity: 2016/17 Q1-Q3
sections: [05_asb]
settings:
  asb:
    hotspot_min_rise_pct: 20
    hotspot_min_rise: 10
    partner_measures: [kenward_trust.outreach_young_people, csu.pspo_enforcements]
"""


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory):  # noqa: F811
    """Run a review of the ASB section alone; the demo world is linked under a name of its own."""
    with published_section(demo_world, tmp_path_factory, "asb", CONFIG) as output:
        yield output


@pytest.fixture(scope="module")
def figures(published) -> dict:
    return json.loads((published / "figures.json").read_text())


def table(published, name) -> list[dict]:
    with open(published / "tables" / f"asb-{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    """A published cell as a number (a leading apostrophe guards negative numbers against formulas)."""
    return float(text.lstrip("'").replace(",", ""))


def test_headline_figures_are_recorded_with_their_types(figures):
    assert isinstance(figures["asb_incidents"], int) and isinstance(figures["asb_incidents_prev"], int)
    assert figures["asb_change_pct"] == pytest.approx(
        (figures["asb_incidents"] - figures["asb_incidents_prev"]) / figures["asb_incidents_prev"] * 100)
    assert isinstance(figures["asb_rate_rank_kent"], int) and 1 <= figures["asb_rate_rank_kent"] <= 12
    assert isinstance(figures["asb_rate_per_1000"], float)
    assert isinstance(figures["asb_hotspot_wards"], list)


def test_the_plan_holds_on_the_demo_world_steady_and_low_relative_to_kent(figures):
    # "the borough-wide rate remaining steady and, relative to Kent, low for a number of years"
    assert figures["asb_rate_rank_kent"] <= 3 and figures["asb_rate_rank_kent_prev"] <= 3
    assert figures["asb_rate_per_1000"] < figures["asb_rate_per_1000_kent"]
    assert abs(figures["asb_change_pct"]) < 10


def test_the_district_table_ranks_the_twelve_kent_districts(published, figures):
    rows = table(published, "districts")
    assert len(rows) == 12
    here = next(r for r in rows if r["District"] == "Tunbridge Wells")
    assert int(here["Rank (1 = lowest rate)"]) == figures["asb_rate_rank_kent"]
    assert int(here["October 2015 to September 2016"]) == figures["asb_incidents"]
    rates = [number(r["Incidents per 1,000"]) for r in rows]
    assert rates == sorted(rates)


def test_wards_add_up_to_the_district_and_hotspots_follow_the_rule(published, figures):
    rows = table(published, "wards")
    assert sum(int(r["October 2015 to September 2016"]) for r in rows) == figures["asb_incidents"]
    assert sum(int(r["October 2014 to September 2015"]) for r in rows) == figures["asb_incidents_prev"]
    expected = []
    for r in rows:
        now, before = int(r["October 2015 to September 2016"]), int(r["October 2014 to September 2015"])
        rise = now - before
        if rise >= 10 and (before == 0 or rise / before * 100 >= 20):
            expected.append(r["Ward"])
        assert (r["Hotspot"] == "yes") is (r["Ward"] in expected)
    assert figures["asb_hotspot_wards"] == sorted(expected)


def test_the_review_states_the_caveats_and_the_incidents_without_a_location(published):
    page = (published / "review.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Anti-social behaviour is not crime" in text
    assert "snap point" in text
    stated = re.search(r"([\d,]+) incidents in the force's files had no location", text)
    assert stated and int(stated.group(1).replace(",", "")) > 0
    assert "hotspot ward is one whose anti-social behaviour rose" in text


def test_the_monthly_chart_and_partner_measures_are_published(published):
    assert (published / "charts" / "asb-monthly.svg").exists()
    measures = {r["Measure"]: r for r in table(published, "partner-measures")}
    assert set(measures) == {"Young people reached by youth outreach", "Public Spaces Protection Order enforcements"}
