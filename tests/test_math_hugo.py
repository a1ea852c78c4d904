"""The same formulas as Hugo: tests/sites/hugo-math/ is built with the real hugo,
whose render hook typesets each passthrough formula with Hugo's own KaTeX
(`transform.ToMath`, MathML output), and with sitegen. Every page must have the
same formulas, in the same order, with the same TeX and the same display mode,
and the dollars in its prose must stay dollars on both sides.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from test_hugo_parity import SITES, build_with_hugo, build_with_sitegen

PAGES = ["posts/attention/", "en/posts/attention/", "posts/quantization/", "en/posts/quantization/"]
_MATH = re.compile(r"<math\b([^>]*)>.*?</math>", re.S)
_TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def formulas(page: str) -> list[tuple[str, bool]]:
    """(TeX, display) of each formula, as its annotation says."""
    found = []
    for m in _MATH.finditer(page):
        [tex] = _TEX.findall(m.group(0))
        found.append((" ".join(html.unescape(tex).split()), 'display="block"' in m.group(1)))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    hugo, _ = build_with_hugo(SITES / "hugo-math", tmp_path_factory.mktemp("hugo"))
    ours = build_with_sitegen("hugo-math", tmp_path_factory.mktemp("sitegen"))
    return hugo / "public", ours / "public"


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_hugos_formulas_in_order(built: tuple[Path, Path], path: str):
    hugo, ours = (folder / path / "index.html" for folder in built)
    theirs, mine = formulas(hugo.read_text(encoding="utf-8")), formulas(ours.read_text(encoding="utf-8"))
    assert len(theirs) >= 7, theirs  # the hook really ran KaTeX
    assert mine == theirs


def test_prices_stay_prices_on_both_sides(built: tuple[Path, Path]):
    for folder in built:
        zh = (folder / "posts/quantization/index.html").read_text(encoding="utf-8")
        en = (folder / "en/posts/quantization/index.html").read_text(encoding="utf-8")
        assert "一块显卡卖 $2000，一次推理的电费不到 $0.01" in zh
        assert "A GPU costs $2000 and one request" in en and "electricity less than $0.01" in en
