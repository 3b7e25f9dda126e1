"""Fetch DfT's STATS19 road casualty files (collision, casualty, vehicle) for chosen years.

DfT publishes its road safety open data at ``https://data.dft.gov.uk/road-accidents-safety-data/``
(Open Government Licence v3.0):

- per-year files ``dft-road-casualty-statistics-<table>-<year>.csv`` for recent years, the
  collision table named ``...-accident-<year>.csv`` before DfT renamed accidents to
  collisions in 2024;
- one bulk file per table with every year, ``dft-road-casualty-statistics-<table>-1979-latest-published-year.csv``.

For each table and year the per-year file is used where DfT publishes it (a 404 means it
does not); otherwise the bulk file is downloaded once per table and split into one file per
year asked, ``dft-road-casualty-statistics-<table>-<year>.csv``: the bulk file's header
line and, unchanged, its rows whose ``collision_year`` (``accident_year`` in older files) is
that year.  The bulk file (about a gigabyte) is deleted once split (kept as a ``.part`` file
if splitting fails, say for a year DfT has not published, so the next fetch need not
download it again).

The folder then holds exactly what ``cspanalysis.sources.stats19.read_stats19`` reads
(it recognises files by header, so per-year and split files mix).  Each file is checked
to be the STATS19 table it should be, and recorded in ``SOURCE.json`` with its URL,
SHA-256, ``table`` and ``year`` (split files also with ``split_from``: the bulk file's size
and SHA-256), so fetching the same years again downloads nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Iterable

from cspanalysis import paths
from cspanalysis.errors import ConfigError, InputError
from cspanalysis.fetch.download import Downloader, FetchError, NotFoundError, join_url, keep_for_resume, sha256_file
from cspanalysis.fetch.record import FetchResult, SourceRecord

DFT_BASE_URL = "https://data.dft.gov.uk/road-accidents-safety-data/"
PUBLISHER = "Department for Transport (road safety open data, STATS19)"
TABLES = ("collision", "casualty", "vehicle")

#: per-year file names DfT has used for each table, newest spelling first
YEAR_FILES = {
    "collision": ("dft-road-casualty-statistics-collision-{year}.csv", "dft-road-casualty-statistics-accident-{year}.csv"),
    "casualty": ("dft-road-casualty-statistics-casualty-{year}.csv",),
    "vehicle": ("dft-road-casualty-statistics-vehicle-{year}.csv",),
}
BULK_FILES = {table: f"dft-road-casualty-statistics-{table}-1979-latest-published-year.csv" for table in TABLES}
#: name of a file split from the bulk file
SPLIT_FILE = "dft-road-casualty-statistics-{table}-{year}.csv"
#: the column that says the year of a row, in the generations that have one
YEAR_COLUMNS = ("collision_year", "accident_year")
#: the years DfT's data covers
FIRST_YEAR = 1979


def _manual(url: str, folder: Path) -> str:
    return (f"To download by hand, get the file from {url} (or from DfT's road safety data page, "
            f"https://www.data.gov.uk/dataset/cb7ae6f0-4be6-4935-9277-47e5ce24a11f/road-safety-data) "
            f"and save it in {folder}: the reader recognises STATS19 files by their header")


def _check_table(path: Path, table: str, url: str, manual: str) -> None:
    from cspanalysis.sources.stats19 import identify_file

    try:
        kind = identify_file(path)
    except InputError as error:
        kind, why = None, f" ({error})"
    else:
        why = ""
    if kind is None or kind[0] != table:
        path.unlink(missing_ok=True)
        found = f"a STATS19 {kind[0]} file" if kind else "not a STATS19 file"
        raise FetchError(url, f"expected DfT's STATS19 {table} file but the download is {found}{why}", manual)


def fetch_stats19(years: Iterable[int], out: str | Path | None = None, *, base_url: str = DFT_BASE_URL,
                  downloader: Downloader | None = None, refresh: bool = False,
                  report: Callable[[str], None] | None = None) -> FetchResult:
    """Download the collision, casualty and vehicle files of ``years`` into ``out`` (default ``data/raw/stats19``).

    ``refresh`` fetches again even the files ``SOURCE.json`` says are already there.
    """
    years = sorted(set(int(y) for y in years))
    if not years or years[0] < FIRST_YEAR:
        raise ConfigError(f"STATS19 years must be {FIRST_YEAR} or later, got {years or 'none'}")
    folder = Path(out) if out is not None else paths.RAW_DIR / "stats19"
    downloader = downloader or Downloader(report=report)
    record = SourceRecord.load(folder, source="stats19", publisher=PUBLISHER)
    result = FetchResult(folder)
    from_bulk: dict[str, list[int]] = {table: [] for table in TABLES}

    for year in years:
        for table in TABLES:
            name = None if refresh else record.find(lambda e: e.get("table") == table and e.get("year") == year)
            if name:
                result.kept.append(name)
                continue
            name = _fetch_year_file(table, year, folder, base_url, downloader, record)
            if name:
                result.downloaded.append(name)
            else:
                from_bulk[table].append(year)

    for table, wanted in from_bulk.items():
        if wanted:
            result.downloaded += _fetch_from_bulk(table, wanted, folder, base_url, downloader, record, report)
    return result


def _fetch_year_file(table: str, year: int, folder: Path, base_url: str, downloader: Downloader,
                     record: SourceRecord) -> str | None:
    """Download DfT's per-year file of ``table`` for ``year``; ``None`` when DfT publishes none (404)."""
    for pattern in YEAR_FILES[table]:
        name = pattern.format(year=year)
        url = join_url(base_url, name)
        manual = _manual(url, folder)
        try:
            got = downloader.download(url, folder / name, manual=manual)
        except NotFoundError:
            continue
        _check_table(got.path, table, url, manual)
        record.add(name, url=url, size=got.size, sha256=got.sha256, table=table, year=year)
        return name
    return None


def _fetch_from_bulk(table: str, years: list[int], folder: Path, base_url: str, downloader: Downloader,
                     record: SourceRecord, report: Callable[[str], None] | None) -> list[str]:
    """Download the bulk file of ``table``, split out ``years``, record the files, delete the bulk file."""
    url = join_url(base_url, BULK_FILES[table])
    manual = _manual(url, folder)
    # saved under a name the reader ignores (not .csv) and deleted once split
    bulk = folder / (BULK_FILES[table] + ".download")
    got = downloader.download(url, bulk, manual=manual)
    _check_table(bulk, table, url, manual)
    if report:
        report(f"  splitting {BULK_FILES[table]} into {table} files for {', '.join(map(str, years))}")
    try:
        written = split_by_year(bulk, years, folder, table, url=url, manual=manual)
    except FetchError:
        keep_for_resume(bulk)  # a fetch of other years need not download it again
        raise
    bulk.unlink()
    names = []
    for year, path in written.items():
        record.add(path.name, url=url, size=path.stat().st_size, sha256=sha256_file(path), table=table, year=year,
                   split_from={"file": BULK_FILES[table], "size": got.size, "sha256": got.sha256,
                               "rows": "the bulk file's rows whose year column is this year, unchanged"})
        names.append(path.name)
    return names


def split_by_year(bulk: Path, years: list[int], folder: Path, table: str, *, url: str = "",
                  manual: str | None = None) -> dict[int, Path]:
    """Write the rows of a bulk STATS19 file for each of ``years`` to ``SPLIT_FILE``, bytes unchanged.

    Streams the file line by line (bounded memory).  The year is read from the first of
    ``YEAR_COLUMNS`` in the header; a line with a quote is parsed as CSV, others are split
    on commas.  A year with no rows in the bulk file is a ``FetchError`` saying which years
    the file covers.
    """
    with open(bulk, "rb") as source:
        header = source.readline()
        columns = [c.strip().strip('"') for c in next(csv.reader([header.decode("utf-8-sig", "replace")]))]
        position = next((columns.index(c) for c in YEAR_COLUMNS if c in columns), None)
        if position is None:
            raise FetchError(url or str(bulk), f"the bulk file has no year column ({' or '.join(YEAR_COLUMNS)})", manual)
        wanted = {str(year).encode(): year for year in years}
        parts = {year: folder / (SPLIT_FILE.format(table=table, year=year) + ".part") for year in years}
        outputs = {year: open(path, "wb") for year, path in parts.items()}
        counts = dict.fromkeys(years, 0)
        seen: set[bytes] = set()
        try:
            for handle in outputs.values():
                handle.write(header if header.endswith(b"\n") else header + b"\n")
            for line in source:
                if b'"' in line:
                    cells = next(csv.reader([line.decode("utf-8", "replace")]), [])
                    cell = cells[position].strip().encode() if len(cells) > position else b""
                else:
                    cells = line.split(b",", position + 1)
                    cell = cells[position].strip() if len(cells) > position else b""
                year = wanted.get(cell)
                if year is None:
                    seen.add(cell)
                    continue
                outputs[year].write(line)
                counts[year] += 1
        finally:
            for handle in outputs.values():
                handle.close()
    missing = [year for year, count in counts.items() if count == 0]
    if missing:
        for path in parts.values():
            path.unlink(missing_ok=True)
        covered = sorted(int(c) for c in seen if c.isdigit())
        span = f"{covered[0]} to {covered[-1]}" if covered else "no recognisable years"
        raise FetchError(url or str(bulk), f"DfT's bulk {table} file has no rows for {', '.join(map(str, missing))} "
                                           f"(it covers {span})", manual)
    written = {}
    for year, path in parts.items():
        final = path.with_name(path.name.removesuffix(".part"))
        path.replace(final)
        written[year] = final
    return written
