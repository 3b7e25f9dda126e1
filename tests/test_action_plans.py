"""The action plans: transcribed faithfully, bound to the registry, monitored by a stated rule."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from cspanalysis.action_plans import (
    ReturnValue,
    Target,
    assess_actions,
    describe_direction,
    describe_priority,
    judge_status,
    load_action_plans,
    measure_actions,
    previous_quarter,
    summarise_status,
    tabulate_measures,
    through_quarter,
)
from cspanalysis.errors import ConfigError
from cspanalysis.periods import parse_period
from cspanalysis.registry import load_registry
from cspanalysis.sources.partner_returns import FinancialQuarter, parse_quarter, read_partner_returns

PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "partnership-plan-2017-18.txt"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def plans(registry):
    return load_action_plans(registry=registry)


# --- the shipped action plans ------------------------------------------------------------------


def test_action_counts_per_priority_as_the_plan_tables_have_them(plans):
    assert plans.count_actions() == {"domestic_abuse": 7, "road_safety": 6, "substance_misuse": 14, "vulnerable_victims": 13}
    assert [p.number for p in plans.priorities] == [1, 2, 3, 4]
    assert [a.number for a in plans.priority("road_safety").actions] == [1, 2, 3, 4, 5, 6]


def _tidy(text: str) -> str:
    for curly, plain in (("’", "'"), ("‘", "'"), ("–", "-"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, plain)
    return " ".join(text.split())


def _plan_lines() -> list[str]:
    if not PLAN.exists():
        pytest.skip(f"the plan's text is not at {PLAN}: this test needs the shared folder beside the repository")
    text = PLAN.read_text(encoding="utf-8")
    return text[text.index("Actions and recommendations for 2017/18"):].splitlines()


def _plan_tables() -> dict[int, list[tuple[str, str, str]]]:
    """The plan's action-plan tables: priority number -> rows (action, agencies, measure), header rows left out."""
    tables, number = {}, None
    for line in _plan_lines():
        if match := re.match(r"^Priority (\d): ", line):
            number = int(match.group(1))
            tables[number] = []
        elif line.count("\t") == 2 and not line.startswith("Action\t"):
            tables[number].append(tuple(_tidy(cell) for cell in line.split("\t")))
    return tables


def test_every_action_row_is_transcribed_word_for_word(plans):
    tables = _plan_tables()
    assert {n: len(rows) for n, rows in tables.items()} == {1: 7, 2: 6, 3: 14, 4: 13}
    for priority in plans.priorities:
        written = [(a.text, a.agencies, " ".join(m.text for m in a.measures)) for a in priority.actions]
        assert written == tables[priority.number], f"priority {priority.number} differs from the plan's table"


def test_each_action_text_appears_in_the_plan(plans):
    plan = _tidy("\n".join(_plan_lines()))
    for priority in plans.priorities:
        for action in priority.actions:
            assert action.text in plan, f"priority {priority.number} action {action.number}: {action.text!r}"


def test_titles_targets_and_other_recommendations_are_the_plans(plans):
    lines = [_tidy(line) for line in _plan_lines()]
    for priority in plans.priorities:
        assert f"Priority {priority.number}: {priority.title}" in lines
        assert any(line.startswith(f"Action {priority.agencies_heading} ") for line in lines), priority.agencies_heading
        if priority.overall_target:
            assert f"Overall target: {priority.overall_target}" in lines
        assert f"Specific target: {priority.specific_target}" in lines
        for recommendation in priority.other_recommendations:
            assert f"- {recommendation}" in lines, recommendation
    recommendations = sum(1 for line in lines if line.startswith("- "))
    assert recommendations == sum(len(p.other_recommendations) for p in plans.priorities) == 18
    assert plans.priority("substance_misuse").overall_target is None


def test_priority_4_primary_agencies_are_those_marked_with_a_star(plans):
    for action in plans.priority("vulnerable_victims").actions:
        starred = [name.strip().replace("*", "") for name in re.split(r",| and ", action.agencies) if "*" in name]
        assert list(action.primary_agencies) == starred, action.agencies


def test_every_bound_measure_is_in_the_registry(plans, registry):
    bound = [r for p in plans.priorities for a in p.actions for m in a.measures for r in m.returns]
    assert len(bound) > 40
    for agency, measure in bound:
        assert registry.get_measure(agency, measure).agency == agency
    for priority in plans.priorities:
        for action in priority.actions:
            for statement in action.measures:
                assert statement.returns or statement.qualitative, (priority.id, action.number, statement.text)
    assert plans.list_returns("davss") == [("davss", "referrals"), ("davss", "training_provided")]
    assert plans.list_asked_by("kfrs", "road_safety_centre_sessions") == ["Priority 2, action 3"]


# --- the status rule, directions and targets -------------------------------------------------------


@pytest.mark.parametrize("values, status, reason", [
    ([], "no data", "no partner return measures this action: it is reported in words"),
    ([ReturnValue("A", None), ReturnValue("B", None)], "no data", "no return yet for A and B"),
    ([ReturnValue("A", 3), ReturnValue("B", None)], "on track", "measures reported, not all 0; no return yet for B"),
    ([ReturnValue("A", 0), ReturnValue("B", 0)], "behind", "nothing delivered yet: every measure is 0 for the year to date"),
    ([ReturnValue("A", 0), ReturnValue("B", 1)], "on track", "measures reported, not all 0"),
    ([ReturnValue("A", 1, 1.5), ReturnValue("B", 40)], "behind", "A is 1, below the 1.5 expected by now"),
    ([ReturnValue("A", 2, 1.5)], "on track", "measures reported, not all 0; A is 2, at least the 1.5 expected by now"),
    ([ReturnValue("A", 0, 0.0)], "on track", "nothing due yet; A is 0, at least the 0 expected by now"),
    ([ReturnValue("A", 0, 0.0), ReturnValue("B", 0)], "behind", "nothing delivered yet"),
])
def test_status_rule_on_hand_made_values(values, status, reason):
    found, why = judge_status(values)
    assert found == status and why.startswith(reason)


def test_targets_expected_by_quarter():
    assert Target(year=2).expected_by(3) == pytest.approx(1.5)
    assert Target(year=2).expected_by(4) == pytest.approx(2)
    campaigns = Target(by_quarter={3: 2, 4: 3})
    assert [campaigns.expected_by(q) for q in (1, 2, 3, 4)] == [0, 0, 2, 3]


@pytest.mark.parametrize("current, previous, direction", [
    (5, 3, "up"), (3, 5, "down"), (4, 4, "same"), (4, None, "no previous data"), (None, 4, "no data"),
])
def test_direction(current, previous, direction):
    assert describe_direction(current, previous) == direction


def test_quarters_of_the_monitoring_period():
    assert through_quarter(parse_period("2016/17 Q1-Q3")) == FinancialQuarter(2016, 3)
    assert through_quarter(parse_period("2017/18 Q1")) == FinancialQuarter(2017, 1)
    assert previous_quarter(FinancialQuarter(2017, 1)) == FinancialQuarter(2016, 4)
    assert previous_quarter(FinancialQuarter(2016, 3)) == FinancialQuarter(2016, 2)
    with pytest.raises(ConfigError, match=r"'April 2016 to November 2016' is not a financial year to date"):
        through_quarter(parse_period("2016-04..2016-11"))
    with pytest.raises(ConfigError, match="not a financial year to date"):
        through_quarter(parse_period("2016/17 Q2-Q3"))


# --- monitoring a small plan on hand-made returns ------------------------------------------------

SMALL = {
    "plan": "Test plan",
    "plan_year": "2016/17",
    "contact": {"team": "Community Safety Unit"},
    "priorities": [{
        "id": "domestic_abuse", "number": 1, "title": "Domestic abuse", "agencies_heading": "Primary agency/agencies",
        "actions": [
            {"action": "Support victims.", "agencies": "DAVSS, MARAC", "primary_agencies": ["DAVSS", "MARAC"],
             "measures": [
                 {"text": "Number of referrals.", "returns": ["davss.referrals"],
                  "targets": {"davss.referrals": {"year": 8, "evidence": "eight a year"}}},
                 {"text": "Number of cases.", "returns": ["marac.new_cases"]},
             ]},
            {"action": "Evaluate a One Stop Shop.", "agencies": "DA Forum", "primary_agencies": ["DA Forum"],
             "measures": [{"text": "Decision made.", "returns": [], "qualitative": "the Forum's report"}]},
        ],
        "other_recommendations": ["Keep the directory updated."],
        "overall_target": "To reduce harm.", "specific_target": None,
    }],
}

RETURNS = (
    "period,agency,measure,value,breakdown\n"
    "2016/17 Q1,DAVSS,referrals,1,high\n"
    "2016/17 Q1,DAVSS,referrals,3,medium\n"
    "2016/17 Q2,DAVSS,referrals,2,high\n"
    "2016/17 Q1,MARAC,new_cases,0,\n"
    "2016/17 Q2,MARAC,new_cases,0,\n"
)


def write_plans(tmp_path, change=None) -> Path:
    data = copy.deepcopy(SMALL)
    if change:
        change(data)
    path = tmp_path / "plans.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def returns(tmp_path, registry):
    path = tmp_path / "returns.csv"
    path.write_text(RETURNS, encoding="utf-8")
    return read_partner_returns(path, registry)


def test_measures_of_a_small_plan_counted_by_hand(tmp_path, registry, returns):
    small = load_action_plans(write_plans(tmp_path), registry)
    measured = measure_actions(small, returns, "2016/17 Q2", registry).set_index("ref")
    assert list(measured.index) == ["1.1", "1.2", "2.1"]
    referrals = measured.loc["1.1"]
    # Q1 1 + 3 = 4, Q2 2: year to date 6, latest 2 against 4: down; target 8 a year: 4 expected by Q2
    assert (referrals["year_to_date"], referrals["latest_quarter"], referrals["previous_quarter"]) == (6, 2, 4)
    assert referrals["direction"] == "down" and referrals["expected"] == pytest.approx(4.0)
    assert referrals["by_breakdown"] == "high 3; medium 3" and referrals["label"] == "DAVSS: Referrals received"
    assert measured.loc["1.2", "year_to_date"] == 0 and measured.loc["1.2", "direction"] == "same"
    assert measured.loc["2.1", "label"] == "qualitative: the Forum's report"
    assert measured.loc["2.1", "direction"] == "reported in words"

    assessed = assess_actions(small, measured.reset_index()).set_index("action")
    assert assessed.loc[1, "status"] == "on track" and assessed.loc[2, "status"] == "no data"
    first = measure_actions(small, returns, "2016/17 Q1", registry).set_index("ref").loc["1.1"]
    assert (first["year_to_date"], first["direction"]) == (4, "no previous data")
    assert summarise_status(small, assessed.reset_index()).to_dict("records") == [
        {"Priority": "Priority 1: Domestic abuse", "On track": 1, "Behind": 0, "No data": 1}]
    assert list(tabulate_measures(measured.reset_index(), "domestic_abuse")["Expected by now"]) == ["4", "", ""]
    assert describe_priority(small.priority("domestic_abuse")) == (
        "**Overall target**: To reduce harm.\n\n**Other recommendations**:\n\n- Keep the directory updated.")


def test_an_action_short_of_its_target_is_behind(tmp_path, registry, returns):
    def change(data):
        data["priorities"][0]["actions"][0]["measures"][0]["targets"]["davss.referrals"]["year"] = 20

    small = load_action_plans(write_plans(tmp_path, change), registry)
    assessed = assess_actions(small, measure_actions(small, returns, "2016/17 Q2", registry)).set_index("action")
    assert assessed.loc[1, "status"] == "behind"
    assert assessed.loc[1, "reason"] == "DAVSS: Referrals received is 6, below the 10 expected by now"


def test_an_action_without_returns_yet_has_no_data(tmp_path, registry, returns):
    small = load_action_plans(write_plans(tmp_path), registry)
    later = measure_actions(small, returns, parse_quarter("2017/18 Q1"), registry)
    assert later["year_to_date"].isna().all()
    assert assess_actions(small, later).set_index("action").loc[1, "status"] == "no data"


# --- bad action plans ---------------------------------------------------------------------------

def first_action(data) -> dict:
    return data["priorities"][0]["actions"][0]


@pytest.mark.parametrize("change, message", [
    (lambda d: first_action(d)["measures"][1].update(returns=["marac.new_case"]),
     r"priority 'domestic_abuse' action 1 measures\[2\]: 'marac.new_case': 'new_case' is not a measure of marac "
     r"in the registry \(its measures: new_cases, repeat_cases\)"),
    (lambda d: first_action(d)["measures"][1].update(returns=["marak.new_cases"]),
     r"action 1 measures\[2\]: 'marak.new_cases': 'marak' is not an agency id of the registry"),
    (lambda d: first_action(d)["measures"][1].update(returns=["MARAC new cases"]),
     r"'MARAC new cases' is not an agency.measure id of the registry"),
    (lambda d: first_action(d)["measures"][1].update(returns=[]),
     r"action 1 measures\[2\]: neither bound to a partner return nor marked qualitative"),
    (lambda d: first_action(d)["measures"][1].update(targets={"davss.referrals": {"year": 2, "evidence": "x"}}),
     r"action 1 measures\[2\]: a target for 'davss.referrals', which is not among its returns"),
    (lambda d: first_action(d)["measures"][0]["targets"]["davss.referrals"].pop("evidence"),
     r"targets 'davss.referrals': expected year or by_quarter, and the evidence"),
    (lambda d: first_action(d)["measures"][0]["targets"]["davss.referrals"].update(by_quarter={"Q5": 1}),
     r"give either year .* or by_quarter .*, not both"),
    (lambda d: first_action(d).pop("action"), r"priority 'domestic_abuse' action 1: field 'action' is missing"),
    (lambda d: first_action(d).update(primary_agencies=[]),
     r"action 1: no agency: give primary_agencies"),
    (lambda d: first_action(d).update(lead="DAVSS"), r"action 1: unknown fields 'lead'"),
    (lambda d: d["priorities"][0].update(actions=[]), r"priority 'domestic_abuse': field 'actions' must be a non-empty list"),
    (lambda d: d["priorities"][0].update(number="one"), r"field 'number' must be the plan's priority number"),
])
def test_bad_action_plans_are_a_clear_error(tmp_path, registry, change, message):
    with pytest.raises(ConfigError, match=r"plans.yml: 1 problem: .*" + message):
        load_action_plans(write_plans(tmp_path, change), registry)


def test_missing_action_plans(tmp_path, registry):
    with pytest.raises(ConfigError, match="nothing.yml: the action plans file does not exist"):
        load_action_plans(tmp_path / "nothing.yml", registry)
