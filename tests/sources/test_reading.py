"""The bad-input matrix every reader shares: each case a tiny file and the message it must give."""

import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.reading import Field, date_check, read_csv_file, whole_number_check

FIELDS = [
    Field("Ref", "ref"),
    Field("Recorded Date", "recorded", checks=(date_check("%d/%m/%Y", "dd/mm/yyyy"),)),
    Field("Count", "count", nullable=True, checks=(whole_number_check(),)),
]
GOOD = "Ref,Recorded Date,Count\nA1,01/10/2015,3\nA2,02/10/2015,\n"


def test_reads_good_file_and_tidies_text(write):
    frame = read_csv_file(write("ok.csv", "Ref , Recorded Date,Count\n A1 ,01/10/2015,3\nA2,02/10/2015,  \n"), FIELDS)
    assert list(frame.columns) == ["ref", "recorded", "count"]
    assert frame["ref"].tolist() == ["A1", "A2"]
    assert frame["count"].isna().tolist() == [False, True]


def test_utf8_byte_order_mark_is_fine(write):
    frame = read_csv_file(write("bom.csv", ("\ufeff" + GOOD).encode("utf-8")), FIELDS)
    assert frame["ref"].tolist() == ["A1", "A2"]


def test_windows_1252_text_is_read(write):
    path = write("cp.csv", "Ref,Recorded Date,Count\nCaf\xe9 \u2013 1,01/10/2015,3\n".encode("cp1252"))
    assert read_csv_file(path, FIELDS)["ref"].tolist() == ["Café – 1"]


def test_empty_file(write):
    with pytest.raises(InputError, match=r"empty\.csv: 1 problem: the file is empty"):
        read_csv_file(write("empty.csv", ""), FIELDS)


def test_header_only(write):
    with pytest.raises(InputError, match="has a header but no data rows"):
        read_csv_file(write("header.csv", "Ref,Recorded Date,Count\n"), FIELDS)


def test_missing_column_names_the_column_and_what_was_found(write):
    with pytest.raises(InputError, match=r"column 'Recorded Date': missing column: .*found 'Ref', 'Count'"):
        read_csv_file(write("missing.csv", "Ref,Count\nA1,3\n"), FIELDS)


def test_wrong_delimiter_is_named(write):
    with pytest.raises(InputError, match="separated by ';', expected ','"):
        read_csv_file(write("semi.csv", "Ref;Recorded Date;Count\nA1;01/10/2015;3\n"), FIELDS)


def test_truncated_last_line_names_the_row(write):
    with pytest.raises(InputError, match=r"row 3: has 2 fields where the header has 3"):
        read_csv_file(write("cut.csv", "Ref,Recorded Date,Count\nA1,01/10/2015,3\nA2,02/10/2015"), FIELDS)


def test_not_a_csv_file(write):
    with pytest.raises(InputError, match="is not a CSV text file: it looks like a ZIP archive or an XLSX workbook"):
        read_csv_file(write("book.csv", b"PK\x03\x04rest-of-a-zip"), FIELDS)


def test_every_cell_problem_is_collected_with_row_and_column(write):
    path = write("bad.csv", "Ref,Recorded Date,Count\nA1,31/02/2016,3\n,01/01/2016,-1\nA3,2016-01-03,x\n")
    with pytest.raises(InputError) as caught:
        read_csv_file(path, FIELDS)
    message = str(caught.value)
    assert "bad.csv: 5 problems" in message
    assert "row 2 column 'Recorded Date': '31/02/2016' is not a date (expected dd/mm/yyyy)" in message
    assert "row 3 column 'Ref': is blank: a value is required" in message
    assert "row 3 column 'Count': '-1' is not a whole number of 0 or more" in message
    assert "row 4 column 'Recorded Date': '2016-01-03' is not a date" in message
    assert "row 4 column 'Count': 'x' is not a whole number" in message


def test_dates_out_of_range_are_not_dates(write):
    with pytest.raises(InputError, match=r"row 2 column 'Recorded Date': '01/13/2016' is not a date"):
        read_csv_file(write("range.csv", "Ref,Recorded Date,Count\nA1,01/13/2016,1\n"), FIELDS)


@pytest.mark.parametrize("column", ["Surname", "Date of Birth", "Postcode", "Full Name", "Email"])
def test_columns_that_look_like_personal_data_are_refused(write, column):
    path = write("personal.csv", f"Ref,Recorded Date,Count,{column}\nA1,01/10/2015,3,x\n")
    with pytest.raises(InputError, match=f"columns that look like personal data \\('{column}'\\)"):
        read_csv_file(path, FIELDS)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="the file does not exist"):
        read_csv_file(tmp_path / "nope.csv", FIELDS)
    with pytest.raises(InputError, match="is a folder, expected a CSV file"):
        read_csv_file(tmp_path, FIELDS)


def test_long_lists_of_problems_are_summarised(write):
    rows = "".join(f"A{i},not-a-date,1\n" for i in range(15))
    with pytest.raises(InputError, match=r"15 problems: .*; and 5 more$"):
        read_csv_file(write("many.csv", "Ref,Recorded Date,Count\n" + rows), FIELDS)
