"""The default theme on the bundled site, in a real headless Chromium.

The bundled series is built once and served as static files on 127.0.0.1, the
way a static host would serve `public/`. Home, a post and a series page are
captured in both languages at a desktop and a phone width; the PNGs go to
tests/_screenshots/ (not committed) for a human to look at, and the tests
assert the layout facts a reader would notice when they break: sideways
scrolling on a phone, the table of contents, the series box, code blocks you
can copy, readable contrast in light and dark mode, and no request leaving
the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import build_site, wait_until

REPO = Path(__file__).parents[1]
SHOTS = Path(__file__).parent / "_screenshots"
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}
PAGES = {
    "home": "/",
    "post": "/blog/kv-cache/",
    "series": "/series/llm-engineering-notes/",
    "zh-home": "/zh/",
    "zh-post": "/zh/blog/kv-cache/",
    "zh-series": "/zh/series/llm-工程笔记/",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "public"
    build_site(REPO, out, cache=False)  # module-scoped: the per-test cache folder isn't set yet
    return out


@pytest.fixture(scope="module")
def site_url(public: Path, serve_folder) -> str:
    return serve_folder(public)


class Visit:
    """One page in one browser context, with every request and error it caused."""

    def __init__(self, browser, site_url: str, path: str, width: str, **context) -> None:
        w, h = WIDTHS[width]
        self.context = browser.new_context(viewport={"width": w, "height": h}, **context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        self.site_url = site_url
        self.go(path)

    def go(self, path: str) -> None:
        response = self.page.goto(self.site_url + quote(path), wait_until="networkidle")
        assert response is not None and response.status == 200, path

    def js(self, script: str, arg: object = None):
        return self.page.evaluate(script, arg)

    def scroll(self, how: Callable[[], object]) -> None:
        """Scroll the page with how(), and return once it has come to rest: the theme
        scrolls smoothly, so the scroll ends some frames later ('scrollend')."""
        self.js("() => { window.__scrolled = new Promise(r => addEventListener('scrollend', r)) }")
        how()
        self.js(
            """() => Promise.race([window.__scrolled, new Promise((_, fail) =>
                setTimeout(() => fail(new Error('the page did not finish scrolling in 10 s')), 10000))])"""
        )

    def visible(self, selector: str) -> bool:
        return self.page.locator(selector).first.is_visible()

    def box(self, selector: str) -> dict:
        found = self.page.locator(selector).first.bounding_box()
        assert found is not None, f"{selector} is not rendered"
        return found


@pytest.fixture
def visit(browser, site_url):
    opened: list[Visit] = []

    def opener(path: str, width: str = "desktop", **context) -> Visit:
        opened.append(Visit(browser, site_url, path, width, **context))
        return opened[-1]

    yield opener
    for v in opened:
        v.context.close()


def _no_sideways_scroll(v: Visit) -> None:
    # On failure, name the innermost elements that stick out, to find the culprit.
    wide = v.js("""() => {
        const limit = document.documentElement.clientWidth;
        const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement)
          if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
        const out = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > limit + 1 && !clipped(e));
        return out.filter(e => !out.some(o => o !== e && e.contains(o)))
          .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));
    }""")
    assert v.js("document.documentElement.scrollWidth") <= v.js("document.documentElement.clientWidth"), (
        f"{v.page.url} scrolls sideways; too wide: {wide}"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_offline_error_free_with_its_landmarks_on_screen(visit, name: str, width: str):
    v = visit(PAGES[name], width)
    SHOTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)

    _no_sideways_scroll(v)
    assert v.errors == []
    outside = [u for u in v.requests if not u.startswith(v.page.url.split("/", 3)[0] + "//127.0.0.1")]
    assert outside == [], "the page must render with no request leaving the machine"
    assert v.js("document.documentElement.lang") == ("zh-CN" if name.startswith("zh") else "en-US")
    for landmark in ("header.site-header", "main#main", "footer.site-footer", "nav.site-nav"):
        assert v.page.locator(landmark).count() == 1, landmark
    assert v.js("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    # The header must not wrap into a mess: title, nav and language switch all on screen.
    for part in (".site-title", ".site-nav", ".lang-switch"):
        b = v.box(part)
        assert b["x"] >= 0 and b["x"] + b["width"] <= WIDTHS[width][0], part


@pytest.mark.parametrize("width", WIDTHS)
def test_post_has_sidebar_toc_only_when_wide(visit, width: str):
    v = visit("/blog/kv-cache/", width)
    if width == "desktop":
        assert v.visible(".toc-sidebar") and not v.visible(".toc-inline")
        article, toc = v.box("article.post"), v.box(".toc-sidebar")
        assert toc["x"] >= article["x"] + article["width"], "the TOC sits right of the article"
        v.scroll(lambda: v.page.mouse.wheel(0, 3000))
        assert 0 <= v.box(".toc-sidebar")["y"] < 100, "the sidebar stays in view while reading"
        # The section being read is marked in the sidebar, and follows the reader.
        for index in (1, 3):
            heading = v.page.locator(".content h2[id]").nth(index)
            v.scroll(
                lambda heading=heading: v.js(
                    "h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 20)",
                    heading.element_handle(),
                )
            )
            current = v.page.locator(".toc-sidebar a[aria-current]")
            title = heading.text_content()
            wait_until(  # marked on the next frame after the scroll
                lambda current=current, title=title: current.count() == 1 and current.text_content() == title,
                5,
                f"the sidebar to mark {title!r} as current",
            )
    else:
        assert v.visible(".toc-inline") and not v.visible(".toc-sidebar")
        assert v.box("article.post")["width"] <= WIDTHS["mobile"][0]


@pytest.mark.parametrize(
    ("path", "part", "prev", "copy", "copied"),
    [
        ("/blog/kv-cache/", "Part 3 of 8", "Previous", "Copy", "Copied"),
        ("/zh/blog/kv-cache/", "第 3 篇，共 8 篇", "上一篇", "复制", "已复制"),
    ],
)
def test_post_series_box_links_its_neighbours_and_code_copies_to_the_clipboard(
    visit, path, part, prev, copy, copied
):
    v = visit(path, permissions=["clipboard-read", "clipboard-write"])
    assert v.page.locator(".series-box .series-part").text_content() == part
    assert v.page.locator(".series-box li[aria-current=page]").count() == 1
    assert prev in v.page.locator(".series-nav .prev").inner_text()

    block = v.page.locator(".content .highlight").first
    label = block.evaluate("b => getComputedStyle(b, '::before').content")
    assert label.strip('"') == block.get_attribute("data-lang") == "python"
    button = block.locator("button.copy")
    assert (
        v.page.locator(".content .highlight button.copy").count()
        == v.page.locator(".content .highlight").count()
    ), "every code block gets a button"
    assert button.is_visible() and button.inner_text() == copy
    code = block.locator("pre").inner_text()
    # The button must not cover the first line of code.
    top_of_code = block.locator("pre").bounding_box()["y"]
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= top_of_code + 1
    button.click()
    assert v.js("navigator.clipboard.readText()") == code
    assert button.inner_text() == copied
    wait_until(lambda: button.inner_text() == copy, 5, "the label to return after a moment")


# WCAG 2 contrast ratio between an element's text colour and the first
# opaque background behind it.
CONTRAST_JS = """sel => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lin = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const bg = e => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!c.endsWith(', 0)') && c !== 'transparent') return rgb(c);
    }
    return [255, 255, 255];
  };
  const e = document.querySelector(sel);
  if (!e) return null;
  const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(bg(e))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(visit, scheme: str):
    v = visit("/blog/kv-cache/", color_scheme=scheme)
    background = v.js("getComputedStyle(document.body).backgroundColor")
    dark_bg = sum(map(int, background[4:-1].split(", "))) < 150
    assert dark_bg == (scheme == "dark"), background
    for selector in (
        "main p",
        ".post-meta",
        ".content a",
        ".series-box a",
        ".tags a",
        ".site-nav a",
        ".content .highlight .n",
        ".content .highlight .k",
        ".content .highlight .c1",
        ".lead",
        "th",
        ".site-footer p",
    ):
        ratio = v.js(CONTRAST_JS, selector)
        assert ratio is not None, f"{selector} is not on the page"
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} < 4.5 in {scheme} mode"


def test_code_colours_follow_the_colour_scheme(visit):
    colours = {}
    for scheme in ("light", "dark"):
        v = visit("/blog/kv-cache/", color_scheme=scheme)
        colours[scheme] = v.js("getComputedStyle(document.querySelector('.content .highlight .k')).color")
    assert colours["light"] != colours["dark"]


def test_mermaid_diagram_renders_from_the_bundled_script(visit):
    v = visit("/blog/rag/")
    v.page.wait_for_selector("pre.mermaid svg", timeout=10_000)
    assert v.box("pre.mermaid svg")["height"] > 50
    assert all("127.0.0.1" in u for u in v.requests)


def test_no_page_scrolls_sideways_on_a_phone(visit, public: Path):
    """Every page of the bundled site, not just the screenshot set: long tables,
    code and formulas scroll inside their own box."""
    pages = sorted(
        p.relative_to(public).parent.as_posix()
        for p in public.rglob("index.html")
        if 'http-equiv="refresh"' not in p.read_text()
    )  # redirects have no layout
    assert len(pages) > 40
    v = visit("/", "mobile")
    for rel in pages:
        v.go("/" if rel == "." else f"/{rel}/")
        _no_sideways_scroll(v)
    assert v.errors == []
