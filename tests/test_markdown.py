"""Tests for the Markdown stage: Markdown body in, `Rendered` out."""

import logging
from html.parser import HTMLParser

import pytest

from sitegen.highlight import pygments_css
from sitegen.markdown import make_markdown, render_markdown
from sitegen.model import Heading


@pytest.fixture(scope="module")
def md():
    return make_markdown()


def render(md, text, **kwargs):
    return render_markdown(md, text, **kwargs)


VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}


class _Balance(HTMLParser):
    """Checks that every opened element is closed, in order."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def assert_balanced(html):
    checker = _Balance()
    checker.feed(html)
    assert checker.errors == [] and checker.stack == [], html


# Headings and anchors


def test_cjk_heading_keeps_chinese_in_id(md):
    r = render(md, "## 推荐 Recommendation\n")
    assert '<h2 id="推荐-recommendation">推荐 Recommendation</h2>' in r.html
    assert r.toc == (Heading(2, "推荐-recommendation", "推荐 Recommendation"),)


def test_duplicate_headings_get_unique_ids(md):
    r = render(md, "## Setup\n\n## Setup\n\n### Setup\n")
    assert [h.id for h in r.toc] == ["setup", "setup-1", "setup-2"]
    assert {"setup", "setup-1", "setup-2"} <= r.anchors


def test_explicit_id_is_kept_and_generated_ids_avoid_it(md):
    r = render(md, "## Intro\n\n{#intro}\n## Other\n")
    assert '<h2 id="intro-1">Intro</h2>' in r.html
    assert '<h2 id="intro">Other</h2>' in r.html


def test_anchors_list_headings_footnotes_and_explicit_ids(md):
    r = render(md, "# Top\n\nText[^n].\n\n{#para}\nA paragraph.\n\n[^n]: Note.\n")
    assert r.anchors == frozenset({"top", "fn:1", "fnref:1", "para"})


def test_h1_gets_an_id_but_stays_out_of_default_toc(md):
    r = render(md, "# Title\n\n## Part\n")
    assert '<h1 id="title">' in r.html
    assert [h.text for h in r.toc] == ["Part"]


# Table of contents


def test_toc_nests_h2_to_h4(md):
    text = "# T\n\n## A\n\n### A1\n\n#### A1a\n\n##### Deep\n\n## B\n"
    r = render(md, text)
    assert [(h.level, h.text) for h in r.toc] == [(2, "A"), (3, "A1"), (4, "A1a"), (2, "B")]
    assert r.toc_html == (
        '<nav class="toc"><ul><li><a href="#a">A</a>'
        '<ul><li><a href="#a1">A1</a>'
        '<ul><li><a href="#a1a">A1a</a></li></ul>'
        "</li></ul></li>"
        '<li><a href="#b">B</a></li></ul></nav>'
    )


def test_toc_levels_are_configurable():
    r = render(make_markdown(toc_start=1, toc_end=2), "# T\n\n## A\n\n### B\n")
    assert [h.level for h in r.toc] == [1, 2]


def test_toc_with_skipped_levels_nests_one_step_and_is_valid_html(md):
    r = render(md, "#### Deep first\n\n## A\n\n#### A-deep\n\n### A-mid\n\n## B\n")
    assert_balanced(r.toc_html)
    assert r.toc_html == (
        '<nav class="toc"><ul><li><a href="#deep-first">Deep first</a></li>'
        '<li><a href="#a">A</a><ul><li><a href="#a-deep">A-deep</a></li>'
        '<li><a href="#a-mid">A-mid</a></li></ul></li>'
        '<li><a href="#b">B</a></li></ul></nav>'
    )


def test_toc_text_is_plain_and_escaped(md):
    r = render(md, "## Use `<T>` and *care*\n")
    assert r.toc[0].text == "Use <T> and care"
    assert "Use &lt;T&gt; and care</a>" in r.toc_html


def test_toc_empty_without_headings(md):
    r = render(md, "Just text.\n")
    assert r.toc == () and r.toc_html == ""


# Math


def test_dollar_amounts_are_not_math(md):
    r = render(md, "It costs $5 and $10 today.\n")
    assert "<math" not in r.html
    assert "costs $5 and $10 today" in r.html
    assert not r.has_math


def test_inline_and_block_math_become_mathml(md):
    r = render(md, "Energy $E=mc^2$ here.\n\n$$\n\\frac{a}{b}\n$$\n")
    assert '<p>Energy <math alttext="E=mc^2"><semantics><mrow><mi>E</mi>' in r.html
    assert '<math alttext="\\frac{a}{b}" display="block"' in r.html and "<mfrac>" in r.html
    assert r.has_math


def test_labelled_equation_gets_an_anchor(md):
    r = render(md, "$$x=1$$ (eq1)\n")
    assert '<math id="eq1"' in r.html
    assert "eq1" in r.anchors


def test_invalid_tex_warns_with_file_line_and_keeps_source(md, caplog):
    text = "Intro.\n\nFirst line\nsecond $\\frac{1}{$ line.\n"
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        r = render(md, text, path="post.md", first_line=5)
    assert '<code class="math-error">$\\frac{1}{$</code>' in r.html
    [record] = caplog.records
    problem = record.problem
    assert problem.message.startswith("invalid TeX")
    assert (problem.path, problem.line) == ("post.md", 8)
    assert not r.has_math


def test_invalid_block_tex_warns_with_its_first_line(md, caplog):
    text = "Intro.\n\n$$\nx^\n$$\n"
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        r = render(md, text, path="post.md", first_line=10)
    assert '<pre class="math-error"><code class="math-error">$$\nx^\n$$</code></pre>' in r.html
    assert [(rec.problem.line, rec.problem.col) for rec in caplog.records] == [(13, 1)]


# Raw HTML


def test_raw_html_kept_when_unsafe(md):
    r = render(md, '<div class="x">hi</div>\n\nA <b>bold</b> word.\n')
    assert '<div class="x">hi</div>' in r.html
    assert "<b>bold</b>" in r.html


def test_raw_html_omitted_as_goldmark_does_when_unsafe_false():
    # Hugo 0.168 (Goldmark) wrote exactly this for the same Markdown with unsafe = false:
    # a marker per HTML block and per tag, nothing for a comment
    r = render(
        make_markdown(unsafe=False),
        "<div>\nhi\n</div>\n\ntext\n\n<!-- block comment -->\n\n"
        "text2 <!-- c --> <br> <span>s</span>\n\n<p>para</p>\n",
    )
    assert r.html == (
        "<!-- raw HTML omitted -->\n<p>text</p>\n"
        "<p>text2  <!-- raw HTML omitted --> <!-- raw HTML omitted -->s<!-- raw HTML omitted --></p>\n"
        "<!-- raw HTML omitted -->\n"
    )


def test_attributes_limited_when_unsafe_false():
    r = render(make_markdown(unsafe=False), '{#p .c style="color:red"}\nText.\n')
    assert '<p id="p" class="c">Text.</p>' in r.html


# Summaries


@pytest.mark.parametrize("unsafe", [True, False])
@pytest.mark.parametrize("divider", ["<!--more-->", "  <!-- more -->  "])
def test_more_divider_sets_summary(unsafe, divider):
    md = make_markdown(unsafe=unsafe)
    r = render(md, f"First.\n{divider}\nSecond.\n")
    assert r.summary_html == "<p>First.</p>\n"
    assert r.truncated
    assert "more" not in r.html
    assert r.html == "<p>First.</p>\n<p>Second.</p>\n"


def test_more_divider_inside_code_is_kept_as_code(md):
    r = render(md, "```html\n<!--more-->\n```\n\nAfter.\n")
    assert "&lt;!--more--&gt;" in r.html
    assert r.summary_html == "<p>After.</p>\n"
    assert r.truncated  # the code block is not in the summary


def test_front_matter_summary_is_rendered_when_no_divider(md):
    r = render(md, "Body paragraph.\n", summary="A *short* summary.")
    assert r.summary_html == "<p>A <em>short</em> summary.</p>\n"
    assert r.truncated


def test_divider_wins_over_front_matter_summary(md):
    r = render(md, "Lead.\n\n<!--more-->\n\nRest.\n", summary="Other.")
    assert r.summary_html == "<p>Lead.</p>\n"


def test_summary_takes_whole_paragraphs_up_to_length(md):
    p1 = " ".join(["one"] * 4)
    p2 = " ".join(["two"] * 4)
    p3 = " ".join(["three"] * 4)
    r = render(md, f"{p1}\n\n{p2}\n\n{p3}\n", summary_length=6)
    assert r.summary_html == f"<p>{p1}</p>\n<p>{p2}</p>\n"
    assert r.truncated


def test_summary_is_at_least_the_first_paragraph(md):
    long = " ".join(["word"] * 50)
    r = render(md, f"{long}\n\nNext.\n", summary_length=5)
    assert r.summary_html == f"<p>{long}</p>\n"
    assert r.truncated


def test_summary_not_truncated_when_whole_body_fits(md):
    r = render(md, "Short one.\n\nShort two.\n", summary_length=70)
    assert r.summary_html == "<p>Short one.</p>\n<p>Short two.</p>\n"
    assert not r.truncated


def test_summary_counts_cjk_characters_as_words(md):
    r = render(md, "一二三四五六\n\n七八九十\n\n后面\n", summary_length=10)
    assert r.summary_html == "<p>一二三四五六</p>\n<p>七八九十</p>\n"
    assert r.truncated


def test_summary_skips_headings_and_code(md):
    r = render(md, "## Heading\n\nPara one.\n\n```\ncode\n```\n\nPara two.\n", summary_length=3)
    assert r.summary_html == "<p>Para one.</p>\n<p>Para two.</p>\n"
    assert "<h2" not in r.summary_html
    assert r.truncated


# Code


def test_code_block_highlighted_with_classes(md):
    r = render(md, "```python\ndef f():\n    return 1\n```\n")
    assert r.html.startswith(
        '<div class="highlight" data-lang="python"><pre><code class="language-python">'
        '<span class="k">def</span>'
    )
    assert r.html.endswith("</code></pre></div>\n")
    assert "style=" not in r.html
    assert r.code_languages == frozenset({"python"})


def test_unknown_language_is_escaped_plain_text(md):
    r = render(md, "```nosuchlang\na < b && c\n```\n")
    assert r.html == (
        '<div class="highlight" data-lang="nosuchlang"><pre><code class="language-nosuchlang">'
        "a &lt; b &amp;&amp; c\n</code></pre></div>\n"
    )


def test_code_without_language_has_no_data_lang(md):
    r = render(md, "```\n<b>x</b>\n```\n")
    assert r.html == '<div class="highlight"><pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre></div>\n'
    assert r.code_languages == frozenset()


def test_code_languages_lists_each_fence_language(md):
    r = render(md, "```Python\nx\n```\n\n```bash\nls\n```\n\n    indented\n")
    assert r.code_languages == frozenset({"python", "bash"})


def test_pygments_css_has_light_rules_and_dark_media_query():
    css = pygments_css()
    light, dark = css.split("@media (prefers-color-scheme: dark) {")
    assert ".highlight .k { color: #008000; font-weight: bold }" in light
    assert ".highlight .k { color: #66D9EF }" in dark
    assert ".highlight { background: #272822" in dark
    assert css.rstrip().endswith("}")


# Other syntax


def test_footnotes_rendered_as_goldmark_renders_them(md):
    """Byte for byte what Hugo 0.168 printed for the same text: links to #fn:1 carry over."""
    r = render(md, "a[^x] b[^x] c[^y]\n\n[^x]: X note.\n[^y]: Y note\n\n    more\n")
    assert r.html == (
        '<p>a<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>'
        ' b<sup id="fnref1:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>'
        ' c<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup></p>\n'
        '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n<li id="fn:1">\n'
        '<p>X note.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>'
        '&#160;<a href="#fnref1:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>\n'
        '</li>\n<li id="fn:2">\n<p>Y note</p>\n'
        '<p>more&#160;<a href="#fnref:2" class="footnote-backref" role="doc-backlink">'
        "&#x21a9;&#xfe0e;</a></p>\n"
        "</li>\n</ol>\n</div>\n"
    )


def test_definition_list_rendered(md):
    r = render(md, "Term\n: Definition\n")
    assert "<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>" in r.html


def test_task_list_rendered(md):
    r = render(md, "- [ ] todo\n- [x] done\n")
    assert '<ul class="contains-task-list">' in r.html
    assert 'checked="checked"' in r.html
    assert r.html.count('type="checkbox"') == 2


def test_table_and_strikethrough_enabled(md):
    r = render(md, "| a | b |\n|---|---|\n| 1 | ~~2~~ |\n")
    assert "<table>" in r.html and "<del>2</del>" in r.html


def test_typographer_is_goldmarks_not_markdown_its(md):
    # On by default, as in Hugo; Goldmark has no (c) -> © replacement.
    r = render(md, 'He said "hi" -- (c)\n')
    assert "He said \u201chi\u201d \u2013 (c)" in r.html
    off = render(make_markdown(typographer=None), 'He said "hi" -- (c)\n')
    assert "He said &quot;hi&quot; -- (c)" in off.html


# Counts and determinism


def test_word_count_includes_text_inline_code_and_code_blocks(md):
    r = render(md, "One two `three`.\n\n```\nfour five\n```\n")
    assert r.word_count == 5


def test_reading_time_counts_chinese_at_500_characters_and_english_at_212_words_a_minute(md):
    chinese = render(md, "字" * 1000 + "\n")
    english = render(md, "word " * 1000 + "\n")
    assert (chinese.word_count, chinese.reading_time) == (1000, 2)
    assert (english.word_count, english.reading_time) == (1000, 5)


def test_empty_body_renders_empty(md):
    r = render(md, "")
    assert (r.html, r.summary_html, r.truncated) == ("", "", False)
    assert (r.word_count, r.reading_time, r.toc_html) == (0, 0, "")


def test_rendering_is_deterministic_and_instance_is_reusable(md):
    text = "# A\n\nText[^1] $x$.\n\n[^1]: N.\n\n## A\n"
    first = render(md, text)
    render(md, "[^1]: other\n\nUnrelated[^1].\n")
    assert render(md, text) == first


def test_tables_are_wrapped_so_they_can_scroll_without_losing_table_semantics(md):
    html = render_markdown(md, "| a | b |\n|---|---|\n| 1 | 2 |\n").html
    assert html.startswith('<div class="table-wrap">\n<table>')
    assert html.rstrip().endswith("</table>\n</div>")


# Goldmark's heading attributes (on in Hugo by default); each expected line is what
# Hugo 0.168 writes for the Markdown beside it.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("## Here {#x}", '<h2 id="x">Here</h2>'),
        ("## Two {#y .c .d data-a=1}", '<h2 id="y" class="c d" data-a="1">Two</h2>'),
        ("## Spaced   {#z}   ", '<h2 id="z">Spaced</h2>'),
        ("## Not {#bad id}", '<h2 id="not-bad-id">Not {#bad id}</h2>'),
        ("## Code `{#q}` {#w}", '<h2 id="w">Code <code>{#q}</code></h2>'),
        ("## Only class {.k}", '<h2 class="k" id="only-class">Only class</h2>'),
        ("## Braces {not attrs}", '<h2 id="braces-not-attrs">Braces {not attrs}</h2>'),
        ("## 中文标题 {#zh}", '<h2 id="zh">中文标题</h2>'),
        ("Text {#para}", "<p>Text {#para}</p>"),
    ],
)
def test_heading_attributes_are_read_as_goldmark_reads_them(source: str, expected: str):
    assert make_markdown().render(source).strip() == expected


def test_an_explicit_heading_id_is_an_anchor_and_in_the_table_of_contents():
    rendered = render_markdown(make_markdown(), "## 安装 {#install}\n\ntext\n")
    assert "install" in rendered.anchors
    assert rendered.toc == (Heading(2, "install", "安装"),)


def test_heading_attributes_without_raw_html_keep_only_safe_keys():
    html = make_markdown(unsafe=False).render("## T {#a .b onclick=x style=y data-k=v}").strip()
    assert html == '<h2 id="a" class="b" data-k="v">T</h2>'
