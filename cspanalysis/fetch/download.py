"""HTTP downloads for ``cspanalysis fetch``: resumable, size-checked, retried a bounded number of times.

Standard library only (``urllib``).  A file is downloaded to ``<target>.part`` and renamed
onto ``<target>`` only when it is complete, so a reader never sees half a file:

- **resumable**: an existing ``.part`` file is continued with an HTTP ``Range`` request
  (with ``If-Range`` when the server gave an ``ETag`` or ``Last-Modified``, so a file that
  changed on the server is fetched whole again); a server that ignores the range and
  answers ``200`` is read again from the start;
- **verified**: the bytes received must add up to the size the server announced
  (``Content-Length``, or the total in ``Content-Range``); fewer bytes is a dropped
  connection;
- **bounded**: a dropped connection, a timeout while reading or a server error (HTTP 5xx,
  408, 429) is retried ``retries`` times after a short pause, each time resuming where it
  stopped; a connection that cannot be made at all (offline, refused, unknown host) fails
  at once after ``connect_timeout`` seconds, since retrying cannot help;
- **clear**: every failure is a ``FetchError`` naming the URL and saying where to save the
  file when downloading it by hand.

Reads have their own, longer timeout (``read_timeout``): the connect timeout is kept short
so that an offline machine fails in seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cspanalysis import __version__
from cspanalysis.errors import CspError

USER_AGENT = f"cspanalysis/{__version__} (+Python urllib)"

#: HTTP statuses worth trying again: the server is busy or failed, not the request
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


class FetchError(CspError):
    """A download failed: the message names the URL, what went wrong and how to get the file by hand."""

    def __init__(self, url: str, message: str, manual: str | None = None):
        self.url = url
        self.detail = message
        self.manual = manual
        super().__init__(f"{url}: {message}" + (f". {manual}" if manual else ""))


class NotFoundError(FetchError):
    """The server answered 404: the publisher has no file at that URL (or has moved it)."""


class _Retry(Exception):
    """A failure worth trying again (dropped connection, server error), with what happened."""


@dataclass(frozen=True)
class Downloaded:
    """A completed download: where it is, where it came from, its size and SHA-256."""

    path: Path
    url: str
    size: int
    sha256: str
    resumed_from: int = 0  # bytes already in the .part file when this fetch started


def sha256_file(path: str | Path, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks (bounded memory), as lowercase hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def keep_for_resume(path: str | Path) -> Path:
    """Turn a complete download back into its ``.part`` file, so the next fetch resumes (re-uses) it.

    The next ``Downloader.download`` of the same URL asks for the bytes after its end; a
    server answers 416 with the file's size, and the file is taken as complete.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    if path.exists():
        path.replace(part)
    return part


def manual_download(url: str, target: str | Path) -> str:
    """The sentence telling a user how to get a file by hand and where to put it."""
    return f"To download it by hand, open {url} in a browser and save the file as {target}"


def _handler_with_read_timeout(base: type, read_timeout: float) -> urllib.request.BaseHandler:
    """An HTTP(S) handler whose connections connect with the request timeout, then read with ``read_timeout``."""

    class Handler(base):
        def do_open(self, http_class, req, **kwargs):
            class Connection(http_class):
                def connect(self):
                    super().connect()
                    self.sock.settimeout(read_timeout)

            return super().do_open(Connection, req, **kwargs)

    return Handler()


def _open(opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float):
    """Send one request (the single place every fetch goes through; tests watch it)."""
    return opener.open(request, timeout=timeout)


def _total_size(content_range: str | None) -> int | None:
    match = _CONTENT_RANGE.match(content_range or "")
    return int(match.group(3)) if match and match.group(3) != "*" else None


@dataclass
class Downloader:
    """Fetches URLs with the rules above; one instance can fetch many files.

    ``report`` receives one-line progress messages (downloads started, finished, resumed).
    ``pause`` is the wait before the first retry, doubled for each further retry.
    """

    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    retries: int = 3
    pause: float = 1.0
    chunk_size: int = 1 << 20
    report: Callable[[str], None] | None = None
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(
            _handler_with_read_timeout(urllib.request.HTTPHandler, self.read_timeout),
            _handler_with_read_timeout(urllib.request.HTTPSHandler, self.read_timeout),
        )

    def _say(self, message: str) -> None:
        if self.report:
            self.report(message)

    # -- one request ---------------------------------------------------------------------

    def _request(self, url: str, headers: dict[str, str], manual: str | None):
        """Open ``url``; map failures to ``FetchError`` (final) or ``_Retry`` (try again)."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        try:
            return _open(self._opener, request, self.connect_timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 404:
                raise NotFoundError(url, "not found (HTTP 404): the publisher has no file at this address, "
                                         "or has moved it", manual) from None
            if error.code in RETRY_STATUSES:
                raise _Retry(f"the server answered HTTP {error.code} {error.reason}") from None
            if error.code == 416 and "Range" in headers:
                raise  # the caller decides: a complete .part file or a bad range
            raise FetchError(url, f"the server refused the download: HTTP {error.code} {error.reason}", manual) from None
        except urllib.error.URLError as error:
            # raised while connecting (refused, unknown host, connect timeout): offline or unreachable
            raise FetchError(url, f"cannot connect ({error.reason}): the computer is offline or the "
                                  "publisher's server is unreachable", manual) from None
        except (OSError, http.client.HTTPException) as error:
            # connected, then the server closed or stalled before answering
            raise _Retry(f"the connection failed before the server answered ({error!r})") from None

    def _with_retries(self, url: str, attempt: Callable[[], Any], manual: str | None,
                      describe_partial: Callable[[], str] = lambda: ""):
        failures = 0
        while True:
            try:
                return attempt()
            except _Retry as problem:
                failures += 1
                if failures > self.retries:
                    raise FetchError(url, f"{problem}; gave up after {failures} tries{describe_partial()}", manual) from None
                wait = self.pause * 2 ** (failures - 1)
                self._say(f"  {problem}; trying again in {wait:g} s ({failures + 1} of {self.retries + 1})")
                time.sleep(wait)

    # -- whole files ---------------------------------------------------------------------

    def download(self, url: str, target: str | Path, *, manual: str | None = None) -> Downloaded:
        """Download ``url`` to ``target`` through ``target.part``, resuming a partial download."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        manual = manual or manual_download(url, target)
        resumed_from = part.stat().st_size if part.exists() else 0
        state: dict[str, str | None] = {"validator": None}
        if resumed_from:
            self._say(f"resuming {url} from byte {resumed_from:,}")
        else:
            self._say(f"downloading {url}")

        def kept() -> str:
            size = part.stat().st_size if part.exists() else 0
            return f"; the {size:,} bytes received are kept in {part} and the next fetch resumes from there" if size else ""

        def attempt() -> None:
            try:
                self._attempt(url, part, state, manual)
            except FetchError as error:
                if isinstance(error, NotFoundError) or not part.exists():
                    raise
                raise FetchError(url, error.detail + kept(), manual) from None

        self._with_retries(url, attempt, manual, kept)
        os.replace(part, target)
        size = target.stat().st_size
        self._say(f"  saved {target} ({size:,} bytes)")
        return Downloaded(target, url, size, sha256_file(target, self.chunk_size), resumed_from)

    def _attempt(self, url: str, part: Path, state: dict, manual: str) -> None:
        offset = part.stat().st_size if part.exists() else 0
        headers = {}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            if state["validator"]:
                headers["If-Range"] = state["validator"]
        try:
            response = self._request(url, headers, manual)
        except urllib.error.HTTPError as error:  # 416: the range starts at or after the end
            if offset and _total_size(error.headers.get("Content-Range")) == offset:
                return  # the .part file already holds the whole file
            part.unlink(missing_ok=True)
            raise _Retry("the server could not resume the partial download, so it starts again") from None
        with response:
            if offset and response.status == 206:
                match = _CONTENT_RANGE.match(response.headers.get("Content-Range") or "")
                if not match or match.group(1) is None or int(match.group(1)) != offset:
                    part.unlink(missing_ok=True)
                    raise _Retry("the server resumed at the wrong place, so the download starts again")
                total = _total_size(response.headers.get("Content-Range"))
                mode = "ab"
            else:  # the whole file: first try, a server that ignores Range, or a file that changed
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                offset, mode = 0, "wb"
            state["validator"] = response.headers.get("ETag") or response.headers.get("Last-Modified")
            received = offset
            # a progress line at each tenth of a large file
            step = total // 10 if total and total >= 10 * self.chunk_size else None
            mark = (received // step + 1) * step if step else None
            with open(part, mode) as out:
                try:
                    while chunk := response.read(self.chunk_size):
                        out.write(chunk)
                        received += len(chunk)
                        if mark and received >= mark:
                            self._say(f"  {received * 100 // total}% ({received:,} of {total:,} bytes)")
                            mark = (received // step + 1) * step
                except (OSError, http.client.HTTPException) as error:
                    raise _Retry(f"the connection dropped after {received:,} bytes ({type(error).__name__})") from None
        if total is not None and received < total:
            raise _Retry(f"the connection dropped after {received:,} of {total:,} bytes")
        if total is not None and received > total:
            part.unlink(missing_ok=True)
            raise _Retry(f"the server sent {received:,} bytes but announced {total:,}")

    # -- small answers (JSON) ------------------------------------------------------------

    def get_bytes(self, url: str, *, manual: str | None = None) -> bytes:
        """The body of a small answer (an API's JSON), with the same checks and retries."""

        def attempt() -> bytes:
            with self._request(url, {}, manual) as response:
                length = response.headers.get("Content-Length")
                try:
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    raise _Retry(f"the connection dropped ({type(error).__name__})") from None
            if length and length.isdigit() and len(body) != int(length):
                raise _Retry(f"the connection dropped after {len(body):,} of {int(length):,} bytes")
            return body

        return self._with_retries(url, attempt, manual)

    def get_json(self, url: str, *, manual: str | None = None) -> Any:
        """An API answer parsed from JSON; an answer that is not JSON is a ``FetchError``."""
        body = self.get_bytes(url, manual=manual)
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise FetchError(url, f"the answer is not JSON ({error}); it begins {body[:60]!r}", manual) from None


def join_url(base: str, path: str) -> str:
    """``path`` under ``base`` (a base URL with or without its trailing slash)."""
    return urllib.parse.urljoin(base if base.endswith("/") else base + "/", path)
