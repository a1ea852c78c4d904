"""Thousands of broken refs at once (a renamed folder breaks every ref into it): the
did-you-mean index is built once, not per ref, and each distinct ref looked up once.

Speed itself is measured by benchmarks, not here: these tests count work."""

from __future__ import annotations

from pathlib import Path

import pytest

import sitegen.parallel
import sitegen.refs
import sitegen.suggest
from sitegen.cli import main
from sitegen.model import PAGE, PageKey
from sitegen.refs import RefError, RefIndex, RefTarget

POSTS, REFS_PER_POST = 30, 100  # 3,000 broken refs
BROKEN = POSTS * REFS_PER_POST


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
