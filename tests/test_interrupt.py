"""A build stopped by Ctrl-C or SIGTERM leaves the published site exactly as
it was, and no half-written folder behind.

The site has enough pages that writing takes a while; the test watches for
the hidden staging folder beside public/ to fill up and signals the build
while it is half written (and, separately, while it is still rendering).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NOW

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


def wait_until_half_written(site: Path, build: subprocess.Popen[str]) -> int:
    """Poll until the staging folder holds some files; return how many."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        for folder in staging(site):
            try:
                count = sum(len(files) for _, _, files in os.walk(folder))
            except OSError:
                continue
            if count >= 200:
                return count
        time.sleep(0.002)
    raise AssertionError(
        "never saw the build half way through writing: "
        + (build.communicate()[1] if build.poll() is not None else "timed out")
    )


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

    build = start_build(site)
    if when == "writing":
        assert wait_until_half_written(site, build) < len(before)
    else:
        time.sleep(0.4)  # imports are done and pages are being read or rendered
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
