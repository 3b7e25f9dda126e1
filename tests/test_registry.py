"""The registry of partner agencies and measures: the shipped file, lookups, and bad registries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cspanalysis.errors import ConfigError
from cspanalysis.registry import load_registry

PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "partnership-plan-2017-18.txt"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


# every agency the plan's review of 2016/17 and its action plans name, as the plan writes it
PLAN_AGENCIES = {
    "DAVSS": "davss",
    "MARAC": "marac",
    "West Kent MARAC Co-ordinator": "marac",
    "Freedom Programme": "freedom_programme",
    "Kent CDAP": "cdap",
    "Family Matters": "family_matters",
    "Independent Sexual Violence Advisor": "family_matters",
    "TWBC Housing": "twbc_housing",
    "Sanctuary scheme": "twbc_housing",
    "One-Stop-Shop": "one_stop_shop",
    "Speed Watch": "speed_watch",
    "KFRS": "kfrs",
    "KCC Wardens": "kcc_wardens",
    "Street Pastors": "street_pastors",
    "Safe Town Partnership": "safe_town_partnership",
    "STP": "safe_town_partnership",
    "TWBC CCTV": "twbc_cctv",
    "Kent Police": "kent_police",
    "CLO": "clo",
    "CGL": "cgl",
    "Addaction": "addaction",
    "KYDIS": "kydis",
    "Kenward Trust": "kenward_trust",
    "Winter Shelter": "winter_shelter",
    "Churches for Tunbridge Wells": "winter_shelter",
    "Street Cruizer": "street_cruiser",
    "Sherwood Partnership": "sherwood_partnership",
    "Trading Standards": "trading_standards",
    "PHE": "phe",
    "CSU": "csu",
    "Community Safety Team": "csu",
}


@pytest.mark.parametrize("written, agency_id", sorted(PLAN_AGENCIES.items()))
def test_every_agency_the_plan_names_is_known(registry, written, agency_id):
    assert registry.get_agency(written).id == agency_id


def test_lookups_ignore_case_and_spaces(registry):
    assert registry.find_agency("davss").id == "davss"
    assert registry.find_agency("  family   MATTERS ").id == "family_matters"
    assert registry.find_agency("Kent Fire and Rescue Service").id == "kfrs"  # the full name
    assert registry.find_agency("kent_police_licensing").id == "kent_police_licensing"  # the id
    assert registry.find_agency("Kent Police Licensing").id == "kent_police_licensing"
    assert registry.find_agency("Nobody") is None
    assert registry.get_measure("ISVA", "VICTIMS_SUPPORTED").id == "victims_supported"
    assert registry.get_measure("Sanctuary", "properties secured by the sanctuary scheme").id == "properties_secured"


def test_unknown_agency_lists_the_known_ones(registry):
    with pytest.raises(ConfigError, match=r"'Nobody' is not a known agency .*known agencies are DAVSS, MARAC, "):
        registry.get_agency("Nobody")


def test_unknown_measure_lists_the_agency_measures(registry):
    with pytest.raises(ConfigError, match=r"'referals' is not a measure of DAVSS .*its measures are referrals, training_provided$"):
        registry.get_measure("DAVSS", "referals")


def test_measures_the_review_reports_are_registered_with_their_breakdowns(registry):
    referrals = registry.get_measure("DAVSS", "referrals")
    assert referrals.breakdown == "risk_level" and referrals.section == "domestic_abuse"
    assert "standard or medium" in registry.breakdowns["risk_level"].values
    assert registry.get_measure("Speed Watch", "advisory_letters").breakdown == "location"
    assert registry.get_measure("Speed Watch", "events").breakdown == "location"
    assert registry.get_measure("Freedom Programme", "sessions").breakdown == "location"
    assert registry.get_measure("MARAC", "repeat_cases").breakdown == "none"
    for agency, measure in [
        ("MARAC", "new_cases"), ("CDAP", "men_supported"), ("TWBC Housing", "properties_secured"),
        ("OSS", "clients_attending"), ("KFRS", "licence_to_kill_young_people"), ("KFRS", "road_safety_centre_schools"),
        ("KFRS", "road_safety_centre_children"), ("KFRS", "road_safety_show_pupils"),
        ("KCC Wardens", "road_safety_presentations"), ("KCC Wardens", "safety_in_action_children"),
        ("KCC Wardens", "safety_in_action_schools"), ("Street Pastors", "people_engaged"),
        ("Street Pastors", "ambulance_calls"), ("Street Pastors", "police_calls"), ("Street Pastors", "cctv_calls"),
        ("STP", "violence_exclusions_in_force"), ("CCTV", "violent_incidents_monitored"),
        ("CCTV", "pubwatch_incidents_monitored"), ("Kent Police Licensing", "licensed_premises_visits"),
        ("Kent Police Licensing", "licensing_training_sessions"), ("CLO", "hate_cases"), ("CGL", "structured_treatment"),
        ("Addaction", "early_intervention_young_people"), ("Addaction", "started_treatment"),
        ("Addaction", "left_treatment"), ("Addaction", "in_active_treatment"), ("Addaction", "dust_staff_trained"),
        ("Addaction", "individual_interventions"), ("KYDIS", "referrals"), ("KYDIS", "specialist_treatment"),
        ("Kenward Trust", "outreach_young_people"), ("Kent Police", "class_a_supply_arrests"),
        ("Kent Police", "alcohol_control_zone_dispersals"), ("Winter Shelter", "guests_substance_misuse"),
        ("Street Cruiser", "evenings_held"), ("Sherwood Partnership", "alcohol_related_admissions"),
        ("Sherwood Partnership", "substance_admissions"), ("CSU", "road_safety_campaigns_supported"),
    ]:
        assert registry.get_measure(agency, measure)


def test_stocks_are_not_summed(registry):
    assert registry.get_measure("Addaction", "in_active_treatment").aggregate == "last"
    assert registry.get_measure("STP", "violence_exclusions_in_force").aggregate == "last"
    assert registry.get_measure("Street Cruiser", "evening_attendance_lowest").aggregate == "min"
    assert registry.get_measure("Street Cruiser", "evening_attendance_highest").aggregate == "max"
    assert registry.get_measure("DAVSS", "referrals").aggregate == "sum"


def test_every_section_has_measures_and_the_frame_lists_them_all(registry):
    for section in registry.sections:
        assert registry.list_measures(section), section
    frame = registry.to_frame()
    assert len(frame) == sum(len(a.measures) for a in registry.agencies)
    assert not frame.duplicated(["agency", "measure"]).any()
    with pytest.raises(ConfigError, match="'crime' is not a review section"):
        registry.list_measures("crime")


def test_sheet_names_fit_a_workbook(registry):
    names = [a.sheet_name for a in registry.agencies]
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def _plan_text() -> str:
    if not PLAN.exists():
        pytest.skip(f"the plan's text is not at {PLAN}: this test needs the shared folder beside the repository")
    text = PLAN.read_text(encoding="utf-8").replace("’", "'").replace("–", "-").replace("“", '"').replace("”", '"')
    return " ".join(text.replace("*", "").split())


def test_plan_wording_is_quoted_faithfully(registry):
    """Each piece of a measure's ``plan`` text (split at '...' and 'Measure:') is in the plan word for word."""
    plan = _plan_text()
    for measure in registry.list_measures():
        assert measure.plan, f"{measure.agency}.{measure.id} has no plan wording"
        for piece in re.split(r"\.\.\.|\b(?:Measure|Outcome): ", measure.plan):
            piece = piece.strip().strip("()").rstrip(".")
            if len(piece) > 3:
                assert piece in plan, f"{measure.agency}.{measure.id}: {piece!r} is not in the plan"


# --- bad registries ---------------------------------------------------------------------------

GOOD = """
sections:
  domestic_abuse: Domestic abuse
breakdowns:
  none:
    description: no breakdown
  risk_level:
    description: risk grade
    values: [high, standard]
agencies:
  - id: davss
    name: Domestic Abuse Volunteer Support Services
    aliases: [DAVSS]
    measures:
      - id: referrals
        label: Referrals received
        unit: referrals
        section: domestic_abuse
        breakdown: risk_level
        aggregate: sum
        description: Referrals received in the quarter.
  - id: marac
    name: West Kent MARAC
    aliases: [MARAC]
    measures:
      - id: new_cases
        label: New cases
        unit: cases
        section: domestic_abuse
        breakdown: none
        aggregate: sum
        description: New cases heard.
"""


def write(tmp_path, text) -> Path:
    path = tmp_path / "registry.yml"
    path.write_text(text, encoding="utf-8")
    return path


def write_changed(tmp_path, change) -> Path:
    """The small registry with ``change(data)`` applied to its parsed YAML."""
    data = yaml.safe_load(GOOD)
    change(data)
    return write(tmp_path, yaml.safe_dump(data, sort_keys=False))


def davss_referrals(data) -> dict:
    return data["agencies"][0]["measures"][0]


def marac(data) -> dict:
    return data["agencies"][1]


def test_a_small_registry_loads(tmp_path):
    registry = load_registry(write(tmp_path, GOOD))
    assert [a.id for a in registry.agencies] == ["davss", "marac"]
    assert registry.get_measure("marac", "New Cases").id == "new_cases"
    assert registry.breakdowns["risk_level"].match_value("HIGH") == "high"
    assert registry.breakdowns["risk_level"].match_value("very high") is None


def test_missing_registry(tmp_path):
    with pytest.raises(ConfigError, match="registry.yml: the registry of partner agencies and measures does not exist"):
        load_registry(tmp_path / "registry.yml")


def test_registry_that_is_not_yaml(tmp_path):
    with pytest.raises(ConfigError, match=r"registry.yml: is not valid YAML at line \d+"):
        load_registry(write(tmp_path, "agencies: [\n  - id: x\n  bad"))


@pytest.mark.parametrize("change, message", [
    (lambda d: davss_referrals(d).update(aggregate="total"),
     r"agencies\[1\] \(davss\) measures\[1\] \(referrals\): aggregate 'total' is not one of sum, last, max, min"),
    (lambda d: davss_referrals(d).update(breakdown="risk"), r"\(referrals\): breakdown 'risk' is not one of none, risk_level"),
    (lambda d: davss_referrals(d).update(section="road_safety"),
     r"\(referrals\): section 'road_safety' is not one of domestic_abuse"),
    (lambda d: davss_referrals(d).pop("label"), r"\(referrals\): 'label' is missing"),
    (lambda d: davss_referrals(d).update(units="x"), r"\(referrals\): unknown keys 'units'"),
    (lambda d: davss_referrals(d).update(id="Referrals"), r"'id' must be snake_case"),
    (lambda d: marac(d).update(aliases=["DAVSS"]), r"agency name 'davss' is used by both davss and marac"),
    (lambda d: marac(d).update(aliases=["West Kent Multi-Agency Risk Assessment Conference"]),
     r"agencies\[2\] \(marac\): its short name .* cannot be an XLSX sheet name: at most 31 characters"),
    (lambda d: marac(d).update(aliases=["MARAC/Co-ordinator"]), r"cannot be an XLSX sheet name"),
    (lambda d: marac(d).update(id="Marac"), r"agencies\[2\]: 'id' must be a snake_case id, got 'Marac'"),
    (lambda d: marac(d).update(measures=[]), r"agencies\[2\] \(marac\): 'measures' must be a non-empty list"),
    (lambda d: marac(d).pop("name"), r"agencies\[2\] \(marac\): 'name' \(the agency's full name\) is missing"),
    (lambda d: marac(d)["measures"].append(dict(marac(d)["measures"][0])),
     r"agencies\[2\] \(marac\): measure id 'new_cases' appears twice"),
    (lambda d: marac(d)["measures"].append(dict(marac(d)["measures"][0], id="old_cases")),
     r"measure label 'New cases' is also the id or label of measure 'new_cases'"),
    (lambda d: d["breakdowns"].pop("none"), r"'breakdowns' must .* including 'none'"),
    (lambda d: d["breakdowns"]["risk_level"].update(values=["high", "High"]), r"breakdowns: risk_level: 'values' lists a value twice"),
    (lambda d: d.update(agencies=[]), r"'agencies' must be a non-empty list"),
    (lambda d: d.update(agency=[]), r"unknown top-level keys 'agency'"),
])
def test_bad_registry_is_a_clear_error(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message):
        load_registry(write_changed(tmp_path, change))


def test_every_problem_is_reported_at_once(tmp_path):
    def change(data):
        davss_referrals(data).update(aggregate="total")
        marac(data)["measures"][0].pop("unit")

    with pytest.raises(ConfigError, match=r"registry.yml: 2 problems: .*aggregate 'total' .*; .*\(new_cases\): 'unit' is missing"):
        load_registry(write_changed(tmp_path, change))
