"""Every bad input gets one located error line, exit code 1, no traceback, and the
previous public/ stays byte-identical. Each case is a site in tests/sites/invalid/<case>/
whose `expect` file holds exactly what the user must see on stderr: the
`path:line:col: message` line and its hint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

INVALID = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expect").is_file())


def test_the_corpus_of_bad_inputs_is_large():
    assert len(CASES) >= 30


def run_build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_located_error_and_keeps_previous_output(case: str, tmp_path: Path):
    site = tmp_path / case
    shutil.copytree(INVALID / case, site, symlinks=True)  # content-symlink-loop
    previous = site / "public"
    (previous / "old").mkdir(parents=True)
    (previous / "index.html").write_text("<p>the site readers see today</p>")
    (previous / "old" / "page.html").write_bytes(b"\x00keep me\xff")
    before = snapshot(previous)

    result = run_build(site)

    expected = (INVALID / case / "expect").read_text(encoding="utf-8")
    assert result.returncode == 1, result.stderr
    assert result.stderr == expected
    assert "Traceback" not in result.stderr
    assert snapshot(previous) == before
    assert not [p.name for p in site.iterdir() if p.name.startswith(".public")]


def test_debug_flag_shows_the_traceback(tmp_path: Path):
    site = tmp_path / "s"
    shutil.copytree(INVALID / "fm-draft-maybe", site)
    result = run_build(site, "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "draft must be true or false" in result.stderr


def test_unknown_config_key_warns_with_line_and_suggestion(tmp_path: Path):
    site = tmp_path / "s"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nText.\n")
    (site / "sitegen.toml").write_text('title = "T"\nsumaryLength = 20\n')
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert "sitegen.toml:2:1: warning: unknown config key 'sumaryLength' is ignored" in result.stderr
    assert "did you mean 'summaryLength'?" in result.stderr
    assert (site / "public" / "a" / "index.html").is_file()


def test_strict_turns_a_warning_into_an_error_before_writing(tmp_path: Path):
    site = tmp_path / "s"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nText.\n")
    (site / "sitegen.toml").write_text('title = "T"\nsumaryLength = 20\n')
    result = run_build(site, "--strict")
    assert result.returncode == 1
    assert result.stderr.startswith("sitegen.toml:2:1: unknown config key 'sumaryLength'")
    assert not (site / "public").exists()


def test_unconfigured_language_suffix_warns_and_builds_as_default(tmp_path: Path):
    site = tmp_path / "s"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.fr.md").write_text("---\ntitle: Bonjour\n---\nTexte.\n")
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert "content/a.fr.md: warning: file name suffix 'fr' looks like a language" in result.stderr
    assert (site / "public" / "a.fr" / "index.html").is_file()


@pytest.mark.parametrize("destination", ["content", "content/out", ".", "..", "static"])
def test_output_folder_overlapping_sources_is_refused(destination: str, tmp_path: Path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "content" / "a.md").write_text("Text.\n")
    before = snapshot(tmp_path)
    result = run_build(site, "-d", destination)
    assert result.returncode == 1
    assert "output folder" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_term_index_nobody_uses_warns_with_the_likely_term(tmp_path: Path):
    site = tmp_path / "s"
    (site / "content" / "blog").mkdir(parents=True)
    (site / "content" / "blog" / "a.md").write_text("---\ntitle: A\nseries: LLM Engineering\n---\nx\n")
    typo = site / "content" / "series" / "llm-enginering"
    typo.mkdir(parents=True)
    (typo / "_index.md").write_text("---\ntitle: Our series\n---\n")
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert (
        "content/series/llm-enginering/_index.md: warning: no published post in 'en' uses"
        " 'series/llm-enginering'"
    ) in result.stderr
    assert "did you mean 'series/llm-engineering'?" in result.stderr


def test_output_folder_outside_the_site_holding_other_files_is_refused(tmp_path: Path):
    """The output folder is replaced whole, so one outside the site that holds anything
    but a built site is refused and left as it was (publishDir = "/etc" once replaced
    a machine's /etc)."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nHi.\n", encoding="utf-8")
    precious = tmp_path / "precious"
    (precious / "ssl").mkdir(parents=True)
    (precious / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    before = snapshot(precious)
    result = run_build(site, "-d", str(precious))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: output folder {precious} is outside the site and holds files that are not a built site\n"
        "  hint: empty it, or build into a new folder; sitegen replaces the output folder whole\n"
    )
    assert snapshot(precious) == before
    # an empty folder, and one that holds a built site, are fine
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_build(site, "-d", str(empty)).returncode == 0
    assert run_build(site, "-d", str(empty)).returncode == 0  # now it holds a built site
    assert (empty / "a" / "index.html").is_file()
