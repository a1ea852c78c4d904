"""KaTeX 0.16.47 (tests/fixtures/math/katex/) as the reference MathML, run in the
tests' headless Chromium: one page, one evaluate over a whole list of formulas."""

from __future__ import annotations

from typing import Any

from math_corpus import MATH

KATEX = MATH / "katex"

_RENDER_ALL = """items => items.map(([tex, display]) => {
  try {
    return {html: katex.renderToString(tex, {output: "mathml", displayMode: display, throwOnError: true})};
  } catch (e) {
    return {error: String(e.message)};
  }
})"""


def open_katex(browser: Any) -> Any:
    """A blank page with KaTeX and its mhchem extension loaded."""
    page = browser.new_page()
    page.set_content("<!doctype html><title>KaTeX</title>")
    page.add_script_tag(path=str(KATEX / "katex.min.js"))
    page.add_script_tag(path=str(KATEX / "mhchem.min.js"))
    assert page.evaluate("katex.version") == "0.16.47"
    return page


def render_all(page: Any, items: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """KaTeX's MathML ({"html": …}) or its error ({"error": …}) for each (tex, display)."""
    return page.evaluate(_RENDER_ALL, [list(item) for item in items])
