"""Back-test: the demo world's 2016/17 review against the figures its Partnership Plan published.

Expected values come from ../shared/seed/figures.csv (the plan's figures, with definitions and
the errata noted there); the review is run once for the session.  Each figure is compared as the
plan states it: counts and ranks exactly, percentages and rates rounded half up as printed.
"""

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from cspanalysis.config import load_config

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT.parent / "shared" / "seed" / "figures.csv"
CONFIG = "config/tunbridge-wells-2016-17.yml"
#: figures.csv section -> the notebook that states it
NOTEBOOK_OF = {
    "overview": "00_overview", "domestic_abuse": "01_domestic_abuse", "road_safety": "02_road_safety",
    "violent_crime": "03_violent_crime", "substance_misuse": "04_substance_misuse",
    "priority_setting": "07_priority_setting", "action_plans": "08_action_plans",
}


def _plan_figures() -> list[dict]:
    if not FIGURES.exists():
        return []
    sections = set(load_config(CONFIG).sections)
    with open(FIGURES, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if NOTEBOOK_OF[row["section"]] in sections]


@pytest.fixture(scope="module")
def figures(demo_review):
    if not FIGURES.exists():
        pytest.skip(f"the plan's figures are not at {FIGURES}: the back-test needs the shared folder beside the repository")
    return json.loads((demo_review / "figures.json").read_text())


def rounded(value: float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def matches(row: dict, value) -> bool:
    unit, expected = row["unit"], row["value"]
    if row["status"].startswith("erratum") and expected == "":
        return isinstance(value, (int, float))  # not reproducible from the plan: the computed value stands
    if unit in ("count", "rank_of_12"):
        return value == int(expected)
    if unit in ("percent_0dp", "count_0dp"):
        return rounded(value, 0) == Decimal(expected)
    if unit in ("percent_1dp", "rate_1dp"):
        return rounded(value, 1) == Decimal(expected)
    if unit == "count_at_least":
        return value >= int(expected)
    if unit == "count_at_most":
        return value <= int(expected)
    if unit in ("set_of_wards", "set_of_priorities"):
        return sorted(value) == sorted(expected.split("|"))
    if unit in ("relation", "suppressed"):
        if expected == "<0":
            return value < 0
        return value == expected
    raise AssertionError(f"unknown unit {unit!r} in figures.csv")


@pytest.mark.parametrize("row", _plan_figures(), ids=lambda row: row["id"])
def test_figure_matches_the_plan(figures, row):
    assert row["id"] in figures, f"{row['id']} is not in figures.json ({row['definition']})"
    assert matches(row, figures[row["id"]]), (
        f"{row['id']}: computed {figures[row['id']]!r}, the plan says {row['value']} ({row['plan_says']})"
    )


def test_every_section_of_the_plan_is_in_the_review():
    if not FIGURES.exists():
        pytest.skip(f"the plan's figures are not at {FIGURES}")
    with open(FIGURES, newline="", encoding="utf-8") as handle:
        sections = {row["section"] for row in csv.DictReader(handle)}
    missing = sorted(NOTEBOOK_OF[s] for s in sections if NOTEBOOK_OF[s] not in load_config(CONFIG).sections)
    assert missing == [], f"sections of the plan not in {CONFIG}: {missing}"
    assert len(_plan_figures()) == 107
