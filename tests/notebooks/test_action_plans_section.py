"""The action-plans section run end to end on the demo world: action counts, monitoring tables and disclosure."""

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
title: Action plans section test
district: Tunbridge Wells
data_dir: {data_dir}
sources:
  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
  population: population
  partner_returns: partner_returns
periods:
  partner_activity: 2016/17 Q1-Q3
sections: [08_action_plans]
settings:
  action_plans:
    plans: config/action-plans-2017-18.yml
"""


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory):  # noqa: F811
    """Run a review of the action-plans section alone; the demo world is linked under a name of its own."""
    with published_section(demo_world, tmp_path_factory, "actions", CONFIG) as output:
        yield output


def table(published, name: str) -> list[dict]:
    with open(published / "tables" / f"action_plans-{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_action_counts_are_the_plans(published):
    figures = json.loads((published / "figures.json").read_text())
    assert {k: v for k, v in figures.items() if k.startswith("actions_")} == {
        "actions_domestic_abuse": 7, "actions_road_safety": 6, "actions_substance_misuse": 14,
        "actions_vulnerable_victims": 13}
    status = table(published, "status")
    assert sum(int(r["On track"]) + int(r["Behind"]) + int(r["No data"]) for r in status) == 40


def test_each_priority_shows_its_actions_and_measures(published):
    for slug, count in (("domestic-abuse", 7), ("road-safety", 6), ("substance-misuse", 14), ("vulnerable-victims", 13)):
        actions = table(published, f"{slug}-actions")
        assert [int(r["No."]) for r in actions] == list(range(1, count + 1))
        assert all(r["Status"] in ("on track", "behind", "no data") for r in actions)
        assert table(published, f"{slug}-measures")
    measures = {r["Ref"]: r for r in table(published, "domestic-abuse-measures")}
    # the plan's Q1-Q3 figures: DAVSS 195 referrals, MARAC 74 new and 19 repeat cases, CDAP 7 men, ISVA 39 victims
    assert measures["1.1"]["Year to date"] == "195" and measures["2.1a"]["Year to date"] == "74"
    assert measures["2.1b"]["Year to date"] == "19" and measures["4.1"]["Year to date"] == "7"
    assert measures["5.1"]["Year to date"] == "39"
    road = {r["Ref"]: r for r in table(published, "road-safety-measures")}
    assert road["6.1a"]["Expected by now"] == "1.5"  # two road checks a year, three quarters in


def test_small_domestic_abuse_counts_are_suppressed(published):
    """Two victims were helped by the Sanctuary scheme (the plan): 1-4 must show as [c], in the table and the page."""
    measures = {r["Ref"]: r for r in table(published, "domestic-abuse-measures")}
    assert measures["7.1"]["Year to date"] == "[c]"
    for row in measures.values():
        for column in ("Year to date", "Latest quarter", "Previous quarter"):
            assert not re.fullmatch(r"[1-4]", row[column]), (row["Ref"], column, row[column])
    page = (published / "review.html").read_text(encoding="utf-8")
    start = page.index('id="table-action_plans-domestic-abuse-measures"')
    shown = page[start:page.index("</figure>", start)]
    assert not re.search(r"<td>[1-4]</td>", shown)


def test_the_status_rule_is_stated(published):
    page = (published / "review.html").read_text(encoding="utf-8")
    assert "when no partner return measures it" in page and "below what the target expects by now" in page
