"""Partner agencies' quarterly returns, from CSV files and XLSX workbooks, checked against the registry.

A return is one long table, one row per number::

    period      financial-year quarter, written like ``2016/17 Q1`` (Q1 = April-June,
                Q2 = July-September, Q3 = October-December, Q4 = January-March);
                ``2016-17 Q1``, ``2016/2017 q1`` are read too
    agency      the agency, by its id, full name or an alias of the registry
                (case-insensitive); in a workbook it may be left out: the sheet name says it
    measure     the measure's id or label in the registry (case-insensitive)
    value       a whole number of 0 or more (thousands separators allowed: ``1,275``)
    breakdown   optional: one value of the measure's breakdown kind (a risk level, a
                location, ...); blank for the measure's total
    note        optional free text, kept but not checked

Agencies send CSV files or XLSX workbooks with one sheet per agency (headers in any case;
the header may sit under a title, within the first 10 rows). Sheets named Cover, Notes,
README, Instructions, Guidance or Contents are not returns and are skipped; formula cells
are read as the value the spreadsheet last computed (blank if it never did). A folder is
read whole: every ``.csv`` and ``.xlsx`` in it, in name order (Excel's ``~$`` lock files
and hidden files skipped).

Checks (every problem in every file is collected, then one ``InputError`` names the
file, for workbooks the sheet as ``returns.xlsx[DAVSS]``, the row and the column):
known agencies and measures (an unknown measure lists the agency's measures), breakdowns
allowed by the measure, whole numbers of 0 or more, quarters that exist, no two rows for
the same period, agency, measure and breakdown, no total row beside breakdown rows of the
same measure and quarter (it would be counted twice), and, when ``expected_agencies`` is
given, a return (a sheet, or rows) from each of those agencies.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

import pandas as pd
import pandera.pandas as pa

from cspanalysis.errors import ConfigError, InputError, Problem
from cspanalysis.registry import Agency, Registry
from cspanalysis.sources.reading import Field, read_text_table, validate

#: sheet names (case-insensitive) that hold no return: a cover, notes or instructions
COVER_SHEETS = frozenset({"cover", "notes", "readme", "read me", "instructions", "guidance", "contents"})

#: columns of the tidy frame ``read_partner_returns`` returns, in order
COLUMNS = (
    "period", "fy_start", "quarter", "quarter_start", "quarter_end",
    "agency", "measure", "breakdown", "value", "note", "section", "aggregate", "source", "row",
)

_QUARTER = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*[Qq]\s*(\d+)$")
_WHOLE = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)$")
_NEGATIVE = re.compile(r"^-\s*\d")
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, order=True)
class FinancialQuarter:
    """A quarter of a financial year (April to March): ``year`` is the year the financial year starts."""

    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def start(self) -> pd.Timestamp:
        """First day of the quarter (Q1 starts 1 April)."""
        month = 4 + 3 * (self.number - 1)
        return pd.Timestamp(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> pd.Timestamp:
        """Last day of the quarter (Q1 ends 30 June)."""
        return self.start + pd.DateOffset(months=3) - pd.Timedelta(days=1)

    def __str__(self) -> str:
        return self.label


def _quarter_parts(text: str) -> tuple[int, int, int] | None:
    """(first year, second year, quarter number) of well-formed text, else None."""
    match = _QUARTER.match(str(text).strip())
    if not match:
        return None
    first, second, number = int(match.group(1)), match.group(2), int(match.group(3))
    second_year = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and first % 100 == 99 and second == "00":
        second_year = first + 1
    return first, second_year, number


def _quarter_problem(text: str) -> str | None:
    """What is wrong with a quarter written as ``text``, or None if it is a real quarter."""
    parts = _quarter_parts(text)
    if parts is None:
        return f"{text!r} is not a financial-year quarter (expected like 2016/17 Q1)"
    first, second, number = parts
    if second != first + 1:
        return f"{text!r} is not a financial year: the second year must follow the first (like {first}/{(first + 1) % 100:02d})"
    if not 1 <= number <= 4:
        return f"{text!r} is not a quarter that exists: quarters are Q1 to Q4"
    return None


def parse_quarter(text: str) -> FinancialQuarter:
    """A financial-year quarter from text like ``2016/17 Q3``; ``ConfigError`` if it is not one."""
    problem = _quarter_problem(text)
    if problem:
        raise ConfigError(problem)
    first, _second, number = _quarter_parts(text)
    return FinancialQuarter(first, number)


def _check(test, error: str) -> pa.Check:
    """A pandera check applying ``test`` to each non-blank cell."""

    def run(series: pd.Series) -> pd.Series:
        return series.map(lambda cell: pd.isna(cell) or bool(test(cell))).astype(bool)

    return pa.Check(run, error=error)


_PERIOD_CHECKS = (
    _check(lambda c: _quarter_parts(c) is not None, "is not a financial-year quarter (expected like 2016/17 Q1)"),
    _check(lambda c: (p := _quarter_parts(c)) is None or p[1] == p[0] + 1,
           "is not a financial year: the second year must follow the first (like 2016/17)"),
    _check(lambda c: (p := _quarter_parts(c)) is None or 1 <= p[2] <= 4,
           "is not a quarter that exists: quarters are Q1 to Q4"),
)
_VALUE_CHECKS = (
    _check(lambda c: _WHOLE.match(c), "is not a whole number (expected a count such as 12)"),
    _check(lambda c: not (_WHOLE.match(c) and _NEGATIVE.match(c)), "is negative: a count is 0 or more"),
)


def _fields(agency_required: bool) -> list[Field]:
    return [
        Field("period", "period", checks=_PERIOD_CHECKS),
        Field("agency", "agency", required=agency_required, nullable=not agency_required),
        Field("measure", "measure"),
        Field("value", "value", checks=_VALUE_CHECKS),
        Field("breakdown", "breakdown", required=False, nullable=True),
        Field("note", "note", required=False, nullable=True),
    ]


_COLUMN_ORDER = {name: i for i, name in enumerate(["period", "agency", "measure", "value", "breakdown", "note"])}


@dataclass
class _Table:
    """The text cells of one CSV file or one sheet, indexed by the file's row numbers."""

    location: str
    frame: pd.DataFrame
    sheet_agency: Agency | None = None
    sheet_name: str | None = None


class _Problems:
    """Problems collected per location (a file, or a workbook sheet), in reading order."""

    def __init__(self) -> None:
        self.by_location: dict[str, list[Problem]] = {}

    def add(self, location: str, problems: Iterable[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.by_location.setdefault(location, []).extend(problems)

    def raise_if_any(self, top: Path) -> None:
        found = {k: v for k, v in self.by_location.items() if v}
        if not found:
            return
        for location, problems in found.items():
            problems.sort(key=lambda p: (p.row or 0, _COLUMN_ORDER.get(p.column or "", -1)))
        if len(found) == 1:
            location, problems = next(iter(found.items()))
            raise InputError(location, problems)
        base = top if top.is_dir() else top.parent
        prefix = str(base) + os.sep
        flat = [
            Problem(f"{location.removeprefix(prefix)} {problem}")
            for location, problems in found.items()
            for problem in problems
        ]
        raise InputError(top, flat)


def read_partner_returns(
    path: Path | str,
    registry: Registry,
    *,
    expected_agencies: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Read, check and tidy partner returns from a CSV file, an XLSX workbook or a folder of them.

    Parameters
    ----------
    path
        a ``.csv`` file, a ``.xlsx`` workbook (one sheet per agency), or a folder: every
        ``.csv`` and ``.xlsx`` file in it.
    registry
        the agencies and measures (``cspanalysis.registry.load_registry()``).
    expected_agencies
        agencies (id, name or alias) that must have sent a return: a workbook must have
        their sheet, a folder a sheet or CSV rows. An absent one is an ``InputError``.

    Returns
    -------
    One row per number, sorted by quarter, agency, measure and breakdown, with columns
    ``period`` (``2016/17 Q1``), ``fy_start`` (2016), ``quarter`` (1-4),
    ``quarter_start``/``quarter_end`` (first and last day), ``agency`` and ``measure``
    (registry ids), ``breakdown`` (the registry's spelling for closed lists; free text
    with spaces tidied and one spelling per value; missing for a total), ``value`` (int),
    ``note``, ``section`` and ``aggregate`` (from the registry), ``source`` (file, and
    ``[sheet]`` for workbooks) and ``row`` (the row in that file or sheet).
    """
    path = Path(path)
    expected = [registry.get_agency(name) for name in expected_agencies or ()]
    problems = _Problems()
    tables = [table for file in _files(path) for table in _read_file(file, registry, problems)]

    records: list[dict] = []
    seen_agencies: set[str] = set()
    for table in tables:
        records += _check_table(table, registry, problems, seen_agencies)
    _check_across(records, problems)
    _check_expected(path, expected, seen_agencies, problems)
    problems.raise_if_any(path)
    return _tidy(records)


def _files(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError(path, "does not exist: expected a .csv or .xlsx partner return, or a folder of them")
    if path.is_file():
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise InputError(path, f"is a {path.suffix or 'extensionless'} file: expected a .csv or .xlsx partner return")
        return [path]
    files = sorted(
        p for p in path.iterdir()
        if p.is_file() and p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith(("~$", "."))
    )
    if not files:
        raise InputError(path, "holds no .csv or .xlsx partner returns")
    return files


def _read_file(path: Path, registry: Registry, problems: _Problems) -> list[_Table]:
    if path.suffix.lower() == ".csv":
        problems.add(str(path), [])  # problems are reported in reading order
        try:
            frame = read_text_table(path, _fields(agency_required=True))
        except InputError as error:
            problems.add(str(path), error.problems)
            return []
        frame.index = frame.index + 2  # the file's own row numbers: the header is row 1
        return [_Table(str(path), _with_optional_columns(frame))]
    return _read_workbook(path, registry, problems)


def _with_optional_columns(frame: pd.DataFrame) -> pd.DataFrame:
    for name in ("agency", "breakdown", "note"):
        if name not in frame:
            frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame


def _read_workbook(path: Path, registry: Registry, problems: _Problems) -> list[_Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        problems.add(str(path), Problem(f"could not be read as an XLSX workbook ({type(error).__name__}: {error})"))
        return []
    tables = []
    titles = workbook.sheetnames
    try:
        for sheet in workbook.worksheets:
            if sheet.title.strip().casefold() in COVER_SHEETS:
                continue
            location = f"{path}[{sheet.title}]"
            problems.add(location, [])  # problems are reported in reading order
            rows = list(sheet.iter_rows(values_only=True))
            table = _sheet_table(location, sheet.title, rows, registry, problems)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if all(title.strip().casefold() in COVER_SHEETS for title in titles):
        problems.add(str(path), Problem(f"holds no agency sheets, only {', '.join(map(repr, titles))}: expected one sheet per agency"))
    return tables


def _cell_text(value) -> str | None:
    """A workbook cell as the text a CSV file would hold (whole floats without '.0')."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = str(value).upper()
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, (datetime, date)):
        text = value.isoformat()
    else:
        text = str(value).strip()
    return text or None


def _sheet_table(location, title, rows, registry, problems) -> _Table | None:
    header_at = None
    for number, row in enumerate(rows[:_HEADER_SEARCH_ROWS], start=1):
        names = [(_cell_text(c) or "").casefold() for c in row]
        if "period" in names and "measure" in names:
            header_at, header = number, names
            break
    if header_at is None:
        problems.add(location, Problem(
            f"no header row: expected the columns period, agency (optional), measure, value, breakdown "
            f"(optional), note (optional) in one of the first {_HEADER_SEARCH_ROWS} rows"
        ))
        return None
    missing = [name for name in ("value",) if name not in header]
    if missing:
        problems.add(location, [Problem("missing column: expected it in the header", column=n) for n in missing])
        return None
    positions = {}
    for position, name in enumerate(header):
        if name in _COLUMN_ORDER:
            if name in positions:
                problems.add(location, Problem("the column appears more than once in the header", column=name))
                return None
            positions[name] = position
    data: dict[str, list] = {name: [] for name in positions}
    index = []
    for number, row in enumerate(rows[header_at:], start=header_at + 1):
        cells = {name: _cell_text(row[i]) if i < len(row) else None for name, i in positions.items()}
        if all(v is None for v in cells.values()):
            continue  # a blank row
        index.append(number)
        for name, text in cells.items():
            data[name].append(text)
    sheet_agency = registry.find_agency(title)
    if sheet_agency is None and "agency" not in positions:
        problems.add(location, Problem(
            f"the sheet name {title!r} is not a known agency and the sheet has no agency column: name the "
            f"sheet after the agency (one of {registry.known_agencies()}) or add an agency column"))
        return None
    if not index:
        problems.add(location, Problem("the sheet has a header but no data rows"))
        return None
    frame = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in data.items()})
    frame.index = pd.Index(index)
    return _Table(location, _with_optional_columns(frame), sheet_agency, title)


def _check_table(table: _Table, registry: Registry, problems: _Problems, seen_agencies: set[str]) -> list[dict]:
    """Validate one file or sheet: cell formats (pandera), then agencies, measures, breakdowns."""
    frame = table.frame
    fields = _fields(agency_required=table.sheet_name is None)
    try:
        validate(frame, fields, Path(table.location), first_row=0)
    except InputError as error:
        problems.add(table.location, error.problems)
    if table.sheet_agency is not None:
        seen_agencies.add(table.sheet_agency.id)

    records = []
    for row, cells in zip(frame.index, frame.to_dict("records")):
        found = []
        agency = _row_agency(table, registry, cells.get("agency"), row, found, seen_agencies)
        measure = None
        if agency is not None and not pd.isna(cells["measure"]):
            measure = agency.find_measure(cells["measure"])
            if measure is None:
                found.append(Problem(
                    f"{cells['measure']!r} is not a measure of {agency.short_name}: "
                    f"its measures are {', '.join(agency.measure_ids)}", row, "measure"))
        breakdown = None
        if measure is not None and not pd.isna(cells["breakdown"]):
            breakdown = _row_breakdown(registry, agency, measure, cells["breakdown"], row, found)
        period_text, value_text = cells["period"], cells["value"]
        problems.add(table.location, found)
        if found or measure is None or pd.isna(period_text) or pd.isna(value_text):
            continue
        if _quarter_problem(period_text) or not _WHOLE.match(value_text) or _NEGATIVE.match(value_text):
            continue  # reported by the cell checks
        records.append({
            "quarter": parse_quarter(period_text),
            "agency": agency.id,
            "agency_name": agency.short_name,
            "measure": measure.id,
            "breakdown": breakdown,
            "value": int(value_text.replace(",", "")),
            "note": None if pd.isna(cells["note"]) else cells["note"],
            "section": measure.section,
            "aggregate": measure.aggregate,
            "source": _short_location(table.location),
            "location": table.location,
            "row": int(row),
        })
    return records


def _short_location(location: str) -> str:
    """The file name (and sheet) of a location, for the tidy frame's ``source`` column."""
    return Path(location.split("[", 1)[0]).name + ("[" + location.split("[", 1)[1] if "[" in location else "")


def _row_agency(table, registry, text, row, found, seen_agencies) -> Agency | None:
    if pd.isna(text):
        if table.sheet_agency is not None:
            return table.sheet_agency
        if table.sheet_name is not None:
            found.append(Problem(
                f"is blank and the sheet name {table.sheet_name!r} is not a known agency: write the agency "
                f"in this column or name the sheet after the agency (one of {registry.known_agencies()})",
                row, "agency"))
        return None  # a blank in a CSV file is reported by the cell checks
    agency = registry.find_agency(text)
    if agency is None:
        found.append(Problem(f"{text!r} is not a known agency: expected one of {registry.known_agencies()}", row, "agency"))
        return None
    seen_agencies.add(agency.id)
    if table.sheet_agency is not None and agency.id != table.sheet_agency.id:
        found.append(Problem(
            f"{text!r} is not the sheet's agency ({table.sheet_agency.short_name}): each sheet holds one agency's return",
            row, "agency"))
        return None
    return agency


def _row_breakdown(registry, agency, measure, text, row, found) -> str | None:
    kind = registry.breakdowns[measure.breakdown]
    if kind.id == "none":
        found.append(Problem(
            f"{text!r} is a breakdown but {agency.short_name} {measure.id} has none: leave the cell blank",
            row, "breakdown"))
        return None
    if kind.values is not None:
        value = kind.match_value(text)
        if value is None:
            found.append(Problem(
                f"{text!r} is not a {kind.id.replace('_', ' ')} for {agency.short_name} {measure.id}: "
                f"expected one of {', '.join(kind.values)}", row, "breakdown"))
        return value
    return " ".join(text.split())


def _check_across(records: list[dict], problems: _Problems) -> None:
    """Rows repeating a key, and totals given beside a breakdown; one spelling per free breakdown."""
    spelling: dict[str, str] = {}
    first_at: dict[tuple, dict] = {}
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        if record["breakdown"] is not None:
            key = " ".join(record["breakdown"].split()).casefold()
            record["breakdown"] = spelling.setdefault(key, record["breakdown"])
        fold = None if record["breakdown"] is None else record["breakdown"].casefold()
        key = (record["quarter"], record["agency"], record["measure"], fold)
        if key in first_at:
            other = first_at[key]
            where = f"row {other['row']}" if other["location"] == record["location"] else f"{other['source']} row {other['row']}"
            what = f"{record['quarter']}, {record['agency_name']}, {record['measure']}"
            what += f", {record['breakdown']}" if record["breakdown"] is not None else ""
            problems.add(record["location"], Problem(
                f"duplicates {where}: the same period, agency, measure and breakdown ({what}); give each number once",
                record["row"]))
            record["duplicate"] = True
            continue
        first_at[key] = record
        groups.setdefault(key[:3], []).append(record)
    for (quarter, _agency, measure), group in groups.items():
        totals = [r for r in group if r["breakdown"] is None]
        parts = [r for r in group if r["breakdown"] is not None]
        if totals and parts:
            total = totals[0]
            rows = ", ".join(
                f"row {r['row']}" if r["location"] == total["location"] else f"{r['source']} row {r['row']}"
                for r in parts[:5]
            )
            verb = "gives" if len(parts) == 1 else "give"
            problems.add(total["location"], Problem(
                f"gives a total for {quarter}, {total['agency_name']}, {measure} while {rows} {verb} its breakdown, "
                "so it would be counted twice: give either the breakdown or the total", total["row"], "breakdown"))


def _check_expected(path: Path, expected: list[Agency], seen: set[str], problems: _Problems) -> None:
    for agency in expected:
        if agency.id in seen:
            continue
        names = ", ".join(agency.aliases[1:]) if len(agency.aliases) > 1 else ""
        also = f" (or one of its other names: {names})" if names else ""
        if path.is_dir():
            message = (f"no return from {agency.short_name} ({agency.name}): expected a sheet named "
                       f"{agency.sheet_name!r}{also} in a workbook, or its rows in a CSV file")
        elif path.suffix.lower() == ".xlsx":
            message = f"missing sheet for {agency.short_name} ({agency.name}): expected a sheet named {agency.sheet_name!r}{also}"
        else:
            message = f"no rows from {agency.short_name} ({agency.name}): expected its return in this file"
        problems.add(str(path), Problem(message))


def _tidy(records: list[dict]) -> pd.DataFrame:
    rows = [
        {
            "period": r["quarter"].label,
            "fy_start": r["quarter"].year,
            "quarter": r["quarter"].number,
            "quarter_start": r["quarter"].start,
            "quarter_end": r["quarter"].end,
            **{k: r[k] for k in ("agency", "measure", "breakdown", "value", "note", "section", "aggregate", "source", "row")},
        }
        for r in records
        if not r.get("duplicate")
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype({"fy_start": "int64", "quarter": "int64", "value": "int64", "row": "int64"})
    for name in ("period", "agency", "measure", "breakdown", "note", "section", "aggregate", "source"):
        frame[name] = frame[name].astype("str")
    for name in ("quarter_start", "quarter_end"):
        frame[name] = pd.to_datetime(frame[name])
    frame = frame.sort_values(
        ["fy_start", "quarter", "agency", "measure", "breakdown"], na_position="first", kind="stable"
    )
    return frame.reset_index(drop=True)


__all__ = ["COLUMNS", "COVER_SHEETS", "FinancialQuarter", "parse_quarter", "read_partner_returns"]
