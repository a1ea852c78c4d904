"""End-to-end: drafts, future posts, series order, page bundles, aliases, slugs, permalinks,
reproducible output and failed builds, on a single-language site."""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import SITES, build_site, read_html, run_cli

SITE = SITES / "drafts-future-bundles"
BASE = "https://blog.example.net"
BUNDLE = SITE / "content" / "blog" / "with-image"

# The "Four Parts" series in series_order; file names sort a, b, c, d = 3, 1, 4, 2.
FOUR_PARTS = [
    ("/notes/b-first/", "Part One: Planning"),
    ("/notes/part-two/", "Part Two: Buying Wood"),  # d-second.md, with a slug
    ("/notes/a-third/", "Part Three: Measuring"),
    ("/notes/c-fourth/", "Part Four: Finishing"),
]


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model") / "public"
    build_site(SITE, out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (relative posix path -> bytes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def file_for(public: Path, url: str) -> Path:
    return public / unquote(url).lstrip("/") / "index.html"


def card_links(page, within: str = "") -> list[str]:
    return [a.attrs["href"] for a in page.select(f"{within} .post-card-title a".strip())]


# --- drafts and future posts -------------------------------------------------------------


def test_drafts_and_future_posts_are_left_out_by_default(public):
    assert not (public / "notes" / "draft-idea").exists()
    assert not (public / "notes" / "future-plan").exists()
    listed = card_links(read_html(public / "notes" / "index.html"))
    assert "/notes/b-first/" in listed
    assert not any("draft-idea" in u or "future-plan" in u for u in listed)
    home = card_links(read_html(public / "index.html"), "section.recent")
    assert not any("draft-idea" in u or "future-plan" in u for u in home)
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "draft-idea" not in sitemap and "future-plan" not in sitemap


def test_cli_drafts_flag_adds_drafts_but_not_future_posts(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", "-s", SITE, "-d", out, "-D")
    assert proc.returncode == 0, proc.stderr
    page = read_html(out / "notes" / "draft-idea" / "index.html")
    assert page.select("h1")[0].text == "Half-Baked Idea"
    assert "/notes/draft-idea/" in card_links(read_html(out / "notes" / "index.html"))
    assert not (out / "notes" / "future-plan").exists()


def test_cli_future_flag_adds_future_posts_but_not_drafts(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", "-s", SITE, "-d", out, "-F")
    assert proc.returncode == 0, proc.stderr
    page = read_html(out / "notes" / "future-plan" / "index.html")
    assert page.select("h1")[0].text == "Plans for Winter"
    assert not (out / "notes" / "draft-idea").exists()


def test_future_is_measured_against_source_date_epoch(tmp_path):
    out = tmp_path / "out"
    after_christmas = "1798761600"  # 2027-01-01T00:00:00Z, after the post's 2026-12-24
    proc = run_cli("build", "-s", SITE, "-d", out, env={"SOURCE_DATE_EPOCH": after_christmas})
    assert proc.returncode == 0, proc.stderr
    assert (out / "notes" / "future-plan" / "index.html").is_file()


# --- series ------------------------------------------------------------------------------


def test_series_page_lists_posts_in_series_order_not_file_order(public):
    page = read_html(public / "series" / "four-parts" / "index.html")
    assert card_links(page, "ol.series-list") == [url for url, _ in FOUR_PARTS]
    assert [p.text for p in page.select("ol.series-list p.series-part")] == [
        "Part 1",
        "Part 2",
        "Part 3",
        "Part 4",
    ]


def test_equal_series_order_is_broken_by_date_oldest_first(public):
    # e-tie-late.md sorts first by file name and by title, but f-tie-early.md is older
    page = read_html(public / "series" / "tie-series" / "index.html")
    assert card_links(page, "ol.series-list") == ["/notes/f-tie-early/", "/notes/e-tie-late/"]
    early = read_html(public / "notes" / "f-tie-early" / "index.html")
    assert "Part 1 of 2" in early.select("aside.series-box p.series-heading")[0].text


@pytest.mark.parametrize("index", range(len(FOUR_PARTS)))
def test_series_box_marks_the_current_part_and_links_neighbours(public, index):
    url, title = FOUR_PARTS[index]
    page = read_html(file_for(public, url))
    [box] = page.select("aside.series-box")
    heading = page.select("aside.series-box p.series-heading")[0].text
    assert f"Part {index + 1} of 4" in heading
    assert [a.attrs["href"] for a in page.select("p.series-heading a")] == ["/series/four-parts/"]
    current = page.select("ol.series-parts li.current")
    assert [li.text for li in current] == [title]
    assert current[0].attrs.get("aria-current") == "page"
    items = page.select("ol.series-parts li")
    assert [li.text for li in items] == [t for _, t in FOUR_PARTS]
    others = [u for i, (u, _) in enumerate(FOUR_PARTS) if i != index]
    assert [a.attrs["href"] for a in page.select("ol.series-parts a")] == others

    prev = [a.attrs["href"] for a in page.select("nav.series-nav a.prev")]
    nxt = [a.attrs["href"] for a in page.select("nav.series-nav a.next")]
    assert prev == ([FOUR_PARTS[index - 1][0]] if index > 0 else [])
    assert nxt == ([FOUR_PARTS[index + 1][0]] if index < len(FOUR_PARTS) - 1 else [])
    assert all(a.attrs.get("rel") == "prev" for a in page.select("nav.series-nav a.prev"))


# --- bundles, aliases, slugs, permalinks -------------------------------------------------


def test_bundle_resources_are_copied_next_to_the_page(public):
    page_dir = public / "2025" / "with-image"
    assert (page_dir / "index.html").is_file()
    assert (page_dir / "pixel.png").read_bytes() == (BUNDLE / "pixel.png").read_bytes()
    assert (page_dir / "img" / "diagram.svg").read_bytes() == (BUNDLE / "img" / "diagram.svg").read_bytes()
    assert not (page_dir / "index.md").exists()
    assert not (public / "blog" / "with-image").exists()
    srcs = [img.attrs["src"] for img in read_html(page_dir / "index.html").select("div.content img")]
    # written as pixel.png and img/diagram.svg; Hugo's embedded image hook makes them the
    # page resources' URLs, as sitegen does
    assert srcs == ["/2025/with-image/pixel.png", "/2025/with-image/img/diagram.svg"]
    for src in srcs:  # they reach the copied files
        assert (public / src.lstrip("/")).is_file()


def test_bundle_images_resolve_on_every_page_that_shows_them(public):
    # list pages show the bundle's summary too; its images must not break there
    broken = []
    for html_file in sorted(public.rglob("*.html")):
        page_url = BASE + "/" + html_file.relative_to(public).as_posix()
        for img in read_html(html_file).select("img"):
            parts = urlsplit(urljoin(page_url, img.attrs.get("src", "")))
            if f"{parts.scheme}://{parts.netloc}" != BASE:
                continue
            if not (public / unquote(parts.path).lstrip("/")).is_file():
                broken.append(f"{html_file.relative_to(public)}: {img.attrs.get('src')}")
    assert not broken, broken


def test_alias_writes_a_redirect_page_to_the_permalink(public):
    alias = public / "old" / "first-part" / "index.html"
    page = read_html(alias)
    target = f"{BASE}/notes/b-first/"
    refresh = [
        m.attrs["content"] for m in page.select("meta") if m.attrs.get("http-equiv", "").lower() == "refresh"
    ]
    assert refresh == [f"0; url={target}"]
    assert [link.attrs["href"] for link in page.select("link") if link.attrs.get("rel") == "canonical"] == [
        target
    ]
    assert (public / "notes" / "b-first" / "index.html").is_file()


def test_slug_and_permalink_pattern_make_the_urls(public):
    # blog = "/:year/:slug/": front-matter slug, else the title's slug
    assert (public / "2025" / "custom-slug" / "index.html").is_file()
    assert (public / "2025" / "with-image" / "index.html").is_file()
    assert not (public / "blog" / "renamed").exists()
    assert not (public / "2025" / "renamed").exists()
    # sections without a pattern keep /section/name/, with the slug replacing the name
    assert (public / "notes" / "part-two" / "index.html").is_file()
    assert not (public / "notes" / "d-second").exists()
    page = read_html(public / "2025" / "custom-slug" / "index.html")
    assert [
        link.attrs["href"] for link in page.select("head link") if link.attrs.get("rel") == "canonical"
    ] == [f"{BASE}/2025/custom-slug/"]
    assert sorted(card_links(read_html(public / "blog" / "index.html"))) == [
        "/2025/custom-slug/",
        "/2025/with-image/",
    ]


# --- reproducible and safe output ---------------------------------------------------------


def test_two_clean_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one" / "public", tmp_path / "two" / "public"
    build_site(SITE, first, build_drafts=True, build_future=True)
    build_site(SITE, second, build_drafts=True, build_future=True)
    a, b = snapshot(first), snapshot(second)
    assert len(a) > 20
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_rebuilding_over_previous_output_gives_the_same_bytes(tmp_path, public):
    out = tmp_path / "public"
    build_site(SITE, out)
    (out / "stale.html").write_text("left over", encoding="utf-8")
    build_site(SITE, out)
    assert snapshot(out) == snapshot(public)


def test_output_folder_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    out = tmp_path / "public"
    build_site(SITE, out)
    reference = tmp_path / "made-by-mkdir"
    reference.mkdir()
    assert oct(out.stat().st_mode & 0o777) == oct(reference.stat().st_mode & 0o777)
    assert oct((out / "notes").stat().st_mode & 0o777) == oct(reference.stat().st_mode & 0o777)


@pytest.fixture
def site_copy(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    return site


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".public."))


def test_failed_build_keeps_previous_output_and_leaves_no_temp_folder(site_copy):
    first = run_cli("build", "-s", site_copy)
    assert first.returncode == 0, first.stderr
    public = site_copy / "public"
    before = snapshot(public)
    assert "notes/b-first/index.html" in before

    post = site_copy / "content" / "notes" / "b-first.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("series_order: 1", "series_order: [1"), encoding="utf-8"
    )
    failed = run_cli("build", "-s", site_copy)
    assert failed.returncode == 1
    assert re.search(r"b-first\.md:\d+:\d+: .*YAML", failed.stderr), failed.stderr
    assert "Traceback" not in failed.stderr
    assert failed.stdout == f"Build failed; the previous output in {public}/ was kept as it was\n"
    assert snapshot(public) == before
    assert leftovers(site_copy) == []


def test_build_failing_while_writing_keeps_previous_output_and_leaves_no_temp_folder(site_copy):
    first = run_cli("build", "-s", site_copy)
    assert first.returncode == 0, first.stderr
    public = site_copy / "public"
    before = snapshot(public)
    # a bundle file that cannot be copied: fails in the output stage, after rendering
    (site_copy / "content" / "blog" / "with-image" / "gone.png").symlink_to(site_copy / "no-such-file.png")
    failed = run_cli("build", "-s", site_copy)
    assert failed.returncode == 1
    assert snapshot(public) == before
    assert leftovers(site_copy) == []


def test_unreadable_bundle_file_is_reported_as_a_located_user_error(site_copy):
    (site_copy / "content" / "blog" / "with-image" / "gone.png").symlink_to(site_copy / "no-such-file.png")
    failed = run_cli("build", "-s", site_copy)
    assert failed.returncode == 1
    assert re.search(r"gone\.png(:\d+)*: ", failed.stderr), failed.stderr
    assert "internal error" not in failed.stderr


def test_cli_summary_counts_pages_per_language(tmp_path):
    proc = run_cli("build", "-s", SITE, "-d", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"pages: en 8\b", proc.stdout), proc.stdout
    both = run_cli("build", "-s", SITE, "-d", tmp_path / "all", "-D", "-F")
    assert re.search(r"pages: en 10\b", both.stdout), both.stdout
    bilingual = run_cli("build", "-s", SITES / "bilingual-suffix", "-d", tmp_path / "bi")
    assert re.search(r"pages: en 4, zh 3\b", bilingual.stdout), bilingual.stdout


def test_loose_content_files_keep_their_names_in_each_language(tmp_path):
    """A file in content/ that is not a page is copied as it is, under its language's
    prefix; one without an extension is a file too, not a folder with an index.html."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "content-dir", site)
    (site / "content/en/posts/LICENSE").write_text("CC BY 4.0\n", encoding="utf-8")
    (site / "content/zh/posts/data.csv").write_text("a,b\n", encoding="utf-8")
    build_site(site, tmp_path / "out")
    assert (tmp_path / "out/en/posts/LICENSE").read_text(encoding="utf-8") == "CC BY 4.0\n"
    assert (tmp_path / "out/zh/posts/data.csv").read_text(encoding="utf-8") == "a,b\n"
