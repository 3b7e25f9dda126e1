"""A national year of police.uk street files, for the benchmark only (not part of the demo world).

About 6 million rows over 43 forces and 12 months, in the published 12-column layout, with
a matching synthetic LSOA-to-district lookup.  Written with pyarrow so it takes seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from cspanalysis.offences import POLICE_UK_CRIME_TYPES

FORCES = 43
DISTRICTS = 318
LSOAS = 32_844


def write_national_street_files(folder: Path, rows: int = 6_000_000, seed: int = 1) -> Path:
    """Write 12 months of street files for 43 forces under ``folder``; return the lookup's path."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lsoa_codes = np.array([f"E01{n:06d}" for n in range(LSOAS)])
    district_of = rng.integers(0, DISTRICTS, LSOAS)
    force_of_district = np.arange(DISTRICTS) % FORCES
    lookup = folder / "lookup.csv"
    pa_csv.write_csv(pa.table({
        "LSOA11CD": lsoa_codes, "LSOA11NM": [f"Area {n}" for n in range(LSOAS)],
        "WD16CD": [f"E05{d:06d}" for d in district_of], "WD16NM": [f"Ward {d}" for d in district_of],
        "LAD16CD": [f"E07{d:06d}" for d in district_of], "LAD16NM": [f"District {d}" for d in district_of],
    }), lookup)
    types = np.array(POLICE_UK_CRIME_TYPES)
    per_file = rows // (12 * FORCES)
    for month in range(1, 13):
        label = f"2019-{month:02d}"
        (folder / label).mkdir(parents=True, exist_ok=True)
        for force in range(FORCES):
            lsoas = rng.choice(np.flatnonzero(force_of_district[district_of] == force), per_file)
            crime_type = types[rng.integers(0, len(types), per_file)]
            is_asb = crime_type == "Anti-social behaviour"
            ids = np.where(is_asb, "", np.char.add(f"{force:02d}{month:02d}", np.arange(per_file).astype(str)))
            table = pa.table({
                "Crime ID": ids, "Month": np.full(per_file, label), "Reported by": np.full(per_file, f"Force {force}"),
                "Falls within": np.full(per_file, f"Force {force}"),
                "Longitude": rng.uniform(-3, 1, per_file).round(6), "Latitude": rng.uniform(50, 55, per_file).round(6),
                "Location": np.full(per_file, "On or near Parking Area"), "LSOA code": lsoa_codes[lsoas],
                "LSOA name": np.char.add("Area ", lsoas.astype(str)), "Crime type": crime_type,
                "Last outcome category": np.where(is_asb, "", "Under investigation"), "Context": np.full(per_file, ""),
            })
            pa_csv.write_csv(table, folder / label / f"{label}-force{force}-street.csv")
    return lookup
