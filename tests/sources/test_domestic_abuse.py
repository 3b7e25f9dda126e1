"""Tests for the police DA incidents extract reader."""

from __future__ import annotations

import pandas as pd
import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.domestic_abuse import read_da_incidents

HEADER = "Incident Reference,Recorded Date,District,Ward,LSOA Code,Crime Or Non-Crime,Crime Reference,Victim Reference,Risk Grade"

GOOD_ROWS = [
    "46-20160103-0007,03/01/2016,Tunbridge Wells,Park,E01024800,Crime,46/000123/16,VIC0000042,High",
    "46-20160105-0002,05/01/2016, Tunbridge Wells ,Culverden ,,non-crime,,VIC0000042,",
    "46-20160105-0002,05/01/2016,Tunbridge Wells,Culverden,,Non-crime,,VIC0000042,",
    "46-20160211-0013,11/02/2016,Maidstone,High Street,E01024400,CRIME,46/004567/16,VIC0000977,medium",
]


def write(tmp_path, lines, name="da_incidents.csv", bom=False):
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_good_file_is_tidied(tmp_path):
    frame = read_da_incidents(write(tmp_path, [HEADER, *GOOD_ROWS], bom=True))

    assert list(frame.columns) == [
        "incident_reference", "recorded_date", "district_name", "ward_name", "lsoa_code",
        "is_crime", "crime_reference", "victim_reference", "risk_grade",
    ]
    # the second and third rows are the same record (one with stray spaces): one is dropped
    assert len(frame) == 3
    assert frame.attrs["duplicate_rows_dropped"] == 1
    assert frame["incident_reference"].tolist() == ["46-20160103-0007", "46-20160105-0002", "46-20160211-0013"]
    assert frame["recorded_date"].tolist() == [pd.Timestamp("2016-01-03"), pd.Timestamp("2016-01-05"), pd.Timestamp("2016-02-11")]
    assert frame["district_name"].tolist() == ["Tunbridge Wells", "Tunbridge Wells", "Maidstone"]
    assert frame["ward_name"].tolist() == ["Park", "Culverden", "High Street"]
    assert frame["is_crime"].tolist() == [True, False, True]
    assert frame["lsoa_code"].isna().tolist() == [False, True, False]
    assert frame["crime_reference"].isna().tolist() == [False, True, False]
    assert frame["risk_grade"].tolist()[0] == "High"
    assert pd.isna(frame["risk_grade"].tolist()[1])
    assert frame["risk_grade"].tolist()[2] == "Medium"
    assert frame["victim_reference"].tolist() == ["VIC0000042", "VIC0000042", "VIC0000977"]


def test_extra_columns_are_ignored_and_column_order_does_not_matter(tmp_path):
    header = "Beat,Victim Reference,Incident Reference,Recorded Date,District,Ward,LSOA Code,Crime Or Non-Crime,Crime Reference,Risk Grade"
    row = "TW1,VIC1,46-20160103-0007,03/01/2016,Tunbridge Wells,Park,E01024800,Crime,46/000123/16,Standard"
    frame = read_da_incidents(write(tmp_path, [header, row]))
    assert frame.loc[0, "victim_reference"] == "VIC1"
    assert frame.loc[0, "risk_grade"] == "Standard"
    assert "Beat" not in frame.columns


def test_missing_column_is_named(tmp_path):
    header = HEADER.replace(",Victim Reference", "")
    row = "46-1,03/01/2016,Tunbridge Wells,Park,E01024800,Crime,46/000123/16,High"
    with pytest.raises(InputError, match=r"da_incidents\.csv: 1 problem: column 'Victim Reference': missing column"):
        read_da_incidents(write(tmp_path, [header, row]))


def test_a_date_that_is_not_a_date_names_row_and_column(tmp_path):
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[3].replace("11/02/2016", "31/02/2016")]
    with pytest.raises(InputError, match=r"row 3 column 'Recorded Date': '31/02/2016' is not a date \(expected dd/mm/yyyy\)"):
        read_da_incidents(write(tmp_path, rows))


def test_unknown_crime_or_non_crime_value(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace(",Crime,", ",Crimes,")]
    with pytest.raises(InputError, match=r"row 2 column 'Crime Or Non-Crime': 'Crimes' is not Crime or Non-crime"):
        read_da_incidents(write(tmp_path, rows))


def test_unknown_risk_grade(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace(",High", ",Very high")]
    with pytest.raises(InputError, match=r"row 2 column 'Risk Grade': 'Very high' is not a risk grade"):
        read_da_incidents(write(tmp_path, rows))


def test_blank_victim_reference(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace("VIC0000042", "")]
    with pytest.raises(InputError, match=r"row 2 column 'Victim Reference': is blank: a value is required"):
        read_da_incidents(write(tmp_path, rows))


def test_conflicting_duplicate_reference_lists_both_rows(tmp_path):
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[3], GOOD_ROWS[0].replace("03/01/2016", "04/01/2016")]
    with pytest.raises(InputError, match=r"2 problems: row 2 column 'Incident Reference': incident reference "
                                         r"'46-20160103-0007' is used by more than one different row; row 4 "):
        read_da_incidents(write(tmp_path, rows))


def test_crime_without_crime_reference_and_non_crime_with_one(tmp_path):
    rows = [
        HEADER,
        GOOD_ROWS[0].replace("46/000123/16", ""),
        GOOD_ROWS[1].replace(",,VIC", ",46/000999/16,VIC"),
    ]
    with pytest.raises(InputError) as caught:
        read_da_incidents(write(tmp_path, rows))
    message = str(caught.value)
    assert "row 2 column 'Crime Reference': is blank but the incident is a crime" in message
    assert "row 3 column 'Crime Reference': '46/000999/16' given for a non-crime incident" in message


def test_empty_file(tmp_path):
    with pytest.raises(InputError, match=r"da_incidents\.csv: 1 problem: the file is empty"):
        read_da_incidents(write(tmp_path, [""]))


def test_header_without_rows(tmp_path):
    with pytest.raises(InputError, match=r"the file has a header but no data rows"):
        read_da_incidents(write(tmp_path, [HEADER]))
