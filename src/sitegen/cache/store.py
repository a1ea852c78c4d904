"""Persistent build cache in `.sitegen-cache/`: what the next build may skip.

Entries are plain data, sealed (seal.py), stored under a digest of what they
were made from. A digest covers the code (sitegen's own files and the versions
of the libraries that shape output) and the resolved config, so an upgrade or a
config edit simply misses. An entry that also depends on things only known
after making it (the shortcode templates a page used, the refs it resolved)
records them, and the reader re-checks them before trusting the entry.

The cache is an accelerator, never a source of truth: a missing, corrupt or
unreadable entry is a miss, and deleting the folder is always safe.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import display_path, warn

CACHE_DIR = ".sitegen-cache"
# Libraries whose upgrade can change a byte of output.
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "pygments",
    "quickjs-ng",  # runs Temml, whose script is a file of sitegen's and counted with them
    "jinja2",
    "babel",
    "feedgen",
    "pyyaml",
    "python-frontmatter",
    "markupsafe",
    "pillow",  # encodes the image variants (images/variants.py)
)


def digest(*parts: Any) -> str:
    """A stable hex digest of plain values, dataclasses, mappings, sets and paths.

    `repr` is not enough: the order of a set of strings changes with every
    process's hash seed, and the cache outlives the process.
    """
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(_stable(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _stable(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(f"{f.name}={_stable(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return f"Path({str(value)!r})"
    return repr(value)


@cache
def code_version() -> str:
    """sitegen's version, its own source files, and the libraries that shape output.

    The source files count too, so a development checkout never serves output
    made by older code under the same version number.
    """
    package = Path(__file__).parents[1]  # all of sitegen, not just this folder
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    stamps = [(p.relative_to(package).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    versions: list[tuple[str, str | None]] = []
    for name in _LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(__version__, stamps, versions)


class Store:
    """Sealed entries in one SQLite file, `.sitegen-cache/<kind>.sqlite`, by digest.

    One file rather than a file per entry: 2,000 small files cost a cold build of
    the standard corpus a second of system time, SQLite's writes a few hundred
    milliseconds. Render workers write their own entries, so each process opens
    its own connection (a connection must not cross a fork). A `read_only` store
    (`sitegen check`) opens the file read-only and never creates or changes it.
    """

    def __init__(self, root: Path, kind: str, *, read_only: bool = False) -> None:
        self.file = root / f"{kind}.sqlite"
        self.read_only = read_only
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def get(self, key: str) -> object | None:
        """The payload stored under key, or None when it is missing or fails its seal."""
        from .seal import unseal  # seal.py imports code_version from here

        try:
            row = self._connect().execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            value = None if row is None else unseal(row[0], key)
        except Exception:  # noqa: BLE001 - any damage to the cache is just a miss
            return None
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, payload: object) -> None:
        """Store an entry (in its own transaction, so a crash loses at most that one)."""
        from .seal import seal

        self.used.add(key)
        self._write("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", (key, seal(payload, key)))

    def discard(self, key: str) -> None:
        """Remove an entry, if it exists."""
        self.used.discard(key)
        self._write("DELETE FROM entries WHERE key = ?", (key,))

    def prune(self) -> None:
        """Delete unused entries once they outnumber the used ones two to one.

        Not at once: `serve` (drafts shown) and `build` (drafts hidden) use different
        entries for the same posts, and alternating between them should stay warm.
        """
        try:
            keys = [k for (k,) in self._connect().execute("SELECT key FROM entries")]
        except Exception:  # noqa: BLE001
            return
        if len(keys) > 2 * len(self.used) + 100:
            unused = [(k,) for k in keys if k not in self.used]
            self._write("DELETE FROM entries WHERE key = ?", unused, many=True)

    def close(self) -> None:
        """Close this process's connection (a build's last step; workers just exit)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def _write(self, sql: str, args: Any, *, many: bool = False) -> None:
        if self.read_only:
            return
        try:
            db = self._connect()
            with db:
                (db.executemany if many else db.execute)(sql, args)
        except Exception:  # noqa: BLE001 - a read-only or full disk only costs speed
            pass

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self.read_only:
            self._db = sqlite3.connect(f"{self.file.absolute().as_uri()}?mode=ro", uri=True, timeout=60)
        else:
            self._db = self._open_or_replace()
        self._pid = os.getpid()
        return self._db

    def _open_or_replace(self) -> sqlite3.Connection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError:  # not a database any more: start again
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.file}{suffix}").unlink(missing_ok=True)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.file, timeout=60)
        # WAL lets the render workers write while the parent reads; losing the last
        # entries to a power cut only costs a re-render, so no fsync per commit.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        return db


def usable_root(site_dir: Path) -> Path | None:
    """The site's cache folder, made and writable; else one warning and None.

    Asked once, before anything is built: a build without its cache is only
    slower, and saying so at the start keeps every later cache write best-effort.
    """
    root = cache_root(site_dir)
    problem = unusable(root)
    if problem is None:
        return root
    reason, hint = _why_unusable(root, problem)
    warn(f"cache folder {display_path(root)} is not usable ({reason}); building without the cache", hint=hint)
    return None


def _why_unusable(root: Path, problem: OSError) -> tuple[str, str]:
    elsewhere = "point SITEGEN_CACHEDIR at a folder sitegen can write"
    blocker = next((p for p in (root, *root.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:  # the common case, and the one strerror says least about
        return f"{display_path(blocker)} is a file", f"move that file away, or {elsewhere}"
    reason = (problem.strerror or str(problem)).lower()
    if problem.errno == errno.ENOSPC:
        return reason, f"free some space, or {elsewhere}"
    return reason, elsewhere


def unusable(root: Path) -> OSError | None:
    """Why the cache folder can't be used (made, then written), or None when it can."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=root, prefix=".probe-")
        try:
            os.write(fd, b"sitegen")  # a full disk fails here, not at the mkstemp
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return exc
    return None


def cache_root(site_dir: Path) -> Path:
    """Where a site's cache lives: `.sitegen-cache/` beside its config, or
    `$SITEGEN_CACHEDIR/<digest of the site's path>` (as HUGO_CACHEDIR for Hugo)."""
    shared = os.environ.get("SITEGEN_CACHEDIR")
    if shared:
        return Path(shared) / digest(site_dir.resolve())
    return site_dir / CACHE_DIR


def config_version(config: Any) -> str:
    """A digest of the resolved config, without the output folder (`-d` changes no byte)."""
    return digest(code_version(), dataclasses.replace(config, output_dir=Path("public")))
