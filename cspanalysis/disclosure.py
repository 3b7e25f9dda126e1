"""Disclosure control: every published table passes through ``protect_table``; ``check_published`` proves it.

Domestic abuse, sexual offence and hate crime figures are criminal-offence data: a small
count in a ward can point at a person. Each notebook declares a policy per table:

``none``
    counts are published as they are (for example road casualties by year).
``suppress-1-4`` / ``suppress-1-9``
    counts from 1 to 4 (or 1 to 9) are replaced by ``[c]`` (primary suppression). Then
    secondary suppression: a suppressed cell must not be recoverable from its row or
    column total, so while any row or column has exactly one suppressed cell, the next
    smallest cell in it is suppressed too (counts above zero first, then zeros, the
    declared total last), repeated until no line has exactly one. A line is a row or a
    column whose sum a reader knows: one declared by ``total_row``/``total_column``, or,
    by ``totals_known`` ("both" by default), every row and column, since the district
    total is usually published elsewhere. A line of a single cell is its own total and
    needs nothing more. This is the simple rule statistical offices start from; it stops
    subtraction from one total, not every linear combination of several.
``nhs-2018``
    NHS Digital's 2018 rule: counts from 1 to 7 are ``[c]`` and every other count (totals
    too) is rounded to the nearest 5; the rounding of every cell keeps a suppressed cell
    from being worked out from totals, so no secondary suppression is done.

Zero is never suppressed: a count of none describes no one, so it is not disclosive (the
footnote says so). A rate or % change column declared as derived from count columns is
withheld (``[c]``) in every row where one of its counts is suppressed. Missing values are
shown as ``[x]`` (not available), following the GSS symbols.

After publishing into the staging folder, ``check_published`` reads the CSV and XLSX
tables, the HTML review and the executed notebooks' HTML outputs, and checks that every
protected cell shows what ``protect_table`` decided (``[c]`` or the rounded count): in
the table's own file (``<name>.csv``, the sheet ``<name>``, the HTML table with, or inside
an element with, ``id="table-<name>"``) and, given the ``ProtectedTable`` objects, in any
other table with the same columns and row labels whose unprotected cells agree (a raw
copy shown by mistake). A leak raises ``DisclosureError``, and the run publishes nothing.
The log that may be published (``ProtectedTable.suppressed_cells``) holds positions,
never values.
"""

from __future__ import annotations

import csv
import html
import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Literal, Mapping, Sequence

import pandas as pd

from cspanalysis.errors import ConfigError, DisclosureError

SUPPRESSED = "[c]"
NOT_AVAILABLE = "[x]"

#: policy -> (highest count suppressed, rounding base or None); ``none`` suppresses nothing
POLICIES: dict[str, tuple[int, int | None]] = {
    "none": (0, None),
    "suppress-1-4": (4, None),
    "suppress-1-9": (9, None),
    "nhs-2018": (7, 5),
}

_ZERO_NOTE = "Zero is shown: a count of none describes no one, so it is not disclosive."


@dataclass(frozen=True)
class ProtectedCell:
    """A cell whose exact value must not be published: where it is, its value and what is shown.

    ``reason`` is ``primary`` (a small count), ``secondary`` (hidden so a total cannot
    reveal a primary cell), ``derived`` (a rate or change whose count is hidden) or
    ``rounded`` (shown rounded under ``nhs-2018``).
    """

    table: str
    row: str
    column: str
    value: float
    shown: str
    reason: str


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready to publish: display text with ``[c]`` where suppressed, what was protected, the footnote.

    ``display`` keeps the input's index; ``table`` is the flat frame to publish (row
    labels as the first column when they were the index). Never publish the frame that
    went in. In a notebook the object shows itself as an HTML table whose id
    (``table-<name>``) lets ``check_published`` find it.
    """

    name: str
    policy: str
    display: pd.DataFrame
    cells: tuple[ProtectedCell, ...]
    footnote: str
    label_column: str | None = None
    publish_index: bool = True

    @property
    def table(self) -> pd.DataFrame:
        """The display as a flat frame for CSV and HTML: row labels as a column, all text."""
        if self.label_column is not None or not self.publish_index:
            return self.display.reset_index(drop=True)
        label = self.display.index.name if self.display.index.name is not None else ""
        flat = self.display.copy()
        flat.insert(0, label, pd.Series([str(v) for v in self.display.index], index=self.display.index, dtype="str"))
        return flat.reset_index(drop=True)

    @property
    def suppressed(self) -> tuple[ProtectedCell, ...]:
        """The cells shown as ``[c]``."""
        return tuple(c for c in self.cells if c.shown == SUPPRESSED)

    def suppressed_cells(self) -> list[dict]:
        """Where ``[c]`` is shown (row, column, reason), without the values: safe to publish as a log.

        ``check_published`` reads these logs (``disclosure/<table>.json``) to know which
        cells of the published table must show ``[c]``.
        """
        return [{"row": c.row, "column": c.column, "shown": c.shown, "reason": c.reason} for c in self.suppressed]

    def to_html(self) -> str:
        """The table as HTML (``<table id="table-<name>">``) followed by its footnote."""
        body = self.table.to_html(table_id=f"table-{self.name}", index=False, na_rep="", escape=True)
        note = f'\n<p class="table-footnote">{html.escape(self.footnote)}</p>' if self.footnote else ""
        return body + note

    def _repr_html_(self) -> str:
        return self.to_html()

    def record(self) -> dict:
        """Everything ``check_published`` can use, values included, as JSON-able data.

        It holds the protected values: keep it in memory or out of the published folder;
        ``suppressed_cells`` is the log that may be published.
        """
        labels = _row_labels(self.display, self.label_column)
        checked = [c for c in self.display.columns if c != self.label_column]
        shown = {
            label: {str(column): str(self.display[column].iloc[i]) for column in checked}
            for i, label in enumerate(labels)
        }
        return {
            "name": self.name,
            "policy": self.policy,
            "columns": [str(c) for c in checked],
            "rows": labels,
            "shown": shown,
            "cells": [asdict(c) for c in self.cells],
        }


def protect_table(
    table: pd.DataFrame,
    policy: str,
    *,
    name: str = "table",
    total_row: object | None = None,
    total_column: str | None = None,
    totals_known: Literal["both", "rows", "columns", "declared"] = "both",
    derived: Mapping[str, str | Sequence[str]] | None = None,
    count_columns: Sequence[str] | None = None,
    label_column: str | None = None,
    decimals: int = 1,
) -> ProtectedTable:
    """Apply a disclosure policy to a table of counts; return what may be published.

    Parameters
    ----------
    table
        one row per category (ward, month, ...): row labels in the index, or in
        ``label_column`` (by default, when the index is unnamed whole numbers, the first
        column that is neither a count nor derived); count columns hold whole numbers of 0
        or more (or missing). Labels must be unique.
    policy
        ``none``, ``suppress-1-4``, ``suppress-1-9`` or ``nhs-2018`` (see the module).
        Under ``none`` nothing is checked or hidden: numbers are shown as they are (whole
        numbers whole, others to ``decimals`` places).
    name
        the table's id: its published CSV is ``<name>.csv`` and its HTML id ``table-<name>``
        (``Section.publish_table`` publishes its own id and logs ``suppressed_cells``).
    total_row, total_column
        the row label and the column name holding totals, if the table shows them.
    totals_known
        which lines' sums a reader knows even when not shown: ``both`` (default),
        ``rows`` (each row's sum), ``columns`` (each column's sum) or ``declared``
        (only the declared totals). Say ``columns`` for a table whose columns are
        years or different measures, whose rows do not add up to anything.
    derived
        rate or % change columns and the count column(s) each is computed from: it is
        withheld in every row where one of them is suppressed.
    count_columns
        the count columns; by default every numeric column not declared derived. A numeric
        column with fractions must be declared derived (or the call fails): a rate
        published beside a hidden count reveals it.
    """
    if policy not in POLICIES:
        raise ConfigError(f"table {name!r}: unknown disclosure policy {policy!r}: expected one of {', '.join(POLICIES)}")
    if totals_known not in ("both", "rows", "columns", "declared"):
        raise ConfigError(f"table {name!r}: totals_known must be both, rows, columns or declared, got {totals_known!r}")
    derived = {column: [sources] if isinstance(sources, str) else list(sources) for column, sources in (derived or {}).items()}
    if policy == "none" and count_columns is None:  # nothing to protect: whole-number columns show as counts
        count_columns = [c for c in _numeric_columns(table, derived, label_column) if _is_whole(table[c])]
        derived = {**{c: [] for c in _numeric_columns(table, derived, label_column) if c not in count_columns}, **derived}
    counts = _count_columns(table, name, derived, count_columns, label_column)
    positional = table.index.name is None and pd.api.types.is_integer_dtype(table.index)
    if label_column is None and positional:
        label_column = next((c for c in table.columns if c not in counts and c not in derived), None)
    if label_column is not None and label_column not in table.columns:
        raise ConfigError(f"table {name!r}: label_column {label_column!r} is not in the table")
    labels = _row_labels(table, label_column)
    if policy != "none" and len(set(labels)) != len(labels):
        raise ConfigError(f"table {name!r}: row labels must be unique to publish and check the table, got {labels}")
    if total_row is not None and str(total_row) not in labels:
        raise ConfigError(f"table {name!r}: total_row {total_row!r} is not a row label ({', '.join(labels)})")
    if total_column is not None and total_column not in counts:
        raise ConfigError(f"table {name!r}: total_column {total_column!r} is not a count column ({', '.join(map(str, counts))})")

    values = {(i, c): _count(table, i, c, name, labels[i], policy) for i in range(len(table)) for c in counts}
    highest, base = POLICIES[policy]
    reasons: dict[tuple[int, str], str] = {cell: "primary" for cell, v in values.items() if v is not None and 1 <= v <= highest}
    if policy != "none" and base is None:
        _suppress_secondary(values, reasons, labels, counts, total_row, total_column, totals_known)
    for column, sources in derived.items():
        for i in range(len(table)):
            if any((i, s) in reasons for s in sources):
                reasons[(i, column)] = "derived"

    columns: dict = {}
    cells: list[ProtectedCell] = []
    for column in table.columns:
        shown = []
        for i in range(len(table)):
            raw = table[column].iloc[i]
            text = _shown_value(raw, "count" if column in counts else "derived" if column in derived else None, decimals)
            if (i, column) in reasons:
                value = values[(i, column)] if column in counts else _plain(raw)
                cells.append(ProtectedCell(name, labels[i], str(column), value, SUPPRESSED, reasons[(i, column)]))
                text = SUPPRESSED
            elif base is not None and column in counts and values[(i, column)] is not None:
                rounded = base * round(values[(i, column)] / base)
                if rounded != values[(i, column)]:
                    cells.append(ProtectedCell(name, labels[i], str(column), values[(i, column)], str(rounded), "rounded"))
                text = str(rounded)
            shown.append(text)
        columns[column] = pd.array(shown, dtype="str")
    display = pd.DataFrame(columns, index=table.index)
    cells.sort(key=lambda c: (labels.index(c.row), list(map(str, table.columns)).index(c.column)))
    publish_index = label_column is None and not positional
    return ProtectedTable(name, policy, display, tuple(cells), _footnote(policy, cells, display), label_column, publish_index)


def _count_columns(table, name, derived, count_columns, label_column) -> list:
    for column, sources in derived.items():
        missing = [c for c in [column, *sources] if c not in table.columns]
        if missing:
            raise ConfigError(f"table {name!r}: derived column {column!r} names columns the table lacks: {missing}")
    if count_columns is not None:
        missing = [c for c in count_columns if c not in table.columns]
        if missing:
            raise ConfigError(f"table {name!r}: count columns {missing} are not in the table")
        return list(count_columns)
    return _numeric_columns(table, derived, label_column)


def _numeric_columns(table, derived, label_column) -> list:
    return [
        c for c in table.columns
        if c not in derived and c != label_column
        and pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
    ]


def _is_whole(series: pd.Series) -> bool:
    values = series.dropna()
    return pd.api.types.is_integer_dtype(series) or bool((values == values.round()).all())


def _row_labels(table: pd.DataFrame, label_column) -> list[str]:
    source = table.index if label_column is None else table[label_column]
    return [str(v) for v in source]


def _count(table, i, column, name, label, policy) -> int | None:
    value = table[column].iloc[i]
    if pd.isna(value):
        return None
    if policy == "none":  # shown as it is: any whole number, negative ones too
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not number.is_integer() or number < 0:
        raise DisclosureError(
            f"table {name!r} row {label!r} column {column!r}: {_plain(value)!r} is not a count "
            "(a whole number of 0 or more): declare a rate or change column in derived=, "
            "or list the count columns in count_columns="
        )
    return int(number)


def _plain(value):
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _shown_value(raw, kind: str | None, decimals: int) -> str:
    """Display text of a cell: counts as whole numbers, derived floats to ``decimals`` places."""
    if pd.isna(raw):
        return NOT_AVAILABLE if kind else ""
    if isinstance(raw, str) or kind is None:
        return str(raw)
    if kind == "count" or pd.api.types.is_integer(raw):
        return str(int(raw))
    return f"{float(raw):.{decimals}f}"


def _suppress_secondary(values, reasons, labels, counts, total_row, total_column, totals_known) -> None:
    """Suppress further cells until no known-sum line has exactly one suppressed cell."""
    n_rows = len(labels)
    total_i = labels.index(str(total_row)) if total_row is not None else None
    body_rows = [i for i in range(n_rows) if i != total_i]
    body_columns = [c for c in counts if c != total_column]
    lines: list[tuple[list, object]] = []  # (body cells, total cell or None)
    if total_column is not None or totals_known in ("both", "rows"):
        for i in range(n_rows):
            lines.append(([(i, c) for c in body_columns], (i, total_column) if total_column is not None else None))
    if total_row is not None or totals_known in ("both", "columns"):
        for c in counts:
            lines.append(([(i, c) for i in body_rows], (total_i, c) if total_i is not None else None))
    lines = [(body, total) for body, total in lines if len(body) + (total is not None) >= 2]

    changed = True
    while changed:
        changed = False
        for body, total in lines:
            line = body + ([total] if total is not None else [])
            hidden = [cell for cell in line if cell in reasons]
            if len(hidden) != 1:
                continue
            candidates = [cell for cell in body if cell not in reasons and values[cell] is not None]
            candidates.sort(key=lambda cell: (values[cell] == 0, values[cell]))
            if not candidates and total is not None and total not in reasons and values[total] is not None:
                candidates = [total]
            if candidates:
                reasons[candidates[0]] = "secondary"
                changed = True


def _footnote(policy: str, cells: list[ProtectedCell], display: pd.DataFrame) -> str:
    highest, base = POLICIES[policy]
    reasons = {c.reason for c in cells}
    parts = []
    if policy.startswith("suppress"):
        text = f"[c] = confidential: counts from 1 to {highest} are not shown, to protect the people they describe"
        if "secondary" in reasons:
            text += "; some other counts are not shown either, so that a hidden count cannot be worked out from a total"
        if "derived" in reasons:
            text += "; a rate or change is not shown where its count is not"
        parts.append(text + ". " + _ZERO_NOTE)
    elif policy == "nhs-2018":
        text = (
            f"[c] = confidential: counts from 1 to {highest} are not shown and other counts are rounded to the "
            f"nearest {base} (NHS Digital's 2018 rule), so totals may not equal the sum of their parts"
        )
        if "derived" in reasons:
            text += "; a rate or change is not shown where its count is not"
        parts.append(text + ". " + _ZERO_NOTE)
    if (display == NOT_AVAILABLE).any().any():
        parts.append("[x] = not available.")
    return " ".join(parts)


# --------------------------------------------------------------------------- checking what was published

#: folders of a published review that are not read as tables (the disclosure logs themselves)
_SKIPPED_FOLDERS = frozenset({"disclosure"})
_PUBLISHED_SUFFIXES = (".csv", ".html", ".htm", ".xlsx", ".ipynb")


class _TableParser(HTMLParser):
    """Every <table> of an HTML page as rows of cell texts, with its name.

    A table's name is its own ``id="table-<name>"`` or ``data-table="<name>"``, else that of
    the nearest enclosing element with one (``<figure id="table-<name>">``), else None.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str | None, list[list[str]]]] = []
        self._open: list[tuple[str | None, list[list[str]]]] = []
        self._named: list[list] = []  # [tag, name, depth] of enclosing named elements
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ident = attrs.get("id") or ""
        own = attrs.get("data-table") or (ident[len("table-"):] if ident.startswith("table-") else None)
        for entry in self._named:
            if entry[0] == tag:
                entry[2] += 1
        if own:
            self._named.append([tag, own, 1])
        if tag == "table":
            self._open.append((own or (self._named[-1][1] if self._named else None), []))
        elif tag == "tr" and self._open:
            self._open[-1][1].append([])
        elif tag in ("td", "th") and self._open:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._open and self._cell is not None:
            rows = self._open[-1][1]
            if not rows:
                rows.append([])
            rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())
        for entry in self._named:
            if entry[0] == tag:
                entry[2] -= 1
        while self._named and self._named[-1][2] <= 0:
            self._named.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _html_grids(text: str, where: str) -> list[tuple[str, str | None, list[list[str]]]]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [(f"{where} (HTML table {n})", name, rows) for n, (name, rows) in enumerate(parser.tables, start=1)]


def _grids(path: Path) -> list[tuple[str, str | None, list[list[str]]]]:
    """(where, table name or None, rows of cell text) for each table in a published file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        return [(str(path), path.stem, [[cell.strip() for cell in row] for row in csv.reader(text.splitlines())])]
    if suffix in (".html", ".htm"):
        return _html_grids(path.read_text(encoding="utf-8", errors="replace"), str(path))
    if suffix == ".ipynb":
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise DisclosureError(f"{path}: cannot be checked: not a readable notebook ({error})") from None
        grids = []
        for number, cell in enumerate(notebook.get("cells", []), start=1):
            for output in cell.get("outputs", []):
                markup = output.get("data", {}).get("text/html")
                if markup:
                    text = "".join(markup) if isinstance(markup, list) else str(markup)
                    grids += _html_grids(text, f"{path} cell {number}")
        return grids
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return [
                (f"{path}[{sheet.title}]", sheet.title,
                 [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)])
                for sheet in workbook.worksheets
            ]
        finally:
            workbook.close()
    return []


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUMBER = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def _normal(text: str) -> str:
    """Cell text compared loosely: spaces, thousands commas and a trailing '.0' do not matter."""
    text = " ".join(str(text).split())
    if _NUMBER.match(text):
        number = float(text.replace(",", ""))
        return str(int(number)) if number.is_integer() else repr(number)
    return text


def _locate(rows: list[list[str]], columns: list[str], labels: list[str]):
    """Positions of the columns (in a header row) and of the row labels (in one column), or None."""
    for h, header in enumerate(rows[:5]):
        if all(c in header for c in columns):
            break
    else:
        return None
    column_at = {c: header.index(c) for c in columns}
    body = rows[h + 1:]
    width = max((len(r) for r in body), default=0)
    for j in range(width):
        texts = [r[j] if j < len(r) else None for r in body]
        if all(label in texts for label in labels):
            return column_at, {label: h + 1 + texts.index(label) for label in labels}
    return None


def _at(rows, place, label, column) -> str:
    column_at, row_at = place
    row = rows[row_at[label]]
    j = column_at[column]
    return row[j] if j < len(row) else ""


def _normalise_record(record) -> dict:
    """A ProtectedTable, its ``record()`` or a publish log (``table``, ``policy``, ``suppressed``) as one shape."""
    if isinstance(record, ProtectedTable):
        record = record.record()
    cells = record.get("cells", record.get("suppressed", []))
    return {
        "name": record.get("name", record.get("table")),
        "policy": record.get("policy", "unknown"),
        "columns": record.get("columns") or list(dict.fromkeys(str(c["column"]) for c in cells)),
        "rows": record.get("rows") or list(dict.fromkeys(str(c["row"]) for c in cells)),
        "shown": record.get("shown"),
        "cells": cells,
    }


def _published_files(roots: list[Path]) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files += sorted(
                p for p in root.rglob("*")
                if p.is_file() and p.suffix.lower() in _PUBLISHED_SUFFIXES
                and not _SKIPPED_FOLDERS.intersection(p.relative_to(root).parts[:-1])
            )
        elif root.is_file():
            files.append(root)
        else:
            raise DisclosureError(f"{root}: cannot check published files that do not exist")
    return files


def _read_logs(roots: list[Path]) -> list[dict]:
    logs = []
    for root in roots:
        for log in sorted((root / "disclosure").glob("*.json")) if root.is_dir() else ():
            try:
                logs.append(json.loads(log.read_text(encoding="utf-8")))
            except json.JSONDecodeError as error:
                raise DisclosureError(f"{log}: the disclosure log cannot be read ({error}), so the tables cannot be checked") from None
    return logs


def check_published(
    published: Path | str | Iterable[Path | str],
    tables: Iterable[ProtectedTable | dict] | None = None,
) -> list[str]:
    """Check that no protected cell is published: raise ``DisclosureError`` on any leak.

    Parameters
    ----------
    published
        the published folder (or files): every ``.csv``, ``.html``, ``.xlsx`` and executed
        ``.ipynb`` (its HTML outputs) in it is read, except the ``disclosure/`` logs.
    tables
        the run's ``ProtectedTable`` objects or their ``record()``; by default the logs
        ``disclosure/*.json`` in the published folder, as ``Section.publish_table`` writes
        them (``{"table": name, "policy": ..., "suppressed": [{row, column, ...}]}``).

    A protected cell leaks when a table of the same name (``<name>.csv``, an XLSX sheet
    ``<name>``, an HTML table with id ``table-<name>`` or inside an element with that id)
    shows anything but what ``protect_table`` decided (``[c]``, or the rounded count). With
    ``ProtectedTable`` objects, any other table with the same columns and row labels whose
    unprotected cells all agree is checked too: a raw copy shown by mistake. A table of the
    same name whose protected rows or columns cannot be found cannot be checked, which is
    an error too. Returns one line per table checked.
    """
    roots = [Path(published)] if isinstance(published, (str, Path)) else [Path(p) for p in published]
    records = [_normalise_record(t) for t in (tables if tables is not None else _read_logs(roots))]
    records = [r for r in records if r["cells"]]
    if not records:
        _published_files(roots)  # a missing path is still an error
        return []
    grids = [grid for file in _published_files(roots) for grid in _grids(file)]

    leaks: list[str] = []
    checked: list[str] = []
    for record in records:
        name = record["name"]
        protected = {(str(c["row"]), str(c["column"])): c for c in record["cells"]}
        for where, grid_name, rows in grids:
            named = grid_name is not None and grid_name in (name, str(name)[:31])
            if not named and record["shown"] is None:
                continue
            place = _locate(rows, record["columns"], record["rows"])
            if place is None:
                if named:
                    leaks.append(f"{where}: table {name!r} cannot be checked: its protected rows or columns are not in it")
                continue
            if not named and not _same_table(rows, place, record, protected):
                continue
            checked.append(f"{where}: table {name!r}, {len(protected)} protected cells")
            for (label, column), cell in protected.items():
                text = _at(rows, place, label, column)
                if _normal(text) != _normal(cell["shown"]):
                    leaks.append(
                        f"{where}: table {name!r} row {label!r} column {column!r} shows {text!r} "
                        f"where {cell['shown']!r} must be shown ({cell['reason']} protection, policy {record['policy']})"
                    )
    if leaks:
        shown = "; ".join(leaks[:10]) + (f"; and {len(leaks) - 10} more" if len(leaks) > 10 else "")
        noun = "problem" if len(leaks) == 1 else "problems"
        raise DisclosureError(f"protected counts would be published: {len(leaks)} {noun}: {shown}")
    return checked


def _same_table(rows, place, record, protected) -> bool:
    """Whether an unnamed grid is a copy of the table: every unprotected cell agrees (at least one)."""
    compared = 0
    for label, values in record["shown"].items():
        for column, shown in values.items():
            if (label, column) in protected:
                continue
            if _normal(_at(rows, place, label, column)) != _normal(shown):
                return False
            compared += 1
    return compared > 0


__all__ = [
    "NOT_AVAILABLE",
    "POLICIES",
    "SUPPRESSED",
    "ProtectedCell",
    "ProtectedTable",
    "check_published",
    "protect_table",
]
