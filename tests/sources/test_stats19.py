"""Tests for cspanalysis.sources.stats19: every DfT generation, the canonical tables, bad input."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.stats19 import (
    CODES,
    DISTRICTS,
    KENT_COUNTY_DISTRICTS,
    find_stats19_files,
    identify_file,
    read_casualty_file,
    read_collision_file,
    read_stats19,
    read_vehicle_file,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stats19"
REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real" / "stats19"

# DfT's 2005-2016 headers, as in DfTRoadSafety_Accidents_2014.csv and Casualties_2015.csv
OLD_COLLISION_HEADER = (
    "Accident_Index,Location_Easting_OSGR,Location_Northing_OSGR,Longitude,Latitude,Police_Force,"
    "Accident_Severity,Number_of_Vehicles,Number_of_Casualties,Date,Day_of_Week,Time,"
    "Local_Authority_(District),Local_Authority_(Highway),1st_Road_Class,1st_Road_Number,Road_Type,"
    "Speed_limit,Junction_Detail,Junction_Control,2nd_Road_Class,2nd_Road_Number,"
    "Pedestrian_Crossing-Human_Control,Pedestrian_Crossing-Physical_Facilities,Light_Conditions,"
    "Weather_Conditions,Road_Surface_Conditions,Special_Conditions_at_Site,Carriageway_Hazards,"
    "Urban_or_Rural_Area,Did_Police_Officer_Attend_Scene_of_Accident,LSOA_of_Accident_Location"
)
OLD_CASUALTY_HEADER = (
    "Accident_Index,Vehicle_Reference,Casualty_Reference,Casualty_Class,Sex_of_Casualty,Age_of_Casualty,"
    "Age_Band_of_Casualty,Casualty_Severity,Pedestrian_Location,Pedestrian_Movement,Car_Passenger,"
    "Bus_or_Coach_Passenger,Pedestrian_Road_Maintenance_Worker,Casualty_Type,Casualty_Home_Area_Type,"
    "Casualty_IMD_Decile"
)
OLD_VEHICLE_HEADER = (
    "Accident_Index,Vehicle_Reference,Vehicle_Type,Towing_and_Articulation,Vehicle_Manoeuvre,"
    "Vehicle_Location-Restricted_Lane,Junction_Location,Skidding_and_Overturning,Hit_Object_in_Carriageway,"
    "Vehicle_Leaving_Carriageway,Hit_Object_off_Carriageway,1st_Point_of_Impact,Was_Vehicle_Left_Hand_Drive?,"
    "Journey_Purpose_of_Driver,Sex_of_Driver,Age_of_Driver,Age_Band_of_Driver,Engine_Capacity_(CC),"
    "Propulsion_Code,Age_of_Vehicle,Driver_IMD_Decile,Driver_Home_Area_Type,Vehicle_IMD_Decile"
)
# two Kent collisions of 2015: Tunbridge Wells (543) and Medway (544)
OLD_COLLISIONS = [
    "201546A000001,558912,139874,0.262871,51.133902,46,2,2,2,14/03/2015,7,08:15,543,E10000016,3,26,6,30,3,4,6,0,0,0,"
    "1,1,1,0,0,1,1,E01024802",
    "201546A000002,,,,,46,3,1,1,02/12/2015,4,,544,E06000035,6,0,6,30,0,-1,-1,-1,0,0,6,2,2,0,0,1,2,",
]
OLD_CASUALTIES = [
    "201546A000001,1,1,1,1,34,6,2,0,0,0,0,0,9,1,5",
    "201546A000001,2,2,1,2,-1,3,3,0,0,0,0,0,1,1,-1",
    "201546A000002,1,1,3,1,71,10,3,5,1,0,0,0,0,1,2",
]
OLD_VEHICLES = [
    "201546A000001,1,9,0,18,0,1,0,0,0,0,1,1,6,1,34,6,1598,1,6,5,1,5",
    "201546A000001,2,1,0,18,0,1,0,0,0,0,3,1,6,2,-1,-1,-1,-1,-1,-1,-1,-1",
    "201546A000002,1,9,0,18,0,0,0,0,0,0,1,1,6,1,50,8,1998,2,4,2,1,2",
]


def write(path: Path, header: str, rows: list[str], *, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    """A folder of 2015 files in DfT's 2005-2016 format, with the byte order mark DfT's files had."""
    write(tmp_path / "Accidents_2015.csv", OLD_COLLISION_HEADER, OLD_COLLISIONS, bom=True)
    write(tmp_path / "Casualties_2015.csv", OLD_CASUALTY_HEADER, OLD_CASUALTIES, bom=True)
    write(tmp_path / "Vehicles_2015.csv", OLD_VEHICLE_HEADER, OLD_VEHICLES, bom=True)
    return tmp_path


# --- the three generations -------------------------------------------------------------


def test_old_generation_collisions_are_read_with_labels_and_both_district_codes(old_folder):
    collisions = read_collision_file(old_folder / "Accidents_2015.csv")
    first, second = collisions.iloc[0], collisions.iloc[1]
    assert list(collisions["collision_index"]) == ["201546A000001", "201546A000002"]
    assert first["year"] == 2015 and first["date"] == pd.Timestamp("2015-03-14") and first["time"] == "08:15"
    assert first["collision_severity"] == 2 and first["collision_severity_label"] == "Serious"
    assert first["district_number"] == 543 and first["district_code"] == "E07000116"
    assert second["district_number"] == 544 and second["district_code"] == "E06000035"
    assert first["first_road_class_label"] == "A" and second["first_road_class_label"] == "Unclassified"
    assert first["light_conditions_label"] == "Daylight"
    assert second["light_conditions_label"] == "Darkness - no lighting"
    assert second["weather_conditions_label"] == "Raining no high winds"
    assert first["urban_or_rural_area_label"] == "Urban"
    assert first["lsoa_code"] == "E01024802" and pd.isna(second["lsoa_code"])
    assert pd.isna(second["time"]) and pd.isna(second["easting"])
    assert first["easting"] == 558912
    assert set(collisions["generation"]) == {"2005-2016"}


def test_old_generation_casualties_turn_minus_one_into_missing(old_folder):
    casualties = read_casualty_file(old_folder / "Casualties_2015.csv")
    assert list(casualties["casualty_severity_label"]) == ["Serious", "Slight", "Slight"]
    assert list(casualties["casualty_class_label"]) == ["Driver or rider", "Driver or rider", "Pedestrian"]
    assert list(casualties["casualty_type_label"]) == ["Car occupant", "Cyclist", "Pedestrian"]
    assert casualties["age"].isna().tolist() == [False, True, False]
    assert list(casualties["age_band_label"]) == ["26 - 35", "11 - 15", "66 - 75"]
    assert casualties["imd_decile"].tolist()[0] == 5 and pd.isna(casualties["imd_decile"].iloc[1])
    assert casualties["adjusted_serious"].isna().all()


def test_old_generation_without_age_of_casualty_keeps_the_band(tmp_path):
    # the earliest open files gave the age band only
    header = OLD_CASUALTY_HEADER.replace("Age_of_Casualty,", "")
    path = write(tmp_path / "Casualties_2005.csv", header, ["200546A000001,1,1,1,1,6,2,0,0,0,0,0,9,1,5"])
    casualties = read_casualty_file(path)
    assert pd.isna(casualties["age"].iloc[0]) and casualties["age_band"].iloc[0] == 6


def test_reissue_2017_2023_generation_is_read_from_its_real_header():
    collisions = read_collision_file(FIXTURES / "dft-road-casualty-statistics-accident-2021.csv")
    assert list(collisions["collision_index"]) == ["2021460900001", "2021460900002", "2021460900003"]
    assert list(collisions["collision_severity_label"]) == ["Serious", "Slight", "Fatal"]
    assert list(collisions["district_number"]) == [543, 543, 538]
    assert list(collisions["district_code"]) == ["E07000116", "E07000116", "E07000111"]
    assert list(collisions["first_road_class_label"]) == ["A", "Unclassified", "B"]
    assert list(collisions["light_conditions_label"]) == ["Daylight", "Darkness - lights lit", "Darkness - no lighting"]
    assert list(collisions["urban_or_rural_area_label"]) == ["Urban", "Urban", "Rural"]
    assert pd.isna(collisions["lsoa_code"].iloc[1])  # -1 in the file
    assert set(collisions["generation"]) == {"2017-2023"}
    casualties = read_casualty_file(FIXTURES / "dft-road-casualty-statistics-casualty-2021.csv")
    assert list(casualties["casualty_severity"]) == [2, 3, 3, 3, 1]
    assert list(casualties["casualty_type_label"]) == [
        "Car occupant", "Car occupant", "Cyclist", "Pedestrian", "Motorcycle over 500cc rider or passenger",
    ]
    vehicles = read_vehicle_file(FIXTURES / "dft-road-casualty-statistics-vehicle-2021.csv")
    assert list(vehicles["vehicle_type"]) == [9, 1, 9, 5]


def test_2024_generation_is_read_from_its_real_header_with_adjusted_severity():
    collisions = read_collision_file(FIXTURES / "dft-road-casualty-statistics-collision-2024.csv")
    assert list(collisions["collision_index"]) == ["2024460100001", "2024460100002"]
    assert list(collisions["collision_severity_label"]) == ["Serious", "Slight"]
    assert list(collisions["district_code"]) == ["E07000116", "E06000035"]
    assert list(collisions["lsoa_code"]) == ["E01024791", "E01016176"]
    assert set(collisions["generation"]) == {"2024+"}
    casualties = read_casualty_file(FIXTURES / "dft-road-casualty-statistics-casualty-2024.csv")
    assert list(casualties["age"]) == [42, 15, 70]
    assert list(casualties["adjusted_serious"]) == [0.0, 1.0, 0.0923]
    assert list(casualties["adjusted_slight"]) == [1.0, 0.0, 0.9077]
    vehicles = read_vehicle_file(FIXTURES / "dft-road-casualty-statistics-vehicle-2024.csv")
    assert list(vehicles["vehicle_reference"]) == [1, 1, 2]


def test_data_guide_spelling_of_adjusted_severity_is_accepted(tmp_path):
    text = (FIXTURES / "dft-road-casualty-statistics-casualty-2024.csv").read_text(encoding="utf-8")
    text = text.replace("casualty_adjusted_severity_serious", "casualty_adjusted_serious")
    path = tmp_path / "casualty.csv"
    path.write_text(text, encoding="utf-8")
    assert list(read_casualty_file(path)["adjusted_serious"]) == [0.0, 1.0, 0.0923]


def test_identify_file_tells_table_and_generation_by_header(old_folder, tmp_path):
    assert identify_file(old_folder / "Accidents_2015.csv") == ("collision", "2005-2016")
    assert identify_file(old_folder / "Casualties_2015.csv") == ("casualty", "2005-2016")
    assert identify_file(old_folder / "Vehicles_2015.csv") == ("vehicle", "2005-2016")
    assert identify_file(FIXTURES / "dft-road-casualty-statistics-accident-2021.csv") == ("collision", "2017-2023")
    assert identify_file(FIXTURES / "dft-road-casualty-statistics-vehicle-2021.csv") == ("vehicle", "2017-2023")
    assert identify_file(FIXTURES / "dft-road-casualty-statistics-casualty-2024.csv") == ("casualty", "2024+")
    other = write(tmp_path / "population.csv", "Code,Name,Geography,All ages", ["E07000116,Tunbridge Wells,x,116000"])
    assert identify_file(other) is None


# --- a folder of any mix ------------------------------------------------------------------


def test_read_stats19_reads_a_mix_of_generations_and_joins_collision_attributes():
    data = read_stats19(FIXTURES)
    assert len(data.collisions) == 5 and len(data.casualties) == 8 and len(data.vehicles) == 7
    assert data.exclusions.total == 0
    assert set(data.casualties["generation"]) == {"2017-2023", "2024+"}
    by_index = data.casualties.groupby("collision_index")["year"].first()
    assert by_index["2021460900003"] == 2021 and by_index["2024460100002"] == 2024
    medway = data.casualties[data.casualties["collision_index"] == "2024460100002"].iloc[0]
    assert medway["district_code"] == "E06000035" and medway["district_number"] == 544
    assert medway["lsoa_code"] == "E01016176"


def test_read_stats19_finds_files_by_header_whatever_their_names(old_folder, tmp_path):
    renamed = tmp_path / "renamed"
    for i, path in enumerate(sorted(old_folder.glob("*.csv"))):
        write(renamed / "sub" / f"file{i}.csv", *_header_and_rows(path))
    data = read_stats19(renamed)
    assert len(data.collisions) == 2 and len(data.casualties) == 3 and len(data.vehicles) == 3
    assert data.casualties["district_code"].tolist() == ["E07000116", "E07000116", "E06000035"]


def _header_and_rows(path: Path) -> tuple[str, list[str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return lines[0], lines[1:]


def test_read_stats19_ignores_other_csv_files(old_folder):
    write(old_folder / "population.csv", "Code,Name,Geography,All ages", ["E07000116,Tunbridge Wells,x,116000"])
    write(old_folder / "dft-road-casualty-statistics-casualty-adjustment-lookup_2004-latest-published-year.csv",
          "accident_index,accident_year,accident_reference,vehicle_reference,casualty_reference,Adjusted_Serious",
          ["2015460000001,2015,460000001,1,1,0.5"])
    assert len(read_stats19(old_folder).collisions) == 2


def test_read_stats19_without_vehicle_files_gives_an_empty_vehicle_table(old_folder):
    (old_folder / "Vehicles_2015.csv").unlink()
    data = read_stats19(old_folder)
    assert data.vehicles.empty and list(data.vehicles.columns)[:3] == ["collision_index", "vehicle_reference", "vehicle_type"]


# --- bad input: each with its message -----------------------------------------------------


def test_missing_column_is_an_input_error_naming_it(tmp_path):
    header = OLD_COLLISION_HEADER.replace("Accident_Severity,", "")
    rows = [re.sub(r"^((?:[^,]*,){6})[^,]*,", r"\1", row) for row in OLD_COLLISIONS]
    path = write(tmp_path / "Accidents_2015.csv", header, rows)
    with pytest.raises(InputError, match=r"Accidents_2015.csv: 1 problem: column 'Accident_Severity': missing column"):
        read_collision_file(path)


def test_missing_column_in_a_newer_file_is_named(tmp_path):
    text = (FIXTURES / "dft-road-casualty-statistics-casualty-2024.csv").read_text(encoding="utf-8")
    path = tmp_path / "casualty.csv"
    path.write_text(text.replace("casualty_type,", "casualty_kind,"), encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'casualty_type': missing column"):
        read_casualty_file(path)


def test_unknown_severity_code_is_an_input_error_naming_row_and_column(tmp_path):
    rows = [OLD_COLLISIONS[0], OLD_COLLISIONS[1].replace(",46,3,1,1,", ",46,4,1,1,")]
    path = write(tmp_path / "Accidents_2015.csv", OLD_COLLISION_HEADER, rows)
    with pytest.raises(InputError, match=r"row 3 column 'Accident_Severity': '4' is not a severity code: 1 \(fatal\)"):
        read_collision_file(path)


def test_unknown_casualty_severity_is_an_input_error(tmp_path):
    rows = [OLD_CASUALTIES[0].replace(",34,6,2,", ",34,6,0,"), *OLD_CASUALTIES[1:]]
    path = write(tmp_path / "Casualties_2015.csv", OLD_CASUALTY_HEADER, rows)
    with pytest.raises(InputError, match=r"row 2 column 'Casualty_Severity': '0' is not a severity code"):
        read_casualty_file(path)


def test_unparseable_date_is_an_input_error(tmp_path):
    rows = [OLD_COLLISIONS[0].replace("14/03/2015", "31/02/2015"), OLD_COLLISIONS[1].replace("02/12/2015", "2015-12-02")]
    path = write(tmp_path / "Accidents_2015.csv", OLD_COLLISION_HEADER, rows)
    with pytest.raises(InputError, match=r"2 problems: row 2 column 'Date': '31/02/2015' is not a date \(expected "
                                         r"dd/mm/yyyy\); row 3 column 'Date': '2015-12-02' is not a date"):
        read_collision_file(path)


def test_code_outside_dfts_list_is_an_input_error(tmp_path):
    # light condition 2 is not in DfT's list (1, 4, 5, 6, 7)
    rows = [OLD_COLLISIONS[0].replace(",0,0,0,1,1,1,0,0,1,1,", ",0,0,0,2,1,1,0,0,1,1,"), OLD_COLLISIONS[1]]
    path = write(tmp_path / "Accidents_2015.csv", OLD_COLLISION_HEADER, rows)
    with pytest.raises(InputError, match=r"row 2 column 'Light_Conditions': '2' is not a light conditions code"):
        read_collision_file(path)


def test_casualty_without_collision_is_a_counted_reported_exclusion(old_folder):
    write(old_folder / "Casualties_2015.csv", OLD_CASUALTY_HEADER,
          [*OLD_CASUALTIES, "201546A000099,1,1,1,1,40,7,3,0,0,0,0,0,9,1,5"])
    data = read_stats19(old_folder)
    assert data.exclusions.casualties_without_collision == 1
    assert data.exclusions.vehicles_without_collision == 0
    assert len(data.casualties) == 3
    assert str(data.exclusions) == (
        "1 casualty excluded: their collision is not in the collision files "
        "(Casualties_2015.csv row 5: collision 201546A000099)"
    )


def test_vehicle_without_collision_is_counted_too(old_folder):
    write(old_folder / "Vehicles_2015.csv", OLD_VEHICLE_HEADER,
          [*OLD_VEHICLES, "201546A000099,1,9,0,18,0,0,0,0,0,0,1,1,6,1,50,8,1998,2,4,2,1,2"])
    data = read_stats19(old_folder)
    assert data.exclusions.vehicles_without_collision == 1 and len(data.vehicles) == 3


def test_casualty_file_without_any_collision_is_an_input_error(old_folder):
    write(old_folder / "Casualties_2014.csv", OLD_CASUALTY_HEADER, ["201446A000001,1,1,1,1,40,7,3,0,0,0,0,0,9,1,5"])
    with pytest.raises(InputError, match=r"Casualties_2014.csv: 1 problem: none of its 1 casualties has its "
                                         r"collision in the collision files .*is the collision file"):
        read_stats19(old_folder)


def test_a_year_given_twice_is_an_input_error(old_folder):
    write(old_folder / "copy" / "DfTRoadSafety_Accidents_2015.csv", OLD_COLLISION_HEADER, OLD_COLLISIONS[:1])
    with pytest.raises(InputError, match=r"collision index 201546A000001 appears more than once "
                                         r"\(Accidents_2015.csv row 2 and DfTRoadSafety_Accidents_2015.csv row 2\)"):
        read_stats19(old_folder)


def test_a_casualty_given_twice_is_an_input_error(old_folder):
    write(old_folder / "Casualties_2015_again.csv", OLD_CASUALTY_HEADER, OLD_CASUALTIES[:1])
    with pytest.raises(InputError, match=r"casualty \(collision index, vehicle and casualty reference\) "
                                         r"201546A000001, 1, 1 appears more than once"):
        read_stats19(old_folder)


def test_a_stats19_file_with_another_delimiter_is_an_input_error(old_folder):
    write(old_folder / "Accidents_2016.csv", OLD_COLLISION_HEADER.replace(",", ";"), [])
    with pytest.raises(InputError, match=r"Accidents_2016.csv: the name says STATS19 but the header is not"):
        find_stats19_files(old_folder)


def test_a_folder_without_collision_files_is_an_input_error(old_folder):
    (old_folder / "Accidents_2015.csv").unlink()
    with pytest.raises(InputError, match=r"no STATS19 collision \(accident\) file found"):
        read_stats19(old_folder)


def test_a_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"the STATS19 folder does not exist"):
        read_stats19(tmp_path / "nowhere")


def test_reading_a_casualty_file_as_collisions_is_an_input_error(old_folder):
    with pytest.raises(InputError, match=r"is not a STATS19 collision file, not a casualty file"):
        read_collision_file(old_folder / "Casualties_2015.csv")


# --- the package's code lists against DfT's -----------------------------------------------


def _dft_code_lists() -> dict[tuple[str, str], dict[str, str]]:
    path = REAL / "stats19_schema.csv"
    if not path.exists():
        pytest.skip(f"DfT's STATS19 code lists are not at {path}: the check needs ../shared/data/real")
    lists: dict[tuple[str, str], dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lists.setdefault((row["table"], row["variable"]), {})[row["code"]] = row["label"]
    return lists


def _same_label(ours: str, theirs: str) -> bool:
    def tidy(text: str) -> str:
        return " ".join(text.split()).casefold()

    return tidy(ours) == tidy(theirs)


@pytest.mark.parametrize("variable", sorted(CODES))
def test_every_labelled_code_is_in_dfts_list_with_its_label(variable):
    lists = _dft_code_lists()
    table = "casualty" if variable.startswith(("casualty", "age_band")) else "collision"
    theirs = lists[(table, variable)]
    for code, label in CODES[variable].items():
        assert str(code) in theirs, f"{variable} code {code} is not in DfT's list"
        assert _same_label(label, theirs[str(code)]), f"{variable} code {code}: {label!r} vs {theirs[str(code)]!r}"
    # and -1, read as missing, is DfT's "data missing or out of range" where DfT lists it
    assert theirs.get("-1", "Data missing or out of range") == "Data missing or out of range"


def test_kent_district_numbers_and_codes_are_dfts():
    lists = _dft_code_lists()
    numbers = lists[("collision", "local_authority_district")]
    codes = lists[("collision", "local_authority_ons_district")]
    for number, (code, name) in DISTRICTS.items():
        assert numbers[str(number)] == name
        assert codes[code] == name
    assert numbers["543"] == "Tunbridge Wells" and codes["E07000116"] == "Tunbridge Wells"
    assert len(KENT_COUNTY_DISTRICTS) == 12 and "E06000035" not in KENT_COUNTY_DISTRICTS
