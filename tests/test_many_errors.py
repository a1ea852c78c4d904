"""Thousands of errors at once (a renamed folder breaks every ref into it): the
terminal, GitHub annotations and serve's overlay show the first 50 and count the
rest, JSON lists them all, and the did-you-mean index is built once, not per ref.

Speed itself is measured by benchmarks, not here: these tests count work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sitegen.parallel
import sitegen.refs
import sitegen.suggest
from sitegen.cli import main
from sitegen.model import PAGE, PageKey
from sitegen.refs import RefError, RefIndex, RefTarget
from sitegen.report import SHOWN

POSTS, REFS_PER_POST = 30, 100  # 3,000 broken refs
BROKEN = POSTS * REFS_PER_POST
MORE = f"… and {BROKEN - SHOWN:,} more errors (sitegen check --format json lists them all)"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def make_renamed_site(root: Path, config: str = "") -> Path:
    """Posts that ref each other under posts/, after posts/ was renamed to articles/."""
    posts = root / "content" / "articles"
    posts.mkdir(parents=True)
    for i in range(POSTS):
        refs = " ".join(f'[{j}]({{{{< ref "/posts/p{i}-{j}" >}}}})' for j in range(REFS_PER_POST))
        (posts / f"p{i}.md").write_text(f"---\ntitle: P{i}\n---\n{refs}\n", encoding="utf-8")
    (root / "sitegen.toml").write_text(f'title = "T"\n{config}', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_renamed_site(tmp_path_factory.mktemp("renamed"))


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("  hint: ")]


def test_check_text_shows_the_first_50_and_counts_the_rest(renamed: Path):
    result = run(renamed, "check")
    assert result.returncode == 1
    lines = problem_lines(result.stdout)
    assert len(lines) == SHOWN + 1
    assert lines[0] == 'content/articles/p0.md:4:5: error: ref "/posts/p0-0" not found'
    assert lines[-1] == MORE
    assert result.stderr.startswith(f"check: {BROKEN} errors, 0 warnings")


def test_check_github_shows_the_first_50_and_counts_the_rest(renamed: Path):
    lines = run(renamed, "check", "--format", "github").stdout.splitlines()
    assert len(lines) == SHOWN + 1
    assert all(line.startswith("::error file=content/articles/") for line in lines[:-1])
    assert lines[-1] == MORE


def test_check_json_lists_every_error(renamed: Path):
    report = json.loads(run(renamed, "check", "--format", "json").stdout)
    assert report["errors"] == BROKEN and len(report["problems"]) == BROKEN


def test_build_prints_the_first_50_errors_and_counts_the_rest(renamed: Path):
    result = run(renamed, "build")
    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == SHOWN + 1
    assert lines[0] == 'content/articles/p0.md:4:5: ref "/posts/p0-0" not found'
    assert lines[-1] == MORE


def test_build_prints_the_first_50_warnings_and_counts_the_rest(tmp_path: Path):
    site = make_renamed_site(tmp_path / "s", 'refLinksErrorLevel = "WARNING"\n')
    result = run(site, "build")
    assert result.returncode == 0, result.stderr[-500:]
    lines = problem_lines(result.stderr)
    assert len(lines) == SHOWN + 1
    assert all(": warning: ref " in line for line in lines[:-1])
    assert lines[-1] == (
        f"… and {BROKEN - SHOWN:,} more warnings (sitegen check --format json lists them all)"
    )
    assert f"{BROKEN} warnings (see above)" in result.stdout
    again = run(site, "build")  # nothing changed: the same warnings, replayed, the same way
    assert "nothing changed" in again.stdout
    assert again.stderr == result.stderr


def test_serve_overlay_shows_the_first_50_errors_and_counts_the_rest(renamed: Path, monkeypatch):
    from sitegen.serve.dev import Dev, ServeOptions
    from sitegen.serve.server import Broker, DevServer

    monkeypatch.chdir(renamed)  # paths show relative to where serve was started
    broker = Broker()
    server = DevServer(("127.0.0.1", 0), broker)
    try:
        Dev(ServeOptions(source=Path("."), port=0), server, broker).rebuild(None)
    finally:
        server.server_close()
    lines = problem_lines("\n".join(broker.problems))
    assert len(lines) == SHOWN + 1
    assert lines[0] == 'content/articles/p0.md:4:5: error: ref "/posts/p0-0" not found'
    assert lines[-1] == MORE


# --- the did-you-mean index ------------------------------------------------------------


def test_a_whole_check_builds_each_did_you_mean_index_once(renamed: Path, monkeypatch, capsys):
    built: list[int] = []

    class Counted(sitegen.suggest.Closest):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sitegen.refs, "Closest", Counted)
    monkeypatch.setattr(sitegen.parallel, "_default_workers", lambda n: 1)  # count in this process
    assert main(["check", str(renamed)]) == 1
    assert f"check: {BROKEN} errors" in capsys.readouterr().err
    assert len(built) == 2  # one language: its paths and its names, for 3,000 broken refs


def _site(pages: int) -> list[RefTarget]:
    root = Path("/site/content")
    return [
        RefTarget(
            PageKey("en", PAGE, f"articles/post-{i:05d}"),
            root / f"articles/post-{i:05d}.md",
            root,
            False,
            None,
            f"/articles/post-{i:05d}/",
            None,
        )
        for i in range(pages)
    ]


def test_each_distinct_broken_ref_is_compared_with_the_pages_once(monkeypatch):
    site = _site(2000)
    index = RefIndex(site, ["en"], "en")
    lookups: list[str] = []
    real = sitegen.suggest.process.extractOne

    def counted(word: str, *args: object, **kwargs: object) -> object:
        lookups.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(sitegen.suggest.process, "extractOne", counted)
    for n in range(3000):  # 3,000 broken refs to 100 pages of the old folder
        with pytest.raises(RefError):
            index.resolve(f"/posts/post-{n % 100:05d}", page=site[0])
    assert sorted(lookups) == [f"posts/post-{n:05d}" for n in range(100)]


def test_a_renamed_folder_suggests_the_same_page_in_its_new_folder():
    site = _site(2000)
    with pytest.raises(RefError) as info:
        RefIndex(site, ["en"], "en").resolve("/posts/post-01234", page=site[0])
    assert info.value.hint == 'did you mean "/articles/post-01234/"?'
