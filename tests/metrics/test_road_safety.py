"""Tests for cspanalysis.metrics.road_safety: definitions checked on small hand-made casualty tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics.road_safety import (
    ROAD_USERS,
    UNKNOWN_WARD,
    average_baseline,
    change_year_on_year,
    count_adjusted_serious,
    count_casualties_by_district,
    count_casualties_by_road_user,
    count_casualties_by_ward,
    count_casualties_by_year,
    count_kent_casualties_by_year,
    find_district_codes,
    is_child,
    is_ksi,
    relate_to_baseline,
    select_districts,
)
from cspanalysis.sources.stats19 import read_stats19

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stats19"

TW, SEVENOAKS, MEDWAY = ("E07000116", 543), ("E07000111", 538), ("E06000035", 544)
NA = None


def casualties(rows) -> pd.DataFrame:
    """Canonical casualty rows: (year, district, severity, age, age band, casualty type, LSOA)."""
    frame = pd.DataFrame(
        [
            {
                "year": year,
                "district_code": district[0],
                "district_number": district[1],
                "casualty_severity": severity,
                "age": age,
                "age_band": band,
                "casualty_type": kind,
                "lsoa_code": lsoa,
            }
            for year, district, severity, age, band, kind, lsoa in rows
        ]
    )
    for column in ("district_number", "casualty_severity", "age", "age_band", "casualty_type"):
        frame[column] = frame[column].astype("Int64")
    frame["district_code"] = frame["district_code"].astype("str")
    frame["lsoa_code"] = frame["lsoa_code"].astype("str")
    return frame


# Tunbridge Wells: 2014 has 4 casualties, 2015 has 3; Sevenoaks and Medway one each in 2015
SAMPLE = casualties(
    [
        (2014, TW, 1, 40, 7, 9, "E01024802"),  # fatal adult car occupant
        (2014, TW, 2, 12, 3, 0, "E01024802"),  # serious child pedestrian
        (2014, TW, 3, NA, 2, 1, "E01024796"),  # slight child cyclist, age missing, band 6-10
        (2014, TW, 3, 16, 4, 9, NA),  # slight, 16 is not a child
        (2015, TW, 3, 15, 3, 9, "E01024796"),  # slight child (15 is)
        (2015, TW, 2, 70, 10, 5, "E01099999"),  # serious motorcyclist, LSOA not in the lookup
        (2015, TW, 3, NA, NA, NA, "E01024802"),  # slight, age and type unknown
        (2015, SEVENOAKS, 3, 30, 6, 9, "E01024460"),
        (2015, MEDWAY, 3, 30, 6, 9, "E01016176"),
    ]
)
LOOKUP = pd.DataFrame(
    {
        "lsoa_code": ["E01024802", "E01024796", "E01024460"],
        "ward_name": ["Culverden", "Broadwater", "Sevenoaks Eastern"],
    }
)


def test_ksi_is_fatal_or_serious():
    assert is_ksi(SAMPLE).tolist() == [True, True, False, False, False, True, False, False, False]


def test_child_is_aged_0_to_15_or_in_a_child_band_when_the_age_is_missing():
    assert is_child(SAMPLE).tolist() == [False, True, True, False, True, False, False, False, False]


def test_age_wins_over_band_and_zero_is_a_child():
    frame = casualties([(2015, TW, 3, 0, 1, 9, NA), (2015, TW, 3, 20, 3, 9, NA), (2015, TW, 3, NA, 4, 9, NA)])
    assert is_child(frame).tolist() == [True, False, False]


def test_district_matches_by_ons_code_or_dft_number():
    by_code = select_districts(SAMPLE, "E07000116")
    by_number = select_districts(SAMPLE, 543)
    by_text = select_districts(SAMPLE, "543")
    assert len(by_code) == len(by_number) == len(by_text) == 7
    assert len(select_districts(SAMPLE, ["E07000116", 538])) == 8


def test_district_matches_by_number_when_a_file_gave_only_the_number():
    frame = casualties([(2015, (NA, 531), 3, 30, 6, 9, NA)])
    assert len(select_districts(frame, 531)) == 1
    assert len(select_districts(frame, "E07000106")) == 0


def test_a_district_that_is_neither_code_nor_number_is_a_config_error():
    with pytest.raises(ConfigError, match=r"district 'Tunbridge Wells' is neither an ONS district code"):
        select_districts(SAMPLE, "Tunbridge Wells")


def test_count_casualties_by_year_by_severity_and_for_children():
    counts = count_casualties_by_year(SAMPLE, 543)
    assert counts.loc[2014].to_dict() == {
        "total": 4, "fatal": 1, "serious": 1, "slight": 2, "ksi": 2,
        "child_total": 2, "child_ksi": 1, "child_slight": 1,
    }
    assert counts.loc[2015].to_dict() == {
        "total": 3, "fatal": 0, "serious": 1, "slight": 2, "ksi": 1,
        "child_total": 1, "child_ksi": 0, "child_slight": 1,
    }


def test_a_year_without_casualties_in_the_district_shows_zeros():
    counts = count_casualties_by_year(SAMPLE, "E07000111")
    assert list(counts.index) == [2014, 2015]
    assert counts.loc[2014, "total"] == 0 and counts.loc[2015, "total"] == 1


def test_kent_counts_take_the_12_county_districts_without_medway():
    counts = count_kent_casualties_by_year(SAMPLE)
    assert counts["total"].to_dict() == {2014: 4, 2015: 4}  # Tunbridge Wells 3 + Sevenoaks 1 in 2015


def test_change_year_on_year_from_the_plan():
    change = change_year_on_year(pd.Series({2013: 441, 2014: 482, 2015: 423}))
    assert change.loc[2015, "previous"] == 482
    assert change.loc[2015, "change"] == -59
    assert round(change.loc[2015, "change_pct"]) == -12  # 59 fewer of 482: 12.2%
    assert change.loc[2014, "change"] == 41
    assert pd.isna(change.loc[2013, "previous"]) and pd.isna(change.loc[2013, "change_pct"])


def test_change_needs_the_previous_calendar_year_and_a_nonzero_count():
    change = change_year_on_year(pd.Series({2010: 0, 2011: 5, 2013: 7}))
    assert pd.isna(change.loc[2011, "change_pct"]) and change.loc[2011, "change"] == 5
    assert pd.isna(change.loc[2013, "previous"])


def test_average_baseline_is_the_mean_yearly_count():
    counts = pd.DataFrame({"total": [470, 455, 462, 448, 440, 423], "child_ksi": [3, 4, 2, 3, 3, 3]},
                          index=pd.Index([2004, 2005, 2006, 2007, 2008, 2015], name="year"))
    baseline = average_baseline(counts)
    assert baseline["total"] == 455.0  # (470 + 455 + 462 + 448 + 440) / 5
    assert baseline["child_ksi"] == 3.0


def test_baseline_with_a_year_not_covered_is_a_config_error():
    counts = pd.DataFrame({"total": [470, 455]}, index=[2007, 2008])
    with pytest.raises(ConfigError, match=r"the baseline 2004-2008 needs every year, but the STATS19 data do not "
                                          r"cover 2004, 2005, 2006"):
        average_baseline(counts)


def test_baseline_running_backwards_is_a_config_error():
    with pytest.raises(ConfigError, match=r"its first year is after its last"):
        average_baseline(pd.DataFrame({"total": [1]}, index=[2008]), 2008, 2004)


def test_casualties_by_road_user():
    counts = count_casualties_by_road_user(SAMPLE, "E07000116", 2014)
    assert list(counts.index) == list(ROAD_USERS)
    assert counts.loc["Car occupant"].to_dict() == {"total": 2, "ksi": 1, "slight": 1}
    assert counts.loc["Pedestrian"].to_dict() == {"total": 1, "ksi": 1, "slight": 0}
    assert counts.loc["Pedal cyclist", "total"] == 1
    assert counts["total"].sum() == 4


def test_casualty_of_unknown_type_is_an_other_road_user():
    counts = count_casualties_by_road_user(SAMPLE, 543, 2015)
    assert counts.loc["Other road user", "total"] == 1
    assert counts.loc["Motorcyclist"].to_dict() == {"total": 1, "ksi": 1, "slight": 0}


def test_casualties_by_ward_of_the_collision():
    counts = count_casualties_by_ward(SAMPLE, LOOKUP, 543, 2014)
    assert list(counts.index) == ["Culverden", "Broadwater", UNKNOWN_WARD]
    assert counts.loc["Culverden"].to_dict() == {"total": 2, "ksi": 2, "slight": 0, "child_total": 1}
    assert counts.loc["Broadwater"].to_dict() == {"total": 1, "ksi": 0, "slight": 1, "child_total": 1}
    assert counts.loc[UNKNOWN_WARD, "total"] == 1  # no LSOA recorded


def test_ward_table_puts_lsoas_outside_the_lookup_last_and_ties_by_name():
    counts = count_casualties_by_ward(SAMPLE, LOOKUP, 543, 2015)
    assert list(counts.index) == ["Broadwater", "Culverden", UNKNOWN_WARD]
    assert counts.loc[UNKNOWN_WARD].to_dict() == {"total": 1, "ksi": 1, "slight": 0, "child_total": 0}


def test_ward_lookup_without_its_columns_is_a_config_error():
    with pytest.raises(ConfigError, match=r"the LSOA lookup has no column ward_name"):
        count_casualties_by_ward(SAMPLE, LOOKUP.rename(columns={"ward_name": "ward"}), 543, 2015)


def test_ward_lookup_with_an_lsoa_twice_is_a_config_error():
    doubled = pd.concat([LOOKUP, LOOKUP.iloc[:1]])
    with pytest.raises(ConfigError, match=r"lists an LSOA more than once"):
        count_casualties_by_ward(SAMPLE, doubled, 543, 2015)


def test_measures_on_the_real_format_fixtures_of_both_newer_generations():
    data = read_stats19(FIXTURES)
    by_number = count_casualties_by_year(data.casualties, 543)
    by_code = count_casualties_by_year(data.casualties, "E07000116")
    pd.testing.assert_frame_equal(by_number, by_code)
    # 2021: a serious driver, a slight passenger aged 9, a slight cyclist, a slight pedestrian of age band 6-10
    assert by_code.loc[2021].to_dict() == {
        "total": 4, "fatal": 0, "serious": 1, "slight": 3, "ksi": 1,
        "child_total": 2, "child_ksi": 0, "child_slight": 2,
    }
    # 2024: a slight driver and a seriously injured passenger aged 15
    assert by_code.loc[2024, ["total", "ksi", "child_ksi"]].tolist() == [2, 1, 1]
    # Kent County: Tunbridge Wells and the fatal Sevenoaks collision; Medway's casualty is not counted
    assert count_kent_casualties_by_year(data.casualties)["total"].to_dict() == {2021: 5, 2024: 2}


# --- districts by name, districts side by side, the baseline relation, CRASH adjustment ---------

DISTRICT_LOOKUP = pd.DataFrame(
    {
        "lsoa_code": ["E01024802", "E01024796", "E01024460", "E01016176"],
        "district_code": ["E07000116", "E07000116", "E07000111", "E06000035"],
        "district_name": ["Tunbridge Wells", "Tunbridge Wells", "Sevenoaks", "Medway"],
    }
)


def test_district_names_become_their_ons_codes():
    assert find_district_codes(DISTRICT_LOOKUP, ["Tunbridge Wells", "Sevenoaks"]) == {
        "Tunbridge Wells": "E07000116",
        "Sevenoaks": "E07000111",
    }


def test_a_district_name_not_in_the_lookup_is_a_config_error_listing_the_known_ones():
    with pytest.raises(ConfigError, match=r"'Tunbridge  Wells' is not a district in the lookup; 'Kent' is not a "
                                          r"district in the lookup: the lookup's districts are Medway, Sevenoaks, "
                                          r"Tunbridge Wells"):
        find_district_codes(DISTRICT_LOOKUP, ["Tunbridge  Wells", "Kent"])


def test_a_district_name_with_two_codes_is_a_config_error():
    doubled = pd.concat([DISTRICT_LOOKUP, pd.DataFrame(
        {"lsoa_code": ["E01099999"], "district_code": ["E07000999"], "district_name": ["Sevenoaks"]})])
    with pytest.raises(ConfigError, match=r"'Sevenoaks' has more than one code in the lookup \(E07000111, E07000999\)"):
        find_district_codes(doubled, ["Sevenoaks"])


def test_district_lookup_without_its_columns_is_a_config_error():
    with pytest.raises(ConfigError, match=r"the LSOA lookup has no column district_code"):
        find_district_codes(DISTRICT_LOOKUP.drop(columns="district_code"), ["Sevenoaks"])


def test_casualties_by_district_for_one_year_keep_districts_without_any():
    counts = count_casualties_by_district(SAMPLE, ["E07000116", 538, "E07000105"], 2015)
    assert counts.to_dict() == {"E07000116": 3, 538: 1, "E07000105": 0}  # Ashford had none
    assert count_casualties_by_district(SAMPLE, ["E07000111"], 2014).to_dict() == {"E07000111": 0}


@pytest.mark.parametrize(
    ("baseline", "relation"),
    [
        (455.0, "423<b<=482"),  # the plan: 2015 below the baseline, 2014 not
        (482.0, "423<b<=482"),  # at 2014's count, 2014 was not below it
        (423.0, "b<=423"),  # at 2015's count, 2015 is not below it
        (400.2, "b<=423"),
        (482.5, "b>482"),
    ],
)
def test_baseline_is_placed_between_the_counts(baseline, relation):
    assert relate_to_baseline(baseline, [423, 482]) == relation


def test_baseline_relation_sorts_the_counts_and_writes_fractions_as_they_are():
    assert relate_to_baseline(3.0, [7, 3, 2.5]) == "2.5<b<=3"
    assert relate_to_baseline(36, [35, 35, 44]) == "35<b<=44"


def test_baseline_relation_without_counts_is_a_config_error():
    with pytest.raises(ConfigError, match=r"no counts to place the baseline among"):
        relate_to_baseline(455.0, [])


def test_adjusted_serious_sums_the_probabilities_of_casualties_not_killed():
    frame = SAMPLE.copy()
    # 2014 in Tunbridge Wells: fatal (not counted), serious 1.0, two slight with 0.25 and 0.5
    frame["adjusted_serious"] = [0.0, 1.0, 0.25, 0.5, None, None, None, 0.3, 0.3]
    assert count_adjusted_serious(frame, 543, 2014) == 1.75
    assert count_adjusted_serious(frame, "E07000111", 2015) == 0.3


def test_adjusted_serious_is_none_when_a_casualty_has_no_adjustment():
    frame = SAMPLE.copy()
    frame["adjusted_serious"] = [0.0, 1.0, 0.25, None, 0.1, 1.0, 0.2, 0.3, 0.3]
    assert count_adjusted_serious(frame, 543, 2014) is None  # one slight casualty without it
    assert count_adjusted_serious(SAMPLE, 543, 2015) is None  # no adjustment column at all


def test_adjusted_serious_on_the_2024_fixture():
    data = read_stats19(FIXTURES)
    # 2024: a slight driver (adjusted serious 0) and a seriously injured passenger (1)
    assert count_adjusted_serious(data.casualties, "E07000116", 2024) == 1.0
    assert count_adjusted_serious(data.casualties, "E07000116", 2021) is None  # the 2017-2023 files carry none
