"""The no-change check: a build whose inputs and output are as the last build left
them has nothing to do.

Inputs are stamped by size and mtime (every file under the content, layout,
static, i18n and theme folders, and the config), together with the resolved
config, sitegen's code and `SOURCE_DATE_EPOCH`. The output folder is stamped
the same way right after it is written, so a file deleted, added or edited
there also means a real build. Time matters too: a post dated in the future
turns the check off once its date has passed.

`pipeline.build` asks this first, and loads nothing heavier before it: when
nothing changed, sitegen answers without loading Markdown, Jinja or Pygments.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import BUNDLED_THEMES
from ..boundary import PUBLISHED_DOT_NAMES, inside, site_roots
from ..config import SiteConfig
from .seal import Damaged, read_sealed, write_sealed
from .store import cache_root, config_version, digest

RECORD = "build.json"


@dataclass(frozen=True)
class Record:
    """What the last successful build saw, what it made and what it printed."""

    inputs: str
    output: list[list[str | int]]  # [relative path, size or -1 for a folder, mtime_ns]
    changes_at: str | None  # ISO date when a future post becomes due, if any
    warnings: list[str]
    result: dict[str, Any]  # the BuildResult's COUNTS, for the summary


COUNTS = ("files", "pages_per_language", "terms", "static_files", "seconds")


def record(
    inputs: str, out_dir: Path, counts: dict[str, Any], warnings: list[str], changes_at: str | None
) -> Record:
    """The record of a build that just wrote out_dir."""
    return Record(inputs, stamp_output(out_dir), changes_at, warnings, counts)


def stamp_inputs(config: SiteConfig, out_dir: Path) -> str:
    """A digest of everything a build of this site reads."""
    site = config.site_dir
    roots = [
        site / config.content_dir,
        site / "layouts",
        site / "static",
        site / "assets",  # assets/icons: a site's own icons
        site / "i18n",
        site / "themes",
        site / "config",  # config/: a Hugo site's split config
        *(lang.content_dir for lang in config.languages if lang.content_dir),
        *(folder / config.theme for folder in BUNDLED_THEMES),
    ]
    files: list[tuple[str, int, int]] = []
    boundary = site_roots(site)
    for root in dict.fromkeys(roots):
        _walk(root, str(root), files, roots=boundary)
    return digest(
        config_version(config),
        str(out_dir),
        os.environ.get("SOURCE_DATE_EPOCH"),
        _stat(config.config_path),
        files,
    )


def stamp_output(out_dir: Path) -> list[list[str | int]]:
    """Every file and folder we wrote, with its size and mtime.

    Top-level dot-entries (`.git`) are the user's and are left out, except the ones
    static/ publishes (`.nojekyll`, `.well-known/`): deleting one means a real build.
    """
    found: list[tuple[str, int, int]] = []
    top = os.stat(out_dir)
    for entry in os.scandir(out_dir):
        if not entry.name.startswith(".") or entry.name in PUBLISHED_DOT_NAMES:
            _walk(Path(entry.path), entry.name, found)
    stamped: list[list[str | int]] = [[".", -1, top.st_mtime_ns]]
    stamped += ([path, size, mtime] for path, size, mtime in found)
    return stamped


def load(config: SiteConfig) -> Record | None:
    """The record of the last successful build, if there is a sound one."""
    try:
        data = read_sealed(cache_root(config.site_dir) / RECORD, RECORD)
        found = Record(**data) if isinstance(data, dict) else None
    except (OSError, Damaged, TypeError):
        return None
    return found if found and _well_formed(found) else None


def _well_formed(found: Record) -> bool:
    """Whether a record read back has the shapes a replay relies on (its seal only
    says this code wrote it: a forger can seal too)."""
    counts = found.result
    if not isinstance(counts, dict) or sorted(counts) != sorted(COUNTS):
        return False
    if not isinstance(counts["pages_per_language"], dict):
        return False
    numbers = [counts.get(k) for k in ("files", "terms", "static_files")]
    numbers += list(counts["pages_per_language"].values())
    try:
        if found.changes_at is not None:
            datetime.fromisoformat(found.changes_at)
    except (TypeError, ValueError):
        return False
    return (
        all(type(n) is int for n in numbers)
        and isinstance(counts.get("seconds"), int | float)
        and isinstance(found.inputs, str)
        and isinstance(found.warnings, list)
        and all(isinstance(w, str) for w in found.warnings)
        and isinstance(found.output, list)
        and all(_stamp_shaped(e) for e in found.output)
    )


def _stamp_shaped(entry: object) -> bool:
    """[relative path, size, mtime_ns]; a NUL in the path would make os.stat raise."""
    if not (isinstance(entry, list) and len(entry) == 3):
        return False
    path, size, mtime = entry
    return type(path) is str and "\0" not in path and type(size) is int and type(mtime) is int


def unchanged(record: Record | None, inputs: str, out_dir: Path, now: datetime) -> bool:
    """Whether a build now would write exactly what `out_dir` already holds."""
    if record is None or record.inputs != inputs:
        return False
    if record.changes_at and now >= datetime.fromisoformat(record.changes_at):
        return False
    for rel, size, mtime in record.output:
        try:
            st = os.stat(out_dir / str(rel))
        except OSError:
            return False
        if st.st_mtime_ns != mtime or (size != -1 and st.st_size != size):
            return False
    return True


def save(config: SiteConfig, record: Record) -> None:
    """Keep the record of a successful build (best effort: it only saves time)."""
    with suppress(OSError, ValueError):  # this runs after the output swap: it must not fail the build
        write_sealed(cache_root(config.site_dir) / RECORD, record.__dict__, RECORD)


def forget(config: SiteConfig) -> None:
    """Drop the record before a build that may fail or be interrupted halfway."""
    with suppress(OSError):  # a record kept still does not match whatever made this build run
        (cache_root(config.site_dir) / RECORD).unlink(missing_ok=True)


def build_time() -> datetime:
    """The clock a build uses to decide what is in the future (SOURCE_DATE_EPOCH wins)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def _walk(
    folder: Path,
    rel: str,
    found: list[tuple[str, int, int]],
    seen: set[tuple[int, int]] | None = None,
    roots: tuple[Path, ...] = (),
) -> None:
    """Append (path, size, mtime) for the folder and everything under it.

    Only stat calls: nothing is opened, so a FIFO cannot make this wait (the build
    that follows reports it). Symlinked folders are followed, as discovery follows
    them, but only when they stay inside `roots` (a link to / would stamp the whole
    disk), and each real folder once, so a symlink loop ends.
    """
    seen = set() if seen is None else seen
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        entries = list(os.scandir(folder))
    except OSError:
        return
    found.append((rel, -1, st.st_mtime_ns))
    for entry in sorted(entries, key=lambda e: e.name):
        path = f"{rel}/{entry.name}"
        try:
            if entry.is_symlink() and roots and not inside(Path(entry.path), roots):
                found.append((path, -3, entry.stat(follow_symlinks=False).st_mtime_ns))
            elif entry.is_dir():
                _walk(Path(entry.path), path, found, seen, roots)
            else:
                est = entry.stat()
                found.append((path, est.st_size, est.st_mtime_ns))
        except OSError:
            found.append((path, -2, 0))


def _stat(path: Path | None) -> tuple[int, int] | None:
    try:
        return None if path is None else (path.stat().st_size, path.stat().st_mtime_ns)
    except OSError:
        return None
