"""One module per publisher format: the only code that reads ``data/raw``.

``LOADERS`` maps the source names used in review configs to a function that reads
the configured path and returns one or more tidy tables by name.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from cspanalysis.sources.ons_lookup import read_lsoa_lookup
from cspanalysis.sources.police_crimes import read_crime_extract
from cspanalysis.sources.police_uk import read_street_files
from cspanalysis.sources.population import read_population

Loader = Callable[..., dict[str, pd.DataFrame]]

LOADERS: dict[str, Loader] = {
    "ons_lookup": lambda path: {"lookup": read_lsoa_lookup(path)},
    "population": lambda path: {"population": read_population(path)},
    "police_crimes": lambda path: {"crimes": read_crime_extract(path)},
    "police_uk": lambda path: {"street": read_street_files(path)},
}
