"""A static web server on 127.0.0.1 that gzips text like a production server, and logs every byte.

Python's http.server sends everything uncompressed; page weight must be measured as a real
server would send it, so this one compresses text types (level GZIP_LEVEL) when asked to.
"""

from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from measure import GZIP_LEVEL

COMPRESSIBLE = {
    "application/javascript", "application/json", "application/xml", "image/svg+xml",
    "application/manifest+json",
}


@dataclass(frozen=True)
class Served:
    """One response as it went over the wire."""

    path: str
    status: int
    content_type: str
    body_bytes: int  # as sent (compressed when gzip was used)
    header_bytes: int
    raw_bytes: int  # the file's own size
    gzipped: bool


def is_compressible(content_type: str) -> bool:
    return content_type.startswith("text/") or content_type in COMPRESSIBLE


def content_type_of(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def resolve(root: Path, url_path: str) -> tuple[Path | None, str | None]:
    """File for `url_path` under `root` (index.html for folders), or a redirect target."""
    relative = unquote(urlsplit(url_path).path).lstrip("/")
    candidate = (root / relative).resolve()
    if candidate != root and root not in candidate.parents:
        return None, None
    if candidate.is_dir():
        if relative and not url_path.split("?")[0].endswith("/"):
            return None, url_path.split("?")[0] + "/"
        candidate = candidate / "index.html"
    return (candidate if candidate.is_file() else None), None


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path, redirect = resolve(self.server.root, self.path)
        if redirect:
            self._send(301, b"", "text/plain", extra={"Location": redirect})
            return
        status = 200
        if path is None:
            status, path = 404, self.server.root / "404.html"
        body = path.read_bytes() if path.is_file() else b"Not found"
        self._send(status, body, content_type_of(path))

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        raw_size = len(body)
        gzipped = is_compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(status)
        header_lines = {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
        if gzipped:
            header_lines["Content-Encoding"] = "gzip"
            header_lines["Vary"] = "Accept-Encoding"
        for name, value in header_lines.items():
            self.send_header(name, value)
        header_bytes = sum(len(line) for line in self._headers_buffer) + 2
        # Logged before the response leaves, so a client that has its answer also finds it logged.
        self.server.record(Served(self.path, status, content_type, len(body), header_bytes, raw_size, gzipped))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        """Quiet: the request log is kept in memory instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.log: list[Served] = []
        self._lock = threading.Lock()

    def record(self, served: Served) -> None:
        with self._lock:
            self.log.append(served)

    def handle_error(self, request, client_address) -> None:
        """A browser closing a kept-alive connection is normal; other errors print as usual."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class StaticSite:
    """`with StaticSite(folder) as site:` serves folder at site.origin until the block ends."""

    def __init__(self, root: Path):
        self._server = _Server(root)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def take_log(self) -> list[Served]:
        """Responses sent since the last call (and forget them)."""
        with self._server._lock:
            log, self._server.log = self._server.log, []
        return log

    def __enter__(self) -> "StaticSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
