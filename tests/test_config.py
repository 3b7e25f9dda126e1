import pytest

from cspanalysis.config import KENT_DISTRICTS, check_district, load_config
from cspanalysis.errors import ConfigError

GOOD = """review: test-review
title: A test review
district: Tunbridge Wells
data_dir: data/raw/demo
sources: {police_crimes: police_crimes/crimes.csv}
periods: {crime: 2015-10..2016-09}
sections: [00_overview]
"""


def test_the_shipped_config_loads():
    config = load_config("config/tunbridge-wells-2016-17.yml")
    assert config.district == "Tunbridge Wells"
    assert config.period("crime").code == "2015-10..2016-09"
    assert config.comparison_districts == KENT_DISTRICTS and len(KENT_DISTRICTS) == 12


def test_small_config(write):
    config = load_config(write("c.yml", GOOD))
    assert config.sources["police_crimes"].parts[-3:] == ("demo", "police_crimes", "crimes.csv")


@pytest.mark.parametrize(
    "change, message",
    [
        (("district: Tunbridge Wells\n", ""), "missing key 'district'"),
        (("title: A test review\n", "title: x\ncolour: red\n"), "unknown key 'colour'"),
        (("review: test-review", "review: Test Review!"), "must be lower-case letters"),
        (("crime: 2015-10..2016-09", "crime: last year"), "periods.crime: 'last year' is not a period"),
        (("[00_overview]", "[00_overview, 99_missing]"), "sections without a notebook in notebooks/: 99_missing"),
        (("sources: {", "sources: [1]\nx: {"), "unknown key 'x'"),
    ],
)
def test_config_mistakes_name_the_key(write, change, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write("c.yml", GOOD.replace(*change)))


def test_missing_config_lists_the_available_ones(tmp_path):
    with pytest.raises(ConfigError, match="no such review config .*tunbridge-wells-2016-17.yml"):
        load_config(tmp_path / "nope.yml")


def test_unknown_district_lists_the_known_ones(write):
    config = load_config(write("c.yml", GOOD.replace("district: Tunbridge Wells", "district: Royal Tunbridge")))
    with pytest.raises(ConfigError, match="unknown district 'Royal Tunbridge': the lookup has Ashford, .*Tunbridge Wells"):
        check_district(config, list(KENT_DISTRICTS) + ["Medway"])


def test_period_and_source_lookups_name_what_exists(write):
    config = load_config(write("c.yml", GOOD))
    with pytest.raises(ConfigError, match=r"no period 'roads' under 'periods' \(it has: crime\)"):
        config.period("roads")
    with pytest.raises(ConfigError, match=r"no source 'stats19' under 'sources' \(it has: police_crimes\)"):
        config.source("stats19")


def test_another_district_gets_its_own_review_id():
    config = load_config("config/tunbridge-wells-2016-17.yml").with_district("Sevenoaks")
    assert config.review == "sevenoaks-2016-17" and config.district == "Sevenoaks"
    assert "Sevenoaks" in config.title


def test_another_district_leaves_out_the_settings_naming_the_configured_districts_places():
    config = load_config("config/tunbridge-wells-2016-17.yml")
    assert config.setting("violent_crime", "town_centre_wards")  # Tunbridge Wells' own town centre
    other = config.with_district("Ashford")
    assert other.setting("violent_crime", "town_centre_wards") is None
    assert other.setting("violent_crime", "places") is None
    assert other.setting("road_safety", "speed_watch_places") is None
    assert other.setting("violent_crime", "hate_event") == config.setting("violent_crime", "hate_event")
    same = config.with_district("Tunbridge Wells")
    assert same.setting("violent_crime", "town_centre_wards") == config.setting("violent_crime", "town_centre_wards")
