"""The demo world's shared facts, its sampling helpers, and the geography and population files."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from cspanalysis.demo import DEFAULT_SEED, geography, population
from cspanalysis.demo.world import allocate_counts, choose_in_groups, format_hex, make_world, random_hex

ROOT = Path(__file__).resolve().parents[2]

KENT_DISTRICTS = {
    "E07000105": "Ashford", "E07000106": "Canterbury", "E07000107": "Dartford", "E07000108": "Dover",
    "E07000109": "Gravesham", "E07000110": "Maidstone", "E07000111": "Sevenoaks", "E07000112": "Shepway",
    "E07000113": "Swale", "E07000114": "Thanet", "E07000115": "Tonbridge and Malling",
    "E07000116": "Tunbridge Wells",
}
TUNBRIDGE_WELLS_WARDS = {
    "Benenden and Cranbrook", "Brenchley and Horsmonden", "Broadwater", "Capel", "Culverden",
    "Frittenden and Sissinghurst", "Goudhurst and Lamberhurst", "Hawkhurst and Sandhurst", "Paddock Wood East",
    "Paddock Wood West", "Pantiles and St Mark's", "Park", "Pembury", "Rusthall", "St James'", "St John's",
    "Sherwood", "Southborough and High Brooms", "Southborough North", "Speldhurst and Bidborough",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the World -----------------------------------------------------------------------------


def test_districts_are_the_12_kent_districts_then_medway():
    districts = make_world(1).districts
    assert list(districts.columns) == ["district_code", "district_name", "kent_county"]
    assert list(districts["district_code"][:12]) == sorted(KENT_DISTRICTS)
    assert dict(zip(districts["district_code"][:12], districts["district_name"][:12])) == KENT_DISTRICTS
    assert districts["kent_county"][:12].all()
    assert districts.iloc[12].tolist() == ["E06000035", "Medway", False]


def test_lookup_has_one_row_per_lsoa_with_text_columns():
    lookup = make_world(1).lookup
    columns = ["lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_code", "district_name"]
    assert list(lookup.columns) == columns
    assert all(pd.api.types.is_string_dtype(lookup[c]) for c in lookup.columns)
    assert lookup["lsoa_code"].is_unique
    assert set(lookup["district_name"]) == set(KENT_DISTRICTS.values()) | {"Medway"}
    assert lookup["lsoa_code"].str.fullmatch(r"E01\d{6}").all()
    assert (lookup["lsoa_name"].str.rsplit(" ", n=1).str[0] == lookup["district_name"]).all()
    wards = lookup.groupby("district_name")["ward_code"].nunique()
    assert wards.between(13, 40).all()  # Shepway has 13 wards, Ashford 35


def test_tunbridge_wells_has_its_20_wards_and_frittenden_is_one_lsoa():
    lookup = make_world(1).lookup
    tw = lookup[lookup["district_name"].eq("Tunbridge Wells")]
    assert set(tw["ward_name"]) == TUNBRIDGE_WELLS_WARDS
    assert len(tw) == 68
    frittenden = tw[tw["ward_name"].eq("Frittenden and Sissinghurst")]
    assert frittenden[["lsoa_code", "lsoa_name", "ward_code"]].values.tolist() == [
        ["E01024803", "Tunbridge Wells 013E", "E05005135"]
    ]


def test_lookup_is_the_real_ons_lookup_of_the_kent_police_area(real_data):
    real = pd.read_csv(real_data / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv", dtype=str, encoding="utf-8-sig")
    codes = set(KENT_DISTRICTS) | {"E06000035"}
    real = real[real["LAD16CD"].isin(codes)]
    expected = set(real[["LSOA11CD", "LSOA11NM", "WD16CD", "WD16NM", "LAD16CD", "LAD16NM"]].itertuples(index=False))
    lookup = make_world(1).lookup
    assert set(lookup.itertuples(index=False)) == expected


def test_population_covers_2004_to_2017_and_fits_the_published_rates():
    pop = make_world(1).population
    assert list(pop.columns) == ["district_code", "district_name", "year", "population"]
    assert sorted(pop["year"].unique()) == list(range(2004, 2018))
    assert len(pop) == 13 * 14
    by = pop.set_index(["district_name", "year"])["population"]
    assert round(1696 / by[("Tunbridge Wells", 2016)] * 1000, 1) == 14.6  # violent_crime_rate_per_1000
    assert 110_000 < by[("Tunbridge Wells", 2016)] < 120_000
    kent = pop[pop["year"].eq(2016) & pop["district_name"].ne("Medway")]["population"].sum()
    assert 1_450_000 < kent < 1_600_000
    assert 260_000 < by[("Medway", 2016)] < 290_000


def test_random_streams_are_fixed_per_seed_and_part_and_independent():
    first, again, other = make_world(7), make_world(7), make_world(8)
    draws = first.rng("crimes").random(5)
    assert np.array_equal(draws, again.rng("crimes").random(5))
    assert not np.array_equal(draws, first.rng("police_uk").random(5))
    assert not np.array_equal(draws, other.rng("crimes").random(5))


def test_random_streams_do_not_depend_on_python_string_hashing():
    code = "from cspanalysis.demo.world import make_world; print(make_world(7).rng('crimes').integers(0, 10**9))"
    outputs = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                             check=True)
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1


# --- sampling helpers --------------------------------------------------------------------------


def test_allocate_counts_splits_exactly_and_near_the_expected_share():
    rng = np.random.default_rng(0)
    assert allocate_counts(np.array([10]), np.array([[1.0, 1.0]]), rng).tolist() == [[5, 5]]
    assert allocate_counts(np.array([3]), np.array([[0.0, 1.0, 0.0, 2.0, 0.0]]), rng).tolist() == [[0, 1, 0, 2, 0]]
    split = allocate_counts(np.array([7, 0]), np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]), rng)
    assert split.sum(axis=1).tolist() == [7, 0]
    assert set(split[0].tolist()) <= {2, 3}  # 7/3 = 2.33 each: floor or ceiling


def test_choose_in_groups_picks_exactly_the_wanted_number_per_group():
    groups = np.array([0, 0, 0, 1, 1, -1, 2])
    picked = choose_in_groups(groups, np.array([2, 5, 0]), np.random.default_rng(0))
    assert picked[:3].sum() == 2
    assert picked[3:5].all()  # fewer than wanted: all of them
    assert not picked[5] and not picked[6]


def test_hexadecimal_helpers():
    assert format_hex(np.array([255, 0]), 4).tolist() == ["00FF", "0000"]
    ids = random_hex(np.random.default_rng(0), 3, 64)
    assert all(re.fullmatch(r"[0-9a-f]{64}", i) for i in ids)


def test_only_demo_modules_import_the_targets():
    users = []
    for path in (ROOT / "cspanalysis").rglob("*.py"):
        if "demo" in path.relative_to(ROOT / "cspanalysis").parts:
            continue
        text = path.read_text()
        if re.search(r"demo\.targets|from cspanalysis\.demo import[^\n]*\btargets\b", text):
            users.append(path)
    assert users == []


# --- the geography and population files --------------------------------------------------------


def test_geography_file_is_in_the_ons_format(demo_world):
    path = demo_world / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM,FID\n")
    assert b"\r" not in raw
    table = pd.read_csv(path, dtype=str)
    assert len(table) == 1065
    assert table["FID"].tolist() == [str(i) for i in range(1, 1066)]
    tw = table[table["LAD16NM"].eq("Tunbridge Wells")]
    assert tw["WD16NM"].nunique() == 20 and (tw["LAD16CD"] == "E07000116").all()


def test_population_files_are_in_the_mye2_shape(demo_world):
    for year in range(2011, 2018):
        path = demo_world / "population" / f"MYE2-mid-{year}.csv"
        assert path.read_bytes().startswith(b"Code,Name,Geography,All ages\n")
        table = pd.read_csv(path, dtype={"Code": str, "Name": str, "Geography": str})
        assert len(table) == 14
        geography_of = dict(zip(table["Name"], table["Geography"]))
        assert geography_of["Kent"] == "County" and geography_of["Medway"] == "Unitary Authority"
        assert geography_of["Tunbridge Wells"] == "Non-metropolitan District"
        districts = table[table["Geography"].eq("Non-metropolitan District")]
        assert set(districts["Code"]) == set(KENT_DISTRICTS)
        assert table.loc[table["Code"].eq("E10000016"), "All ages"].item() == districts["All ages"].sum()
    mid_2016 = pd.read_csv(demo_world / "population" / "MYE2-mid-2016.csv")
    assert mid_2016.set_index("Name").loc["Tunbridge Wells", "All ages"] == 116_200


def test_geography_and_population_are_the_same_bytes_every_build(demo_world, tmp_path):
    world = make_world(DEFAULT_SEED)
    written = geography.build(tmp_path, world, DEFAULT_SEED) + population.build(tmp_path, world, DEFAULT_SEED)
    assert len(written) == 8
    for path in written:
        assert sha256(path) == sha256(demo_world / path.relative_to(tmp_path))
