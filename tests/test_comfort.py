"""Reading comfort in built HTML (tests/sites/comfort): draft and future badges,
the serve banner, the folded series box, the archive page and related posts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build_site, read_html
from test_serve import Server

SITE = Path(__file__).parent / "sites" / "comfort"


@pytest.fixture(scope="module")
def normal(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("normal") / "public"
    build_site(SITE, out, cache=False)
    return out


@pytest.fixture(scope="module")
def everything(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("drafts") / "public"
    build_site(SITE, out, cache=False, build_drafts=True, build_future=True)
    return out


def _badges(path: Path) -> list[str]:
    return [e.text for e in read_html(path).select(".status-badge")]


def test_drafts_and_future_posts_carry_a_badge_on_their_page_and_card_with_d_and_f(everything: Path):
    assert _badges(everything / "blog/draft-post/index.html") == ["Draft"]
    assert _badges(everything / "blog/future-post/index.html") == ["Scheduled"]
    assert _badges(everything / "blog/alpha/index.html") == []
    assert sorted(_badges(everything / "blog/index.html")) == ["Draft", "Scheduled"]  # the cards


def test_a_normal_build_writes_no_badge_and_no_banner(normal: Path):
    assert not (normal / "blog/draft-post").exists()
    for page in normal.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "status-badge" not in text, page
        assert "preview-banner" not in text, page


def test_serve_shows_a_preview_banner_and_badged_drafts(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    server = Server(site)
    try:
        status, _, body = server.get("/blog/draft-post/")
        assert status == 200
        html = body.decode()
        assert (
            '<p class="preview-banner">Preview (sitegen serve): not the published site · drafts shown</p>'
            in html
        )
        assert '<span class="status-badge status-draft">Draft</span>' in html
        zh = server.get("/zh/")[2].decode()
        assert "预览（sitegen serve），不是已发布的网站 · 显示草稿" in zh
    finally:
        server.stop()
