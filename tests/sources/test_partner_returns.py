"""Partner returns from CSV files and XLSX workbooks: the tidy frame, and one clear error per bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from cspanalysis.errors import ConfigError, InputError
from cspanalysis.registry import load_registry
from cspanalysis.sources.partner_returns import FinancialQuarter, parse_quarter, read_partner_returns

HEADER = "period,agency,measure,value,breakdown,note\n"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def workbook(path, sheets: dict[str, list[list]]):
    """Write an XLSX workbook with one sheet per entry (rows as lists, the header first)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


DAVSS_SHEET = [
    ["Period", "Measure", "Breakdown", "Value", "Note"],
    ["2016/17 Q1", "referrals", "high", 20, None],
    ["2016/17 Q1", "Referrals received", "Standard or Medium", 35.0, "from the helpline"],
    ["2016/17 Q2", "referrals", "high", 25, None],
]
MARAC_SHEET = [
    ["period", "agency", "measure", "value"],
    ["2016/17 Q1", "West Kent MARAC", "new_cases", 30],
    ["2016/17 Q2", "marac", "repeat_cases", 7],
]


# --- good returns ------------------------------------------------------------------------------


def test_csv_return_is_tidied(write, registry):
    path = write("returns.csv", HEADER
                 + "2016/17 Q1,Speed Watch,advisory_letters,\"1,275\",Hawkhurst,\n"
                 + "2016/17 Q1, speedwatch ,Advisory letters sent to speeding drivers,141,Five Oak Green and  Tudeley,note\n"
                 + "2016-17 q4,Family Matters,victims_supported,0,,\n")
    frame = read_partner_returns(path, registry)
    assert list(frame.columns) == [
        "period", "fy_start", "quarter", "quarter_start", "quarter_end", "agency", "measure", "breakdown",
        "value", "note", "section", "aggregate", "source", "row",
    ]
    first = frame.iloc[0]
    assert (first["period"], first["fy_start"], first["quarter"]) == ("2016/17 Q1", 2016, 1)
    assert (first["quarter_start"], first["quarter_end"]) == (pd.Timestamp("2016-04-01"), pd.Timestamp("2016-06-30"))
    assert frame["agency"].tolist() == ["speed_watch", "speed_watch", "family_matters"]
    assert frame["measure"].tolist() == ["advisory_letters", "advisory_letters", "victims_supported"]
    assert frame["breakdown"].tolist()[:2] == ["Five Oak Green and Tudeley", "Hawkhurst"]
    assert pd.isna(frame["breakdown"].iloc[2])
    assert frame["value"].tolist() == [141, 1275, 0]
    assert frame["value"].dtype == "int64"
    last = frame.iloc[2]
    assert (last["period"], last["quarter_start"], last["quarter_end"]) == (
        "2016/17 Q4", pd.Timestamp("2017-01-01"), pd.Timestamp("2017-03-31"))
    assert frame["row"].tolist() == [3, 2, 4]
    assert frame["source"].unique().tolist() == ["returns.csv"]
    assert frame.loc[0, "note"] == "note"
    assert frame.loc[0, "section"] == "road_safety" and frame.loc[0, "aggregate"] == "sum"


def test_xlsx_return_one_sheet_per_agency(tmp_path, registry):
    path = workbook(tmp_path / "returns.xlsx", {
        "Cover": [["Partner returns 2016/17"], ["Please fill in one sheet per agency"]],
        "DAVSS": DAVSS_SHEET,
        "MARAC": [["MARAC return"], [], *MARAC_SHEET],  # a title above the header
    })
    frame = read_partner_returns(path, registry, expected_agencies=["DAVSS", "MARAC"])
    assert frame[["period", "agency", "measure", "breakdown", "value"]].astype(object).where(frame.notna(), None).values.tolist() == [
        ["2016/17 Q1", "davss", "referrals", "high", 20],
        ["2016/17 Q1", "davss", "referrals", "standard or medium", 35],
        ["2016/17 Q1", "marac", "new_cases", None, 30],
        ["2016/17 Q2", "davss", "referrals", "high", 25],
        ["2016/17 Q2", "marac", "repeat_cases", None, 7],
    ]
    assert frame["source"].tolist() == ["returns.xlsx[DAVSS]", "returns.xlsx[DAVSS]", "returns.xlsx[MARAC]",
                                        "returns.xlsx[DAVSS]", "returns.xlsx[MARAC]"]
    assert frame["row"].tolist() == [2, 3, 4, 4, 5]
    assert frame.loc[1, "note"] == "from the helpline"


def test_folder_reads_every_csv_and_workbook(tmp_path, registry):
    workbook(tmp_path / "2016-17.xlsx", {"DAVSS": DAVSS_SHEET})
    (tmp_path / "kent-police.csv").write_text(HEADER + "2016/17 Q3,Kent Police,class_a_supply_arrests,4,Rusthall,\n")
    (tmp_path / "~$2016-17.xlsx").write_bytes(b"lock file")
    (tmp_path / "readme.txt").write_text("not a return")
    frame = read_partner_returns(tmp_path, registry, expected_agencies=["DAVSS", "Kent Police"])
    assert frame["agency"].tolist() == ["davss", "davss", "davss", "kent_police"]
    assert frame["period"].tolist() == ["2016/17 Q1", "2016/17 Q1", "2016/17 Q2", "2016/17 Q3"]


# --- bad returns -----------------------------------------------------------------------------


def test_negative_value(write, registry):
    path = write("returns.csv", HEADER + "2016/17 Q1,DAVSS,referrals,20,high,\n2016/17 Q2,DAVSS,referrals,-3,high,\n")
    with pytest.raises(InputError, match=r"returns.csv: 1 problem: row 3 column 'value': '-3' is negative: a count is 0 or more$"):
        read_partner_returns(path, registry)


def test_text_in_the_number_column(write, registry):
    path = write("returns.csv", HEADER + "2016/17 Q1,MARAC,new_cases,twelve,,\n2016/17 Q2,MARAC,new_cases,4.5,,\n")
    with pytest.raises(InputError, match=r"2 problems: row 2 column 'value': 'twelve' is not a whole number "
                                         r"\(expected a count such as 12\); row 3 column 'value': '4.5' is not a whole number"):
        read_partner_returns(path, registry)


def test_unknown_measure_lists_the_known_measures(write, registry):
    path = write("returns.csv", HEADER + "2016/17 Q1,DAVSS,referals,20,high,\n")
    with pytest.raises(InputError, match=r"row 2 column 'measure': 'referals' is not a measure of DAVSS: "
                                         r"its measures are referrals, training_provided$"):
        read_partner_returns(path, registry)


def test_unknown_agency_lists_the_known_agencies(write, registry):
    path = write("returns.csv", HEADER + "2016/17 Q1,Fire Brigade,visits,2,,\n")
    with pytest.raises(InputError, match=r"row 2 column 'agency': 'Fire Brigade' is not a known agency: expected one of DAVSS, MARAC, "):
        read_partner_returns(path, registry)


def test_duplicate_row(write, registry):
    path = write("returns.csv", HEADER
                 + "2016/17 Q1,DAVSS,referrals,20,high,\n"
                 + "2016/17 Q1,DAVSS,referrals,35,standard or medium,\n"
                 + "2016/17 Q1,davss,Referrals received,21,High,corrected\n")
    with pytest.raises(InputError, match=r"returns.csv: 1 problem: row 4: duplicates row 2: the same period, agency, measure "
                                         r"and breakdown \(2016/17 Q1, DAVSS, referrals, high\); give each number once$"):
        read_partner_returns(path, registry)


def test_duplicate_across_files_names_the_other_file(tmp_path, registry):
    workbook(tmp_path / "a.xlsx", {"DAVSS": DAVSS_SHEET})
    (tmp_path / "b.csv").write_text(HEADER + "2016/17 Q2,DAVSS,referrals,25,high,\n")
    with pytest.raises(InputError, match=r"b.csv: 1 problem: row 2: duplicates a.xlsx\[DAVSS\] row 4"):
        read_partner_returns(tmp_path, registry)


@pytest.mark.parametrize("period, message", [
    ("2016/17 Q5", "'2016/17 Q5' is not a quarter that exists: quarters are Q1 to Q4"),
    ("2016/18 Q1", r"'2016/18 Q1' is not a financial year: the second year must follow the first \(like 2016/17\)"),
    ("Q1 2016", r"'Q1 2016' is not a financial-year quarter \(expected like 2016/17 Q1\)"),
    ("2016/17", r"'2016/17' is not a financial-year quarter"),
])
def test_quarters_that_do_not_exist(write, registry, period, message):
    path = write("returns.csv", HEADER + f"{period},MARAC,new_cases,3,,\n")
    with pytest.raises(InputError, match=f"returns.csv: 1 problem: row 2 column 'period': {message}"):
        read_partner_returns(path, registry)


def test_breakdown_must_fit_the_measure(write, registry):
    path = write("returns.csv", HEADER
                 + "2016/17 Q1,DAVSS,referrals,20,very high,\n"
                 + "2016/17 Q1,MARAC,new_cases,4,Tonbridge,\n")
    with pytest.raises(InputError, match=r"row 2 column 'breakdown': 'very high' is not a risk level for DAVSS referrals: "
                                         r"expected one of high, medium, standard, standard or medium; "
                                         r"row 3 column 'breakdown': 'Tonbridge' is a breakdown but MARAC new_cases has none"):
        read_partner_returns(path, registry)


def test_a_total_beside_its_breakdown_would_count_twice(write, registry):
    path = write("returns.csv", HEADER
                 + "2016/17 Q1,DAVSS,referrals,20,high,\n"
                 + "2016/17 Q1,DAVSS,referrals,55,,\n"
                 + "2016/17 Q1,DAVSS,referrals,35,standard or medium,\n")
    with pytest.raises(InputError, match=r"row 3 column 'breakdown': gives a total for 2016/17 Q1, DAVSS, referrals while "
                                         r"row 2, row 4 give its breakdown, so it would be counted twice"):
        read_partner_returns(path, registry)


def test_missing_column_and_blank_cells(write, registry):
    with pytest.raises(InputError, match=r"1 problem: column 'value': missing column"):
        read_partner_returns(write("a.csv", "period,agency,measure\n2016/17 Q1,MARAC,new_cases\n"), registry)
    with pytest.raises(InputError, match=r"row 2 column 'agency': is blank: a value is required"):
        read_partner_returns(write("b.csv", HEADER + "2016/17 Q1,,new_cases,3,,\n"), registry)


def test_every_problem_is_reported_at_once(write, registry):
    path = write("returns.csv", HEADER
                 + "2016/17 Q9,DAVSS,referrals,-1,high,\n"
                 + "2016/17 Q1,CDAP,men,2,,\n")
    with pytest.raises(InputError, match=r"returns.csv: 3 problems: row 2 column 'period': .*; row 2 column 'value': .*; "
                                         r"row 3 column 'measure': 'men' is not a measure of CDAP"):
        read_partner_returns(path, registry)


def test_xlsx_problem_names_the_sheet(tmp_path, registry):
    sheet = [row[:] for row in DAVSS_SHEET]
    sheet[2][3] = -35
    path = workbook(tmp_path / "returns.xlsx", {"DAVSS": sheet, "MARAC": MARAC_SHEET})
    with pytest.raises(InputError, match=r"returns.xlsx\[DAVSS\]: 1 problem: row 3 column 'value': '-35' is negative"):
        read_partner_returns(path, registry)


def test_xlsx_text_in_a_number_cell(tmp_path, registry):
    sheet = [row[:] for row in MARAC_SHEET]
    sheet[1][3] = "thirty"
    path = workbook(tmp_path / "returns.xlsx", {"MARAC": sheet})
    with pytest.raises(InputError, match=r"returns.xlsx\[MARAC\]: 1 problem: row 2 column 'value': 'thirty' is not a whole number"):
        read_partner_returns(path, registry)


def test_xlsx_missing_sheet(tmp_path, registry):
    path = workbook(tmp_path / "returns.xlsx", {"Cover": [["notes"]], "DAVSS": DAVSS_SHEET})
    with pytest.raises(InputError, match=r"returns.xlsx: 1 problem: missing sheet for MARAC \(West Kent Multi-Agency Risk "
                                         r"Assessment Conference\): expected a sheet named 'MARAC'"):
        read_partner_returns(path, registry, expected_agencies=["DAVSS", "marac"])


def test_folder_missing_an_agency(tmp_path, registry):
    workbook(tmp_path / "returns.xlsx", {"DAVSS": DAVSS_SHEET})
    with pytest.raises(InputError, match=r"1 problem: no return from KFRS \(Kent Fire and Rescue Service\): expected a sheet "
                                         r"named 'KFRS' \(or one of its other names: Kent Fire and Rescue\) in a workbook, or its rows in a CSV file"):
        read_partner_returns(tmp_path, registry, expected_agencies=["KFRS"])


def test_expected_agency_must_be_known(tmp_path, registry):
    path = workbook(tmp_path / "returns.xlsx", {"DAVSS": DAVSS_SHEET})
    with pytest.raises(ConfigError, match="'Fire Brigade' is not a known agency"):
        read_partner_returns(path, registry, expected_agencies=["Fire Brigade"])


def test_xlsx_sheet_agency_mismatch_and_unknown_sheet(tmp_path, registry):
    davss = [["period", "agency", "measure", "value"], ["2016/17 Q1", "MARAC", "new_cases", 3]]
    path = workbook(tmp_path / "returns.xlsx", {"DAVSS": davss, "Sheet1": [["period", "measure", "value"], ["2016/17 Q1", "x", 1]]})
    with pytest.raises(InputError, match=r"returns.xlsx: 2 problems: returns.xlsx\[DAVSS\] row 2 column 'agency': 'MARAC' is not "
                                         r"the sheet's agency \(DAVSS\): each sheet holds one agency's return; "
                                         r"returns.xlsx\[Sheet1\] the sheet name 'Sheet1' is not a known agency and the sheet "
                                         r"has no agency column"):
        read_partner_returns(path, registry)


def test_problems_in_several_files_are_reported_together(tmp_path, registry):
    workbook(tmp_path / "a.xlsx", {"MARAC": [["period", "measure", "value"], ["2016/17 Q1", "new_cases", -1]]})
    (tmp_path / "b.csv").write_text(HEADER + "2016/17 Q1,CDAP,men_supported,x,,\n")
    with pytest.raises(InputError, match=r"2 problems: a.xlsx\[MARAC\] row 2 column 'value': '-1' is negative.*; "
                                         r"b.csv row 2 column 'value': 'x' is not a whole number"):
        read_partner_returns(tmp_path, registry)


def test_xlsx_without_header_or_rows(tmp_path, registry):
    path = workbook(tmp_path / "returns.xlsx", {"DAVSS": [["nothing here"]], "MARAC": [["period", "measure", "value"]]})
    with pytest.raises(InputError, match=r"returns.xlsx\[DAVSS\] no header row: expected the columns period, .*; "
                                         r"returns.xlsx\[MARAC\] the sheet has a header but no data rows"):
        read_partner_returns(path, registry)


def test_workbook_with_only_a_cover(tmp_path, registry):
    path = workbook(tmp_path / "returns.xlsx", {"Cover": [["Partner returns 2016/17"]]})
    with pytest.raises(InputError, match=r"returns.xlsx: 1 problem: holds no agency sheets, only 'Cover': expected one sheet per agency"):
        read_partner_returns(path, registry)


def test_not_a_workbook_and_not_a_return(tmp_path, registry):
    bad = tmp_path / "returns.xlsx"
    bad.write_text("period,agency\n")
    with pytest.raises(InputError, match=r"returns.xlsx: 1 problem: could not be read as an XLSX workbook"):
        read_partner_returns(bad, registry)
    other = tmp_path / "returns.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"is a .pdf file: expected a .csv or .xlsx partner return"):
        read_partner_returns(other, registry)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no .csv or .xlsx partner returns"):
        read_partner_returns(empty, registry)


# --- quarters ------------------------------------------------------------------------------------


def test_parse_quarter():
    q = parse_quarter("2016/17 Q3")
    assert q == FinancialQuarter(2016, 3)
    assert (q.label, q.financial_year) == ("2016/17 Q3", "2016/17")
    assert (q.start, q.end) == (pd.Timestamp("2016-10-01"), pd.Timestamp("2016-12-31"))
    assert parse_quarter("2016-2017 q4").end == pd.Timestamp("2017-03-31")
    assert parse_quarter("1999/00 Q1").label == "1999/00 Q1"
    with pytest.raises(ConfigError, match="quarters are Q1 to Q4"):
        parse_quarter("2016/17 Q0")
