"""The dark-mode toggle of the default theme, in headless Chromium (tests/sites/comfort).

It follows the OS until the reader chooses, remembers the choice across a reload,
applies a stored choice before the page paints (the head script, not the one at the
end of the body), and with scripts off the page still follows the OS.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site

SITE = Path(__file__).parent / "sites" / "comfort"
POST = "/blog/gamma/"

# Runs before any of the page's scripts: remembers whether <html> already carried the
# stored theme when <body> was first parsed, i.e. before anything could be painted.
WATCH_FIRST_BODY = """
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__themeAtBody = document.documentElement.dataset.theme || "";
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve_folder) -> str:
    out = tmp_path_factory.mktemp("comfort") / "public"
    build_site(SITE, out, cache=False)
    return serve_folder(out)


def _is_dark(page) -> bool:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return sum(map(int, rgb[rgb.index("(") + 1 : -1].split(", ")[:3])) < 150


def _code_colour(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('.highlight .k')).color")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_os_until_the_reader_chooses(browser, site_url, scheme: str):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + POST)
    button = page.locator(".theme-toggle")
    assert button.is_visible()
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert _is_dark(page) == (scheme == "dark")
    assert button.get_attribute("aria-pressed") == str(scheme == "dark").lower()
    assert button.get_attribute("aria-label") == "Dark mode"
    context.close()


def test_the_choice_persists_across_a_reload_and_applies_before_first_paint(browser, site_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url + POST)
    light_code = _code_colour(page)
    page.click(".theme-toggle")
    assert _is_dark(page)
    assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
    assert _code_colour(page) != light_code  # syntax.css follows the choice too
    assert page.evaluate("localStorage.getItem('sitegen-theme')") == "dark"

    # Reload with the button's script blocked: only the head script can make it dark.
    context.add_init_script(WATCH_FIRST_BODY)
    page.route("**/js/theme.js", lambda route: route.abort())
    page.reload()
    assert page.evaluate("window.__themeAtBody") == "dark"
    assert _is_dark(page)
    context.close()


def test_choosing_light_on_a_dark_os_wins_over_the_os(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + POST)
    dark_code = _code_colour(page)
    page.click(".theme-toggle")
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert not _is_dark(page)
    assert _code_colour(page) != dark_code
    assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "false"
    context.close()


def test_with_scripts_off_the_button_is_hidden_and_the_os_rules(browser, site_url):
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + POST)
    assert not page.locator(".theme-toggle").is_visible()
    assert _is_dark(page)
    context.close()


def test_the_zh_button_is_labelled_in_chinese(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/zh/blog/alpha/")
    assert page.locator(".theme-toggle").get_attribute("aria-label") == "深色模式"
    context.close()
