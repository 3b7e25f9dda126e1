"""The road safety section (notebooks/02_road_safety.ipynb) run on the demo world, checked on its published files.

One review restricted to the section is run once for the module; the tests read what it
published: ``figures.json`` holds every ``road_safety`` figure of the plan with the plan's
value, and no ward-level count of child casualties from 1 to 4 appears in ``review.html``
or ``tables/`` (its CSV files and XLSX workbook; the ward table is published under ``suppress-1-4``).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.notebooks.conftest import published_section, section_config
from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)

pytestmark = pytest.mark.e2e

FIGURES_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "figures.csv"

#: the plan's road safety figures (Partnership Plan 2017-18, "Road safety"), written by hand:
#: id -> (value, how the plan rounds it)
PLAN = {
    "road_casualties": (423, "exact"),  # "(482 to 423)"
    "road_casualties_prev": (482, "exact"),
    "road_casualties_prev2": (441, "exact"),  # 482 "following an increase of 41"
    "road_casualties_change": (-59, "exact"),  # "59 fewer casualties"
    "road_casualties_change_pct": (-12, "whole"),  # "a 12% reduction"
    "road_casualties_kent_change_pct": (-7, "whole"),  # "a Kent-wide reduction of 7%"
    "road_ksi": (54, "exact"),  # "fell to 54"
    "road_slight": (369, "exact"),  # 423 - 54
    "road_child_ksi": (3, "exact"),  # "KSI's down from seven to three"
    "road_child_ksi_prev": (7, "exact"),
    "road_child_slight": (23, "exact"),  # "slight injuries down from 44 to 23"
    "road_child_slight_prev": (44, "exact"),
    "road_child_ksi_baseline": (3, "whole"),  # "the 2004-2008 average of three and 35"
    "road_child_slight_baseline": (35, "whole"),
    "road_casualties_baseline_between": ("423<b<=482", "exact"),  # below the baseline, 2014 was not
    "speedwatch_letters": (1751, "exact"),
    "speedwatch_letters_hawkhurst": (1275, "exact"),
    "speedwatch_letters_five_oak_green_tudeley": (141, "exact"),
    "speedwatch_locations": (17, "exact"),  # "17 wards, parishes and towns"
}
SPEED_WATCH_PLACES = {"hawkhurst": "Hawkhurst", "five_oak_green_tudeley": "Five Oak Green and Tudeley"}


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory) -> Path:  # noqa: F811
    """The published folder of a review of the demo world with only the road safety section."""
    config = section_config("02_road_safety")
    config["settings"] = config.get("settings") or {}
    config["settings"].setdefault("road_safety", {}).setdefault("speed_watch_places", SPEED_WATCH_PLACES)
    with published_section(demo_world, tmp_path_factory, "road-safety", config) as output:
        yield output


@pytest.fixture(scope="module")
def figures(published) -> dict:
    return json.loads((published / "figures.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("figure_id", sorted(PLAN))
def test_figure_has_the_plans_value(figures, figure_id):
    expected, rounding = PLAN[figure_id]
    assert figure_id in figures, f"{figure_id} is not in figures.json"
    value = figures[figure_id]
    if rounding == "whole":
        assert isinstance(value, float)
        assert round(value) == expected
    else:
        assert value == expected
        assert type(value) is type(expected)  # counts are whole numbers in the JSON, not 423.0


def test_percentages_are_unrounded_and_in_percent(figures):
    assert figures["road_casualties_change_pct"] == pytest.approx(-59 / 482 * 100)
    assert -7.5 < figures["road_casualties_kent_change_pct"] < -6.5


def test_baseline_mean_lies_between_this_year_and_last(figures):
    baseline = figures["road_casualties_baseline"]
    assert figures["road_casualties"] < baseline <= figures["road_casualties_prev"]


def test_every_road_safety_figure_of_figures_csv_is_recorded(figures):
    if not FIGURES_CSV.exists():
        pytest.skip(f"{FIGURES_CSV} not found: the shared seed folder must sit beside the repository")
    with FIGURES_CSV.open(encoding="utf-8", newline="") as handle:
        wanted = {row["id"]: row["value"] for row in csv.DictReader(handle) if row["section"] == "road_safety"}
    assert sorted(wanted) == sorted(PLAN)
    assert {key: str(PLAN[key][0]) for key in wanted} == wanted
    assert not set(wanted) - set(figures)


def _child_counts_by_ward(rows: list[list[str]]) -> list[str]:
    """The cells of every child column of a ward-level table: one whose header (in its first 10 rows) starts 'Ward'."""
    for place, header in enumerate(rows[:10]):
        if header and header[0].strip() == "Ward":
            columns = [i for i, name in enumerate(header) if "child" in name.lower()]
            return [row[i].strip() for row in rows[place + 1:] for i in columns if i < len(row) and row[i].strip()]
    return []


def _is_small_count(text: str) -> bool:
    return text.replace(",", "").isdigit() and 1 <= int(text.replace(",", "")) <= 4


def test_no_ward_child_count_from_1_to_4_in_the_tables_and_workbook(published):
    checked = []
    for table in sorted((published / "tables").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        cells = _child_counts_by_ward(rows)
        assert not [c for c in cells if _is_small_count(c)], f"{table.name} shows a child count from 1 to 4"
        checked += cells
    books = sorted(published.rglob("*.xlsx"))
    for book in books:
        in_book = []
        for sheet in load_workbook(book, read_only=True).worksheets:
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            cells = _child_counts_by_ward(rows)
            assert not [c for c in cells if _is_small_count(c)], f"{book.name}[{sheet.title}] shows a child count from 1 to 4"
            in_book += cells
        assert "[c]" in in_book, f"{book.name} has no ward table with suppressed child counts"
        checked += in_book
    # the ward table is there, and on the demo world some wards had 1 to 4 child casualties, now [c]
    assert "[c]" in checked
    assert all(c == "[c]" or c.isdigit() for c in checked)


def test_no_ward_child_count_from_1_to_4_in_the_review(published):
    soup = BeautifulSoup((published / "review.html").read_text(encoding="utf-8"), "html.parser")
    checked = []
    for table in soup.find_all("table"):
        rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
        cells = _child_counts_by_ward(rows)
        assert not [c for c in cells if _is_small_count(c)], "review.html shows a ward child count from 1 to 4"
        checked += cells
    assert soup.find(id="table-road_safety-wards") is not None
    assert "[c]" in checked
