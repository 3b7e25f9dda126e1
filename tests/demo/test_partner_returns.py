"""The demo partner returns: both forms agencies send, every registry measure, and the plan's numbers.

Expected values are the plan's: the "Partner return" rows of ``seed/figures.csv`` and the other
numbers its review states, computed here with the project's own reader and measures.
"""

from __future__ import annotations

import csv
import zlib
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from openpyxl import load_workbook

from cspanalysis.demo.partner_returns import CSV_FILES, RELATIVE_DIR, WORKBOOK, build
from cspanalysis.metrics.partner_activity import aggregate_year_to_date, count_breakdown_values, value_year_to_date
from cspanalysis.registry import load_registry
from cspanalysis.sources.partner_returns import read_partner_returns

FIGURES = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "figures.csv"
Q3, Q2 = "2016/17 Q3", "2016/17 Q2"


def stand_in_world(seed: int):
    """Only what this part uses: one random stream per part."""
    return SimpleNamespace(rng=lambda part: np.random.default_rng([seed, zlib.crc32(part.encode())]))


@pytest.fixture(scope="module")
def folder(request, tmp_path_factory) -> Path:
    """The demo's partner_returns folder: from the session's demo world when conftest builds one, else built here."""
    try:
        world_folder = request.getfixturevalue("demo_world")
    except pytest.FixtureLookupError:
        world_folder = tmp_path_factory.mktemp("demo")
        build(world_folder, stand_in_world(20170301), 20170301)
    return world_folder / RELATIVE_DIR


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def returns(folder, registry):
    return read_partner_returns(folder, registry, expected_agencies=[a.id for a in registry.agencies])


def test_both_forms_agencies_send(folder, registry):
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([WORKBOOK.name] + [p.name for p in CSV_FILES.values()])
    book = load_workbook(folder / WORKBOOK.name, read_only=True)
    sheets = book.sheetnames
    book.close()
    assert sheets[0] == "Notes"
    assert sheets[1:] == [a.sheet_name for a in registry.agencies if a.id not in CSV_FILES]
    for agency_id, relative in CSV_FILES.items():
        with open(folder / relative.name, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["period", "agency", "measure", "value", "breakdown", "note"]
        assert {registry.find_agency(r[1]).id for r in rows[1:]} == {agency_id}


def test_every_measure_in_every_quarter(returns, registry):
    reported = set(zip(returns["agency"], returns["measure"], returns["period"]))
    for measure in registry.list_measures():
        for period in ("2016/17 Q1", "2016/17 Q2", "2016/17 Q3"):
            assert (measure.agency, measure.id, period) in reported, (measure.agency, measure.id, period)
    assert set(returns["period"]) == {"2016/17 Q1", "2016/17 Q2", "2016/17 Q3"}


#: figures.csv id -> (agency, measure, breakdown) of the partner return it comes from
FIGURE_MEASURES = {
    "davss_referrals": ("davss", "referrals", None),
    "davss_referrals_high_risk": ("davss", "referrals", "high"),
    "davss_referrals_standard_medium": ("davss", "referrals", "standard or medium"),
    "marac_new_cases": ("marac", "new_cases", None),
    "marac_repeat_cases": ("marac", "repeat_cases", None),
    "cdap_men_supported": ("cdap", "men_supported", None),
    "isva_victims_supported": ("family_matters", "victims_supported", None),
    "sanctuary_properties": ("twbc_housing", "properties_secured", None),
    "speedwatch_letters": ("speed_watch", "advisory_letters", None),
    "speedwatch_letters_hawkhurst": ("speed_watch", "advisory_letters", "Hawkhurst"),
    "speedwatch_letters_five_oak_green_tudeley": ("speed_watch", "advisory_letters", "Five Oak Green and Tudeley"),
    "street_pastors_people_engaged": ("street_pastors", "people_engaged", None),
    "street_pastors_ambulance_calls": ("street_pastors", "ambulance_calls", None),
    "street_pastors_police_calls": ("street_pastors", "police_calls", None),
    "street_pastors_cctv_calls": ("street_pastors", "cctv_calls", None),
    "stp_violence_exclusions": ("safe_town_partnership", "violence_exclusions_in_force", None),
    "cctv_violent_incidents": ("twbc_cctv", "violent_incidents_monitored", None),
    "clo_hate_cases": ("clo", "hate_cases", None),
    "cgl_structured_treatment": ("cgl", "structured_treatment", None),
    "addaction_young_people": ("addaction", "early_intervention_young_people", None),
    "addaction_started_treatment": ("addaction", "started_treatment", None),
    "addaction_left_treatment": ("addaction", "left_treatment", None),
    "addaction_in_treatment": ("addaction", "in_active_treatment", None),
    "kydis_referrals": ("kydis", "referrals", None),
    "dust_staff_trained": ("addaction", "dust_staff_trained", None),
    "class_a_supply_arrests": ("kent_police", "class_a_supply_arrests", None),
}


def partner_figures() -> list[dict]:
    if not FIGURES.exists():
        pytest.skip(f"figures.csv is not at {FIGURES}: these tests need the shared folder beside the repository")
    with open(FIGURES, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["period"] == "2016-04..2016-12 (FY Q1-Q3)"]


def test_every_partner_figure_of_the_plan(returns):
    figures = partner_figures()
    assert {f["id"] for f in figures} == set(FIGURE_MEASURES) | {"speedwatch_locations"}
    for figure in figures:
        assert figure["period"] == "2016-04..2016-12 (FY Q1-Q3)"
        if figure["id"] == "speedwatch_locations":
            value = count_breakdown_values(returns, "speed_watch", "events", Q3)
        else:
            agency, measure, breakdown = FIGURE_MEASURES[figure["id"]]
            value = value_year_to_date(returns, agency, measure, Q3, breakdown=breakdown)
        if figure["unit"] == "count_at_least":  # "over 1800 people"
            assert int(figure["value"]) < value < int(figure["value"]) + 100, figure["id"]
        else:
            assert value == int(figure["value"]), figure["id"]


def test_speed_watch_letters_come_from_the_same_17_places_as_the_events(returns):
    assert count_breakdown_values(returns, "speed_watch", "advisory_letters", Q3) == 17
    letters = aggregate_year_to_date(returns, Q3, by_breakdown=True)
    letters = letters[letters["measure"] == "advisory_letters"].set_index("breakdown")["value"]
    assert letters.idxmax() == "Hawkhurst"
    events = aggregate_year_to_date(returns, Q3, by_breakdown=True)
    events = events[events["measure"] == "events"].set_index("breakdown")["value"]
    assert events["Hawkhurst"] > 2 * events.drop("Hawkhurst").max()  # "Hawkhurst run many more operations"


def by_place(returns, agency, measure, period):
    rows = returns[(returns["agency"] == agency) & (returns["measure"] == measure) & (returns["period"] == period)]
    return dict(zip(rows["breakdown"].fillna("total"), rows["value"]))


def test_freedom_programme_as_the_plan_tells_it(returns):
    assert by_place(returns, "freedom_programme", "residents", "2016/17 Q1") == {"Edenbridge": 5, "Sevenoaks": 2}
    assert by_place(returns, "freedom_programme", "sessions", "2016/17 Q1") == {"Edenbridge": 29, "Sevenoaks": 13}
    assert by_place(returns, "freedom_programme", "residents", "2016/17 Q2") == {"Tonbridge": 5}
    assert by_place(returns, "freedom_programme", "programmes_run", "2016/17 Q3") == {"total": 0}  # the next is in Q4


def test_other_numbers_the_plan_states(returns):
    def ytd(agency, measure, through=Q3, breakdown=None):
        return value_year_to_date(returns, agency, measure, through, breakdown=breakdown)

    assert ytd("kfrs", "licence_to_kill_young_people") == 141
    assert ytd("kfrs", "road_safety_centre_schools") == 4
    assert ytd("kfrs", "road_safety_centre_children") == 82
    assert abs(ytd("kfrs", "road_safety_show_pupils") - 800) <= 25  # "approximately 800"
    assert set(by_place(returns, "kfrs", "road_safety_show_pupils", Q3)) == {"Assembly Hall Theatre", "Goudhurst primary school"}
    assert 400 < ytd("kcc_wardens", "safety_in_action_children") < 500  # "over 400 children"
    assert ytd("kcc_wardens", "safety_in_action_schools") == 18
    assert set(by_place(returns, "kcc_wardens", "road_safety_presentations", Q3)) == {"Hawkhurst", "Cranbrook"}
    assert 700 < ytd("kenward_trust", "outreach_young_people", Q2) < 800  # "over 700" in the first half
    assert ytd("winter_shelter", "guests_substance_misuse") == 7
    assert ytd("winter_shelter", "guests_substance_misuse", breakdown="male") == 6
    assert ytd("winter_shelter", "guests_substance_misuse", breakdown="female") == 1
    assert ytd("kent_police_licensing", "licensed_premises_visits") == 8
    assert ytd("addaction", "individual_interventions", Q2) == 15
    assert ytd("kydis", "specialist_treatment") == 9
    assert ytd("sherwood_partnership", "alcohol_related_admissions", Q2) == 21
    assert ytd("sherwood_partnership", "substance_admissions", Q2) == 3
    assert ytd("street_cruiser", "evening_attendance_lowest") == 13
    assert ytd("street_cruiser", "evening_attendance_highest") == 27
    assert set(by_place(returns, "kent_police", "class_a_supply_arrests", Q3)) == {
        "Town centre", "Rusthall", "Pembury", "Southborough and High Brooms"}
    assert count_breakdown_values(returns, "kent_police", "class_a_supply_arrests", Q3) == 4


def test_stocks_are_consistent_with_their_flows(returns):
    """Young people in active treatment change by those who started less those who left."""
    def quarterly(measure):
        rows = returns[(returns["agency"] == "addaction") & (returns["measure"] == measure)]
        return rows.sort_values("quarter")["value"].tolist()

    stock, started, left = quarterly("in_active_treatment"), quarterly("started_treatment"), quarterly("left_treatment")
    assert stock[2] == 35
    assert stock[2] - stock[1] == started[2] - left[2] and stock[1] - stock[0] == started[1] - left[1]
    exclusions = returns[returns["measure"] == "violence_exclusions_in_force"].sort_values("quarter")["value"].tolist()
    assert exclusions == sorted(exclusions) and exclusions[-1] == 11


def test_the_same_bytes_every_run(tmp_path):
    first = build(tmp_path / "a", stand_in_world(7), 7)
    second = build(tmp_path / "b", stand_in_world(7), 7)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert b"\r\n" not in a.read_bytes() or a.suffix == ".xlsx"
