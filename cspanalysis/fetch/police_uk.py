"""Fetch one police force's monthly street files from the data.police.uk archive.

data.police.uk publishes a zip each month, ``https://data.police.uk/data/archive/YYYY-MM.zip``
(Open Government Licence v3.0), holding every force's files for that month and the months
before it (recent archives cover 36 months) as ``YYYY-MM/YYYY-MM-<force>-street.csv``
(with ``-outcomes`` and ``-stop-and-search`` files beside them).  An archive is one to two
gigabytes, so it is streamed to a file in the output folder (``YYYY-MM.zip.part`` while
downloading, resumable) and only the chosen force's street files for the months asked are
extracted, member by member, in bounded memory, to ``<out>/YYYY-MM/YYYY-MM-<force>-street.csv``:
the layout ``cspanalysis.sources.police_uk.read_street_files`` reads.  The archive is
deleted afterwards.

Which archive: the one named after the latest month still missing (it holds the months
before it); if it lacks some earlier months, the archive named after the latest of those
is fetched next.  ``archive`` picks one archive instead (for example the newest, which
carries the latest revisions of every month it covers).

Each extracted file is recorded in ``SOURCE.json`` with the archive's URL, the member it
came from, its size and SHA-256 (and the archive's), so a second fetch of the same months
downloads nothing.  The force is the name police.uk uses in file names (``kent``,
``metropolitan``, ``avon-and-somerset``); a force the archive does not hold is an error
listing the forces it does.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from cspanalysis import paths
from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import Downloader, FetchError, NotFoundError, join_url, keep_for_resume
from cspanalysis.fetch.record import FetchResult, SourceRecord

POLICE_UK_ARCHIVE_URL = "https://data.police.uk/data/archive/"
PUBLISHER = "Home Office, data.police.uk (police recorded crime and anti-social behaviour)"
_FORCE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ANY_STREET_FILE = re.compile(r"(?:^|/)(\d{4}-\d{2})-([a-z0-9-]+)-street\.csv$")


def street_file(month: str, force: str) -> str:
    """Where a month's street file goes in the folder: ``YYYY-MM/YYYY-MM-<force>-street.csv``."""
    return f"{month}/{month}-{force}-street.csv"


def _manual(url: str, force: str, folder: Path) -> str:
    return (f"To download by hand, choose the force and months at https://data.police.uk/data/ (or download "
            f"{url}) and unzip the street files into {folder} as YYYY-MM/YYYY-MM-{force}-street.csv")


def list_months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    for month in (first, last):
        if not _MONTH.match(month):
            raise ConfigError(f"'{month}' is not a month like 2016-09")
    if first > last:
        raise ConfigError(f"the months run backwards: {first} is after {last}")
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def fetch_police_uk(force: str, months: tuple[str, str], out: str | Path | None = None, *,
                    archive: str | None = None, base_url: str = POLICE_UK_ARCHIVE_URL,
                    downloader: Downloader | None = None, refresh: bool = False,
                    report: Callable[[str], None] | None = None) -> FetchResult:
    """Download ``force``'s street files for ``months`` (first, last) into ``out`` (default ``data/raw/police_uk``)."""
    if not _FORCE.match(force):
        raise ConfigError(f"'{force}' is not a police.uk force name: use the name in its file names, "
                          "lower case with hyphens, e.g. kent or avon-and-somerset")
    if archive is not None and not _MONTH.match(archive):
        raise ConfigError(f"the archive '{archive}' is not a month like 2016-09")
    wanted = list_months(*months)
    folder = Path(out) if out is not None else paths.RAW_DIR / "police_uk"
    downloader = downloader or Downloader(report=report)
    record = SourceRecord.load(folder, source="police_uk", publisher=PUBLISHER)
    result = FetchResult(folder)
    missing = []
    for month in wanted:
        if not refresh and record.is_current(street_file(month, force)):
            result.kept.append(street_file(month, force))
        else:
            missing.append(month)

    tried: list[str] = []
    unpublished = None
    while missing:
        name = archive or max(missing)
        if name in tried:
            break
        tried.append(name)
        try:
            found = _fetch_from_archive(name, force, missing, folder, base_url, downloader, record, report)
        except NotFoundError:
            if len(tried) == 1:
                raise  # the first archive asked for does not exist: say so plainly
            unpublished = name
            break
        result.downloaded += [street_file(m, force) for m in found]
        missing = [m for m in missing if m not in found]
    if missing:
        url = join_url(base_url, f"{tried[-1]}.zip")
        searched = [a for a in tried if a != unpublished]
        why = f" ({unpublished}.zip, the archive for the latest of them, is not published)" if unpublished else ""
        raise FetchError(url, f"no {force} street file for {', '.join(missing)} in the archive"
                              f"{'s' if len(searched) > 1 else ''} {', '.join(a + '.zip' for a in searched)}{why}",
                         _manual(url, force, folder))
    return result


def _fetch_from_archive(name: str, force: str, months: list[str], folder: Path, base_url: str,
                        downloader: Downloader, record: SourceRecord,
                        report: Callable[[str], None] | None) -> list[str]:
    """Download archive ``name``, extract ``force``'s street files for ``months``; the months found.

    The archive is deleted once extracted.  If extraction stops short (a force the archive
    does not hold), it is kept as its ``.part`` file so that the next fetch need not
    download it again; a download that is not a zip, or a damaged zip, is deleted.
    """
    url = join_url(base_url, f"{name}.zip")
    manual = _manual(url, force, folder)
    got = downloader.download(url, folder / f"{name}.zip", manual=manual)
    if not zipfile.is_zipfile(got.path):
        with open(got.path, "rb") as handle:
            start = handle.read(40)
        got.path.unlink()
        raise FetchError(url, f"the download is not a zip archive (it begins {start!r})", manual)
    try:
        with zipfile.ZipFile(got.path) as zipped:
            members = _force_members(zipped, force, months, url, manual)
            for month, member in sorted(members.items()):
                if report:
                    report(f"  extracting {member}")
                size, sha256 = _extract(zipped, member, folder / street_file(month, force))
                record.add(street_file(month, force), url=url, size=size, sha256=sha256, member=member,
                           force=force, month=month, archive={"size": got.size, "sha256": got.sha256})
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        got.path.unlink()
        raise FetchError(url, f"the archive is damaged ({error}); it was deleted, so the next fetch "
                              "downloads it again", manual) from None
    except FetchError:
        keep_for_resume(got.path)
        raise
    got.path.unlink()
    return sorted(members)


def _force_members(zipped: zipfile.ZipFile, force: str, months: list[str], url: str, manual: str) -> dict[str, str]:
    """The archive's street files of ``force`` for ``months``, by month; an error listing the forces if none."""
    members, forces = {}, set()
    for member in zipped.namelist():
        match = _ANY_STREET_FILE.search(member)
        if match:
            forces.add(match.group(2))
            if match.group(2) == force and match.group(1) in months:
                members[match.group(1)] = member
    if force not in forces:
        listed = ", ".join(sorted(forces)) or "none"
        raise FetchError(url, f"the archive has no street files for the force '{force}'; "
                              f"it has street files for: {listed}", manual)
    return members


def _extract(zipped: zipfile.ZipFile, member: str, target: Path, chunk_size: int = 1 << 20) -> tuple[int, str]:
    """Copy one member to ``target`` through a ``.part`` file, hashing as it goes; (size, SHA-256)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    digest, size = hashlib.sha256(), 0
    try:
        with zipped.open(member) as source, open(part, "wb") as out:
            while chunk := source.read(chunk_size):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(target)
    return size, digest.hexdigest()
