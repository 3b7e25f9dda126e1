"""A tiny world in the real formats, small enough to count by hand: two districts, 24 months.

Tunbridge Wells and Sevenoaks each have one crime recorded on the 15th of every month from
October 2014 to September 2016; Tunbridge Wells has three more in the review year.  So, by
hand: Tunbridge Wells 15 crimes in October 2015 to September 2016 against 12 the year before
(+25%), Sevenoaks 12 and 12 (0%).  Populations (mid-2016): 1,000 and 3,000, so the rates are
15.0 and 4.0 per 1,000.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pandas as pd

from cspanalysis import paths

LOOKUP = (
    "LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM,FID\n"
    "E01024798,Tunbridge Wells 001A,E05005164,Park,E07000116,Tunbridge Wells,1\n"
    "E01024803,Tunbridge Wells 013E,E05005156,Frittenden and Sissinghurst,E07000116,Tunbridge Wells,2\n"
    "E01024400,Sevenoaks 001A,E05004999,Sevenoaks Town,E07000111,Sevenoaks,3\n"
)
POPULATION = "Code,Name,Geography,All ages\nE07000116,Tunbridge Wells,Non-metropolitan District,{tw}\nE07000111,Sevenoaks,Non-metropolitan District,{so}\n"
HEADER = ("Crime Reference,Recorded Date,Offence Date,HO Code,Offence Description,Offence Group,Offence Subgroup,"
          "LSOA Code,Ward,District,Domestic Abuse,Hate Motivation,Historic,Vulnerability Flags,Victim Reference\n")
ROW = "46/{n:06d}/16,{date},{date},056/01,Theft from the person,Theft offences,Theft from the person,{lsoa},{ward},{district},N,,N,,V{n:010x}\n"
PLACES = {"Tunbridge Wells": ("E01024798", "Park"), "Sevenoaks": ("E01024400", "Sevenoaks Town")}


def crime_rows() -> str:
    rows, n = [], 0
    for month in pd.date_range("2014-10-01", "2016-09-01", freq="MS") + pd.Timedelta(days=14):
        for district, (lsoa, ward) in PLACES.items():
            n += 1
            rows.append(ROW.format(n=n, date=f"{month:%d/%m/%Y}", lsoa=lsoa, ward=ward, district=district))
    for day in ("03/01/2016", "04/02/2016", "05/03/2016"):
        n += 1
        rows.append(ROW.format(n=n, date=day, lsoa="E01024803", ward="Frittenden and Sissinghurst", district="Tunbridge Wells"))
    return "".join(rows)


def write_tiny_world(folder: Path, crimes: str | bytes | None = None) -> Path:
    """Write the tiny world into ``folder`` (crimes.csv may be replaced by bad content)."""
    (folder / "ons").mkdir(parents=True)
    (folder / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv").write_text(LOOKUP)
    (folder / "population").mkdir()
    for year, tw, so in ((2015, 990, 2990), (2016, 1000, 3000)):
        (folder / "population" / f"MYE2-mid-{year}.csv").write_text(POPULATION.format(tw=tw, so=so))
    (folder / "police_crimes").mkdir()
    target = folder / "police_crimes" / "crimes.csv"
    content = HEADER + crime_rows() if crimes is None else crimes
    (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    return folder


def write_tiny_config(folder: Path, review: str, data_dir: Path, district: str = "Tunbridge Wells",
                      crime_period: str = "2015-10..2016-09") -> Path:
    config = folder / f"{review}.yml"
    config.write_text(
        f"review: {review}\n"
        f"title: Tiny review for tests\n"
        f"district: {district}\n"
        f"data_dir: {data_dir}\n"
        "sources:\n"
        "  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv\n"
        "  population: population\n"
        "  police_crimes: police_crimes/crimes.csv\n"
        f"periods:\n  crime: {crime_period}\n"
        "comparison:\n  name: test districts\n  districts: [Sevenoaks, Tunbridge Wells]\n"
        "sections: [00_overview]\n"
    )
    return config


class TinyReview:
    """A tiny world, its config and a unique review id, cleaned up afterwards."""

    def __init__(self, tmp_path: Path, crimes=None, review: str | None = None, **config_options):
        self.review = review or f"pytest-{uuid.uuid4().hex[:8]}"
        self.data_dir = write_tiny_world(tmp_path / f"tiny-{self.review}", crimes)
        self.config = write_tiny_config(tmp_path, self.review, self.data_dir, **config_options)
        self.output = paths.OUTPUTS_DIR / self.review
        self.failed = paths.OUTPUTS_DIR / "failed" / self.review

    def cleanup(self) -> None:
        for folder in (self.output, self.failed, paths.PROCESSED_DIR / self.data_dir.name,
                       paths.OUTPUTS_DIR / "_scratch" / self.review):
            shutil.rmtree(folder, ignore_errors=True)
        (paths.OUTPUTS_DIR / f".{self.review}.lock").unlink(missing_ok=True)
