"""Every Blowfish shortcode page of tests/sites/blowfish-shortcodes, in a real headless
Chromium, in both languages, light and dark, desktop and phone.

What a reader would notice: a request to another host before they asked for one (the
issue's promise: scripts self-hosted, videos and posts behind click-to-load facades),
a script error, a missing file, and sideways scrolling on a phone. The PNGs go to
tests/_screenshots/blowfish-*.png (not committed) for a human to look at.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import SITES, build_site
from test_theme import SHOTS, Visit

SITE = SITES / "blowfish-shortcodes"
POSTS = ["shortcodes", "hugo-builtins", "network", "hello", "sociallink"]
PAGES = [f"{lang}/posts/{post}/" for lang in ("", "/en") for post in POSTS]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve_folder) -> str:
    out = tmp_path_factory.mktemp("blowfish") / "public"
    build_site(SITE, out, cache=False)
    return serve_folder(out)


# Images the author linked from another host themselves (a carousel's `images="{https://…}"`)
# load as written, as a Markdown image would; sitegen must add no other request.
AUTHOR_URLS = {
    url
    for page in SITE.rglob("*.md")
    for url in re.findall(r"https://[^\s\"',}]+\.(?:jpg|png|webp|gif)", page.read_text(encoding="utf-8"))
}


def off_site(requests: list[str]) -> list[str]:
    """Requests to another host; the browser's own PDF viewer (chrome-extension:) is not one."""
    local = ("data", "blob", "chrome", "chrome-extension")
    return [
        u
        for u in requests
        if urlsplit(u).scheme not in local and urlsplit(u).hostname != "127.0.0.1" and u not in AUTHOR_URLS
    ]


def load_every_image(visit: Visit) -> None:
    visit.js("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager' })")
    visit.page.mouse.wheel(0, 20000)  # in-view scripts (typeit) start
    visit.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_machine_and_no_script_fails(browser, site_url: str, path: str):
    visit = Visit(browser, site_url, path, "desktop")
    try:
        load_every_image(visit)
        broken = visit.js(
            """() => [...document.images].filter(i => i.src.startsWith(location.origin)
                && !(i.complete && i.naturalWidth > 0)).map(i => i.src)"""
        )
        assert broken == [], path  # every image of the site's own shows
        assert off_site(visit.requests) == [], path
        # this machine has no network: an author's remote image fails to load, as it should
        offline = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"
        errors = [e for e in visit.errors if not (e == offline and AUTHOR_URLS & set(visit.requests))]
        assert errors == [], path
    finally:
        visit.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("path", ["/posts/shortcodes/", "/en/posts/shortcodes/", "/en/posts/hugo-builtins/"])
def test_shortcode_pages_fit_the_screen_in_light_and_dark(browser, site_url, path, width, scheme):
    visit = Visit(browser, site_url, path, width, color_scheme=scheme, reduced_motion="reduce")
    try:
        load_every_image(visit)  # a full-page capture doesn't scroll, so lazy ones never would
        overflow = visit.js("() => document.documentElement.scrollWidth - innerWidth")
        SHOTS.mkdir(exist_ok=True)
        name = "blowfish-" + (path.strip("/").replace("/", "-") or "home") + f"-{width}-{scheme}.png"
        visit.page.screenshot(path=str(SHOTS / name), full_page=True)
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width}"
        assert visit.errors == [], path
    finally:
        visit.context.close()
