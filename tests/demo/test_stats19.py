"""The demo STATS19 files: DfT's 2005-2016 format, consistent records, and the plan's road safety figures.

Expected values are the Partnership Plan's, as listed in ``seed/figures.csv`` (section
``road_safety``, those from STATS19); they are computed here with the project's own reader
and measures, from the files alone.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cspanalysis.demo.stats19 import build
from cspanalysis.metrics.road_safety import (
    average_baseline,
    change_year_on_year,
    count_casualties_by_year,
    count_kent_casualties_by_year,
)
from cspanalysis.sources.stats19 import read_stats19

TW = "E07000116"
KENT_POLICE_AREAS = {
    "E07000105": "Ashford", "E07000106": "Canterbury", "E07000107": "Dartford", "E07000108": "Dover",
    "E07000109": "Gravesham", "E07000110": "Maidstone", "E07000111": "Sevenoaks", "E07000112": "Shepway",
    "E07000113": "Swale", "E07000114": "Thanet", "E07000115": "Tonbridge and Malling",
    "E07000116": "Tunbridge Wells", "E06000035": "Medway",
}
# DfT's headers as published in DfTRoadSafety_Accidents_2014.csv and the 2015 files
ACCIDENTS_HEADER = (
    "Accident_Index,Location_Easting_OSGR,Location_Northing_OSGR,Longitude,Latitude,Police_Force,"
    "Accident_Severity,Number_of_Vehicles,Number_of_Casualties,Date,Day_of_Week,Time,"
    "Local_Authority_(District),Local_Authority_(Highway),1st_Road_Class,1st_Road_Number,Road_Type,"
    "Speed_limit,Junction_Detail,Junction_Control,2nd_Road_Class,2nd_Road_Number,"
    "Pedestrian_Crossing-Human_Control,Pedestrian_Crossing-Physical_Facilities,Light_Conditions,"
    "Weather_Conditions,Road_Surface_Conditions,Special_Conditions_at_Site,Carriageway_Hazards,"
    "Urban_or_Rural_Area,Did_Police_Officer_Attend_Scene_of_Accident,LSOA_of_Accident_Location"
)
CASUALTIES_HEADER = (
    "Accident_Index,Vehicle_Reference,Casualty_Reference,Casualty_Class,Sex_of_Casualty,Age_of_Casualty,"
    "Age_Band_of_Casualty,Casualty_Severity,Pedestrian_Location,Pedestrian_Movement,Car_Passenger,"
    "Bus_or_Coach_Passenger,Pedestrian_Road_Maintenance_Worker,Casualty_Type,Casualty_Home_Area_Type"
)
VEHICLES_HEADER = (
    "Accident_Index,Vehicle_Reference,Vehicle_Type,Towing_and_Articulation,Vehicle_Manoeuvre,"
    "Vehicle_Location-Restricted_Lane,Junction_Location,Skidding_and_Overturning,Hit_Object_in_Carriageway,"
    "Vehicle_Leaving_Carriageway,Hit_Object_off_Carriageway,1st_Point_of_Impact,Was_Vehicle_Left_Hand_Drive?,"
    "Journey_Purpose_of_Driver,Sex_of_Driver,Age_of_Driver,Age_Band_of_Driver,Engine_Capacity_(CC),"
    "Propulsion_Code,Age_of_Vehicle,Driver_IMD_Decile,Driver_Home_Area_Type"
)


def stand_in_world(seed: int = 20170301):
    """A small world with the 13 areas of Kent Police, for when the demo world is not written."""
    rows = []
    for code, name in KENT_POLICE_AREAS.items():
        for ward in range(6):
            for area in range(3):
                number = len(rows) + 1
                rows.append((f"E01{number:06d}", f"{name} {number:03d}", f"E05{number // 3:06d}",
                             f"{name} ward {ward}", code, name))
    lookup = pd.DataFrame(rows, columns=["lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_code",
                                         "district_name"])
    districts = pd.DataFrame({
        "district_code": list(KENT_POLICE_AREAS),
        "district_name": list(KENT_POLICE_AREAS.values()),
        "kent_county": [code != "E06000035" for code in KENT_POLICE_AREAS],
    })
    return SimpleNamespace(lookup=lookup, districts=districts,
                           rng=lambda part: np.random.default_rng([seed, zlib.crc32(part.encode())]))


def demo_world_or_stand_in(seed: int):
    try:
        from cspanalysis.demo.world import make_world
    except ModuleNotFoundError as error:
        if error.name != "cspanalysis.demo.world":
            raise
        return stand_in_world(seed)
    return make_world(seed)


@pytest.fixture(scope="module")
def folder(request, tmp_path_factory) -> Path:
    """The generated STATS19 folder: from the session's demo world when conftest builds one, else built here."""
    try:
        root = request.getfixturevalue("demo_world")
    except pytest.FixtureLookupError:
        from cspanalysis.demo import DEFAULT_SEED

        root = tmp_path_factory.mktemp("demo")
        build(root, demo_world_or_stand_in(DEFAULT_SEED), DEFAULT_SEED)
    return root / "stats19"


@pytest.fixture(scope="module")
def data(folder):
    return read_stats19(folder)


@pytest.fixture(scope="module")
def tunbridge_wells(data) -> pd.DataFrame:
    return count_casualties_by_year(data.casualties, TW)


# --- the files as DfT issued them -----------------------------------------------------


def test_one_file_per_year_and_table_named_as_dft_named_them(folder):
    names = sorted(path.name for path in folder.iterdir())
    expected = sorted(
        [f"DfTRoadSafety_{table}_{year}.csv" for year in range(2004, 2015)
         for table in ("Accidents", "Casualties", "Vehicles")]
        + ["Accidents_2015.csv", "Casualties_2015.csv", "Vehicles_2015.csv"]
    )
    assert names == expected


def test_headers_are_dfts_with_its_byte_order_mark_until_2014(folder):
    def first_line(name: str) -> str:
        return (folder / name).read_bytes().split(b"\n", 1)[0].decode("utf-8")

    assert first_line("DfTRoadSafety_Accidents_2014.csv") == "\ufeff" + ACCIDENTS_HEADER
    assert first_line("DfTRoadSafety_Casualties_2004.csv") == "\ufeff" + CASUALTIES_HEADER
    assert first_line("DfTRoadSafety_Vehicles_2010.csv") == "\ufeff" + VEHICLES_HEADER
    assert first_line("Accidents_2015.csv") == ACCIDENTS_HEADER
    assert first_line("Casualties_2015.csv") == CASUALTIES_HEADER + ",Casualty_IMD_Decile"
    assert first_line("Vehicles_2015.csv") == VEHICLES_HEADER + ",Vehicle_IMD_Decile"
    assert b"\r" not in (folder / "Accidents_2015.csv").read_bytes()


def test_every_record_has_its_collision(data):
    assert data.exclusions.total == 0


# --- consistent, realistic records ---------------------------------------------------------


def test_collision_counts_and_severity_agree_with_casualties_and_vehicles(data):
    collisions = data.collisions.set_index("collision_index")
    casualties = data.casualties.groupby("collision_index")
    vehicles = data.vehicles.groupby("collision_index")
    assert (casualties.size().reindex(collisions.index) == collisions["number_of_casualties"]).all()
    assert (vehicles.size().reindex(collisions.index) == collisions["number_of_vehicles"]).all()
    # a collision is as severe as its most severe casualty (1 fatal is the most severe)
    assert (casualties["casualty_severity"].min().reindex(collisions.index) == collisions["collision_severity"]).all()


def test_each_casualty_is_in_a_vehicle_of_its_collision_and_pedestrians_are_type_0(data):
    pairs = data.vehicles.set_index(["collision_index", "vehicle_reference"]).index
    casualty_pairs = data.casualties.set_index(["collision_index", "vehicle_reference"]).index
    assert casualty_pairs.isin(pairs).all()
    pedestrian = data.casualties["casualty_class"] == 3
    assert (pedestrian == (data.casualties["casualty_type"] == 0)).all()


def test_kent_police_collisions_in_its_districts(data):
    assert set(data.collisions["police_force"]) == {46}
    assert set(data.collisions["district_code"]) == set(KENT_POLICE_AREAS)
    assert set(data.collisions["year"]) == set(range(2004, 2016))


def test_yearly_volumes_are_those_of_the_kent_police_area(data):
    per_year = data.casualties.groupby("year").size()
    assert per_year.between(5500, 6500).all(), per_year.to_dict()
    ksi_share = (data.casualties["casualty_severity"] <= 2).mean()
    assert 0.08 < ksi_share < 0.18


# --- the plan's road safety figures ----------------------------------------------------------


def test_tunbridge_wells_casualties_2013_to_2015(tunbridge_wells):
    assert tunbridge_wells.loc[[2013, 2014, 2015], "total"].tolist() == [441, 482, 423]
    change = change_year_on_year(tunbridge_wells["total"])
    assert change.loc[2015, "change"] == -59 and round(change.loc[2015, "change_pct"]) == -12
    assert change.loc[2014, "change"] == 41


def test_tunbridge_wells_ksi_and_slight(tunbridge_wells):
    assert tunbridge_wells.loc[2015, "ksi"] == 54
    assert tunbridge_wells.loc[2015, "slight"] == 369
    assert tunbridge_wells.loc[2015, "slight"] < tunbridge_wells.loc[2014, "slight"]


def test_tunbridge_wells_child_casualties(tunbridge_wells):
    assert tunbridge_wells.loc[[2014, 2015], "child_ksi"].tolist() == [7, 3]
    assert tunbridge_wells.loc[[2014, 2015], "child_slight"].tolist() == [44, 23]


def test_tunbridge_wells_against_the_2004_2008_baseline(tunbridge_wells):
    baseline = average_baseline(tunbridge_wells, 2004, 2008)
    assert round(baseline["child_ksi"]) == 3
    assert round(baseline["child_slight"]) == 35
    # "back below the KCC 2004-2008 baseline": 2015 is below it and 2014 was not
    assert 423 < baseline["total"] <= 482


def test_kent_districts_together_fall_seven_percent(data):
    kent = change_year_on_year(count_kent_casualties_by_year(data.casualties)["total"])
    assert round(kent.loc[2015, "change_pct"]) == -7


# --- determinism -------------------------------------------------------------------------


def test_the_same_world_writes_the_same_bytes(tmp_path):
    first = build(tmp_path / "a", stand_in_world(7), 7)
    second = build(tmp_path / "b", stand_in_world(7), 7)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
