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


def _build_on_a_terminal(site: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Build with stderr on a pseudo-terminal (stdout a pipe); return code, stdout, stderr."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import NOW

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--no-cache"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW, **env},
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read() if proc.stdout else b""
    code = proc.wait(timeout=120)
    os.close(leader)
    return code, out.decode(), seen.decode()


def test_a_progress_line_on_a_terminal_rewritten_in_place_and_cleared(site):
    for i in range(30):
        (site / f"content/p{i}.md").write_text(f"---\ntitle: P{i}\ndate: 2026-01-01\n---\nText {i}.\n")
    # 0: show it at once; a real build waits a second first
    code, out, err = _build_on_a_terminal(site, {"SITEGEN_PROGRESS_AFTER": "0"})
    assert code == 0, err
    assert "\r\x1b[Krendered " in err
    last = err.rindex("\r\x1b[Krendered ")
    total = err[last:].split("/")[1].split(" ")[0]
    assert err[last:].startswith(f"\r\x1b[Krendered {total}/{total} pages")  # it ends at all pages
    assert err.endswith("\r\x1b[K")  # cleared: the terminal is left as it was
    assert "rendered" not in out and out.startswith("Built public/")


def test_no_progress_line_when_not_a_terminal_nor_for_a_quick_build(site):
    done = run_cli("build", "--no-cache", cwd=site, env={"SITEGEN_PROGRESS_AFTER": "0"})
    assert done.returncode == 0
    assert done.stderr == ""  # a pipe or a log file gets no progress line
    code, _, err = _build_on_a_terminal(site, {"SITEGEN_PROGRESS_AFTER": "600"})
    assert code == 0 and err == ""  # a build quicker than the wait shows nothing


def test_log_levels_as_hugo_names_them(site):
    (site / "content/odd.md").write_text("---\ntitle: Odd\ndate: 2026-01-01\n---\n{{< nope >}}\n")
    warn = ["--unknown-shortcodes", "warn", "--no-cache"]
    plain = run_cli("build", *warn, cwd=site)
    assert plain.returncode == 0 and "warning:" in plain.stderr and "INFO" not in plain.stderr
    verbose = run_cli("build", "-v", *warn, cwd=site)
    assert verbose.stderr.splitlines()[:2] == [
        "INFO: config: sitegen.toml",
        "INFO: environment: production; output: public/",
    ]
    assert "warning:" in verbose.stderr and "DEBUG" not in verbose.stderr
    debug = run_cli("build", "--logLevel", "debug", *warn, cwd=site)
    assert "DEBUG: languages: en, zh; content: content" in debug.stderr.splitlines()
    quiet = run_cli("build", "--logLevel", "error", *warn, cwd=site)
    assert quiet.returncode == 0 and quiet.stderr == ""  # the warning is not shown
    strict = run_cli("build", "--logLevel", "error", "--strict", *warn, cwd=site)
    assert strict.returncode == 1 and "nope" in strict.stderr  # but --strict still fails on it
    bad = run_cli("build", "--logLevel", "loud", cwd=site)
    assert bad.returncode == 2 and "invalid choice: 'loud'" in bad.stderr


def test_environment_picks_hugos_config_folder(tmp_path):
    site = tmp_path / "site"
    (site / "config/_default").mkdir(parents=True)
    (site / "config/staging").mkdir()
    (site / "config/_default/hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Default"\n')
    (site / "config/staging/hugo.toml").write_text('title = "Staging"\n')
    (site / "content").mkdir()
    (site / "content/post.md").write_text("---\ntitle: Post\ndate: 2026-01-01\n---\nx\n")
    assert run_cli("build", cwd=site).returncode == 0
    assert "<title>Default</title>" in (site / "public/index.html").read_text()
    staged = run_cli("build", "-e", "staging", cwd=site)
    assert staged.returncode == 0, staged.stderr
    assert "<title>Staging</title>" in (site / "public/index.html").read_text()


def test_config_flag_a_sitegen_file_or_hugos_files_left_most_winning(site):
    (site / "staging.toml").write_text(
        (site / "sitegen.toml").read_text().replace("https://commands.example/", "https://staging.example/")
    )
    done = run_cli("build", "--config", "staging.toml", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "https://staging.example/" in (site / "public/index.html").read_text()
    two = run_cli("build", "--config", "staging.toml,sitegen.toml", cwd=site)
    assert two.returncode == 1
    assert two.stderr.startswith("sitegen.toml: a sitegen.toml-style config is one file")
    missing = run_cli("build", "--config", "nope.toml", cwd=site)
    assert missing.returncode == 1 and missing.stderr.startswith("nope.toml: config file not found")


def test_config_flag_merges_hugo_files(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/post.md").write_text("---\ntitle: Post\ndate: 2026-01-01\n---\nx\n")
    (site / "a.toml").write_text('title = "From A"\n')
    (site / "b.yaml").write_text("baseURL: https://b.example/\ntitle: From B\n")
    done = run_cli("build", "--config", "a.toml,b.yaml", cwd=site)
    assert done.returncode == 0, done.stderr
    home = (site / "public/index.html").read_text()
    assert "<title>From A</title>" in home  # the left-most file wins, as in Hugo
    assert "https://b.example/" in home  # and the others fill in the rest
