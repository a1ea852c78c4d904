"""The bundled series is the product's demo: what `sitegen build` on a fresh
checkout must show. These tests keep it honest as posts are edited: both
languages complete, every post using the features it exists to show off.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import build_site, read_html

REPO = Path(__file__).parents[1]
SERIES = {"en": "/series/llm-engineering-notes/", "zh": "/zh/series/llm-工程笔记/"}
PREFIX = {"en": "", "zh": "/zh"}
BASE = "https://example.org"  # baseURL in sitegen.toml


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "public"
    build_site(REPO, out, cache=False)
    return out


def posts(public: Path, lang: str) -> list[Path]:
    return sorted((public / PREFIX[lang].lstrip("/") / "blog").glob("*/index.html"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_main_series_has_eight_parts_in_order(public: Path, lang: str):
    page = read_html(public / SERIES[lang].strip("/") / "index.html")
    parts = [a.attrs["href"] for a in page.select("ol.series-list h2.post-card-title a")]
    assert len(parts) >= 8
    assert parts[:3] == [
        f"{PREFIX[lang]}/blog/{slug}/" for slug in ("tokenization", "attention-rope", "kv-cache")
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_post_has_lead_refs_code_table_and_math(public: Path, lang: str):
    found = posts(public, lang)
    assert len(found) >= 11
    for path in found:
        page = read_html(path)
        content = page.select("div.content")[0]
        name = path.parent.name
        assert page.select("div.content div.lead"), f"{name}: no lead"
        assert page.select("div.content div.highlight"), f"{name}: no code"
        assert page.select("div.content table"), f"{name}: no table"
        assert page.select("div.content math"), f"{name}: no math"
        # ref gives permalinks, relref site-relative URLs, as in Hugo.
        links = {a.attrs["href"].removeprefix(BASE) for a in page.select("div.content a")}
        links = {href for href in links if href.startswith(f"{PREFIX[lang]}/blog/")}
        assert len(links) >= 2, f"{name}: links to {links}"
        assert "{{" not in content.text and "$$" not in content.text, name


def test_both_languages_have_the_same_posts_and_the_draft_stays_out(public: Path):
    en = {p.parent.name for p in posts(public, "en")}
    zh = {p.parent.name for p in posts(public, "zh")}
    assert en == zh
    assert "speculative-decoding" not in en
    assert (REPO / "content/blog/speculative-decoding/index.md").read_text(encoding="utf-8").count(
        "draft: true"
    ) == 1


def test_tags_are_shared_and_a_diagram_is_drawn(public: Path):
    tags = Counter(a.text for p in posts(public, "en") for a in read_html(p).select("ul.tags a"))
    assert sum(1 for count in tags.values() if count >= 3) >= 4, tags
    with_diagram = [p for p in posts(public, "en") if read_html(p).select("pre.mermaid")]
    assert with_diagram


@pytest.mark.parametrize(
    ("path", "reading", "date"),
    [
        ("blog/kv-cache/index.html", "min read", "March 9, 2026"),
        ("zh/blog/kv-cache/index.html", "分钟", "2026年3月9日"),
    ],
)
def test_dates_and_reading_time_are_in_the_page_language(public: Path, path, reading, date):
    meta = read_html(public / path).select("header.post-header p.post-meta")[0].text
    assert date in meta and reading in meta, meta
