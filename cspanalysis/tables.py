"""Writing published tables so people can take them away safely.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are neutralised with a leading apostrophe;
numbers are left as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def neutralise_cell(value):
    """A text cell made safe for spreadsheets; numbers (also numbers written as text, like -3.5) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and column name) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    return safe


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a published table as UTF-8 CSV with '\\n' line ends, formula-safe."""
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise(frame).to_csv(path, index=False, lineterminator="\n")
    return path


def write_workbook(tables: list[dict], path: Path, *, title: str, about: list[tuple[str, str]], notes: list[str]) -> Path:
    """All published tables in one XLSX: a cover sheet, a contents sheet, notes, then one sheet a table.

    ``tables`` are dicts with ``slug``, ``title``, ``csv`` (the published CSV's path) and
    ``footnote``.  Cells are read back from the published CSVs, so the workbook holds exactly
    what was published, with text neutralised; numbers stay numbers.  The file's timestamps
    are fixed so the same tables give the same bytes.
    """
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = title
    cover["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(about, start=3):
        cover.cell(row=row, column=1, value=label).font = Font(bold=True)
        cover.cell(row=row, column=2, value=neutralise_cell(value))
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 90

    contents = book.create_sheet("Contents")
    contents.append(["Sheet", "Table"])
    for cell in contents[1]:
        cell.font = Font(bold=True)
    notes_sheet = book.create_sheet("Notes")
    notes_sheet.append(["Notes"])
    notes_sheet["A1"].font = Font(bold=True)
    for note in notes:
        notes_sheet.append([neutralise_cell(note)])
    notes_sheet.column_dimensions["A"].width = 120

    for number, table in enumerate(tables, start=1):
        name = f"T{number}"
        sheet = book.create_sheet(name)
        sheet.append([neutralise_cell(table["title"])])
        sheet["A1"].font = Font(bold=True)
        frame = pd.read_csv(table["csv"], dtype=str, keep_default_na=False)
        sheet.append(list(frame.columns))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for values in frame.itertuples(index=False):
            sheet.append([_number_or_text(v) for v in values])
        if table.get("footnote"):
            sheet.append([])
            sheet.append([neutralise_cell(table["footnote"])])
        for column in range(1, len(frame.columns) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 22
        contents.append([name, table["title"]])
        contents.cell(row=contents.max_row, column=1).hyperlink = f"#{name}!A1"
    contents.column_dimensions["B"].width = 100

    fixed = datetime.datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "cspanalysis"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    _fix_zip_times(path)
    return path


def _number_or_text(value: str):
    """Published CSV cells back to numbers where they are numbers; text stays (already neutralised)."""
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def _fix_zip_times(path: Path) -> None:
    """Rewrite the XLSX zip with fixed member times so identical content gives identical bytes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
