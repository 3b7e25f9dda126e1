"""The bad-input matrix, for every reader: each case is a tiny file made from the reader's own format.

The good file is the header and first rows of the demo world's file for that source (the real
format); each case changes it in one way.  A reader must either read it correctly (a BOM, Windows
text) or stop with one InputError that says what is wrong, never with another exception.
"""

from pathlib import Path

import pytest

from cspanalysis.errors import InputError
from cspanalysis.registry import load_registry
from cspanalysis.sources.admissions import read_admissions_extract
from cspanalysis.sources.domestic_abuse import read_da_incidents
from cspanalysis.sources.fingertips import read_fingertips_file
from cspanalysis.sources.ons_lookup import read_lsoa_lookup
from cspanalysis.sources.partner_returns import read_partner_returns
from cspanalysis.sources.police_arrests import read_arrests
from cspanalysis.sources.police_crimes import read_crime_extract
from cspanalysis.sources.police_uk import read_street_files
from cspanalysis.sources.population import read_population_file
from cspanalysis.sources.stats19 import read_casualty_file, read_collision_file
from tests.demo.conftest import demo_world  # noqa: F401  (the session's demo world, built once)


def _street(path: Path):
    folder = path.parent / "street"
    target = folder / "2016-09" / "2016-09-kent-street.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    return read_street_files(folder)


#: reader name -> (file in the demo world, how to read a file of that format, file name to use)
READERS = {
    "police crimes": ("police_crimes/crimes.csv", read_crime_extract, "crimes.csv"),
    "domestic abuse": ("police_da/da_incidents.csv", read_da_incidents, "da.csv"),
    "arrests": ("police_arrests/arrests.csv", read_arrests, "arrests.csv"),
    "ONS lookup": ("ons/LSOA11_WD16_LAD16_EW_LU.csv", read_lsoa_lookup, "lookup.csv"),
    "population": ("population/MYE2-mid-2016.csv", read_population_file, "MYE2-mid-2016.csv"),
    "police.uk": ("police_uk/2016-09/2016-09-kent-street.csv", _street, "street.csv"),
    "STATS19 collisions": ("stats19/Accidents_2015.csv", read_collision_file, "Accidents_2015.csv"),
    "STATS19 casualties": ("stats19/Casualties_2015.csv", read_casualty_file, "Casualties_2015.csv"),
    "partner returns": ("partner_returns/2016-17-speed-watch.csv",
                        lambda path: read_partner_returns(path, load_registry()), "returns.csv"),
    "Fingertips": ("fingertips/alcohol-specific-admissions.csv", read_fingertips_file, "fingertips.csv"),
    "admissions": ("admissions/ward-quarter-admissions.csv", read_admissions_extract, "admissions.csv"),
}


def good_lines(demo: Path, relative: str, rows: int = 3) -> list[str]:
    with open(demo / relative, encoding="utf-8-sig", newline="") as handle:
        return [next(handle) for _ in range(rows + 1)]


def make(tmp_path, name, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.fixture(params=sorted(READERS))
def reader(request, demo_world):
    relative, read, name = READERS[request.param]
    return good_lines(demo_world, relative), read, name


def test_the_good_file_reads(reader, tmp_path):
    lines, read, name = reader
    assert read(make(tmp_path, name, "".join(lines))) is not None


def test_empty_file(reader, tmp_path):
    _, read, name = reader
    with pytest.raises(InputError, match="empty"):
        read(make(tmp_path, name, ""))


def test_header_only(reader, tmp_path):
    lines, read, name = reader
    with pytest.raises(InputError, match="no data rows|header but no"):
        read(make(tmp_path, name, lines[0]))


def test_utf8_byte_order_mark_reads_the_same(reader, tmp_path):
    lines, read, name = reader
    plain = read(make(tmp_path, name, "".join(lines)))
    with_bom = read(make(tmp_path, "bom-" + name if "mid-" not in name else name.replace("MYE2", "BOM-MYE2"),
                         b"\xef\xbb\xbf" + "".join(lines).encode("utf-8")))
    assert len(with_bom) == len(plain)


def test_windows_1252_text_is_read_or_refused_clearly(reader, tmp_path):
    lines, read, name = reader
    text = "".join(lines).replace("Wells", "W\xe9lls", 1)
    try:
        read(make(tmp_path, name, text.encode("cp1252", errors="replace")))
    except InputError as error:
        assert str(error)  # a clear message, not a UnicodeDecodeError


def test_wrong_delimiter(reader, tmp_path):
    lines, read, name = reader
    with pytest.raises(InputError, match="separated by ';'|missing column"):
        read(make(tmp_path, name, "".join(line.replace(",", ";") for line in lines)))


def test_truncated_last_line_names_its_row(reader, tmp_path):
    lines, read, name = reader
    last = lines[-1].rstrip("\r\n")
    cut = last[: last.index(",", len(last) // 2)] if "," in last[len(last) // 2:] else last[: len(last) // 2]
    with pytest.raises(InputError, match=rf"row {len(lines)}\b"):
        read(make(tmp_path, name, "".join(lines[:-1]) + cut))


def test_a_column_that_looks_like_personal_data_is_refused(reader, tmp_path):
    lines, read, name = reader
    header = lines[0].rstrip("\r\n") + ",Date of Birth\n"
    rows = [line.rstrip("\r\n") + ",01/01/1980\n" for line in lines[1:]]
    with pytest.raises(InputError, match="look like personal data"):
        read(make(tmp_path, name, header + "".join(rows)))
