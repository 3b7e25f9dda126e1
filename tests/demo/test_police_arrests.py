"""The demo police arrests extract: its format, its mess, and its calibration to the published figures.

Expected values are the plan's, as listed in ``seed/figures.csv`` (ids in the comments).
They are counted twice: with plain pandas from the written file (duplicate rows dropped,
cells stripped, categories compared without case) and with the project's reader and
measures.  Crime years run October to September; arrests count by ``Arrest Date``.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from cspanalysis.demo import DEFAULT_SEED
from cspanalysis.demo.police_arrests import RELATIVE_PATH, build
from cspanalysis.demo.world import make_world
from cspanalysis.metrics.violence import count_arrests
from cspanalysis.periods import parse_period
from cspanalysis.sources.police_arrests import ARREST_CATEGORIES, read_arrests

TW = "Tunbridge Wells"
TOWN_CENTRE = ["Park", "Pantiles and St Mark's", "St James'", "Culverden"]  # the review config's town-centre wards
YEAR = parse_period("2015-10..2016-09")
PREVIOUS = parse_period("2014-10..2015-09")
HEADER = "Arrest Reference,Arrest Date,Incident Reference,Offence,Offence Category,Ward,District"


@pytest.fixture(scope="module")
def path(demo_world):
    return demo_world / RELATIVE_PATH


@pytest.fixture(scope="module")
def raw(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def plain(raw) -> pd.DataFrame:
    """Distinct arrests counted with plain pandas: cells stripped, categories in one case, dates parsed."""
    frame = raw.apply(lambda column: column.str.strip())
    frame["Offence Category"] = frame["Offence Category"].str.casefold()
    frame = frame.drop_duplicates()
    frame["date"] = pd.to_datetime(frame["Arrest Date"], format="%d/%m/%Y")
    return frame


def drunk(plain, start, end, wards=None):
    rows = plain[(plain["Offence Category"] == "drunkenness") & (plain["District"] == TW)
                 & (plain["date"] >= start) & (plain["date"] <= end)]
    return rows if wards is None else rows[rows["Ward"].isin(wards)]


def test_the_file_is_in_the_readers_format_with_a_bom(path):
    head = path.read_bytes()[:200]
    assert head.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\n")
    assert b"\r\n" not in path.read_bytes()[:100_000]


def test_covers_the_force_area_october_2013_to_december_2016(plain, demo_world):
    assert plain["date"].min() == pd.Timestamp("2013-10-01")
    assert plain["date"].max() == pd.Timestamp("2016-12-31")
    lookup = pd.read_csv(demo_world / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv", dtype=str, encoding="utf-8-sig")
    assert set(plain["District"]) == set(lookup["LAD16NM"])  # 12 Kent districts and Medway
    named = plain[plain["Ward"] != ""]
    known = set(zip(lookup["LAD16NM"], lookup["WD16NM"]))
    assert set(zip(named["District"], named["Ward"])) <= known


def test_every_category_and_a_plausible_volume(plain):
    assert set(plain["Offence Category"]) == {c.casefold() for c in ARREST_CATEGORIES}
    per_year = plain[(plain["date"] >= YEAR.start) & (plain["date"] <= YEAR.end)]
    assert 20_000 <= len(per_year) <= 32_000  # about 14 arrests per 1,000 residents of the force area
    drunkenness = plain[plain["Offence Category"] == "drunkenness"]
    assert set(drunkenness["Offence"]) >= {"Drunk and disorderly", "Drunk and incapable", "Drunk in charge of a child"}


def test_the_mess_of_a_real_export(raw):
    assert raw.duplicated().sum() > 0  # whole rows repeated
    assert (raw["Ward"].str.strip() == "").sum() > 0  # arrests without a ward
    assert (raw["District"] != raw["District"].str.strip()).sum() > 0  # stray spaces
    odd_case = raw["Offence Category"].str.strip().map(lambda c: c not in ARREST_CATEGORIES)
    assert odd_case.sum() > 0
    blank = raw[raw["Ward"].str.strip() == ""]
    assert not blank["Offence Category"].str.casefold().eq("drunkenness").any()  # never a drunkenness arrest


def test_drunkenness_arrests_as_published(plain):
    assert len(drunk(plain, YEAR.start, YEAR.end)) == 56  # drunk_arrests
    assert len(drunk(plain, PREVIOUS.start, PREVIOUS.end)) == 119  # drunk_arrests_prev
    centre = drunk(plain, YEAR.start, YEAR.end, TOWN_CENTRE)
    centre_before = drunk(plain, PREVIOUS.start, PREVIOUS.end, TOWN_CENTRE)
    assert len(centre) == 44  # drunk_arrests_town_centre
    assert len(centre_before) == 103  # drunk_arrests_town_centre_prev
    assert centre["Incident Reference"].nunique() == 25  # drunk_incidents_town_centre
    assert centre_before["Incident Reference"].nunique() == 55  # drunk_incidents_town_centre_prev


def test_the_reader_and_the_measures_give_the_published_figures(path):
    arrests = read_arrests(path)
    assert arrests.attrs["duplicate_rows_dropped"] > 0
    assert count_arrests(arrests, TW, YEAR)["arrests"] == 56
    assert count_arrests(arrests, TW, PREVIOUS)["arrests"] == 119
    assert count_arrests(arrests, TW, YEAR, TOWN_CENTRE) == {"arrests": 44, "incidents": 25}
    assert count_arrests(arrests, TW, PREVIOUS, TOWN_CENTRE) == {"arrests": 103, "incidents": 55}


def test_some_incidents_led_to_several_arrests_of_different_kinds(plain):
    sizes = plain.groupby("Incident Reference").size()
    assert (sizes > 1).mean() > 0.03
    kinds = plain.groupby("Incident Reference")["Offence Category"].nunique()
    assert (kinds > 1).sum() > 0  # a drunkenness arrest and, say, an assault at one incident


def test_references_are_unique_and_well_formed(plain):
    assert plain["Arrest Reference"].is_unique
    assert plain["Arrest Reference"].str.fullmatch(r"46/AR/\d{6}/\d{2}").all()
    assert plain["Incident Reference"].str.fullmatch(r"46-\d{8}-\d{4}").all()
    # an arrest is on the day of its incident or the day after
    raised = pd.to_datetime(plain["Incident Reference"].str.slice(3, 11), format="%Y%m%d")
    assert ((plain["date"] - raised).dt.days.isin([0, 1])).all()


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    world = make_world(DEFAULT_SEED)
    first = build(tmp_path / "a", world, DEFAULT_SEED)[0].read_bytes()
    second = build(tmp_path / "b", world, DEFAULT_SEED)[0].read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
