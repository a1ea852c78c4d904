"""Chinese text draws real glyphs, not empty boxes.

Screenshots of the Chinese pages are only worth looking at if the machine has
a CJK font (`.ci/run` installs Debian's Noto CJK): without one, Chromium draws
every Han character as the same empty box (the font's .notdef), and a layout
test passes over text no reader could read. Each character is drawn on a
canvas in the font the page gives it; distinct characters must give distinct
pictures, none of them the picture of a code point no font has.
"""

from __future__ import annotations

import pytest

from test_theme import public, site_url, visit  # noqa: F401  (fixtures: the bundled site, served)

GLYPHS_JS = r"""(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const style = getComputedStyle(element);
  const han = [...new Set(element.textContent.match(/\p{Script=Han}/gu) || [])].slice(0, 12);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = `${style.fontWeight} 40px ${style.fontFamily}`;
    ctx.fillStyle = "#000";
    ctx.textBaseline = "top";
    ctx.fillText(ch, 8, 8);
    const alpha = ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    return {inked: alpha.filter(a => a > 0).length, key: alpha.join(",")};
  };
  const missing = draw("\u{10FFFD}");  // a private-use code point no font draws
  return {han, missing: missing.key, drawn: han.map(draw)};
}"""


@pytest.mark.parametrize("selector", ["h1", ".content p", ".site-title"])
def test_chinese_text_is_drawn_in_real_glyphs(visit, selector: str):  # noqa: F811
    v = visit("/zh/blog/kv-cache/")
    found = v.js(GLYPHS_JS, selector)
    assert found is not None, f"{selector} is not on the page"
    han, drawn = found["han"], found["drawn"]
    assert len(han) >= 3, f"{selector} has too few Chinese characters to judge: {han}"
    boxes = [ch for ch, d in zip(han, drawn, strict=True) if d["key"] == found["missing"] or d["inked"] == 0]
    assert not boxes, (
        f"{selector}: {''.join(boxes)} drawn as empty boxes: no CJK font (install fonts-noto-cjk)"
    )
    pictures = {d["key"] for d in drawn}
    assert len(pictures) == len(han), (
        f"{selector}: {len(han)} characters share {len(pictures)} pictures (boxes?)"
    )
