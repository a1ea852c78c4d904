"""The build, top to bottom: the product's own sentence.

    build(config)  `sitegen build`: one at a time per site and output folder
                   (locks.py); when nothing changed since the last build, say
                   so; else make the site in memory (make.py) and swap it into the
                   output folder (output.py)
    check(config)  `sitegen check`: the same stages without templates or writing;
                   every problem is raised, none is written

This module loads only what the no-change answer needs; Markdown, Jinja and
Pygments (0.2 s to import) load when there is work to do.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .cache import fingerprint
from .cache.store import usable_root
from .config import SiteConfig
from .errors import display_path
from .locks import SITE_LOCK, Waiting, holding, output_lock


@dataclass(frozen=True)
class BuildResult:
    """What a build made (or, when `replayed`, what the last one made), for the summary."""

    files: int
    pages_per_language: dict[str, int]
    terms: int
    static_files: int
    seconds: float
    output_dir: Path
    warnings: tuple[str, ...] = ()  # as printed; a replay prints them again
    changes_at: datetime | None = None  # when a future post falls due and the site changes
    replayed: bool = False  # nothing changed: nothing was built or written


def build(config: SiteConfig, *, cache: bool = True, waiting: Waiting | None = None) -> BuildResult:
    """Build the site into its output folder; errors are raised, all at once.

    One build of a site, and into an output folder, at a time (locks.py): a
    second waits, telling `waiting` so, then finds nothing changed or builds."""
    root = usable_root(config.site_dir) if cache else None
    told = waiting or (lambda message: None)
    if root is None:
        return _build(config, told, cache=False)
    with holding(root / SITE_LOCK, "of this site", told):
        return _build(config, told, cache=True)


def _build(config: SiteConfig, told: Waiting, *, cache: bool) -> BuildResult:
    """The no-change answer, else the build; `cache` only when its folder is usable."""
    started = time.perf_counter()  # after waiting for the site: the summary says how long building took
    out_dir = config.site_dir / config.output_dir
    inputs = fingerprint.stamp_inputs(config, out_dir.resolve()) if cache else ""
    last = fingerprint.load(config) if cache else None
    if last and fingerprint.unchanged(last, inputs, out_dir.resolve(), fingerprint.build_time()):
        return replay(last, out_dir)  # the no-change fast path: nothing is loaded or written
    from .output import check_output_dir

    check_output_dir(config, out_dir)  # first: the lock file goes beside it
    with holding(output_lock(out_dir.resolve()), f"into {display_path(out_dir)}/", told):
        result = _make_and_write(config, out_dir, started, cache=cache)
        if inputs:
            _keep_record(config, inputs, out_dir, result)
    return result


def _make_and_write(config: SiteConfig, out_dir: Path, started: float, *, cache: bool) -> BuildResult:
    """Make the site in memory and swap it into out_dir."""
    # Only now: Markdown, Jinja and Pygments take 0.2 s to load.
    from .make import make_site
    from .output import write_output
    from .search import index_folder, search_enabled

    if cache:
        fingerprint.forget(config)  # a build that fails or is interrupted leaves no record
    with captured_warnings() as warnings:
        made = make_site(config, cache=cache, out_dir=out_dir)
        index = index_folder if search_enabled(config) else None
        count = write_output(out_dir, made.files, made.copies, made.kept, made.output_cache, index)
    return BuildResult(
        files=count,
        pages_per_language=made.pages_per_language(),
        terms=made.terms(),
        static_files=len(made.copies),
        seconds=time.perf_counter() - started,
        output_dir=out_dir,
        warnings=tuple(warnings),
        changes_at=made.changes_at,
    )


def _keep_record(config: SiteConfig, inputs: str, out_dir: Path, result: BuildResult) -> None:
    """The no-change record of a build that just wrote out_dir."""
    counts = {name: getattr(result, name) for name in fingerprint.COUNTS}
    changes_at = result.changes_at.isoformat() if result.changes_at else None
    record = fingerprint.record(inputs, out_dir.resolve(), counts, list(result.warnings), changes_at)
    fingerprint.save(config, record)


def check(config: SiteConfig) -> list[str]:
    """Check the site as `sitegen check` does; return the output paths a build would write.

    Raises `BuildFailed` with every error; warnings go to the log."""
    from .make import plan_outputs

    return plan_outputs(config)


def replay(last: fingerprint.Record, out_dir: Path) -> BuildResult:
    """The last build's result, for a build that has nothing to do."""
    return BuildResult(
        **last.result,  # fingerprint.load checked the names and types
        output_dir=out_dir,
        warnings=tuple(last.warnings),
        changes_at=datetime.fromisoformat(last.changes_at) if last.changes_at else None,
        replayed=True,
    )


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect every warning a build logs, as printed, for the no-change replay."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("sitegen")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
