"""Reading comfort in built HTML (tests/sites/comfort): draft and future badges,
the serve banner, the folded series box, the archive page and related posts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import Html, build_site, read_html
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


def _archive(path: Path) -> list[tuple[str, list[str]]]:
    """(year, titles) for each year section of an archive page, in page order."""
    chunks = path.read_text(encoding="utf-8").split('<section class="archive-year"')[1:]
    out = []
    for chunk in chunks:
        html = Html(chunk.split("</section>")[0])
        year = html.select("h2")[0].text.split()[0]
        out.append((year, [a.text for a in html.select("a")]))
    return out


def test_archive_groups_each_languages_posts_by_year_newest_first(normal: Path):
    assert _archive(normal / "archives/index.html") == [
        ("2026", ["Epsilon", "Delta"]),
        ("2025", ["Gamma", "Beta", "Zeta"]),
        ("2024", ["Alpha"]),
    ]
    assert _archive(normal / "zh/archives/index.html") == [("2025", ["乙"]), ("2024", ["甲"])]
    nav = [a.attrs["href"] for a in read_html(normal / "index.html").select("nav.site-nav a")]
    assert "/archives/" in nav
    assert "/zh/archives/" in [
        a.attrs["href"] for a in read_html(normal / "zh/index.html").select("nav.site-nav a")
    ]


def test_archive_of_a_d_build_lists_the_draft_with_its_badge(everything: Path):
    page = read_html(everything / "archives/index.html")
    [item] = [li for li in page.select("ul.archive-list li") if "Half written" in li.text]
    assert "Draft" in item.text


def _related(path: Path) -> list[str]:
    return [a.text for a in read_html(path).select("aside.related-posts a")]


def test_related_posts_rank_shared_series_and_tags_then_newer_first(normal: Path):
    # config: series weight 100, tags 80, threshold 20, includeNewer, 3 at most
    assert _related(normal / "blog/alpha/index.html") == ["Beta", "Zeta", "Epsilon"]  # Gamma is 4th
    assert _related(normal / "blog/epsilon/index.html") == ["Beta", "Alpha"]  # a tie: the newer first
    assert _related(normal / "blog/gamma/index.html") == ["Zeta", "Alpha"]
    assert _related(normal / "blog/delta/index.html") == []
    assert not read_html(normal / "blog/delta/index.html").select("aside.related-posts")
    assert _related(normal / "zh/blog/alpha/index.html") == ["乙"]  # never across languages
    assert (
        read_html(normal / "zh/blog/alpha/index.html").select("aside.related-posts h2")[0].text == "相关文章"
    )


def test_related_threshold_and_include_newer_follow_hugos_keys(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    toml = site / "sitegen.toml"
    text = toml.read_text(encoding="utf-8")
    # 60: Alpha (series + 2 tags, 180) keeps Beta (180) and Zeta (160), loses Epsilon (100, 56 %)
    toml.write_text(text.replace("threshold = 20", "threshold = 60"), encoding="utf-8")
    build_site(site, tmp_path / "a")
    assert _related(tmp_path / "a/blog/alpha/index.html") == ["Beta", "Zeta"]
    # includeNewer = false (Hugo's default): a post lists only older posts
    toml.write_text(text.replace("includeNewer = true", "includeNewer = false"), encoding="utf-8")
    build_site(site, tmp_path / "b")
    assert _related(tmp_path / "b/blog/alpha/index.html") == []
    assert _related(tmp_path / "b/blog/epsilon/index.html") == ["Beta", "Alpha"]


def test_a_bad_related_threshold_is_one_located_line(tmp_path: Path):
    from conftest import run_cli

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    toml = site / "sitegen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("threshold = 20", "threshold = 120"), encoding="utf-8"
    )
    result = run_cli("build", "-s", site, "-d", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "sitegen.toml:21:1: related.threshold must be between 0 and 100, not 120" in result.stderr, (
        result.stderr
    )


def test_a_cached_f_build_drops_the_badge_once_the_clock_passes_the_date(tmp_path: Path, monkeypatch):
    from sitegen.config import load_config
    from sitegen.pipeline import build

    out = tmp_path / "public"
    page = out / "blog/future-post/index.html"
    config = load_config(SITE, output_dir=out, build_future=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01: before the post's date
    build(config, cache=True)
    assert _badges(page) == ["Scheduled"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21: after it; no file changed
    build(config, cache=True)
    assert _badges(page) == []


@pytest.mark.parametrize("layout", ["missing", "base", "../base", "partials/terms"])
def test_a_layout_the_theme_lacks_or_may_not_use_falls_back_to_the_kinds_template(
    tmp_path: Path, layout: str
):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content/blog/odd.md").write_text(
        f'---\ntitle: "Odd"\ndate: 2025-02-02\nlayout: "{layout}"\n---\nText of odd.\n', encoding="utf-8"
    )
    build_site(site, tmp_path / "out")
    page = read_html(tmp_path / "out/blog/odd/index.html")
    assert page.select("article.post h1")[0].text == "Odd"  # single.html, whole
