"""Priority setting: the MoRiLE-style matrix, its scores counted by hand, rankings that move, and bad matrices."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.comparison import compare_areas
from cspanalysis.priorities import (
    build_indicators,
    describe_recommendations,
    describe_rule,
    list_evidence,
    list_recommended,
    load_matrix,
    recommend_priorities,
    score_band,
    score_matrix,
    summarise_indicator,
)

PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "partnership-plan-2017-18.txt"


def scores(values: dict) -> dict:
    return {name: {"score": value, "evidence": f"evidence for {name}"} for name, value in values.items()}


def issue(issue_id, harm, vulnerability, scope, likelihood, confidence, position) -> dict:
    return {
        "id": issue_id, "name": issue_id.replace("_", " ").capitalize(),
        "harm": scores(dict(zip(("physical", "psychological", "financial", "community", "environment"), harm))),
        "vulnerability": {"score": vulnerability, "evidence": "who the victims are"},
        "scope": {"score": scope, "evidence": "where it happens"},
        "likelihood": ({"from": "data", "evidence": "the indicator"} if likelihood == "data"
                       else {"score": likelihood, "evidence": "a judgement"}),
        "confidence": {"score": confidence, "evidence": "how good the data are"},
        "position": scores(dict(zip(("capacity", "capability", "partnership"), position))),
    }


#: a small matrix to count by hand (see test_totals_counted_by_hand)
SMALL = {
    "matrix": "test",
    "scales": {
        "harm": {"min": 0, "max": 4},
        "vulnerability": {"min": 0, "max": 2, "multiplier": [1.0, 1.5]},
        "scope": {"min": 1, "max": 3, "multiplier": [1.0, 1.5]},
        "likelihood": {"min": 1, "max": 5},
        "confidence": {"min": 1, "max": 3, "multiplier": [0.8, 1.0]},
        "position": {"min": 1, "max": 5, "multiplier": [0.5, 1.5]},
    },
    "weights": {
        "harm": {"physical": 2, "psychological": 1, "financial": 1, "community": 1, "environment": 1},
        "likelihood": {"volume": 1, "rate": 1, "trend": 2},
        "position": {"capacity": 1, "capability": 1, "partnership": 1},
    },
    "likelihood_bands": {"volume": [10, 20, 30, 40], "rate_ratio": [0.8, 0.95, 1.05, 1.2], "trend_pct": [-10, -2, 2, 10]},
    "recommendation": {"threshold": 30, "groups": {"Themes": ["theme_a", "theme_b"]}},
    "issues": [
        issue("alpha", [2, 1, 0, 1, 0], 1, 3, "data", 3, [3, 3, 3]),
        issue("beta", [1, 1, 1, 1, 1], 0, 1, 2, 1, [5, 5, 5]),
        issue("theme_a", [4, 4, 0, 0, 0], 2, 2, 4, 2, [1, 1, 1]),
        issue("theme_b", [1, 0, 0, 0, 0], 0, 1, 1, 3, [3, 3, 3]),
    ],
}

#: alpha's indicator: 25 this year (volume 3), 1.1 x the average rate (rate 4), +5% (trend 4)
INDICATORS = pd.DataFrame(
    {"count": [25], "previous": [24], "change_pct": [5.0], "rate_per_1000": [11.0], "kent_rate_per_1000": [10.0],
     "rate_ratio": [1.1]},
    index=pd.Index(["alpha"], name="issue"),
)


def write_matrix(tmp_path, data=SMALL, change=None) -> Path:
    data = copy.deepcopy(data)
    if change:
        change(data)
    path = tmp_path / "matrix.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def by_issue(data: dict, issue_id: str) -> dict:
    return next(i for i in data["issues"] if i["id"] == issue_id)


def test_totals_counted_by_hand(tmp_path):
    scored = score_matrix(load_matrix(write_matrix(tmp_path)), INDICATORS).set_index("issue")
    alpha = scored.loc["alpha"]
    # harm 2x2 + 1 + 0 + 1 + 0 = 6; x 1.25 (vulnerability 1 of 0-2) x 1.5 (scope 3 of 1-3) = 11.25
    assert alpha["harm"] == 6 and alpha["harm_score"] == pytest.approx(11.25)
    # likelihood (volume 3 + rate 4 + 2 x trend 4) / 4 = 3.75; risk 11.25 x 3.75 = 42.1875
    assert (alpha["volume_score"], alpha["rate_score"], alpha["trend_score"]) == (3, 4, 4)
    assert alpha["likelihood"] == pytest.approx(3.75) and alpha["risk"] == pytest.approx(42.1875)
    # confidence 3 of 1-3 -> 1.0; position 3 of 1-5 -> 1.0
    assert alpha["confidence_multiplier"] == pytest.approx(1.0) and alpha["position_multiplier"] == pytest.approx(1.0)
    assert alpha["total"] == pytest.approx(42.1875) and alpha["likelihood_source"] == "data"
    # beta: harm 2+1+1+1+1 = 6 x 1 x 1; likelihood 2 (judgement); x 0.8 (confidence 1) x 1.5 (position 5)
    assert scored.loc["beta", "total"] == pytest.approx(6 * 2 * 0.8 * 1.5)
    # theme_a: harm 8+4 = 12 x 1.5 x 1.25 = 22.5; x 4; x 0.9 (confidence 2) x 0.5 (position 1)
    assert scored.loc["theme_a", "total"] == pytest.approx(22.5 * 4 * 0.9 * 0.5)
    assert scored.loc["theme_b", "total"] == pytest.approx(2.0)
    assert scored.loc["theme_a", "priority"] == "Themes" and scored.loc["alpha", "priority"] == "Alpha"
    assert list(scored.index) == ["alpha", "theme_a", "beta", "theme_b"]
    assert list(scored["rank"]) == [1, 2, 3, 4]


def test_recommendation_rule_groups_themes_by_their_highest(tmp_path):
    matrix = load_matrix(write_matrix(tmp_path))
    recommendations = recommend_priorities(score_matrix(matrix, INDICATORS), matrix)
    assert list(recommendations["priority"]) == ["Alpha", "Themes", "Beta"]
    assert list(recommendations["total"]) == pytest.approx([42.1875, 40.5, 14.4])
    assert list_recommended(recommendations) == ["Alpha", "Themes"]
    themes = recommendations.set_index("priority").loc["Themes"]
    assert themes["top_issue"] == "Theme a" and "its highest theme, Theme a, scores 40.5" in themes["reason"]
    assert "below the threshold of 30: not recommended" in recommendations.set_index("priority").loc["Beta", "reason"]
    assert describe_rule(matrix) == (
        "The rule: every candidate priority whose total is at least 30 is recommended, highest total first. "
        "The themes of Themes (Theme a and Theme b) are taken together, scored by their highest theme.")
    assert describe_recommendations(recommendations).endswith("Not recommended: Beta (14.4).")


def test_changing_a_judgement_score_changes_the_ranking(tmp_path):
    # alpha's partnership score 3 -> 1: position 7/3 -> multiplier 0.5 + (4/3)/4 = 0.8333: total 35.16 < 40.5
    changed = write_matrix(tmp_path, change=lambda d: by_issue(d, "alpha")["position"]["partnership"].update(score=1))
    scored = score_matrix(load_matrix(changed), INDICATORS)
    assert list(scored["issue"]) == ["theme_a", "alpha", "beta", "theme_b"]
    assert scored.set_index("issue").loc["alpha", "total"] == pytest.approx(42.1875 * (0.5 + (7 / 3 - 1) / 4))


def test_changing_the_data_changes_the_ranking(tmp_path):
    matrix = load_matrix(write_matrix(tmp_path))
    falling = INDICATORS.assign(change_pct=-12.0)  # trend 1: likelihood (3 + 4 + 2) / 4 = 2.25, total 25.3125
    scored = score_matrix(matrix, falling)
    assert list(scored["issue"]) == ["theme_a", "alpha", "beta", "theme_b"]
    assert scored.set_index("issue").loc["alpha", "total"] == pytest.approx(11.25 * 2.25)
    assert list_recommended(recommend_priorities(scored, matrix)) == ["Themes"]


def test_a_missing_trend_is_left_out_of_the_likelihood(tmp_path):
    matrix = load_matrix(write_matrix(tmp_path))
    scored = score_matrix(matrix, INDICATORS.assign(change_pct=float("nan")))
    assert scored.set_index("issue").loc["alpha", "likelihood"] == pytest.approx((3 + 4) / 2)


@pytest.mark.parametrize("value, expected", [(9.9, 1), (10, 2), (29, 3), (40, 5), (1000, 5)])
def test_score_band_counts_the_cut_points_reached(value, expected):
    assert score_band(value, (10, 20, 30, 40)) == expected


def test_indicator_from_a_comparison_of_areas():
    areas = compare_areas(pd.Series({"Here": 30, "There": 10}), pd.Series({"Here": 20, "There": 10}),
                          pd.Series({"Here": 1000, "There": 2000}))
    indicator = summarise_indicator(areas, "Here")
    # rates 30.0 and 5.0 per 1,000: average 17.5; ratio 30 / 17.5
    assert indicator == pytest.approx({"count": 30, "previous": 20, "change_pct": 50.0, "rate_per_1000": 30.0,
                                       "kent_rate_per_1000": 17.5, "rate_ratio": 30 / 17.5})
    table = build_indicators({"alpha": areas}, "Here")
    assert list(table.index) == ["alpha"] and table.loc["alpha", "count"] == 30
    with pytest.raises(ConfigError, match="district 'Elsewhere' is not among the compared districts: Here, There"):
        summarise_indicator(areas, "Elsewhere")


# --- bad matrices -------------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    (lambda d: by_issue(d, "alpha")["harm"]["physical"].update(score=7),
     r"issue 'alpha': field 'harm.physical': score 7 is outside the harm scale 0 to 4"),
    (lambda d: by_issue(d, "beta")["position"]["capacity"].update(score=0),
     r"issue 'beta': field 'position.capacity': score 0 is outside the position scale 1 to 5"),
    (lambda d: by_issue(d, "beta")["likelihood"].update(score=6),
     r"issue 'beta': field 'likelihood': score 6 is outside the likelihood scale 1 to 5"),
    (lambda d: by_issue(d, "beta")["vulnerability"].update(evidence=""),
     r"issue 'beta': field 'vulnerability' has no evidence: every score needs a note citing its evidence"),
    (lambda d: by_issue(d, "alpha")["harm"]["community"].pop("evidence"),
     r"issue 'alpha': field 'harm.community' has no evidence"),
    (lambda d: by_issue(d, "alpha")["likelihood"].pop("evidence"),
     r"issue 'alpha': field 'likelihood' has no evidence: say which indicator the data give"),
    (lambda d: by_issue(d, "alpha").pop("scope"), r"issue 'alpha': field 'scope' is missing"),
    (lambda d: by_issue(d, "alpha")["harm"].pop("environment"), r"issue 'alpha': field 'harm.environment' is missing"),
    (lambda d: by_issue(d, "beta")["confidence"].update(score="high"),
     r"issue 'beta': field 'confidence': the score must be a number, got 'high'"),
    (lambda d: by_issue(d, "alpha")["likelihood"].update({"from": "police"}),
     r"issue 'alpha': field 'likelihood': from must be 'data', got 'police'"),
    (lambda d: by_issue(d, "alpha").update(harms={}), r"issue 'alpha': unknown fields 'harms'"),
    (lambda d: d["recommendation"]["groups"]["Themes"].append("theme_c"),
     r"recommendation.groups 'Themes': unknown issue 'theme_c' \(issues: alpha, beta, theme_a, theme_b\)"),
    (lambda d: d["issues"].append(copy.deepcopy(d["issues"][0])), r"issue 'alpha': the id appears twice"),
    (lambda d: d["likelihood_bands"].update(volume=[10, 20, 30]),
     r"likelihood_bands.volume must have 4 cut points, one per step of the likelihood scale, got 3"),
    (lambda d: d["scales"]["scope"].pop("multiplier"), r"scales.scope: 'multiplier' must be"),
    (lambda d: d["weights"]["harm"].pop("physical"), r"weights.harm must give a weight for each of physical"),
    (lambda d: d["recommendation"].pop("threshold"), r"recommendation.threshold must be a number"),
])
def test_bad_matrix_is_a_clear_error_naming_file_issue_and_field(tmp_path, change, message):
    with pytest.raises(ConfigError, match=r"matrix.yml: 1 problem: " + message):
        load_matrix(write_matrix(tmp_path, change=change))


def test_every_problem_is_reported_at_once(tmp_path):
    def change(data):
        by_issue(data, "alpha")["harm"]["physical"].update(score=9)
        by_issue(data, "theme_b")["scope"].update(evidence=" ")

    with pytest.raises(ConfigError, match=r"matrix.yml: 2 problems: issue 'alpha': .*; issue 'theme_b': field 'scope' has no evidence"):
        load_matrix(write_matrix(tmp_path, change=change))


def test_missing_or_broken_matrix(tmp_path):
    with pytest.raises(ConfigError, match="nothing.yml: the priority-setting matrix does not exist"):
        load_matrix(tmp_path / "nothing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("issues: [\n  - id: x\n  bad", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yml: is not valid YAML at line \d+"):
        load_matrix(broken)


def test_indicators_must_match_the_issues(tmp_path):
    matrix = load_matrix(write_matrix(tmp_path))
    strange = pd.concat([INDICATORS, INDICATORS.rename(index={"alpha": "gamma"})])
    with pytest.raises(ConfigError, match=r"matrix.yml: indicators given for unknown issues 'gamma' \(the matrix's issues: alpha, beta"):
        score_matrix(matrix, strange)
    with pytest.raises(ConfigError, match=r"matrix.yml: issues 'alpha' take their likelihood from the data but no indicator"):
        score_matrix(matrix, INDICATORS.iloc[0:0])
    with pytest.raises(ConfigError, match=r"unknown issue 'gamma' \(its issues: alpha, beta, theme_a, theme_b\)"):
        matrix.issue("gamma")


# --- the shipped matrix ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_matrix()


def test_shipped_matrix_scores_every_candidate_issue(shipped):
    assert set(shipped.issue_ids) == {"domestic_abuse", "road_safety", "violent_crime", "substance_misuse", "asb",
                                      "burglary", "cse", "modern_slavery", "prevent", "gangs_ocg"}
    assert shipped.groups == {"Vulnerable victims": ("cse", "modern_slavery", "prevent", "gangs_ocg")}
    with_data = {i.id for i in shipped.issues if i.likelihood_from_data}
    assert with_data == {"domestic_abuse", "road_safety", "violent_crime", "substance_misuse", "asb", "burglary"}
    evidence = list_evidence(shipped)
    assert len(evidence) == 10 * 12 and evidence["evidence"].str.len().gt(10).all()


def _plan_text() -> str:
    if not PLAN.exists():
        pytest.skip(f"the plan's text is not at {PLAN}: this test needs the shared folder beside the repository")
    return _tidy(PLAN.read_text(encoding="utf-8"))


def _tidy(text: str) -> str:
    for curly, plain in (("’", "'"), ("‘", "'"), ("–", "-"), ("“", '"'), ("”", '"'), ("*", "")):
        text = text.replace(curly, plain)
    return " ".join(text.split())


def test_shipped_evidence_quotes_the_plan_word_for_word(shipped):
    """Every passage in double quotes in an evidence note is in the Partnership Plan as written."""
    plan = _plan_text()
    quoted = [(row["issue"], quote) for _, row in list_evidence(shipped).iterrows()
              for quote in re.findall(r'"([^"]+)"', _tidy(row["evidence"]))]
    assert len(quoted) > 40
    for issue_name, quote in quoted:
        assert quote.strip().rstrip(".") in plan, f"{issue_name}: {quote!r} is not in the plan"
