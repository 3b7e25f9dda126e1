"""police.uk street-level crime and anti-social behaviour files, as the archive publishes them.

A folder of monthly files ``YYYY-MM/YYYY-MM-<force>-street.csv`` or the archive zip as
downloaded, each with the 12 published columns::

    Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,
    LSOA code,LSOA name,Crime type,Last outcome category,Context

Anti-social behaviour rows have no Crime ID; rows without a location have blank
coordinates and LSOA.  Returned columns: ``crime_id, month (datetime, first of month),
force, longitude, latitude, location, lsoa_code, lsoa_name, crime_type,
last_outcome_category``.  Months missing between the first and the last file, a crime
type police.uk does not publish, and one Crime ID on two different rows are errors.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa_arrow
import pyarrow.csv as pa_csv

from cspanalysis.errors import InputError, Problem
from cspanalysis.offences import POLICE_UK_CRIME_TYPES, canonical
from cspanalysis.sources.reading import Field, matches_check, one_of_check, read_csv_files

STREET_FILE = re.compile(r"(\d{4}-\d{2})-(.+)-street\.csv$")

FIELDS = [
    Field("Crime ID", "crime_id", nullable=True),
    Field("Month", "month", checks=(matches_check(r"^\d{4}-(0[1-9]|1[0-2])$", "a month like 2016-09"),)),
    Field("Reported by", "force"),
    Field("Falls within", "falls_within"),
    Field("Longitude", "longitude", nullable=True, checks=(matches_check(r"^-?\d+(\.\d+)?$", "a longitude"),)),
    Field("Latitude", "latitude", nullable=True, checks=(matches_check(r"^-?\d+(\.\d+)?$", "a latitude"),)),
    Field("Location", "location", nullable=True),
    Field("LSOA code", "lsoa_code", nullable=True, checks=(matches_check(r"^[EW]01\d{6}$", "an LSOA code like E01024798"),)),
    Field("LSOA name", "lsoa_name", nullable=True),
    Field("Crime type", "crime_type", checks=(one_of_check(POLICE_UK_CRIME_TYPES, "a police.uk crime type", case=False),)),
    Field("Last outcome category", "last_outcome_category", nullable=True),
    Field("Context", "context", required=False, nullable=True),
]

COLUMNS = [
    "crime_id", "month", "force", "longitude", "latitude", "location",
    "lsoa_code", "lsoa_name", "crime_type", "last_outcome_category",
]


def list_street_files(source: str | Path) -> list[tuple[str, str]]:
    """The monthly street files in a folder or zip, as (month, path or member name), by month."""
    source = Path(source)
    if not source.exists():
        raise InputError(source, "no such folder or zip: expected the police.uk archive (YYYY-MM/YYYY-MM-<force>-street.csv)")
    if source.is_dir():
        names = [str(p) for p in source.rglob("*-street.csv")]
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            names = [n for n in archive.namelist() if STREET_FILE.search(n)]
    else:
        raise InputError(source, "is neither a folder nor a zip archive of police.uk street files")
    files = sorted((STREET_FILE.search(n).group(1), n) for n in names if STREET_FILE.search(n))
    if not files:
        raise InputError(source, "holds no street files: expected files named like 2016-09/2016-09-kent-street.csv")
    return files


def _tidy(frame: pd.DataFrame, months: dict[str, str]) -> pd.DataFrame:
    expected = pd.Series(pd.Categorical(frame["source_file"]).rename_categories(
        [months[name] for name in frame["source_file"].cat.categories]), index=frame.index)
    wrong = frame["month"] != expected.astype("str")
    if wrong.any():
        first = wrong.idxmax()
        name = frame.loc[first, "source_file"]
        row = int(first - frame.index[frame["source_file"] == name][0]) + 2
        raise InputError(name, Problem(f"month {frame.loc[first, 'month']!r} in the file for {months[name]}", row=row, column="Month"))
    frame["crime_type"] = frame["crime_type"].map(canonical(frame["crime_type"].unique(), POLICE_UK_CRIME_TYPES))
    frame["month"] = pd.to_datetime(frame["month"], format="%Y-%m")
    for column in ("longitude", "latitude"):
        frame[column] = frame[column].astype("float64[pyarrow]").astype("float64")  # pyarrow parses faster
    return frame[COLUMNS]


def read_street_files(source: str | Path, months: tuple[str, str] | None = None) -> pd.DataFrame:
    """Read the street files of a folder or zip (optionally only months ``first``..``last``, YYYY-MM)."""
    source = Path(source)
    files = list_street_files(source)
    if months:
        files = [(m, n) for m, n in files if months[0] <= m <= months[1]]
        if not files:
            raise InputError(source, f"no street files for {months[0]} to {months[1]}")
    _check_months(source, [m for m, _ in files], months)
    if source.is_dir():
        frame = read_csv_files([(name, Path(name)) for _, name in files], FIELDS)
        month_of = {name: month for month, name in files}
    else:
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(source) as archive:
            extracted = []
            for _, name in files:
                target = Path(folder) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as member, open(target, "wb") as out:
                    shutil.copyfileobj(member, out, 1 << 20)
                extracted.append((f"{source}[{name}]", target))
            frame = read_csv_files(extracted, FIELDS)
        month_of = {f"{source}[{name}]": month for month, name in files}
    frame = _tidy(frame, month_of)
    # identical rows without a Crime ID are separate ASB incidents at one snap point: keep them;
    # a crime repeated whole is one crime
    before = len(frame)
    has_id = frame["crime_id"].notna()
    repeated_crime = frame[has_id].duplicated()
    frame = frame.drop(index=repeated_crime[repeated_crime].index).reset_index(drop=True)
    ids = frame["crime_id"].dropna()
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise InputError(source, [Problem(f"Crime ID {i[:16]}... appears in two different rows") for i in repeated.unique()])
    frame.attrs["duplicate_rows_dropped"] = before - len(frame)
    return frame


def _check_months(source: Path, found: list[str], wanted: tuple[str, str] | None) -> None:
    first, last = wanted if wanted else (found[0], found[-1])
    expected = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    missing = sorted(set(expected) - set(found))
    if missing:
        raise InputError(source, f"months missing from the street files: {', '.join(missing)}")


def count_street_rows(source: str | Path, lsoa_district: dict[str, str]) -> pd.DataFrame:
    """Street-file rows counted by district, month and crime type, reading one file at a time.

    Only three columns are read, so a national year (about 6 million rows) stays within a
    few hundred MB.  Rows whose LSOA is blank or not in ``lsoa_district`` count under
    "No location" and "Outside the lookup".
    """
    parts = []
    for month, name in list_street_files(source):
        table = _read_columns(Path(source), name, ["LSOA code", "Crime type"])
        counts = table.group_by(["LSOA code", "Crime type"]).aggregate([([], "count_all")])
        parts.append(counts.append_column("month", pa_arrow.array([month] * counts.num_rows, pa_arrow.string())))
    frame = pa_arrow.concat_tables(parts).to_pandas()
    districts = frame["LSOA code"].map(pd.Series(lsoa_district))
    frame["district_name"] = districts.where(frame["LSOA code"].isna() | districts.notna(), "Outside the lookup")
    frame["district_name"] = frame["district_name"].fillna("No location")
    frame = frame.rename(columns={"Crime type": "crime_type", "count_all": "count"})
    frame = frame.groupby(["district_name", "month", "crime_type"], as_index=False, observed=True)["count"].sum()
    return frame.sort_values(["district_name", "month", "crime_type"], ignore_index=True)


def _read_columns(source: Path, name: str, columns: list[str]):
    options = pa_csv.ConvertOptions(include_columns=columns, column_types={c: pa_arrow.string() for c in columns},
                                    strings_can_be_null=True)
    try:
        if source.is_dir():
            return pa_csv.read_csv(name, convert_options=options)
        with zipfile.ZipFile(source) as archive, archive.open(name) as member:
            return pa_csv.read_csv(member, convert_options=options)
    except (pa_arrow.ArrowInvalid, KeyError) as error:
        raise InputError(name, f"could not be read as a street file: {str(error).splitlines()[0]}") from None
