"""One module per publisher format: the only code that reads ``data/raw``.

``LOADERS`` maps the source names used in review configs to a function that reads
the configured path and returns one or more tidy tables by name (the names notebooks
ask ``Section.data`` for).
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from cspanalysis.sources.admissions import read_admissions_extract
from cspanalysis.sources.domestic_abuse import read_da_incidents
from cspanalysis.sources.fingertips import read_fingertips_export
from cspanalysis.sources.ons_lookup import read_lsoa_lookup
from cspanalysis.sources.partner_returns import read_partner_returns
from cspanalysis.sources.police_arrests import read_arrests
from cspanalysis.sources.police_crimes import read_crime_extract
from cspanalysis.sources.police_uk import read_street_files
from cspanalysis.sources.population import read_population
from cspanalysis.sources.stats19 import read_stats19

Loader = Callable[..., dict[str, pd.DataFrame]]


def _stats19(path) -> dict[str, pd.DataFrame]:
    data = read_stats19(path)
    casualties = data.casualties.copy()
    casualties.attrs["casualties_excluded_without_collision"] = data.exclusions.casualties_without_collision
    return {"stats19_collisions": data.collisions, "stats19_casualties": casualties, "stats19_vehicles": data.vehicles}


def _partner_returns(path) -> dict[str, pd.DataFrame]:
    from cspanalysis.registry import load_registry

    return {"partner_returns": read_partner_returns(path, load_registry())}


LOADERS: dict[str, Loader] = {
    "ons_lookup": lambda path: {"lookup": read_lsoa_lookup(path)},
    "population": lambda path: {"population": read_population(path)},
    "police_crimes": lambda path: {"crimes": read_crime_extract(path)},
    "police_uk": lambda path: {"street": read_street_files(path)},
    "police_arrests": lambda path: {"arrests": read_arrests(path)},
    "police_da": lambda path: {"da_incidents": read_da_incidents(path)},
    "stats19": _stats19,
    "partner_returns": _partner_returns,
    "fingertips": lambda path: {"fingertips": read_fingertips_export(path)},
    "admissions": lambda path: {"admissions": read_admissions_extract(path)},
}
