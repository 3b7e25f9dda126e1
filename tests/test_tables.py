import pandas as pd
from openpyxl import load_workbook

from cspanalysis.tables import neutralise, write_csv, write_workbook

HOSTILE = pd.DataFrame({
    "Ward": ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-cmd", "@SUM(A1)", "\tTab", "\rReturn", "Park", "[c]"],
    "Crimes": [1, 2, -3, 4, 5, 6, 7, 8],
    "Change (%)": [-1.5, 0.0, 2.5, 1.0, 1.0, 1.0, 1.0, 1.0],
})


def test_formula_cells_are_neutralised_and_numbers_untouched():
    safe = neutralise(HOSTILE)
    assert safe["Ward"].tolist()[:6] == ["'=HYPERLINK(\"http://x\")", "'+cmd|' /C calc'!A0", "'-cmd", "'@SUM(A1)", "'\tTab", "'\rReturn"]
    assert safe["Ward"].tolist()[6:] == ["Park", "[c]"]
    assert safe["Crimes"].tolist() == [1, 2, -3, 4, 5, 6, 7, 8]
    assert safe["Change (%)"].tolist()[0] == -1.5


def test_numbers_written_as_text_are_numbers_not_formulas():
    shown = pd.DataFrame({"Change": ["-3", "+4.5%", "-1,234.5", "-cmd", "-", "+1+1"]})
    assert neutralise(shown)["Change"].tolist() == ["-3", "+4.5%", "-1,234.5", "'-cmd", "'-", "'+1+1"]


def test_csv_and_workbook_hold_the_same_safe_cells(tmp_path):
    csv = write_csv(HOSTILE, tmp_path / "tables" / "t.csv")
    text = csv.read_text()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    book_path = write_workbook([{"slug": "s-t", "title": "=Title", "csv": csv, "footnote": "[c] suppressed"}],
                               tmp_path / "tables.xlsx", title="Review", about=[("District", "=x")], notes=["@note"])
    book = load_workbook(book_path)
    assert book.sheetnames == ["Cover", "Contents", "Notes", "T1"]
    sheet = book["T1"]
    assert sheet["A1"].value == "'=Title"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=4)]
    assert rows == [["'=HYPERLINK(\"http://x\")", 1, -1.5], ["'+cmd|' /C calc'!A0", 2, 0]]
    assert sheet["B5"].value == -3  # a negative number stays a number
    assert book["Cover"]["B3"].value == "'=x" and book["Notes"]["A2"].value == "'@note"
    assert all(not isinstance(c.value, str) or not c.value.startswith("=") for row in sheet.iter_rows() for c in row)


def test_same_tables_give_the_same_workbook_bytes(tmp_path):
    csv = write_csv(HOSTILE, tmp_path / "t.csv")
    tables = [{"slug": "s-t", "title": "T", "csv": csv, "footnote": ""}]
    first = write_workbook(tables, tmp_path / "a.xlsx", title="R", about=[], notes=[]).read_bytes()
    second = write_workbook(tables, tmp_path / "b.xlsx", title="R", about=[], notes=[]).read_bytes()
    assert first == second
