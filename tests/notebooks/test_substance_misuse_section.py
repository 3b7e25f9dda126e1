"""The alcohol and substance misuse section (notebooks/04_substance_misuse.ipynb) on the demo world, checked on its files.

One review restricted to the section is run once for the module on the session's demo
world (``demo_world`` of tests/demo/conftest.py, reached through a link with a name of its
own so that its processed cache is ``data/processed/<that name>``). The tests read what it
published: ``figures.json`` holds every ``substance_misuse`` figure of the plan with the
plan's value, rounded as the plan rounds it; no ward-quarter admissions count from 1 to 4
appears as a number in ``review.html`` or ``tables/``; under-18 admissions are shown only
as suppressed. The expected ward-quarter counts are counted here from the raw extract with
plain pandas, so the check is known to meet small counts.
"""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.notebooks.conftest import published_section, section_config
from tests.demo.conftest import demo_world  # noqa: F401  (the session's demo world, a fixture)

pytestmark = pytest.mark.e2e

FIGURES_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "figures.csv"
WARD_TABLE = "substance_misuse-admissions-by-ward-quarter"
CONDITION_TABLE = "substance_misuse-admissions-by-condition"
QUARTERS = ["Q1 Apr-Jun", "Q2 Jul-Sep", "Q3 Oct-Dec", "Q4 Jan-Mar"]

#: the plan's substance misuse figures (Partnership Plan 2017-18, "Alcohol and substance misuse"),
#: written by hand: id -> (value, how the plan shows it)
PLAN = {
    "drug_offences_rate_per_1000": (1.6, "1dp"),  # "there were 1.6 (previously 1.8) recorded drug offences per 1,000"
    "drug_offences_rate_per_1000_prev": (1.8, "1dp"),
    "drug_offences_rate_kent_avg": (1.6, "1dp"),  # "equal to the Kent district average"
    "drug_offences_rate_rank_kent": (9, "exact"),  # "now 9th out of 12 Kent districts"
    "drug_possession": (162, "exact"),  # "possession offences fell by just three to 162"
    "drug_possession_prev": (165, "exact"),
    "drug_possession_rate_rank_kent": (11, "exact"),  # "slightly above the Kent average but 11th out of 12"
    "drug_trafficking_change": ("<0", "negative"),  # "a clear reduction in trafficking offences"
    "alcohol_specific_admissions": (66, "exact"),  # "down from 93 to 66"
    "alcohol_specific_admissions_prev": (93, "exact"),
    "alcohol_admissions_ward_quarter_max": (4, "exact"),  # "no ward had more than four admissions per quarter"
    "alcohol_admissions_under18": ("<5", "exact"),  # "less than five in 2015/16"
    "cgl_structured_treatment": (308, "exact"),
    "addaction_young_people": (81, "exact"),
    "addaction_started_treatment": (9, "exact"),
    "addaction_left_treatment": (37, "exact"),
    "addaction_in_treatment": (35, "exact"),
    "kydis_referrals": (8, "exact"),
    "dust_staff_trained": (20, "exact"),
    "class_a_supply_arrests": (16, "exact"),
}


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory) -> Path:  # noqa: F811
    """The published folder of a review of the demo world with only the substance misuse section."""
    config = section_config("04_substance_misuse")
    config["sources"].setdefault("fingertips", "fingertips/alcohol-specific-admissions.csv")
    config["sources"].setdefault("admissions", "admissions/ward-quarter-admissions.csv")
    config["periods"].setdefault("admissions", "2015/16")
    config.setdefault("settings", {}).setdefault("substance_misuse", {"plan_year": "2017/18"})
    with published_section(demo_world, tmp_path_factory, "substance-misuse", config) as output:
        yield output


@pytest.fixture(scope="module")
def figures(published) -> dict:
    return json.loads((published / "figures.json").read_text(encoding="utf-8"))


def rounded(value: float, places: int) -> float:
    """Rounded half up, as the plan prints rates."""
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("figure_id", sorted(PLAN))
def test_figure_has_the_plans_value(figures, figure_id):
    expected, shown = PLAN[figure_id]
    assert figure_id in figures, f"{figure_id} is not in figures.json"
    value = figures[figure_id]
    if shown == "1dp":
        assert isinstance(value, float) and value != expected  # unrounded
        assert rounded(value, 1) == expected
    elif shown == "negative":
        assert type(value) is int and value < 0
    else:
        assert value == expected
        assert type(value) is type(expected)  # counts and ranks are whole numbers, "<5" a string


def test_possession_rate_is_above_the_kent_average_and_the_recommendation_is_recorded(figures):
    assert figures["drug_possession_rate_above_kent_avg"] is True
    assert figures["substance_misuse_priority"] is True


def test_every_substance_misuse_figure_of_figures_csv_is_recorded(figures):
    if not FIGURES_CSV.exists():
        pytest.skip(f"{FIGURES_CSV} not found: the shared seed folder must sit beside the repository")
    with FIGURES_CSV.open(encoding="utf-8", newline="") as handle:
        wanted = {row["id"]: row["value"] for row in csv.DictReader(handle) if row["section"] == "substance_misuse"}
    assert sorted(wanted) == sorted(PLAN)
    assert {key: str(PLAN[key][0]) for key in wanted} == wanted
    assert not set(wanted) - set(figures)


def test_the_review_says_the_figures_and_the_recommendation(published):
    text = " ".join((published / "review.html").read_text(encoding="utf-8").split())
    assert "there were 1.6 (previously 1.8) recorded drug offences per 1,000 residents in Tunbridge Wells" in text
    assert "equal to the average of the Kent districts (1.6)" in text
    assert "possession offences fell from 165 to 162" in text
    assert "Alcohol-specific hospital admissions of Tunbridge Wells residents fell from 93 to 66" in text
    assert "no ward had more than four admissions in any quarter" in text
    assert "The rule: alcohol and substance misuse stays a priority when" in text
    assert "remains a priority for 2017/18" in text


# ------------------------------------------------------------------ ward-quarter counts and disclosure


@pytest.fixture(scope="module")
def raw_ward_quarters(demo_world) -> dict[tuple[str, str], int]:  # noqa: F811
    """Alcohol-specific admissions of 2015/16 by (ward, quarter), both ages, counted here from the raw file."""
    raw = pd.read_csv(demo_world / "admissions" / "ward-quarter-admissions.csv", encoding="utf-8-sig", dtype=str)
    chosen = raw[(raw["Financial Year"] == "2015/16") & (raw["Condition"].str.casefold() == "alcohol-specific")
                 & (raw["District"] == "Tunbridge Wells")]
    counts = chosen.assign(n=chosen["Admissions"].astype(int)).groupby(["Ward Name", "Quarter"])["n"].sum()
    return {(ward, QUARTERS[int(quarter[1]) - 1]): int(n) for (ward, quarter), n in counts.items()}


def _small(text: str) -> bool:
    text = text.replace(",", "").strip()
    return text.isdigit() and 1 <= int(text) <= 4


def _ward_cells(rows: list[list[str]]) -> list[tuple[str, str, str]]:
    """(ward, column, cell) for every cell of a table whose first column is 'Ward'."""
    if not rows or not rows[0] or rows[0][0].strip() != "Ward":
        return []
    header = [h.strip() for h in rows[0]]
    return [(row[0].strip(), header[i], row[i].strip()) for row in rows[1:] for i in range(1, min(len(row), len(header)))]


def _check(rows, raw, where) -> list[tuple[str, str, str]]:
    cells = _ward_cells(rows)
    leaks = [cell for cell in cells if _small(cell[2])]
    assert not leaks, f"{where} shows ward admissions counts from 1 to 4: {leaks}"
    for ward, column, text in cells:
        if (ward, column) in raw:
            assert text == "[c]" or int(text) == raw[(ward, column)], (where, ward, column, text)
    return cells


def test_no_ward_quarter_count_from_1_to_4_in_the_tables(published, raw_ward_quarters):
    small = [cell for cell, n in raw_ward_quarters.items() if 1 <= n <= 4]
    assert small, "the demo world has no small ward-quarter count: this test would not show a leak"
    log = json.loads((published / "disclosure" / f"{WARD_TABLE}.json").read_text(encoding="utf-8"))
    assert log["policy"] in ("suppress-1-4", "suppress-1-9")
    checked = []
    for table in sorted((published / "tables").glob("*.csv")):
        with table.open(encoding="utf-8-sig", newline="") as handle:
            checked += _check(list(csv.reader(handle)), raw_ward_quarters, table.name)
    from openpyxl import load_workbook

    for book in sorted((published / "tables").glob("*.xlsx")):
        for sheet in load_workbook(book, read_only=True).worksheets:
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            checked += _check(rows, raw_ward_quarters, f"{book.name}[{sheet.title}]")
    shown = {(ward, column): text for ward, column, text in checked}
    assert all(shown.get(cell) == "[c]" for cell in small), small


def test_no_ward_quarter_count_from_1_to_4_in_the_review(published, raw_ward_quarters):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((published / "review.html").read_text(encoding="utf-8"), "html.parser")
    checked = []
    for number, table in enumerate(soup.find_all("table"), start=1):
        rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
        checked += _check(rows, raw_ward_quarters, f"review.html table {number}")
    assert soup.find(id=f"table-{WARD_TABLE}") is not None
    assert "[c]" in {text for _, _, text in checked}


def test_under_18_admissions_are_shown_only_as_suppressed(published, demo_world):  # noqa: F811
    raw = pd.read_csv(demo_world / "admissions" / "ward-quarter-admissions.csv", encoding="utf-8-sig", dtype=str)
    young = raw[(raw["Financial Year"] == "2015/16") & (raw["Condition"] == "Alcohol-specific")
                & (raw["Age Group"] == "Under 18") & (raw["District"] == "Tunbridge Wells")]
    count = int(young["Admissions"].astype(int).sum())
    assert 1 <= count <= 4, "the demo world's under-18 count is not small: this test would not show a leak"
    with (published / "tables" / f"{CONDITION_TABLE}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row[0]: row[1:] for row in csv.reader(handle)}
    assert rows["Admissions"] == ["2014/15", "2015/16"]
    assert rows["Alcohol-specific: under 18"][1] == "[c]"
    assert rows["Alcohol-specific: all ages"] == ["93", "66"]
    assert not any(name.startswith("Alcohol-specific: 18") for name in rows)  # would give the under-18 count away
    text = " ".join((published / "review.html").read_text(encoding="utf-8").split())
    assert "Admissions of under-18s in 2015/16: &lt;5" in text
    assert f"under-18s in 2015/16: {count}" not in text
