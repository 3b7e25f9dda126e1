"""Priority setting: a MoRiLE-style matrix that ranks candidate issues by harm, likelihood and need.

MoRiLE (Management of Risk in Law Enforcement) scores each issue's harm, how likely it is,
how far the evidence can be trusted, and the organisational position (capacity and
capability to respond); the partnership's strategic assessment used it to choose its
priorities.  The scales, weights, likelihood bands, recommendation rule and, for each
candidate issue, the judgement scores with the evidence for each live in a YAML file
(``config/priorities-2017-18.yml``, read by ``load_matrix``).

Definitions (the review's "About the data" states them):

- **Harm** = sum over the dimensions physical, psychological, financial, community and
  environment of weight x score (scale ``harm``, 0 none to 4 severe).
- **Harm score** = harm x vulnerability multiplier x scope multiplier.
- **Multiplier** of a score on a scale with ``multiplier: [low, high]``: ``low`` at the
  bottom of the scale, ``high`` at the top, in a straight line between.
- **Likelihood from the data** (issues with ``likelihood: {from: data}``): three scores on
  the likelihood scale from the issue's indicator in the district, by the cut points of
  ``likelihood_bands`` (a value below the first cut point scores the bottom of the scale,
  each cut point reached adds one): *volume* = the count in the year; *rate* = the
  district's rate per 1,000 residents / the Kent district average rate (the unweighted
  mean of the comparison districts' rates); *trend* = % change on the year before.
  Likelihood = their weighted mean; a component with no value (no previous year) is left
  out of the mean.  Issues without data (the vulnerability themes) take a judgement score.
- **Risk** = harm score x likelihood.
- **Position** = weighted mean of capacity, capability and partnership (scale
  ``position``: 1 handled by one agency's everyday work, 5 a gap only the partnership can
  close).
- **Total** = risk x confidence multiplier x position multiplier.  Rank 1 = highest total
  (ties share the better rank).
- **Recommendation**: the candidate priorities are the issues, with the themes of each
  group (``recommendation.groups``, e.g. "Vulnerable victims") taken together and scored
  by their highest theme; every candidate whose total is at least
  ``recommendation.threshold`` is recommended, highest total first.

A score outside its scale, an unknown issue and a score without evidence are
``ConfigError``s naming the file, the issue and the field; every problem in the file is
listed at once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd

from cspanalysis import paths
from cspanalysis.config import read_yaml
from cspanalysis.errors import ConfigError

#: the matrix the 2017/18 plan's priority setting used
DEFAULT_MATRIX = paths.CONFIG_DIR / "priorities-2017-18.yml"

HARM_DIMENSIONS = ("physical", "psychological", "financial", "community", "environment")
LIKELIHOOD_COMPONENTS = ("volume", "rate", "trend")
POSITION_PARTS = ("capacity", "capability", "partnership")
#: scales and whether each turns its score into a multiplier
SCALES = {"harm": False, "vulnerability": True, "scope": True, "likelihood": False, "confidence": True, "position": True}
#: likelihood band name -> the indicator column it bands
BANDS = {"volume": "count", "rate_ratio": "rate_ratio", "trend_pct": "change_pct"}

_TOP_KEYS = {"matrix", "assessed_year", "priority_year", "scales", "weights", "likelihood_bands", "recommendation", "issues"}
_ISSUE_KEYS = {"id", "name", "harm", "vulnerability", "scope", "likelihood", "confidence", "position"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Scale:
    """A scoring scale from ``low`` to ``high``; ``multiplier`` (low, high) when the score multiplies."""

    name: str
    low: float
    high: float
    multiplier: tuple[float, float] | None = None
    meaning: str = ""

    def multiply(self, score: float) -> float:
        """The multiplier for a score: ``multiplier[0]`` at the bottom of the scale, ``[1]`` at the top."""
        if self.multiplier is None:
            raise ConfigError(f"the {self.name} scale has no multiplier")
        first, last = self.multiplier
        return first + (score - self.low) / (self.high - self.low) * (last - first)


@dataclass(frozen=True)
class Score:
    """A judgement score and the evidence for it."""

    value: float
    evidence: str


@dataclass(frozen=True)
class Issue:
    """A candidate issue's judgement scores; ``likelihood`` is None when it comes from the data."""

    id: str
    name: str
    harm: dict[str, Score]
    vulnerability: Score
    scope: Score
    likelihood: Score | None
    likelihood_evidence: str
    confidence: Score
    position: dict[str, Score]

    @property
    def likelihood_from_data(self) -> bool:
        return self.likelihood is None


@dataclass(frozen=True)
class Matrix:
    """A loaded, checked priority-setting matrix."""

    path: Path
    name: str
    assessed_year: str
    priority_year: str
    scales: dict[str, Scale]
    weights: dict[str, dict[str, float]]
    bands: dict[str, tuple[float, ...]]
    threshold: float
    groups: dict[str, tuple[str, ...]]
    issues: tuple[Issue, ...]

    def issue(self, issue_id: str) -> Issue:
        found = next((i for i in self.issues if i.id == issue_id), None)
        if found is None:
            raise ConfigError(f"{self.path}: unknown issue {issue_id!r} (its issues: {', '.join(self.issue_ids)})")
        return found

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def group_of(self, issue_id: str) -> str | None:
        """The group (e.g. Vulnerable victims) an issue is recommended within, or None."""
        return next((name for name, members in self.groups.items() if issue_id in members), None)


# --- loading ------------------------------------------------------------------------------------


def load_matrix(path: str | Path | None = None) -> Matrix:
    """Read and check a priority-setting matrix (default ``config/priorities-2017-18.yml``)."""
    path = paths.resolve(path) if path is not None else DEFAULT_MATRIX
    data = read_yaml(path, "the priority-setting matrix")
    problems: list[str] = []
    matrix = _parse(data, path, problems)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise ConfigError(f"{path}: {len(problems)} {noun}: " + "; ".join(problems))
    return matrix


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse(data, path: Path, problems: list[str]) -> Matrix | None:
    if not isinstance(data, dict):
        problems.append("expected a mapping with scales, weights, likelihood_bands, recommendation and issues")
        return None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        problems.append(f"unknown top-level keys {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_TOP_KEYS))}")
    for key in ("scales", "weights", "likelihood_bands", "recommendation", "issues"):
        if key not in data:
            problems.append(f"missing key {key!r}")
    scales = _parse_scales(data.get("scales"), problems)
    weights = _parse_weights(data.get("weights"), problems)
    bands = _parse_bands(data.get("likelihood_bands"), scales.get("likelihood"), problems)
    issues = _parse_issues(data.get("issues"), scales, problems)
    named = [spec.get("id") for spec in data.get("issues") or [] if isinstance(spec, dict)]
    threshold, groups = _parse_recommendation(data.get("recommendation"), named, problems)
    if problems:
        return None
    return Matrix(path, str(data.get("matrix", path.stem)), str(data.get("assessed_year", "")),
                  str(data.get("priority_year", "")), scales, weights, bands, threshold, groups, tuple(issues))


def _parse_scales(raw, problems: list[str]) -> dict[str, Scale]:
    if not isinstance(raw, dict):
        problems.append(f"'scales' must map each of {', '.join(SCALES)} to its min and max")
        return {}
    scales = {}
    for name, multiplies in SCALES.items():
        spec = raw.get(name)
        where = f"scales.{name}"
        if not isinstance(spec, dict):
            problems.append(f"{where} is missing: expected min and max")
            continue
        low, high = spec.get("min"), spec.get("max")
        if not (_number(low) and _number(high) and low < high):
            problems.append(f"{where}: min and max must be numbers with min below max, got {low!r} and {high!r}")
            continue
        multiplier = spec.get("multiplier")
        if multiplies:
            if not (isinstance(multiplier, list) and len(multiplier) == 2 and all(_number(m) for m in multiplier)):
                problems.append(f"{where}: 'multiplier' must be [multiplier at min, multiplier at max], got {multiplier!r}")
                continue
            multiplier = (float(multiplier[0]), float(multiplier[1]))
        elif multiplier is not None:
            problems.append(f"{where}: the {name} scale takes no multiplier")
            multiplier = None
        scales[name] = Scale(name, float(low), float(high), multiplier, str(spec.get("meaning", "")))
    unknown = sorted(set(raw) - set(SCALES))
    if unknown:
        problems.append(f"scales: unknown scales {', '.join(map(repr, unknown))}: expected {', '.join(SCALES)}")
    return scales


def _parse_weights(raw, problems: list[str]) -> dict[str, dict[str, float]]:
    expected = {"harm": HARM_DIMENSIONS, "likelihood": LIKELIHOOD_COMPONENTS, "position": POSITION_PARTS}
    if not isinstance(raw, dict):
        problems.append("'weights' must give harm, likelihood and position weights")
        return {}
    weights = {}
    for kind, names in expected.items():
        spec = raw.get(kind)
        if not isinstance(spec, dict) or set(spec) != set(names):
            problems.append(f"weights.{kind} must give a weight for each of {', '.join(names)}")
            continue
        bad = [n for n in names if not (_number(spec[n]) and spec[n] >= 0)]
        if bad:
            problems.append(f"weights.{kind}: {', '.join(bad)} must be numbers of 0 or more")
            continue
        if sum(spec.values()) <= 0:
            problems.append(f"weights.{kind}: at least one weight must be above 0")
            continue
        weights[kind] = {n: float(spec[n]) for n in names}
    return weights


def _parse_bands(raw, likelihood: Scale | None, problems: list[str]) -> dict[str, tuple[float, ...]]:
    if not isinstance(raw, dict):
        problems.append(f"'likelihood_bands' must give the cut points of {', '.join(BANDS)}")
        return {}
    steps = int(likelihood.high - likelihood.low) if likelihood else None
    bands = {}
    for name in BANDS:
        cuts = raw.get(name)
        where = f"likelihood_bands.{name}"
        if not isinstance(cuts, list) or not all(_number(c) for c in cuts):
            problems.append(f"{where} must be a list of numbers")
            continue
        if steps is not None and len(cuts) != steps:
            problems.append(f"{where} must have {steps} cut points, one per step of the likelihood scale, got {len(cuts)}")
            continue
        if any(b <= a for a, b in zip(cuts, cuts[1:])):
            problems.append(f"{where}: cut points must rise, got {cuts}")
            continue
        bands[name] = tuple(float(c) for c in cuts)
    return bands


def _parse_recommendation(raw, known: list[str], problems: list[str]) -> tuple[float, dict[str, tuple[str, ...]]]:
    if not isinstance(raw, dict) or not _number(raw.get("threshold")):
        problems.append("recommendation.threshold must be a number: the lowest total recommended")
        return 0.0, {}
    groups: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, members in (raw.get("groups") or {}).items():
        where = f"recommendation.groups {name!r}"
        if not isinstance(members, list) or not members:
            problems.append(f"{where} must list the issues it groups")
            continue
        for member in members:
            if member not in known:
                problems.append(f"{where}: unknown issue {member!r} (issues: {', '.join(known)})")
            elif member in owner:
                problems.append(f"{where}: issue {member!r} is already in group {owner[member]!r}")
            else:
                owner[member] = name
        groups[str(name)] = tuple(members)
    return float(raw["threshold"]), groups


def _parse_issues(raw, scales: dict[str, Scale], problems: list[str]) -> list[Issue]:
    if not isinstance(raw, list) or not raw:
        problems.append("'issues' must be a non-empty list of candidate issues")
        return []
    issues, seen = [], set()
    for number, spec in enumerate(raw, start=1):
        if not isinstance(spec, dict):
            problems.append(f"issues[{number}]: expected a mapping with id, name and scores")
            continue
        issue_id = spec.get("id")
        if not (isinstance(issue_id, str) and _ID.match(issue_id)):
            problems.append(f"issues[{number}]: 'id' must be a snake_case id, got {issue_id!r}")
            continue
        if issue_id in seen:
            problems.append(f"issue {issue_id!r}: the id appears twice")
            continue
        seen.add(issue_id)
        issue = _parse_issue(spec, issue_id, scales, problems)
        if issue is not None:
            issues.append(issue)
    return issues


def _parse_issue(spec: dict, issue_id: str, scales: dict[str, Scale], problems: list[str]) -> Issue | None:
    where = f"issue {issue_id!r}"
    found = len(problems)
    unknown = sorted(set(spec) - _ISSUE_KEYS)
    if unknown:
        problems.append(f"{where}: unknown fields {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_ISSUE_KEYS))}")
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: field 'name' is missing")

    def score(field: str, entry, scale: str) -> Score | None:
        if not isinstance(entry, dict):
            problems.append(f"{where}: field {field!r} is missing: expected a score and its evidence")
            return None
        extra = sorted(set(entry) - {"score", "evidence"})
        if extra:
            problems.append(f"{where}: field {field!r}: unknown keys {', '.join(map(repr, extra))}: expected score, evidence")
        value, evidence = entry.get("score"), entry.get("evidence")
        ok = True
        if not _number(value):
            problems.append(f"{where}: field {field!r}: the score must be a number, got {value!r}")
            ok = False
        elif scale in scales and not scales[scale].low <= value <= scales[scale].high:
            low, high = scales[scale].low, scales[scale].high
            problems.append(f"{where}: field {field!r}: score {value:g} is outside the {scale} scale {low:g} to {high:g}")
            ok = False
        if not isinstance(evidence, str) or not evidence.strip():
            problems.append(f"{where}: field {field!r} has no evidence: every score needs a note citing its evidence")
            ok = False
        return Score(float(value), " ".join(evidence.split())) if ok else None

    def parts(field: str, names: tuple[str, ...], scale: str) -> dict[str, Score]:
        raw = spec.get(field)
        if not isinstance(raw, dict):
            problems.append(f"{where}: field {field!r} is missing: expected scores for {', '.join(names)}")
            return {}
        extra = sorted(set(raw) - set(names))
        if extra:
            problems.append(f"{where}: field {field!r}: unknown parts {', '.join(map(repr, extra))}: expected {', '.join(names)}")
        return {n: s for n in names if (s := score(f"{field}.{n}", raw.get(n), scale)) is not None}

    harm = parts("harm", HARM_DIMENSIONS, "harm")
    vulnerability = score("vulnerability", spec.get("vulnerability"), "vulnerability")
    scope = score("scope", spec.get("scope"), "scope")
    confidence = score("confidence", spec.get("confidence"), "confidence")
    position = parts("position", POSITION_PARTS, "position")

    likelihood, likelihood_evidence = None, ""
    raw = spec.get("likelihood")
    if isinstance(raw, dict) and raw.get("from") == "data":
        extra = sorted(set(raw) - {"from", "evidence"})
        if extra:
            problems.append(f"{where}: field 'likelihood': unknown keys {', '.join(map(repr, extra))}: expected from, evidence")
        likelihood_evidence = raw.get("evidence")
        if not isinstance(likelihood_evidence, str) or not likelihood_evidence.strip():
            problems.append(f"{where}: field 'likelihood' has no evidence: say which indicator the data give")
            likelihood_evidence = ""
        likelihood_evidence = " ".join(likelihood_evidence.split())
    elif isinstance(raw, dict) and "from" in raw:
        problems.append(f"{where}: field 'likelihood': from must be 'data', got {raw['from']!r} (or give a judgement score)")
    else:
        likelihood = score("likelihood", raw, "likelihood")
        likelihood_evidence = likelihood.evidence if likelihood else ""
    if len(problems) > found:
        return None
    return Issue(issue_id, " ".join(name.split()), harm, vulnerability, scope, likelihood, likelihood_evidence,
                 confidence, position)


# --- indicators from the data ------------------------------------------------------------------

INDICATOR_COLUMNS = ("count", "previous", "change_pct", "rate_per_1000", "kent_rate_per_1000", "rate_ratio")


def summarise_indicator(areas: pd.DataFrame, district: str) -> dict:
    """One issue's indicator for the district from a ``comparison.compare_areas`` table of the comparison districts.

    Returns ``count``, ``previous``, ``change_pct``, ``rate_per_1000``,
    ``kent_rate_per_1000`` (the unweighted mean of the districts' rates) and
    ``rate_ratio`` (the district's rate / that average).
    """
    if district not in areas.index:
        raise ConfigError(f"district {district!r} is not among the compared districts: {', '.join(map(str, areas.index))}")
    row = areas.loc[district]
    average = float(areas["rate_per_1000"].mean())
    rate = float(row["rate_per_1000"])
    return {
        "count": int(row["count"]),
        "previous": int(row["previous"]),
        "change_pct": float(row["change_pct"]),
        "rate_per_1000": rate,
        "kent_rate_per_1000": average,
        "rate_ratio": rate / average if average > 0 else math.nan,
    }


def build_indicators(areas_by_issue: Mapping[str, pd.DataFrame], district: str) -> pd.DataFrame:
    """Indicators of several issues, one row per issue id (see ``summarise_indicator``)."""
    rows = {issue: summarise_indicator(areas, district) for issue, areas in areas_by_issue.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(INDICATOR_COLUMNS))
    frame.index.name = "issue"
    return frame


def score_band(value: float, cuts: tuple[float, ...], bottom: float = 1) -> float:
    """The likelihood score of a value: ``bottom`` plus the number of cut points it reaches; NaN stays NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    return bottom + sum(1 for cut in cuts if value >= cut)


def score_likelihood(indicators: pd.DataFrame, matrix: Matrix) -> pd.DataFrame:
    """The volume, rate and trend scores and the likelihood (their weighted mean) of each issue with data."""
    bottom = matrix.scales["likelihood"].low
    weights = matrix.weights["likelihood"]
    rows = {}
    for issue, row in indicators.iterrows():
        parts = {
            "volume": score_band(row["count"], matrix.bands["volume"], bottom),
            "rate": score_band(row["rate_ratio"], matrix.bands["rate_ratio"], bottom),
            "trend": score_band(row["change_pct"], matrix.bands["trend_pct"], bottom),
        }
        known = {k: v for k, v in parts.items() if not math.isnan(v)}
        total_weight = sum(weights[k] for k in known)
        likelihood = sum(weights[k] * v for k, v in known.items()) / total_weight if total_weight else math.nan
        rows[issue] = {"volume_score": parts["volume"], "rate_score": parts["rate"], "trend_score": parts["trend"],
                       "likelihood": likelihood}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["volume_score", "rate_score", "trend_score", "likelihood"])


# --- scoring ------------------------------------------------------------------------------------

SCORE_COLUMNS = (
    "rank", "issue", "name", "priority", *HARM_DIMENSIONS, "harm", "vulnerability", "vulnerability_multiplier",
    "scope", "scope_multiplier", "harm_score", "volume_score", "rate_score", "trend_score", "likelihood_source",
    "likelihood", "risk", "confidence", "confidence_multiplier", *POSITION_PARTS, "position", "position_multiplier",
    "total",
)


def score_matrix(matrix: Matrix, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every issue's sub-scores and total, ranked (1 = highest total); see the module docstring for the formulas.

    ``indicators`` (from ``build_indicators``) gives the data of the issues whose likelihood
    comes from the data; an issue with data missing from it, or an indicator for an issue
    the matrix does not have, is a ``ConfigError``.
    """
    indicators = indicators if indicators is not None else pd.DataFrame(columns=list(INDICATOR_COLUMNS))
    strangers = [str(i) for i in indicators.index if i not in matrix.issue_ids]
    if strangers:
        raise ConfigError(f"{matrix.path}: indicators given for unknown issues {', '.join(map(repr, strangers))} "
                          f"(the matrix's issues: {', '.join(matrix.issue_ids)})")
    missing = [i.id for i in matrix.issues if i.likelihood_from_data and i.id not in indicators.index]
    if missing:
        raise ConfigError(f"{matrix.path}: issues {', '.join(map(repr, missing))} take their likelihood from the data "
                          "but no indicator was given for them")
    likelihoods = score_likelihood(indicators, matrix)
    scales, weights = matrix.scales, matrix.weights
    rows = []
    for issue in matrix.issues:
        harm = sum(weights["harm"][d] * issue.harm[d].value for d in HARM_DIMENSIONS)
        vulnerability_multiplier = scales["vulnerability"].multiply(issue.vulnerability.value)
        scope_multiplier = scales["scope"].multiply(issue.scope.value)
        harm_score = harm * vulnerability_multiplier * scope_multiplier
        if issue.likelihood_from_data:
            parts = likelihoods.loc[issue.id].to_dict()
            source = "data"
        else:
            parts = {"volume_score": math.nan, "rate_score": math.nan, "trend_score": math.nan,
                     "likelihood": issue.likelihood.value}
            source = "judgement"
        position = sum(weights["position"][p] * issue.position[p].value for p in POSITION_PARTS) / sum(
            weights["position"].values())
        confidence_multiplier = scales["confidence"].multiply(issue.confidence.value)
        position_multiplier = scales["position"].multiply(position)
        risk = harm_score * parts["likelihood"]
        rows.append({
            "issue": issue.id, "name": issue.name, "priority": matrix.group_of(issue.id) or issue.name,
            **{d: issue.harm[d].value for d in HARM_DIMENSIONS}, "harm": harm,
            "vulnerability": issue.vulnerability.value, "vulnerability_multiplier": vulnerability_multiplier,
            "scope": issue.scope.value, "scope_multiplier": scope_multiplier, "harm_score": harm_score,
            **parts, "likelihood_source": source, "risk": risk,
            "confidence": issue.confidence.value, "confidence_multiplier": confidence_multiplier,
            **{p: issue.position[p].value for p in POSITION_PARTS}, "position": position,
            "position_multiplier": position_multiplier,
            "total": risk * confidence_multiplier * position_multiplier,
        })
    table = pd.DataFrame(rows)
    table["rank"] = table["total"].rank(method="min", ascending=False).astype("int64")
    table = table.sort_values(["rank", "name"], kind="stable").reset_index(drop=True)
    return table[list(SCORE_COLUMNS)]


def recommend_priorities(scored: pd.DataFrame, matrix: Matrix) -> pd.DataFrame:
    """The candidate priorities with their total, whether recommended and why, highest total first.

    A candidate is an issue, or a group of themes (``recommendation.groups``) scored by its
    highest theme; it is recommended when its total is at least the threshold.  Columns:
    ``priority``, ``issues`` (names, highest first), ``total``, ``top_issue``,
    ``recommended`` and ``reason``.
    """
    rows = []
    for priority, members in scored.groupby("priority", sort=False):
        top = members.sort_values("total", ascending=False, kind="stable").iloc[0]
        total = float(top["total"])
        recommended = total >= matrix.threshold
        grouped = f"its highest theme, {top['name']}, scores {total:.1f}; " if len(members) > 1 else f"total {total:.1f}; "
        verdict = (f"at least the threshold of {matrix.threshold:g}: recommended" if recommended
                   else f"below the threshold of {matrix.threshold:g}: not recommended")
        rows.append({"priority": priority, "issues": ", ".join(members["name"]), "total": total,
                     "top_issue": top["name"], "recommended": bool(recommended), "reason": grouped + verdict})
    table = pd.DataFrame(rows, columns=["priority", "issues", "total", "top_issue", "recommended", "reason"])
    return table.sort_values(["total", "priority"], ascending=[False, True], kind="stable").reset_index(drop=True)


def list_recommended(recommendations: pd.DataFrame) -> list[str]:
    """The recommended priorities' names, highest total first."""
    return [str(p) for p in recommendations.loc[recommendations["recommended"], "priority"]]


def list_evidence(matrix: Matrix) -> pd.DataFrame:
    """Every judgement score with its evidence, one row per issue and field (for the review's evidence table)."""
    rows = []
    for issue in matrix.issues:
        entries = [(f"harm: {d}", issue.harm[d]) for d in HARM_DIMENSIONS]
        entries += [("vulnerability", issue.vulnerability), ("scope", issue.scope)]
        entries += [("likelihood", issue.likelihood or Score(math.nan, issue.likelihood_evidence))]
        entries += [("confidence", issue.confidence)] + [(f"position: {p}", issue.position[p]) for p in POSITION_PARTS]
        for field, entry in entries:
            shown = "from the data" if math.isnan(entry.value) else f"{entry.value:g}"
            rows.append({"issue": issue.name, "field": field, "score": shown, "evidence": entry.evidence})
    return pd.DataFrame(rows, columns=["issue", "field", "score", "evidence"])


# --- words for the review ---------------------------------------------------------------------


def _listing(items) -> str:
    items = [str(i) for i in items]
    return "".join(items) if len(items) <= 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_likelihood(scored: pd.DataFrame, indicators: pd.DataFrame, comparison_name: str = "Kent district") -> str:
    """A markdown list: each issue with data, its count against the year before, its rate against the average, its likelihood."""
    lines = []
    table = scored.set_index("issue")
    for issue, row in indicators.iterrows():
        score = table.loc[issue]
        change = "no change" if row["change_pct"] == 0 else (
            "no previous count" if math.isnan(row["change_pct"])
            else f"{'up' if row['change_pct'] > 0 else 'down'} {abs(row['change_pct']):.1f}%")
        lines.append(
            f"- **{score['name']}**: {int(row['count']):,} against {int(row['previous']):,} the year before ({change}); "
            f"{row['rate_per_1000']:.1f} per 1,000 residents against a {comparison_name} average of "
            f"{row['kent_rate_per_1000']:.1f}; likelihood {score['likelihood']:.1f} (volume {score['volume_score']:.0f}, "
            f"rate {score['rate_score']:.0f}, trend {score['trend_score']:.0f})."
        )
    return "\n".join(lines)


def describe_rule(matrix: Matrix) -> str:
    """The recommendation rule in words, with the matrix's threshold and groups."""
    groups = [f"{name} ({_listing(matrix.issue(i).name for i in members)})" for name, members in matrix.groups.items()]
    text = (f"The rule: every candidate priority whose total is at least {matrix.threshold:g} is recommended, "
            "highest total first.")
    if groups:
        text += f" The themes of {_listing(groups)} are taken together, scored by their highest theme."
    return text


def describe_recommendations(recommendations: pd.DataFrame) -> str:
    """A numbered markdown list of the recommended priorities with the reason, then those not recommended."""
    chosen = recommendations[recommendations["recommended"]]
    left = recommendations[~recommendations["recommended"]]
    lines = [f"{n}. **{row['priority']}**: {row['reason']}." for n, (_, row) in enumerate(chosen.iterrows(), start=1)]
    text = "\n".join(lines) if lines else "No candidate priority reaches the threshold."
    if len(left):
        text += "\n\nNot recommended: " + _listing(f"{p} ({t:.1f})" for p, t in zip(left["priority"], left["total"])) + "."
    return text


__all__ = [
    "BANDS", "DEFAULT_MATRIX", "HARM_DIMENSIONS", "INDICATOR_COLUMNS", "LIKELIHOOD_COMPONENTS", "POSITION_PARTS",
    "SCALES", "SCORE_COLUMNS", "Issue", "Matrix", "Scale", "Score", "build_indicators", "describe_likelihood",
    "describe_recommendations", "describe_rule", "list_evidence",
    "list_recommended", "load_matrix", "recommend_priorities", "score_band", "score_likelihood", "score_matrix",
    "summarise_indicator",
]
