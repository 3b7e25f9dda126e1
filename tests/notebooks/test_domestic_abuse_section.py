"""The domestic abuse section (notebooks/01_domestic_abuse.ipynb) run on the demo world, checked on its published files.

One review restricted to the section is run once for the module on the session's demo
world (``demo_world`` of tests/demo/conftest.py, reached through a link with a name of its
own so that its processed cache is ``data/processed/<that name>``, not the shared
``data/processed/demo``).  The tests read what it published: ``figures.json`` holds every
``domestic_abuse`` figure of the plan with the plan's value, rounded as the plan rounds it;
no ward-level DA count from 1 to the ward table's suppression threshold appears in
``review.html`` or ``tables/``.  The expected ward counts are counted here from the raw
extract with plain pandas, so the check is known to meet small counts.
"""

from __future__ import annotations

import csv
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from cspanalysis.disclosure import POLICIES
from cspanalysis.metrics.domestic_abuse import flag_repeat_incidents
from cspanalysis.sources.domestic_abuse import read_da_incidents
from tests.notebooks.conftest import published_section, section_config
from tests.demo.conftest import demo_world  # noqa: F401  (the session's demo world, a fixture)

pytestmark = pytest.mark.e2e

FIGURES_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "figures.csv"
WARD_TABLE = "domestic_abuse-wards"
DISTRICT = "Tunbridge Wells"

#: the plan's domestic abuse figures (Partnership Plan 2017-18, "Domestic abuse"), written by hand:
#: id -> (value, how the plan rounds it)
PLAN = {
    "da_incidents": (1403, "exact"),  # "there were 1,403 recorded incidents of domestic abuse"
    "da_incidents_change_pct": (6, "whole"),  # "an increase of 6% over the twelve-month period"
    "da_incidents_prev_change_pct": (17, "whole"),  # "against a 17% rise during the previous twelve months"
    "da_repeat_victims": (589, "exact"),  # "There were 589 recorded repeat victims"
    "da_repeat_crime_share_pct": (42, "whole"),  # "account for 42% of all reported domestic abuse crimes"
    "da_repeat_rate_apr_nov_2015": (37, "whole"),  # "the repeat rate was 37% in 2015"
    "da_repeat_rate_apr_nov_2016": (41, "whole"),  # "and 41% in 2016"
    "da_repeat_rate_kent_avg_apr_nov_2015": (38, "whole"),  # "The Kent district average for both periods is 38%"
    "da_repeat_rate_kent_avg_apr_nov_2016": (38, "whole"),
    "davss_referrals": (195, "exact"),  # "DAVSS received 195 referrals in Q1 - Q3"
    "davss_referrals_high_risk": (71, "exact"),  # "of which 71 were graded high risk"
    "davss_referrals_standard_medium": (124, "exact"),  # "and 124 standard or medium risk"
    "marac_new_cases": (74, "exact"),  # "74 new cases and 19 repeat cases were referred to ... MARAC"
    "marac_repeat_cases": (19, "exact"),
    "cdap_men_supported": (7, "exact"),  # "Seven men were supported, or partially supported, through the CDAP"
    "isva_victims_supported": (39, "exact"),  # "39 victims of sexual abuse were supported by the ... ISVA"
    "sanctuary_properties": (2, "exact"),  # "Two victims of domestic abuse were supported through the Sanctuary scheme"
}


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory) -> Path:  # noqa: F811
    """The published folder of a review of the demo world with only the domestic abuse section."""
    with published_section(demo_world, tmp_path_factory, "domestic-abuse", section_config("01_domestic_abuse")) as output:
        yield output


@pytest.fixture(scope="module")
def figures(published) -> dict:
    return json.loads((published / "figures.json").read_text(encoding="utf-8"))


def rounded(value: float) -> int:
    """Rounded to a whole number half up, as the plan prints percentages."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("figure_id", sorted(PLAN))
def test_figure_has_the_plans_value(figures, figure_id):
    expected, rounding = PLAN[figure_id]
    assert figure_id in figures, f"{figure_id} is not in figures.json"
    value = figures[figure_id]
    if rounding == "whole":
        assert isinstance(value, float)  # a percentage, unrounded (6.05 for 6%), not a fraction
        assert rounded(value) == expected
    else:
        assert value == expected
        assert type(value) is int  # counts are whole numbers in the JSON, not 1403.0


def test_every_domestic_abuse_figure_of_figures_csv_is_recorded(figures):
    if not FIGURES_CSV.exists():
        pytest.skip(f"{FIGURES_CSV} not found: the shared seed folder must sit beside the repository")
    with FIGURES_CSV.open(encoding="utf-8", newline="") as handle:
        wanted = {row["id"]: row["value"] for row in csv.DictReader(handle) if row["section"] == "domestic_abuse"}
    assert sorted(wanted) == sorted(PLAN)
    assert {key: str(PLAN[key][0]) for key in wanted} == wanted
    assert not set(wanted) - set(figures)


def test_the_recommendation_follows_the_rule(published):
    text = " ".join((published / "review.html").read_text(encoding="utf-8").split())
    assert "The rule: domestic abuse stays a priority when its rise in recorded incidents is above" in text
    assert "we recommend making domestic abuse a priority for 2017/18" in text


# ------------------------------------------------------------------ ward counts and disclosure


def _ward_policy(published) -> str:
    log = json.loads((published / "disclosure" / f"{WARD_TABLE}.json").read_text(encoding="utf-8"))
    return log["policy"]


@pytest.fixture(scope="module")
def threshold(published) -> int:
    """The highest count no ward cell may show: the ward table's policy's (9 under suppress-1-9), at least 4."""
    return max(4, POLICIES[_ward_policy(published)][0])


def test_the_ward_table_is_published_under_suppression(published):
    assert POLICIES[_ward_policy(published)][0] >= 4, "ward DA counts need suppress-1-4 or stricter"


@pytest.fixture(scope="module")
def raw_ward_counts(demo_world) -> dict[str, dict[str, int]]:  # noqa: F811
    """Counted here from the raw extract: ward -> {this year, the year before, repeats this year}."""
    incidents = read_da_incidents(demo_world / "police_da" / "da_incidents.csv")
    incidents["is_repeat"] = flag_repeat_incidents(incidents)
    local = incidents[incidents["district_name"] == DISTRICT]
    day = local["recorded_date"].dt.normalize()
    year = local[(day >= "2015-10-01") & (day <= "2016-09-30")]
    before = local[(day >= "2014-10-01") & (day <= "2015-09-30")]
    counts = pd.DataFrame({
        "October 2015 to September 2016": year.groupby("ward_name").size(),
        "October 2014 to September 2015": before.groupby("ward_name").size(),
        "Repeat incidents, October 2015 to September 2016": year[year["is_repeat"]].groupby("ward_name").size(),
    }).fillna(0).astype(int)
    return counts.to_dict("index")


def _is_small(text: str, threshold: int) -> bool:
    text = text.replace(",", "").strip()
    return text.isdigit() and 1 <= int(text) <= threshold


def _ward_cells(rows: list[list[str]]) -> list[tuple[str, str, str]]:
    """(ward, column, cell) for every count cell of a ward-level table (first column 'Ward'): changes left out.

    The header is the first of the first five rows that starts with 'Ward' (an XLSX sheet
    has the table's title above it); a table without one is not ward-level.
    """
    start = next((n for n, row in enumerate(rows[:5]) if row and str(row[0]).strip() == "Ward"), None)
    if start is None:
        return []
    header = [str(h).strip() for h in rows[start]]
    return [
        (row[0].strip(), header[i], row[i].strip())
        for row in rows[start + 1:] if row and row[0].strip()
        for i in range(1, min(len(row), len(header)))
        if "change" not in header[i].lower()
    ]


def _check_ward_table(rows, threshold, raw, where) -> list[tuple[str, str, str]]:
    cells = _ward_cells(rows)
    leaks = [cell for cell in cells if _is_small(cell[2], threshold)]
    assert not leaks, f"{where} shows ward DA counts from 1 to {threshold}: {leaks}"
    for ward, column, text in cells:
        if ward in raw and column in raw[ward]:
            assert text == "[c]" or int(text.replace(",", "")) == raw[ward][column], (where, ward, column, text)
    return cells


def test_no_ward_count_from_1_to_the_threshold_in_the_tables(published, threshold, raw_ward_counts):
    small = [(w, c) for w, columns in raw_ward_counts.items() for c, n in columns.items() if 1 <= n <= threshold]
    assert small, "the demo world has no small ward count: this test would not show a leak"
    checked = []
    for table in sorted((published / "tables").glob("*.csv")):
        with table.open(encoding="utf-8-sig", newline="") as handle:
            checked += _check_ward_table(list(csv.reader(handle)), threshold, raw_ward_counts, table.name)
    shown = {(ward, column): text for ward, column, text in checked}
    # every small count of the raw extract is in the published ward table, as [c]
    assert all(shown.get(cell) == "[c]" for cell in small), small
    assert (published / "tables" / f"{WARD_TABLE}.csv").exists()


def test_no_ward_count_from_1_to_the_threshold_in_the_workbook(published, threshold, raw_ward_counts):
    from openpyxl import load_workbook

    books = sorted((published / "tables").glob("*.xlsx"))
    if not books:
        pytest.skip("this run publishes no XLSX workbook of the tables")
    small = [(w, c) for w, columns in raw_ward_counts.items() for c, n in columns.items() if 1 <= n <= threshold]
    checked = []
    for book in books:
        workbook = load_workbook(book, read_only=True)
        for sheet in workbook.worksheets:
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            checked += _check_ward_table(rows, threshold, raw_ward_counts, f"{book.name}[{sheet.title}]")
        workbook.close()
    shown = {(ward, column): text for ward, column, text in checked}
    assert small and all(shown.get(cell) == "[c]" for cell in small), "the ward table is not in the workbook"


def test_no_ward_count_from_1_to_the_threshold_in_the_review(published, threshold, raw_ward_counts):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((published / "review.html").read_text(encoding="utf-8"), "html.parser")
    checked = []
    for number, table in enumerate(soup.find_all("table"), start=1):
        rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
        checked += _check_ward_table(rows, threshold, raw_ward_counts, f"review.html table {number}")
    assert soup.find(id=f"table-{WARD_TABLE}") is not None
    assert "[c]" in {text for _, _, text in checked}


def test_a_change_is_withheld_where_a_count_is(published):
    with (published / "tables" / f"{WARD_TABLE}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    change = header.index("Change (%)")
    counts = [i for i, name in enumerate(header) if i and i != change and "Repeat" not in name]
    for row in rows[1:]:
        if any(row[i] == "[c]" for i in counts):
            assert row[change] == "[c]", row
    total = rows[-1]
    assert total[0] == f"{DISTRICT} (all wards)" and "[c]" not in total
    assert not math.isnan(float(total[change]))
