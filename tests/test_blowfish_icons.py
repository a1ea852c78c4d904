"""Blowfish's icons and its small shortcodes, built end to end (tests/sites/blowfish-icons/)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.shortcodes.icons import BLOWFISH_ICONS, UnknownIcon, icon_svg

SITE = Path(__file__).parent / "sites" / "blowfish-icons"


def _build(site: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", *flags],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("bi") / "site"
    shutil.copytree(SITE, site)
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    return site / "public"


def _page(public: Path, lang: str, name: str) -> str:
    folder = public / ("en/posts" if lang == "en" else "posts") / name
    return (folder / "index.html").read_text(encoding="utf-8")


def _icons(html: str) -> list[str]:
    return re.findall(r'<svg class="icon icon-([^" ]+)"', html)


@pytest.mark.parametrize("name", BLOWFISH_ICONS)
def test_every_blowfish_icon_name_resolves_to_a_drawn_svg(name: str):
    svg = str(icon_svg(name))
    assert svg.startswith(f'<svg class="icon icon-{name}" viewBox="')
    assert 'fill="currentColor"' in svg and 'aria-hidden="true"' in svg
    assert re.search(r"<(path|circle|rect|polygon)\b[^>]*\S", svg), svg  # something is drawn
    assert "<!--" not in svg and "<title>" not in svg and "<?xml" not in svg


def test_blowfish_lists_each_icon_once():
    assert len(BLOWFISH_ICONS) == len(set(BLOWFISH_ICONS)) == 130


def test_labelled_icon_is_an_image_with_that_name():
    svg = str(icon_svg("github", 'Git"Hub'))
    assert 'role="img" aria-label="Git&quot;Hub"' in svg and "aria-hidden" not in svg


def test_unknown_icon_offers_the_nearest_names():
    with pytest.raises(UnknownIcon) as caught:
        icon_svg("githb")
    assert "'github'" in caught.value.hint


def test_icon_name_is_never_a_path():
    with pytest.raises(UnknownIcon):
        icon_svg("../../../etc/passwd")


def test_icon_shortcode_inlines_the_svg_labelled_by_its_name(public: Path):
    zh = _page(public, "zh", "icons")
    assert re.search(
        r'代码在 <svg class="icon icon-github" viewBox="0 0 496 512"[^>]*'
        r' role="img" aria-label="Github"><path d="M',
        zh,
    )
    assert 'aria-label="Email"' in zh  # an alias: Blowfish's email is Font Awesome's envelope
    en = _page(public, "en", "icons")
    assert 'aria-label="X twitter"' in en


def test_icons_inside_list_items_stay_inline(public: Path):
    zh = _page(public, "zh", "icons")
    assert re.search(r'<li>列表里的 <svg class="icon icon-codeberg" viewBox="0 0 24 24"', zh)
    en = _page(public, "en", "icons")
    assert re.search(r'<li>a <svg class="icon icon-x-twitter"', en)


def test_a_sites_own_assets_icon_is_used(public: Path):
    zh = _page(public, "zh", "icons")
    assert '<svg class="icon icon-own-mark" viewBox="0 0 20 20"' in zh  # width/height made a box
    assert '<circle cx="10" cy="10" r="8"/>' in zh


def test_icon_global_in_a_site_template_takes_a_label(public: Path):
    zh = _page(public, "zh", "icons")
    assert '<a href="https://example.org/me"><svg class="icon icon-mastodon"' in zh
    assert 'aria-label="Mastodon"' in zh


def test_built_pages_carry_only_the_icons_they_use(public: Path):
    assert _icons(_page(public, "zh", "icons")) == ["github", "email", "codeberg", "own-mark", "mastodon"]
    assert _icons(_page(public, "en", "icons")) == ["github", "email", "x-twitter", "own-mark", "mastodon"]
    assert _icons(_page(public, "zh", "plain")) == []
    assert "<symbol" not in _page(public, "zh", "icons")  # inline, no sprite


def _site_with(tmp_path: Path, body: str, template: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "posts" / "bad.md").write_text(
        '---\ntitle: "坏"\ndate: 2026-03-03\n---\n\n' + body, encoding="utf-8"
    )
    if template:
        (site / "layouts" / "shortcodes" / "bad.html").write_text(template, encoding="utf-8")
    return site


def test_unknown_icon_name_warns_at_the_call_and_renders_nothing(tmp_path: Path):
    site = _site_with(tmp_path, 'First line.\n\nThe {{< icon "githb" >}} icon.\n')
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert re.search(r"content/posts/bad\.md:8:5: .*unknown icon 'githb'", result.stderr), result.stderr
    assert "did you mean 'github'" in result.stderr
    html = (site / "public" / "posts" / "bad" / "index.html").read_text(encoding="utf-8")
    assert "<p>The  icon.</p>" in html


def test_unknown_icon_in_a_template_warns_at_the_shortcode_call(tmp_path: Path):
    site = _site_with(tmp_path, "Text {{< bad >}}\n", '<span>{{ icon("mastodn", "M") }}</span>')
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert re.search(r"content/posts/bad\.md:6:6: .*unknown icon 'mastodn'", result.stderr), result.stderr
    assert "did you mean 'mastodon'" in result.stderr


def test_unknown_icon_fails_a_strict_build(tmp_path: Path):
    site = _site_with(tmp_path, '{{< icon "nope-nothing" >}}\n')
    result = _build(site, "--strict")
    assert result.returncode != 0
    assert "unknown icon 'nope-nothing'" in result.stderr
    assert "Traceback" not in result.stderr


def test_icon_without_a_name_is_a_located_error(tmp_path: Path):
    site = _site_with(tmp_path, "A {{< icon >}} here.\n")
    result = _build(site)
    assert result.returncode != 0
    assert re.search(r"content/posts/bad\.md:6:3: .*icon needs a name", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
