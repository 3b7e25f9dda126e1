import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import FetchError, NotFoundError
from cspanalysis.fetch.police_uk import fetch_police_uk, list_months
from cspanalysis.sources.police_uk import read_street_files

#: the archives' contents: 2016-09.zip holds 2016-07..2016-09, 2016-06.zip holds 2016-05..2016-06,
#: each month with Kent and Essex street files and a Kent outcomes file
ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch" / "police_uk"


@pytest.fixture
def police(publisher, zip_folder):
    """data.police.uk's archive folder with the two fixture archives."""
    for name in ("2016-09", "2016-06"):
        publisher.serve(f"data/archive/{name}.zip", zip_folder(ARCHIVES / name))
    publisher.base_url = publisher.url("data/archive/")
    return publisher


def test_only_the_forces_street_files_for_the_months_are_kept(police, downloader, tmp_path):
    result = fetch_police_uk("kent", ("2016-08", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    assert result.downloaded == ["2016-08/2016-08-kent-street.csv", "2016-09/2016-09-kent-street.csv"]
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["2016-08/2016-08-kent-street.csv", "2016-09/2016-09-kent-street.csv", "SOURCE.json"]
    for name in result.downloaded:
        assert (tmp_path / name).read_bytes() == (ARCHIVES / "2016-09" / name).read_bytes()
    entry = json.loads((tmp_path / "SOURCE.json").read_text(encoding="utf-8"))["files"]["2016-09/2016-09-kent-street.csv"]
    assert entry["url"] == police.base_url + "2016-09.zip"
    assert entry["member"] == "2016-09/2016-09-kent-street.csv"
    assert entry["sha256"] == hashlib.sha256((ARCHIVES / "2016-09/2016-09/2016-09-kent-street.csv").read_bytes()).hexdigest()
    assert entry["archive"]["size"] == len(police.files["/data/archive/2016-09.zip"])
    # the reader takes the folder: 3 rows a month (an ASB, a burglary, a crime without a location)
    frame = read_street_files(tmp_path)
    assert len(frame) == 6 and set(frame["force"]) == {"Kent Police"}


def test_a_second_fetch_downloads_nothing(police, downloader, tmp_path):
    fetch_police_uk("kent", ("2016-08", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    police.requests.clear()
    again = fetch_police_uk("kent", ("2016-08", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    assert police.requests == []
    assert again.kept == ["2016-08/2016-08-kent-street.csv", "2016-09/2016-09-kent-street.csv"]


def test_earlier_months_come_from_the_archive_of_the_latest_month_still_missing(police, downloader, tmp_path):
    result = fetch_police_uk("kent", ("2016-05", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    assert [path for path, _ in police.requests] == ["/data/archive/2016-09.zip", "/data/archive/2016-06.zip"]
    assert len(result.downloaded) == 5
    assert len(read_street_files(tmp_path)) == 15


def test_only_missing_months_are_extracted(police, downloader, tmp_path):
    fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    police.requests.clear()
    result = fetch_police_uk("kent", ("2016-07", "2016-09"), tmp_path, archive="2016-09", base_url=police.base_url,
                             downloader=downloader)
    assert result.kept == ["2016-09/2016-09-kent-street.csv"]
    assert result.downloaded == ["2016-07/2016-07-kent-street.csv", "2016-08/2016-08-kent-street.csv"]
    assert [path for path, _ in police.requests] == ["/data/archive/2016-09.zip"]


def test_the_archive_to_use_can_be_chosen(police, downloader, tmp_path):
    fetch_police_uk("kent", ("2016-07", "2016-08"), tmp_path, archive="2016-09", base_url=police.base_url,
                    downloader=downloader)
    assert [path for path, _ in police.requests] == ["/data/archive/2016-09.zip"]


def test_months_in_no_archive_are_an_error_naming_them(police, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"2016-04\.zip: no kent street file for 2016-01, 2016-02, 2016-03, 2016-04 in "
                                         r"the archives 2016-09\.zip, 2016-06\.zip \(2016-04\.zip, the archive for the "
                                         r"latest of them, is not published\)\. To download by hand, choose the force "
                                         r"and months at https://data\.police\.uk/data/"):
        fetch_police_uk("kent", ("2016-01", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    # what was found is kept and recorded
    assert (tmp_path / "2016-05/2016-05-kent-street.csv").exists()


def test_a_chosen_archive_without_the_months_is_an_error(police, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"no kent street file for 2016-05 in the archive 2016-09\.zip"):
        fetch_police_uk("kent", ("2016-05", "2016-05"), tmp_path, archive="2016-09", base_url=police.base_url,
                        downloader=downloader)


def test_an_archive_that_is_not_published_is_a_404(police, downloader, tmp_path):
    with pytest.raises(NotFoundError, match=r"data/archive/2017-01\.zip: not found \(HTTP 404\)"):
        fetch_police_uk("kent", ("2017-01", "2017-01"), tmp_path, base_url=police.base_url, downloader=downloader)


def test_an_unknown_force_lists_the_forces_and_keeps_the_archive(police, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"2016-09\.zip: the archive has no street files for the force 'kentt'; it has "
                                         r"street files for: essex, kent"):
        fetch_police_uk("kentt", ("2016-09", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    assert (tmp_path / "2016-09.zip.part").exists()
    # the corrected fetch does not download the archive again: it asks only for bytes after its end
    fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    size = len(police.files["/data/archive/2016-09.zip"])
    assert police.asked("data/archive/2016-09.zip")[-1]["Range"] == f"bytes={size}-"
    assert (tmp_path / "2016-09/2016-09-kent-street.csv").exists()
    assert not (tmp_path / "2016-09.zip.part").exists() and not (tmp_path / "2016-09.zip").exists()


def test_a_dropped_archive_download_resumes(police, downloader, tmp_path):
    police.drops["/data/archive/2016-09.zip"] = 1
    fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=police.base_url, downloader=downloader)
    size = len(police.files["/data/archive/2016-09.zip"])
    assert police.asked("data/archive/2016-09.zip")[1]["Range"] == f"bytes={size // 2}-"
    assert len(read_street_files(tmp_path)) == 3


def test_a_download_that_is_not_a_zip_is_an_error(publisher, downloader, tmp_path):
    publisher.serve("archive/2016-09.zip", "<html>Service unavailable</html>")
    with pytest.raises(FetchError, match=r"2016-09\.zip: the download is not a zip archive \(it begins b'<html>"):
        fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=publisher.url("archive/"), downloader=downloader)
    assert list(tmp_path.iterdir()) == []  # not kept: the next fetch downloads it afresh


def test_a_damaged_archive_is_an_error_and_is_deleted(publisher, zip_folder, downloader, tmp_path):
    archive = bytearray(zip_folder(ARCHIVES / "2016-09"))
    member = "2016-09/2016-09-kent-street.csv"
    with zipfile.ZipFile(io.BytesIO(bytes(archive))) as zipped:
        start = zipped.getinfo(member).header_offset + 30 + len(member)
    for i in range(start + 5, start + 25):  # scramble the member's compressed bytes
        archive[i] ^= 0xFF
    publisher.serve("archive/2016-09.zip", bytes(archive))
    with pytest.raises(FetchError, match=r"2016-09\.zip: the archive is damaged \(.*\); it was deleted, so the next "
                                         r"fetch downloads it again"):
        fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=publisher.url("archive/"), downloader=downloader)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []


def test_offline_fails_at_once_suggesting_the_manual_download(closed_port, downloader, tmp_path):
    with pytest.raises(FetchError, match=r"2016-09\.zip: cannot connect .* unzip the street files into .* as "
                                         r"YYYY-MM/YYYY-MM-kent-street\.csv"):
        fetch_police_uk("kent", ("2016-09", "2016-09"), tmp_path, base_url=f"http://127.0.0.1:{closed_port}/archive/",
                        downloader=downloader)


@pytest.mark.parametrize("force", ["Kent Police", "kent/../x", ""])
def test_a_force_not_named_as_police_uk_names_it_is_a_config_error(force, tmp_path):
    with pytest.raises(ConfigError, match="is not a police.uk force name"):
        fetch_police_uk(force, ("2016-09", "2016-09"), tmp_path)


def test_months_run_across_years():
    assert list_months("2015-11", "2016-02") == ["2015-11", "2015-12", "2016-01", "2016-02"]


@pytest.mark.parametrize(("first", "last", "message"), [
    ("2016-13", "2016-14", r"'2016-13' is not a month like 2016-09"),
    ("2016-09", "2016-01", r"the months run backwards: 2016-09 is after 2016-01"),
])
def test_bad_months_are_config_errors(first, last, message):
    with pytest.raises(ConfigError, match=message):
        list_months(first, last)
