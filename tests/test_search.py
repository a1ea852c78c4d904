"""Search (search.py, search.html, js/search.js): Pagefind's index built from the pages,
per language, and searched in a real headless Chromium.

tests/sites/search is two posts in English and Chinese. The browser tests type
into each language's search page and check the right post comes back, with the
matched words marked, and that no request leaves 127.0.0.1; the rest check the
built HTML and the command line: the switch, a failing indexer, `check`.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import SITES, build_site, read_html, run_cli, wait_until

SITE = SITES / "search"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search") / "public"
    build_site(SITE, out, cache=False)
    return out


@pytest.fixture(scope="module")
def site_url(public: Path, serve_folder) -> str:
    return serve_folder(public)


# -- the built site ---------------------------------------------------------------


def test_index_has_one_language_per_html_lang_with_only_the_posts(public: Path):
    import json

    entry = json.loads((public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # two posts each: the lists, tags, home and 404 pages carry no data-pagefind-body
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"en-us": 2, "zh-cn": 2}
    assert list(entry["languages"]) == sorted(entry["languages"])  # search.py sorts them
    assert (public / "pagefind" / "pagefind.js").is_file()


def test_each_language_has_a_search_page_and_every_page_a_search_box(public: Path):
    for prefix, label in (("", "Search this site"), ("zh/", "搜索本站")):
        page = read_html(public / prefix / "search" / "index.html")
        assert page.select("section.search-page")[0].attrs["id"] == "search"
        assert page.select("h1")[0].text == ("Search" if not prefix else "搜索")
        home = read_html(public / prefix / "index.html")
        (form,) = home.select("form.search-box")
        assert form.attrs["action"] == f"/{prefix}search/"
        assert home.select("label.search-label")[0].text == label
        assert [s.attrs["type"] for s in home.select("script") if "search.js" in s.attrs.get("src", "")] == [
            "module"
        ]
    post = read_html(public / "blog" / "attention" / "index.html")
    marked = [e for e in post.select("div") + post.select("h1") if "data-pagefind-body" in e.attrs]
    assert [e.tag for e in marked] == ["div", "h1"]  # the text and the title, not nav or footer
    assert post.select("h1")[0].attrs["data-pagefind-meta"] == "title, date:March 1, 2026"
    listing = (public / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in listing


def test_search_pages_are_not_in_the_sitemap(public: Path):
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "/search/" not in sitemap and "/blog/attention/" in sitemap


def test_two_builds_write_byte_identical_search_bundles(tmp_path: Path, public: Path):
    again = tmp_path / "again"
    build_site(SITE, again, cache=False)
    first, second = tree_digest(public / "pagefind"), tree_digest(again / "pagefind")
    assert len(first) > 10
    assert first == second


def test_indexing_only_the_marked_pages_gives_the_bundle_of_the_whole_site(tmp_path: Path, public: Path):
    """search.py hands Pagefind the marked pages alone, to save it parsing lists and
    tags; Pagefind run over the whole folder must make the very same bundle."""
    from sitegen.search import _run_pagefind, _sort_entry

    whole = tmp_path / "whole"
    shutil.copytree(public, whole, ignore=shutil.ignore_patterns("pagefind"))
    _run_pagefind(whole)
    _sort_entry(whole / "pagefind" / "pagefind-entry.json")
    assert tree_digest(whole / "pagefind") == tree_digest(public / "pagefind")
    beside = [p.name for p in public.parent.iterdir()]
    assert "public" in beside and not [
        n for n in beside if n.startswith(".sitegen-search-")
    ]  # no scratch left


# -- the switch, failures, check ----------------------------------------------------


def site_copy(tmp_path: Path, extra_config: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    if extra_config:
        with (site / "sitegen.toml").open("a", encoding="utf-8") as f:
            f.write(extra_config)
    return site


def test_enable_search_false_builds_no_index_no_page_and_no_box(tmp_path: Path):
    site = site_copy(tmp_path, "\n[params]\nenableSearch = false\n")
    done = run_cli("build", "-s", site)
    assert done.returncode == 0, done.stderr
    public = site / "public"
    assert not (public / "pagefind").exists()
    assert not (public / "search").exists() and not (public / "zh" / "search").exists()
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "search-box" not in home and "js/search.js" not in home


def test_enable_search_must_be_true_or_false(tmp_path: Path):
    site = site_copy(tmp_path, '\n[params]\nenableSearch = "yes"\n')
    done = run_cli("build", "-s", site)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    where = f"{site / 'sitegen.toml'}:21:1"  # the line of enableSearch
    assert lines[0] == f"{where}: params.enableSearch must be true or false, not 'yes'", lines
    assert lines[1] == "  hint: e.g. enableSearch = false"


def fake_pagefind(tmp_path: Path, body: str) -> Path:
    """A stand-in for Pagefind's binary (PAGEFIND_BINARY_PATH, which Pagefind's package reads)."""
    script = tmp_path / "fake-pagefind"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_a_failed_index_fails_the_build_in_one_line_and_keeps_the_old_output(tmp_path: Path):
    site = site_copy(tmp_path)
    assert run_cli("build", "-s", site).returncode == 0
    before = tree_digest(site / "public")
    (site / "content" / "blog" / "new.md").write_text("---\ntitle: New\n---\nNew text.\n", encoding="utf-8")
    broken = fake_pagefind(tmp_path, 'echo "Error: the disk is full" >&2\nexit 3')
    done = run_cli("build", "-s", site, env={"PAGEFIND_BINARY_PATH": str(broken)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == "error: Pagefind could not index the site for search: Error: the disk is full", lines
    assert lines[1] == "  hint: set params.enableSearch = false in the config to build without search"
    assert tree_digest(site / "public") == before  # swapped in only when the index was made
    assert not [p for p in site.iterdir() if p.name.startswith(".public.")]  # no staging left


def test_a_missing_pagefind_binary_is_one_line_too(tmp_path: Path):
    site = site_copy(tmp_path)
    done = run_cli("build", "-s", site, env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-binary")})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: cannot run Pagefind ("), done.stderr
    assert not (site / "public").exists()


def test_check_never_runs_the_indexer(tmp_path: Path):
    site = site_copy(tmp_path)
    ran = tmp_path / "ran"
    spy = fake_pagefind(tmp_path, f"touch {ran}\nexit 1")
    done = run_cli("check", site, env={"PAGEFIND_BINARY_PATH": str(spy)})
    assert done.returncode == 0, done.stderr
    assert not ran.exists()
    assert not (site / "public").exists()


# -- in the browser -----------------------------------------------------------------


class Tab:
    """One page in its own browser context, recording every request it makes."""

    def __init__(self, browser, site_url: str, path: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.site_url = site_url
        response = self.page.goto(site_url + quote(path), wait_until="networkidle")
        assert response is not None and response.status == 200, path

    def results(self) -> list[dict]:
        return self.page.evaluate(
            """() => [...document.querySelectorAll('.search-results li')].map(li => ({
                href: li.querySelector('a').getAttribute('href'),
                title: li.querySelector('a').textContent,
                date: li.querySelector('.search-date')?.textContent,
                marks: [...li.querySelectorAll('.search-excerpt mark')].map(m => m.textContent),
                excerpt: li.querySelector('.search-excerpt').textContent,
            }))"""
        )

    def status(self) -> str:
        return self.page.locator(".search-status").text_content() or ""

    def search(self, words: str) -> list[dict]:
        self.page.fill("#search-q", words)
        # wrapped in a list: no results ([]) is an answer too, and wait_until waits for a truthy one
        answered = wait_until(
            lambda: [self.results()] if words in self.status() else None, 15, f"results for {words}"
        )
        return answered[0]

    def offsite(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.site_url + "/")]


@pytest.fixture
def tab(browser, site_url):
    opened: list[Tab] = []

    def opener(path: str) -> Tab:
        opened.append(Tab(browser, site_url, path))
        return opened[-1]

    yield opener
    for t in opened:
        t.context.close()


def test_an_english_word_finds_the_english_post_with_the_word_marked(tab):
    t = tab("/search/")
    found = t.search("quantization")
    assert [r["href"] for r in found] == ["/blog/quantization/"]
    assert found[0]["title"] == "Quantization in practice"
    assert found[0]["date"] == "April 1, 2026"
    assert not found[0]["excerpt"].startswith("Quantization in practice"), found[0]["excerpt"]
    # the title is indexed too (data-pagefind-body on the h1), so it may be marked as well
    assert found[0]["marks"] and {m.lower() for m in found[0]["marks"]} == {"quantization"}
    assert t.status() == "1 result for “quantization”"
    assert t.offsite() == [] and t.errors == []
    assert any("/pagefind/" in u for u in t.requests)  # the index came from this site


def test_a_chinese_word_finds_the_chinese_post_on_the_chinese_search_page(tab):
    t = tab("/zh/search/")
    found = t.search("注意力")
    assert [r["href"] for r in found] == ["/zh/blog/attention/"]
    assert found[0]["title"] == "注意力是怎样工作的"
    # the title shows above the excerpt, which starts after it, without Pagefind's ". "
    assert found[0]["excerpt"].startswith("Transformer 的每一层"), found[0]["excerpt"]
    assert "注意力" in found[0]["marks"]
    assert t.status() == "“注意力”共有 1 个结果"
    assert t.offsite() == [] and t.errors == []


def test_each_search_page_finds_only_its_own_language(tab):
    # "softmax" is in both the English and the Chinese attention post
    assert [r["href"] for r in tab("/search/").search("softmax")] == ["/blog/attention/"]
    assert [r["href"] for r in tab("/zh/search/").search("softmax")] == ["/zh/blog/attention/"]


def test_words_only_in_menus_and_footers_find_nothing(tab):
    t = tab("/search/")
    t.search("built")  # the footer's "Built with" is on every page, outside data-pagefind-body
    assert t.results() == []
    assert t.status() == "No results for “built”"


def test_slash_focuses_the_box_and_enter_opens_the_results_keyboard_only(tab):
    t = tab("/blog/attention/")
    page = t.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("heads")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=heads")
    wait_until(lambda: t.results(), 15, "results on the search page")
    assert [r["href"] for r in t.results()] == ["/blog/attention/"]
    assert page.evaluate("document.activeElement.id") == "search-q"  # the query stays editable
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/blog/attention/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/blog/attention/")
    assert t.offsite() == [] and t.errors == []


def test_slash_types_a_slash_while_writing_in_another_field(tab):
    t = tab("/search/")
    page = t.page
    page.fill("#search-q", "")
    page.evaluate("""() => { const f = document.createElement('textarea'); f.id = 'other';
        document.querySelector('main').append(f); f.focus(); }""")
    page.keyboard.type("a/b")
    assert page.evaluate("document.getElementById('other').value") == "a/b"
    assert page.evaluate("document.activeElement.id") == "other"


def test_serve_indexes_too_and_a_word_saved_while_serving_is_found(tmp_path: Path, browser):
    from test_serve import Server

    site = site_copy(tmp_path)
    server = Server(site)
    try:
        made = "search index made"
        wait_until(lambda: made in server.output(), 60, "the first index under serve")
        status, _, body = server.get("/pagefind/pagefind-entry.json")
        assert status == 200 and b'"zh-cn"' in body
        post = site / "content" / "blog" / "attention.md"
        post.write_text(post.read_text(encoding="utf-8") + "\nA zymurgical aside.\n", encoding="utf-8")
        wait_until(lambda: server.output().count(made) >= 2, 60, "the index after the save")
        t = Tab(browser, server.url, "/search/")
        try:
            assert [r["href"] for r in t.search("zymurgical")] == ["/blog/attention/"]
            assert t.offsite() == [] and t.errors == []
        finally:
            t.context.close()
    finally:
        server.stop()
