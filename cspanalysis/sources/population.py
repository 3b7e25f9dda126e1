"""ONS mid-year population estimates: one CSV per year in the shape of the MYE2 table.

Files are named ``MYE2-mid-YYYY.csv`` (the year comes from the name) with columns
``Code,Name,Geography,All ages`` (others, such as single years of age, are ignored).
Returned columns: ``area_code, area_name, geography, year, population``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError
from cspanalysis.sources.reading import Field, matches_check, read_csv_file

_YEAR_IN_NAME = re.compile(r"mid-?(\d{4})", re.IGNORECASE)

FIELDS = [
    Field("Code", "area_code", checks=(matches_check(r"^[EWSNK]\d{8}$", "an ONS area code like E07000116"),)),
    Field("Name", "area_name"),
    Field("Geography", "geography", nullable=True),
    Field("All ages", "population", checks=(matches_check(r"^\d[\d,]*$", "a whole number of people"),)),
]


def read_population_file(path: str | Path) -> pd.DataFrame:
    """Read one mid-year estimates file; the year is taken from its name (``mid-2016``)."""
    path = Path(path)
    match = _YEAR_IN_NAME.search(path.name)
    if not match:
        raise InputError(path, "the file name does not say the year: name it like MYE2-mid-2016.csv")
    frame = read_csv_file(path, FIELDS)
    frame["population"] = frame["population"].str.replace(",", "", regex=False).astype("int64")
    frame["year"] = int(match.group(1))
    return frame[["area_code", "area_name", "geography", "year", "population"]]


def read_population(folder: str | Path) -> pd.DataFrame:
    """Read every ``*mid-YYYY*.csv`` in a folder into one table, a row per area and year."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "expected a folder of mid-year estimate files (MYE2-mid-YYYY.csv)")
    files = sorted(p for p in folder.glob("*.csv") if _YEAR_IN_NAME.search(p.name))
    if not files:
        raise InputError(folder, "no mid-year estimate files: expected files named like MYE2-mid-2016.csv")
    frame = pd.concat([read_population_file(p) for p in files], ignore_index=True)
    repeated = frame.duplicated(["area_code", "year"])
    if repeated.any():
        first = frame[repeated].iloc[0]
        raise InputError(folder, f"{first.area_name} ({first.area_code}) has two estimates for mid-{first.year}")
    return frame
