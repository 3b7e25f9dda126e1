"""ONS mid-year population estimates of the demo world, one MYE2-shaped file per year.

Writes ``population/MYE2-mid-YYYY.csv`` for mid-2011 to mid-2017 with the columns
``Code,Name,Geography,All ages`` (UTF-8, no BOM): Medway (``Unitary Authority``), the 12
Kent districts (``Non-metropolitan District``) and Kent (``County``, E10000016, the sum of
its 12 districts), sorted by code.  The figures are ``world.population``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

YEARS = range(2011, 2018)
KENT_COUNTY = ("E10000016", "Kent")
HEADER = ["Code", "Name", "Geography", "All ages"]


def build(out_dir: Path, world: World, seed: int) -> list[Path]:
    """Write one MYE2 file per year; return their paths."""
    in_kent = dict(zip(world.districts["district_code"], world.districts["kent_county"]))
    written = []
    for year in YEARS:
        rows = world.population[world.population["year"].eq(year)]
        table = pd.DataFrame(
            {
                "Code": rows["district_code"].to_numpy(),
                "Name": rows["district_name"].to_numpy(),
                "Geography": [
                    "Non-metropolitan District" if in_kent[code] else "Unitary Authority"
                    for code in rows["district_code"]
                ],
                "All ages": rows["population"].to_numpy(),
            }
        )
        county = int(rows.loc[rows["district_code"].map(in_kent).astype(bool), "population"].sum())
        table.loc[len(table)] = [KENT_COUNTY[0], KENT_COUNTY[1], "County", county]
        table = table.sort_values("Code", ignore_index=True)
        assert list(table.columns) == HEADER
        path = Path(out_dir) / "population" / f"MYE2-mid-{year}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    return written
