import json
from pathlib import Path

import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import FetchError
from cspanalysis.fetch.fingertips import fetch_fingertips
from cspanalysis.sources.fingertips import read_fingertips_export

#: the API's answers: the search for "alcohol" (ids by area type), the metadata of those ids,
#: and the CSV exports of 92906 (alcohol-specific) and 93764 (alcohol-related, narrow)
API = Path(__file__).resolve().parents[1] / "fixtures" / "fetch" / "fingertips"
SEARCH = "api/indicator_search?search_text=alcohol"
METADATA = "api/indicator_metadata/by_indicator_id?indicator_ids=91380,91414,92906,93764"


def _csv(indicator, area_type=501, parent=502):
    return f"api/all_data/csv/by_indicator_id?indicator_ids={indicator}&child_area_type_id={area_type}&parent_area_type_id={parent}"


@pytest.fixture
def fingertips(publisher):
    publisher.serve(SEARCH, API / "indicator_search.json")
    publisher.serve(METADATA, API / "indicator_metadata.json")
    publisher.serve(_csv(92906), API / "all_data_92906.csv")
    publisher.serve(_csv(93764), API / "all_data_93764.csv")
    publisher.base_url = publisher.url("api/")
    return publisher


def test_the_alcohol_indicators_are_found_by_name_and_saved_as_exported(fingertips, downloader, tmp_path):
    result = fetch_fingertips("E07000116", tmp_path, base_url=fingertips.base_url, downloader=downloader)
    assert result.downloaded == ["fingertips-92906.csv", "fingertips-93764.csv"]
    assert [path for path, _ in fingertips.requests] == ["/" + SEARCH, "/" + METADATA, "/" + _csv(92906), "/" + _csv(93764)]
    assert (tmp_path / "fingertips-92906.csv").read_bytes() == (API / "all_data_92906.csv").read_bytes()
    entry = json.loads((tmp_path / "SOURCE.json").read_text(encoding="utf-8"))["files"]["fingertips-92906.csv"]
    assert entry["indicator_id"] == 92906
    assert entry["indicator_name"] == "Admission episodes for alcohol-specific conditions"
    assert entry["url"] == fingertips.url(_csv(92906))
    assert (entry["district"], entry["area_type"], entry["parent_area_type"]) == ("E07000116", 501, 502)
    assert entry["parents"] == ["E10000016", "E92000001"]  # Kent, England
    assert entry["licence"] == "Open Government Licence v3.0"
    # the folder is what the reader takes: 2 indicators x 4 areas (England, Kent, 2 districts) x 2 years
    frame = read_fingertips_export(tmp_path)
    assert len(frame) == 16
    district = frame[(frame["area_code"] == "E07000116") & (frame["indicator_id"] == 92906)]
    assert district["count"].tolist() == [93.0, 66.0]


def test_a_second_fetch_downloads_nothing(fingertips, downloader, tmp_path):
    fetch_fingertips("E07000116", tmp_path, base_url=fingertips.base_url, downloader=downloader)
    fingertips.requests.clear()
    again = fetch_fingertips("E07000116", tmp_path, base_url=fingertips.base_url, downloader=downloader)
    assert fingertips.requests == []
    assert again.kept == ["fingertips-92906.csv", "fingertips-93764.csv"]


def test_names_match_whatever_their_case_and_spacing(fingertips, downloader, tmp_path):
    result = fetch_fingertips("E07000116", tmp_path, indicators=["admission episodes for  ALCOHOL-specific conditions"],
                              base_url=fingertips.base_url, downloader=downloader)
    assert result.downloaded == ["fingertips-92906.csv"]


def test_an_unknown_name_is_an_error_listing_the_closest(fingertips, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"search_text=alcohol: no Fingertips indicator is named 'Admissions for "
                                         r"alcohol-specific conditions' among the 4 found for 'alcohol'; the closest "
                                         r"names found are: 'admission episodes for alcohol-specific conditions'"):
        fetch_fingertips("E07000116", tmp_path, indicators=["Admissions for alcohol-specific conditions"],
                         base_url=fingertips.base_url, downloader=downloader)


def test_an_indicator_without_district_data_is_an_error_saying_where_it_has_data(fingertips, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"the indicator 'Admission episodes for alcohol-related conditions \(Narrow\): "
                                         r"Old Method' \(id 91414\) has no data for area type 501; it has data for "
                                         r"area types 101"):
        fetch_fingertips("E07000116", tmp_path, indicators=["Admission episodes for alcohol-related conditions (Narrow): Old Method"],
                         base_url=fingertips.base_url, downloader=downloader)


def test_a_district_missing_from_the_export_is_an_error(fingertips, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"the export has no rows for E07000999 at area type 501: check the district "
                                         r"code, or choose the area type of its vintage \(--area-type\)"):
        fetch_fingertips("E07000999", tmp_path, base_url=fingertips.base_url, downloader=downloader)
    assert not list(tmp_path.glob("*.csv"))


def test_other_area_types_are_asked_for(fingertips, downloader, tmp_path):
    fingertips.serve(_csv(92906, 501, 6), API / "all_data_92906.csv")
    fetch_fingertips("E07000116", tmp_path, indicators=["Admission episodes for alcohol-specific conditions"],
                     parent_area_type=6, base_url=fingertips.base_url, downloader=downloader)
    assert fingertips.asked(_csv(92906, 501, 6))


def test_a_search_that_finds_nothing_is_an_error(publisher, downloader, tmp_path):
    publisher.serve("api/indicator_search?search_text=alcohol", "{}")
    with pytest.raises(FetchError, match=r"Fingertips found no indicators for 'alcohol'"):
        fetch_fingertips("E07000116", tmp_path, base_url=publisher.url("api/"), downloader=downloader)


def test_an_answer_that_is_not_a_search_result_is_an_error(publisher, downloader, tmp_path):
    publisher.serve("api/indicator_search?search_text=alcohol", '["not", "a", "search"]')
    with pytest.raises(FetchError, match=r"the answer is not Fingertips' indicator search result"):
        fetch_fingertips("E07000116", tmp_path, base_url=publisher.url("api/"), downloader=downloader)


def test_an_export_that_is_not_a_fingertips_csv_is_an_error(fingertips, downloader, tmp_path):
    fingertips.serve(_csv(92906), "<html>busy</html>\n")
    with pytest.raises(FetchError, match=r"the download is not a Fingertips CSV export \(no 'Area Code' column\)"):
        fetch_fingertips("E07000116", tmp_path, indicators=["Admission episodes for alcohol-specific conditions"],
                         base_url=fingertips.base_url, downloader=downloader)


def test_offline_fails_at_once_suggesting_the_website_export(closed_port, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"indicator_search\?search_text=alcohol: cannot connect .* use 'Export table "
                                         r"as CSV file' and save the file in "):
        fetch_fingertips("E07000116", tmp_path, base_url=f"http://127.0.0.1:{closed_port}/api/", downloader=downloader)


@pytest.mark.parametrize("district", ["E10000016", "Tunbridge Wells", "E0700011"])
def test_a_district_code_that_is_not_a_district_is_a_config_error(district, tmp_path):
    with pytest.raises(ConfigError, match="is not an ONS code of an English district or unitary authority"):
        fetch_fingertips(district, tmp_path)
