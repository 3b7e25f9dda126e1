"""The police.uk archive view of the demo world: monthly street-level crime and ASB files.

Writes ``police_uk/YYYY-MM/YYYY-MM-kent-street.csv`` for every month from October 2013 to
December 2016 with the 12 published columns ``Crime ID, Month, Reported by, Falls within,
Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category,
Context`` (UTF-8, no BOM), rows ordered by LSOA name and crime type as police.uk does.

The crimes are the same crimes as the police crime extract (``crimes.make_crimes``): one
row per distinct crime, in the month it was recorded, its Home Office group or subgroup
mapped to the police.uk crime type.  A crime without an LSOA in the extract has
``No Location`` and blank coordinates and LSOA here.  Anti-social behaviour (ASB)
incidents are added (about 55,000 a year across the force, about 2,500 in Tunbridge
Wells; summer and autumn peaks; town-centre wards busier): they have no Crime ID and no
outcome.  ``Crime ID`` is a 64-digit hexadecimal hash, coordinates are anonymised "snap
points" near the LSOA's centroid written with 6 decimals, ``Location`` is
``On or near <street or place>``, ``Context`` is blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cspanalysis.demo import targets
from cspanalysis.demo.crimes import MONTHS, YEAR_OF_MONTH, make_crimes, weigh_wards
from cspanalysis.demo.geography import locate_lsoas
from cspanalysis.demo.world import allocate_counts, choose_weighted, random_hex

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

FORCE = "Kent Police"
FILE_FORCE = "kent"
HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]
ASB = "Anti-social behaviour"

#: police.uk crime type of each Home Office subgroup (groups without subgroups by group)
CRIME_TYPE = {
    "Homicide": "Violence and sexual offences",
    "Violence with injury": "Violence and sexual offences",
    "Violence without injury": "Violence and sexual offences",
    "Most serious sexual crime": "Violence and sexual offences",
    "Other sexual offences": "Violence and sexual offences",
    "Robbery of business property": "Robbery",
    "Robbery of personal property": "Robbery",
    "Domestic burglary": "Burglary",
    "Non-domestic burglary": "Burglary",
    "Vehicle offences": "Vehicle crime",
    "Theft from the person": "Theft from the person",
    "Bicycle theft": "Bicycle theft",
    "Shoplifting": "Shoplifting",
    "All other theft offences": "Other theft",
    "Criminal damage": "Criminal damage and arson",
    "Arson": "Criminal damage and arson",
    "Trafficking of drugs": "Drugs",
    "Possession of drugs": "Drugs",
    "Possession of weapons offences": "Possession of weapons",
    "Public order offences": "Public order",
    "Miscellaneous crimes against society": "Other crime",
}

#: anti-social behaviour incidents per 1,000 residents a year (2015/16), and yearly change
ASB_RATES = {
    "Ashford": (27, -0.03), "Canterbury": (34, -0.04), "Dartford": (30, -0.03), "Dover": (31, -0.03),
    "Gravesham": (32, -0.04), "Maidstone": (27, -0.02), "Sevenoaks": (22.5, -0.03), "Shepway": (33, -0.03),
    "Swale": (31, -0.02), "Thanet": (43, -0.04), "Tonbridge and Malling": (23, -0.03),
    targets.DISTRICT: (21.5, 0.0), "Medway": (36, -0.03),
}
#: ASB seasonal profile by calendar month (summer, Halloween and bonfire night)
ASB_SEASON = np.array([0.80, 0.78, 0.88, 0.98, 1.08, 1.12, 1.22, 1.18, 1.00, 1.08, 1.00, 0.88])
NO_LOCATION_ASB = 0.004
SNAP_POINTS = 30

#: places police.uk snaps crimes to: streets and a few kinds of place
STREETS = (
    "High Street", "Station Road", "Church Road", "Church Lane", "London Road", "Park Road", "Victoria Road",
    "Mill Lane", "School Lane", "The Street", "Queens Road", "Kings Road", "Grove Road", "Albert Road",
    "North Street", "South Street", "West Street", "East Street", "Manor Road", "Green Lane", "Hill Road",
    "Chapel Street", "Castle Street", "Bridge Street", "Market Street", "New Road", "Springfield Road",
    "Oak Road", "Elm Close", "Beech Avenue", "Ash Grove", "Willow Crescent", "Cedar Close", "Maple Drive",
    "Hawthorn Road", "Orchard Way", "Meadow View", "Chestnut Avenue", "Hazel Close", "Rowan Close",
    "St John'S Road", "St Mary'S Road", "St Peter'S Street", "Windmill Hill", "Forge Lane", "Farm Road",
    "Brook Street", "Riverside", "Grosvenor Road", "Camden Road", "Mount Pleasant Road", "Crescent Road",
    "Vale Road", "Hythe Road", "Canterbury Road", "Dover Road", "Folkestone Road", "Maidstone Road",
    "Ashford Road", "Tonbridge Road", "Sevenoaks Road", "Gravesend Road", "Rochester Road", "Seafront",
    "Harbour Street", "Marine Parade", "Shopping Area", "Supermarket", "Parking Area", "Petrol Station",
    "Sports/Recreation Area", "Nightclub", "Theatre/Concert Hall", "Hospital", "Police Station",
    "Further/Higher Educational Building", "Bus/Coach Station", "Conference/Exhibition Centre",
    "Pedestrian Subway",
)

#: outcomes of resolved crimes by crime type, as (outcome, weight)
_SUSPECT_UNKNOWN = "Investigation complete; no suspect identified"
_UNABLE = "Unable to prosecute suspect"
_THEFT = {
    _SUSPECT_UNKNOWN: 66, _UNABLE: 14, "Local resolution": 3, "Offender given a caution": 2,
    "Court result unavailable": 4, "Action to be taken by another organisation": 3,
    "Further investigation is not in the public interest": 2, "Offender sent to prison": 1.5,
    "Offender given community sentence": 1.5, "Offender fined": 1, "Awaiting court outcome": 2,
}
OUTCOMES = {
    "Violence and sexual offences": {
        _UNABLE: 45, _SUSPECT_UNKNOWN: 12, "Awaiting court outcome": 4, "Local resolution": 6,
        "Offender given a caution": 5, "Court result unavailable": 6,
        "Further investigation is not in the public interest": 3, "Action to be taken by another organisation": 4,
        "Offender sent to prison": 3, "Offender given community sentence": 3, "Offender fined": 2,
        "Offender given suspended prison sentence": 2, "Suspect charged as part of another case": 2,
        "Formal action is not in the public interest": 2, "Defendant found not guilty": 1,
    },
    "Burglary": _THEFT, "Vehicle crime": _THEFT, "Bicycle theft": _THEFT, "Other theft": _THEFT,
    "Theft from the person": _THEFT,
    "Criminal damage and arson": {**_THEFT, _SUSPECT_UNKNOWN: 55, _UNABLE: 22, "Local resolution": 6},
    "Shoplifting": {
        _SUSPECT_UNKNOWN: 35, _UNABLE: 15, "Offender fined": 10, "Local resolution": 8, "Offender given a caution": 6,
        "Court result unavailable": 8, "Offender given conditional discharge": 6, "Offender sent to prison": 4,
        "Offender given community sentence": 4, "Awaiting court outcome": 4,
    },
    "Drugs": {
        "Offender given a drugs possession warning": 25, "Offender given a caution": 15, "Local resolution": 15,
        "Court result unavailable": 10, "Offender fined": 8, _UNABLE: 8, "Awaiting court outcome": 6,
        "Offender sent to prison": 4, "Offender given community sentence": 4, "Offender given penalty notice": 5,
    },
    "Possession of weapons": {
        "Court result unavailable": 15, "Offender given a caution": 15, _UNABLE: 15,
        "Offender given suspended prison sentence": 8, "Offender sent to prison": 10,
        "Offender given community sentence": 8, "Awaiting court outcome": 10, "Offender fined": 6,
        "Local resolution": 5, _SUSPECT_UNKNOWN: 8,
    },
    "Public order": {
        _UNABLE: 35, _SUSPECT_UNKNOWN: 15, "Offender given penalty notice": 6, "Local resolution": 10,
        "Offender given a caution": 8, "Court result unavailable": 8, "Offender fined": 6,
        "Awaiting court outcome": 5, "Further investigation is not in the public interest": 4,
        "Formal action is not in the public interest": 3,
    },
    "Other crime": {
        _UNABLE: 25, _SUSPECT_UNKNOWN: 20, "Court result unavailable": 12, "Offender sent to prison": 8,
        "Awaiting court outcome": 8, "Offender given a caution": 8, "Local resolution": 6, "Offender fined": 6,
        "Action to be taken by another organisation": 7,
    },
    "Robbery": {
        _SUSPECT_UNKNOWN: 45, _UNABLE: 25, "Offender sent to prison": 10, "Awaiting court outcome": 8,
        "Court result unavailable": 6, "Local resolution": 3, "Offender given community sentence": 3,
    },
}
UNDER_INVESTIGATION = "Under investigation"


def build(out_dir: Path, world: World, seed: int) -> list[Path]:
    """Write one street file per month; return their paths."""
    rng = world.rng("police_uk")
    crimes = make_crimes(world)
    lsoas = world.lookup.merge(locate_lsoas(world), on="lsoa_code").sort_values("lsoa_code", ignore_index=True)
    snaps = _snap_points(lsoas, rng)

    crime_rows = pd.DataFrame(
        {
            "month": crimes["recorded_date"].dt.strftime("%Y-%m").to_numpy(),
            "lsoa_code": crimes["lsoa_code"].to_numpy(dtype=object),
            "crime_type": crimes["offence_subgroup"].map(CRIME_TYPE).to_numpy(dtype=object),
        }
    )
    crime_rows["crime_id"] = random_hex(rng, len(crime_rows), 64)
    crime_rows["outcome"] = _draw_outcomes(crime_rows, rng)
    asb = _make_asb(world, lsoas, rng)
    rows = pd.concat([crime_rows, asb], ignore_index=True)
    rows = _place(rows, lsoas, snaps, rng)

    written = []
    for month, part in rows.groupby("month", sort=True):
        table = pd.DataFrame(
            {
                "Crime ID": part["crime_id"],
                "Month": part["month"],
                "Reported by": FORCE,
                "Falls within": FORCE,
                "Longitude": part["longitude"],
                "Latitude": part["latitude"],
                "Location": part["location"],
                "LSOA code": part["lsoa_code"],
                "LSOA name": part["lsoa_name"],
                "Crime type": part["crime_type"],
                "Last outcome category": part["outcome"],
                "Context": "",
            }
        )
        assert list(table.columns) == HEADER
        path = Path(out_dir) / "police_uk" / month / f"{month}-{FILE_FORCE}-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    return written


def _snap_points(lsoas: pd.DataFrame, rng: np.random.Generator) -> dict:
    """Per LSOA, ``SNAP_POINTS`` places (name and coordinates) near its centroid."""
    n = len(lsoas)
    shape = (n, SNAP_POINTS)
    scale = np.cos(np.radians(lsoas["latitude"].to_numpy()))[:, None]
    return {
        "name": np.array(STREETS, dtype=object)[rng.integers(0, len(STREETS), shape)],
        "longitude": lsoas["longitude"].to_numpy()[:, None] + rng.normal(0, 0.003, shape) / scale,
        "latitude": lsoas["latitude"].to_numpy()[:, None] + rng.normal(0, 0.003, shape),
    }


def _place(rows: pd.DataFrame, lsoas: pd.DataFrame, snaps: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Coordinates, location and LSOA name of each row, then police.uk's order within a month."""
    index = pd.Index(lsoas["lsoa_code"]).get_indexer(rows["lsoa_code"].replace("", None))
    located = index >= 0
    # a few busy points per LSOA take most rows
    weights = 1 / np.sqrt(np.arange(1, SNAP_POINTS + 1))
    point = rng.choice(SNAP_POINTS, len(rows), p=weights / weights.sum())
    safe = np.where(located, index, 0)
    rows["longitude"] = np.where(located, snaps["longitude"][safe, point], np.nan)
    rows["latitude"] = np.where(located, snaps["latitude"][safe, point], np.nan)
    rows["longitude"] = _six_decimals(rows["longitude"].to_numpy())
    rows["latitude"] = _six_decimals(rows["latitude"].to_numpy())
    rows["location"] = np.where(located, "On or near " + snaps["name"][safe, point].astype(str), "No Location")
    rows["lsoa_code"] = np.where(located, lsoas["lsoa_code"].to_numpy()[safe], "")
    rows["lsoa_name"] = np.where(located, lsoas["lsoa_name"].to_numpy()[safe], "")
    rows["_no_location"] = ~located
    rows["_tie"] = rng.random(len(rows))
    rows = rows.sort_values(["month", "_no_location", "lsoa_name", "crime_type", "_tie"], ignore_index=True)
    return rows.drop(columns=["_no_location", "_tie"])


def _six_decimals(values: np.ndarray) -> np.ndarray:
    """Coordinates as text with 6 decimals, blank where missing."""
    out = np.full(len(values), "", dtype=object)
    valid = ~np.isnan(values)
    out[valid] = np.char.mod("%.6f", values[valid])
    return out


def _draw_outcomes(rows: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Last outcome: recent crimes mostly still under investigation, older ones resolved by type."""
    year = rows["month"].str.slice(0, 4).astype("int64").to_numpy()
    month = rows["month"].str.slice(5, 7).astype("int64").to_numpy()
    age = (MONTHS[-1].year - year) * 12 + MONTHS[-1].month - month
    open_chance = 0.02 + 0.7 * np.exp(-age / 2.0)
    outcome = np.full(len(rows), UNDER_INVESTIGATION, dtype=object)
    resolved = rng.random(len(rows)) >= open_chance
    types = rows["crime_type"].to_numpy()
    for crime_type, table in OUTCOMES.items():
        hit = resolved & (types == crime_type)
        names = np.array(list(table), dtype=object)
        weights = np.array(list(table.values()), dtype=float)
        outcome[hit] = names[rng.choice(len(names), int(hit.sum()), p=weights / weights.sum())]
    return outcome


def _make_asb(world: World, lsoas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Anti-social behaviour incidents: counts per district and month, placed in wards and LSOAs."""
    wards = weigh_wards(world)
    population = world.population.set_index(["district_name", "year"])["population"]
    calendar = MONTHS.month.to_numpy()
    rows = []
    for name in world.districts["district_name"]:
        rate, change = ASB_RATES[name]
        ward_rows = np.flatnonzero(wards["district_name"].eq(name).to_numpy())
        for year in range(4):
            inside = np.flatnonzero(YEAR_OF_MONTH == year)
            mid_year = 2014 + year
            level = rate * population.loc[(name, min(mid_year, 2016))] / 1000 * (1 + change) ** (year - 2)
            weights = ASB_SEASON[calendar[inside] - 1] * rng.lognormal(0, 0.06, len(inside))
            total = round(level * weights.sum() / ASB_SEASON.sum())
            per_month = allocate_counts(np.array([total]), weights[None, :], rng)[0]
            ward_weights = wards["asb"].to_numpy()[ward_rows] * rng.lognormal(0, 0.1, len(ward_rows))
            per_ward = allocate_counts(np.array([total]), ward_weights[None, :], rng)[0]
            ward = rng.permutation(np.repeat(wards["ward_code"].to_numpy()[ward_rows], per_ward))
            month = np.repeat(MONTHS[inside].strftime("%Y-%m").to_numpy(), per_month)
            rows.append(pd.DataFrame({"month": month, "ward_code": ward}))
    asb = pd.concat(rows, ignore_index=True)
    # LSOA within the ward, a few without a location
    ordered = lsoas.sort_values(["ward_code", "lsoa_code"], ignore_index=True)
    ward_codes = ordered["ward_code"].to_numpy()
    starts = np.flatnonzero(np.r_[True, ward_codes[1:] != ward_codes[:-1]])
    segment = pd.Index(ward_codes[starts]).get_indexer(asb["ward_code"])
    busy = pd.Series(rng.lognormal(0, 0.5, len(ordered)))  # some LSOAs draw more ASB than others
    running = (busy.groupby(ordered["ward_code"]).cumsum() / busy.groupby(ordered["ward_code"]).transform("sum"))
    running = running.to_numpy(dtype=float)
    lsoa = ordered["lsoa_code"].to_numpy()[choose_weighted(segment, starts, running, rng)]
    lsoa = np.where(rng.random(len(asb)) < NO_LOCATION_ASB, "", lsoa)
    return pd.DataFrame(
        {
            "month": asb["month"].to_numpy(),
            "lsoa_code": lsoa.astype(object),
            "crime_type": ASB,
            "crime_id": "",
            "outcome": "",
        }
    )
