"""Goldmark's Markdown as Hugo sites are written for it, on built pages: the typographer
(on by default), emoji codes (enableEmoji), blockquote alerts and passthrough math.

Every expected string here was checked against Hugo 0.168 on the same Markdown
(Hugo writes entities, `&ldquo;`, where sitegen writes the characters; the text is
the same). tests/sites/hugo-markdown/ is the bilingual fixture that the parity
test (test_hugo_parity.py) builds with both and compares word for word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, run_cli

HEAD = 'baseURL = "https://example.org/"\ntitle = "T"\ndefaultContentLanguage = "en"\n'
LANGUAGES = "[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n"


def make_site(tmp_path: Path, body: str, config: str = "", *, hugo: bool = False, name: str = "p") -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True, exist_ok=True)
    # the test's settings from line 4 on, top-level keys first
    text = HEAD + config + LANGUAGES
    (site / ("hugo.toml" if hugo else "sitegen.toml")).write_text(text, encoding="utf-8")
    (site / "content" / f"{name}.md").write_text(f"---\ntitle: P\n---\n{body}", encoding="utf-8")
    return site


def content(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<div class="content" data-pagefind-body>')
    return html[start : html.index("</article>", start)]


def built(tmp_path: Path, body: str, config: str = "", *, hugo: bool = False) -> str:
    site = make_site(tmp_path, body, config, hugo=hugo)
    build_site(site, site / "public")
    return content(site / "public" / "p" / "index.html")


# The typographer


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "He said \"hi\" -- and 'yo' --- ok...",
            "He said \u201chi\u201d \u2013 and \u2018yo\u2019 \u2014 ok\u2026",
        ),
        (
            "it's Bob's, don't, I'm, I've, you're",
            "it\u2019s Bob\u2019s, don\u2019t, I\u2019m, I\u2019ve, you\u2019re",
        ),
        # Goldmark's 'twas rule knows lowercase only
        ("rock 'n' roll in the '90s, 'Tis", "rock \u2019n\u2019 roll in the \u201990s, \u2018Tis"),
        ("x--y, x---y, x----y, a....b", "x\u2013y, x\u2014y, x\u2014-y, a\u2026.b"),
        ("<<quoted>> and a<<b>>c", "\u00abquoted\u00bb and a\u00abb\u00bbc"),
        # Goldmark has no (c), (tm) or +- replacements, unlike markdown-it's typographer
        ("(c) (tm) +- 1/2", "(c) (tm) +- 1/2"),
        # a height and a size in inches keep their straight marks, as in Hugo
        (
            'He\'s 6\'2" tall and "Monitor 21"" wide',
            "He\u2019s 6'2&quot; tall and \u201cMonitor 21&quot;\u201d wide",
        ),
        # Goldmark opens a quote without looking for its end
        ("\"unbalanced and 'open", "\u201cunbalanced and \u2018open"),
        (
            '*"emphasis"* and "[a link](/x/)"',
            '<em>\u201cemphasis\u201d</em> and \u201c<a href="/x/">a link</a>\u201d',
        ),
    ],
)
def test_the_typographer_is_on_by_default_with_goldmarks_rules(tmp_path: Path, markdown: str, html: str):
    assert f"<p>{html}</p>" in built(tmp_path, markdown + "\n")


def test_code_math_raw_html_urls_and_escapes_keep_their_characters(tmp_path: Path):
    body = (
        'Code `"x" -- y...` here.\n\n'
        '```\n"fence" -- ...\n```\n\n'
        "Math $a -- b$ here.\n\n"
        "<span title=\"a -- b 'c'\">x -- y</span>\n\n"
        "See <https://example.org/a--b...c> and https://example.org/c--d... and 中文https://example.org/g--h"
        ' [t](https://example.org/e--f "a -- title").\n\n'
        'Escaped \\"quotes\\" and \\-- dash.\n'
    )
    html = built(tmp_path, body)
    assert "<code>&quot;x&quot; -- y...</code>" in html
    assert '"fence" -- ...' in html or "&quot;fence&quot; -- ..." in html
    assert "<mi>a</mi><mo>−</mo><mo" in html  # the TeX's two minus signs, not a dash
    assert '<mo form="prefix" stretchy="false">−</mo><mi>b</mi>' in html
    assert "<span title=\"a -- b 'c'\">x \u2013 y</span>" in html
    assert '<a href="https://example.org/a--b...c">https://example.org/a--b...c</a>' in html
    # linkify's link ends before the dots, which are text again (Hugo: the same)
    assert '<a href="https://example.org/c--d">https://example.org/c--d</a>\u2026 and' in html
    # not a link inside a word, so plain text to Goldmark's typographer too
    assert "中文https://example.org/g\u2013h" in html
    assert '<a href="https://example.org/e--f" title="a -- title">t</a>' in html
    assert "Escaped &quot;quotes&quot; and -- dash." in html


def test_shortcode_code_keeps_its_characters_and_markdownified_text_is_typeset(tmp_path: Path):
    body = (
        '{{< highlight go >}}\nx := "a" -- b...\n{{< /highlight >}}\n\n'
        '{{< details summary="A -- b" >}}\nx\n{{< /details >}}\n'
    )
    html = built(tmp_path, body)
    assert '<span class="s">"a"</span><span class="w"> </span><span class="o">--</span>' in html
    assert '<span class="p">...</span>' in html
    assert "<summary>A \u2013 b</summary>" in html  # Hugo's details markdownifies it too


def test_chinese_punctuation_is_never_changed_and_quotes_between_cjk_stay_straight(tmp_path: Path):
    body = (
        '中文“引号”和‘单引号’，还有——破折号……省略号。他说"你好"。中文"测试"文字。\n\n'
        '"中文" 和 "English" -- 中文--中文 中文...中文\n'
    )
    html = built(tmp_path, body)
    # As Hugo: a quote between two CJK characters can open and close, so it stays.
    assert (
        "<p>中文“引号”和‘单引号’，还有——破折号……省略号。他说&quot;你好&quot;。中文&quot;测试&quot;文字。</p>"
        in html
    )
    assert "<p>“中文” 和 “English” – 中文–中文 中文…中文</p>" in html


def test_heading_ids_come_from_the_typographer_s_text_as_in_hugo(tmp_path: Path):
    html = built(tmp_path, '## a--b\n\n## It\'s "x" -- y...\n')
    assert '<h2 id="ab">a–b</h2>' in html
    assert '<h2 id="its-x--y">It’s “x” – y…</h2>' in html


@pytest.mark.parametrize(
    "config",
    [
        "[markup.goldmark.extensions]\ntypographer = false\n",
        "[markup.goldmark.extensions.typographer]\ndisable = true\n",
    ],
)
def test_the_typographer_can_be_turned_off(tmp_path: Path, config: str):
    assert "<p>&quot;a&quot; -- b...</p>" in built(tmp_path, '"a" -- b...\n', config, hugo=True)


def test_configured_substitutions_replace_goldmarks_and_an_empty_one_removes(tmp_path: Path):
    config = (
        "[markup.goldmark.extensions.typographer]\n"
        'leftDoubleQuote = "&laquo;"\nrightDoubleQuote = "&raquo;"\nenDash = ""\n'
    )
    # Hugo 0.168 writes «a»  b… for this: entities are taken as HTML, "" drops the dash.
    assert "<p>«a»  b…</p>" in built(tmp_path, '"a" -- b...\n', config)


def test_a_typographer_setting_of_the_wrong_type_is_an_error_at_its_line(tmp_path: Path):
    site = make_site(tmp_path, "x\n", "[markup.goldmark.extensions.typographer]\nenDash = 1\n")
    result = run_cli("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == "sitegen.toml:5:1: typographer.enDash must be a string, not int 1\n"


def test_an_unknown_typographer_key_warns_with_a_guess(tmp_path: Path):
    site = make_site(tmp_path, "x\n", "[markup.goldmark.extensions.typographer]\nenDashes = '-'\n")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert "sitegen.toml:5:1: warning: unknown config key" in result.stderr
    assert "did you mean 'enDash'?" in result.stderr


# Emoji


def test_emoji_codes_need_enable_emoji_and_never_touch_code(tmp_path: Path):
    body = "Hi :smile: :+1: :no_such_code: 中文:tada:中文 `:smile:`\n\n```\n:smile:\n```\n"
    assert "<p>Hi :smile: :+1:" in built(tmp_path / "off", body)
    html = built(tmp_path / "on", body, "enableEmoji = true\n", hugo=True)
    assert "<p>Hi 😄 👍 :no_such_code: 中文🎉中文 <code>:smile:</code></p>" in html
    assert ":smile:\n" in html  # the fence


def test_enable_emoji_is_a_sitegen_toml_key_too(tmp_path: Path):
    site = make_site(tmp_path, "Hi :smile:\n", "enableEmoji = true\n")
    build_site(site, site / "public")
    assert "<p>Hi 😄</p>" in content(site / "public" / "p" / "index.html")


# Blockquote alerts

ALERTS = """> [!NOTE]
> Useful "note".

> [!tip] A *custom* title
> A tip.

> [!WARNING]+
> Open.

> [!CAUTION]- Closed
> Hidden.

> [!important]

> Just a quote.
"""


def test_alerts_are_callouts_with_a_title_and_folding(tmp_path: Path):
    html = built(tmp_path, ALERTS)
    assert (
        '<div class="callout callout-note" role="note">\n'
        '<p class="callout-title"><span class="callout-label" data-label="note">Note</span></p>\n'
        "<p>Useful “note”.</p>\n</div>"
    ) in html
    assert '<p class="callout-title">A <em>custom</em> title</p>\n<p>A tip.</p>' in html
    assert (
        '<details class="callout callout-warning" open>\n<summary class="callout-title">'
        '<span class="callout-label" data-label="warning">Warning</span></summary>\n<p>Open.</p>\n</details>'
    ) in html
    assert (
        '<details class="callout callout-caution">\n<summary class="callout-title">Closed</summary>\n'
        "<p>Hidden.</p>\n</details>"
    ) in html
    assert '<div class="callout callout-important" role="note">\n<p class="callout-title">' in html
    assert "<blockquote>\n<p>Just a quote.</p>\n</blockquote>" in html
    assert "[!" not in html


@pytest.mark.parametrize(
    ("markdown", "start"),
    [  # how hugo 0.168 parses each (its blockquote hook's .AlertType, .AlertSign, .AlertTitle)
        (
            "> [!NOTE]Title\n> x\n",
            '<div class="callout callout-note" role="note">\n<p class="callout-title">Title</p>',
        ),
        (
            "> [!NOTE]+Title\n> x\n",
            '<details class="callout callout-note" open>\n<summary class="callout-title">Title',
        ),
        ("> [!FOO]\n> x\n", '<div class="callout callout-foo" role="note">\n<p class="callout-title"><span'),
        ("- > [!TIP]\n  > x\n", '<ul>\n<li>\n<div class="callout callout-tip" role="note">'),
        ("> [!NO TE]\n> x\n", "<blockquote>\n<p>[!NO TE]"),
        ("> Text before\n> [!NOTE]\n", "<blockquote>\n<p>Text before\n[!NOTE]"),
    ],
)
def test_what_makes_an_alert_is_what_hugo_reads_as_one(tmp_path: Path, markdown: str, start: str):
    assert built(tmp_path, markdown).startswith('<div class="content" data-pagefind-body>\n' + start)


def test_alert_labels_are_in_the_page_language(tmp_path: Path):
    site = make_site(tmp_path, ALERTS)
    (site / "content" / "p.zh.md").write_text("---\ntitle: P\n---\n" + ALERTS, encoding="utf-8")
    build_site(site, site / "public")
    zh = content(site / "public" / "zh" / "p" / "index.html")
    assert 'data-label="note">注意</span>' in zh and 'data-label="warning">警告</span>' in zh
    assert 'data-label="important">重要</span>' in zh
    assert 'data-label="note">Note</span>' in content(site / "public" / "p" / "index.html")


def test_feed_items_have_the_labels_of_their_language(tmp_path: Path):
    site = make_site(tmp_path, ALERTS, "[services.rss]\nfullContent = true\n")
    (site / "content" / "p.zh.md").write_text("---\ntitle: P\n---\n" + ALERTS, encoding="utf-8")
    build_site(site, site / "public")
    zh = (site / "public" / "zh" / "index.xml").read_text(encoding="utf-8")
    assert 'data-label="note"&gt;注意&lt;/span&gt;' in zh
    assert 'data-label="note"&gt;Note&lt;/span&gt;' in (site / "public" / "index.xml").read_text(
        encoding="utf-8"
    )


def test_a_site_s_own_alert_label_wins_and_a_cached_rebuild_sees_it(tmp_path: Path):
    site = make_site(tmp_path, ALERTS)
    build_site(site, site / "public")
    (site / "i18n").mkdir()
    (site / "i18n" / "en.yaml").write_text("alert_note: Heads up\n", encoding="utf-8")
    build_site(site, site / "public")  # the build cache is on: the page must be redone
    assert 'data-label="note">Heads up</span>' in content(site / "public" / "p" / "index.html")


# Passthrough math

PASSTHROUGH = """[markup.goldmark.extensions.passthrough]
enable = true
[markup.goldmark.extensions.passthrough.delimiters]
block = [['\\[', '\\]'], ['$$', '$$']]
inline = [['\\(', '\\)']]
"""


def test_passthrough_delimiters_are_math_like_dollars(tmp_path: Path):
    body = "Inline \\(a + b\\) and $c$.\n\n\\[\nx = 1\n\\]\n\nEscaped \\\\(no\\\\) and `\\(code\\)`.\n"
    html = built(tmp_path, body, PASSTHROUGH, hugo=True)
    assert html.count("<math alttext=") == 3
    assert html.count('display="block"') == 1
    assert "<mi>a</mi><mo>+</mo><mi>b</mi>" in html
    # with passthrough on, `\\(` is how a Hugo author keeps `\(` as text
    assert "Escaped \\(no\\) and <code>\\(code\\)</code>." in html


def test_without_passthrough_backslash_parens_and_brackets_are_still_math(tmp_path: Path):
    # Hugo reads a lone `\(` as an escaped `(`; nobody writing `\(a + b\)` meant that.
    # The doubled `\\(e\\)` is what KaTeX's script typesets on a Blowfish page.
    html = built(tmp_path, "Inline \\(a + b\\) and \\[c\\] and $d$ and \\\\(e\\\\).\n")
    assert '<p>Inline <math alttext="a + b">' in html
    assert '<math alttext="c" display="block"' in html and '<math alttext="d">' in html
    assert '<math alttext="e">' in html


def test_any_configured_pair_works(tmp_path: Path):
    config = "[markup.goldmark.extensions.passthrough]\nenable = true\ndelimiters.inline = [['@@', '@@']]\n"
    html = built(tmp_path, "Is @@x^2@@ math.\n", config)
    assert '<p>Is <math alttext="x^2">' in html and "<msup><mi>x</mi><mn" in html


def test_bad_passthrough_delimiters_are_an_error_at_their_line(tmp_path: Path):
    config = "[markup.goldmark.extensions.passthrough]\nenable = true\ndelimiters.inline = ['\\(']\n"
    site = make_site(tmp_path, "x\n", config)
    result = run_cli("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "sitegen.toml:6:1: passthrough.delimiters.inline must be a list of [opening, closing] pairs"
    )


# Hugo's config


def test_these_hugo_settings_are_no_longer_called_ignored(tmp_path: Path):
    config = "enableEmoji = true\n[markup.goldmark.extensions.typographer]\ndisable = false\n" + PASSTHROUGH
    site = make_site(tmp_path, "x\n", config, hugo=True)
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "ignored" not in result.stderr
