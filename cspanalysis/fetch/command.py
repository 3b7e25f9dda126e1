"""The ``cspanalysis fetch`` command: one subcommand per publisher, each handler returning an exit code.

::

    cspanalysis fetch stats19 --years 2014-2015 [--out DIR]
    cspanalysis fetch police-uk --force kent --months 2016-01..2016-09 [--archive 2016-09]
    cspanalysis fetch fingertips --district E07000116 [--indicator NAME ...]
    cspanalysis fetch url URL --source population [--name MYE2-mid-2016.csv]

Every subcommand takes ``--out`` (default ``data/raw/<source>``), ``--refresh`` (fetch
again even what ``SOURCE.json`` says is there), ``--retries`` and ``--timeout``; the
publishers' addresses can be changed with ``--base-url``.  Failures raise the package's
errors (``FetchError``, ``ConfigError``), which the main command prints as one line.
"""

from __future__ import annotations

import argparse
import re
import sys

from cspanalysis.fetch.download import Downloader
from cspanalysis.fetch.fingertips import (
    ALCOHOL_INDICATORS,
    COUNTY_AREA_TYPE,
    DISTRICT_AREA_TYPE,
    FINGERTIPS_API_URL,
    fetch_fingertips,
)
from cspanalysis.fetch.police_uk import POLICE_UK_ARCHIVE_URL, fetch_police_uk
from cspanalysis.fetch.record import OGL
from cspanalysis.fetch.stats19 import DFT_BASE_URL, fetch_stats19
from cspanalysis.fetch.url import fetch_url

_YEARS = re.compile(r"^(\d{4})(?:(?:-|\.\.)(\d{4}))?$")
_MONTHS = re.compile(r"^(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?$")


def parse_years(text: str) -> list[int]:
    """``2015``, ``2014-2015`` or ``2014..2015`` (both ends included), or a comma list of these."""
    years: set[int] = set()
    for piece in text.split(","):
        match = _YEARS.match(piece.strip())
        if not match:
            raise argparse.ArgumentTypeError(f"'{piece.strip()}' is not a year or a range of years like 2014-2015")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first > last:
            raise argparse.ArgumentTypeError(f"the years run backwards: {first} is after {last}")
        years.update(range(first, last + 1))
    return sorted(years)


def parse_months(text: str) -> tuple[str, str]:
    """``2016-09`` or ``2016-01..2016-09`` (both ends included) as (first, last)."""
    match = _MONTHS.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month or a range of months like 2016-01..2016-09")
    return match.group(1), match.group(2) or match.group(1)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 0 or more")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds above 0")
    return seconds


def _print(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _downloader(args) -> Downloader:
    return Downloader(connect_timeout=args.timeout, retries=args.retries, report=None if args.quiet else _print)


def _finish(result, source: str) -> int:
    _print(result.summary(source))
    return 0


def run_stats19(args) -> int:
    """Handler of ``fetch stats19``."""
    result = fetch_stats19(args.years, args.out, base_url=args.base_url, downloader=_downloader(args),
                           refresh=args.refresh, report=None if args.quiet else _print)
    return _finish(result, "stats19")


def run_police_uk(args) -> int:
    """Handler of ``fetch police-uk``."""
    result = fetch_police_uk(args.force, args.months, args.out, archive=args.archive, base_url=args.base_url,
                             downloader=_downloader(args), refresh=args.refresh, report=None if args.quiet else _print)
    return _finish(result, "police_uk")


def run_fingertips(args) -> int:
    """Handler of ``fetch fingertips``."""
    result = fetch_fingertips(args.district, args.out, indicators=args.indicator or ALCOHOL_INDICATORS,
                              search=args.search, area_type=args.area_type, parent_area_type=args.parent_area_type,
                              base_url=args.base_url, downloader=_downloader(args), refresh=args.refresh,
                              report=None if args.quiet else _print)
    return _finish(result, "fingertips")


def run_url(args) -> int:
    """Handler of ``fetch url``."""
    result = fetch_url(args.url, args.source, args.out, name=args.name, licence=args.licence,
                       downloader=_downloader(args), refresh=args.refresh, report=None if args.quiet else _print)
    return _finish(result, args.source)


def add_fetch_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``fetch`` and its publisher subcommands to the main command's subparsers; returns the ``fetch`` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--out", help="folder to save into (default: data/raw/<source>)")
    common.add_argument("--refresh", action="store_true",
                        help="download again even files SOURCE.json says are there with a matching checksum")
    common.add_argument("--retries", type=_count, default=3,
                        help="tries after a dropped connection or server error (default: %(default)s)")
    common.add_argument("--timeout", type=_seconds, default=5.0,
                        help="seconds to wait for a connection before failing (default: %(default)s)")
    common.add_argument("--quiet", action="store_true", help="print only the summary line")

    fetch = subparsers.add_parser(
        "fetch", help="download public data into data/raw/<source> (resumable, checksummed in SOURCE.json)",
        description="Download public data (DfT STATS19, police.uk, Fingertips, ONS files) into data/raw/<source>/ "
                    "in the layout the readers take. Downloads resume, are checked against their announced size "
                    "and recorded with their SHA-256 in SOURCE.json; a second fetch downloads nothing.")
    publishers = fetch.add_subparsers(dest="publisher", required=True, metavar="SOURCE")

    stats19 = publishers.add_parser("stats19", parents=[common], help="DfT road casualty files (collision, casualty, vehicle)")
    stats19.add_argument("--years", required=True, type=parse_years, help="years, e.g. 2015, 2014-2015 or 2004-2008,2015")
    stats19.add_argument("--base-url", default=DFT_BASE_URL, help="DfT's folder of files (default: %(default)s)")
    stats19.set_defaults(handler=run_stats19)

    police = publishers.add_parser("police-uk", parents=[common], help="one force's monthly street files from the police.uk archive")
    police.add_argument("--force", required=True, help="force as in police.uk file names, e.g. kent")
    police.add_argument("--months", required=True, type=parse_months, help="months, e.g. 2016-09 or 2015-10..2016-09")
    police.add_argument("--archive", help="take the files from this month's archive (YYYY-MM) instead of the latest month asked")
    police.add_argument("--base-url", default=POLICE_UK_ARCHIVE_URL, help="the archive folder (default: %(default)s)")
    police.set_defaults(handler=run_police_uk)

    fingertips = publishers.add_parser("fingertips", parents=[common], help="alcohol indicators from the Fingertips API")
    fingertips.add_argument("--district", required=True, help="ONS code of the district, e.g. E07000116")
    fingertips.add_argument("--indicator", action="append", metavar="NAME",
                            help="indicator name as Fingertips spells it (repeatable; default: the alcohol "
                                 "admission episodes indicators)")
    fingertips.add_argument("--search", default="alcohol", help="words for Fingertips' indicator search (default: %(default)s)")
    fingertips.add_argument("--area-type", type=int, default=DISTRICT_AREA_TYPE,
                            help="Fingertips area type id of districts (default: %(default)s, districts from April 2023)")
    fingertips.add_argument("--parent-area-type", type=int, default=COUNTY_AREA_TYPE,
                            help="Fingertips area type id of the parents (default: %(default)s, counties from April 2023)")
    fingertips.add_argument("--base-url", default=FINGERTIPS_API_URL, help="the API (default: %(default)s)")
    fingertips.set_defaults(handler=run_fingertips)

    url = publishers.add_parser("url", parents=[common], help="a file from an address you give (ONS population, lookups)")
    url.add_argument("url", help="the file's address, copied from the publisher's page")
    url.add_argument("--source", required=True, help="source folder under data/raw, e.g. population or ons")
    url.add_argument("--name", help="file name to save as (default: the URL's); population files like MYE2-mid-2016.csv")
    url.add_argument("--licence", default=OGL, help="licence to record (default: %(default)s)")
    url.set_defaults(handler=run_url)
    return fetch
