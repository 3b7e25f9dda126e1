import hashlib
import json
from pathlib import Path

import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import FetchError
from cspanalysis.fetch.stats19 import fetch_stats19
from cspanalysis.sources.stats19 import read_stats19

DFT = Path(__file__).resolve().parents[1] / "fixtures" / "fetch" / "dft"
BULK = {t: f"dft-road-casualty-statistics-{t}-1979-latest-published-year.csv" for t in ("collision", "casualty", "vehicle")}


@pytest.fixture
def dft(publisher):
    """DfT's folder: per-year files for 2021 (collisions still named 'accident') and 2024, and the bulk files."""
    for path in DFT.glob("*.csv"):
        publisher.serve(f"road-accidents-safety-data/{path.name}", path)
    publisher.base_url = publisher.url("road-accidents-safety-data/")
    return publisher


def _lines(path):
    return path.read_bytes().splitlines(keepends=True)


def test_per_year_files_are_downloaded_as_published(dft, downloader, tmp_path):
    result = fetch_stats19([2024], tmp_path / "stats19", base_url=dft.base_url, downloader=downloader)
    names = ["dft-road-casualty-statistics-collision-2024.csv", "dft-road-casualty-statistics-casualty-2024.csv",
             "dft-road-casualty-statistics-vehicle-2024.csv"]
    assert result.downloaded == names and result.kept == []
    for name in names:
        assert (tmp_path / "stats19" / name).read_bytes() == (DFT / name).read_bytes()
    record = json.loads((tmp_path / "stats19" / "SOURCE.json").read_text(encoding="utf-8"))
    entry = record["files"]["dft-road-casualty-statistics-collision-2024.csv"]
    assert entry["url"] == dft.base_url + "dft-road-casualty-statistics-collision-2024.csv"
    assert entry["sha256"] == hashlib.sha256((DFT / names[0]).read_bytes()).hexdigest()
    assert (entry["table"], entry["year"], entry["licence"]) == ("collision", 2024, "Open Government Licence v3.0")
    assert record["publisher"].startswith("Department for Transport")


def test_a_collision_file_still_named_accident_is_found(dft, downloader, tmp_path):
    result = fetch_stats19([2021], tmp_path, base_url=dft.base_url, downloader=downloader)
    assert result.downloaded[0] == "dft-road-casualty-statistics-accident-2021.csv"
    # the 2024 spelling was tried first and was not there
    assert len(dft.asked("road-accidents-safety-data/dft-road-casualty-statistics-collision-2021.csv")) == 1
    assert dft.asked(f"road-accidents-safety-data/{BULK['collision']}") == []


def test_years_without_per_year_files_are_split_from_the_bulk_file(dft, downloader, tmp_path):
    result = fetch_stats19([2014, 2015], tmp_path, base_url=dft.base_url, downloader=downloader)
    assert sorted(result.downloaded) == sorted(f"dft-road-casualty-statistics-{t}-{y}.csv"
                                               for t in ("collision", "casualty", "vehicle") for y in (2014, 2015))
    bulk = _lines(DFT / BULK["vehicle"])
    # the header and, unchanged, the rows of the year (including a quoted make "FORD FOCUS, ESTATE")
    assert _lines(tmp_path / "dft-road-casualty-statistics-vehicle-2014.csv") == [bulk[0], bulk[2], bulk[3], bulk[4]]
    assert _lines(tmp_path / "dft-road-casualty-statistics-vehicle-2015.csv") == [bulk[0], bulk[5]]
    assert not list(tmp_path.glob("*1979*"))  # the bulk files are deleted once split
    entry = json.loads((tmp_path / "SOURCE.json").read_text(encoding="utf-8"))["files"][
        "dft-road-casualty-statistics-collision-2015.csv"]
    assert entry["url"] == dft.base_url + BULK["collision"]
    assert entry["split_from"]["sha256"] == hashlib.sha256((DFT / BULK["collision"]).read_bytes()).hexdigest()
    assert (entry["table"], entry["year"]) == ("collision", 2015)

    # what was fetched is what the reader takes: 2 collisions in 2014 and 1 in 2015, none of 2013 or 2016
    data = read_stats19(tmp_path)
    assert sorted(data.collisions["collision_index"]) == ["2014460100001", "2014460100002", "2015460100001"]
    assert len(data.casualties) == 4 and len(data.vehicles) == 4
    assert data.exclusions.total == 0


def test_per_year_and_bulk_years_mix_in_one_folder(dft, downloader, tmp_path):
    fetch_stats19([2015, 2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    data = read_stats19(tmp_path)
    assert sorted(data.collisions["year"].unique()) == [2015, 2024]
    assert len(data.collisions) == 3


def test_a_second_fetch_downloads_nothing(dft, downloader, tmp_path):
    fetch_stats19([2015, 2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    dft.requests.clear()
    again = fetch_stats19([2015, 2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    assert dft.requests == []
    assert again.downloaded == [] and len(again.kept) == 6


def test_a_file_changed_by_hand_is_fetched_again(dft, downloader, tmp_path):
    fetch_stats19([2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    (tmp_path / "dft-road-casualty-statistics-casualty-2024.csv").write_text("edited", encoding="utf-8")
    dft.requests.clear()
    again = fetch_stats19([2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    assert again.downloaded == ["dft-road-casualty-statistics-casualty-2024.csv"]
    assert len(again.kept) == 2
    assert [path for path, _ in dft.requests] == ["/road-accidents-safety-data/dft-road-casualty-statistics-casualty-2024.csv"]


def test_refresh_fetches_again(dft, downloader, tmp_path):
    fetch_stats19([2024], tmp_path, base_url=dft.base_url, downloader=downloader)
    again = fetch_stats19([2024], tmp_path, base_url=dft.base_url, downloader=downloader, refresh=True)
    assert len(again.downloaded) == 3


def test_a_dropped_bulk_download_resumes(dft, downloader, tmp_path):
    dft.drops[f"/road-accidents-safety-data/{BULK['collision']}"] = 1
    fetch_stats19([2016], tmp_path, base_url=dft.base_url, downloader=downloader)
    asked = dft.asked(f"road-accidents-safety-data/{BULK['collision']}")
    size = (DFT / BULK["collision"]).stat().st_size
    assert asked[1]["Range"] == f"bytes={size // 2}-"
    bulk = _lines(DFT / BULK["collision"])
    assert _lines(tmp_path / "dft-road-casualty-statistics-collision-2016.csv") == [bulk[0], bulk[5]]


def test_a_year_dft_has_not_published_is_an_error_and_the_bulk_file_is_kept(dft, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"collision-1979-latest-published-year\.csv: DfT's bulk collision file has "
                                         r"no rows for 2030 \(it covers 2013 to 2016\)"):
        fetch_stats19([2030], tmp_path, base_url=dft.base_url, downloader=downloader)
    assert (tmp_path / (BULK["collision"] + ".download.part")).read_bytes() == (DFT / BULK["collision"]).read_bytes()
    assert not list(tmp_path.glob("*.csv"))
    # the next fetch asks only for what follows the kept bytes: nothing to download again
    fetch_stats19([2015], tmp_path, base_url=dft.base_url, downloader=downloader)
    size = (DFT / BULK["collision"]).stat().st_size
    assert dft.asked(f"road-accidents-safety-data/{BULK['collision']}")[-1]["Range"] == f"bytes={size}-"
    assert (tmp_path / "dft-road-casualty-statistics-collision-2015.csv").exists()


def test_a_page_that_is_not_a_stats19_file_is_an_error(publisher, downloader, tmp_path):
    base = publisher.url("dft/")
    publisher.serve("dft/dft-road-casualty-statistics-collision-2024.csv", "<html><body>We have moved</body></html>\n")
    with pytest.raises(FetchError, match=r"collision-2024\.csv: expected DfT's STATS19 collision file but the download "
                                         r"is not a STATS19 file"):
        fetch_stats19([2024], tmp_path, base_url=base, downloader=downloader)
    assert not (tmp_path / "dft-road-casualty-statistics-collision-2024.csv").exists()


def test_a_casualty_file_where_a_vehicle_file_should_be_is_an_error(publisher, downloader, tmp_path):
    base = publisher.url("dft/")
    for table in ("collision", "casualty"):
        name = f"dft-road-casualty-statistics-{table}-2024.csv"
        publisher.serve(f"dft/{name}", DFT / name)
    publisher.serve("dft/dft-road-casualty-statistics-vehicle-2024.csv", DFT / "dft-road-casualty-statistics-casualty-2024.csv")
    with pytest.raises(FetchError, match=r"vehicle-2024\.csv: expected DfT's STATS19 vehicle file but the download is "
                                         r"a STATS19 casualty file"):
        fetch_stats19([2024], tmp_path, base_url=base, downloader=downloader)


def test_offline_fails_at_once_naming_the_url_and_the_folder(closed_port, downloader, tmp_path):
    base = f"http://127.0.0.1:{closed_port}/road-accidents-safety-data/"
    with pytest.raises(FetchError, match=r"/road-accidents-safety-data/dft-road-casualty-statistics-collision-2015\.csv: "
                                         r"cannot connect .* get the file from .* and save it in "):
        fetch_stats19([2015], tmp_path / "stats19", base_url=base, downloader=downloader)


def test_years_before_1979_are_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"STATS19 years must be 1979 or later, got \[1970\]"):
        fetch_stats19([1970], tmp_path)
