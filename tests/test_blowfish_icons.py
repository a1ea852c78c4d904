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


# ---- Blowfish's small shortcodes (content/posts/blocks/) ----


def _content(public: Path, lang: str) -> str:
    html = _page(public, lang, "blocks")
    body = html[html.index('<div class="content" data-pagefind-body>') : html.index("</article>")]
    return re.sub(r"<path[^>]*>", "", body)  # glyphs are tested above


def test_alert_has_default_icon_markdown_text_and_a_note_role(public: Path):
    zh = _content(public, "zh")
    assert (
        '<div class="alert" role="note">\n<span class="alert-icon">'
        '<svg class="icon icon-triangle-exclamation"' in zh
    )
    assert '<div class="alert-text"><strong>警告！</strong> 此操作不可撤销。</div>' in zh
    assert (
        'icon-twitter" viewBox="0 0 512 512" fill="currentColor" focusable="false" aria-hidden="true">' in zh
    )
    assert '别忘了<a href="https://example.org/follow">关注我</a>。' in zh
    en = _content(public, "en")
    assert "<strong>Warning!</strong> This action is destructive!" in en


def test_alert_colours_go_into_style_attributes(public: Path):
    zh = _content(public, "zh")
    assert '<div class="alert" role="note" style="background-color: #e63946">' in zh
    assert '<span class="alert-icon" style="color: #1d3557"><svg class="icon icon-fire"' in zh
    assert '<div class="alert-text" style="color: #f1faee">这是一个错误！</div>' in zh


def test_alert_inside_a_list_item_stays_in_the_item(public: Path):
    zh = _content(public, "zh")
    assert re.search(
        r"<li>\n<p>列表项中的提示：</p>\n<div class=\"alert\" role=\"note\">\n"
        r"<span class=\"alert-icon\"><svg class=\"icon icon-circle-info\"[^>]*></svg></span>\n"
        r"<div class=\"alert-text\">列表里的 <em>提示</em>。</div>\n</div>\n</li>",
        zh,
    ), zh
    assert "<pre>" not in zh  # an indented body never turns into a code block


def test_badge_button_and_keywords(public: Path):
    zh = _content(public, "zh")
    assert '<span class="badge">新文章！</span>' in zh
    assert '<p>列表中的徽章 <span class="badge">新</span></p>' in zh  # inline in a list item
    assert '<a class="button" href="#button" target="_self">行动号召</a>' in zh
    assert re.search(
        r'<div class="keyword-list"><span class="keyword">'
        r'<svg class="icon icon-github"[^>]*></svg>开源</span>\n<span class="keyword">'
        r'<svg class="icon icon-code"[^>]*></svg><strong>重要</strong>技能</span></div>',
        zh,
    )
    assert '<span class="keyword"><em>独立</em>技能</span>' in zh
    en = _content(public, "en")
    assert (
        '<a class="button" href="https://example.org/go" target="_blank" rel="noopener">Call to action</a>'
        in en
    )
    assert 'role="button"' not in en


def test_swatches_are_named_colour_samples(public: Path):
    zh = _content(public, "zh")
    for color in ("#64748b", "#3b82f6", "#06b6d4"):
        assert (
            f'<span class="swatch" role="img" aria-label="{color}" style="background-color: {color}"></span>'
            in zh
        )


def test_rtl_and_ltr_render_their_markdown_in_both_forms(public: Path):
    zh = _content(public, "zh")
    assert '<div dir="rtl">\n<ul>\n<li>هذه القائمة باللغة العربية</li>' in zh
    assert '<div dir="ltr">\nEnglish <em>inside</em>.\n</div>' in zh
    assert "align=" not in zh


def test_lead_is_blowfishs(public: Path):
    assert '<div class="lead">When life gives you lemons, make lemonade.</div>' in _content(public, "en")


def test_sociallink_links_the_authors_profile(public: Path):
    zh = _content(public, "zh")
    assert re.search(
        r'<a class="sociallink" href="https://github.com/example" target="_blank"'
        r' rel="me noopener noreferrer"><svg class="icon icon-github"[^>]*></svg>GitHub 主页</a>',
        zh,
    )
    # with no text, the link is named by its network
    assert re.search(
        r'<a class="sociallink" href="https://mastodon.example/@me" target="_blank"'
        r' rel="me noopener noreferrer" aria-label="Mastodon"><svg class="icon icon-mastodon"',
        zh,
    )
    en = _content(public, "en")
    assert 'rel="me noopener noreferrer">GitHub profile</a>' in en  # no showIcon: no icon


def test_email_keeps_the_address_out_of_the_text_and_loads_its_script_only_there(public: Path):
    zh = _content(public, "zh")
    assert (
        '<a class="email-link" href="#" data-email="bWVAZXhhbXBsZS5vcmc=" data-subject="你好">给我写信</a>'
        in zh
    )
    assert "me@example.org" not in _page(public, "zh", "blocks")
    assert 'src="/js/email.js' in _page(public, "zh", "blocks")
    assert "email.js" not in _page(public, "zh", "icons")
    script = (public / "js" / "email.js").read_text(encoding="utf-8")
    assert "atob(link.dataset.email)" in script and "mailto:" in script


def test_external_card_is_one_link_with_title_description_and_url(public: Path):
    zh = _content(public, "zh")
    assert '<a href="https://example.org/project" target="_blank" rel="noopener noreferrer">' in zh
    # width/height: sitegen/images/ reads them from the bundle file
    assert '<img src="thumb.png" alt="示例项目 Thumbnail" loading="lazy" width="8" height="4">' in zh
    assert (public / "posts" / "blocks" / "thumb.png").is_file()
    assert re.search(r'<div class="external-title">示例项目<svg class="icon icon-external-link"', zh)
    assert '<div class="external-description">一个<strong>很好</strong>的项目</div>' in zh
    assert '<span class="external-language">Python</span>' in zh
    assert re.search(r'<span class="external-stat"><svg class="icon icon-users"[^>]*></svg>1.2k</span>', zh)
    assert '<div class="external-url">https://example.org/project</div>' in zh
    en = _content(public, "en")
    assert '<a href="https://example.org/project">\n<div class="external-body">' in en  # newTab=false


def test_cta_has_label_link_icon_and_style(public: Path):
    zh = _content(public, "zh")
    assert re.search(r'<a class="cta" href="/posts/icons/">了解图标<svg class="icon icon-link"', zh)
    assert re.search(r'<a class="cta cta-outline" href="https://example.org">Learn more<svg', zh)
    assert re.search(r'<a class="cta" href="/en/posts/icons/">Learn more<svg', _content(public, "en"))


@pytest.mark.parametrize(
    ("call", "where", "message"),
    [
        (
            '{{< alert cardColor="red; background: url(//x.example/t)" >}}x{{< /alert >}}',
            "6:1",
            "alert cardColor='red; background: url(//x.example/t)' is not a CSS colour",
        ),
        ('{{< alert textColor="#fff\\" onmouseover=\\"x" >}}x{{< /alert >}}', "6:1", "is not a CSS colour"),
        ('{{< swatches "#fff" "blue}" >}}', "6:1", "swatches colour 2='blue}' is not a CSS colour"),
        ("{{< swatches >}}", "6:1", "swatches needs one to three colours"),
        ('{{< sociallink name="twitter" >}}', "6:1", "sociallink: no link named twitter"),
        ("{{< sociallink >}}", "6:1", "sociallink needs name="),
        ('{{< email text="x" >}}', "6:1", "email needs email="),
        ('{{< external title="x" >}}', "6:1", "external needs url="),
    ],
)
def test_bad_arguments_are_located_errors(tmp_path: Path, call: str, where: str, message: str):
    site = _site_with(tmp_path, call + "\n")
    result = _build(site)
    assert result.returncode != 0
    assert f"content/posts/bad.md:{where}: " in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('{{< swatches "#111" "#222" "#333" "#444" >}}', "swatches shows three colours; 1 more are left out"),
        ('{{< email email="a@b.example" >}}', "email has no text="),
        ('{{< external url="https://e.example" >}}', "external has no title="),
        (
            '{{< external url="https://e.example" title="t" thumbnail="https://e.example/t.png" >}}',
            "external thumbnail on another host is left out",
        ),
        ('{{< cta style="ghost" >}}', "cta style=ghost is not primary or outline"),
        ('{{< alert "nope-icon" >}}x{{< /alert >}}', "unknown icon 'nope-icon'"),
    ],
)
def test_what_cannot_be_honoured_is_a_located_warning(tmp_path: Path, call: str, message: str):
    site = _site_with(tmp_path, call + "\n")
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert re.search(r"content/posts/bad\.md:6:1: warning: " + re.escape(message), result.stderr), (
        result.stderr
    )


def test_remote_thumbnail_never_reaches_the_page(tmp_path: Path):
    site = _site_with(
        tmp_path, '{{< external url="https://e.example" title="t" thumbnail="https://e.example/t.png" >}}\n'
    )
    assert _build(site).returncode == 0
    html = (site / "public" / "posts" / "bad" / "index.html").read_text(encoding="utf-8")
    assert "e.example/t.png" not in html and "<img" not in html


def test_editing_a_sites_own_icon_rerenders_the_pages_that_draw_it(tmp_path: Path):
    from conftest import build_site

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    build_site(site, site / "public")  # fills the render cache
    icon = site / "assets" / "icons" / "own-mark.svg"
    icon.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
    )
    build_site(site, site / "public")  # warm: the post itself is unchanged
    page = (site / "public" / "en" / "posts" / "icons" / "index.html").read_text(encoding="utf-8")
    assert '<rect width="8" height="8"/>' in page and "<circle" not in page
