"""Images in a real headless Chromium: the browser picks a smaller copy on a phone, and
nothing moves while the photos arrive (CLS 0), because every image has its size.

A control page with the same photo and no width/height proves the shift
measurement does see shifts, so a green result is not an empty one."""

from __future__ import annotations

import pytest

from conftest import build_site
from image_site import make_images_site

OBSERVE = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({type: "layout-shift", buffered: true});
"""
SETTLED = "() => [...document.images].every(i => i.complete)"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve_folder) -> str:
    root = tmp_path_factory.mktemp("images-browser")
    out = root / "public"
    build_site(make_images_site(root), out, cache=False)
    # the control: the built post with its images' sizes taken out
    html = (out / "blog/alps/index.html").read_text()
    for size in ('width="2400" height="1600"', 'width="1000" height="750"'):
        html = html.replace(f" {size}", "")
    (out / "blog/alps/unsized.html").write_text(html)
    return serve_folder(out)


def visit(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    page.asked = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.asked.append(r.url.rsplit("/", 1)[-1]))  # type: ignore[attr-defined]
    page.add_init_script(OBSERVE)
    slow = lambda route: (page.wait_for_timeout(150), route.continue_())  # noqa: E731 - photos arrive late
    page.route("**/*.{jpg,png,webp}", slow)
    page.goto(url, wait_until="load")
    page.mouse.wheel(0, 20000)  # bring the lazy images in, as a reader scrolling down would
    page.wait_for_function(SETTLED, timeout=15000)
    page.wait_for_timeout(300)  # the observer reports shifts a frame later
    return context, page


def test_a_phone_gets_a_small_copy_and_a_desktop_a_larger_one(browser, site_url: str):
    chosen = {}
    for name, (w, h) in {"phone": (390, 844), "desktop": (1280, 900)}.items():
        context, page = visit(browser, f"{site_url}/blog/alps/", w, h)
        try:
            ridge = page.locator("img[src$='ridge.jpg']")
            assert ridge.get_attribute("width") == "2400" and ridge.get_attribute("height") == "1600"
            chosen[name] = ridge.evaluate("i => i.currentSrc")
            asked = [n for n in page.asked if n.startswith("ridge")]
            assert asked == [chosen[name].rsplit("/", 1)[-1]], "only the chosen copy is downloaded"
            shown = ridge.evaluate("i => i.getBoundingClientRect().width / i.getBoundingClientRect().height")
            assert abs(shown - 1.5) < 0.01, "shown at its own proportions"
        finally:
            context.close()
    # 390 px wide at one device pixel per CSS pixel: the 480 px copy; the 42rem column: 800
    assert chosen == {
        "phone": f"{site_url}/blog/alps/ridge-480w.webp",
        "desktop": f"{site_url}/blog/alps/ridge-800w.webp",
    }


def test_nothing_shifts_while_the_photos_load(browser, site_url: str):
    for w, h in ((390, 844), (1280, 900)):
        context, page = visit(browser, f"{site_url}/blog/alps/", w, h)
        try:
            assert page.evaluate("window.__shift") == 0
        finally:
            context.close()


def test_the_shift_measurement_sees_images_without_sizes(browser, site_url: str):
    context, page = visit(browser, f"{site_url}/blog/alps/unsized.html", 390, 844)
    try:
        assert page.evaluate("window.__shift") > 0.05
    finally:
        context.close()
