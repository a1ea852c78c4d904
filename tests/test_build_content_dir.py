"""End-to-end: one content folder per language (`contentDir`), default language in /en/."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SITES, build_site, hreflang_links, read_html

SITE = SITES / "content-dir"
BASE = "https://notes.example.org"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("content-dir") / "public"
    return out, build_site(SITE, out)


@pytest.fixture(scope="module")
def public(built) -> Path:
    return built[0]


def switcher(page) -> dict[str, str]:
    return {a.attrs["hreflang"]: a.attrs["href"] for a in page.select("nav.lang-switch a")}


def test_each_content_dir_gives_its_language_its_posts(built):
    public, result = built
    assert result.pages_per_language == {"en": 3, "zh": 2}
    posts = sorted(p.relative_to(public).as_posix() for p in public.glob("*/posts/*/index.html"))
    assert posts == [
        "en/posts/cooking-rice/index.html",
        "en/posts/pickles/index.html",
        "en/posts/sourdough/index.html",
        "zh/posts/sourdough/index.html",
        "zh/posts/zhu-fan/index.html",
    ]


def test_default_language_lives_under_its_own_prefix(public):
    assert not (public / "posts").exists()
    assert not (public / "tags").exists()
    en_home = read_html(public / "en" / "index.html")
    assert [h.attrs["lang"] for h in en_home.select("html")] == ["en-GB"]
    assert [a.attrs["href"] for a in en_home.select("a.site-title")] == ["/en/"]
    canonical = [
        link.attrs["href"] for link in en_home.select("head link") if link.attrs.get("rel") == "canonical"
    ]
    assert canonical == [f"{BASE}/en/"]
    assert (public / "en" / "tags" / "baking" / "index.html").is_file()
    assert (public / "zh" / "tags" / "baking" / "index.html").is_file()
    assert (public / "en" / "404.html").is_file()
    assert (public / "zh" / "404.html").is_file()


def test_site_root_redirects_to_the_default_language_home(public):
    # With the default language in /en/, nothing else serves https://notes.example.org/;
    # Hugo writes a redirect there.
    root = public / "index.html"
    assert root.is_file(), "no page at the site root"
    refresh = [
        m.attrs.get("content", "")
        for m in read_html(root).select("meta")
        if m.attrs.get("http-equiv", "").lower() == "refresh"
    ]
    assert len(refresh) == 1 and refresh[0].rstrip().endswith("/en/")


def test_chinese_content_dir_pages_are_chinese(public):
    page = read_html(public / "zh" / "posts" / "zhu-fan" / "index.html")
    assert [h.attrs["lang"] for h in page.select("html")] == ["zh-CN"]
    assert page.select("h1")[0].text == "煮米饭"
    assert "2025年12月1日" in page.select("p.post-meta time")[0].text


def test_same_path_in_both_content_dirs_are_translations(public):
    en = read_html(public / "en" / "posts" / "sourdough" / "index.html")
    zh = read_html(public / "zh" / "posts" / "sourdough" / "index.html")
    assert switcher(en) == {"zh-CN": "/zh/posts/sourdough/"}
    assert switcher(zh) == {"en-GB": "/en/posts/sourdough/"}
    expected = {
        "en-GB": f"{BASE}/en/posts/sourdough/",
        "zh-CN": f"{BASE}/zh/posts/sourdough/",
        "x-default": f"{BASE}/en/posts/sourdough/",
    }
    assert hreflang_links(en) == expected
    assert hreflang_links(zh) == expected


def test_translation_key_links_files_with_different_names(public):
    en = read_html(public / "en" / "posts" / "cooking-rice" / "index.html")
    zh = read_html(public / "zh" / "posts" / "zhu-fan" / "index.html")
    assert switcher(en) == {"zh-CN": "/zh/posts/zhu-fan/"}
    assert switcher(zh) == {"en-GB": "/en/posts/cooking-rice/"}
    assert hreflang_links(zh)["en-GB"] == f"{BASE}/en/posts/cooking-rice/"
    assert hreflang_links(en)["zh-CN"] == f"{BASE}/zh/posts/zhu-fan/"
    # the key joins the pair; it does not make a page at the other name
    assert not (public / "zh" / "posts" / "cooking-rice").exists()
    assert not (public / "en" / "posts" / "zhu-fan").exists()


def test_untranslated_post_switches_to_the_other_language_home(public):
    page = read_html(public / "en" / "posts" / "pickles" / "index.html")
    assert switcher(page) == {"zh-CN": "/zh/"}
    assert "zh-CN" not in hreflang_links(page)


def test_home_pages_switch_to_each_other_and_list_their_own_posts(public):
    en = read_html(public / "en" / "index.html")
    zh = read_html(public / "zh" / "index.html")
    assert switcher(en) == {"zh-CN": "/zh/"}
    assert switcher(zh) == {"en-GB": "/en/"}
    assert [a.attrs["href"] for a in en.select("section.recent .post-card-title a")] == [
        "/en/posts/pickles/",
        "/en/posts/cooking-rice/",
        "/en/posts/sourdough/",
    ]
    assert [a.attrs["href"] for a in zh.select("section.recent .post-card-title a")] == [
        "/zh/posts/zhu-fan/",
        "/zh/posts/sourdough/",
    ]


def test_sitemap_pairs_translation_key_pages(public):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(public / "sitemap.xml").getroot()
    entries = {
        u.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)
        }
        for u in root.findall("s:url", ns)
    }
    pair = {
        "en-GB": f"{BASE}/en/posts/cooking-rice/",
        "zh-CN": f"{BASE}/zh/posts/zhu-fan/",
        "x-default": f"{BASE}/en/posts/cooking-rice/",
    }
    assert entries[f"{BASE}/en/posts/cooking-rice/"] == pair
    assert entries[f"{BASE}/zh/posts/zhu-fan/"] == pair
    assert entries[f"{BASE}/en/posts/pickles/"] == {}
    assert all(loc.startswith((f"{BASE}/en/", f"{BASE}/zh/")) for loc in entries)
