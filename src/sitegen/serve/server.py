"""The HTTP side of `sitegen serve`: the last good build, from memory, plus live reload.

Files are looked up by output path in the snapshot, never by joining a request
path onto a folder, so no URL (`..`, `%2e%2e`, an absolute path) can reach a
file outside the site. HTML responses get the live-reload script; everything
else is served exactly as `sitegen build` would write it.

Browsers listen on /__sitegen/events (server-sent events): the rebuild loop
publishes which output files changed, and each page decides for itself whether
that means a reload.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..urls import find_output, without_base

LIVE_PREFIX = "/__sitegen/"
EVENTS_PATH = LIVE_PREFIX + "events"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()
KEEPALIVE_SECONDS = 15.0
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Snapshot:
    """One successful build as the server sees it."""

    number: int
    files: Mapping[str, bytes]  # output path -> rendered bytes
    copies: Mapping[str, Path]  # output path -> the file it is a copy of
    base_path: str = ""  # "" or "/blog": the path part of baseURL
    prefixes: tuple[str, ...] = ()  # language folders, for the right 404 page
    hashes: dict[str, str] = field(default_factory=dict, compare=False)

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.copies

    def read(self, path: str) -> bytes:
        data = self.files.get(path)
        return data if data is not None else self.copies[path].read_bytes()

    def signature(self, path: str) -> str:
        """A short fingerprint of one output file, to tell whether it changed."""
        found = self.hashes.get(path)
        if found is None:
            found = hashlib.sha1(self.read(path)).hexdigest()[:16] if self.exists(path) else ""
            self.hashes[path] = found
        return found

    def resolve(self, url_path: str) -> tuple[str | None, str | None]:
        """URL path -> (output path, None), (None, redirect URL), or (None, None) for a miss."""
        path = unquote(url_path)
        if self.base_path:
            if path == self.base_path:
                return None, self.base_path + "/"
            if not path.startswith(self.base_path + "/"):
                return None, None
            path = path[len(self.base_path) :]
        parts = path.split("/")
        if any(part in ("..", ".") or "\\" in part or "\x00" in part for part in parts):
            return None, None
        found, lacks_slash = find_output(path.lstrip("/"), self.exists)
        if lacks_slash:  # a folder without its slash: send it to the slash, as a static host does
            return None, url_path + "/"
        return found, None

    def wanted(self, url_path: str) -> str:
        """The output path a URL would be served from, whether or not it exists yet."""
        rel = without_base(self.base_path, unquote(url_path)).lstrip("/")
        return rel + "index.html" if rel == "" or rel.endswith("/") else rel

    def not_found_page(self, url_path: str) -> str | None:
        """The 404 page of the language the URL is in."""
        rel = self.wanted(url_path)
        for prefix in self.prefixes:
            if prefix and rel.startswith(prefix + "/") and self.exists(f"{prefix}/404.html"):
                return f"{prefix}/404.html"
        return "404.html" if self.exists("404.html") else None


def changed_files(old: Snapshot, new: Snapshot, touched: set[Path]) -> list[str]:
    """Output files added, removed or different between two snapshots.

    Copies are served from their source file, so both snapshots would read the
    same new bytes: a copy changed when its source is among the `touched` paths.
    """
    changed = []
    for path in sorted(set(old.files) | set(old.copies) | set(new.files) | set(new.copies)):
        a, b = old.files.get(path), new.files.get(path)
        if a is not None or b is not None:
            if a != b:
                changed.append(path)
        elif old.copies.get(path) != new.copies.get(path) or new.copies[path] in touched:
            changed.append(path)
    return changed


class Broker:
    """Fans build events out to every open page; late listeners get the current state."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: list[tuple[int, str, str]] = []
        self._seq = 0
        self.problems: list[str] = []  # non-empty while the last build failed
        self.closed = False

    def publish(self, name: str, data: dict[str, Any]) -> None:
        with self._cond:
            self._seq += 1
            self._events = [*self._events[-99:], (self._seq, name, json.dumps(data))]
            if name == "problems":
                self.problems = list(data["problems"])
            elif name == "ok":
                self.problems = []
            self._cond.notify_all()

    def position(self) -> int:
        with self._cond:
            return self._seq

    def wait(self, after: int, timeout: float) -> list[tuple[int, str, str]]:
        """Events newer than `after`, waiting up to `timeout` seconds for one."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self._seq > after, timeout)
            return [e for e in self._events if e[0] > after]

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class DevServer(ThreadingHTTPServer):
    """Serves whatever snapshot the rebuild loop last put in `snapshot`."""

    daemon_threads = True  # open event streams must not keep the process alive on Ctrl-C
    request_queue_size = 64  # many tabs and their assets at once

    def __init__(self, address: tuple[str, int], broker: Broker) -> None:
        super().__init__(address, Handler)
        self.broker = broker
        self.snapshot: Snapshot = Snapshot(0, {}, {})


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server wants)
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # one line per asset would bury the build messages

    def _respond(self, head: bool) -> None:
        url_path = urlsplit(self.path).path or "/"
        if url_path == EVENTS_PATH:
            self._events()
            return
        if url_path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, _TYPES[".js"], SCRIPT, head)
            return
        snapshot = self.server.snapshot
        rel, redirect = snapshot.resolve(url_path)
        if redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", redirect)
            self.send_header("Content-Length", "0")
            self._no_cache()
            self.end_headers()
            return
        if rel is None:
            self._not_found(snapshot, url_path, head)
            return
        try:
            body = snapshot.read(rel)
        except OSError:  # a copied file vanished since the build: the next build will notice
            self._not_found(snapshot, url_path, head)
            return
        kind = content_type(rel)
        if kind.startswith("text/html"):
            body = inject(body, rel, snapshot.signature(rel))
        self._send(HTTPStatus.OK, kind, body, head)

    def _not_found(self, snapshot: Snapshot, url_path: str, head: bool) -> None:
        page = snapshot.not_found_page(url_path)
        body = snapshot.read(page) if page else b"<!DOCTYPE html><title>404</title><h1>404</h1>\n"
        # The page watches the file this URL would be, so creating it reloads the tab.
        body = inject(body, snapshot.wanted(url_path), "")
        self._send(HTTPStatus.NOT_FOUND, _TYPES[".html"], body, head)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self._no_cache()
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _no_cache(self) -> None:
        # Every save must show up at once: nothing may be cached, not even for a second.
        self.send_header("Cache-Control", "no-store")

    def _events(self) -> None:
        """A server-sent event stream for one open page."""
        broker = self.server.broker
        query = parse_qs(urlsplit(self.path).query)
        file, seen = query.get("file", [""])[0], query.get("hash", [""])[0]
        after = broker.position()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._no_cache()
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self._event("hello", {"build": self.server.snapshot.number})
            if broker.problems:
                self._event("problems", {"problems": broker.problems})
            # A build may have finished between serving the page and this request.
            if file and self.server.snapshot.signature(file) != seen:
                self._event("reload", {"files": [file]})
            while not broker.closed:
                events = broker.wait(after, KEEPALIVE_SECONDS)
                if not events:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                for seq, name, data in events:
                    self._write_event(name, data)
                    after = seq
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab was closed or reloaded

    def _event(self, name: str, data: dict[str, Any]) -> None:
        self._write_event(name, json.dumps(data))

    def _write_event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()


def inject(html: bytes, file: str, signature: str) -> bytes:
    """Add the live-reload script before the last `</body>` (or at the end)."""
    tag = (
        f'<script src="{SCRIPT_PATH}" data-file="{escape(file, quote=True)}"'
        f' data-hash="{signature}"></script>'
    ).encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]


def content_type(path: str) -> str:
    if path == "index.xml" or path.endswith("/index.xml"):
        return "application/rss+xml; charset=utf-8"  # our feeds, as Hugo's server types them
    suffix = Path(path).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"
