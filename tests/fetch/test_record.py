import hashlib
import json
import re

import pytest

from cspanalysis.errors import InputError
from cspanalysis.fetch.record import OGL, FetchResult, SourceRecord


def _record(tmp_path, content=b"a,b\n1,2\n"):
    (tmp_path / "file.csv").write_bytes(content)
    record = SourceRecord.load(tmp_path, source="demo", publisher="A publisher")
    record.add("file.csv", url="http://127.0.0.1/file.csv", size=len(content),
               sha256=hashlib.sha256(content).hexdigest(), year=2015)
    return record


def test_source_json_records_url_date_size_checksum_and_licence(tmp_path):
    _record(tmp_path)
    data = json.loads((tmp_path / "SOURCE.json").read_text(encoding="utf-8"))
    assert data["source"] == "demo" and data["publisher"] == "A publisher"
    assert data["licence"] == "Open Government Licence v3.0"
    assert data["licence_url"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    entry = data["files"]["file.csv"]
    assert entry["url"] == "http://127.0.0.1/file.csv"
    assert entry["size"] == 8
    assert entry["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert entry["licence"] == OGL
    assert entry["year"] == 2015
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["fetched"])
    assert b"\r\n" not in (tmp_path / "SOURCE.json").read_bytes()


def test_a_recorded_file_with_its_checksum_is_current(tmp_path):
    _record(tmp_path)
    again = SourceRecord.load(tmp_path, source="demo", publisher="A publisher")
    assert again.is_current("file.csv")
    assert again.is_current("file.csv", "http://127.0.0.1/file.csv")
    assert not again.is_current("file.csv", "http://127.0.0.1/other.csv")
    assert not again.is_current("other.csv")
    assert again.find(lambda entry: entry.get("year") == 2015) == "file.csv"
    assert again.find(lambda entry: entry.get("year") == 2016) is None


def test_a_file_changed_or_deleted_by_hand_is_not_current(tmp_path):
    record = _record(tmp_path)
    (tmp_path / "file.csv").write_bytes(b"a,b\n1,3\n")  # same size, other bytes
    assert not record.is_current("file.csv")
    (tmp_path / "file.csv").unlink()
    assert not record.is_current("file.csv")


def test_a_damaged_source_json_is_an_input_error(tmp_path):
    (tmp_path / "SOURCE.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"SOURCE\.json: 1 problem: is not a SOURCE\.json written by cspanalysis "
                                         r"fetch .*delete it to fetch the folder's files again"):
        SourceRecord.load(tmp_path, source="demo", publisher="x")


def test_a_source_json_without_files_is_an_input_error(tmp_path):
    (tmp_path / "SOURCE.json").write_text('{"source": "demo"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"is not a SOURCE\.json written by cspanalysis fetch \('files'\)"):
        SourceRecord.load(tmp_path, source="demo", publisher="x")


def test_summary_counts_downloaded_and_kept_files(tmp_path):
    result = FetchResult(tmp_path, downloaded=["a.csv"], kept=["b.csv", "c.csv"])
    assert result.summary("stats19") == (f"stats19: 3 files in {tmp_path} (1 downloaded, 2 already there with "
                                         f"matching checksums; see {tmp_path / 'SOURCE.json'})")
