"""End-to-end: an English + Chinese site whose translations use file-name suffixes (`a.zh.md`)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import SITES, build_site, hreflang_links, read_html

SITE = SITES / "bilingual-suffix"
BASE = "https://example.com"
ZH_INFERENCE = "/zh/tags/%E6%8E%A8%E7%90%86/"  # 推理
ZH_SERIES = "/zh/series/%E6%BC%94%E7%A4%BA%E7%B3%BB%E5%88%97/"  # 演示系列


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bilingual") / "public"
    build_site(SITE, out)
    return out


def switcher(page) -> dict[str, str]:
    """hreflang -> href of the language switcher's links (the current language has none)."""
    return {a.attrs["hreflang"]: a.attrs["href"] for a in page.select("nav.lang-switch a")}


def card_links(page, within: str = "") -> list[str]:
    return [a.attrs["href"] for a in page.select(f"{within} .post-card-title a".strip())]


@pytest.mark.parametrize("name", ["first-steps", "middle-part", "wrap-up"])
def test_translated_posts_link_each_other_with_absolute_hreflang_links(public, name):
    en = read_html(public / "posts" / name / "index.html")
    zh = read_html(public / "zh" / "posts" / name / "index.html")
    expected = {
        "en-US": f"{BASE}/posts/{name}/",
        "zh-CN": f"{BASE}/zh/posts/{name}/",
        "x-default": f"{BASE}/posts/{name}/",
    }
    assert hreflang_links(en) == expected
    assert hreflang_links(zh) == expected


def test_untranslated_post_has_no_alternate_in_the_missing_language(public):
    page = read_html(public / "posts" / "english-only" / "index.html")
    links = hreflang_links(page)
    assert "zh-CN" not in links
    assert all(href.startswith(f"{BASE}/posts/english-only/") for href in links.values())


def test_language_switcher_points_at_the_translation_in_both_directions(public):
    en = read_html(public / "posts" / "first-steps" / "index.html")
    zh = read_html(public / "zh" / "posts" / "first-steps" / "index.html")
    assert switcher(en) == {"zh-CN": "/zh/posts/first-steps/"}
    assert switcher(zh) == {"en-US": "/posts/first-steps/"}
    current = en.select("nav.lang-switch span")
    assert [s.attrs.get("aria-current") for s in current] == ["true"]
    assert current[0].text == "English"


def test_language_switcher_on_untranslated_post_goes_to_the_other_home(public):
    page = read_html(public / "posts" / "english-only" / "index.html")
    assert switcher(page) == {"zh-CN": "/zh/"}


def test_home_pages_switch_to_each_other(public):
    assert switcher(read_html(public / "index.html")) == {"zh-CN": "/zh/"}
    assert switcher(read_html(public / "zh" / "index.html")) == {"en-US": "/"}


@pytest.mark.parametrize(
    ("path", "locale"),
    [
        ("index.html", "en-US"),
        ("posts/first-steps/index.html", "en-US"),
        ("tags/python/index.html", "en-US"),
        ("404.html", "en-US"),
        ("zh/index.html", "zh-CN"),
        ("zh/posts/first-steps/index.html", "zh-CN"),
        ("zh/tags/推理/index.html", "zh-CN"),
        ("zh/404.html", "zh-CN"),
    ],
)
def test_html_lang_is_the_language_locale(public, path, locale):
    html = read_html(public / path).select("html")
    assert [h.attrs.get("lang") for h in html] == [locale]


def test_cjk_tag_is_written_unencoded_and_linked_percent_encoded(public):
    term = public / "zh" / "tags" / "推理" / "index.html"
    assert term.is_file()
    term_page = read_html(term)
    assert term_page.select("h1")[0].text == "推理"
    assert sorted(card_links(term_page)) == ["/zh/posts/first-steps/", "/zh/posts/middle-part/"]
    post = read_html(public / "zh" / "posts" / "first-steps" / "index.html")
    tag_links = [a.attrs["href"] for a in post.select("ul.tags a")]
    assert ZH_INFERENCE in tag_links
    assert not any("推理" in href for href in tag_links)  # never a raw CJK href
    canonical = [
        link.attrs["href"] for link in term_page.select("head link") if link.attrs.get("rel") == "canonical"
    ]
    assert canonical == [BASE + ZH_INFERENCE]


def test_tag_with_a_space_gets_a_hyphenated_slug_in_both_languages(public):
    en_term = read_html(public / "tags" / "machine-learning" / "index.html")
    zh_term = read_html(public / "zh" / "tags" / "machine-learning" / "index.html")
    assert en_term.select("h1")[0].text == "Machine Learning"
    assert sorted(card_links(en_term)) == ["/posts/first-steps/", "/posts/wrap-up/"]
    assert sorted(card_links(zh_term)) == ["/zh/posts/first-steps/", "/zh/posts/wrap-up/"]
    post = read_html(public / "posts" / "first-steps" / "index.html")
    assert [a.attrs["href"] for a in post.select("ul.tags a")] == ["/tags/machine-learning/", "/tags/python/"]
    assert not (public / "tags" / "machine learning").exists()
    # the same tag in both languages is one term, translated into the other
    assert switcher(en_term) == {"zh-CN": "/zh/tags/machine-learning/"}


def test_tag_without_a_same_named_counterpart_is_not_a_translation(public):
    # "Python" (en) and "推理" (zh) share a translated post but are different tags;
    # the English tag page has no Chinese version.
    page = read_html(public / "tags" / "python" / "index.html")
    assert switcher(page) == {"zh-CN": "/zh/"}
    assert "zh-CN" not in hreflang_links(page)
    zh_page = read_html(public / "zh" / "tags" / "推理" / "index.html")
    assert switcher(zh_page) == {"en-US": "/"}


def test_series_page_per_language_lists_its_parts_in_order(public):
    en = read_html(public / "series" / "demo-series" / "index.html")
    zh = read_html(public / "zh" / "series" / "演示系列" / "index.html")
    assert card_links(en, "ol.series-list") == [
        "/posts/first-steps/",
        "/posts/middle-part/",
        "/posts/wrap-up/",
    ]
    assert card_links(zh, "ol.series-list") == [
        "/zh/posts/first-steps/",
        "/zh/posts/middle-part/",
        "/zh/posts/wrap-up/",
    ]
    assert [p.text for p in zh.select("ol.series-list p.series-part")] == ["第 1 篇", "第 2 篇", "第 3 篇"]
    # differently named series are matched through their translated posts
    assert switcher(en) == {"zh-CN": ZH_SERIES}
    assert switcher(zh) == {"en-US": "/series/demo-series/"}


def test_post_series_box_links_the_series_page_of_its_language(public):
    zh = read_html(public / "zh" / "posts" / "middle-part" / "index.html")
    heading = zh.select("aside.series-box p.series-heading")[0]
    assert "第 2 篇，共 3 篇" in heading.text
    assert [a.attrs["href"] for a in zh.select("p.series-heading a")] == [ZH_SERIES]


def test_toml_front_matter_post_is_built_with_its_fields(public):
    page = read_html(public / "posts" / "middle-part" / "index.html")
    assert page.select("h1")[0].text == "The Middle Part"
    assert [t.attrs["datetime"] for t in page.select("p.post-meta time")] == ["2026-02-10T00:00:00+00:00"]
    assert [a.attrs["href"] for a in page.select("ul.tags a")] == ["/tags/python/"]
    assert "Part 2 of 3" in page.select("aside.series-box p.series-heading")[0].text


def test_home_of_each_language_lists_only_that_language(public):
    en = read_html(public / "index.html")
    zh = read_html(public / "zh" / "index.html")
    assert sorted(card_links(en, "section.recent")) == [
        "/posts/english-only/",
        "/posts/first-steps/",
        "/posts/middle-part/",
        "/posts/wrap-up/",
    ]
    assert sorted(card_links(zh, "section.recent")) == [
        "/zh/posts/first-steps/",
        "/zh/posts/middle-part/",
        "/zh/posts/wrap-up/",
    ]
    # newest first
    assert card_links(en, "section.recent")[0] == "/posts/english-only/"
    assert en.select("section.hero h1")[0].text == "Welcome to Field Notes"
    assert zh.select("section.hero h1")[0].text == "欢迎来到田野笔记"
    assert "边动手边写下的笔记。" in zh.select("section.hero div.content")[0].text


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_has_xhtml_alternates_for_translated_pages(public):
    root = ET.parse(public / "sitemap.xml").getroot()
    entries = {
        url.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", SITEMAP)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", SITEMAP)
    }
    # x-default: the default language's version, for readers of any other language
    pair = {
        "en-US": f"{BASE}/posts/first-steps/",
        "zh-CN": f"{BASE}/zh/posts/first-steps/",
        "x-default": f"{BASE}/posts/first-steps/",
    }
    assert entries[f"{BASE}/posts/first-steps/"] == pair
    assert entries[f"{BASE}/zh/posts/first-steps/"] == pair
    assert entries[f"{BASE}/posts/english-only/"] == {}
    assert entries[f"{BASE}{ZH_SERIES}"] == {
        "en-US": f"{BASE}/series/demo-series/",
        "zh-CN": f"{BASE}{ZH_SERIES}",
        "x-default": f"{BASE}/series/demo-series/",
    }
    assert f"{BASE}{ZH_INFERENCE}" in entries
    assert all(loc.startswith(f"{BASE}/") for loc in entries)
    assert not any(loc.endswith("404.html") for loc in entries)
    assert f"{BASE}/" in entries and f"{BASE}/zh/" in entries


def test_robots_txt_points_at_the_sitemap(public):
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^Sitemap: https://example\.com/sitemap\.xml$", robots, re.M)


def test_each_language_has_its_own_404_page(public):
    en = read_html(public / "404.html")
    zh = read_html(public / "zh" / "404.html")
    assert en.select("h1")[0].text == "Page not found"
    assert zh.select("h1")[0].text == "页面不存在"
    assert [a.attrs["href"] for a in zh.select("section.not-found a")] == ["/zh/"]
    assert [a.attrs["href"] for a in en.select("section.not-found a")] == ["/"]


def test_every_local_link_and_asset_resolves_to_a_built_file(public):
    missing: dict[str, str] = {}  # target -> first page linking it
    for page in public.rglob("*.html"):
        rel_url = "/" + page.relative_to(public).as_posix()
        for el in read_html(page).elements:
            target = el.attrs.get("href") or el.attrs.get("src")
            if not target or el.tag not in {"a", "link", "img", "script"}:
                continue
            parts = urlsplit(urljoin(BASE + rel_url, target))
            if f"{parts.scheme}://{parts.netloc}" != BASE:
                continue
            path = unquote(parts.path).lstrip("/")
            file = public / path
            if not (file.is_file() or (file / "index.html").is_file()):
                missing.setdefault(target, rel_url)
    assert not missing, [f"{target} (linked from {page})" for target, page in sorted(missing.items())]
