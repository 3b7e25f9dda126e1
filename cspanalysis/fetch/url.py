"""Fetch a file from a URL the user gives into ``data/raw/<source>/``: for ONS files whose address changes.

ONS moves its downloads (mid-year population estimates, the LSOA-to-ward-to-district
lookups on the Open Geography Portal) with each release, so no address is built in: the
user copies it from the publisher's page.  The file is saved unchanged, under the URL's
file name or the ``name`` given, through the same resumable, checked download as the
other sources, and recorded in ``SOURCE.json`` (URL, size, SHA-256, licence).  Fetching the
same URL again downloads nothing.

A name must suit the reader of the source: population files must say their year
(``MYE2-mid-2016.csv``: ``cspanalysis.sources.population`` takes the year from the name).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path, PurePosixPath
from typing import Callable

from cspanalysis import paths
from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import Downloader, manual_download
from cspanalysis.fetch.record import OGL, FetchResult, SourceRecord

_SOURCE = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ ()-]*$")

#: source -> (a file name the reader accepts, what to do otherwise)
NAME_RULES = {
    "population": (re.compile(r"mid-?\d{4}", re.IGNORECASE),
                   "population files must say their year: give --name like MYE2-mid-2016.csv"),
}
#: source -> publisher recorded in SOURCE.json (others record the URL's host)
PUBLISHERS = {
    "population": "Office for National Statistics (mid-year population estimates)",
    "ons": "Office for National Statistics (Open Geography Portal lookups)",
}


def fetch_url(url: str, source: str, out: str | Path | None = None, *, name: str | None = None,
              licence: str = OGL, downloader: Downloader | None = None, refresh: bool = False,
              report: Callable[[str], None] | None = None) -> FetchResult:
    """Download ``url`` into ``out`` (default ``data/raw/<source>``) as ``name`` (default: the URL's file name)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"'{url}' is not an http or https address")
    if not _SOURCE.match(source):
        raise ConfigError(f"'{source}' is not a source folder name: lower case letters, digits and _ (e.g. population, ons)")
    name = name or urllib.parse.unquote(PurePosixPath(parts.path).name)
    if not name or not _NAME.match(name):
        raise ConfigError(f"cannot take a file name from '{url}': give one with --name")
    rule = NAME_RULES.get(source)
    if rule and not rule[0].search(name):
        raise ConfigError(f"'{name}': {rule[1]}")
    folder = Path(out) if out is not None else paths.RAW_DIR / source
    record = SourceRecord.load(folder, source=source, publisher=PUBLISHERS.get(source, parts.netloc), licence=licence)
    result = FetchResult(folder)
    if not refresh and record.is_current(name, url):
        result.kept.append(name)
        return result
    downloader = downloader or Downloader(report=report)
    got = downloader.download(url, folder / name, manual=manual_download(url, folder / name))
    record.add(name, url=url, size=got.size, sha256=got.sha256)
    result.downloaded.append(name)
    return result
