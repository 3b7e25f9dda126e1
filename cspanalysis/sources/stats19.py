"""DfT STATS19 road casualty files, every generation DfT has published, read into one canonical form.

STATS19 is the police record of every reported road collision with a personal injury:
one file of collisions (DfT called them "accidents" until 2023), one of vehicles and one
of casualties, linked by the collision index.  DfT has published three column
generations, all read here:

============  ==========================================================================
generation    how to recognise it (first column) and examples of file names
============  ==========================================================================
2005-2016     ``Accident_Index`` with CamelCase headers (``Accident_Severity``,
              ``Local_Authority_(District)``, ``1st_Road_Class``, ...); casualties gain
              ``Casualty_IMD_Decile`` from 2015.  ``DfTRoadSafety_Accidents_2014.csv``,
              ``Accidents_2015.csv``, ``Casualties0514.csv``
2017-2023     ``accident_index`` with snake_case headers, ``accident_year``,
              ``local_authority_ons_district``.  ``dft-road-casualty-statistics-accident-2021.csv``
2024+         ``collision_index``, ``collision_year``, ``collision_ref_no``,
              ``collision_severity``, casualties with ``casualty_adjusted_severity_serious``.
              ``dft-road-casualty-statistics-collision-2024.csv``
============  ==========================================================================

Files are recognised by their header, never by their name alone, so any mix of years and
generations can sit in one folder (``read_stats19``).  Where DfT's data guide and its CSV
files spell a column differently (the guide's ``casualty_adjusted_serious`` is
``casualty_adjusted_severity_serious`` in the files) both spellings are accepted.

Canonical collision table (``read_collision_file``), one row per collision:
    ``collision_index`` (str), ``year`` (int, from the date), ``date`` (datetime),
    ``time`` (str ``HH:MM`` or missing), ``police_force`` (int), ``collision_severity`` and
    ``collision_severity_label``, ``number_of_vehicles``, ``number_of_casualties``,
    ``district_number`` (DfT's local authority number, 543 = Tunbridge Wells),
    ``district_code`` (ONS code, E07000116), ``highway_authority`` (ONS code),
    ``first_road_class``, ``light_conditions``, ``weather_conditions``,
    ``urban_or_rural_area`` (each with a ``_label`` column), ``lsoa_code`` (LSOA of the
    collision), ``easting``, ``northing``, ``longitude``, ``latitude``, ``generation``,
    ``source_file``, ``source_row``.
Canonical casualty table (``read_casualty_file``), one row per casualty:
    ``collision_index``, ``vehicle_reference``, ``casualty_reference``, ``casualty_class``,
    ``sex``, ``age``, ``age_band``, ``casualty_severity``, ``casualty_type`` (class, band,
    severity and type with ``_label`` columns), ``imd_decile``, ``adjusted_serious`` and
    ``adjusted_slight`` (DfT's severity adjustment for the change to injury-based
    recording, CRASH; 2024+ files only), ``generation``, ``source_file``, ``source_row``;
    ``read_stats19`` adds the collision's ``year``, ``date``, ``police_force``,
    ``district_number``, ``district_code`` and ``lsoa_code``.
Canonical vehicle table (``read_vehicle_file``): ``collision_index``, ``vehicle_reference``,
    ``vehicle_type`` (DfT code), ``generation``, ``source_file``, ``source_row``.

Codes are kept as nullable integers next to their labels; ``-1`` ("data missing or out of
range") becomes missing, in codes and labels alike.  Both district columns are filled for
Kent and Medway whichever one a file gives (``DISTRICTS``), so a district can be matched by
543 or by E07000116 in any generation; elsewhere a column stays as the file gave it.

What is an error and what is an exclusion:
- ``InputError`` (naming file, row and column): a missing column, a severity that is not
  1, 2 or 3, any other labelled code outside DfT's list, a date that is not ``dd/mm/yyyy``
  (every generation writes dates so), a collision index given twice (one year read from two
  files), a casualty given twice, a casualty file none of whose casualties has its
  collision in the folder (its collision file is missing).
- A counted, reported exclusion (``Exclusions``, returned by ``read_stats19`` with the
  tables): a single casualty or vehicle whose collision is not in the collision files.
  DfT's files occasionally hold such records; they cannot be placed in a district or year,
  so they are left out and counted, with examples naming file and row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
from cspanalysis.sources.reading import (
    Field,
    delimiter_hint,
    date_check,
    matches_check,
    one_of_check,
    read_csv_file,
    read_header,
)

GENERATIONS = ("2005-2016", "2017-2023", "2024+")

# ---------------------------------------------------------------------------------------
# DfT code lists (from DfT's road safety open data guide); -1 is "data missing or out of
# range" and is read as missing, so it is not listed.  Keys are the guide's field names.

SEVERITY = {1: "Fatal", 2: "Serious", 3: "Slight"}

CODES: dict[str, dict[int, str]] = {
    "collision_severity": SEVERITY,
    "casualty_severity": SEVERITY,
    "casualty_class": {1: "Driver or rider", 2: "Passenger", 3: "Pedestrian"},
    "casualty_type": {
        0: "Pedestrian",
        1: "Cyclist",
        2: "Motorcycle 50cc and under rider or passenger",
        3: "Motorcycle 125cc and under rider or passenger",
        4: "Motorcycle over 125cc and up to 500cc rider or passenger",
        5: "Motorcycle over 500cc rider or passenger",
        8: "Taxi/Private hire car occupant",
        9: "Car occupant",
        10: "Minibus (8 - 16 passenger seats) occupant",
        11: "Bus or coach occupant (17 or more pass seats)",
        16: "Horse rider",
        17: "Agricultural vehicle occupant",
        18: "Tram occupant",
        19: "Van / Goods vehicle (3.5 tonnes mgw or under) occupant",
        20: "Goods vehicle (over 3.5t. and under 7.5t.) occupant",
        21: "Goods vehicle (7.5 tonnes mgw and over) occupant",
        22: "Mobility scooter rider",
        23: "Electric motorcycle rider or passenger",
        90: "Other vehicle occupant",
        97: "Motorcycle - unknown cc rider or passenger",
        98: "Goods vehicle (unknown weight) occupant",
        99: "Unknown vehicle type (self rep only)",
        103: "Motorcycle - Scooter (1979-1998)",
        104: "Motorcycle (1979-1998)",
        105: "Motorcycle - Combination (1979-1998)",
        106: "Motorcycle over 125cc (1999-2004)",
        108: "Taxi (excluding private hire cars) (1979-2004)",
        109: "Car (including private hire cars) (1979-2004)",
        110: "Minibus/Motor caravan (1979-1998)",
        113: "Goods over 3.5 tonnes (1979-1998)",
    },
    "age_band_of_casualty": {
        1: "0 - 5",
        2: "6 - 10",
        3: "11 - 15",
        4: "16 - 20",
        5: "21 - 25",
        6: "26 - 35",
        7: "36 - 45",
        8: "46 - 55",
        9: "56 - 65",
        10: "66 - 75",
        11: "Over 75",
    },
    "first_road_class": {1: "Motorway", 2: "A(M)", 3: "A", 4: "B", 5: "C", 6: "Unclassified"},
    "light_conditions": {
        1: "Daylight",
        4: "Darkness - lights lit",
        5: "Darkness - lights unlit",
        6: "Darkness - no lighting",
        7: "Darkness - lighting unknown",
    },
    "weather_conditions": {
        1: "Fine no high winds",
        2: "Raining no high winds",
        3: "Snowing no high winds",
        4: "Fine + high winds",
        5: "Raining + high winds",
        6: "Snowing + high winds",
        7: "Fog or mist",
        8: "Other",
        9: "Unknown",
    },
    "urban_or_rural_area": {1: "Urban", 2: "Rural", 3: "Unallocated"},
}

#: age bands that hold children (aged 0-15): 0-5, 6-10, 11-15
CHILD_AGE_BANDS = frozenset({1, 2, 3})

#: DfT's local authority number -> (ONS district code, name) for Kent's 12 districts and Medway
DISTRICTS: dict[int, tuple[str, str]] = {
    530: ("E07000105", "Ashford"),
    531: ("E07000106", "Canterbury"),
    532: ("E07000107", "Dartford"),
    533: ("E07000108", "Dover"),
    535: ("E07000109", "Gravesham"),
    536: ("E07000110", "Maidstone"),
    538: ("E07000111", "Sevenoaks"),
    539: ("E07000112", "Shepway"),  # Folkestone and Hythe since 2018, same ONS code
    540: ("E07000113", "Swale"),
    541: ("E07000114", "Thanet"),
    542: ("E07000115", "Tonbridge and Malling"),
    543: ("E07000116", "Tunbridge Wells"),
    544: ("E06000035", "Medway"),
}

#: ONS codes of the 12 districts of Kent County Council (Medway is a unitary authority)
KENT_COUNTY_DISTRICTS = frozenset(code for code, _ in DISTRICTS.values() if code != "E06000035")

_DISTRICT_NUMBER_BY_CODE = {code: number for number, (code, _) in DISTRICTS.items()}

# ---------------------------------------------------------------------------------------
# Columns per generation: tidy name -> accepted header names per generation (first found is
# used, the first listed is named when none is), whether required, and the check.

_WHOLE = matches_check(r"^\d+$", "a whole number of 0 or more")
_CODE = matches_check(r"^-?\d+$", "a whole-number code (-1 for missing)")
_NUMBER = matches_check(r"^(-?\d+(\.\d+)?|NULL)$", "a number (or NULL)")
_AREA = matches_check(r"^([A-Z]\d{8}|-1)$", "an ONS area code like E07000116 (or -1)")
_LSOA = matches_check(r"^([A-Z]\d{8}|-1)$", "an LSOA code like E01024798 (or -1)")
_TIME = matches_check(r"^\d{1,2}:\d{2}$", "a time (expected HH:MM)")
_AGE = matches_check(r"^(-1|\d{1,3})$", "an age in whole years (or -1 for missing)")
_DATE = date_check("%d/%m/%Y", "dd/mm/yyyy")
_SEVERITY = one_of_check(["1", "2", "3"], "a severity code: 1 (fatal), 2 (serious) or 3 (slight)")


def _coded(variable: str, what: str, *, missing: bool = True):
    codes = [str(c) for c in CODES[variable]] + (["-1"] if missing else [])
    listed = ", ".join(str(c) for c in sorted(CODES[variable]))
    return one_of_check(codes, f"a {what} code in DfT's list ({listed}{', or -1' if missing else ''})")


@dataclass(frozen=True)
class _Column:
    tidy: str
    names: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # per generation
    required: tuple[bool, bool, bool] = (True, True, True)
    nullable: bool = False
    check: object = None


def _same(*names: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Header names for (2005-2016, 2017-2023, 2024+), the two newer ones alike."""
    old, new = names[0], names[1:]
    return ((old,), tuple(new), tuple(new))


_COLLISION_COLUMNS = (
    _Column("collision_index", (("Accident_Index",), ("accident_index",), ("collision_index",))),
    _Column("easting", _same("Location_Easting_OSGR", "location_easting_osgr"), (False,) * 3, True, _NUMBER),
    _Column("northing", _same("Location_Northing_OSGR", "location_northing_osgr"), (False,) * 3, True, _NUMBER),
    _Column("longitude", _same("Longitude", "longitude"), (False,) * 3, True, _NUMBER),
    _Column("latitude", _same("Latitude", "latitude"), (False,) * 3, True, _NUMBER),
    _Column("police_force", _same("Police_Force", "police_force"), check=_WHOLE),
    _Column(
        "collision_severity",
        (("Accident_Severity",), ("accident_severity",), ("collision_severity",)),
        check=_SEVERITY,
    ),
    _Column("number_of_vehicles", _same("Number_of_Vehicles", "number_of_vehicles"), check=_WHOLE),
    _Column("number_of_casualties", _same("Number_of_Casualties", "number_of_casualties"), check=_WHOLE),
    _Column("date", _same("Date", "date"), check=_DATE),
    _Column("time", _same("Time", "time"), nullable=True, check=_TIME),
    _Column(
        "district_number",
        _same("Local_Authority_(District)", "local_authority_district"),
        (True, False, False),
        True,
        _CODE,
    ),
    _Column("district_code", ((), ("local_authority_ons_district",), ("local_authority_ons_district",)),
            (False, True, True), True, _AREA),
    _Column("highway_authority", _same("Local_Authority_(Highway)", "local_authority_highway"), (False,) * 3, True),
    _Column("first_road_class", _same("1st_Road_Class", "first_road_class"),
            check=_coded("first_road_class", "road class")),
    _Column("light_conditions", _same("Light_Conditions", "light_conditions"),
            check=_coded("light_conditions", "light conditions")),
    _Column("weather_conditions", _same("Weather_Conditions", "weather_conditions"),
            check=_coded("weather_conditions", "weather conditions")),
    _Column("urban_or_rural_area", _same("Urban_or_Rural_Area", "urban_or_rural_area"),
            check=_coded("urban_or_rural_area", "urban or rural area")),
    _Column(
        "lsoa_code",
        (("LSOA_of_Accident_Location",), ("lsoa_of_accident_location",),
         ("lsoa_of_accident_location", "lsoa_of_collision_location")),
        (False,) * 3,
        True,
        _LSOA,
    ),
)

_INDEX_NAMES = (("Accident_Index",), ("accident_index",), ("collision_index",))

_CASUALTY_COLUMNS = (
    _Column("collision_index", _INDEX_NAMES),
    _Column("vehicle_reference", _same("Vehicle_Reference", "vehicle_reference"), check=_WHOLE),
    _Column("casualty_reference", _same("Casualty_Reference", "casualty_reference"), check=_WHOLE),
    _Column("casualty_class", _same("Casualty_Class", "casualty_class"),
            check=_coded("casualty_class", "casualty class", missing=False)),
    _Column("sex", _same("Sex_of_Casualty", "sex_of_casualty"), check=_CODE),
    # the earliest open files gave only the age band
    _Column("age", _same("Age_of_Casualty", "age_of_casualty"), (False, True, True), check=_AGE),
    _Column("age_band", _same("Age_Band_of_Casualty", "age_band_of_casualty"),
            check=_coded("age_band_of_casualty", "casualty age band")),
    _Column("casualty_severity", _same("Casualty_Severity", "casualty_severity"), check=_SEVERITY),
    _Column("casualty_type", _same("Casualty_Type", "casualty_type"),
            check=_coded("casualty_type", "casualty type")),
    _Column("imd_decile", _same("Casualty_IMD_Decile", "casualty_imd_decile"), (False,) * 3, True, _CODE),
    _Column(
        "adjusted_serious",
        ((), (), ("casualty_adjusted_severity_serious", "casualty_adjusted_serious")),
        (False,) * 3,
        True,
        _NUMBER,
    ),
    _Column(
        "adjusted_slight",
        ((), (), ("casualty_adjusted_severity_slight", "casualty_adjusted_slight")),
        (False,) * 3,
        True,
        _NUMBER,
    ),
)

_VEHICLE_COLUMNS = (
    _Column("collision_index", _INDEX_NAMES),
    _Column("vehicle_reference", _same("Vehicle_Reference", "vehicle_reference"), check=_WHOLE),
    _Column("vehicle_type", _same("Vehicle_Type", "vehicle_type"), check=_CODE),
)

_TABLE_COLUMNS = {"collision": _COLLISION_COLUMNS, "casualty": _CASUALTY_COLUMNS, "vehicle": _VEHICLE_COLUMNS}

#: a file name that says it is a STATS19 table, used only to report a header we cannot place
_STATS19_NAME = re.compile(r"accident|collision|casualt|vehicle", re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Recognising files


def identify_file(path: str | Path) -> tuple[str, str] | None:
    """Which STATS19 table and generation a CSV file holds, from its header; ``None`` if not STATS19.

    Returns ``(table, generation)`` with table ``"collision"``, ``"casualty"`` or ``"vehicle"``.
    The generation is told by the index column (``Accident_Index``, ``accident_index`` or
    ``collision_index``); the table by the reference columns: casualty files have a
    casualty reference, vehicle files a vehicle reference and a vehicle type, collision
    files neither reference.  DfT's other files (code lists, severity adjustment tables)
    return ``None``.
    """
    header = set(read_header(path))
    for generation, names in zip(GENERATIONS, _INDEX_NAMES):
        if names[0] not in header:
            continue
        lowered = {name.lower() for name in header}
        if "casualty_reference" in lowered:
            # a casualty file has at least some of its descriptive columns
            if lowered & {"casualty_severity", "casualty_class", "casualty_type"}:
                return "casualty", generation
            return None
        if "vehicle_reference" in lowered:
            return ("vehicle", generation) if "vehicle_type" in lowered else None
        if lowered & {"accident_severity", "collision_severity", "date", "police_force"}:
            return "collision", generation
        return None
    return None


def _fields(table: str, generation: str, header: list[str]) -> list[Field]:
    position = GENERATIONS.index(generation)
    fields = []
    for column in _TABLE_COLUMNS[table]:
        names = column.names[position]
        if not names:
            continue
        present = [name for name in names if name in header]
        name = present[0] if present else names[0]
        checks = (column.check,) if column.check is not None else ()
        fields.append(Field(name, column.tidy, column.required[position], column.nullable, checks))
    return fields


def _read_table(path: str | Path, table: str) -> pd.DataFrame:
    path = Path(path)
    kind = identify_file(path)
    if kind is None or kind[0] != table:
        header = read_header(path)
        found = ", ".join(f"'{c}'" for c in header[:12])
        expected = " or ".join(f"'{names[0]}'" for names in _INDEX_NAMES)
        what = f"a STATS19 {table} file" if kind is None else f"a STATS19 {table} file, not a {kind[0]} file"
        raise InputError(
            path, f"is not {what}{delimiter_hint(','.join(header))}: expected {expected} and the {table} columns "
                  f"in the header; found {found}"
        )
    generation = kind[1]
    fields = _fields(table, generation, read_header(path))
    frame = read_csv_file(path, fields)
    for tidy in (c.tidy for c in _TABLE_COLUMNS[table]):
        if tidy not in frame.columns:
            frame[tidy] = pd.Series(pd.NA, index=frame.index, dtype="str")
    frame["generation"] = generation
    frame["source_file"] = path.name
    frame["source_row"] = frame.index + 2
    return frame


# ---------------------------------------------------------------------------------------
# Converting validated text to the canonical columns


def _code(series: pd.Series) -> pd.Series:
    """Whole-number codes as nullable integers, ``-1`` as missing."""
    text = series.astype("str")
    return pd.to_numeric(text.where(text != "-1")).astype("Int64")


def _number(series: pd.Series) -> pd.Series:
    text = series.astype("str")
    return pd.to_numeric(text.where(text != "NULL")).astype("Float64")


def _label(codes: pd.Series, variable: str) -> pd.Series:
    return codes.map(CODES[variable], na_action="ignore").astype("str")


def _area(series: pd.Series) -> pd.Series:
    text = series.astype("str")
    return text.where(text != "-1")


def read_collision_file(path: str | Path) -> pd.DataFrame:
    """Read one STATS19 collision (accident) file of any generation into the canonical collision table."""
    raw = _read_table(path, "collision")
    out = pd.DataFrame({"collision_index": raw["collision_index"].astype("str")})
    out["date"] = pd.to_datetime(raw["date"], format="%d/%m/%Y")
    out.insert(1, "year", out["date"].dt.year.astype("int64"))
    out["time"] = raw["time"].astype("str")
    out["police_force"] = _code(raw["police_force"])
    out["collision_severity"] = _code(raw["collision_severity"])
    out["collision_severity_label"] = _label(out["collision_severity"], "collision_severity")
    out["number_of_vehicles"] = _code(raw["number_of_vehicles"])
    out["number_of_casualties"] = _code(raw["number_of_casualties"])
    number = _code(raw["district_number"])
    code = _area(raw["district_code"])
    # fill each district column from the other where the package knows the pair
    out["district_code"] = code.fillna(number.map({n: c for n, (c, _) in DISTRICTS.items()}, na_action="ignore"))
    out["district_code"] = out["district_code"].astype("str")
    out["district_number"] = number.fillna(
        code.map(_DISTRICT_NUMBER_BY_CODE, na_action="ignore").astype("Int64")
    ).astype("Int64")
    out["highway_authority"] = _area(raw["highway_authority"])
    for variable in ("first_road_class", "light_conditions", "weather_conditions", "urban_or_rural_area"):
        out[variable] = _code(raw[variable])
        out[f"{variable}_label"] = _label(out[variable], variable)
    out["lsoa_code"] = _area(raw["lsoa_code"])
    for column in ("easting", "northing", "longitude", "latitude"):
        out[column] = _number(raw[column])
    out["generation"] = raw["generation"]
    out["source_file"] = raw["source_file"]
    out["source_row"] = raw["source_row"]
    return out


def read_casualty_file(path: str | Path) -> pd.DataFrame:
    """Read one STATS19 casualty file of any generation into the canonical casualty table.

    The collision's year, district and LSOA are not in casualty files of every
    generation: ``read_stats19`` adds them from the collision table.
    """
    raw = _read_table(path, "casualty")
    out = pd.DataFrame({"collision_index": raw["collision_index"].astype("str")})
    out["vehicle_reference"] = _code(raw["vehicle_reference"])
    out["casualty_reference"] = _code(raw["casualty_reference"])
    out["casualty_class"] = _code(raw["casualty_class"])
    out["casualty_class_label"] = _label(out["casualty_class"], "casualty_class")
    out["sex"] = _code(raw["sex"])
    out["age"] = _code(raw["age"])
    out["age_band"] = _code(raw["age_band"])
    out["age_band_label"] = _label(out["age_band"], "age_band_of_casualty")
    out["casualty_severity"] = _code(raw["casualty_severity"])
    out["casualty_severity_label"] = _label(out["casualty_severity"], "casualty_severity")
    out["casualty_type"] = _code(raw["casualty_type"])
    out["casualty_type_label"] = _label(out["casualty_type"], "casualty_type")
    out["imd_decile"] = _code(raw["imd_decile"])
    out["adjusted_serious"] = _number(raw["adjusted_serious"])
    out["adjusted_slight"] = _number(raw["adjusted_slight"])
    out["generation"] = raw["generation"]
    out["source_file"] = raw["source_file"]
    out["source_row"] = raw["source_row"]
    return out


def read_vehicle_file(path: str | Path) -> pd.DataFrame:
    """Read one STATS19 vehicle file of any generation: index, vehicle reference and DfT vehicle type."""
    raw = _read_table(path, "vehicle")
    out = pd.DataFrame({"collision_index": raw["collision_index"].astype("str")})
    out["vehicle_reference"] = _code(raw["vehicle_reference"])
    out["vehicle_type"] = _code(raw["vehicle_type"])
    out["generation"] = raw["generation"]
    out["source_file"] = raw["source_file"]
    out["source_row"] = raw["source_row"]
    return out


# ---------------------------------------------------------------------------------------
# A folder of files


@dataclass(frozen=True)
class Exclusions:
    """Records left out of the canonical tables because their collision is not in the collision files.

    ``examples`` name file, row and collision index of the first few, so a review can
    report the exclusion and a reader can check it.
    """

    casualties_without_collision: int = 0
    vehicles_without_collision: int = 0
    examples: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.casualties_without_collision + self.vehicles_without_collision

    def __str__(self) -> str:
        if not self.total:
            return "no records excluded"
        parts = [
            f"{count} {one if count == 1 else many}"
            for count, one, many in (
                (self.casualties_without_collision, "casualty", "casualties"),
                (self.vehicles_without_collision, "vehicle", "vehicles"),
            )
            if count
        ]
        examples = "; ".join(self.examples)
        return f"{' and '.join(parts)} excluded: their collision is not in the collision files ({examples})"


@dataclass(frozen=True)
class Stats19:
    """The canonical STATS19 tables of a folder and what was left out of them."""

    collisions: pd.DataFrame
    casualties: pd.DataFrame
    vehicles: pd.DataFrame
    exclusions: Exclusions = field(default_factory=Exclusions)
    files: tuple[Path, ...] = ()


#: collision columns copied onto each casualty by ``read_stats19``
COLLISION_COLUMNS_ON_CASUALTIES = ("year", "date", "police_force", "district_number", "district_code", "lsoa_code")

#: how many excluded records ``Exclusions.examples`` names
_EXAMPLES = 5


def find_stats19_files(folder: str | Path) -> dict[str, list[tuple[Path, str]]]:
    """The STATS19 CSV files under ``folder`` (searched recursively), by table, told by their header.

    Returns ``{"collision": [(path, generation), ...], "casualty": [...], "vehicle": [...]}``
    in file-name order.  A CSV whose name says it is a STATS19 table but whose header is
    not one (another delimiter, a header row lost) is an ``InputError``; other CSV files
    are ignored.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "the STATS19 folder does not exist or is not a folder")
    found: dict[str, list[tuple[Path, str]]] = {"collision": [], "casualty": [], "vehicle": []}
    unplaced = []
    for path in sorted(folder.rglob("*"), key=lambda p: str(p.relative_to(folder)).lower()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        kind = identify_file(path)
        if kind is not None:
            found[kind[0]].append((path, kind[1]))
        elif _STATS19_NAME.search(path.stem) and not _is_other_dft_file(path):
            unplaced.append(path)
    if unplaced:
        expected = ", ".join(f"'{names[0]}'" for names in _INDEX_NAMES)
        problems = [
            Problem(f"{p.relative_to(folder)}: the name says STATS19 but the header is not a STATS19 header "
                    f"(expected the first column {expected}, comma separated)")
            for p in unplaced
        ]
        raise InputError(folder, problems)
    return found


def _is_other_dft_file(path: Path) -> bool:
    """DfT files that sit beside the tables but are not one (adjustment tables, revisions, code lists)."""
    return bool(re.search(r"adjust|revision|guide|code|variable|schema|lookup", path.stem, re.IGNORECASE))


def read_stats19(folder: str | Path) -> Stats19:
    """Read every STATS19 collision, casualty and vehicle file in a folder into the canonical tables.

    Any mix of years and generations is read; files are found by their header
    (``find_stats19_files``).  Casualties gain their collision's year, date, police force,
    district and LSOA.  Casualties and vehicles whose collision is in none of the
    collision files are left out and counted in ``exclusions``; a casualty file none of
    whose casualties has a collision is an ``InputError`` (its collision file is missing),
    as is a collision index or casualty given twice.
    """
    folder = Path(folder)
    found = find_stats19_files(folder)
    if not found["collision"]:
        raise InputError(folder, "no STATS19 collision (accident) file found: expected a CSV whose header starts "
                                 "'Accident_Index', 'accident_index' or 'collision_index' with the collision columns")
    if not found["casualty"]:
        raise InputError(folder, "no STATS19 casualty file found: expected a CSV with a casualty reference and "
                                 "casualty severity among its columns")
    collisions = pd.concat([read_collision_file(p) for p, _ in found["collision"]], ignore_index=True)
    _check_unique(collisions, ["collision_index"], folder, "collision index", "give each year from one file only")
    casualty_frames = [read_casualty_file(p) for p, _ in found["casualty"]]
    casualties = pd.concat(casualty_frames, ignore_index=True)
    _check_unique(casualties, ["collision_index", "vehicle_reference", "casualty_reference"], folder,
                  "casualty (collision index, vehicle and casualty reference)", "give each year from one file only")
    vehicle_frames = [read_vehicle_file(p) for p, _ in found["vehicle"]]
    vehicles = pd.concat(vehicle_frames, ignore_index=True) if vehicle_frames else _empty_vehicles()

    known = collisions["collision_index"].astype(object)
    for frame, (path, _) in zip(casualty_frames, found["casualty"]):
        if not _has_collision(frame, known).any():
            raise InputError(path, f"none of its {len(frame)} casualties has its collision in the collision files "
                                   f"(first index {frame['collision_index'].iloc[0]!r}): is the collision file for "
                                   "these years missing from the folder?")
    casualty_orphans = ~_has_collision(casualties, known)
    vehicle_orphans = ~_has_collision(vehicles, known)
    examples = [
        f"{row.source_file} row {row.source_row}: collision {row.collision_index}"
        for frame, mask in ((casualties, casualty_orphans), (vehicles, vehicle_orphans))
        for row in frame[mask].head(_EXAMPLES).itertuples()
    ][:_EXAMPLES]
    exclusions = Exclusions(int(casualty_orphans.sum()), int(vehicle_orphans.sum()), tuple(examples))

    attributes = collisions[["collision_index", *COLLISION_COLUMNS_ON_CASUALTIES]]
    casualties = casualties[~casualty_orphans].merge(
        attributes, on="collision_index", how="left", validate="many_to_one"
    )
    vehicles = vehicles[~vehicle_orphans].merge(collisions[["collision_index", "year"]], on="collision_index",
                                                how="left", validate="many_to_one")
    files = tuple(p for table in found.values() for p, _ in table)
    return Stats19(
        collisions=collisions.sort_values(["date", "collision_index"], kind="stable").reset_index(drop=True),
        casualties=casualties.reset_index(drop=True),
        vehicles=vehicles.reset_index(drop=True),
        exclusions=exclusions,
        files=files,
    )


def _has_collision(frame: pd.DataFrame, known: pd.Series) -> pd.Series:
    """Whether each record's collision index is among ``known`` (as object values: hashing is fast)."""
    return frame["collision_index"].astype(object).isin(known)


def _empty_vehicles() -> pd.DataFrame:
    """An empty canonical vehicle table, for a folder without vehicle files."""
    return pd.DataFrame(
        {
            "collision_index": pd.Series(dtype="str"),
            "vehicle_reference": pd.Series(dtype="Int64"),
            "vehicle_type": pd.Series(dtype="Int64"),
            "generation": pd.Series(dtype="str"),
            "source_file": pd.Series(dtype="str"),
            "source_row": pd.Series(dtype="int64"),
        }
    )


def _check_unique(frame: pd.DataFrame, keys: list[str], folder: Path, what: str, advice: str) -> None:
    duplicated = frame.duplicated(keys, keep=False)
    if not duplicated.any():
        return
    problems = []
    for _, group in frame[duplicated].groupby(keys, sort=False):
        places = " and ".join(f"{r.source_file} row {r.source_row}" for r in group.itertuples())
        key = ", ".join(str(group.iloc[0][k]) for k in keys)
        problems.append(Problem(f"{what} {key} appears more than once ({places}): {advice}"))
    raise InputError(folder, problems)


__all__ = [
    "CODES",
    "SEVERITY",
    "CHILD_AGE_BANDS",
    "DISTRICTS",
    "KENT_COUNTY_DISTRICTS",
    "GENERATIONS",
    "COLLISION_COLUMNS_ON_CASUALTIES",
    "Exclusions",
    "Stats19",
    "identify_file",
    "find_stats19_files",
    "read_collision_file",
    "read_casualty_file",
    "read_vehicle_file",
    "read_stats19",
]
