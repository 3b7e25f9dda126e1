"""The registry of partner agencies and their measures: what a partner return may contain.

``config/partner-measures.yml`` lists every agency the partnership collects quarterly
returns from (its full name and the names agencies write, its aliases) and the measures
each agency returns (label, unit, review section, the kind of breakdown allowed, and how
quarters add up to the financial year to date: ``sum`` for counts of events, ``last`` for
stocks at the end of a quarter, ``max``/``min`` for the busiest/quietest occasion).
``load_registry`` reads and checks the file, listing every problem at once in one
``ConfigError``; lookups by agency name or alias and by measure id or label are
case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspanalysis.config import read_yaml
from cspanalysis.errors import ConfigError
from cspanalysis.paths import CONFIG_DIR

#: where the registry lives unless a path is given
DEFAULT_REGISTRY = CONFIG_DIR / "partner-measures.yml"

#: how a measure's quarters add up to the financial year to date
AGGREGATES = {
    "sum": "a count of events in the quarter: quarters are added",
    "last": "a stock at the end of the quarter: the latest quarter's value",
    "max": "the highest value in any quarter",
    "min": "the lowest value in any quarter",
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_AGENCY_KEYS = {"id", "name", "aliases", "measures"}
_MEASURE_KEYS = {"id", "label", "unit", "section", "breakdown", "aggregate", "description", "plan"}
_MEASURE_REQUIRED = ("id", "label", "unit", "section", "breakdown", "aggregate", "description")


@dataclass(frozen=True)
class BreakdownKind:
    """A kind of breakdown (risk level, location, ...); ``values`` is None when free text."""

    id: str
    description: str
    values: tuple[str, ...] | None = None

    def match_value(self, text: str) -> str | None:
        """The registry's spelling of ``text`` for a closed list of values (None if not in it)."""
        wanted = _fold(text)
        return next((v for v in self.values or () if _fold(v) == wanted), None)


@dataclass(frozen=True)
class Measure:
    """One measure an agency returns each quarter."""

    agency: str
    id: str
    label: str
    unit: str
    section: str
    breakdown: str
    aggregate: str
    description: str
    plan: str | None = None


@dataclass(frozen=True)
class Agency:
    """A partner agency: its id, full name, the names it goes by, and its measures."""

    id: str
    name: str
    aliases: tuple[str, ...]
    measures: tuple[Measure, ...]

    @property
    def short_name(self) -> str:
        """The name agencies use most (the first alias, else the full name)."""
        return self.aliases[0] if self.aliases else self.name

    @property
    def sheet_name(self) -> str:
        """The XLSX sheet name for this agency's return (the short name)."""
        return self.short_name

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the agency may be written as: id, full name and aliases."""
        return (self.id, self.name, *self.aliases)

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)

    def find_measure(self, text: str) -> Measure | None:
        """The measure whose id or label is ``text`` (case-insensitive), or None."""
        wanted = _fold(text)
        return next((m for m in self.measures if wanted in (_fold(m.id), _fold(m.label))), None)


@dataclass(frozen=True)
class Registry:
    """Every known agency and measure, with the breakdown kinds and review sections."""

    agencies: tuple[Agency, ...]
    breakdowns: dict[str, BreakdownKind]
    sections: dict[str, str]
    path: str = str(DEFAULT_REGISTRY)

    def find_agency(self, text: str) -> Agency | None:
        """The agency with this id, name or alias (case-insensitive, spaces tidied), or None."""
        wanted = _fold(text)
        return next((a for a in self.agencies if wanted in {_fold(n) for n in a.names}), None)

    def get_agency(self, text: str) -> Agency:
        """As ``find_agency`` but an unknown agency is a ``ConfigError`` listing the known ones."""
        agency = self.find_agency(text)
        if agency is None:
            raise ConfigError(f"{text!r} is not a known agency in {self.path}: known agencies are {self.known_agencies()}")
        return agency

    def get_measure(self, agency: str, measure: str) -> Measure:
        """A measure by agency (id, name or alias) and measure id or label; ConfigError if unknown."""
        found = self.get_agency(agency)
        result = found.find_measure(measure)
        if result is None:
            raise ConfigError(
                f"{measure!r} is not a measure of {found.short_name} in {self.path}: "
                f"its measures are {', '.join(found.measure_ids)}"
            )
        return result

    def known_agencies(self) -> str:
        """The agencies' short names, for messages."""
        return ", ".join(a.short_name for a in self.agencies)

    def list_measures(self, section: str | None = None) -> list[Measure]:
        """Every measure (of one review section if given), in registry order."""
        if section is not None and section not in self.sections:
            raise ConfigError(f"{section!r} is not a review section: expected one of {', '.join(self.sections)}")
        return [m for a in self.agencies for m in a.measures if section is None or m.section == section]

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: agency id and name, measure fields (for 'About the data' tables)."""
        names = {a.id: a.short_name for a in self.agencies}
        rows = [
            {
                "agency": m.agency,
                "agency_name": names[m.agency],
                "measure": m.id,
                "label": m.label,
                "unit": m.unit,
                "section": m.section,
                "breakdown": m.breakdown,
                "aggregate": m.aggregate,
                "description": m.description,
            }
            for m in self.list_measures()
        ]
        return pd.DataFrame(rows)


def _fold(text) -> str:
    """Text compared case-insensitively with runs of spaces as one space."""
    return " ".join(str(text).split()).casefold()


def load_registry(path: Path | str | None = None) -> Registry:
    """Read and check the agency and measure registry (default ``config/partner-measures.yml``).

    Every problem is collected and reported in one ``ConfigError`` naming the agency
    and measure where it is.
    """
    path = Path(path) if path is not None else DEFAULT_REGISTRY
    data = read_yaml(path, "the registry of partner agencies and measures")
    problems: list[str] = []
    registry = _parse(data, problems, str(path))
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise ConfigError(f"{path}: {len(problems)} {noun}: " + "; ".join(problems))
    return registry


def _parse(data, problems: list[str], path: str) -> Registry | None:
    if not isinstance(data, dict):
        problems.append("expected a mapping with 'sections', 'breakdowns' and 'agencies'")
        return None
    unknown = sorted(set(data) - {"sections", "breakdowns", "agencies"})
    if unknown:
        problems.append(f"unknown top-level keys {', '.join(map(repr, unknown))}: expected sections, breakdowns, agencies")
    sections = _parse_sections(data.get("sections"), problems)
    breakdowns = _parse_breakdowns(data.get("breakdowns"), problems)
    raw_agencies = data.get("agencies")
    if not isinstance(raw_agencies, list) or not raw_agencies:
        problems.append("'agencies' must be a non-empty list of agencies")
        return None
    agencies = []
    for number, raw in enumerate(raw_agencies, start=1):
        agency = _parse_agency(raw, f"agencies[{number}]", sections, breakdowns, problems)
        if agency is not None:
            agencies.append(agency)
    _check_unique_names(agencies, problems)
    return Registry(tuple(agencies), breakdowns, sections, path)


def _parse_sections(raw, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        problems.append("'sections' must map section ids to titles")
        return {}
    sections = {}
    for key, title in raw.items():
        if not isinstance(key, str) or not _ID.match(key):
            problems.append(f"sections: {key!r} is not a snake_case id")
        elif not isinstance(title, str) or not title.strip():
            problems.append(f"sections: {key} needs a title")
        else:
            sections[key] = title.strip()
    return sections


def _parse_breakdowns(raw, problems: list[str]) -> dict[str, BreakdownKind]:
    if not isinstance(raw, dict) or "none" not in raw:
        problems.append("'breakdowns' must map breakdown kinds to a description (and optional values), including 'none'")
        return {"none": BreakdownKind("none", "no breakdown")}
    kinds = {}
    for key, spec in raw.items():
        where = f"breakdowns: {key}"
        if not isinstance(key, str) or not _ID.match(key):
            problems.append(f"breakdowns: {key!r} is not a snake_case id")
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("description"), str):
            problems.append(f"{where} needs a 'description'")
            continue
        extra = sorted(set(spec) - {"description", "values"})
        if extra:
            problems.append(f"{where}: unknown keys {', '.join(map(repr, extra))}: expected description, values")
        values = spec.get("values")
        if values is not None:
            if key == "none":
                problems.append(f"{where}: 'none' cannot list values")
                values = None
            elif not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
                problems.append(f"{where}: 'values' must be a non-empty list of text")
                values = None
            elif len({_fold(v) for v in values}) != len(values):
                problems.append(f"{where}: 'values' lists a value twice")
            values = tuple(v.strip() for v in values) if values else None
        kinds[key] = BreakdownKind(key, spec["description"].strip(), values)
    return kinds


def _parse_agency(raw, where, sections, breakdowns, problems) -> Agency | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping with id, name, aliases and measures")
        return None
    agency_id = raw.get("id")
    if isinstance(agency_id, str) and _ID.match(agency_id):
        where = f"{where} ({agency_id})"
    else:
        problems.append(f"{where}: 'id' must be a snake_case id, got {agency_id!r}")
        agency_id = None
    extra = sorted(set(raw) - _AGENCY_KEYS)
    if extra:
        problems.append(f"{where}: unknown keys {', '.join(map(repr, extra))}: expected {', '.join(sorted(_AGENCY_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: 'name' (the agency's full name) is missing")
        name = None
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{where}: 'aliases' must be a list of names")
        aliases = []
    aliases = tuple(" ".join(a.split()) for a in aliases)
    sheet = aliases[0] if aliases else (name or "")
    if sheet and (len(sheet) > 31 or _SHEET_FORBIDDEN.search(sheet)):
        problems.append(
            f"{where}: its short name {sheet!r} (first alias) cannot be an XLSX sheet name: "
            "at most 31 characters and none of []:*?/\\"
        )
    raw_measures = raw.get("measures")
    if not isinstance(raw_measures, list) or not raw_measures:
        problems.append(f"{where}: 'measures' must be a non-empty list")
        raw_measures = []
    measures = []
    for number, raw_measure in enumerate(raw_measures, start=1):
        measure = _parse_measure(raw_measure, f"{where} measures[{number}]", agency_id, sections, breakdowns, problems)
        if measure is not None:
            measures.append(measure)
    _check_unique_measures(measures, where, problems)
    if agency_id is None or name is None:
        return None
    return Agency(agency_id, " ".join(name.split()), aliases, tuple(measures))


def _parse_measure(raw, where, agency_id, sections, breakdowns, problems) -> Measure | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping with {', '.join(_MEASURE_REQUIRED)}")
        return None
    if isinstance(raw.get("id"), str):
        where = f"{where} ({raw['id']})"
    found = len(problems)
    extra = sorted(set(raw) - _MEASURE_KEYS)
    if extra:
        problems.append(f"{where}: unknown keys {', '.join(map(repr, extra))}: expected {', '.join(sorted(_MEASURE_KEYS))}")
    for key in _MEASURE_REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: '{key}' is missing")
    if isinstance(raw.get("id"), str) and not _ID.match(raw["id"]):
        problems.append(f"{where}: 'id' must be snake_case (lower-case letters, digits, _)")
    if isinstance(raw.get("section"), str) and sections and raw["section"] not in sections:
        problems.append(f"{where}: section {raw['section']!r} is not one of {', '.join(sections)}")
    if isinstance(raw.get("breakdown"), str) and raw["breakdown"] not in breakdowns:
        problems.append(f"{where}: breakdown {raw['breakdown']!r} is not one of {', '.join(breakdowns)}")
    if isinstance(raw.get("aggregate"), str) and raw["aggregate"] not in AGGREGATES:
        problems.append(f"{where}: aggregate {raw['aggregate']!r} is not one of {', '.join(AGGREGATES)}")
    if raw.get("plan") is not None and not isinstance(raw.get("plan"), str):
        problems.append(f"{where}: 'plan' must be the plan's wording as text")
    if len(problems) > found or agency_id is None:
        return None
    tidy = {key: " ".join(raw[key].split()) for key in _MEASURE_REQUIRED}
    plan = " ".join(raw["plan"].split()) if raw.get("plan") else None
    return Measure(agency=agency_id, plan=plan, **tidy)


def _check_unique_measures(measures: list[Measure], where: str, problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for measure in measures:
        for text, what in ((measure.id, "id"), (measure.label, "label")):
            key = _fold(text)
            if key in seen and seen[key] != measure.id:
                problems.append(f"{where}: measure {what} {text!r} is also the id or label of measure {seen[key]!r}")
            elif key in seen and what == "id":
                problems.append(f"{where}: measure id {text!r} appears twice")
            seen.setdefault(key, measure.id)


def _check_unique_names(agencies: list[Agency], problems: list[str]) -> None:
    owner: dict[str, str] = {}
    for agency in agencies:
        for name in dict.fromkeys(_fold(n) for n in agency.names):
            if name in owner and owner[name] != agency.id:
                problems.append(f"agency name {name!r} is used by both {owner[name]} and {agency.id}: names and aliases must be unique")
            owner.setdefault(name, agency.id)


__all__ = ["AGGREGATES", "DEFAULT_REGISTRY", "Agency", "BreakdownKind", "Measure", "Registry", "load_registry"]
