"""RSS feeds: read back with feedparser, compared with the Hugo reference feed.

tests/sites/feeds has a base path (/blog/), two languages, a series and a tag
with Chinese names, a draft and a future post, and relative links and an image
in a summary. The reference is tests/fixtures/feeds/chen-kai-llm-feed.xml, a
real Hugo tag feed (kept in the repository, so the tests read nothing outside it).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest

from conftest import SITES, build_site, read_html, run_cli

SITE = SITES / "feeds"
RSS = "application/rss+xml"
REFERENCE = Path(__file__).parent / "fixtures" / "feeds" / "chen-kai-llm-feed.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
# Elements Hugo writes only when the site configures them (copyright, author e-mail).
OPTIONAL_CHANNEL = {"copyright", "managingEditor", "webMaster"}


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "public"
    build_site(SITE, out)
    return out


def feeds(public: Path) -> list[Path]:
    found = sorted(public.rglob("index.xml"))
    assert found, "no feeds were built"
    return found


def channel(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    found = root.find("channel")
    assert found is not None
    return found


def tags(element: ET.Element) -> set[str]:
    return {child.tag.replace(ATOM, "atom:") for child in element}


def items(path: Path) -> list[dict[str, str]]:
    return [{child.tag: child.text or "" for child in item} for item in channel(path).iter("item")]


def test_every_feed_parses_cleanly_with_feedparser(public: Path):
    for path in feeds(public):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == "rss20"


def test_the_reference_feed_is_what_we_think_it_is():
    ref = channel(REFERENCE)
    assert tags(ref) == {
        "title",
        "link",
        "description",
        "generator",
        "language",
        "lastBuildDate",
        "atom:link",
        "item",
    }
    assert {frozenset(tags(item)) for item in ref.iter("item")} == {
        frozenset({"title", "link", "pubDate", "guid", "description"})
    }


def test_channel_and_item_elements_match_the_reference(public: Path):
    ref = channel(REFERENCE)
    ref_item_tags = tags(next(ref.iter("item")))
    checked_items = 0
    for path in feeds(public):
        ours = channel(path)
        # an empty feed (a section without posts) has no items and so no date
        want = tags(ref) if ours.find("item") is not None else tags(ref) - {"item", "lastBuildDate"}
        assert tags(ours) - OPTIONAL_CHANNEL == want, path
        for item in ours.iter("item"):
            assert tags(item) == ref_item_tags, path
            checked_items += 1
    assert checked_items > 10


def test_channel_values_follow_hugo(public: Path):
    ch = channel(public / "tags" / "llm" / "index.xml")
    assert ch.findtext("title") == "LLM on Notes"
    assert ch.findtext("description") == "Recent content in LLM on Notes"
    assert ch.findtext("link") == "https://feeds.example/blog/tags/llm/"
    self_link = ch.find(f"{ATOM}link")
    assert self_link is not None
    assert self_link.attrib == {
        "href": "https://feeds.example/blog/tags/llm/index.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    assert ch.findtext("generator") == "sitegen"
    assert ch.findtext("copyright") == "© 2026 Lin Wei & friends"
    assert ch.findtext("managingEditor") == "lin@feeds.example (Lin Wei)"
    home = channel(public / "index.xml")
    assert home.findtext("title") == "Notes"
    assert home.findtext("description") == "Recent content on Notes"


def test_items_carry_permalink_guid_and_rfc822_dates(public: Path):
    for path in feeds(public):
        for item in items(path):
            assert item["guid"] == item["link"]
            assert item["link"].startswith("https://feeds.example/blog/")
            if "pubDate" in item:
                assert RFC822.match(item["pubDate"]), item["pubDate"]
    first = next(i for i in items(public / "index.xml") if i["title"] == "Batching requests")
    assert first["pubDate"] == "Sat, 10 Jan 2026 09:00:00 +0800"  # the zone as written


def test_items_are_newest_first_without_drafts_or_future_posts(public: Path):
    titles = [i["title"] for i in items(public / "tags" / "llm" / "index.xml")]
    assert titles == ["<script>alert(1)</script> & escaping", "Scheduling", "Batching requests"]
    parsed = feedparser.parse((public / "tags" / "llm" / "index.xml").read_bytes())
    stamps = [e.published_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_home_feed_lists_what_the_home_page_lists(public: Path):
    titles = {i["title"] for i in items(public / "index.xml")}
    assert titles == {"<script>alert(1)</script> & escaping", "Scheduling", "Batching requests"}
    assert "About" not in titles  # not in the main section, as on the home page


def test_last_build_date_is_the_newest_item_date_never_the_clock(public: Path):
    # second.md has lastmod 2026-03-05T08:30Z, newer than any post's date
    assert channel(public / "index.xml").findtext("lastBuildDate") == "Thu, 05 Mar 2026 08:30:00 +0000"
    # a section without posts has no items, so no date at all
    empty = channel(public / "empty" / "index.xml")
    assert empty.find("item") is None and empty.find("lastBuildDate") is None


def test_relative_links_and_images_become_absolute(public: Path):
    first = next(i for i in items(public / "posts" / "index.xml") if i["title"] == "Batching requests")
    html = first["description"]
    assert 'href="https://feeds.example/blog/posts/second/"' in html  # ../second/
    assert 'href="https://feeds.example/blog/posts/first/#details"' in html  # #details
    assert 'src="https://feeds.example/blog/posts/first/chart.png"' in html  # bundle image
    assert 'href="https://feeds.example/blog/posts/third/"' in html  # site-relative
    assert "FULL-ONLY" not in html  # the summary stops at <!--more-->
    for path in feeds(public):
        for item in items(path):
            for url in re.findall(r'(?:href|src)="([^"]*)"', item.get("description", "")):
                assert url.startswith("https://feeds.example/blog/"), (path, url)


def test_each_language_has_its_locale(public: Path):
    assert channel(public / "index.xml").findtext("language") == "en"
    assert channel(public / "zh" / "index.xml").findtext("language") == "zh-CN"
    assert channel(public / "zh" / "tags" / "llm" / "index.xml").findtext("language") == "zh-CN"


def test_channel_words_are_in_the_feeds_language(public: Path):
    """Hugo's RSS template says "Recent content in … on …" in every language; the
    theme's i18n says it in Chinese on a Chinese feed."""
    tag = channel(public / "zh" / "tags" / "推理" / "index.xml")
    assert tag.findtext("title") == "推理 · 笔记"
    assert tag.findtext("description") == "笔记中“推理”的最新内容"
    home = channel(public / "zh" / "index.xml")
    assert home.findtext("title") == "笔记"
    assert home.findtext("description") == "笔记的最新内容"
    assert (
        channel(public / "tags" / "llm" / "index.xml").findtext("description")
        == "Recent content in LLM on Notes"
    )


def test_a_sites_own_i18n_words_its_feeds(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "i18n").mkdir()
    (site / "i18n" / "en.yaml").write_text('feed_description: "Latest in {title}, from {site}"\n')
    (site / "i18n" / "zh.yaml").write_text('feed_title: "{site}：{title}"\n')
    build_site(site, tmp_path / "out")
    en = channel(tmp_path / "out" / "tags" / "llm" / "index.xml")
    assert en.findtext("description") == "Latest in LLM, from Notes"
    assert en.findtext("title") == "LLM on Notes"  # the theme's string where the site has none
    assert channel(tmp_path / "out" / "zh" / "tags" / "推理" / "index.xml").findtext("title") == "笔记：推理"


def test_series_feed_with_a_chinese_name_is_utf8_with_percent_encoded_links(public: Path):
    path = public / "zh" / "series" / "推理服务实战" / "index.xml"
    raw = path.read_bytes()
    # byte-exact UTF-8, not character references or mojibake
    assert "推理服务实战 · 笔记".encode() in raw and b"&#" not in raw
    encoded = "https://feeds.example/blog/zh/series/" + quote("推理服务实战") + "/"
    ch = channel(path)
    assert ch.findtext("title") == "推理服务实战 · 笔记"
    assert ch.findtext("link") == encoded
    self_link = ch.find(f"{ATOM}link")
    assert self_link is not None and self_link.get("href") == encoded + "index.xml"
    assert [i["title"] for i in items(path)] == ["调度", "请求批处理"]
    tag = items(public / "zh" / "tags" / "推理" / "index.xml")
    assert {i["guid"] for i in tag} == {
        "https://feeds.example/blog/zh/posts/second/",
        "https://feeds.example/blog/zh/posts/first/",
    }
    parsed = feedparser.parse(raw)
    assert parsed.feed.title == "推理服务实战 · 笔记"
    assert parsed.entries[1].summary.startswith("<p>批处理把多个请求合并成一次前向计算")


def test_taxonomy_index_feed_lists_its_terms(public: Path):
    found = items(public / "tags" / "index.xml")
    assert {i["title"] for i in found} == {"LLM", "Serving"}
    assert all(i["description"] for i in found)  # never an empty description


def test_titles_are_escaped_text(public: Path):
    raw = (public / "posts" / "index.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw
    parsed = feedparser.parse(raw)
    assert "<script>alert(1)</script> & escaping" in [e.title for e in parsed.entries]


def test_every_page_links_a_feed_that_exists(public: Path):
    pages = [
        p for p in sorted(public.rglob("index.html")) if 'http-equiv="refresh"' not in p.read_text()
    ]  # redirects (aliases, /en/ -> /)
    assert len(pages) > 10
    for page in pages:
        links = [el for el in read_html(page).select("link") if el.attrs.get("type") == RSS]
        assert len(links) == 1, page
        assert links[0].attrs["rel"] == "alternate"
        target = unquote(links[0].attrs["href"].removeprefix("/blog/"))
        assert (public / target).is_file(), (page, target)
    term = read_html(public / "tags" / "llm" / "index.html").select("link")
    assert [el.attrs["href"] for el in term if el.attrs.get("type") == RSS] == ["/blog/tags/llm/index.xml"]
    post = read_html(public / "zh" / "posts" / "second" / "index.html").select("link")
    assert [el.attrs["href"] for el in post if el.attrs.get("type") == RSS] == ["/blog/zh/index.xml"]


def test_two_builds_write_identical_feeds(tmp_path: Path, public: Path):
    again = tmp_path / "again"
    build_site(SITE, again)
    first = {p.relative_to(public): p.read_bytes() for p in feeds(public)}
    second = {p.relative_to(again): p.read_bytes() for p in feeds(again)}
    assert first == second


def with_config(tmp_path: Path, tables: str = "", top: str = "") -> Path:
    """The fixture with `top` keys before its first table and `tables` after the last."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    config = site / "sitegen.toml"
    config.write_text(f"{top}\n{config.read_text(encoding='utf-8')}\n{tables}", encoding="utf-8")
    return site


def test_limit_keeps_the_newest_items(tmp_path: Path):
    site = with_config(tmp_path, "[services.rss]\nlimit = 2\n")
    out = tmp_path / "out"
    build_site(site, out)
    assert [i["title"] for i in items(out / "tags" / "llm" / "index.xml")] == [
        "<script>alert(1)</script> & escaping",
        "Scheduling",
    ]
    assert all(len(items(p)) <= 2 for p in feeds(out))
    # lastBuildDate comes from the items kept
    assert (
        channel(out / "tags" / "llm" / "index.xml").findtext("lastBuildDate")
        == "Thu, 05 Mar 2026 08:30:00 +0000"
    )


def test_hugo_older_rss_limit_key_works_too(tmp_path: Path):
    out = tmp_path / "out"
    build_site(with_config(tmp_path, top="rssLimit = 1"), out)
    assert [i["title"] for i in items(out / "index.xml")] == ["<script>alert(1)</script> & escaping"]


def test_full_content_setting_puts_whole_posts_with_absolute_links_in_items(tmp_path: Path):
    out = tmp_path / "out"
    build_site(with_config(tmp_path, "[services.rss]\nfullContent = true\n"), out)
    first = next(i for i in items(out / "index.xml") if i["title"] == "Batching requests")
    assert "FULL-ONLY" in first["description"]
    assert 'id="details"' in first["description"]
    assert 'href="https://feeds.example/blog/posts/second/"' in first["description"]
    assert 'src="https://feeds.example/blog/posts/first/chart.png"' in first["description"]


def test_outputs_turn_feeds_off_per_kind(tmp_path: Path):
    out = tmp_path / "out"
    build_site(with_config(tmp_path, '[outputs]\nhome = ["HTML"]\ntaxonomy = ["html"]\n'), out)
    assert not (out / "index.xml").exists() and not (out / "zh" / "index.xml").exists()
    assert not (out / "tags" / "index.xml").exists()
    assert (out / "tags" / "llm" / "index.xml").is_file()  # terms keep theirs
    assert (out / "posts" / "index.xml").is_file()
    home_links = [el for el in read_html(out / "index.html").select("link") if el.attrs.get("type") == RSS]
    assert home_links == []  # no feed to point at
    post_links = [
        el
        for el in read_html(out / "posts" / "second" / "index.html").select("link")
        if el.attrs.get("type") == RSS
    ]
    assert post_links == []  # posts point at the home feed, which is off


def test_check_knows_feeds_exist(tmp_path: Path):
    """Links to feeds are internal links like any other: check must not call them broken."""
    result = run_cli("check", "-s", SITE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "index.xml" not in result.stdout
    broken = with_config(tmp_path)
    about = broken / "content" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8").replace("tags/llm/index.xml", "tags/lm/index.xml"), encoding="utf-8"
    )
    result = run_cli("check", "-s", broken)
    assert result.returncode == 1
    assert "content/about.md:7:" in result.stdout and "tags/lm/index.xml" in result.stdout


def test_control_characters_xml_cannot_hold_are_left_out_of_feeds(tmp_path: Path):
    """A \\x01 pasted into a title or a post is fine in HTML, but XML 1.0 has no way to
    write it: the feed library refused the whole feed, an 'internal error'."""
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "Site\\u0007"\ncopyright = "\\u000b2026"\n', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        '---\ntitle: "Bell\\x07 here"\ndate: 2026-03-01\n---\nBody\x01 text\ufffe.\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    build_site(site, out)
    feed = out / "posts" / "index.xml"
    assert items(feed)[0]["title"] == "Bell here"
    assert "Body text." in items(feed)[0]["description"]
    assert channel(feed).findtext("copyright") == "2026"
    assert "\x07" in (out / "posts" / "a" / "index.html").read_text(encoding="utf-8")  # HTML keeps it


def test_a_site_title_of_control_characters_only_falls_back_to_the_host(tmp_path: Path):
    """RSS needs a channel title; one left empty by dropping a \\x01 failed the build."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text(
        'title = "\\u0001"\nbaseURL = "https://blog.example/"\n', encoding="utf-8"
    )
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(site, out)
    assert channel(out / "index.xml").findtext("title") == "blog.example"
