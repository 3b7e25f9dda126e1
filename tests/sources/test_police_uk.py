import shutil
import zipfile

import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.police_uk import read_street_files

HEADER = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
ASB = ",{m},Kent Police,Kent Police,0.26,51.13,On or near Park,E01024798,Tunbridge Wells 001A,Anti-social behaviour,,\n"
CRIME = "{id},{m},Kent Police,Kent Police,,,No Location,,,Violence and sexual offences,Under investigation,\n"


def month_file(write, month, body):
    return write(f"puk/{month}/{month}-kent-street.csv", HEADER + body)


def test_real_excerpt(real_data, tmp_path):
    folder = tmp_path / "puk" / "2016-09"
    folder.mkdir(parents=True)
    shutil.copy(real_data / "police_uk" / "2016-09-kent-street-excerpt.csv", folder / "2016-09-kent-street.csv")
    frame = read_street_files(tmp_path / "puk")
    assert len(frame) == 54
    asb = frame[frame["crime_type"] == "Anti-social behaviour"]
    assert asb["crime_id"].isna().all() and len(asb) > 0
    assert frame["month"].dt.strftime("%Y-%m").unique().tolist() == ["2016-09"]


def test_folder_and_zip_give_the_same_rows(write, tmp_path):
    month_file(write, "2016-08", ASB.format(m="2016-08") + CRIME.format(id="a" * 64, m="2016-08"))
    month_file(write, "2016-09", ASB.format(m="2016-09"))
    from_folder = read_street_files(tmp_path / "puk")
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (tmp_path / "puk").rglob("*.csv"):
            zipped.write(path, path.relative_to(tmp_path / "puk"))
    from_zip = read_street_files(archive)
    assert from_folder.equals(from_zip) and len(from_folder) == 3
    assert from_folder["longitude"].isna().sum() == 1


def test_missing_month_is_reported(write, tmp_path):
    month_file(write, "2016-07", ASB.format(m="2016-07"))
    month_file(write, "2016-09", ASB.format(m="2016-09"))
    with pytest.raises(InputError, match="months missing from the street files: 2016-08"):
        read_street_files(tmp_path / "puk")


def test_unknown_crime_type(write, tmp_path):
    month_file(write, "2016-09", ASB.format(m="2016-09").replace("Anti-social behaviour", "Littering"))
    with pytest.raises(InputError, match=r"row 2 column 'Crime type': 'Littering' is not a police.uk crime type"):
        read_street_files(tmp_path / "puk")


def test_one_crime_id_on_two_different_rows(write, tmp_path):
    month_file(write, "2016-09", CRIME.format(id="b" * 64, m="2016-09") + CRIME.format(id="b" * 64, m="2016-09").replace("Under investigation", "Court result"))
    with pytest.raises(InputError, match="Crime ID bbbbbbbbbbbbbbbb... appears in two different rows"):
        read_street_files(tmp_path / "puk")


def test_a_crime_repeated_whole_is_one_crime_but_identical_asb_rows_are_kept(write, tmp_path):
    month_file(write, "2016-09", CRIME.format(id="c" * 64, m="2016-09") * 2 + ASB.format(m="2016-09") * 2)
    frame = read_street_files(tmp_path / "puk")
    assert (frame["crime_type"] == "Anti-social behaviour").sum() == 2
    assert frame["crime_id"].notna().sum() == 1 and frame.attrs["duplicate_rows_dropped"] == 1


def test_a_row_for_another_month(write, tmp_path):
    month_file(write, "2016-09", ASB.format(m="2016-08"))
    with pytest.raises(InputError, match=r"row 2 column 'Month': month '2016-08' in the file for 2016-09"):
        read_street_files(tmp_path / "puk")


def test_no_street_files(tmp_path):
    with pytest.raises(InputError, match="holds no street files"):
        read_street_files(tmp_path)


def test_count_street_rows_by_district_month_and_type(write, tmp_path):
    from cspanalysis.sources.police_uk import count_street_rows

    outside = ASB.format(m="2016-09").replace("E01024798", "E01999999")
    month_file(write, "2016-08", ASB.format(m="2016-08") * 3 + CRIME.format(id="d" * 64, m="2016-08"))
    month_file(write, "2016-09", ASB.format(m="2016-09") + outside)
    counts = count_street_rows(tmp_path / "puk", {"E01024798": "Tunbridge Wells"})
    as_rows = counts.values.tolist()
    assert as_rows == [
        ["No location", "2016-08", "Violence and sexual offences", 1],
        ["Outside the lookup", "2016-09", "Anti-social behaviour", 1],
        ["Tunbridge Wells", "2016-08", "Anti-social behaviour", 3],
        ["Tunbridge Wells", "2016-09", "Anti-social behaviour", 1],
    ]
