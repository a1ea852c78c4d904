"""The series box and list summaries of the default theme, in headless Chromium
(tests/sites/comfort): what a reader sees at a phone and a desktop width."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site

SITE = Path(__file__).parent / "sites" / "comfort"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve_folder) -> str:
    out = tmp_path_factory.mktemp("comfort") / "public"
    build_site(SITE, out, cache=False)
    return serve_folder(out)


def _open(browser, url: str, width: int, **context):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = ctx.new_page()
    page.goto(url)
    return ctx, page


@pytest.mark.parametrize("javascript", [True, False])
def test_series_box_is_folded_to_part_n_of_m_on_a_phone(browser, site_url, javascript: bool):
    ctx, page = _open(browser, site_url + "/blog/beta/", 390, java_script_enabled=javascript)
    assert page.locator(".series-box .series-part").text_content() == "Part 2 of 3"
    parts = page.locator(".series-box .series-parts")
    summary = page.locator(".series-box summary")
    assert not parts.is_visible()
    assert summary.is_visible() and summary.inner_text() == "All 3 parts"
    summary.click()
    assert parts.is_visible()
    assert page.locator(".series-box li").all_inner_texts() == ["Alpha", "Beta", "Epsilon"]
    ctx.close()


def test_series_box_shows_its_parts_on_a_wide_screen(browser, site_url):
    ctx, page = _open(browser, site_url + "/blog/beta/", 1200)
    assert page.locator(".series-box .series-parts").is_visible()
    assert not page.locator(".series-box summary").is_visible()
    assert page.locator(".series-box a", has_text="Epsilon").is_visible()
    ctx.close()


def test_list_summaries_are_smaller_than_card_titles(browser, site_url):
    ctx, page = _open(browser, site_url + "/blog/", 1200)
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    title = page.locator(".post-card-title").first.evaluate(size)
    summary = page.locator(".post-card .summary").first.evaluate(size)
    body = page.locator("main").evaluate(size)
    assert summary < body < title
    ctx.close()
