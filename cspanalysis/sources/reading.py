"""Reading and validating publishers' CSV files: the one place every reader goes through.

A reader declares its columns (``Field``); ``read_csv_file`` reads the file with
pyarrow as text, tidies the text (stray spaces, blank cells), checks the header,
validates every cell with pandera (lazily, so every problem is collected) and
raises one ``InputError`` that names file, row, column and what was expected.
Row numbers are the file's own line numbers: the header is row 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from cspanalysis.errors import InputError, Problem

#: first bytes of files that are certainly not CSV text, with what they are
_NOT_CSV_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or an XLSX workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel (XLS) workbook",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"PAR1": "a parquet file",
}

#: column names that suggest personal data, which no input of this project may hold
PERSONAL_DATA_COLUMNS = re.compile(
    r"^(first|last|full|given|sur|fore)?\s*_?name$|^surname$|^forename|date\s*_?of\s*_?birth|^dob$"
    r"|post\s*_?code|^address|phone|e-?mail|national\s*_?insurance|^nhs\s*_?number",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Field:
    """One column a reader expects.

    ``checks`` are pandera checks on the tidied text; ``required`` columns must be in
    the header; ``nullable`` columns may have blank cells.  ``rename`` is the tidy
    name the reader returns it under.
    """

    name: str
    rename: str
    required: bool = True
    nullable: bool = False
    checks: tuple[pa.Check, ...] = field(default_factory=tuple)


def date_check(fmt: str, shown: str) -> pa.Check:
    """A check that non-blank cells are dates in ``fmt`` (``shown`` is how a person writes it)."""

    def is_date(series: pd.Series) -> pd.Series:
        return pd.to_datetime(series, format=fmt, errors="coerce").notna() | series.isna()

    return pa.Check(is_date, error=f"is not a date (expected {shown})")


def matches_check(pattern: str, expected: str) -> pa.Check:
    """A check that non-blank cells match a regular expression; ``expected`` says what in words."""
    return pa.Check.str_matches(pattern, error=f"is not {expected}")


def one_of_check(values: Iterable[str], expected: str | None = None, *, case: bool = True) -> pa.Check:
    """A check that cells are one of ``values`` (case-insensitively unless ``case``)."""
    values = sorted(set(values))
    allowed = set(values) if case else {v.casefold() for v in values}

    def is_known(series: pd.Series) -> pd.Series:
        cells = series if case else series.str.casefold()
        return cells.isin(allowed) | series.isna()

    listed = ", ".join(values) if len(values) <= 12 else ", ".join(values[:12]) + ", ..."
    return pa.Check(is_known, error=f"is not {expected or 'one of: ' + listed}")


def whole_number_check() -> pa.Check:
    return matches_check(r"^\d+$", "a whole number of 0 or more")


def _sniff(path: Path, head: bytes) -> list[Problem]:
    for signature, what in _NOT_CSV_SIGNATURES.items():
        if head.startswith(signature):
            return [Problem(f"is not a CSV text file: it looks like {what}")]
    if b"\x00" in head:
        return [Problem("is not a CSV text file: it holds binary data")]
    return []


def _decode_options(head: bytes) -> tuple[str, str | None]:
    """The encoding to read with, and a note when it is not UTF-8."""
    try:
        head.decode("utf-8")
        return "utf8", None
    except UnicodeDecodeError as error:
        # a multi-byte character cut at the end of the sample is still UTF-8
        if error.start >= len(head) - 3:
            return "utf8", None
        return "cp1252", "read as Windows-1252 text: the file is not UTF-8"


def read_header(path: Path | str, *, sample: int = 1 << 16) -> list[str]:
    """The column names of a CSV file, after checking it exists, is not empty and is text."""
    return _open_checked(Path(path), sample)[0]


def _open_checked(path: Path, sample: int) -> tuple[list[str], str, str]:
    """Header names, the encoding to read with, and the raw header line."""
    if not path.exists():
        raise InputError(path, "the file does not exist")
    if path.is_dir():
        raise InputError(path, "is a folder, expected a CSV file")
    with open(path, "rb") as handle:
        head = handle.read(sample)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise InputError(path, "the file is empty: expected a header row and data rows")
    problems = _sniff(path, head)
    if problems:
        raise InputError(path, problems)
    encoding, _note = _decode_options(head)
    header_line = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    header = [c.strip().strip('"').strip() for c in header_line.split(",")]
    return header, encoding, header_line


def read_text_table(path: Path, fields: list[Field], *, sample: int = 1 << 16) -> pd.DataFrame:
    """Read a CSV file as text with pyarrow, check its header, and tidy its cells.

    Returns the raw text columns under their file names (extra columns dropped),
    with surrounding spaces removed and blank cells as missing.
    """
    path = Path(path)
    header, encoding, header_line = _open_checked(path, sample)
    problems = _header_problems(header, header_line, fields)
    if problems:
        raise InputError(path, problems)

    wanted = {f.name for f in fields}
    # read by position so stray spaces in header names do not matter
    names = [c if c in wanted else f"__extra_{i}" for i, c in enumerate(header)]
    bad_rows: list[Problem] = []

    def on_bad_row(row) -> str:
        text = f"has {row.actual_columns} fields where the header has {row.expected_columns}"
        bad_rows.append(Problem(text + " (a truncated line, a stray comma or another delimiter?)",
                                row=row.number))
        return "skip"

    def read(threads: bool):
        return pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(encoding=encoding, column_names=names, skip_rows=1, use_threads=threads),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, invalid_row_handler=on_bad_row),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa_arrow.string() for n in names},
                include_columns=[n for n in names if n in wanted],
                strings_can_be_null=False,
            ),
        )

    try:
        table = read(threads=True)
        if bad_rows:  # read again on one thread: only then does pyarrow know the line numbers
            bad_rows.clear()
            read(threads=False)
    except pa_arrow.ArrowInvalid as error:
        raise InputError(path, _arrow_problem(str(error))) from None
    if bad_rows:
        raise InputError(path, bad_rows)
    columns = {}
    for name in table.column_names:
        tidy = pc.utf8_trim_whitespace(table[name])
        columns[name] = pc.if_else(pc.equal(tidy, ""), pa_arrow.scalar(None, pa_arrow.string()), tidy)
    frame = pa_arrow.table(columns).to_pandas()
    if frame.empty:
        raise InputError(path, "the file has a header but no data rows")
    return frame


def delimiter_hint(header_line: str) -> str:
    """' (the file seems to be separated by ';', expected ',')' when the header looks that way, else ''."""
    delimiter = next((d for d in (";", "\t", "|") if d in header_line), None)
    return f" (the file seems to be separated by {delimiter!r}, expected ',')" if delimiter else ""


def _header_problems(header: list[str], header_line: str, fields: list[Field]) -> list[Problem]:
    problems = []
    declared = {f.name for f in fields}
    personal = [c for c in header if c not in declared and PERSONAL_DATA_COLUMNS.search(c)]
    if personal:
        problems.append(
            Problem(
                "holds columns that look like personal data ("
                + ", ".join(f"'{c}'" for c in personal)
                + "): remove them before the file comes into this project"
            )
        )
    missing = [f.name for f in fields if f.required and f.name not in header]
    if missing:
        hint = delimiter_hint(header_line)
        found = ", ".join(f"'{c}'" for c in header[:20])
        for name in missing:
            problems.append(Problem(f"missing column: expected it in the header{hint}; found {found}", column=name))
    duplicated = sorted({c for c in header if header.count(c) > 1 and c})
    for name in duplicated:
        problems.append(Problem("the column appears more than once in the header", column=name))
    return problems


def _arrow_problem(message: str) -> Problem:
    """Turn pyarrow's parse error into a row-numbered problem where it says the row."""
    match = re.search(r"Expected (\d+) columns, got (\d+)", message)
    row = re.search(r"[Rr]ow #?(\d+)", message)
    if match:
        text = f"has {match.group(2)} fields where the header has {match.group(1)} (a truncated or badly quoted line?)"
        return Problem(text, row=int(row.group(1)) + 1 if row else None)
    return Problem(f"could not be read as CSV: {message.splitlines()[0]}")


def validate(frame: pd.DataFrame, fields: list[Field], path: Path, *, first_row: int = 2) -> None:
    """Validate every cell against the fields' checks; raise one InputError listing all problems."""
    schema = pa.DataFrameSchema(
        {
            f.name: pa.Column(str, checks=list(f.checks), nullable=f.nullable, required=f.required)
            for f in fields
        },
        strict=False,
    )
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise InputError(path, _problems_from(errors.failure_cases, fields, first_row)) from None


def _problems_from(cases: pd.DataFrame, fields: list[Field], first_row: int) -> list[Problem]:
    problems = []
    cases = cases.sort_values(["index", "column"], na_position="first", kind="stable")
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) else None
        row = None if pd.isna(case.index) else int(case.index) + first_row
        check = str(case.check)
        value = case.failure_case
        if check.startswith("not_nullable"):
            problems.append(Problem("is blank: a value is required", row=row, column=column))
        elif check.startswith("column_in_dataframe"):
            problems.append(Problem("missing column", column=str(value)))
        elif check.startswith("dtype"):
            problems.append(Problem(f"has the wrong type {value}", column=column))
        else:
            problems.append(Problem(f"{_shown(value)} {check}", row=row, column=column))
    return problems


def _shown(value) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def rows_of(mask: pd.Series, first_row: int = 2) -> list[int]:
    """File row numbers of the rows where ``mask`` is true."""
    return [int(i) + first_row for i in mask[mask].index]


def read_csv_file(path: Path | str, fields: list[Field]) -> pd.DataFrame:
    """Read, tidy and validate a CSV file; return its columns under their tidy names.

    The frame keeps the file's row order and a RangeIndex (index 0 is file row 2),
    so later checks can still name rows.
    """
    path = Path(path)
    frame = read_text_table(path, fields)
    validate(frame, fields, path)
    return frame.rename(columns={f.name: f.rename for f in fields})


def read_csv_files(sources: list[tuple[str, Path]], fields: list[Field]) -> pd.DataFrame:
    """Read several files of one format and validate them in one pass (much faster than one by one).

    ``sources`` are (name shown in messages, path) pairs.  Returns the files' rows in order
    with tidy column names and a ``source_file`` column (the name shown).  Problems name the
    file they are in; the first file with problems is reported.
    """
    frames = []
    for shown, path in sources:
        try:
            frames.append(read_text_table(Path(path), fields))
        except InputError as error:
            raise InputError(shown, error.problems) from None
    sizes = [len(f) for f in frames]
    frame = pd.concat(frames, ignore_index=True)
    try:
        validate(frame, fields, Path(sources[0][0]), first_row=0)
    except InputError as error:
        starts = pd.Series(range(len(sizes))).map(lambda i: sum(sizes[:i])).tolist()
        by_file: dict[int, list[Problem]] = {}
        for problem in error.problems:
            if problem.row is None:
                by_file.setdefault(0, []).append(problem)
                continue
            index = max(i for i, start in enumerate(starts) if start <= problem.row)
            by_file.setdefault(index, []).append(
                Problem(problem.message, row=problem.row - starts[index] + 2, column=problem.column))
        first = min(by_file)
        raise InputError(sources[first][0], by_file[first]) from None
    frame = frame.rename(columns={f.name: f.rename for f in fields})
    frame["source_file"] = pd.Categorical.from_codes(np.repeat(np.arange(len(sizes)), sizes), [name for name, _ in sources])
    return frame


def parse_dates(series: pd.Series, fmt: str) -> pd.Series:
    """Parse validated date text to datetime64 (blank stays missing)."""
    return pd.to_datetime(series, format=fmt, errors="coerce")


def read_csv_bytes(data: bytes, name: str, fields: list[Field]) -> pd.DataFrame:
    """``read_csv_file`` for a file held in memory (a member of a zip archive)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / Path(name).name
        target.write_bytes(data)
        try:
            return read_csv_file(target, fields)
        except InputError as error:
            raise InputError(name, error.problems) from None


__all__ = [
    "Field",
    "date_check",
    "matches_check",
    "one_of_check",
    "whole_number_check",
    "read_header",
    "delimiter_hint",
    "read_text_table",
    "validate",
    "read_csv_file",
    "read_csv_files",
    "read_csv_bytes",
    "parse_dates",
    "rows_of",
    "PERSONAL_DATA_COLUMNS",
]
