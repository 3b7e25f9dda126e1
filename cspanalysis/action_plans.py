"""The partnership's action plans: each action with its agencies and measures, and how it is going.

``config/action-plans-2017-18.yml`` transcribes the plan's four action-plan tables word for
word (action, agencies, measures, targets, other recommendations); each measure statement
is bound to the partner-return measures of the registry (``config/partner-measures.yml``)
that report it, or says how it is reported in words (qualitative).  ``load_action_plans``
reads and checks the file against the registry, listing every problem at once in one
``ConfigError`` that names the file, the priority, the action and the field.

Monitoring (the review's "About the data" states these definitions):

- **Year to date**: a bound measure's value for the financial year to date through the
  monitoring quarter (``cspanalysis.metrics.partner_activity``: quarters added for counts,
  the latest quarter for stocks).
- **Direction**: the monitoring quarter's value against the previous quarter's (a quarter's
  value is the sum of the measure's rows in that quarter; the quarter before Q1 is Q4 of
  the previous financial year): ``up``, ``down`` or ``same``; ``no previous data`` when the
  previous quarter has no return, ``no data`` when the monitoring quarter has none.
- **Expected by now** (only for a return with a target): ``year: N`` expects N x q / 4 by
  the end of quarter q (pro rata); ``by_quarter: {Q3: 2, Q4: 3}`` expects the number given
  for the latest listed quarter up to q (0 before the first).
- **Status of an action** (``judge_status``), in this order:
  *no data* when no partner return is bound to the action, or none of its returns has a
  value for the year to date; *behind* when a return with a target is below the number
  expected by now, or every return with a value is 0 (nothing delivered yet; returns whose
  target expects nothing yet are left out of this test); *on track* otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from cspanalysis import paths
from cspanalysis.config import read_yaml
from cspanalysis.errors import ConfigError
from cspanalysis.metrics.partner_activity import aggregate_year_to_date
from cspanalysis.periods import Period
from cspanalysis.registry import Registry, load_registry
from cspanalysis.sources.partner_returns import FinancialQuarter, parse_quarter

#: the action plans of the Partnership Plan 2017-18
DEFAULT_ACTION_PLANS = paths.CONFIG_DIR / "action-plans-2017-18.yml"

STATUSES = ("on track", "behind", "no data")

_TOP_KEYS = {"plan", "plan_year", "contact", "priorities"}
_PRIORITY_KEYS = {"id", "number", "title", "agencies_heading", "actions", "other_recommendations", "overall_target",
                  "specific_target"}
_ACTION_KEYS = {"action", "agencies", "primary_agencies", "other_agencies", "measures"}
_MEASURE_KEYS = {"text", "returns", "qualitative", "targets"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_QUARTER_KEY = re.compile(r"^Q([1-4])$")


@dataclass(frozen=True)
class Target:
    """A number a return should reach: for the year (pro rata by quarter) or by given quarters."""

    year: float | None = None
    by_quarter: dict[int, float] = field(default_factory=dict)
    evidence: str = ""

    def expected_by(self, quarter: int) -> float:
        """The cumulative number expected by the end of quarter ``quarter`` (1-4) of the financial year."""
        if self.year is not None:
            return self.year * quarter / 4
        reached = [q for q in self.by_quarter if q <= quarter]
        return self.by_quarter[max(reached)] if reached else 0.0


@dataclass(frozen=True)
class MeasureStatement:
    """One statement of an action's measure column and the partner returns that report it."""

    text: str
    returns: tuple[tuple[str, str], ...]
    qualitative: str | None = None
    targets: dict[tuple[str, str], Target] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """One row of an action-plan table."""

    number: int
    text: str
    agencies: str
    primary_agencies: tuple[str, ...]
    other_agencies: tuple[str, ...]
    measures: tuple[MeasureStatement, ...]

    @property
    def returns(self) -> tuple[tuple[str, str], ...]:
        """The partner returns bound to the action's measures, each once, in order."""
        return tuple(dict.fromkeys(r for m in self.measures for r in m.returns))


@dataclass(frozen=True)
class Priority:
    """A priority's action plan."""

    id: str
    number: int
    title: str
    agencies_heading: str
    actions: tuple[Action, ...]
    other_recommendations: tuple[str, ...]
    overall_target: str | None
    specific_target: str | None


@dataclass(frozen=True)
class ActionPlans:
    """The loaded, checked action plans of one plan year."""

    path: Path
    plan: str
    plan_year: str
    contact: dict[str, str]
    priorities: tuple[Priority, ...]

    def priority(self, priority_id: str) -> Priority:
        found = next((p for p in self.priorities if p.id == priority_id), None)
        if found is None:
            known = ", ".join(p.id for p in self.priorities)
            raise ConfigError(f"{self.path}: no priority {priority_id!r} (its priorities: {known})")
        return found

    def count_actions(self) -> dict[str, int]:
        """Number of actions in each priority's table, by priority id."""
        return {p.id: len(p.actions) for p in self.priorities}

    def list_returns(self, agency: str | None = None) -> list[tuple[str, str]]:
        """The (agency id, measure id) pairs the action plans ask for (of one agency id if given), each once, in order."""
        pairs = (r for p in self.priorities for a in p.actions for r in a.returns)
        return [r for r in dict.fromkeys(pairs) if agency is None or r[0] == agency]

    def list_asked_by(self, agency: str, measure: str) -> list[str]:
        """Where the plans ask for a return: 'Priority 1, action 2' for each action binding it."""
        return [f"Priority {p.number}, action {a.number}" for p in self.priorities for a in p.actions
                if (agency, measure) in a.returns]


# --- loading ------------------------------------------------------------------------------------


def load_action_plans(path: str | Path | None = None, registry: Registry | None = None) -> ActionPlans:
    """Read and check the action plans (default ``config/action-plans-2017-18.yml``) against the registry."""
    path = paths.resolve(path) if path is not None else DEFAULT_ACTION_PLANS
    registry = registry if registry is not None else load_registry()
    data = read_yaml(path, "the action plans file")
    problems: list[str] = []
    plans = _parse(data, path, registry, problems)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise ConfigError(f"{path}: {len(problems)} {noun}: " + "; ".join(problems))
    return plans


def _text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _parse(data, path: Path, registry: Registry, problems: list[str]) -> ActionPlans | None:
    if not isinstance(data, dict):
        problems.append("expected a mapping with plan, plan_year, contact and priorities")
        return None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        problems.append(f"unknown top-level keys {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_TOP_KEYS))}")
    contact = data.get("contact") or {}
    if not isinstance(contact, dict) or not all(isinstance(v, (str, int)) for v in contact.values()):
        problems.append("'contact' must map fields (team, role, address, telephone) to text")
        contact = {}
    raw = data.get("priorities")
    if not isinstance(raw, list) or not raw:
        problems.append("'priorities' must be a non-empty list of priorities")
        return None
    priorities, seen = [], set()
    for index, spec in enumerate(raw, start=1):
        priority = _parse_priority(spec, index, registry, problems)
        if priority is None:
            continue
        if priority.id in seen:
            problems.append(f"priority {priority.id!r}: the id appears twice")
        seen.add(priority.id)
        priorities.append(priority)
    return ActionPlans(path, _text(data.get("plan")) or "", str(data.get("plan_year", "")),
                       {str(k): str(v) for k, v in contact.items()}, tuple(priorities))


def _parse_priority(spec, index: int, registry: Registry, problems: list[str]) -> Priority | None:
    if not isinstance(spec, dict):
        problems.append(f"priorities[{index}]: expected a mapping with id, number, title and actions")
        return None
    priority_id = spec.get("id")
    if not (isinstance(priority_id, str) and _ID.match(priority_id)):
        problems.append(f"priorities[{index}]: 'id' must be a snake_case id, got {priority_id!r}")
        return None
    where = f"priority {priority_id!r}"
    found = len(problems)
    unknown = sorted(set(spec) - _PRIORITY_KEYS)
    if unknown:
        problems.append(f"{where}: unknown fields {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_PRIORITY_KEYS))}")
    number = spec.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        problems.append(f"{where}: field 'number' must be the plan's priority number, got {number!r}")
    for key in ("title", "agencies_heading"):
        if _text(spec.get(key)) is None:
            problems.append(f"{where}: field {key!r} is missing")
    targets = {}
    for key in ("overall_target", "specific_target"):
        value = spec.get(key)
        if value is not None and _text(value) is None:
            problems.append(f"{where}: field {key!r} must be the plan's words, or null when the plan states none")
        targets[key] = _text(value)
    recommendations = spec.get("other_recommendations", [])
    if not isinstance(recommendations, list) or not all(_text(r) for r in recommendations):
        problems.append(f"{where}: field 'other_recommendations' must be a list of the plan's recommendations")
        recommendations = []
    raw_actions = spec.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        problems.append(f"{where}: field 'actions' must be a non-empty list of the table's rows")
        raw_actions = []
    actions = [a for n, raw in enumerate(raw_actions, start=1)
               if (a := _parse_action(raw, n, where, registry, problems)) is not None]
    if len(problems) > found:
        return None
    return Priority(priority_id, number, _text(spec["title"]), _text(spec["agencies_heading"]), tuple(actions),
                    tuple(_text(r) for r in recommendations), targets["overall_target"], targets["specific_target"])


def _names(value) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(_text(v) for v in value):
        return tuple(_text(v) for v in value)
    return None


def _parse_action(raw, number: int, priority: str, registry: Registry, problems: list[str]) -> Action | None:
    where = f"{priority} action {number}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping with action, agencies and measures")
        return None
    found = len(problems)
    unknown = sorted(set(raw) - _ACTION_KEYS)
    if unknown:
        problems.append(f"{where}: unknown fields {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_ACTION_KEYS))}")
    for key in ("action", "agencies"):
        if _text(raw.get(key)) is None:
            problems.append(f"{where}: field {key!r} is missing: expected the plan's words")
    primary, other = _names(raw.get("primary_agencies")), _names(raw.get("other_agencies"))
    if primary is None or other is None:
        problems.append(f"{where}: fields 'primary_agencies' and 'other_agencies' must be lists of names")
    elif not primary and not other:
        problems.append(f"{where}: no agency: give primary_agencies (or other_agencies when the plan marks no primary one)")
    raw_measures = raw.get("measures")
    if not isinstance(raw_measures, list) or not raw_measures:
        problems.append(f"{where}: field 'measures' must list the measure column's statements")
        raw_measures = []
    measures = [m for n, spec in enumerate(raw_measures, start=1)
                if (m := _parse_statement(spec, f"{where} measures[{n}]", registry, problems)) is not None]
    if len(problems) > found:
        return None
    return Action(number, _text(raw["action"]), _text(raw["agencies"]), primary, other, tuple(measures))


def _parse_statement(spec, where: str, registry: Registry, problems: list[str]) -> MeasureStatement | None:
    if not isinstance(spec, dict):
        problems.append(f"{where}: expected a mapping with text and returns")
        return None
    found = len(problems)
    unknown = sorted(set(spec) - _MEASURE_KEYS)
    if unknown:
        problems.append(f"{where}: unknown fields {', '.join(map(repr, unknown))}: expected {', '.join(sorted(_MEASURE_KEYS))}")
    text = _text(spec.get("text"))
    if text is None:
        problems.append(f"{where}: field 'text' is missing: expected the plan's words")
    raw_returns = spec.get("returns", [])
    if not isinstance(raw_returns, list):
        problems.append(f"{where}: field 'returns' must be a list of agency.measure ids")
        raw_returns = []
    returns = []
    for item in raw_returns:
        pair = _parse_return(item, where, registry, problems)
        if pair is not None:
            returns.append(pair)
    qualitative = spec.get("qualitative")
    if qualitative is not None and _text(qualitative) is None:
        problems.append(f"{where}: field 'qualitative' must say in words how the measure is reported")
    if not raw_returns and qualitative is None:
        problems.append(f"{where}: neither bound to a partner return nor marked qualitative: "
                        "give 'returns' (agency.measure ids) or 'qualitative' (how it is reported)")
    targets = {}
    for key, target in (spec.get("targets") or {}).items():
        pair = _parse_return(key, f"{where} targets", registry, problems)
        if pair is not None and pair not in returns:
            problems.append(f"{where}: a target for {key!r}, which is not among its returns")
        parsed = _parse_target(target, f"{where} targets {key!r}", problems)
        if pair is not None and parsed is not None:
            targets[pair] = parsed
    if len(problems) > found:
        return None
    return MeasureStatement(text, tuple(returns), _text(qualitative), targets)


def _parse_return(item, where: str, registry: Registry, problems: list[str]) -> tuple[str, str] | None:
    if not isinstance(item, str) or item.count(".") != 1:
        problems.append(f"{where}: {item!r} is not an agency.measure id of the registry (like davss.referrals)")
        return None
    agency_id, measure_id = item.split(".")
    agency = next((a for a in registry.agencies if a.id == agency_id), None)
    if agency is None:
        problems.append(f"{where}: {item!r}: {agency_id!r} is not an agency id of the registry {registry.path} "
                        f"(its agencies: {', '.join(a.id for a in registry.agencies)})")
        return None
    if measure_id not in agency.measure_ids:
        problems.append(f"{where}: {item!r}: {measure_id!r} is not a measure of {agency.id} in the registry "
                        f"(its measures: {', '.join(agency.measure_ids)})")
        return None
    return agency_id, measure_id


def _parse_target(spec, where: str, problems: list[str]) -> Target | None:
    if not isinstance(spec, dict) or _text(spec.get("evidence")) is None:
        problems.append(f"{where}: expected year or by_quarter, and the evidence (the plan's words that set it)")
        return None
    year, by_quarter = spec.get("year"), spec.get("by_quarter")
    if (year is None) == (by_quarter is None):
        problems.append(f"{where}: give either year (a number for the year) or by_quarter (numbers by quarter), not both")
        return None
    if year is not None:
        if not isinstance(year, (int, float)) or isinstance(year, bool) or year <= 0:
            problems.append(f"{where}: year must be a number above 0, got {year!r}")
            return None
        return Target(year=float(year), evidence=_text(spec["evidence"]))
    if not isinstance(by_quarter, dict) or not by_quarter:
        problems.append(f"{where}: by_quarter must map quarters (Q1-Q4) to numbers")
        return None
    parsed = {}
    for key, value in by_quarter.items():
        match = _QUARTER_KEY.match(str(key))
        if not match or not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            problems.append(f"{where}: by_quarter {key!r}: {value!r}: expected a quarter Q1-Q4 and a number of 0 or more")
            return None
        parsed[int(match.group(1))] = float(value)
    return Target(by_quarter=parsed, evidence=_text(spec["evidence"]))


# --- monitoring ---------------------------------------------------------------------------------


def through_quarter(period: Period) -> FinancialQuarter:
    """The last quarter of a financial year-to-date period (1 April to the end of a quarter)."""
    end = period.end
    fy_start = end.year if end.month >= 4 else end.year - 1
    quarter = ((end.month - 4) % 12) // 3 + 1
    last = FinancialQuarter(fy_start, quarter)
    if period.start != FinancialQuarter(fy_start, 1).start or end != last.end:
        raise ConfigError(f"period {period.label!r} is not a financial year to date: it must run from 1 April "
                          "to the end of a quarter, like 2016/17 Q1-Q3")
    return last


def previous_quarter(quarter: FinancialQuarter) -> FinancialQuarter:
    """The quarter before (Q4 of the previous financial year before Q1)."""
    return FinancialQuarter(quarter.year, quarter.number - 1) if quarter.number > 1 else FinancialQuarter(quarter.year - 1, 4)


def value_in_quarter(returns: pd.DataFrame, agency: str, measure: str, quarter: FinancialQuarter) -> int | None:
    """A measure's value in one quarter: the sum of its rows then; None when it has no return for the quarter."""
    rows = returns[(returns["agency"] == agency) & (returns["measure"] == measure)
                   & (returns["fy_start"] == quarter.year) & (returns["quarter"] == quarter.number)]
    return None if rows.empty else int(rows["value"].sum())


def describe_direction(current: int | None, previous: int | None) -> str:
    """'up', 'down' or 'same'; 'no data' without a current value, 'no previous data' without a previous one."""
    if current is None:
        return "no data"
    if previous is None:
        return "no previous data"
    return "up" if current > previous else "down" if current < previous else "same"


@dataclass(frozen=True)
class ReturnValue:
    """A bound return's year-to-date value (None: no return) and the number expected by now (None: no target)."""

    label: str
    value: int | None
    expected: float | None = None


def judge_status(values: Sequence[ReturnValue]) -> tuple[str, str]:
    """An action's status and the reason, by the rule of the module docstring."""
    if not values:
        return "no data", "no partner return measures this action: it is reported in words"
    reported = [v for v in values if v.value is not None]
    if not reported:
        return "no data", "no return yet for " + _listing([v.label for v in values])
    short = [v for v in reported if v.expected is not None and v.value < v.expected]
    if short:
        return "behind", "; ".join(f"{v.label} is {v.value}, below the {v.expected:g} expected by now" for v in short)
    due = [v for v in reported if v.expected is None or v.expected > 0]
    if due and all(v.value == 0 for v in due):
        return "behind", "nothing delivered yet: every measure is 0 for the year to date"
    met = [v for v in reported if v.expected is not None]
    reason = "measures reported, not all 0" if due else "nothing due yet"
    if met:
        reason += "; " + "; ".join(f"{v.label} is {v.value}, at least the {v.expected:g} expected by now" for v in met)
    missing = [v.label for v in values if v.value is None]
    if missing:
        reason += "; no return yet for " + _listing(missing)
    return "on track", reason


def _listing(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


MEASURE_COLUMNS = ("priority", "action", "ref", "statement", "agency", "measure", "label", "year_to_date", "by_breakdown",
                   "expected", "latest_quarter", "previous_quarter", "direction")


def measure_actions(plans: ActionPlans, returns: pd.DataFrame, through: FinancialQuarter | str,
                    registry: Registry) -> pd.DataFrame:
    """One row per action, measure statement and bound return (or qualitative statement) with its values.

    Columns: ``priority`` (id), ``action`` (number), ``ref`` (action.statement, with a letter
    per return when a statement has several: ``2.1a``), ``statement`` (the plan's words),
    ``agency`` and ``measure`` (ids; empty for a qualitative statement), ``label`` ("DAVSS:
    Referrals received", or "qualitative: ..."), ``year_to_date`` (None without a return),
    ``by_breakdown`` (breakdown values and their year-to-date values, as text),
    ``expected`` (by now, from a target), ``latest_quarter``, ``previous_quarter`` and
    ``direction`` (see the module docstring).
    """
    last = parse_quarter(through) if isinstance(through, str) else through
    before = previous_quarter(last)
    by_breakdown = aggregate_year_to_date(returns, last.label, by_breakdown=True)
    rows = []
    for priority in plans.priorities:
        for action in priority.actions:
            for number, statement in enumerate(action.measures, start=1):
                items = len(statement.returns) + (1 if statement.qualitative else 0)
                refs = iter([f"{action.number}.{number}{chr(97 + k) if items > 1 else ''}" for k in range(items)])
                for agency_id, measure_id in statement.returns:
                    measure = registry.get_measure(agency_id, measure_id)
                    agency = registry.get_agency(agency_id)
                    total = aggregate_year_to_date(
                        returns[(returns["agency"] == agency_id) & (returns["measure"] == measure_id)], last.label)
                    value = int(total["value"].iloc[0]) if len(total) else None
                    parts = by_breakdown[(by_breakdown["agency"] == agency_id) & (by_breakdown["measure"] == measure_id)
                                         & by_breakdown["breakdown"].notna()]
                    target = statement.targets.get((agency_id, measure_id))
                    current = value_in_quarter(returns, agency_id, measure_id, last)
                    previous = value_in_quarter(returns, agency_id, measure_id, before)
                    rows.append({
                        "priority": priority.id, "action": action.number, "ref": next(refs),
                        "statement": statement.text, "agency": agency_id, "measure": measure_id, "label": f"{agency.short_name}: {measure.label}",
                        "year_to_date": value,
                        "by_breakdown": "; ".join(f"{b} {v}" for b, v in zip(parts["breakdown"], parts["value"])),
                        "expected": target.expected_by(last.number) if target else None,
                        "latest_quarter": current, "previous_quarter": previous,
                        "direction": describe_direction(current, previous),
                    })
                if statement.qualitative:
                    rows.append({
                        "priority": priority.id, "action": action.number, "ref": next(refs),
                        "statement": statement.text, "agency": "", "measure": "", "label": f"qualitative: {statement.qualitative}",
                        "year_to_date": None, "by_breakdown": "", "expected": None, "latest_quarter": None,
                        "previous_quarter": None, "direction": "reported in words",
                    })
    frame = pd.DataFrame(rows, columns=list(MEASURE_COLUMNS))
    for column in ("year_to_date", "latest_quarter", "previous_quarter"):
        frame[column] = frame[column].astype("Int64")
    frame["expected"] = frame["expected"].astype("Float64")
    return frame


def assess_actions(plans: ActionPlans, measured: pd.DataFrame) -> pd.DataFrame:
    """One row per action: ``priority``, ``action`` (number), ``text``, agencies, ``status`` and ``reason``.

    ``measured`` is ``measure_actions``' table; the status follows ``judge_status``.
    """
    rows = []
    for priority in plans.priorities:
        for action in priority.actions:
            bound = measured[(measured["priority"] == priority.id) & (measured["action"] == action.number)
                             & (measured["agency"] != "")].drop_duplicates(["agency", "measure"])
            values = [
                ReturnValue(label, None if pd.isna(value) else int(value), None if pd.isna(expected) else float(expected))
                for label, value, expected in zip(bound["label"], bound["year_to_date"], bound["expected"])
            ]
            status, reason = judge_status(values)
            rows.append({
                "priority": priority.id, "action": action.number, "text": action.text,
                "primary_agencies": ", ".join(action.primary_agencies) or "none marked",
                "other_agencies": ", ".join(action.other_agencies), "status": status, "reason": reason,
            })
    return pd.DataFrame(rows, columns=["priority", "action", "text", "primary_agencies", "other_agencies", "status",
                                       "reason"])


# --- tables and words for the review ------------------------------------------------------------


def tabulate_actions(assessed: pd.DataFrame, priority_id: str) -> pd.DataFrame:
    """One priority's actions with their status, with the review's column names."""
    rows = assessed[assessed["priority"] == priority_id].drop(columns="priority")
    return rows.rename(columns={"action": "No.", "text": "Action", "primary_agencies": "Primary agencies",
                                "other_agencies": "Other agencies", "status": "Status", "reason": "Why"})


def tabulate_measures(measured: pd.DataFrame, priority_id: str) -> pd.DataFrame:
    """One priority's measures and their values, with the review's column names (expected by now as text)."""
    rows = measured[measured["priority"] == priority_id]
    expected = ["" if pd.isna(v) else f"{v:g}" for v in rows["expected"]]
    table = rows.assign(expected=expected)[
        ["ref", "statement", "label", "year_to_date", "expected", "latest_quarter", "previous_quarter", "direction"]]
    return table.rename(columns={"ref": "Ref", "statement": "Measure (the plan's words)", "label": "Partner return",
                                 "year_to_date": "Year to date", "expected": "Expected by now",
                                 "latest_quarter": "Latest quarter", "previous_quarter": "Previous quarter",
                                 "direction": "Direction"}).reset_index(drop=True)


def summarise_status(plans: ActionPlans, assessed: pd.DataFrame) -> pd.DataFrame:
    """Actions by priority and status: one row per priority, a column per status (``STATUSES``)."""
    rows = []
    for priority in plans.priorities:
        statuses = assessed.loc[assessed["priority"] == priority.id, "status"]
        rows.append({"Priority": f"Priority {priority.number}: {priority.title}",
                     **{status.capitalize(): int((statuses == status).sum()) for status in STATUSES}})
    return pd.DataFrame(rows, columns=["Priority", *(s.capitalize() for s in STATUSES)])


def describe_priority(priority: Priority) -> str:
    """The priority's overall and specific targets and other recommendations, as markdown."""
    parts = []
    if priority.overall_target:
        parts.append(f"**Overall target**: {priority.overall_target}")
    if priority.specific_target:
        parts.append(f"**Specific target**: {priority.specific_target}")
    if priority.other_recommendations:
        parts.append("**Other recommendations**:\n\n" + "\n".join(f"- {r}" for r in priority.other_recommendations))
    return "\n\n".join(parts)


__all__ = [
    "DEFAULT_ACTION_PLANS", "STATUSES", "Action", "ActionPlans", "MeasureStatement", "Priority", "ReturnValue",
    "Target", "assess_actions", "describe_direction", "describe_priority", "judge_status", "load_action_plans", "measure_actions",
    "previous_quarter", "summarise_status", "tabulate_actions", "tabulate_measures", "through_quarter",
    "value_in_quarter",
]
