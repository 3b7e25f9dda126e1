"""The demo admissions extract: its layout, and the plan's alcohol-specific admissions figures computed from it.

Expected values are the plan's (Partnership Plan 2017-18, "Alcohol and substance misuse"):
"a marked improvement in overall numbers, down from 93 to 66", "no ward had more than four
admissions per quarter" (2015/16) and under-18 admissions "less than five in 2015/16".
"""

import csv
from pathlib import Path

import pytest

from cspanalysis.demo import DEFAULT_SEED, admissions
from cspanalysis.demo.world import make_world
from cspanalysis.metrics import substance
from cspanalysis.periods import parse_period
from cspanalysis.sources.admissions import read_admissions_extract

FIGURES = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "figures.csv"
DISTRICT = "Tunbridge Wells"
FY, FY_BEFORE = parse_period("2015/16"), parse_period("2014/15")
#: every district of the Kent Police area: the extract covers them all, so a batch run reviews each
KENT_POLICE_AREA = ("Ashford", "Canterbury", "Dartford", "Dover", "Gravesham", "Maidstone", "Sevenoaks", "Shepway",
                    "Swale", "Thanet", "Tonbridge and Malling", "Tunbridge Wells", "Medway")

#: the plan's figures, written by hand: id -> value
PLAN = {
    "alcohol_specific_admissions": 66,
    "alcohol_specific_admissions_prev": 93,
    "alcohol_admissions_ward_quarter_max": 4,
    "alcohol_admissions_under18": "<5",
}


@pytest.fixture(scope="module")
def path(demo_world) -> Path:
    return demo_world / "admissions" / "ward-quarter-admissions.csv"


@pytest.fixture(scope="module")
def extract(path):
    return read_admissions_extract(path)


def test_the_extract_layout(path):
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" not in raw
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Financial Year", "Quarter", "Ward Code", "Ward Name", "District", "Condition", "Age Group",
                       "Admissions"]
    body = rows[1:]
    assert {r[0] for r in body} == {"2013/14", "2014/15", "2015/16"}
    assert {r[4] for r in body} == set(KENT_POLICE_AREA)
    assert all(r[7].isdigit() and int(r[7]) > 0 for r in body)  # rows with no admissions are left out
    key = [(r[0], r[1], r[2], r[5], r[6]) for r in body]
    assert key == sorted(key)


def test_the_wards_are_the_districts_wards_of_the_lookup(extract, demo_world):
    from cspanalysis.sources.ons_lookup import read_lsoa_lookup

    lookup = read_lsoa_lookup(demo_world / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv")
    wards = set(lookup.loc[lookup["district_name"] == DISTRICT, ["ward_code", "ward_name"]].itertuples(index=False, name=None))
    mine = extract[extract["district_name"] == DISTRICT]
    assert set(mine[["ward_code", "ward_name"]].itertuples(index=False, name=None)) <= wards


def test_every_districts_rows_are_in_its_own_wards(extract, demo_world):
    from cspanalysis.sources.ons_lookup import read_lsoa_lookup

    lookup = read_lsoa_lookup(demo_world / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv")
    own = set(lookup[["ward_code", "ward_name", "district_name"]].itertuples(index=False, name=None))
    assert set(extract[["ward_code", "ward_name", "district_name"]].itertuples(index=False, name=None)) <= own
    for district in KENT_POLICE_AREA:
        for year in (FY, FY_BEFORE):
            assert substance.count_admissions(extract, year, district).value > 0
            assert substance.count_admissions(extract, year, district, condition="Substance misuse").value > 0


def test_other_kent_districts_have_the_fingertips_counts(extract, demo_world):
    from cspanalysis.sources.fingertips import read_fingertips_export

    export = read_fingertips_export(demo_world / "fingertips" / "alcohol-specific-admissions.csv")
    for district in KENT_POLICE_AREA[:-1]:  # Medway is not in the Fingertips export
        row = export[(export["area_name"] == district) & (export["time_period"] == "2015/16")
                     & (export["indicator_id"] == 92906) & (export["sex"] == "Persons")]
        assert len(row) == 1, district
        assert substance.count_admissions(extract, FY, district).value == int(row["count"].iloc[0]), district


def test_alcohol_specific_admissions_fell_from_93_to_66(extract):
    assert substance.count_admissions(extract, FY, DISTRICT).value == PLAN["alcohol_specific_admissions"]
    assert substance.count_admissions(extract, FY_BEFORE, DISTRICT).value == PLAN["alcohol_specific_admissions_prev"]


def test_no_ward_had_more_than_four_in_a_quarter_of_2015_16_and_one_had_four(extract):
    assert substance.largest_ward_quarter_count(extract, FY, DISTRICT) == PLAN["alcohol_admissions_ward_quarter_max"]
    # the year before had busier ward-quarters: the "marked improvement"
    assert substance.largest_ward_quarter_count(extract, FY_BEFORE, DISTRICT) > 4


def test_under_18_admissions_were_fewer_than_five(extract):
    under_18 = substance.count_admissions(extract, FY, DISTRICT, age_group="Under 18")
    assert 1 <= under_18.value <= 4
    assert substance.show_small_count(under_18) == PLAN["alcohol_admissions_under18"]


def test_substance_misuse_admissions_fell_by_94_most_in_three_wards(extract):
    now = substance.count_admissions(extract, FY, DISTRICT, condition="Substance misuse").value
    before = substance.count_admissions(extract, FY_BEFORE, DISTRICT, condition="Substance misuse").value
    assert before - now == 94
    rows = substance.select_admissions(extract, FY, DISTRICT, "Substance misuse")
    top = rows.groupby("ward_name")["admissions"].sum().sort_values(ascending=False).index[:3]
    assert set(top) == {"Pantiles and St Mark's", "Sherwood", "Pembury"}


def test_the_plan_values_are_those_of_figures_csv():
    if not FIGURES.exists():
        pytest.skip(f"{FIGURES} not found: the shared seed folder must sit beside the repository")
    with FIGURES.open(encoding="utf-8", newline="") as handle:
        published = {row["id"]: row["value"] for row in csv.DictReader(handle) if row["id"] in PLAN}
    assert published == {key: str(value) for key, value in PLAN.items()}


def test_same_bytes_every_build(tmp_path, path):
    world = make_world(DEFAULT_SEED)
    written = admissions.build(tmp_path, world, DEFAULT_SEED)
    assert [p.relative_to(tmp_path) for p in written] == [admissions.RELATIVE_PATH]
    assert written[0].read_bytes() == path.read_bytes()


def test_spread_counts_hits_the_largest_cell_exactly():
    import numpy as np

    rng = np.random.default_rng(1)
    weights = np.array([5.0, 1.0, 1.0])
    counts = admissions.spread_counts(20, weights, 3, rng)
    assert counts.shape == (3, 4) and counts.sum() == 20 and counts.max() == 3
    with pytest.raises(ValueError, match="cannot have 2 as the largest of 12 cells"):
        admissions.spread_counts(30, weights, 2, rng)
