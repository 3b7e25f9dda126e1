import json

import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import NotFoundError
from cspanalysis.fetch.url import fetch_url
from cspanalysis.sources.population import read_population

POPULATION = ("Code,Name,Geography,All ages,0,1\n"
              "E07000116,Tunbridge Wells,Non-metropolitan District,116200,1300,1350\n"
              "E07000111,Sevenoaks,Non-metropolitan District,119000,1400,1380\n")


def test_a_population_file_is_saved_under_the_name_given(publisher, downloader, tmp_path):
    url = publisher.serve("file/ukmidyearestimates2016.csv", POPULATION)
    result = fetch_url(url, "population", tmp_path / "population", name="MYE2-mid-2016.csv", downloader=downloader)
    assert result.downloaded == ["MYE2-mid-2016.csv"]
    frame = read_population(tmp_path / "population")
    assert frame[["area_code", "year", "population"]].values.tolist() == [["E07000116", 2016, 116200],
                                                                          ["E07000111", 2016, 119000]]
    record = json.loads((tmp_path / "population" / "SOURCE.json").read_text(encoding="utf-8"))
    assert record["files"]["MYE2-mid-2016.csv"]["url"] == url
    assert record["licence"] == "Open Government Licence v3.0"
    assert record["publisher"].startswith("Office for National Statistics")


def test_the_name_defaults_to_the_urls(publisher, downloader, tmp_path):
    url = publisher.serve("datasets/LSOA11_WD16_LAD16_EW_LU.csv", "LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM\n")
    result = fetch_url(url, "ons", tmp_path, downloader=downloader)
    assert result.downloaded == ["LSOA11_WD16_LAD16_EW_LU.csv"]
    assert (tmp_path / "LSOA11_WD16_LAD16_EW_LU.csv").exists()


def test_a_second_fetch_of_the_same_url_downloads_nothing(publisher, downloader, tmp_path):
    url = publisher.serve("MYE2-mid-2016.csv", POPULATION)
    fetch_url(url, "population", tmp_path, downloader=downloader)
    publisher.requests.clear()
    again = fetch_url(url, "population", tmp_path, downloader=downloader)
    assert publisher.requests == [] and again.kept == ["MYE2-mid-2016.csv"]


def test_a_new_url_for_the_same_name_is_fetched(publisher, downloader, tmp_path):
    fetch_url(publisher.serve("old/MYE2-mid-2016.csv", POPULATION), "population", tmp_path, downloader=downloader)
    again = fetch_url(publisher.serve("new/MYE2-mid-2016.csv", POPULATION), "population", tmp_path, downloader=downloader)
    assert again.downloaded == ["MYE2-mid-2016.csv"]


def test_a_moved_file_is_a_404_naming_the_url_and_where_to_save_it(publisher, downloader, tmp_path):
    url = publisher.url("gone/MYE2-mid-2016.csv")
    with pytest.raises(NotFoundError, match=r"gone/MYE2-mid-2016\.csv: not found \(HTTP 404\).* save the file as "
                                            r".*population.MYE2-mid-2016\.csv"):
        fetch_url(url, "population", tmp_path / "population", downloader=downloader)


def test_a_population_file_name_must_say_its_year(tmp_path):
    with pytest.raises(ConfigError, match=r"'ukpopestimates\.csv': population files must say their year: give --name "
                                          r"like MYE2-mid-2016\.csv"):
        fetch_url("http://127.0.0.1/ukpopestimates.csv", "population", tmp_path)


@pytest.mark.parametrize(("url", "source", "message"), [
    ("ftp://127.0.0.1/a.csv", "ons", "is not an http or https address"),
    ("http://127.0.0.1/a.csv", "ONS lookups", "is not a source folder name"),
    ("http://127.0.0.1/", "ons", "cannot take a file name from"),
])
def test_bad_arguments_are_config_errors(url, source, message, tmp_path):
    with pytest.raises(ConfigError, match=message):
        fetch_url(url, source, tmp_path)
