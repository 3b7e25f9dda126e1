"""The demo DA incidents extract: real format, and the Partnership Plan's DA figures computed from it.

Expected values are the plan's, as listed in ``seed/figures.csv`` (section
``domestic_abuse``); they are computed here with the project's own reader and measures.
"""

from __future__ import annotations

import zlib
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cspanalysis.demo.domestic_abuse import RELATIVE_PATH, build
from cspanalysis.metrics.domestic_abuse import (
    average_repeat_rate,
    count_incidents,
    count_incidents_by_window,
    count_repeat_victims,
    flag_repeat_incidents,
    measure_repeat_crime_share,
    measure_repeat_rate,
)
from cspanalysis.sources.domestic_abuse import read_da_incidents

TW = "Tunbridge Wells"
CRIME_YEARS = [("2013-10-01", "2014-09-30"), ("2014-10-01", "2015-09-30"), ("2015-10-01", "2016-09-30")]
YEAR = CRIME_YEARS[-1]
APR_NOV_2015 = ("2015-04-01", "2015-11-30")
APR_NOV_2016 = ("2016-04-01", "2016-11-30")

DISTRICTS = {
    "E07000105": "Ashford", "E07000106": "Canterbury", "E07000107": "Dartford", "E07000108": "Dover",
    "E07000109": "Gravesham", "E07000110": "Maidstone", "E07000111": "Sevenoaks", "E07000112": "Shepway",
    "E07000113": "Swale", "E07000114": "Thanet", "E07000115": "Tonbridge and Malling",
    "E07000116": "Tunbridge Wells", "E06000035": "Medway",
}


def stand_in_world(seed: int = 20170301):
    """A small world with the 13 areas of Kent Police, for when the demo world is not written."""
    rows = []
    for code, name in DISTRICTS.items():
        for ward in range(8):
            for area in range(4):
                number = len(rows) + 1
                rows.append((f"E01{number:06d}", f"{name} {number:03d}", f"E05{number // 4:06d}", f"{name} ward {ward}", code, name))
    lookup = pd.DataFrame(rows, columns=["lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_code", "district_name"])
    districts = pd.DataFrame({
        "district_code": list(DISTRICTS),
        "district_name": list(DISTRICTS.values()),
        "kent_county": [code != "E06000035" for code in DISTRICTS],
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
def extract_path(request, tmp_path_factory):
    """The generated extract: from the session's demo world when conftest builds one, else built here."""
    try:
        folder = request.getfixturevalue("demo_world")
    except pytest.FixtureLookupError:
        from cspanalysis.demo import DEFAULT_SEED

        folder = tmp_path_factory.mktemp("demo")
        build(folder, demo_world_or_stand_in(DEFAULT_SEED), DEFAULT_SEED)
    return folder / RELATIVE_PATH


@pytest.fixture(scope="module")
def incidents(extract_path):
    frame = read_da_incidents(extract_path)
    frame["is_repeat"] = flag_repeat_incidents(frame)
    return frame


def test_the_file_is_a_real_looking_extract(extract_path, incidents):
    raw = extract_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfIncident Reference,Recorded Date,District,Ward,LSOA Code,")
    assert b"\r\n" not in raw
    assert incidents.attrs["duplicate_rows_dropped"] > 0
    assert incidents["lsoa_code"].isna().any()
    assert incidents["risk_grade"].isna().any()
    assert incidents["district_name"].nunique() == 13
    assert incidents["recorded_date"].min() >= pd.Timestamp("2012-10-01")
    assert incidents["recorded_date"].min() < pd.Timestamp("2012-10-08")
    assert incidents["recorded_date"].max() <= pd.Timestamp("2016-12-31")
    assert incidents["recorded_date"].max() > pd.Timestamp("2016-12-24")


def test_force_volumes_and_crime_share_are_realistic(incidents):
    for start, end in CRIME_YEARS:
        year = incidents[incidents["recorded_date"].between(start, end)]
        assert 24_000 <= len(year) <= 31_000
        assert 0.45 <= year["is_crime"].mean() <= 0.55


def test_victims_return_across_the_force(incidents):
    per_victim = incidents.groupby("victim_reference").size()
    assert (per_victim >= 2).mean() > 0.2
    districts_per_victim = incidents.groupby("victim_reference")["district_name"].nunique()
    assert (districts_per_victim >= 2).any()


def test_tunbridge_wells_incidents_and_their_rise(incidents):
    table = count_incidents_by_window(incidents, TW, CRIME_YEARS)
    assert table["incidents"].iloc[-1] == 1403  # da_incidents
    assert round(table["change_pct"].iloc[-1]) == 6  # da_incidents_change_pct
    assert round(table["change_pct"].iloc[-2]) == 17  # da_incidents_prev_change_pct


def test_every_district_rises_in_the_last_year(incidents):
    for district in incidents["district_name"].unique():
        assert count_incidents(incidents, district, YEAR) > count_incidents(incidents, district, CRIME_YEARS[1]), district


def test_tunbridge_wells_repeat_victims_and_repeat_crimes(incidents):
    assert count_repeat_victims(incidents, TW, YEAR) == 589  # da_repeat_victims
    assert round(measure_repeat_crime_share(incidents, TW, YEAR)) == 42  # da_repeat_crime_share_pct


def test_repeat_rates_april_to_november_against_the_kent_average(incidents):
    kent = sorted(set(incidents["district_name"]) - {"Medway"})
    assert len(kent) == 12
    assert round(measure_repeat_rate(incidents, TW, APR_NOV_2015)) == 37  # da_repeat_rate_apr_nov_2015
    assert round(measure_repeat_rate(incidents, TW, APR_NOV_2016)) == 41  # da_repeat_rate_apr_nov_2016
    assert round(average_repeat_rate(incidents, APR_NOV_2015, kent)) == 38  # da_repeat_rate_kent_avg_apr_nov_2015
    assert round(average_repeat_rate(incidents, APR_NOV_2016, kent)) == 38  # da_repeat_rate_kent_avg_apr_nov_2016


def test_repeat_flags_are_the_force_wide_computation(incidents):
    # the file carries no flags: recomputing them from the records alone gives the same repeats
    reread = incidents.drop(columns="is_repeat")
    assert count_repeat_victims(reread, TW, YEAR) == 589


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first = build(tmp_path / "a", stand_in_world(7), 7)[0].read_bytes()
    second = build(tmp_path / "b", stand_in_world(7), 7)[0].read_bytes()
    assert first == second
