"""The vulnerable victims section run end to end on the demo world: no district count from 1 to 9 is published."""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd
import pytest

from cspanalysis.sources.police_crimes import read_crime_extract
from tests.notebooks.conftest import published_section
from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)

pytestmark = pytest.mark.e2e

DISTRICT = "Tunbridge Wells"
FLAGS = {"CSE": "vulnerability_cse", "Modern slavery": "vulnerability_modern_slavery",
         "Child abuse": "vulnerability_child_abuse", "Gang related": "vulnerability_gang_related"}
YEAR, BEFORE = "October 2015 to September 2016", "October 2014 to September 2015"

CONFIG = """\
review: {review}
title: Vulnerable victims section test
district: Tunbridge Wells
data_dir: {data_dir}
sources:
  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
  population: population
  police_crimes: police_crimes/crimes.csv
  partner_returns: partner_returns
periods:
  crime: 2015-10..2016-09
  partner_activity: 2016/17 Q1-Q3
sections: [06_vulnerable_victims]
"""


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory):  # noqa: F811
    """Run a review of the vulnerable victims section alone; the demo world is linked under a name of its own."""
    with published_section(demo_world, tmp_path_factory, "vulnerable", CONFIG) as output:
        yield output


@pytest.fixture(scope="module")
def truth(demo_world) -> dict:  # noqa: F811
    """The true counts, straight from the crime extract: (area, year label) -> {flag or 'total': count}."""
    crimes = read_crime_extract(demo_world / "police_crimes" / "crimes.csv")
    counts = {}
    for label, start, end in ((YEAR, "2015-10-01", "2016-09-30"), (BEFORE, "2014-10-01", "2015-09-30")):
        inside = crimes[(crimes["recorded_date"] >= pd.Timestamp(start)) & (crimes["recorded_date"] <= pd.Timestamp(end))]
        for area, rows in (("force", inside), ("district", inside[inside["district_name"] == DISTRICT])):
            flags = rows["vulnerability_flags"].fillna("").str.split(";")
            counts[(area, label)] = {flag: int(flags.map(lambda fs, f=flag: f in fs).sum()) for flag in FLAGS}
            counts[(area, label)]["total"] = int(flags.map(lambda fs: any(f in FLAGS for f in fs)).sum())
    return counts


@pytest.fixture(scope="module")
def figures(published) -> dict:
    return json.loads((published / "figures.json").read_text())


def small(value) -> bool:
    """A count from 1 to 9 shown as a number."""
    text = str(value).strip().lstrip("'").replace(",", "")
    return bool(re.fullmatch(r"\d+(\.0+)?", text)) and 1 <= float(text) <= 9


def test_the_demo_world_has_district_counts_from_1_to_9_so_this_test_has_teeth(truth):
    district = [*truth[("district", YEAR)].values(), *truth[("district", BEFORE)].values()]
    assert any(1 <= v <= 9 for v in district)


def test_figures_are_present_and_follow_the_rule(figures, truth):
    now, before = truth[("district", YEAR)], truth[("district", BEFORE)]
    for flag, figure in FLAGS.items():
        assert figure in figures
        expected = "[c]" if 1 <= now[flag] <= 9 else now[flag]
        # a count of 10 or more may still be hidden to protect a smaller one, never shown wrong
        assert figures[figure] in (expected, "[c]")
        if figures[figure] != "[c]":
            assert figures[figure] == now[flag] and isinstance(figures[figure], int)
    assert figures["vulnerability_flagged_crimes"] == ("[c]" if 1 <= now["total"] <= 9 else now["total"])
    assert figures["vulnerability_flagged_crimes_prev"] == ("[c]" if 1 <= before["total"] <= 9 else before["total"])
    assert figures["vulnerability_flagged_crimes_force"] == truth[("force", YEAR)]["total"]
    assert figures["vulnerability_flagged_crimes_force_prev"] == truth[("force", BEFORE)]["total"]
    assert "csu_awareness_campaigns" in figures and "csu_awareness_training_staff" in figures


def test_no_district_count_from_1_to_9_in_figures_json(figures):
    district = {k: v for k, v in figures.items() if k.startswith("vulnerability_") and "_force" not in k}
    assert len(district) == 6
    assert [k for k, v in district.items() if small(v)] == []


def flag_tables(published) -> dict[str, list[list[str]]]:
    """Every published CSV table of flag counts (first header 'Flag'), by file name."""
    found = {}
    for path in sorted((published / "tables").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        if rows and rows[0] and rows[0][0] == "Flag":
            found[path.name] = rows
    return found


def count_cells(rows: list[list[str]]) -> list[str]:
    header = rows[0]
    columns = [header.index(YEAR), header.index(BEFORE)]
    return [row[j] for row in rows[1:] for j in columns]


def test_no_district_count_from_1_to_9_in_the_tables(published, truth):
    tables = flag_tables(published)
    assert set(tables) == {"vulnerable_victims-district.csv", "vulnerable_victims-force.csv"}
    district = tables["vulnerable_victims-district.csv"]
    assert [c for c in count_cells(district) if small(c)] == []
    assert "[c]" in count_cells(district)
    # the force is published as counted
    force = {row[0]: row for row in tables["vulnerable_victims-force.csv"][1:]}
    header = tables["vulnerable_victims-force.csv"][0]
    assert int(force["All flagged crimes"][header.index(YEAR)]) == truth[("force", YEAR)]["total"]


def html_tables(page: str) -> dict[str, list[list[str]]]:
    """The review's tables by the id of the figure holding them: cell texts row by row."""
    found = {}
    for match in re.finditer(r'<figure class="table" id="table-([^"]+)">(.*?)</figure>', page, re.S):
        rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(2), re.S)]
        found[match.group(1)] = rows
    return found


def test_no_district_count_from_1_to_9_in_the_review(published):
    page = (published / "review.html").read_text(encoding="utf-8")
    tables = html_tables(page)
    district = tables["vulnerable_victims-district"]
    assert [c for c in count_cells(district) if small(c)] == []
    # the sentences about the district's flagged crimes carry no small number either
    start = page.index("Crimes flagged for vulnerability in the district")
    sentence = re.search(r'<div class="narrative">(.*?)</div>', page[start:], re.S).group(1)
    words = html.unescape(re.sub(r"<[^>]+>", " ", sentence))
    assert DISTRICT in words
    assert [w for w in re.findall(r"\d[\d,.]*", words) if small(w)] == []


def test_partner_measures_of_priority_4_are_published(published):
    with open(published / "tables" / "vulnerable_victims-partner-measures.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Measure"] for r in rows} >= {"Vulnerability awareness campaigns held",
                                            "Partner staff trained in vulnerability awareness"}
    page = (published / "review.html").read_text(encoding="utf-8")
    assert "no returns yet" in page
