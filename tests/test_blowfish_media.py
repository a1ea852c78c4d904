"""Media shortcodes: click-to-load facades (youtube, vimeo, youtubeLite, bilibili, leaflet),
Blowfish's image shortcodes, and article/list cards, built from tests/sites/blowfish-media."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SITES, Html, build_site, run_cli

SITE = SITES / "blowfish-media"
# attributes that make the browser fetch something as the page loads
_LOADING = {"img": "src", "iframe": "src", "script": "src", "object": "data", "source": "src", "embed": "src"}


def content(html: str) -> str:
    start = html.index('<div class="content"')
    return html[start : html.index("</article>", start)]


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("media") / "public"
    build_site(SITE, out)
    return out


def read(public: Path, page: str) -> str:
    return (public / page / "index.html").read_text(encoding="utf-8")


def facades(html: str) -> list[str]:
    return re.findall(r'<div class="facade[ "].*?\n</div>', html, re.DOTALL)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("make_files.py"))
    return copy


def build_error(site: Path, body: str, page: str = "") -> tuple[str, int]:
    """Build the site with body added to a page (by default the end of the page bundle's
    index.md, else a new page); return the error output (the build must fail) and the
    line the body starts at."""
    path = site / (page or "content/posts/media/index.md")
    if page:
        path.write_text(f"---\ntitle: X\ndate: 2026-01-01\n---\n\n{body}\n", encoding="utf-8")
        line = 6
    else:
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        line = text.count("\n") + 1
        path.write_text(text + body + "\n", encoding="utf-8")
    result = run_cli("build", "-q", cwd=site)
    assert result.returncode == 1, result.stderr
    return result.stderr, line


# ---- facades ----


def test_every_embed_is_a_facade_with_a_button_a_title_and_a_link(public: Path):
    html = content(read(public, "posts/media"))
    found = facades(html)
    assert len(found) == 7  # youtube x3, vimeo, youtubeLite, bilibili, leaflet
    for facade in found:
        src = re.search(r'data-src="([^"]+)"', facade)[1]
        assert urlsplit(src).scheme == "https"
        assert re.search(r'data-title="[^"]+"', facade)
        assert '<button type="button" class="facade-load">' in facade
        host = urlsplit(src.replace("&amp;", "&")).hostname
        assert f"从 {host} 加载" in facade  # the button says what loads and from where
        assert re.search(r'<a class="facade-link" href="https://[^"]+">', facade)
    assert "<iframe" not in html


def test_youtube_uses_the_no_cookie_host_and_hugos_arguments(public: Path):
    html = content(read(public, "posts/media"))
    first = facades(html)[0]
    assert 'data-src="https://www.youtube-nocookie.com/embed/0RKpf3rK57I?autoplay=1&amp;start=30"' in first
    assert 'data-title="一段演示视频"' in first
    assert 'href="https://www.youtube.com/watch?v=0RKpf3rK57I&amp;t=30s"' in first
    assert 'data-title="YouTube video"' in facades(html)[1]  # Hugo's default title
    assert "youtube.com/embed" not in html  # never the tracking host
    en = content(read(public, "en/posts/media"))
    assert "Load video from www.youtube-nocookie.com" in en and "Watch on YouTube" in en


def test_vimeo_asks_for_do_not_track(public: Path):
    html = content(read(public, "posts/media"))
    assert 'data-src="https://player.vimeo.com/video/55073825?dnt=1&amp;autoplay=1"' in html
    assert 'href="https://vimeo.com/55073825"' in html


def test_youtube_lite_and_bilibili_are_facades_too(public: Path):
    html = content(read(public, "posts/media"))
    assert "/embed/SgXhGb-7QbU?autoplay=1&amp;start=130" in html
    assert 'data-title="Blowfish 工具演示"' in html  # the label, not the id
    assert "player.bilibili.com/player.html?bvid=BV1GJ411x7h7&amp;page=2" in html
    assert 'href="https://www.bilibili.com/video/BV1GJ411x7h7/?p=2"' in html
    assert "lite-youtube" not in html and "ytimg" not in html


def test_leaflet_is_a_map_facade_linking_to_openstreetmap(public: Path):
    html = content(read(public, "posts/media"))
    (facade,) = [f for f in facades(html) if "facade-map" in f]
    assert "www.openstreetmap.org/export/embed.html?bbox=" in facade
    assert "marker=39.90420,116.40740" in facade
    assert (
        'href="https://www.openstreetmap.org/?mlat=39.90420&amp;mlon=116.40740#map=13/39.90420/116.40740"'
        in facade
    )
    assert "tile.openstreetmap.org" not in html and "leaflet.js" not in html


def test_only_the_authors_own_poster_is_shown_before_the_click(public: Path):
    html = content(read(public, "posts/media"))
    posters = re.findall(r'<img class="facade-poster" src="([^"]+)"', html)
    assert posters == ["/posts/media/poster.png"]


def test_nothing_on_a_facade_page_loads_from_another_host(public: Path):
    for page in ("posts/media", "en/posts/media"):
        doc = Html(read(public, page))
        for element in doc.elements:
            attr = _LOADING.get(element.tag)
            url = element.attrs.get(attr, "") if attr else ""
            assert not url.startswith(("http:", "https:", "//")), f"{page}: <{element.tag} {attr}={url}>"
            if element.tag == "link" and element.attrs.get("rel") not in ("canonical", "alternate"):
                assert not element.attrs.get("href", "").startswith(("http:", "https:", "//")), element.attrs


def test_facade_script_loads_only_where_a_facade_is(public: Path):
    assert '<script src="/js/facade.js"' in read(public, "posts/media")
    assert "facade.js" not in read(public, "posts/cards")
    assert "carousel.js" in read(public, "posts/media") and "carousel.js" not in read(public, "posts/cards")
    assert (public / "js" / "facade.js").is_file() and (public / "js" / "carousel.js").is_file()


def test_chromium_loads_nothing_off_site_until_the_button_is_pressed(public: Path, browser, serve_folder):
    base = serve_folder(public)
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # block everything off 127.0.0.1: the player's own request after the click may fail
    page.route(
        "**/*", lambda route: route.continue_() if "//127.0.0.1:" in route.request.url else route.abort()
    )
    page.goto(f"{base}/en/posts/media/", wait_until="load")
    page.wait_for_timeout(300)
    # chrome:// and chrome-extension:// are the browser's own PDF viewer, not the network
    web = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    off_site = [u for u in web if urlsplit(u).hostname != "127.0.0.1"]
    assert web and not off_site, off_site
    assert page.locator("iframe").count() == 0
    button = page.locator(".facade-load").first
    button.focus()
    page.keyboard.press("Enter")  # the keyboard works as a click does
    frame = page.locator("div.embed iframe")
    frame.wait_for(state="attached", timeout=5000)
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/0RKpf3rK57I?autoplay=1"
    assert frame.get_attribute("title") == "A demo video"
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert "encrypted-media" in (frame.get_attribute("allow") or "")
    assert page.locator(".facade").count() == 2  # the vimeo and map ones still wait
    page.close()


# ---- images ----


def test_blowfish_figure_resolves_bundle_and_static_images(public: Path):
    html = content(read(public, "posts/media"))
    assert (
        '<a href="https://example.org/red" target="_blank" class="inline-block">'
        '<img class="my-0 rounded-md" src="/posts/media/gallery/01.png" alt="红色"' in html
    )
    assert "<figcaption>一张 <strong>红色</strong> 图片</figcaption>" in html
    assert '<img class="my-0 rounded-md nozoom" src="/img/logo.png" alt="标志"' in html
    # default=true: Hugo's own figure, its caption in a <p>
    assert '<img src="/posts/media/gallery/02.png" alt="Hugo 风格"' in html
    assert "<figcaption><p>Hugo 的 figure</p>" in html
    en = content(read(public, "en/posts/media"))
    assert '<a href="/en/" target="_self" class="inline-block">' in en


def test_a_remote_figure_stays_a_plain_img(public: Path):
    html = content(read(public, "posts/remote"))
    assert '<img class="my-0 rounded-md" src="https://example.org/remote.png" alt="远程"' in html


def test_gallery_keeps_blowfish_grid_classes_and_resolves_sources(public: Path):
    html = content(read(public, "posts/media"))
    gallery = html[html.index('<div class="gallery">') :]
    gallery = gallery[: gallery.index("</div>")]
    assert re.findall(r'src="([^"]+)"', gallery) == [f"/posts/media/gallery/0{n}.png" for n in (1, 2, 3)]
    assert 'class="grid-w50 md:grid-w33 xl:grid-w25"' in gallery
    css = (public / "css" / "main.css").read_text(encoding="utf-8")
    for rule in (
        ".gallery > .grid-w10 {",
        ".gallery > .grid-w100 {",
        ".gallery > .grid-w33 { width: 33.3333%",
    ):
        assert rule in css
    assert ".gallery > .md\\:grid-w33" in css and ".gallery > .xl\\:grid-w25" in css


def test_gallery_keeps_only_image_attributes(site: Path, tmp_path: Path):
    page = site / "content/posts/media/index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n{{< gallery >}}\n<img src="gallery/01.png" onerror="alert(1)">\n{{< /gallery >}}\n',
        encoding="utf-8",
    )
    build_site(site, tmp_path / "out")
    html = (tmp_path / "out/posts/media/index.html").read_text(encoding="utf-8")
    assert "onerror" not in html and "alert(1)" not in html


def test_carousel_has_every_image_in_the_html_without_js(public: Path):
    html = content(read(public, "posts/media"))
    carousels = re.findall(r'<div class="carousel .*?\n</div>\n</div>', html, re.DOTALL)
    assert len(carousels) == 3  # two carousels and the slider
    first, listed, slider = carousels
    assert "carousel-21-9" in first and 'data-interval="2500"' in first
    assert re.findall(r'<img src="([^"]+)"', first) == [f"/posts/media/gallery/0{n}.png" for n in (1, 2, 3)]
    assert re.findall(r'<img src="([^"]+)"', listed) == [
        "/posts/media/gallery/03.png",
        "/posts/media/gallery/01.png",
    ]
    assert "carousel-16-9" in listed and 'data-interval="2000"' in listed
    assert len(re.findall("<img ", slider)) == 3 and 'data-interval="0"' in slider
    # controls wait for the script; the images need none
    assert all('<div class="carousel-controls" hidden>' in c for c in carousels)


def test_carousel_buttons_and_reduced_motion_in_chromium(public: Path, browser, serve_folder):
    base = serve_folder(public)
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(f"{base}/posts/media/", wait_until="load")
    carousel = page.locator(".carousel").first
    assert carousel.locator(".carousel-controls").is_visible()
    assert not carousel.locator(".carousel-pause").is_visible()  # no timer for reduced motion
    track = carousel.locator(".carousel-track")
    carousel.locator(".carousel-next").click()
    page.wait_for_function("document.querySelector('.carousel-track').scrollLeft > 0")
    assert track.evaluate("t => t.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # fits a phone
    context.close()


def test_screenshot_matches_a_bundle_file_by_part_of_its_name(public: Path):
    html = content(read(public, "posts/media"))
    assert '<figure class="screenshot">' in html
    assert '<img src="/posts/media/settings-screen.png" alt="设置页面"' in html


def test_embed_pdf_embeds_same_origin_with_a_download_link(public: Path):
    html = content(read(public, "posts/media"))
    assert (
        '<object class="embed-pdf-view" data="/posts/media/report.pdf#page=1" type="application/pdf"' in html
    )
    assert '<a href="/posts/media/report.pdf" download>下载 PDF</a>' in html
    assert "Download the PDF" in content(read(public, "en/posts/media"))


def test_load_photoswipe_prints_nothing(public: Path):
    html = read(public, "posts/media")
    assert "pswp" not in html and "photoswipe" not in html.lower()


def test_a_missing_image_is_a_located_error_with_a_did_you_mean(site: Path):
    err, line = build_error(site, 'Text.\n\n{{< figure src="gallery/01.jpg" href="/" >}}')
    where = f"content/posts/media/index.md:{line + 2}:1"
    assert f'{where}: image "gallery/01.jpg" is not in this page\'s bundle or in static/' in err
    assert 'did you mean "gallery/01.png"?' in err


def test_a_carousel_glob_matching_nothing_is_a_located_error(site: Path):
    err, line = build_error(site, '{{< carousel images="photos/*" >}}')
    assert f"content/posts/media/index.md:{line}:1:" in err and 'images "photos/*" matches no file' in err


def test_a_bad_video_id_is_a_located_error(site: Path):
    err, line = build_error(site, '{{< youtube "a b" >}}')
    assert f"content/posts/media/index.md:{line}:1: youtube id a b is not a YouTube video id" in err


def test_a_missing_gallery_image_is_a_located_error(site: Path):
    err, line = build_error(
        site, '{{< gallery >}}\n<img src="gallery/1.png" class="grid-w50">\n{{< /gallery >}}'
    )
    assert f"content/posts/media/index.md:{line}:1:" in err and 'did you mean "gallery/01.png"?' in err


# ---- article and list ----


def test_article_shows_the_target_pages_card(public: Path):
    html = content(read(public, "posts/cards"))
    assert (
        '<div class="article-cards"><a class="article-card" href="/posts/target/">'
        '<span class="article-card-title">目标文章</span>'
        '<span class="article-card-meta"><time datetime="2026-02-01">2026年2月1日</time></span>'
        '<span class="article-card-summary">被卡片引用的文章。</span></a></div>'
    ) in html
    assert '<div class="article-cards"></div>' in html  # a link to itself shows nothing
    en = content(read(public, "en/posts/cards"))
    assert (
        '<a class="article-card" href="/en/posts/target/"><span class="article-card-title">The target</span>'
        in en
    )
    assert "The page a card shows." not in en  # Blowfish shows summaries only with showSummary


def test_list_shows_recent_pages_newest_first_leaving_itself_out(public: Path):
    html = content(read(public, "posts/cards"))
    recent = html[html.index("最近的文章") :]
    recent = recent[: recent.index("</div>")]
    # limit=3 counts the page itself (Blowfish's rule): media, target, [cards]
    assert re.findall(r'href="([^"]+)"', recent) == ["/posts/media/", "/posts/target/"]
    grid = html[html.index('<h2 class="list-title">文章</h2>') :]
    assert '<div class="article-cards article-cards-grid">' in grid
    assert re.findall(r'href="([^"]+)"', grid) == [
        "/posts/media/",
        "/posts/target/",
        "/posts/older/",
        "/posts/remote/",
    ]
    assert '<h2 class="list-title">Recent</h2>' in content(read(public, "en/posts/cards"))


def test_an_article_link_to_no_page_is_a_located_error_with_a_did_you_mean(site: Path):
    err, _ = build_error(site, '{{< article link="/posts/targte/" >}}', page="content/posts/extra.md")
    assert 'content/posts/extra.md:6:1: article link "/posts/targte/" is not the URL of any page' in err
    assert 'did you mean "/posts/target/"?' in err
    err, _ = build_error(site, '{{< article link="target.md" >}}', page="content/posts/extra.md")
    assert 'link takes a page\'s URL: did you mean "/posts/target/"?' in err


def test_a_changed_target_title_changes_the_card_on_a_warm_build(site: Path, tmp_path: Path, monkeypatch):
    from sitegen import make

    out = tmp_path / "public"
    build_site(site, out)
    target = site / "content/posts/target.md"
    target.write_text(target.read_text(encoding="utf-8").replace("title: 目标文章", "title: 新标题"), "utf-8")
    rendered: list[str] = []
    real = make.render_document
    monkeypatch.setattr(
        make, "render_document", lambda r, key, **k: rendered.append(key.path) or real(r, key, **k)
    )
    build_site(site, out)
    html = (out / "posts/cards/index.html").read_text(encoding="utf-8")
    assert '<span class="article-card-title">新标题</span>' in html and "目标文章" not in content(html)
    assert "posts/cards" in rendered  # its card changed: rendered again
    assert "posts/older" not in rendered  # the cache still serves the rest
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert (clean / "posts/cards/index.html").read_bytes() == (out / "posts/cards/index.html").read_bytes()


def test_a_leaflet_argument_the_embedded_map_cannot_honour_is_a_located_warning(site: Path):
    page = site / "content/posts/media/index.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1
    page.write_text(
        text + '{{< leaflet mapCenterX="1" mapCenterY="2" tileBaseURL="https://tiles.example" >}}\n', "utf-8"
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert f"content/posts/media/index.md:{line}:1: warning: leaflet tileBaseURL is ignored" in result.stderr
    assert "tiles.example" not in (site / "public/posts/media/index.html").read_text(encoding="utf-8")


def test_serve_shows_the_new_card_after_the_target_page_is_retitled(site: Path):
    from test_serve import Server

    running = Server(site)
    try:
        assert "目标文章" in running.get("/posts/cards/")[2].decode("utf-8")
        target = "content/posts/target.md"
        text = (site / target).read_text(encoding="utf-8")
        running.settle(target, text.replace("正文。", "新的正文。"))  # a body edit: serve's fast path
        assert "目标文章" in running.get("/posts/cards/")[2].decode("utf-8")
        running.settle(target, text.replace("title: 目标文章", "title: 新标题"))  # front matter: a rebuild
        cards = running.get("/posts/cards/")[2].decode("utf-8")
        assert '<span class="article-card-title">新标题</span>' in cards and "目标文章" not in cards
    finally:
        running.stop()
