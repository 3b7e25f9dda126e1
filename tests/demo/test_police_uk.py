"""The demo police.uk archive: the published street-file format, and the same crimes as the extract."""

import hashlib

import pandas as pd
import pytest

from cspanalysis.demo import DEFAULT_SEED, police_uk
from cspanalysis.demo.world import make_world

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context"
)
MONTHS = [str(p) for p in pd.period_range("2013-10", "2016-12", freq="M")]
ASB = "Anti-social behaviour"
#: police.uk crime type of each Home Office group, or subgroup where the group splits
TYPE_OF_GROUP = {
    "Violence against the person": "Violence and sexual offences",
    "Sexual offences": "Violence and sexual offences",
    "Robbery": "Robbery",
    "Criminal damage and arson": "Criminal damage and arson",
    "Drug offences": "Drugs",
    "Possession of weapons offences": "Possession of weapons",
    "Public order offences": "Public order",
    "Miscellaneous crimes against society": "Other crime",
}
TYPE_OF_THEFT = {
    "Domestic burglary": "Burglary",
    "Non-domestic burglary": "Burglary",
    "Vehicle offences": "Vehicle crime",
    "Theft from the person": "Theft from the person",
    "Bicycle theft": "Bicycle theft",
    "Shoplifting": "Shoplifting",
    "All other theft offences": "Other theft",
}


def month_file(folder, month):
    return folder / "police_uk" / month / f"{month}-kent-street.csv"


@pytest.fixture(scope="module")
def street(demo_world) -> pd.DataFrame:
    frames = [pd.read_csv(month_file(demo_world, m), dtype=str, keep_default_na=False) for m in MONTHS]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def extract(demo_world) -> pd.DataFrame:
    path = demo_world / "police_crimes" / "crimes.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = raw.drop_duplicates().apply(lambda column: column.str.strip())
    recorded = pd.to_datetime(frame["Recorded Date"], format="%d/%m/%Y")
    frame["month"] = recorded.dt.strftime("%Y-%m")
    theft = frame["Offence Group"].eq("Theft offences")
    frame["crime_type"] = frame["Offence Group"].map(TYPE_OF_GROUP)
    frame.loc[theft, "crime_type"] = frame.loc[theft, "Offence Subgroup"].map(TYPE_OF_THEFT)
    return frame


def test_one_file_per_month_with_the_published_header(demo_world):
    folders = sorted(p.name for p in (demo_world / "police_uk").iterdir())
    assert folders == MONTHS
    for month in MONTHS:
        raw = month_file(demo_world, month).read_bytes()
        assert raw.startswith(HEADER.encode() + b"\n"), month
        assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")


def test_cells_look_like_police_uk(street):
    assert set(street["Reported by"]) == {"Kent Police"} and set(street["Falls within"]) == {"Kent Police"}
    assert set(street["Context"]) == {""}
    crimes, asb = street[street["Crime type"].ne(ASB)], street[street["Crime type"].eq(ASB)]
    assert crimes["Crime ID"].str.fullmatch(r"[0-9a-f]{64}").all() and crimes["Crime ID"].is_unique
    assert asb["Crime ID"].eq("").all() and asb["Last outcome category"].eq("").all()
    assert crimes["Last outcome category"].ne("").all()
    assert set(street["Crime type"]) == set(TYPE_OF_GROUP.values()) | set(TYPE_OF_THEFT.values()) | {ASB}
    located = street["Location"].ne("No Location")
    assert street.loc[located, "Location"].str.startswith("On or near ").all()
    for column in ("Longitude", "Latitude"):
        assert street.loc[located, column].str.fullmatch(r"-?\d+\.\d{6}").all()
        assert street.loc[~located, column].eq("").all()
    assert street.loc[~located, ["LSOA code", "LSOA name"]].eq("").all(axis=None)
    assert street.loc[located, "LSOA code"].str.fullmatch(r"E01\d{6}").all()
    assert 0 < (~located).sum() < 0.01 * len(street)
    longitude = street.loc[located, "Longitude"].astype(float)
    latitude = street.loc[located, "Latitude"].astype(float)
    assert longitude.between(-0.2, 1.6).all() and latitude.between(50.8, 51.7).all()  # Kent


def test_outcomes_are_plausible(street):
    crimes = street[street["Crime type"].ne(ASB)]
    recent = crimes[crimes["Month"].eq("2016-12")]["Last outcome category"]
    old = crimes[crimes["Month"].eq("2014-12")]["Last outcome category"]
    assert (recent == "Under investigation").mean() > 0.5
    assert (old == "Under investigation").mean() < 0.1
    drugs = crimes[crimes["Crime type"].eq("Drugs")]["Last outcome category"]
    assert (drugs == "Offender given a drugs possession warning").any()


def test_the_crimes_are_those_of_the_extract(street, extract):
    crimes = street[street["Crime type"].ne(ASB)]
    published = crimes.groupby(["Month", "Crime type"]).size()
    recorded = extract.groupby(["month", "crime_type"]).size()
    assert published.to_dict() == recorded.rename_axis(["Month", "Crime type"]).to_dict()
    # crimes without an LSOA in the extract are published without a location
    assert (crimes["Location"] == "No Location").sum() == (extract["LSOA Code"] == "").sum()
    tw_published = crimes[crimes["LSOA name"].str.startswith("Tunbridge Wells ")].groupby("Month").size()
    located_in_tw = extract["District"].eq("Tunbridge Wells") & extract["LSOA Code"].ne("")
    tw_recorded = extract[located_in_tw].groupby("month").size()
    assert tw_published.to_dict() == tw_recorded.to_dict()


def test_anti_social_behaviour_volumes_and_seasons(street):
    asb = street[street["Crime type"].eq(ASB)]
    year = asb[asb["Month"].between("2015-10", "2016-09")]
    assert 50_000 <= len(year) <= 60_000  # Kent Police area
    tunbridge_wells = year[year["LSOA name"].str.startswith("Tunbridge Wells ")]
    assert 2_200 <= len(tunbridge_wells) <= 2_800
    months = asb.groupby("Month").size()
    assert months[["2015-07", "2015-08"]].mean() > months[["2016-01", "2016-02"]].mean()
    by_lsoa = tunbridge_wells.groupby("LSOA name").size()
    assert by_lsoa.max() > 3 * by_lsoa.median()  # some places much busier


def test_same_bytes_every_build(demo_world, tmp_path):
    written = police_uk.build(tmp_path, make_world(DEFAULT_SEED), DEFAULT_SEED)
    assert len(written) == len(MONTHS)
    for path in written:
        twin = demo_world / path.relative_to(tmp_path)
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(twin.read_bytes()).digest()
