"""Tests for the police arrests extract reader."""

from __future__ import annotations

import pandas as pd
import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.police_arrests import read_arrests

HEADER = "Arrest Reference,Arrest Date,Incident Reference,Offence,Offence Category,Ward,District"

GOOD_ROWS = [
    "46/AR/000101/16,02/01/2016,46-20160102-0031,Drunk and disorderly,Drunkenness,Park,Tunbridge Wells",
    "46/AR/000102/16,02/01/2016,46-20160102-0031, Drunk and incapable ,drunkenness, Park ,Tunbridge Wells",
    "46/AR/000102/16,02/01/2016,46-20160102-0031,Drunk and incapable,DRUNKENNESS,Park,Tunbridge Wells",
    "46/AR/000250/16,14/02/2016,46-20160214-0007,Common assault,Violence against the person,,Maidstone",
]


def write(tmp_path, lines, name="arrests.csv", bom=False):
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_good_file_is_tidied(tmp_path):
    frame = read_arrests(write(tmp_path, [HEADER, *GOOD_ROWS], bom=True))

    assert list(frame.columns) == [
        "arrest_reference", "arrest_date", "incident_reference", "offence", "offence_category", "ward_name", "district_name",
    ]
    # rows 3 and 4 are one record (stray spaces, another case of the category): one is dropped
    assert len(frame) == 3
    assert frame.attrs["duplicate_rows_dropped"] == 1
    assert frame["arrest_reference"].tolist() == ["46/AR/000101/16", "46/AR/000102/16", "46/AR/000250/16"]
    assert frame["arrest_date"].tolist() == [pd.Timestamp("2016-01-02"), pd.Timestamp("2016-01-02"), pd.Timestamp("2016-02-14")]
    assert frame["offence"].tolist() == ["Drunk and disorderly", "Drunk and incapable", "Common assault"]
    assert frame["offence_category"].tolist() == ["Drunkenness", "Drunkenness", "Violence against the person"]
    assert frame["incident_reference"].tolist() == ["46-20160102-0031", "46-20160102-0031", "46-20160214-0007"]
    assert frame["ward_name"].tolist()[:2] == ["Park", "Park"] and pd.isna(frame["ward_name"].tolist()[2])
    assert frame["district_name"].tolist() == ["Tunbridge Wells", "Tunbridge Wells", "Maidstone"]


def test_extra_columns_are_ignored_and_column_order_does_not_matter(tmp_path):
    header = "Custody Suite,District,Ward,Offence Category,Offence,Incident Reference,Arrest Date,Arrest Reference"
    row = "Tonbridge,Tunbridge Wells,Culverden,Drunkenness,Drunk in charge of a child,46-1,05/03/2016,46/AR/1/16"
    frame = read_arrests(write(tmp_path, [header, row]))
    assert frame.loc[0, "offence"] == "Drunk in charge of a child"
    assert frame.loc[0, "ward_name"] == "Culverden"
    assert "Custody Suite" not in frame.columns


def test_missing_column_is_named(tmp_path):
    header = HEADER.replace(",Incident Reference", "")
    row = "46/AR/1/16,02/01/2016,Drunk and disorderly,Drunkenness,Park,Tunbridge Wells"
    with pytest.raises(InputError, match=r"arrests\.csv: 1 problem: column 'Incident Reference': missing column"):
        read_arrests(write(tmp_path, [header, row]))


def test_a_date_that_is_not_a_date_names_row_and_column(tmp_path):
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[3].replace("14/02/2016", "2016-02-14")]
    with pytest.raises(InputError, match=r"row 3 column 'Arrest Date': '2016-02-14' is not a date \(expected dd/mm/yyyy\)"):
        read_arrests(write(tmp_path, rows))


def test_an_unknown_offence_category_is_reported_not_dropped(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace(",Drunkenness,", ",Drunkeness,")]
    with pytest.raises(InputError, match=r"row 2 column 'Offence Category': 'Drunkeness' is not an arrest offence category \(Drunkenness, "):
        read_arrests(write(tmp_path, rows))


def test_a_blank_incident_reference_is_an_error(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace("46-20160102-0031", "")]
    with pytest.raises(InputError, match=r"row 2 column 'Incident Reference': is blank: a value is required"):
        read_arrests(write(tmp_path, rows))


def test_one_arrest_reference_on_two_different_rows(tmp_path):
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[0].replace("Drunk and disorderly", "Drunk and incapable")]
    with pytest.raises(InputError, match=r"2 problems: row 2 column 'Arrest Reference': arrest reference '46/AR/000101/16' "
                                         r"is used by more than one different row; row 3 column 'Arrest Reference'"):
        read_arrests(write(tmp_path, rows))


def test_every_problem_is_listed_at_once(tmp_path):
    rows = [HEADER, GOOD_ROWS[0].replace("02/01/2016", "31/02/2016"), GOOD_ROWS[3].replace("Maidstone", "")]
    with pytest.raises(InputError, match=r"2 problems: row 2 column 'Arrest Date': '31/02/2016' is not a date.*"
                                         r"row 3 column 'District': is blank"):
        read_arrests(write(tmp_path, rows))


def test_a_semicolon_separated_file_says_so(tmp_path):
    rows = [HEADER.replace(",", ";"), GOOD_ROWS[0].replace(",", ";")]
    with pytest.raises(InputError, match=r"column 'Arrest Date': missing column: expected it in the header "
                                         r"\(the file seems to be separated by ';', expected ','\)"):
        read_arrests(write(tmp_path, rows))


def test_an_empty_file_and_a_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"the file is empty"):
        read_arrests(write(tmp_path, [""]))
    with pytest.raises(InputError, match=r"nowhere\.csv: 1 problem: the file does not exist"):
        read_arrests(tmp_path / "nowhere.csv")


def test_a_header_without_rows(tmp_path):
    with pytest.raises(InputError, match=r"the file has a header but no data rows"):
        read_arrests(write(tmp_path, [HEADER]))


def test_a_column_of_names_is_refused_as_personal_data(tmp_path):
    rows = [HEADER + ",Surname", GOOD_ROWS[0] + ",Smith"]
    with pytest.raises(InputError, match=r"holds columns that look like personal data \('Surname'\)"):
        read_arrests(write(tmp_path, rows))
