"""``SOURCE.json``: what ``cspanalysis fetch`` put in a ``data/raw/<source>/`` folder, from where, under what licence.

One file per source folder, written after every file fetched (so an interrupted fetch
keeps what it finished)::

    {
      "source": "stats19",
      "publisher": "Department for Transport",
      "licence": "Open Government Licence v3.0",
      "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
      "files": {
        "dft-road-casualty-statistics-collision-2015.csv": {
          "url": "https://data.dft.gov.uk/road-accidents-safety-data/...",
          "fetched": "2025-06-01T10:00:00Z",
          "size": 123456,
          "sha256": "9f86d0...",
          ... details of the source: table and year, archive member, indicator ...
        }
      }
    }

Keys of ``files`` are paths relative to the folder, with ``/``.  ``fetched`` is the UTC
time the file was downloaded.  A file counts as *already there* (``is_current``) when it is
recorded, exists, and its SHA-256 on disk equals the recorded one: a second fetch then
downloads nothing.  A file changed or deleted by hand is fetched again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from cspanalysis.errors import InputError
from cspanalysis.fetch.download import sha256_file

SOURCE_FILE = "SOURCE.json"
OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SourceRecord:
    """The ``SOURCE.json`` of one source folder, loaded (or new) and saved after each change."""

    folder: Path
    source: str
    publisher: str
    licence: str = OGL
    licence_url: str = OGL_URL
    files: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: str | Path, *, source: str, publisher: str, licence: str = OGL,
             licence_url: str | None = None) -> SourceRecord:
        """The folder's record, or an empty one; the publisher and licence given win for new entries."""
        folder = Path(folder)
        path = folder / SOURCE_FILE
        files: dict[str, dict] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                files = data["files"]
                if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
                    raise TypeError("'files' is not an object of objects")
            except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as error:
                raise InputError(path, f"is not a SOURCE.json written by cspanalysis fetch ({error}): "
                                       "delete it to fetch the folder's files again") from None
        if licence_url is None:
            licence_url = OGL_URL if licence == OGL else ""
        return cls(folder, source, publisher, licence, licence_url, files)

    def is_current(self, name: str, url: str | None = None) -> bool:
        """The file is recorded (from ``url``, when given), on disk, and has its recorded SHA-256."""
        entry = self.files.get(name)
        path = self.folder / name
        if entry is None or not path.is_file() or (url is not None and entry.get("url") != url):
            return False
        return path.stat().st_size == entry.get("size") and sha256_file(path) == entry.get("sha256")

    def find(self, match: Callable[[dict], bool]) -> str | None:
        """The first current file (by name) whose entry ``match`` accepts, or ``None``."""
        for name in sorted(self.files):
            if match(self.files[name]) and self.is_current(name):
                return name
        return None

    def add(self, name: str, *, url: str, size: int, sha256: str, **details) -> None:
        """Record one file (replacing an older entry of the same name) and save at once."""
        self.files[name] = {"url": url, "fetched": utc_now(), "size": size, "sha256": sha256,
                            "licence": self.licence, **details}
        self.save()

    def save(self) -> None:
        """Write ``SOURCE.json`` atomically: sorted keys, two-space indent, ``\\n`` line endings."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "source": self.source,
            "publisher": self.publisher,
            "licence": self.licence,
            "licence_url": self.licence_url,
            "files": dict(sorted(self.files.items())),
        }
        path = self.folder / SOURCE_FILE
        temporary = path.with_name(SOURCE_FILE + ".tmp")
        temporary.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8", newline="\n")
        os.replace(temporary, path)


@dataclass
class FetchResult:
    """What one fetch did: files downloaded now, files already there (checksums matched)."""

    folder: Path
    downloaded: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self, source: str) -> str:
        """One line for the command line, e.g. ``stats19: 6 files in data/raw/stats19 (...)``."""
        total = len(self.downloaded) + len(self.kept)
        noun = "file" if total == 1 else "files"
        return (f"{source}: {total} {noun} in {self.folder} ({len(self.downloaded)} downloaded, "
                f"{len(self.kept)} already there with matching checksums; see {self.folder / SOURCE_FILE})")
