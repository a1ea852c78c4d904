"""`sitegen list drafts|future|expired|published|all`: Hugo's `hugo list`, byte for byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from test_hugo_parity import hugo_binary

SITE = Path(__file__).parent / "sites/commands/list"
HEADER = "path,slug,title,date,expiryDate,publishDate,draft,permalink,kind,section"


def test_drafts_and_expired_in_hugos_columns():
    drafts = run_cli("list", "drafts", cwd=SITE)
    assert drafts.returncode == 0, drafts.stderr
    assert drafts.stdout == (
        f"{HEADER}\n"
        'content/blog/draft.md,my-draft,"A Draft, with a comma",2026-02-01T00:00:00Z,'
        "0001-01-01T00:00:00Z,2026-02-01T00:00:00Z,true,https://list.example/blog/my-draft/,page,blog\n"
    )
    expired = run_cli("list", "expired", "-s", SITE)
    assert expired.stdout.splitlines()[1:] == [
        "content/blog/expired.md,,Expired,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,"
        "2025-01-01T00:00:00Z,false,https://list.example/blog/expired/,page,blog"
    ]


def test_future_follows_the_build_clock():
    future = run_cli("list", "future", cwd=SITE)  # "now" is 2026-06-01 in the tests
    assert [line.split(",")[0] for line in future.stdout.splitlines()] == [
        "path",
        "content/blog/future.md",
        "content/blog/later.md",  # dated earlier, but published in 2031
    ]
    later = run_cli("list", "future", cwd=SITE, env={"SOURCE_DATE_EPOCH": "1956528000"})  # 2032
    assert later.stdout == f"{HEADER}\n"


@pytest.mark.parametrize("which", ["all", "drafts", "future", "expired", "published"])
def test_the_same_csv_as_hugo(tmp_path: Path, which: str):
    """The real Hugo 0.168 on the same site (its clock is the wall clock, ours the tests'
    2026-06-01: the fixture's dates are years from either, so both see the same)."""
    hugo = hugo_binary()
    assert hugo is not None, "Hugo is in the test extra"
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    theirs = subprocess.run([hugo, "list", which], cwd=site, capture_output=True, text=True, timeout=120)
    assert theirs.returncode == 0, theirs.stderr
    expected = "".join(line for line in theirs.stdout.splitlines(keepends=True) if "Running Hugo" not in line)
    ours = run_cli("list", which, cwd=site)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.rstrip("\n") == expected.rstrip("\n")
    assert ours.stdout.endswith("\n")


def test_a_broken_page_is_one_located_error(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content/blog/bad.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    done = run_cli("list", "all", cwd=site)
    assert done.returncode == 1
    assert done.stderr.startswith("content/blog/bad.md:3:1: invalid YAML front matter")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_an_unknown_list_is_a_usage_error():
    done = run_cli("list", "draft", cwd=SITE)
    assert done.returncode == 2
    assert "invalid choice: 'draft'" in done.stderr
