"""A build stopped by Ctrl-C or SIGTERM leaves the published site exactly as
it was, and no half-written folder behind.

The site has enough pages that writing takes a while; the test watches for
the hidden staging folder beside public/ to fill up and signals the build
while it is half written (and, separately, while it is still rendering: as
soon as inotify sees it open its first post).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from watchdog.events import FileOpenedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers.inotify import InotifyObserver

from conftest import NOW, wait_until

POSTS = 1500


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def staging(site: Path) -> list[Path]:
    return [p for p in site.iterdir() if p.name.startswith((".public.new-", ".public.old-"))]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "blog").mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "T"\nbaseURL = "https://example.org/"\n')
    for i in range(POSTS):
        (root / "content" / "blog" / f"post-{i:04}.md").write_text(
            f"---\ntitle: Post {i}\ndate: 2026-01-01\ntags: [t{i % 40}]\n---\n"
            + "A paragraph of text about caches and kernels.\n\n" * 20
        )
    return root


def start_build(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--no-cache"],
        cwd=site,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
    )


def still_running(build: subprocess.Popen[str]) -> None:
    if build.poll() is not None:
        raise AssertionError(f"the build ended (exit code {build.returncode}): {build.communicate()[1]}")


def wait_until_half_written(site: Path, build: subprocess.Popen[str]) -> int:
    """Poll until the staging folder holds some files; return how many."""

    def written() -> int:
        still_running(build)
        for folder in staging(site):
            count = sum(len(files) for _, _, files in os.walk(folder))
            if count >= 200:
                return count
        return 0

    return wait_until(written, 60, "the build to be half way through writing", interval=0.002)


@contextmanager
def first_open(folder: Path) -> Iterator[threading.Event]:
    """An event set when a file under folder is opened (inotify, so Linux only)."""
    opened = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_opened(self, event: FileSystemEvent) -> None:
            opened.set()

    observer = InotifyObserver()
    observer.schedule(Handler(), str(folder), recursive=True, event_filter=[FileOpenedEvent])
    observer.start()  # the watches are in place once this returns
    try:
        yield opened
    finally:
        observer.stop()
        observer.join(timeout=10)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("when", ["rendering", "writing"])
def test_interrupted_build_leaves_the_previous_site(site: Path, signum: int, when: str):
    first = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
    )
    assert first.returncode == 0, first.stderr
    before = snapshot(site / "public")
    assert len(before) > POSTS
    # Change every page, so an interrupted swap could not go unnoticed.
    (site / "sitegen.toml").write_text('title = "Renamed"\nbaseURL = "https://example.org/"\n')

    with first_open(site / "content") as reading:
        build = start_build(site)
        if when == "writing":
            assert wait_until_half_written(site, build) < len(before)
        else:
            # imports are done and pages are being read: the build opened its first post
            wait_until(lambda: still_running(build) or reading.is_set(), 60, "the build to read a post")
            assert build.poll() is None and not staging(site)
        build.send_signal(signum)
    _, stderr = build.communicate(timeout=60)

    assert build.returncode == 130, stderr
    assert stderr.strip() == "interrupted; the previous output was left as it was"
    assert snapshot(site / "public") == before
    assert staging(site) == []

    # And the next build is not confused by the interrupted one.
    again = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
    )
    assert again.returncode == 0, again.stderr
    assert "Renamed" in (site / "public" / "index.html").read_text(encoding="utf-8")
