"""The ward x quarter hospital admissions extract reader: tidy columns, provider suppression, bad files."""

import pandas as pd
import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.admissions import COLUMNS, read_admissions_extract

HEADER = "Financial Year,Quarter,Ward Code,Ward Name,District,Condition,Age Group,Admissions\n"
ROWS = (
    "2015/16,Q1,E05005146,Sherwood,Tunbridge Wells,Alcohol-specific,18 and over,3\n"
    "2015/16,q4,E05005146,Sherwood,Tunbridge Wells,ALCOHOL-SPECIFIC,under 18,*\n"
    "2014/15,Q3, E05005141 ,Park,Tunbridge Wells,Substance misuse,18 and over,12\n"
)


def test_reads_the_extract_into_tidy_columns(write):
    frame = read_admissions_extract(write("adm.csv", "\ufeff" + HEADER + ROWS))
    assert frame.columns.tolist() == COLUMNS
    assert frame["fy_start"].tolist() == [2015, 2015, 2014]
    assert frame["quarter"].tolist() == [1, 4, 3]
    assert frame["condition"].tolist() == ["Alcohol-specific", "Alcohol-specific", "Substance misuse"]
    assert frame["age_group"].tolist() == ["18 and over", "Under 18", "18 and over"]
    assert frame["ward_code"].tolist()[2] == "E05005141"
    # Q4 of 2015/16 is January to March 2016; Q3 of 2014/15 is October to December 2014
    assert frame["quarter_start"].dt.strftime("%Y-%m-%d").tolist() == ["2015-04-01", "2016-01-01", "2014-10-01"]
    assert frame["quarter_end"].dt.strftime("%Y-%m-%d").tolist() == ["2015-06-30", "2016-03-31", "2014-12-31"]


def test_a_star_is_a_suppressed_count_not_zero(write):
    frame = read_admissions_extract(write("adm.csv", HEADER + ROWS))
    assert frame["suppressed"].tolist() == [False, True, False]
    assert pd.isna(frame.loc[1, "admissions"])
    assert frame["admissions"].dropna().tolist() == [3, 12]
    assert str(frame["admissions"].dtype) == "Int64"


def test_bad_cells_are_all_reported_with_row_and_column(write):
    bad = "2015/17,Q5,E0500514,Sherwood,Tunbridge Wells,Drugs,Adults,2.5\n"
    with pytest.raises(InputError) as caught:
        read_admissions_extract(write("adm.csv", HEADER + ROWS + bad))
    message = str(caught.value)
    assert message.startswith(str(caught.value.path) + ": 6 problems:")
    for expected in (
        "row 5 column 'Financial Year': '2015/17' is not a financial year: the second year must follow the first",
        "row 5 column 'Quarter': 'Q5' is not a quarter Q1 to Q4",
        "row 5 column 'Ward Code': 'E0500514' is not a ward code like E05005146",
        "row 5 column 'Condition': 'Drugs' is not one of: Alcohol-specific, Substance misuse",
        "row 5 column 'Age Group': 'Adults' is not one of: 18 and over, Under 18",
        "row 5 column 'Admissions': '2.5' is not a whole number of admissions, or * for a suppressed count of 1 to 4",
    ):
        assert expected in message


def test_a_count_given_twice_is_an_error(write):
    again = "2015/16,Q1,E05005146,Sherwood,Tunbridge Wells,alcohol-specific,18 AND OVER,1\n"
    with pytest.raises(InputError, match=r"row 2: Sherwood, 2015/16 Q1, Alcohol-specific, 18 and over: given on more "
                                         r"than one row \(each count once\); row 5: "):
        read_admissions_extract(write("adm.csv", HEADER + ROWS + again))


def test_one_ward_code_with_two_names_is_an_error(write):
    other = "2013/14,Q1,E05005146,Sherwood Ward,Tunbridge Wells,Alcohol-specific,18 and over,1\n"
    with pytest.raises(InputError, match=r"row 2 column 'Ward Name': ward code E05005146 has more than one name: "
                                         r"Sherwood, Sherwood Ward"):
        read_admissions_extract(write("adm.csv", HEADER + ROWS + other))


def test_missing_column_and_blank_cell(write):
    with pytest.raises(InputError, match=r"column 'Age Group': missing column: expected it in the header"):
        read_admissions_extract(write("a.csv", HEADER.replace(",Age Group", "") + "2015/16,Q1,E05005146,Sherwood,Tunbridge Wells,Alcohol-specific,3\n"))
    with pytest.raises(InputError, match=r"row 2 column 'Admissions': is blank: a value is required"):
        read_admissions_extract(write("b.csv", HEADER + "2015/16,Q1,E05005146,Sherwood,Tunbridge Wells,Alcohol-specific,Under 18,\n"))


def test_semicolon_separated_file_gets_a_hint(write):
    with pytest.raises(InputError, match=r"the file seems to be separated by ';', expected ','"):
        read_admissions_extract(write("adm.csv", HEADER.replace(",", ";") + ROWS.replace(",", ";")))


def test_header_only(write):
    with pytest.raises(InputError, match="the file has a header but no data rows"):
        read_admissions_extract(write("adm.csv", HEADER))
