"""The build's own lines: the failure line, the nothing-changed summary, the TTY progress line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

SITES = Path(__file__).parent / "sites"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "commands/archetypes", tmp_path / "site")
    (tmp_path / "site/content/post.md").write_text("---\ntitle: Post\ndate: 2026-01-01\n---\nHello.\n")
    return tmp_path / "site"


def test_a_failed_build_says_so_and_that_the_previous_output_was_kept(site):
    assert run_cli("build", cwd=site).returncode == 0
    before = (site / "public/post/index.html").read_bytes()
    (site / "content/bad.md").write_text("---\ntitle: [unclosed\n---\n")
    failed = run_cli("build", cwd=site)
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        "content/bad.md:3:1: invalid YAML front matter: did not find expected ',' or ']'"
    ]
    assert failed.stdout == "Build failed; the previous output in public/ was kept as it was\n"
    assert (site / "public/post/index.html").read_bytes() == before
    first = run_cli("build", "-d", "elsewhere", cwd=site)  # no output yet: none to keep
    assert first.stdout == "Build failed; nothing was written (elsewhere/ does not exist yet)\n"
    assert not (site / "elsewhere").exists()
    quiet = run_cli("build", "-q", cwd=site)
    assert quiet.returncode == 1 and quiet.stdout == ""


def test_nothing_changed_reports_no_files_written(site):
    built = run_cli("build", cwd=site)
    assert "files written: " in built.stdout
    again = run_cli("build", cwd=site)
    assert again.stdout.splitlines()[0] == "Built public/ earlier; nothing changed since"
    assert "files written" not in again.stdout
