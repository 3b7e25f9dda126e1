"""Download public data into ``data/raw/<source>/``, in the layout the readers take: ``cspanalysis fetch``.

One module per publisher, one shared downloader:

- ``download``: resumable (HTTP ``Range`` on a ``.part`` file), size-checked downloads with
  bounded retries and a short connect timeout; ``FetchError`` names the URL and the manual
  download;
- ``record``: ``SOURCE.json`` in each folder (URL, date, size, SHA-256, licence), which makes
  a second fetch download nothing;
- ``stats19``: DfT road casualty files by year (per-year files, else the bulk file split by year);
- ``police_uk``: one force's monthly street files from the data.police.uk archive;
- ``fingertips``: indicators found by name through the Fingertips API, as CSV exports;
- ``url``: a file from an address the user gives (ONS population estimates and lookups);
- ``command``: the ``fetch`` subcommand (``add_fetch_parser``).

Standard library only.  Every publisher here licenses its data under the Open Government
Licence v3.0, recorded in ``SOURCE.json``.
"""

from cspanalysis.fetch.command import add_fetch_parser
from cspanalysis.fetch.download import Downloader, FetchError, NotFoundError
from cspanalysis.fetch.fingertips import fetch_fingertips
from cspanalysis.fetch.police_uk import fetch_police_uk
from cspanalysis.fetch.record import FetchResult, SourceRecord
from cspanalysis.fetch.stats19 import fetch_stats19
from cspanalysis.fetch.url import fetch_url

__all__ = [
    "Downloader",
    "FetchError",
    "FetchResult",
    "NotFoundError",
    "SourceRecord",
    "add_fetch_parser",
    "fetch_fingertips",
    "fetch_police_uk",
    "fetch_stats19",
    "fetch_url",
]
