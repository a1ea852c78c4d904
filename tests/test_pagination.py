"""Pagination as Hugo 0.168 does it: list pages split into pagers at `<list>/page/N/`,
`<list>/page/1/` a redirect to the list, in both languages, on built HTML.

`tests/sites/hugo-pagination/` is a bilingual Hugo blog (Chinese `zh-CN` first,
at the root), 25 posts per language in two sections, tags, a six-part series and
a tag with one note, with `pagerSize = 4`. Its Go layouts paginate every list
kind, so Hugo builds it too, and tests/test_hugo_parity.py compares the two builds:
the same URLs (pagers and their redirects included), and on every pager the same
entries and prev/next links. These tests read what the parity test does not: the
default theme's numbered links, labels and titles, and the settings, errors and
caches around pagination.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import NOW, SITES, build_site, read_html, run_cli

SITE = SITES / "hugo-pagination"
HOST = "https://blog.example.org"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("pagination") / "site"
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning: every setting of the Hugo config is used
    return site / "public"


def page(public: Path, url: str) -> Path:
    return public / url.lstrip("/") / "index.html"


def cards(public: Path, url: str) -> list[str]:
    return [a.attrs["href"] for a in read_html(page(public, url)).select(".post-card-title a")]


def rel(public: Path, url: str, which: str) -> list[str]:
    return [
        a.attrs["href"]
        for a in read_html(page(public, url)).select("nav.pagination a")
        if a.attrs.get("rel") == which
    ]


def pager_urls(public: Path, list_url: str) -> list[str]:
    """The pagers of a list, by following rel=next from the list itself."""
    urls = [list_url]
    while nexts := rel(public, urls[-1], "next"):
        assert len(urls) < 50, "rel=next goes round in circles"
        urls.append(nexts[0])
    return urls


@pytest.mark.parametrize(
    ("list_url", "count"),
    [
        ("/", 7),  # 17 posts + 8 notes, the two mainSections
        ("/en/", 7),
        ("/posts/", 5),
        ("/en/notes/", 2),
        ("/tags/llm/", 3),  # 10 posts
        ("/en/series/llm-notes/", 2),  # 7 parts
        ("/tags/rare/", 1),
    ],
)
def test_pagers_follow_hugos_urls_and_split_the_list_in_fours(public: Path, list_url: str, count: int):
    urls = pager_urls(public, list_url)
    assert urls == [list_url] + [f"{list_url}page/{n}/" for n in range(2, count + 1)]
    assert not page(public, f"{list_url}page/{count + 1}/").exists()
    sizes = [len(cards(public, u)) for u in urls]
    assert all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4
    for before, after in zip(urls, urls[1:], strict=False):  # and back again
        assert rel(public, after, "prev") == [before]
    assert rel(public, list_url, "prev") == []


def test_pagers_show_the_whole_list_once_in_order(public: Path):
    """Newest first across all pagers: nothing repeated, nothing lost."""
    shown = [href for u in pager_urls(public, "/") for href in cards(public, u)]
    assert len(shown) == len(set(shown)) == 25
    assert shown[:4] == ["/notes/ssh-config/", "/notes/reading-list/", "/notes/rare/", "/notes/git-bisect/"]
    assert shown[-1] == "/posts/tokenizers/"  # the oldest post
    assert all(href.startswith(("/posts/", "/notes/")) for href in shown)  # not /about/


def test_page_one_redirects_to_the_list_in_every_language(public: Path):
    for list_url in ("/", "/en/", "/posts/", "/en/tags/", "/series/llm-notes/", "/tags/rare/"):
        html = page(public, f"{list_url}page/1/").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url={HOST}{list_url}">' in html
        assert f'<link rel="canonical" href="{HOST}{list_url}">' in html


def test_numbered_links_mark_the_current_pager(public: Path):
    links = read_html(page(public, "/page/3/")).select("nav.pagination ol a")
    assert [a.text for a in links] == ["1", "2", "3", "4", "5", "7"]  # 6 is two away: "…"
    assert [a.attrs["href"] for a in links][:3] == ["/", "/page/2/", "/page/3/"]
    assert [a.text for a in links if a.attrs.get("aria-current") == "page"] == ["3"]
    nav = read_html(page(public, "/page/3/")).select("nav.pagination")[0].text
    assert "…" in nav


def test_labels_and_titles_are_in_the_pagers_language(public: Path):
    zh = read_html(page(public, "/posts/page/2/"))
    assert zh.select("nav.pagination")[0].attrs["aria-label"] == "分页"
    assert [a.text for a in zh.select("nav.pagination a") if a.attrs.get("rel")] == ["← 上一页", "下一页 →"]
    assert zh.select("title")[0].text == "文章 – 第 2 页 · 工程笔记"
    en = read_html(page(public, "/en/posts/page/2/"))
    assert [a.text for a in en.select("nav.pagination a") if a.attrs.get("rel")] == [
        "← Previous page",
        "Next page →",
    ]
    assert en.select("title")[0].text == "Posts – Page 2 · Engineering Notes"
    assert read_html(page(public, "/en/posts/")).select("title")[0].text == "Posts · Engineering Notes"


def test_head_names_the_pager_and_its_neighbours(public: Path):
    head = {
        (link.attrs["rel"], link.attrs["href"])
        for link in read_html(page(public, "/en/page/2/")).select("head link")
        if link.attrs.get("rel") in ("canonical", "prev", "next")
    }
    assert head == {("canonical", f"{HOST}/en/page/2/"), ("prev", "/en/"), ("next", "/en/page/3/")}
    first = read_html(page(public, "/en/"))
    assert [x.attrs["href"] for x in first.select("head link") if x.attrs.get("rel") == "canonical"] == [
        f"{HOST}/en/"
    ]


def test_a_lists_introduction_is_on_its_first_pager_only(public: Path):
    intro = [d.text for d in read_html(page(public, "/posts/")).select("header div.content")]
    assert intro == ["较长的文章，按时间倒序。"]
    assert read_html(page(public, "/posts/page/2/")).select("div.content") == []
    home2 = read_html(page(public, "/page/2/"))
    assert [h.text for h in home2.select("h1")] == ["工程笔记 – 第 2 页"]  # no hero, still a heading


def test_a_series_keeps_its_reading_order_across_pagers(public: Path):
    """Oldest part first, and page 2 goes on counting from page 1's last part."""
    first, second = (read_html(page(public, u)) for u in ("/series/llm-notes/", "/series/llm-notes/page/2/"))
    assert [a.attrs["href"] for a in first.select(".post-card-title a")] == [
        "/posts/attention/",
        "/posts/rope/",
        "/posts/kv-cache/",
        "/posts/quantization/",
    ]
    assert [a.attrs["href"] for a in second.select(".post-card-title a")] == [
        "/posts/lora/",
        "/posts/rag/",
        "/posts/evaluation/",
    ]
    assert second.select("ol.series-list")[0].attrs["start"] == "5"
    assert [p.text for p in second.select("p.series-part")] == ["第 5 篇", "第 6 篇", "第 7 篇"]
    assert "7 篇文章" in second.select("p.count")[0].text  # the whole series, not this pager


def test_the_tags_page_is_split_in_term_name_order(public: Path):
    terms = [
        a.attrs["href"]
        for u in pager_urls(public, "/tags/")
        for a in read_html(page(public, u)).select("ul.term-cloud a")
    ]
    # by the term's name, as Hugo's .Data.Terms.Alphabetical: "rare" sorts as "rare",
    # though its _index.md titles it 冷门
    names = ["git", "gpu", "inference", "llm", "nlp", "rare", "search", "tools", "training", "web"]
    assert terms == [f"/tags/{t}/" for t in names]


def test_sitemap_and_feeds_list_pages_not_pagers(public: Path):
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{HOST}/posts/</loc>" in sitemap
    assert "/page/" not in sitemap  # Hugo's sitemap has no pagers either
    assert not list(public.rglob("page/*/index.xml"))  # nor feeds of their own
    home_feed = (public / "index.xml").read_text(encoding="utf-8")
    assert home_feed.count("<item>") == 25  # every post, as before pagination
    assert (public / "posts/index.xml").read_text(encoding="utf-8").count("<item>") == 17


def small_site(root: Path, config: str, posts: int = 5) -> Path:
    (root / "content/blog").mkdir(parents=True)
    (root / "sitegen.toml").write_text(
        'baseURL = "https://s.example/"\ntitle = "S"\n'
        '[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\ntitle = "S 中文"\n' + config,
        encoding="utf-8",
    )
    for n in range(1, posts + 1):
        for suffix in ("", ".zh"):
            (root / f"content/blog/p{n}{suffix}.md").write_text(
                f"---\ntitle: P{n}\ndate: 2026-01-{n:02d}\n---\nPost {n}.\n", encoding="utf-8"
            )
    return root


def test_a_sitegen_toml_site_sets_size_path_and_aliases_per_language(tmp_path: Path):
    site = small_site(
        tmp_path / "s",
        '[pagination]\npagerSize = 2\npath = "Seite"\ndisableAliases = true\n'
        "[languages.zh.pagination]\npagerSize = 3\ndisableAliases = false\n",
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    public = site / "public"
    assert pager_urls(public, "/blog/") == ["/blog/", "/blog/seite/2/", "/blog/seite/3/"]
    assert pager_urls(public, "/zh/blog/") == ["/zh/blog/", "/zh/blog/seite/2/"]  # 3 a pager
    assert not (public / "blog/seite/1").exists() and (public / "zh/blog/seite/1/index.html").is_file()


def test_the_old_root_keys_are_honoured_with_a_warning(tmp_path: Path):
    site = small_site(tmp_path / "s", "", posts=3)
    config = site / "sitegen.toml"
    config.write_text('paginate = 2\npaginatePath = "p"\n' + config.read_text(), encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "sitegen.toml:1:1: warning: paginate is Hugo's old name for pagination.pagerSize:"
        " sitegen honours it, Hugo 0.168 ignores it",
        "  hint: write [pagination] pagerSize = 2, which both read",
        "sitegen.toml:2:1: warning: paginatePath is Hugo's old name for pagination.path:"
        " sitegen honours it, Hugo 0.168 ignores it",
        '  hint: write [pagination] path = "p", which both read',
    ]
    assert (site / "public/blog/p/2/index.html").is_file()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("pagerSize = 0", "sitegen.toml:9:1: pagination.pagerSize must be at least 1, not 0"),
        ('pagerSize = "4"', "sitegen.toml:9:1: pagination.pagerSize must be an integer, not '4'"),
        (
            'path = "../up"',
            "sitegen.toml:9:1: pagination.path must be a folder name inside each list page, not '../up'",
        ),
        (
            'disableAliases = "yes"',
            "sitegen.toml:9:1: pagination.disableAliases must be true or false, not 'yes'",
        ),
    ],
)
def test_a_bad_pagination_setting_is_an_error_at_its_line(tmp_path: Path, setting: str, message: str):
    site = small_site(tmp_path / "s", f"[pagination]\n{setting}\n", posts=1)
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message
    assert "Traceback" not in result.stderr and not (site / "public").exists()


def test_a_post_where_a_pager_goes_is_an_error_at_the_post(tmp_path: Path):
    site = small_site(tmp_path / "s", "[pagination]\npagerSize = 2\n")
    (site / "content/blog/page").mkdir()
    (site / "content/blog/page/2.md").write_text("---\ntitle: Two\n---\nx\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/blog/page/2.md: this page's URL /blog/page/2/ is page 2 of the section page /blog/",
        "  hint: give the page a different slug or url",
    ]


def test_check_knows_the_pagers(tmp_path: Path):
    site = small_site(tmp_path / "s", "[pagination]\npagerSize = 2\n")
    (site / "content/about.md").write_text(
        "---\ntitle: About\n---\n[older posts](/blog/page/3/), [too far](/blog/page/4/)\n", encoding="utf-8"
    )
    result = run_cli("check", cwd=site)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if "link to" in line]
    assert problems == [
        "content/about.md:4:41: error: link to /blog/page/4/ points at nothing this site builds"
    ]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_new_post_shifts_every_pager_and_a_warm_build_equals_a_clean_one(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    out = tmp_path / "public"
    build_site(site, out)
    before = tree(out)
    (site / "content/posts/newest.md").write_text(
        '---\ntitle: "最新的一篇"\ndate: 2026-05-30\ntags: [llm]\n---\n新文章。\n', encoding="utf-8"
    )
    build_site(site, out)
    after = tree(out)
    assert cards(out, "/")[0] == "/posts/newest/"
    for pager in ("page/2/index.html", "page/7/index.html", "tags/llm/page/3/index.html"):
        assert after[pager] != before[pager], f"{pager} must shift by one post"
    assert "page/8/index.html" not in after  # 26 posts: still seven pagers
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert after == tree(clean)


def test_serve_one_post_update_renders_its_pager_as_a_full_build(tmp_path: Path, monkeypatch):
    from sitegen.config import load_config
    from sitegen.make import make_site
    from sitegen.serve.incremental import finish_update, update_post

    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    made = make_site(load_config(site), cache=False)
    post = (site / "content/notes/tmux.md").resolve()  # on the home's pager 2
    post.write_text(post.read_text(encoding="utf-8").replace("配置。", "配置，改过了。"), encoding="utf-8")
    update = update_post(made, post)
    assert update is not None
    files = {f.path: f.data for f in finish_update(update).files}
    assert "改过了" in files["page/2/index.html"].decode()
    fresh = {f.path: f.data for f in make_site(load_config(site), cache=False).files}
    assert files == fresh


def test_a_list_of_many_pagers_shows_a_short_bar(tmp_path: Path):
    site = small_site(tmp_path / "s", "[pagination]\npagerSize = 1\n", posts=30)
    assert run_cli("build", cwd=site).returncode == 0
    links = read_html(page(site / "public", "/blog/page/15/")).select("nav.pagination ol a")
    assert [a.text for a in links] == ["1", "13", "14", "15", "16", "17", "30"]
    assert re.search(
        r"<title>Blog – Page 15 · S</title>", page(site / "public", "/blog/page/15/").read_text()
    )
