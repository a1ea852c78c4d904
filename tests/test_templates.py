"""Themes: the site's layouts/, static/ and i18n/ override the theme's file by file,
and template mistakes are reported at the template's own file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def make_site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("---\ntitle: Alpha\n---\nHello.\n", encoding="utf-8")
    return root


def sitegen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_site_layout_overrides_only_that_template(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(
        site / "layouts" / "single.html",
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ page.title }}</p>{% endblock %}',
    )
    assert sitegen(site).returncode == 0
    html = (site / "public" / "a" / "index.html").read_text()
    assert '<p class="mine">Alpha</p>' in html
    assert 'class="site-header"' in html  # base.html still comes from the theme


def test_site_i18n_and_static_override_the_theme(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(site / "i18n" / "en.yaml", "recent_posts: Fresh from the oven\n")
    write(site / "static" / "css" / "main.css", "body { color: red }\n")
    assert sitegen(site).returncode == 0
    home = (site / "public" / "index.html").read_text()
    assert "Fresh from the oven" in home
    assert "Skip to content" in home  # other strings still come from the theme
    assert (site / "public" / "css" / "main.css").read_text() == "body { color: red }\n"


def test_undefined_attribute_is_reported_at_template_line_with_suggestion(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(
        site / "layouts" / "single.html",
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ page.titel }}</p>\n{% endblock %}\n',
    )
    result = sitegen(site)
    assert result.returncode == 1
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith("layouts/single.html:3: template error:")
    assert "no attribute 'titel'" in first and "(while rendering content/a.md)" in first
    assert hint == "  hint: did you mean 'title'?"
    assert "Traceback" not in result.stderr


def test_template_syntax_error_names_file_and_line(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(site / "layouts" / "single.html", "<p>\n{{ page.title }\n</p>\n")
    result = sitegen(site)
    assert result.returncode == 1
    assert result.stderr.startswith("layouts/single.html:2: template syntax error:")


def test_broken_i18n_yaml_is_located(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(site / "i18n" / "en.yaml", "read_more: [unclosed\n")
    result = sitegen(site)
    assert result.returncode == 1
    assert result.stderr.startswith("i18n/en.yaml:2:1: invalid YAML:")


def test_site_i18n_may_be_toml_with_hugo_plural_tables(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(site / "content" / "b.md", "---\ntitle: Beta\ntags: [x]\n---\nHello.\n")
    write(
        site / "i18n" / "en.toml",
        'recent_posts = "Lately"\n[posts_count]\none = "just {count} note"\nother = "{count} notes"\n',
    )
    result = sitegen(site)
    assert result.returncode == 0, result.stderr
    assert "Lately" in (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "just 1 note" in (site / "public" / "tags" / "x" / "index.html").read_text(encoding="utf-8")


def test_i18n_string_given_as_a_mapping_of_languages_is_located(tmp_path: Path):
    """A list or a table where text belongs used to pass, and print as a Python repr."""
    site = make_site(tmp_path / "s")
    write(site / "i18n" / "en.yaml", "read_more: Read more\nrecent_posts:\n  en: Recent\n")
    result = sitegen(site)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "i18n/en.yaml:2:1: i18n string 'recent_posts' has 'en', which is not a plural form\n"
    )


@pytest.mark.parametrize("locale, expected", [("en-US", "March 27, 2026"), ("zh-CN", "2026年3月27日")])
def test_dates_are_written_in_the_page_language(tmp_path: Path, locale: str, expected: str):
    site = make_site(tmp_path / "s")
    write(site / "content" / "a.md", "---\ntitle: A\ndate: 2026-03-27\n---\nText.\n")
    write(site / "sitegen.toml", f'[languages.en]\nlocale = "{locale}"\n')
    assert sitegen(site).returncode == 0
    assert f">{expected}</time>" in (site / "public" / "a" / "index.html").read_text()


def test_chinese_reading_time_uses_chinese_units(tmp_path: Path):
    site = make_site(tmp_path / "s")
    write(site / "sitegen.toml", 'defaultContentLanguage = "zh"\n[languages.zh]\nlocale = "zh-CN"\n')
    write(site / "content" / "a.md", "---\ntitle: 长文\n---\n" + "模型推理" * 300 + "\n")
    assert sitegen(site).returncode == 0
    assert '<span class="reading-time">3 分钟</span>' in (site / "public" / "a" / "index.html").read_text()


def test_site_is_the_same_site_in_page_and_shortcode_templates(tmp_path: Path):
    """`site` is a Site everywhere: the config facts read alike in a shortcode and in a
    page template; a shortcode's site has no pages yet (content renders first)."""
    site = make_site(tmp_path / "s")
    write(site / "sitegen.toml", 'title = "Notes"\ncopyright = "© Kai"\n[params]\nrepo = "kai/notes"\n')
    facts = "{{ site.title }}|{{ site.params.repo }}|{{ site.copyright }}|{{ site.config.title }}"
    write(site / "layouts" / "shortcodes" / "facts.html", f"<i>{facts}|{{{{ site.pages | length }}}}</i>")
    write(
        site / "layouts" / "single.html",
        '{% extends "base.html" %}{% block main %}<b>' + facts + "</b>{{ page.content.html | safe }}"
        "{% endblock %}",
    )
    write(site / "content" / "a.md", "---\ntitle: Alpha\n---\n{{< facts >}}\n")
    result = sitegen(site)
    assert result.returncode == 0, result.stderr
    html = (site / "public" / "a" / "index.html").read_text()
    assert "<b>Notes|kai/notes|© Kai|Notes</b>" in html
    assert "<i>Notes|kai/notes|© Kai|Notes|0</i>" in html


@pytest.mark.parametrize(("unsafe", "refused"), [("false", True), ("true", False)])
def test_safe_url_in_a_layout_refuses_a_front_matter_url_while_raw_html_is_off(
    tmp_path: Path, unsafe: str, refused: bool
):
    site = make_site(tmp_path / "s")
    write(site / "sitegen.toml", f'title = "T"\n[markup]\nunsafe = {unsafe}\n')
    write(site / "content" / "a.md", "---\ntitle: Alpha\nhomepage: 'javascript:alert(1)'\n---\nHello.\n")
    write(
        site / "layouts" / "single.html",
        '{% extends "base.html" %}{% block main %}'
        '<a href="{{ page.params.homepage | safe_url }}">home</a>{% endblock %}',
    )
    result = sitegen(site)
    if refused:
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == (
            'content/a.md: "javascript:alert(1)" is a javascript: URL, refused while raw HTML is off'
        )
    else:
        assert result.returncode == 0, result.stderr
        assert '<a href="javascript:alert(1)">home</a>' in (site / "public/a/index.html").read_text()


def test_a_failing_shortcode_template_names_each_call(tmp_path: Path):
    site = tmp_path / "s"
    for name in ("a", "b"):
        write(site / "content" / f"{name}.md", f"---\ntitle: {name}\n---\nBy {{{{< author >}}}}.\n")
    write(site / "layouts" / "shortcodes" / "author.html", "<b>\n{{ page.titel }}</b>\n")
    result = sitegen(site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "layouts/shortcodes/author.html:2: template error: 'sitegen.model.ShortcodePage object' has no"
        " attribute 'titel' (while rendering shortcode 'author' at content/a.md:4:4)",
        "  hint: did you mean 'title'?",
        "layouts/shortcodes/author.html:2: template error: 'sitegen.model.ShortcodePage object' has no"
        " attribute 'titel' (while rendering shortcode 'author' at content/b.md:4:4)",
        "  hint: did you mean 'title'?",
    ]


def test_a_syntax_error_in_a_shortcode_template_is_reported_once(tmp_path: Path):
    site = tmp_path / "s"
    for name in ("a", "b", "c"):
        write(site / "content" / f"{name}.md", f"---\ntitle: {name}\n---\nPrice {{{{< price 3 >}}}}.\n")
    write(site / "layouts" / "shortcodes" / "price.html", "<b>{{ args[0] | currency }}</b>\n")
    result = sitegen(site)
    assert result.returncode == 1
    # it fails every page alike, and has nothing to do with which one
    assert (
        result.stderr
        == "layouts/shortcodes/price.html:1: template syntax error: No filter named 'currency'.\n"
    )
