import hashlib
import time

import pytest

from cspanalysis.errors import CspError
from cspanalysis.fetch.download import Downloader, FetchError, NotFoundError, join_url, keep_for_resume, sha256_file

#: 1,000 bytes that differ along their length, so a misplaced resume shows
DATA = bytes(range(250)) * 4


def test_downloads_a_file_with_its_size_and_checksum(publisher, downloader, tmp_path):
    url = publisher.serve("files/data.bin", DATA)
    got = downloader.download(url, tmp_path / "data.bin")
    assert (tmp_path / "data.bin").read_bytes() == DATA
    assert got.size == 1000
    assert got.sha256 == hashlib.sha256(DATA).hexdigest()
    assert got.resumed_from == 0
    assert not (tmp_path / "data.bin.part").exists()


def test_a_dropped_connection_is_resumed_with_a_range_request(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.drops["/data.bin"] = 1  # the first answer stops after 500 of 1,000 bytes
    downloader.download(url, tmp_path / "data.bin")
    assert (tmp_path / "data.bin").read_bytes() == DATA
    first, second = publisher.asked("data.bin")
    assert "Range" not in first
    assert second["Range"] == "bytes=500-"
    # the resumed request is conditional on the file being the one first answered
    assert second["If-Range"] == '"' + hashlib.sha256(DATA).hexdigest()[:16] + '"'


def test_a_partial_file_left_by_an_earlier_fetch_is_resumed(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    (tmp_path / "data.bin.part").write_bytes(DATA[:300])
    got = downloader.download(url, tmp_path / "data.bin")
    assert (tmp_path / "data.bin").read_bytes() == DATA
    assert publisher.asked("data.bin")[0]["Range"] == "bytes=300-"
    assert got.resumed_from == 300


def test_a_server_that_ignores_ranges_is_read_again_from_the_start(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.ignore_range = True
    (tmp_path / "data.bin.part").write_bytes(DATA[:300])
    downloader.download(url, tmp_path / "data.bin")
    assert (tmp_path / "data.bin").read_bytes() == DATA  # not the 300 bytes twice


def test_a_file_changed_on_the_server_is_fetched_whole_again(publisher, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.drops["/data.bin"] = 1
    changed = bytes(reversed(DATA))

    def replace_before_the_retry(message):
        if "trying again" in message:
            publisher.serve("data.bin", changed)

    Downloader(pause=0, report=replace_before_the_retry).download(url, tmp_path / "data.bin")
    # the retry asked for bytes 500- if the file was unchanged; it changed, so it came whole
    assert publisher.asked("data.bin")[1]["Range"] == "bytes=500-"
    assert (tmp_path / "data.bin").read_bytes() == changed


def test_retries_are_bounded_and_the_partial_file_is_kept_for_next_time(publisher, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.drops["/data.bin"] = 99
    two_retries = Downloader(retries=2, pause=0)
    # each answer is cut in half: 500 of 1,000 bytes, then 250 of the 500 left, then 125 of 250
    with pytest.raises(FetchError, match=r"data\.bin: the connection dropped after 875 of 1,000 bytes; gave up after "
                                         r"3 tries; the 875 bytes received are kept in .*data\.bin\.part and the next "
                                         r"fetch resumes from there"):
        two_retries.download(url, tmp_path / "data.bin")
    assert len(publisher.asked("data.bin")) == 3
    assert (tmp_path / "data.bin.part").read_bytes() == DATA[:875]
    assert not (tmp_path / "data.bin").exists()

    publisher.drops.clear()
    two_retries.download(url, tmp_path / "data.bin")
    assert publisher.asked("data.bin")[-1]["Range"] == "bytes=875-"
    assert (tmp_path / "data.bin").read_bytes() == DATA


def test_a_missing_file_is_a_404_error_naming_the_url_and_the_manual_download(publisher, downloader, tmp_path):
    url = publisher.url("nothing/here.csv")
    with pytest.raises(NotFoundError, match=r"http://127\.0\.0\.1:\d+/nothing/here\.csv: not found \(HTTP 404\).*"
                                            r"To download it by hand, open .*here\.csv in a browser and save the file "
                                            r"as .*here\.csv"):
        downloader.download(url, tmp_path / "here.csv")
    assert len(publisher.asked("nothing/here.csv")) == 1  # a 404 is not retried
    assert not (tmp_path / "here.csv").exists() and not (tmp_path / "here.csv.part").exists()


def test_offline_fails_at_once_without_retrying(closed_port, only_local, tmp_path):
    url = f"http://127.0.0.1:{closed_port}/data.bin"
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"127\.0\.0\.1:\d+/data\.bin: cannot connect \(.*refused.*\): the computer "
                                         r"is offline or the publisher's server is unreachable\. To download it by hand"):
        Downloader(retries=3, pause=5).download(url, tmp_path / "data.bin")
    assert time.monotonic() - started < 2  # no pauses, no retries
    assert only_local == [url]


def test_fetch_errors_belong_to_the_package_error_family():
    assert issubclass(FetchError, CspError) and issubclass(NotFoundError, FetchError)


def test_a_server_error_is_retried(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.fail["/data.bin"] = [503, 502]
    downloader.download(url, tmp_path / "data.bin")
    assert len(publisher.asked("data.bin")) == 3
    assert (tmp_path / "data.bin").read_bytes() == DATA


def test_a_server_that_stalls_after_connecting_times_out_and_is_tried_again(publisher, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.stall["/data.bin"] = 1.0
    # the connect timeout (2 s) would wait the stall out; the read timeout (0.3 s) does not
    Downloader(connect_timeout=2.0, read_timeout=0.3, pause=0).download(url, tmp_path / "data.bin")
    assert len(publisher.asked("data.bin")) == 2
    assert (tmp_path / "data.bin").read_bytes() == DATA


def test_a_refusal_is_not_retried(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    publisher.fail["/data.bin"] = [403]
    with pytest.raises(FetchError, match=r"data\.bin: the server refused the download: HTTP 403 Forbidden"):
        downloader.download(url, tmp_path / "data.bin")
    assert len(publisher.asked("data.bin")) == 1


def test_a_complete_partial_file_is_taken_as_complete(publisher, downloader, tmp_path):
    url = publisher.serve("data.bin", DATA)
    (tmp_path / "data.bin.part").write_bytes(DATA)
    got = downloader.download(url, tmp_path / "data.bin")
    assert publisher.asked("data.bin")[0]["Range"] == "bytes=1000-"  # answered 416: nothing more to send
    assert got.size == 1000 and (tmp_path / "data.bin").read_bytes() == DATA


def test_keep_for_resume_turns_a_download_back_into_its_partial_file(tmp_path):
    (tmp_path / "big.zip").write_bytes(b"zip")
    part = keep_for_resume(tmp_path / "big.zip")
    assert part == tmp_path / "big.zip.part" and part.read_bytes() == b"zip"
    assert not (tmp_path / "big.zip").exists()


def test_get_json_reads_an_api_answer(publisher, downloader):
    url = publisher.serve("api/thing?id=1", '{"a": [1, 2]}')
    assert downloader.get_json(url) == {"a": [1, 2]}


def test_a_truncated_api_answer_is_fetched_again(publisher, downloader):
    url = publisher.serve("api/thing", '{"a": [1, 2, 3, 4, 5, 6]}')
    publisher.drops["/api/thing"] = 1
    assert downloader.get_json(url) == {"a": [1, 2, 3, 4, 5, 6]}
    assert len(publisher.asked("api/thing")) == 2


def test_an_api_answer_that_is_not_json_is_an_error(publisher, downloader):
    url = publisher.serve("api/thing", "<html>maintenance</html>")
    with pytest.raises(FetchError, match=r"api/thing: the answer is not JSON .*it begins b'<html>maintenance"):
        downloader.get_json(url)


def test_sha256_file_matches_hashlib(tmp_path):
    (tmp_path / "x").write_bytes(b"abc")
    assert sha256_file(tmp_path / "x") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_join_url_adds_a_missing_slash():
    assert join_url("https://example.org/data", "a.csv") == "https://example.org/data/a.csv"
    assert join_url("https://example.org/data/", "a.csv?x=1") == "https://example.org/data/a.csv?x=1"


def test_large_downloads_report_progress_by_tenths(publisher, tmp_path):
    url = publisher.serve("big.bin", DATA * 10)  # 10,000 bytes read 100 at a time
    messages = []
    Downloader(chunk_size=100, pause=0, report=messages.append).download(url, tmp_path / "big.bin")
    progress = [m for m in messages if "%" in m]
    assert progress[0] == "  10% (1,000 of 10,000 bytes)"
    assert progress[-1] == "  100% (10,000 of 10,000 bytes)"
    assert len(progress) == 10
