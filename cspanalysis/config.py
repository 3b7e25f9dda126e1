"""Review configuration: one YAML per review names the district, the periods and the data.

A review config (``config/<review>.yml``) looks like::

    review: tunbridge-wells-2016-17
    title: Tunbridge Wells Community Safety Partnership
    district: Tunbridge Wells
    data_dir: data/raw/demo
    sources:
      ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
      ...
    periods:
      crime: 2015-10..2016-09
      ...
    sections: [00_overview, ...]
    settings:
      violent_crime: {town_centre_wards: [...]}

Every key is checked when the file is loaded; a mistake is one ``ConfigError`` that
names the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from cspanalysis import paths
from cspanalysis.errors import ConfigError
from cspanalysis.periods import Period, parse_period

#: keys a review config may have, with whether they are required
KEYS = {
    "review": True,
    "title": True,
    "district": True,
    "data_dir": True,
    "sources": True,
    "periods": True,
    "sections": True,
    "settings": False,
    "disclosure": False,
    "comparison": False,
    "published": False,
}

#: the 12 Kent County districts, the comparison group of every Kent rank and average
KENT_DISTRICTS = (
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Gravesham",
    "Maidstone",
    "Sevenoaks",
    "Shepway",
    "Swale",
    "Thanet",
    "Tonbridge and Malling",
    "Tunbridge Wells",
)

#: sources that hold the configured district's data only: the Tunbridge Wells CSP's own partner
#: agencies' quarterly returns have no district column, so the review of another district
#: (``ReviewConfig.with_district``) leaves them out rather than show them as that district's
DISTRICT_SOURCES = frozenset({"partner_returns"})

#: settings (section -> names) that describe the configured district's own places: the town-centre
#: wards, villages as LSOAs, Speed Watch sites.  The review of another district leaves them out, and
#: its sections say they are not set, rather than count another district's places.
DISTRICT_SETTINGS = {
    "violent_crime": ("town_centre_wards", "places"),
    "road_safety": ("speed_watch_places",),
}

_REVIEW_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class ReviewConfig:
    """A loaded, checked review configuration."""

    path: Path
    review: str
    title: str
    district: str
    data_dir: Path
    sources: dict[str, Path]
    periods: dict[str, Period]
    sections: tuple[str, ...]
    settings: dict = field(default_factory=dict)
    disclosure: dict = field(default_factory=dict)
    comparison_name: str = "Kent districts"
    comparison_districts: tuple[str, ...] = KENT_DISTRICTS
    published: Path | None = None

    def period(self, name: str) -> Period:
        try:
            return self.periods[name]
        except KeyError:
            known = ", ".join(sorted(self.periods))
            raise ConfigError(f"{self.path}: no period {name!r} under 'periods' (it has: {known})") from None

    def source(self, name: str) -> Path:
        try:
            return self.sources[name]
        except KeyError:
            known = ", ".join(sorted(self.sources))
            raise ConfigError(f"{self.path}: no source {name!r} under 'sources' (it has: {known})") from None

    def setting(self, section: str, name: str, default=None):
        return self.settings.get(section, {}).get(name, default)

    def with_district(self, district: str) -> "ReviewConfig":
        """The same review for another district (batch runs), with its own review id.

        The plan's printed figures (``published``) are not carried over, and for another
        district neither are the sources that hold the configured district's data only
        (``DISTRICT_SOURCES``) or the settings naming its own places (``DISTRICT_SETTINGS``):
        its sections say they hold none (``Section.has_source``) or that the places are not set.
        """
        slug = re.sub(r"[^a-z0-9]+", "-", district.lower()).strip("-")
        suffix = self.review.removeprefix(re.sub(r"[^a-z0-9]+", "-", self.district.lower()).strip("-"))
        own = district == self.district
        sources = {name: path for name, path in self.sources.items() if own or name not in DISTRICT_SOURCES}
        settings = self.settings if own else {
            section: {name: value for name, value in values.items() if name not in DISTRICT_SETTINGS.get(section, ())}
            for section, values in self.settings.items()
        }
        return ReviewConfig(
            self.path, f"{slug}{suffix}", self.title.replace(self.district, district), district,
            self.data_dir, sources, self.periods, self.sections, settings, self.disclosure,
            self.comparison_name, self.comparison_districts, None,
        )


    def write(self, path: Path) -> Path:
        """Write this config (periods, district, review id as they are now) as a YAML a run can load."""
        raw = {
            "review": self.review, "title": self.title, "district": self.district, "data_dir": str(self.data_dir),
            "sources": {name: str(source) for name, source in self.sources.items()},
            "periods": {name: period.spec or period.code for name, period in self.periods.items()},
            "sections": list(self.sections), "settings": self.settings, "disclosure": self.disclosure,
            "comparison": {"name": self.comparison_name, "districts": list(self.comparison_districts)},
        }
        if self.published:
            raw["published"] = str(self.published)
        path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    def for_quarter(self, quarter: str) -> "ReviewConfig":
        """The quarterly report: police data for the 12 months to the quarter's end, partner activity
        for the financial year to date, calendar year to date to the quarter's end; other periods as
        configured.  Its review id names the quarter (tunbridge-wells-2016-17-q3)."""
        from cspanalysis.periods import financial_quarters, months

        match = re.fullmatch(r"(\d{4})/(\d{2})\s*Q([1-4])", quarter.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ConfigError(f"{quarter!r} is not a financial-year quarter: write it like 2016/17 Q3, or latest")
        first_year, number = int(match[1]), int(match[3])
        this = financial_quarters(first_year, number, number)
        end = this.end
        periods = dict(self.periods)
        twelve = months(f"{(end - pd.DateOffset(months=11)):%Y-%m}", f"{end:%Y-%m}")
        for name in ("crime",):
            if name in periods:
                periods[name] = twelve
        periods["partner_activity"] = financial_quarters(first_year, 1, number)
        if "year_to_date" in periods:
            periods["year_to_date"] = months(f"{end.year}-01", f"{end:%Y-%m}")
        slug = re.sub(r"[^a-z0-9]+", "-", self.district.lower()).strip("-")
        review = f"{slug}-{first_year}-{(first_year + 1) % 100:02d}-q{number}"
        return ReviewConfig(
            self.path, review, f"{self.title.split(':')[0]}: quarterly report to {this.label}", self.district, self.data_dir,
            self.sources, periods, self.sections, self.settings, self.disclosure,
            self.comparison_name, self.comparison_districts, None,
        )


def read_yaml(path: Path, what: str):
    """A YAML file's content; a missing or invalid file is one ConfigError naming it and the line."""
    if not path.exists():
        raise ConfigError(f"{path}: {what} does not exist")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}: is not valid YAML{where}: {getattr(error, 'problem', error)}") from None


def load_config(path: str | Path) -> ReviewConfig:
    """Read and check a review config; paths in it are relative to the project folder."""
    path = paths.resolve(path)
    if not path.exists():
        available = ", ".join(sorted(p.name for p in paths.CONFIG_DIR.glob("*.yml"))) or "none"
        raise ConfigError(f"{path}: no such review config (configs in config/: {available})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys (review, district, periods, ...)")
    problems = [f"unknown key {key!r} (known: {', '.join(KEYS)})" for key in raw if key not in KEYS]
    problems += [f"missing key {key!r}" for key, required in KEYS.items() if required and key not in raw]
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))

    review = str(raw["review"])
    if not _REVIEW_ID.match(review):
        raise ConfigError(f"{path}: review {review!r} must be lower-case letters, digits and '-' (it names a folder)")
    for key in ("sources", "periods", "settings", "disclosure"):
        if key in raw and not isinstance(raw[key], dict):
            raise ConfigError(f"{path}: {key!r} must be a mapping of names to values")
    if not isinstance(raw["sections"], list) or not raw["sections"]:
        raise ConfigError(f"{path}: 'sections' must be a list of notebook names such as 00_overview")

    periods = {}
    for name, text in raw["periods"].items():
        try:
            periods[name] = parse_period(text)
        except ConfigError as error:
            raise ConfigError(f"{path}: periods.{name}: {error}") from None

    data_dir = paths.resolve(raw["data_dir"])
    sections = tuple(str(s) for s in raw["sections"])
    missing = [s for s in sections if not (paths.NOTEBOOKS_DIR / f"{s}.ipynb").exists()]
    if missing:
        raise ConfigError(f"{path}: sections without a notebook in notebooks/: {', '.join(missing)}")
    comparison = raw.get("comparison") or {}
    if not isinstance(comparison, dict) or not isinstance(comparison.get("districts", []), list):
        raise ConfigError(f"{path}: 'comparison' must have a name and a list of districts")
    return ReviewConfig(
        path=path,
        review=review,
        title=str(raw["title"]),
        district=str(raw["district"]),
        data_dir=data_dir,
        sources={name: data_dir / str(rel) for name, rel in raw["sources"].items()},
        periods=periods,
        sections=sections,
        settings=raw.get("settings") or {},
        disclosure=raw.get("disclosure") or {},
        comparison_name=str(comparison.get("name", "Kent districts")),
        comparison_districts=tuple(comparison.get("districts", KENT_DISTRICTS)),
        published=paths.resolve(raw["published"]) if raw.get("published") else None,
    )


def check_district(config: ReviewConfig, known: list[str]) -> None:
    """Fail with the list of known districts when the config's district (or a comparison one) is not in the data."""
    strangers = [d for d in config.comparison_districts if d not in known]
    if strangers:
        raise ConfigError(f"{config.path}: comparison districts not in the lookup: {', '.join(strangers)}")
    if config.district not in known:
        raise ConfigError(
            f"{config.path}: unknown district {config.district!r}: the lookup has {', '.join(sorted(known))}"
        )
