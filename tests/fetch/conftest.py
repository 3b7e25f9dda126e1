"""A local publisher for the fetch tests: an HTTP server on 127.0.0.1 serving fixture files.

No fetch test reaches the internet: every request goes through
``cspanalysis.fetch.download._open``, which the autouse ``only_local`` fixture wraps to
fail any URL whose host is not 127.0.0.1 (and proxies from the environment are cleared).

The server answers like a publisher's file server: ``Content-Length``, an ``ETag``, byte
ranges (``Range: bytes=N-`` answered 206, past the end 416 with ``Content-Range: bytes */size``,
``If-Range`` honoured), 404 for unknown paths, and on request misbehaves: drops the
connection half way through a body (``drops``), ignores ranges (``ignore_range``) or answers
given statuses first (``fail``) or stalls before answering (``stall``).
"""

from __future__ import annotations

import hashlib
import io
import re
import socket
import threading
import time
import urllib.parse
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cspanalysis.fetch import download
from cspanalysis.fetch.download import Downloader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"


class Publisher:
    """Files by request path (with query), what was asked, and how to misbehave."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.drops: dict[str, int] = {}  # path -> how many more answers to cut in half
        self.fail: dict[str, list[int]] = {}  # path -> statuses to answer first, in order
        self.stall: dict[str, float] = {}  # path -> seconds to wait before the next answer (once)
        self.ignore_range = False
        self.port = 0

    def serve(self, path: str, content: bytes | str | Path) -> str:
        """Serve ``content`` (bytes, text or a file's bytes) at ``path``; returns its URL."""
        if isinstance(content, Path):
            content = content.read_bytes()
        elif isinstance(content, str):
            content = content.encode("utf-8")
        self.files["/" + path.lstrip("/")] = content
        return self.url(path)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of every request for ``path``, in order."""
        return [headers for asked, headers in self.requests if asked == "/" + path.lstrip("/")]


def _handler(publisher: Publisher):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's name
            publisher.requests.append((self.path, dict(self.headers.items())))
            if self.path in publisher.stall:
                time.sleep(publisher.stall.pop(self.path))
            failing = publisher.fail.get(self.path)
            if failing:
                status = failing.pop(0)
                self._send(status, {"Content-Length": "6"}, b"failed")
                return
            data = publisher.files.get(self.path)
            if data is None:
                body = b"<html><body><h1>404 Not Found</h1></body></html>"
                self._send(404, {"Content-Type": "text/html", "Content-Length": str(len(body))}, body)
                return
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            start, status = 0, 200
            asked = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if asked and not publisher.ignore_range and self.headers.get("If-Range", etag) == etag:
                start = int(asked.group(1))
                if start >= len(data):
                    self._send(416, {"Content-Range": f"bytes */{len(data)}", "Content-Length": "0"})
                    return
                status = 206
            body = data[start:]
            headers = {"Content-Length": str(len(body)), "ETag": etag, "Accept-Ranges": "bytes"}
            if status == 206:
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            if publisher.drops.get(self.path, 0) > 0:
                publisher.drops[self.path] -= 1
                self._send(status, headers, body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self._send(status, headers, body)

    return Handler


@pytest.fixture
def publisher():
    """A running local publisher; its ``port`` is set, and it stops after the test."""
    served = Publisher()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def only_local(monkeypatch):
    """Every URL the fetch code opens must be on 127.0.0.1; returns the list of URLs opened."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    opened: list[str] = []
    real_open = download._open

    def guarded(opener, request, timeout):
        host = urllib.parse.urlsplit(request.full_url).hostname
        assert host == "127.0.0.1", f"a test tried to reach {request.full_url}"
        opened.append(request.full_url)
        return real_open(opener, request, timeout)

    monkeypatch.setattr(download, "_open", guarded)
    return opened


@pytest.fixture
def downloader():
    """A downloader that does not pause between retries and gives up on a connection in 2 s."""
    return Downloader(connect_timeout=2.0, read_timeout=10.0, pause=0.0)


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def zip_folder():
    """Zip a fixture folder's files, members named by their path inside it (as in police.uk's archives)."""

    def make(folder: Path) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(2016, 10, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        return buffer.getvalue()

    return make
