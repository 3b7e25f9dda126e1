"""Demo STATS19: collisions, vehicles and casualties for the Kent Police area, 2004-2015, as DfT issued them.

Writes one file per year and table in DfT's 2005-2016 column generation under ``stats19/``:
``DfTRoadSafety_Accidents_YYYY.csv``, ``DfTRoadSafety_Casualties_YYYY.csv`` and
``DfTRoadSafety_Vehicles_YYYY.csv`` for 2004-2014 (UTF-8 with a byte order mark, as DfT's
were), and ``Accidents_2015.csv``, ``Casualties_2015.csv``, ``Vehicles_2015.csv`` for 2015,
named as in DfT's ``RoadSafetyData_2015`` release, whose casualty and vehicle files add
``Casualty_IMD_Decile`` and ``Vehicle_IMD_Decile``.  All collisions are Kent Police's
(police force 46) in Kent's 12 districts and Medway.

Counts first, then records, so the plan's figures hold by construction:
1. casualties per district and year, by severity and for children (aged 0-15): the Kent
   districts together fall 7% from 2014 to 2015; Tunbridge Wells has the plan's
   figures (``TARGETS``); other counts are drawn around realistic shares (about 12% of
   casualties KSI, 9% children) for a Kent Police area of 5,500-6,500 casualties a year;
2. records: the casualties of each district and year are shuffled and grouped into
   collisions of one to four casualties; each collision gets the vehicles its casualties
   were in (pedestrians are hit by a motor vehicle; some collisions add an uninjured
   vehicle), a date, a time, a place (an LSOA of its district and coordinates near the
   district's centre) and road conditions.  A collision's severity is its most severe
   casualty's.  Collision indexes run in date order within a year.

Only ``world.rng("stats19")`` is drawn from, in a fixed order, so the same world writes the
same bytes.  Coordinates are approximate (a flat conversion from the British National Grid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

YEARS = tuple(range(2004, 2016))
POLICE_FORCE = 46
FOLDER = "stats19"

#: the district the plan is about, and the plan's STATS19 figures for it (figures.csv, road_safety)
TARGET_DISTRICT = "E07000116"
TARGETS = {
    "total": {2013: 441, 2014: 482, 2015: 423},
    "ksi": {2015: 54},
    "child_ksi": {2014: 7, 2015: 3},
    "child_slight": {2014: 44, 2015: 23},
    # 2004-2008 yearly means: all casualties above 423 and at most 482; child KSI 3; child slight 35
    "baseline_total_sum": 5 * 455,
    "baseline_child_ksi_sum": 5 * 3,
    "baseline_child_slight_sum": 5 * 35,
}
#: the 12 Kent districts together, 2015 against 2014 (the plan's "Kent-wide reduction of 7%")
KENT_CHANGE_2015 = -0.07

#: ONS code -> DfT local authority number, relative size (for sharing Kent's casualties),
#: approximate centre (easting, northing) and highway authority
AREAS: dict[str, tuple[int, float, int, int, str]] = {
    "E07000105": (530, 1.2, 601000, 142000, "E10000016"),  # Ashford
    "E07000106": (531, 1.4, 615000, 158000, "E10000016"),  # Canterbury
    "E07000107": (532, 0.9, 554000, 173000, "E10000016"),  # Dartford
    "E07000108": (533, 1.0, 630000, 146000, "E10000016"),  # Dover
    "E07000109": (535, 0.9, 565000, 172000, "E10000016"),  # Gravesham
    "E07000110": (536, 1.6, 577000, 154000, "E10000016"),  # Maidstone
    "E07000111": (538, 1.2, 552000, 157000, "E10000016"),  # Sevenoaks
    "E07000112": (539, 1.0, 612000, 135000, "E10000016"),  # Shepway
    "E07000113": (540, 1.3, 597000, 163000, "E10000016"),  # Swale
    "E07000114": (541, 1.2, 636000, 167000, "E10000016"),  # Thanet
    "E07000115": (542, 1.2, 565000, 155000, "E10000016"),  # Tonbridge and Malling
    "E07000116": (543, 1.0, 563000, 138000, "E10000016"),  # Tunbridge Wells
    "E06000035": (544, 1.0, 576000, 170000, "E06000035"),  # Medway
}
MEDWAY = "E06000035"

# --- DfT's 2005-2016 headers, exactly as published -----------------------------------
COLLISION_HEADER = (
    "Accident_Index,Location_Easting_OSGR,Location_Northing_OSGR,Longitude,Latitude,Police_Force,"
    "Accident_Severity,Number_of_Vehicles,Number_of_Casualties,Date,Day_of_Week,Time,"
    "Local_Authority_(District),Local_Authority_(Highway),1st_Road_Class,1st_Road_Number,Road_Type,"
    "Speed_limit,Junction_Detail,Junction_Control,2nd_Road_Class,2nd_Road_Number,"
    "Pedestrian_Crossing-Human_Control,Pedestrian_Crossing-Physical_Facilities,Light_Conditions,"
    "Weather_Conditions,Road_Surface_Conditions,Special_Conditions_at_Site,Carriageway_Hazards,"
    "Urban_or_Rural_Area,Did_Police_Officer_Attend_Scene_of_Accident,LSOA_of_Accident_Location"
).split(",")
CASUALTY_HEADER = (
    "Accident_Index,Vehicle_Reference,Casualty_Reference,Casualty_Class,Sex_of_Casualty,Age_of_Casualty,"
    "Age_Band_of_Casualty,Casualty_Severity,Pedestrian_Location,Pedestrian_Movement,Car_Passenger,"
    "Bus_or_Coach_Passenger,Pedestrian_Road_Maintenance_Worker,Casualty_Type,Casualty_Home_Area_Type"
).split(",")
VEHICLE_HEADER = (
    "Accident_Index,Vehicle_Reference,Vehicle_Type,Towing_and_Articulation,Vehicle_Manoeuvre,"
    "Vehicle_Location-Restricted_Lane,Junction_Location,Skidding_and_Overturning,Hit_Object_in_Carriageway,"
    "Vehicle_Leaving_Carriageway,Hit_Object_off_Carriageway,1st_Point_of_Impact,Was_Vehicle_Left_Hand_Drive?,"
    "Journey_Purpose_of_Driver,Sex_of_Driver,Age_of_Driver,Age_Band_of_Driver,Engine_Capacity_(CC),"
    "Propulsion_Code,Age_of_Vehicle,Driver_IMD_Decile,Driver_Home_Area_Type"
).split(",")
#: columns DfT added from the 2015 files
CASUALTY_HEADER_2015 = CASUALTY_HEADER + ["Casualty_IMD_Decile"]
VEHICLE_HEADER_2015 = VEHICLE_HEADER + ["Vehicle_IMD_Decile"]

# --- DfT codes and the shares drawn from ---------------------------------------------
PEDAL_CYCLE, CAR, HORSE = 1, 9, 16
NON_MOTOR = (PEDAL_CYCLE, HORSE)
#: vehicle type of an injured adult driver or rider (DfT vehicle/casualty type codes)
ADULT_DRIVER_TYPES = {9: 0.62, 1: 0.11, 3: 0.04, 5: 0.05, 4: 0.015, 2: 0.01, 97: 0.005, 19: 0.06, 20: 0.005,
                      21: 0.012, 8: 0.015, 11: 0.005, 16: 0.003, 22: 0.004, 90: 0.008, 10: 0.003, 17: 0.003}
CHILD_RIDER_TYPES = {1: 0.9, 16: 0.1}
PASSENGER_TYPES = {9: 0.85, 11: 0.07, 8: 0.02, 19: 0.04, 10: 0.01, 3: 0.005, 5: 0.005}
EXTRA_VEHICLE_TYPES = {9: 0.8, 19: 0.1, 21: 0.04, 11: 0.02, 3: 0.02, 5: 0.02}
#: casualty class by age group: driver or rider, passenger, pedestrian
ADULT_ROLES = (0.63, 0.25, 0.12)
CHILD_ROLES = (0.15, 0.50, 0.35)
#: casualties per collision
GROUP_SIZES = {1: 0.76, 2: 0.17, 3: 0.05, 4: 0.02}
HOURS = np.array([1, 1, 1, 1, 1, 2, 4, 8, 11, 6, 5, 5, 6, 6, 7, 10, 11, 11, 8, 5, 4, 3, 2, 1], dtype=float)
AGE_BANDS = ((5, 1), (10, 2), (15, 3), (20, 4), (25, 5), (35, 6), (45, 7), (55, 8), (65, 9), (75, 10))
ROAD_CLASSES = {3: 0.45, 6: 0.31, 4: 0.10, 5: 0.10, 1: 0.04}
A_ROADS = (2, 20, 21, 26, 28, 225, 227, 228, 229, 249, 252, 253, 256, 257, 258, 260, 262, 264, 267, 268, 274, 289, 299)
MOTORWAYS = (2, 20, 25, 26)
ROAD_TYPES = {6: 0.74, 3: 0.15, 1: 0.07, 2: 0.02, 7: 0.01, 9: 0.01}
SPEED_LIMITS = {30: 0.60, 40: 0.08, 50: 0.03, 60: 0.22, 70: 0.07}
JUNCTIONS = {0: 0.45, 3: 0.30, 1: 0.08, 6: 0.07, 8: 0.04, 2: 0.02, 9: 0.04}
JUNCTION_CONTROLS = {4: 0.80, 2: 0.15, 3: 0.03, 1: 0.02}
LIGHT = {1: 0.72, 4: 0.19, 5: 0.01, 6: 0.07, 7: 0.01}
WEATHER = {1: 0.80, 2: 0.11, 3: 0.005, 4: 0.01, 5: 0.01, 6: 0.002, 7: 0.005, 8: 0.02, 9: 0.038}
SURFACE = {1: 0.70, 2: 0.26, 3: 0.005, 4: 0.03, 5: 0.005}
MANOEUVRES = {18: 0.45, 4: 0.08, 9: 0.10, 7: 0.05, 3: 0.05, 2: 0.04, 5: 0.05, 17: 0.05, 16: 0.05, 11: 0.03,
              14: 0.02, 13: 0.02, 15: 0.01}
PEDESTRIAN_LOCATIONS = {5: 0.5, 1: 0.15, 4: 0.1, 6: 0.1, 9: 0.1, 10: 0.05}
PEDESTRIAN_MOVEMENTS = {1: 0.35, 3: 0.2, 5: 0.1, 9: 0.25, 8: 0.1}
JUNCTION_LOCATIONS = {1: 0.3, 2: 0.2, 5: 0.2, 6: 0.2, 8: 0.1}
IMPACTS = {1: 0.55, 2: 0.20, 3: 0.10, 4: 0.10, 0: 0.05}
JOURNEYS = {6: 0.55, 5: 0.15, 2: 0.14, 1: 0.10, 3: 0.03, 15: 0.03}
ENGINE_CC = {9: (998, 2999), 8: (1598, 2499), 19: (1598, 2499), 20: (2999, 4999), 21: (6000, 12800),
             11: (6000, 11000), 10: (2198, 2999), 17: (3000, 7000), 2: (49, 50), 3: (100, 125), 4: (250, 500),
             5: (600, 1300), 97: (-1, -1), 22: (-1, -1), 90: (-1, -1)}


@dataclass
class _Year:
    """Rows of one year's three tables, as DfT's columns."""

    collisions: pd.DataFrame
    casualties: pd.DataFrame
    vehicles: pd.DataFrame


def build(out_dir: Path, world, seed: int) -> list[Path]:
    """Write the demo STATS19 files for Kent Police 2004-2015 into ``out_dir/stats19``; return them.

    ``seed`` is not used: the world's ``rng("stats19")`` stream already follows from it.
    """
    rng = world.rng("stats19")
    districts = [code for code in sorted(AREAS) if code in set(world.districts["district_code"])]
    if TARGET_DISTRICT not in districts:
        raise ValueError(f"the demo world has no district {TARGET_DISTRICT}: the STATS19 demo is calibrated to it")
    lsoas = {
        code: sorted(world.lookup.loc[world.lookup["district_code"] == code, "lsoa_code"].astype(str).unique())
        for code in districts
    }
    counts = plan_counts(rng, districts)
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in YEARS:
        tables = _make_year(rng, year, counts[counts["year"] == year], lsoas)
        if year < 2015:
            names = [f"DfTRoadSafety_{table}_{year}.csv" for table in ("Accidents", "Casualties", "Vehicles")]
            encoding = "utf-8-sig"
        else:
            names = [f"{table}_{year}.csv" for table in ("Accidents", "Casualties", "Vehicles")]
            encoding = "utf-8"
        for name, frame in zip(names, (tables.collisions, tables.casualties, tables.vehicles)):
            path = folder / name
            frame.to_csv(path, index=False, lineterminator="\n", encoding=encoding)
            written.append(path)
    return written


# --- 1. counts ------------------------------------------------------------------------


def plan_counts(rng: np.random.Generator, districts: list[str]) -> pd.DataFrame:
    """Casualties per district and year: ``total, ksi, fatal, child_ksi, child_fatal, child_slight``.

    Tunbridge Wells and the Kent total follow the plan (``TARGETS``, ``KENT_CHANGE_2015``);
    the rest is drawn around realistic shares.
    """
    kent = [code for code in districts if code != MEDWAY]
    others = [code for code in kent if code != TARGET_DISTRICT]
    trend = np.linspace(5700, 5350, 10)
    kent_totals = {year: int(round(trend[i] + rng.normal(0, 40))) for i, year in enumerate(YEARS[:10])}
    kent_totals[2014] = 5500 + int(rng.integers(-60, 61))
    kent_totals[2015] = int(round(kent_totals[2014] * (1 + KENT_CHANGE_2015)))

    target = _target_counts(rng)
    weights = np.array([AREAS[code][1] for code in others])
    rows = []
    for year in YEARS:
        shares = rng.multinomial(kent_totals[year] - target[year]["total"], weights / weights.sum())
        totals = dict(zip(others, (int(n) for n in shares)))
        if MEDWAY in districts:
            totals[MEDWAY] = int(round(640 - 6 * (year - 2004) + rng.normal(0, 20)))
        for code in districts:
            if code == TARGET_DISTRICT:
                rows.append({"district_code": code, "year": year, **target[year]})
            else:
                rows.append({"district_code": code, "year": year, **_drawn_counts(rng, totals[code])})
    return pd.DataFrame(rows).sort_values(["year", "district_code"], kind="stable").reset_index(drop=True)


def _drawn_counts(rng: np.random.Generator, total: int, **fixed: int) -> dict[str, int]:
    """Severity and child counts for a total, drawn around realistic shares unless ``fixed``."""
    ksi = fixed.get("ksi", int(rng.binomial(total, 0.125)))
    children = int(rng.binomial(total, 0.09))
    child_ksi = fixed.get("child_ksi", min(int(rng.binomial(children, 0.1)), ksi))
    child_slight = fixed.get("child_slight", min(children - child_ksi if children > child_ksi else 0, total - ksi))
    child_fatal = int(rng.binomial(child_ksi, 0.03))
    fatal = child_fatal + int(rng.binomial(ksi - child_ksi, 0.06))
    return {"total": total, "ksi": ksi, "fatal": fatal, "child_ksi": child_ksi, "child_fatal": child_fatal,
            "child_slight": child_slight}


def _target_counts(rng: np.random.Generator) -> dict[int, dict[str, int]]:
    """Tunbridge Wells' counts: the plan's figures where it gives them, drawn elsewhere."""
    baseline = list(range(2004, 2009))
    totals = dict(zip(baseline, _spread(rng, TARGETS["baseline_total_sum"], 5, 600)))
    totals.update({year: 450 - 5 * (year - 2009) + int(rng.integers(-15, 16)) for year in range(2009, 2013)})
    totals.update(TARGETS["total"])
    child_ksi = dict(zip(baseline, _spread(rng, TARGETS["baseline_child_ksi_sum"], 5, 4)))
    child_ksi.update(TARGETS["child_ksi"])
    child_slight = dict(zip(baseline, _spread(rng, TARGETS["baseline_child_slight_sum"], 5, 40)))
    child_slight.update(TARGETS["child_slight"])
    ksi = dict(TARGETS["ksi"])
    ksi[2014] = int(rng.integers(57, 67))
    out = {}
    for year in YEARS:
        fixed = {name: values[year] for name, values in (("ksi", ksi), ("child_ksi", child_ksi),
                                                          ("child_slight", child_slight)) if year in values}
        out[year] = _drawn_counts(rng, totals[year], **fixed)
    return out


def _spread(rng: np.random.Generator, total: int, parts: int, moves: int) -> list[int]:
    """``parts`` whole numbers summing exactly to ``total``: equal shares moved apart by random unit steps."""
    values = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    for _ in range(moves):
        source, target = (int(i) for i in rng.choice(parts, size=2, replace=False))
        if values[source] > 1:
            values[source] -= 1
            values[target] += 1
    return values


# --- 2. records -----------------------------------------------------------------------


def _choice(rng: np.random.Generator, shares: dict, size: int) -> np.ndarray:
    keys = np.array(list(shares))
    p = np.array(list(shares.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def _age_band(ages: np.ndarray) -> np.ndarray:
    bands = np.full(len(ages), 11)
    for upper, band in reversed(AGE_BANDS):
        bands[ages <= upper] = band
    bands[ages < 0] = -1
    return bands


def _make_year(rng: np.random.Generator, year: int, counts: pd.DataFrame, lsoas: dict[str, list[str]]) -> _Year:
    """The three tables of one year from its counts."""
    # casualties: one entry per person, with district, severity and child flag
    district, severity, child = [], [], []
    for row in counts.itertuples(index=False):
        adult_fatal = row.fatal - row.child_fatal
        child_serious = row.child_ksi - row.child_fatal
        adult_serious = row.ksi - row.fatal - child_serious
        adult_slight = row.total - row.ksi - row.child_slight
        for sev, is_child, n in ((1, True, row.child_fatal), (2, True, child_serious), (3, True, row.child_slight),
                                 (1, False, adult_fatal), (2, False, adult_serious), (3, False, adult_slight)):
            if n < 0:
                raise ValueError(f"negative count planned for {row.district_code} {year}")
            district += [row.district_code] * n
            severity += [sev] * n
            child += [is_child] * n
    district = np.array(district)
    severity = np.array(severity)
    child = np.array(child)
    # shuffle within district, then cut each district's casualties into collisions
    order = rng.permutation(len(district))
    order = order[np.argsort(district[order], kind="stable")]
    district, severity, child = district[order], severity[order], child[order]
    group = np.empty(len(district), dtype=np.int64)
    next_group = 0
    for code in sorted(set(district)):
        where = np.flatnonzero(district == code)
        sizes = _choice(rng, GROUP_SIZES, len(where))
        ends = np.cumsum(sizes)
        used = int(np.searchsorted(ends, len(where))) + 1
        sizes = sizes[:used]
        sizes[-1] -= ends[used - 1] - len(where)
        group[where] = next_group + np.repeat(np.arange(used), sizes)
        next_group += used
    n_cas, n_col = len(group), next_group

    # people: role (1 driver or rider, 2 passenger, 3 pedestrian), age, sex
    u = rng.random(n_cas)
    adult_role = np.where(u < ADULT_ROLES[0], 1, np.where(u < ADULT_ROLES[0] + ADULT_ROLES[1], 2, 3))
    child_role = np.where(u < CHILD_ROLES[0], 1, np.where(u < CHILD_ROLES[0] + CHILD_ROLES[1], 2, 3))
    role = np.where(child, child_role, adult_role)
    own_type = np.where(child, _choice(rng, CHILD_RIDER_TYPES, n_cas), _choice(rng, ADULT_DRIVER_TYPES, n_cas))
    passenger_type = _choice(rng, PASSENGER_TYPES, n_cas)
    adult_age = np.minimum(16 + rng.gamma(2.0, 14.0, n_cas).astype(int), 97)
    child_age = np.where(role == 1, rng.integers(8, 16, n_cas), rng.integers(0, 16, n_cas))
    driving = (role == 1) & (own_type != PEDAL_CYCLE)
    age = np.where(child, child_age, np.where(driving, np.maximum(adult_age, 17), adult_age))
    age = np.where(~child & (rng.random(n_cas) < 0.005), -1, age)
    sex = _choice(rng, {1: 0.58, 2: 0.415, -1: 0.005}, n_cas)

    # vehicles: assembled collision by collision from the casualties in them
    join_u = rng.random(n_cas)
    extra_u = rng.random(n_col)
    extra_type = _choice(rng, EXTRA_VEHICLE_TYPES, n_col)
    pedestrian_vehicle = _choice(rng, {CAR: 0.9, 19: 0.1}, n_col)
    cas_vehicle = np.zeros(n_cas, dtype=np.int64)
    cas_type = np.zeros(n_cas, dtype=np.int64)
    veh_group, veh_type, veh_driver = [], [], []
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    bounds = np.r_[starts, n_cas]
    for g in range(n_col):
        types: list[int] = []
        drivers: list[int] = []
        members = range(bounds[g], bounds[g + 1])
        for i in members:  # drivers and riders first: each has a vehicle of their own
            if role[i] == 1:
                types.append(int(own_type[i]))
                drivers.append(i)
                cas_vehicle[i], cas_type[i] = len(types), own_type[i]
        for i in members:
            if role[i] == 2:
                kind = int(passenger_type[i])
                same = [k for k, t in enumerate(types) if t == kind]
                if same and join_u[i] < 0.85:
                    cas_vehicle[i] = same[0] + 1
                else:
                    types.append(kind)
                    drivers.append(-1)
                    cas_vehicle[i] = len(types)
                cas_type[i] = kind
        pedestrians = [i for i in members if role[i] == 3]
        if pedestrians:
            motor = [k for k, t in enumerate(types) if t not in NON_MOTOR]
            if not motor:
                types.append(int(pedestrian_vehicle[g]))
                drivers.append(-1)
                motor = [len(types) - 1]
            for i in pedestrians:
                cas_vehicle[i], cas_type[i] = motor[0] + 1, 0
        elif len(types) == 1 and extra_u[g] < 0.6 or len(types) == 2 and extra_u[g] < 0.07:
            types.append(int(extra_type[g]))
            drivers.append(-1)
        veh_group += [g] * len(types)
        veh_type += types
        veh_driver += drivers
    veh_group = np.array(veh_group)
    veh_type = np.array(veh_type)
    veh_driver = np.array(veh_driver)
    veh_ref = np.arange(len(veh_group)) - np.searchsorted(veh_group, veh_group) + 1
    cas_ref = np.arange(n_cas) - starts[group] + 1

    # collisions: when, where and in what conditions
    col_district = district[starts]
    col_severity = np.minimum.reduceat(severity, starts)
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    day = rng.integers(0, days, n_col)
    hour = rng.choice(24, size=n_col, p=HOURS / HOURS.sum())
    minute = rng.integers(0, 60, n_col)
    no_time = rng.random(n_col) < 0.002
    sequence = np.lexsort((np.arange(n_col), minute, hour, day))  # date order within the year
    index = np.empty(n_col, dtype=object)
    index[sequence] = [f"{year}{POLICE_FORCE}{k + 1:07d}" for k in range(n_col)]
    dates = [date(year, 1, 1) + timedelta(days=int(d)) for d in day]
    road_class = _choice(rng, ROAD_CLASSES, n_col)
    road_number = np.where(road_class == 1, rng.choice(MOTORWAYS, n_col),
                           np.where(road_class == 3, rng.choice(A_ROADS, n_col),
                                    np.where(road_class == 4, rng.integers(2000, 2200, n_col), 0)))
    junction = _choice(rng, JUNCTIONS, n_col)
    at_junction = junction != 0
    speed = np.where(road_class == 1, 70, _choice(rng, SPEED_LIMITS, n_col))
    urban = np.where(speed <= 40, np.where(rng.random(n_col) < 0.9, 1, 2), np.where(rng.random(n_col) < 0.15, 1, 2))
    second_class = np.where(at_junction, _choice(rng, {6: 0.6, 3: 0.2, 4: 0.1, 5: 0.1}, n_col), -1)
    easting = np.array([AREAS[c][2] for c in col_district]) + rng.normal(0, 3500, n_col).round().astype(int)
    northing = np.array([AREAS[c][3] for c in col_district]) + rng.normal(0, 3500, n_col).round().astype(int)
    latitude = 49 + (northing + 100000) / 111200
    longitude = -2 + (easting - 400000) / (111200 * np.cos(np.radians(latitude)))
    lsoa_pick = rng.random(n_col)
    lsoa_blank = rng.random(n_col) < 0.01
    lsoa = [
        "" if lsoa_blank[g] or not lsoas[c] else lsoas[c][int(lsoa_pick[g] * len(lsoas[c]))]
        for g, c in enumerate(col_district)
    ]
    collisions = pd.DataFrame(
        {
            "Accident_Index": index,
            "Location_Easting_OSGR": easting,
            "Location_Northing_OSGR": northing,
            "Longitude": [f"{x:.6f}" for x in longitude],
            "Latitude": [f"{y:.6f}" for y in latitude],
            "Police_Force": POLICE_FORCE,
            "Accident_Severity": col_severity,
            "Number_of_Vehicles": np.bincount(veh_group, minlength=n_col),
            "Number_of_Casualties": np.diff(bounds),
            "Date": [d.strftime("%d/%m/%Y") for d in dates],
            "Day_of_Week": [(d.weekday() + 1) % 7 + 1 for d in dates],
            "Time": ["" if no_time[g] else f"{hour[g]:02d}:{minute[g]:02d}" for g in range(n_col)],
            "Local_Authority_(District)": [AREAS[c][0] for c in col_district],
            "Local_Authority_(Highway)": [AREAS[c][4] for c in col_district],
            "1st_Road_Class": road_class,
            "1st_Road_Number": road_number,
            "Road_Type": np.where(road_class == 1, 3, _choice(rng, ROAD_TYPES, n_col)),
            "Speed_limit": speed,
            "Junction_Detail": junction,
            "Junction_Control": np.where(at_junction, _choice(rng, JUNCTION_CONTROLS, n_col), -1),
            "2nd_Road_Class": second_class,
            "2nd_Road_Number": np.where(second_class == 3, rng.choice(A_ROADS, n_col), np.where(at_junction, 0, -1)),
            "Pedestrian_Crossing-Human_Control": 0,
            "Pedestrian_Crossing-Physical_Facilities": np.where(rng.random(n_col) < 0.06, 5, 0),
            "Light_Conditions": _choice(rng, LIGHT, n_col),
            "Weather_Conditions": _choice(rng, WEATHER, n_col),
            "Road_Surface_Conditions": _choice(rng, SURFACE, n_col),
            "Special_Conditions_at_Site": np.where(rng.random(n_col) < 0.02, 4, 0),
            "Carriageway_Hazards": np.where(rng.random(n_col) < 0.02, 2, 0),
            "Urban_or_Rural_Area": urban,
            "Did_Police_Officer_Attend_Scene_of_Accident": np.where(rng.random(n_col) < 0.8, 1, 2),
            "LSOA_of_Accident_Location": lsoa,
        }
    )[COLLISION_HEADER]

    # casualty details
    is_ped = role == 3
    in_car = (role == 2) & (cas_type == CAR)
    in_bus = (role == 2) & (cas_type == 11)
    casualties = pd.DataFrame(
        {
            "Accident_Index": index[group],
            "Vehicle_Reference": cas_vehicle,
            "Casualty_Reference": cas_ref,
            "Casualty_Class": role,
            "Sex_of_Casualty": sex,
            "Age_of_Casualty": age,
            "Age_Band_of_Casualty": _age_band(age),
            "Casualty_Severity": severity,
            "Pedestrian_Location": np.where(is_ped, _choice(rng, PEDESTRIAN_LOCATIONS, n_cas), 0),
            "Pedestrian_Movement": np.where(is_ped, _choice(rng, PEDESTRIAN_MOVEMENTS, n_cas), 0),
            "Car_Passenger": np.where(in_car, np.where(rng.random(n_cas) < np.where(child, 0.8, 0.35), 2, 1), 0),
            "Bus_or_Coach_Passenger": np.where(in_bus, _choice(rng, {4: 0.6, 3: 0.25, 1: 0.05, 2: 0.1}, n_cas), 0),
            "Pedestrian_Road_Maintenance_Worker": np.where(is_ped & (rng.random(n_cas) < 0.1), 2, 0),
            "Casualty_Type": cas_type,
            "Casualty_Home_Area_Type": _choice(rng, {1: 0.7, 2: 0.14, 3: 0.14, -1: 0.02}, n_cas),
        }
    )
    if year >= 2015:
        casualties["Casualty_IMD_Decile"] = _choice(rng, {**{d: 0.095 for d in range(1, 11)}, -1: 0.05}, n_cas)

    # vehicle details: an injured driver's age and sex are the casualty's
    n_veh = len(veh_group)
    has_driver = veh_driver >= 0
    motor = ~np.isin(veh_type, NON_MOTOR)
    injured = np.maximum(veh_driver, 0)  # the driver's casualty row, where has_driver
    uninjured_age = np.minimum(17 + rng.gamma(2.0, 13.0, n_veh).astype(int), 95)
    driver_age = np.where(has_driver, age[injured], np.where(rng.random(n_veh) < 0.03, -1, uninjured_age))
    driver_sex = np.where(has_driver, np.where(sex[injured] == -1, 3, sex[injured]),
                          _choice(rng, {1: 0.66, 2: 0.31, 3: 0.03}, n_veh))
    low, high = (np.array([ENGINE_CC.get(t, (-1, -1))[k] for t in veh_type]) for k in (0, 1))
    engine = np.where(low < 0, -1, low + (rng.random(n_veh) * (high - low + 1)).astype(int))
    vehicles = pd.DataFrame(
        {
            "Accident_Index": index[veh_group],
            "Vehicle_Reference": veh_ref,
            "Vehicle_Type": veh_type,
            "Towing_and_Articulation": np.where(veh_type == 21, 3, 0),
            "Vehicle_Manoeuvre": _choice(rng, MANOEUVRES, n_veh),
            "Vehicle_Location-Restricted_Lane": 0,
            "Junction_Location": np.where(at_junction[veh_group], _choice(rng, JUNCTION_LOCATIONS, n_veh), 0),
            "Skidding_and_Overturning": np.where(rng.random(n_veh) < 0.07, 1, 0),
            "Hit_Object_in_Carriageway": np.where(rng.random(n_veh) < 0.03, 4, 0),
            "Vehicle_Leaving_Carriageway": np.where(rng.random(n_veh) < 0.06, 1, 0),
            "Hit_Object_off_Carriageway": np.where(rng.random(n_veh) < 0.05, 10, 0),
            "1st_Point_of_Impact": _choice(rng, IMPACTS, n_veh),
            "Was_Vehicle_Left_Hand_Drive?": np.where(rng.random(n_veh) < 0.01, 2, 1),
            "Journey_Purpose_of_Driver": _choice(rng, JOURNEYS, n_veh),
            "Sex_of_Driver": driver_sex,
            "Age_of_Driver": driver_age,
            "Age_Band_of_Driver": _age_band(driver_age),
            "Engine_Capacity_(CC)": engine,
            "Propulsion_Code": np.where(motor, _choice(rng, {1: 0.55, 2: 0.44, 8: 0.01}, n_veh), -1),
            "Age_of_Vehicle": np.where(motor & (rng.random(n_veh) < 0.9), rng.integers(0, 18, n_veh), -1),
            "Driver_IMD_Decile": _choice(rng, {**{d: 0.095 for d in range(1, 11)}, -1: 0.05}, n_veh),
            "Driver_Home_Area_Type": _choice(rng, {1: 0.7, 2: 0.14, 3: 0.14, -1: 0.02}, n_veh),
        }
    )
    if year >= 2015:
        vehicles["Vehicle_IMD_Decile"] = _choice(rng, {**{d: 0.095 for d in range(1, 11)}, -1: 0.05}, n_veh)

    collisions = collisions.sort_values("Accident_Index", kind="stable").reset_index(drop=True)
    casualties = casualties.sort_values(["Accident_Index", "Casualty_Reference"], kind="stable").reset_index(drop=True)
    vehicles = vehicles.sort_values(["Accident_Index", "Vehicle_Reference"], kind="stable").reset_index(drop=True)
    return _Year(collisions, casualties, vehicles)


__all__ = ["build", "plan_counts", "YEARS", "TARGETS", "TARGET_DISTRICT", "KENT_CHANGE_2015",
           "COLLISION_HEADER", "CASUALTY_HEADER", "VEHICLE_HEADER", "CASUALTY_HEADER_2015", "VEHICLE_HEADER_2015"]
