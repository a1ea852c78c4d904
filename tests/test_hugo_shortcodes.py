"""Hugo's built-in shortcodes as Hugo sites use them (tests/sites/hugo-shortcodes/), and
unknown shortcodes: one report per name for the whole site, or with
`--unknown-shortcodes=warn` a warning and the content between the tags kept.

The expected HTML was checked against Hugo 0.168 rendering the same calls: the
markup differs (our theme and Pygments), the elements and attributes do not,
except where a comment says sitegen differs on purpose.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import run_cli
from sitegen.highlight import pygments_css

SITES = Path(__file__).parent / "sites"
SITE = SITES / "hugo-shortcodes"
UNKNOWN = SITES / "invalid" / "sc-unknown-many"  # its `expect` is the error build's stderr


def sitegen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=site)


def content(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<div class="content"')
    return html[start : html.index("</article>", start)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("hugo") / "site"
    shutil.copytree(SITE, site)
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    posts = site / "public" / "posts"
    return {
        p.name: content(p / "index.html") for p in posts.iterdir() if (p / "index.html").is_file()
    }  # not page/1/


def small_site(root: Path, body: str, front: str = "") -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "p.md").write_text(f"---\ntitle: P\n{front}---\n{body}\n", encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "T"\n[params]\nname = "site"\n', encoding="utf-8")
    return root


# figure


def test_figure_alone_has_lazy_loading_and_an_empty_alt(pages):
    # Hugo writes neither; alt="" keeps the HTML valid, lazy loading is our default
    assert '<img src="plain.png" alt="" loading="lazy">' in pages["figure"]
    assert "<figcaption>" not in pages["figure"].split("plain.png")[1].split("</figure>")[0]


def test_figure_caption_is_markdown_and_the_alt_falls_back_to_it_as_text(pages):
    html = pages["figure"]
    # decoding="async": sitegen/images/ adds it to every image but the page's first
    assert '<img src="cap.png" alt="The caption with a link" loading="lazy" decoding="async">' in html
    assert '<figcaption><p>The <em>caption</em> with <a href="https://x.org">a link</a></p>' in html


def test_figure_writes_every_documented_argument(pages):
    html = pages["figure"]
    assert '<figure class="wide">' in html
    assert (
        '<a href="https://d.org" target="_blank" rel="noopener"><img src="all.png"'
        ' alt="All of them" width="640" height="480" loading="eager" decoding="async"></a>'
    ) in html
    assert (
        '<figcaption><h4>Title D</h4><p>Cap D <a href="https://me.org">Photo by <strong>Me</strong></a></p>'
    ) in html


def test_figure_attribution_alone_makes_a_caption(pages):
    assert "<figcaption><p>Just attr</p>" in pages["figure"]


def test_figure_escapes_its_attributes(pages):
    assert 'alt="x&#34;y &lt;z&gt;"' in pages["figure"]


def test_figure_without_src_is_a_located_error(tmp_path: Path):
    # Hugo writes <img src=""> for a positional src; that is never what the author meant
    site = small_site(tmp_path / "s", 'Text.\n\n{{< figure "photo.jpg" >}}')
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'content/p.md:6:1: figure needs src="…"',
        '  hint: figure takes named arguments only: {{< figure src="photo.jpg" alt="…" >}}',
    ]


# highlight


def test_highlight_with_a_language_only_is_marked_up_as_fenced_code(pages):
    assert (
        '<div class="highlight" data-lang="python"><pre><code class="language-python">'
        '<span class="k">def</span>'
    ) in pages["highlight"]


def test_highlight_table_numbers_start_where_asked_and_mark_highlighted_lines(pages):
    html = pages["highlight"]
    numbers = re.search(r'<table class="lntable"><tr><td class="lntd"><pre><code>(.*?)</code>', html, re.S)
    assert numbers is not None
    # hl_lines counts lines of the block (2-3), whatever linenostart says: numbers 6 and 7
    assert numbers[1] == (
        '<span class="lnt">5\n</span><span class="hl"><span class="lnt">6\n'
        '</span></span><span class="hl"><span class="lnt">7\n</span></span>'
        '<span class="lnt">8\n</span>'
    )
    assert '<span class="line hl"><span class="cl"><span class="n">b</span>' in html
    assert '<span class="line"><span class="cl"><span class="n">d</span>' in html


def test_highlight_inline_numbers_link_to_themselves(pages):
    html = pages["highlight"]  # written `LineNos=inline`: option names are case-insensitive
    assert (
        '<span class="line hl"><span class="ln" id="ex-1"><a class="lnlinks" href="#ex-1">1</a>'
        '</span><span class="cl"><span class="nx">x</span>'
    ) in html
    assert '<span class="line"><span class="ln" id="ex-2">' in html
    assert '<span class="line hl"><span class="ln" id="ex-3">' in html


def test_highlight_named_arguments_work_too(pages):
    # Hugo reads only positional ones and would show this block unhighlighted
    assert (
        '<td class="lntd"><pre><code class="language-python"><span class="line"><span class="cl">'
        '<span class="n">named</span>'
    ) in pages["highlight"]


def test_highlight_unknown_language_is_plain_escaped_code(pages):
    assert (
        '<pre><code class="language-nosuchlang">&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>' in pages["highlight"]
    )


def test_highlight_hl_inline_is_code_inside_the_sentence(pages):
    assert (
        '<p>Inline: <code class="code-inline language-python"><span class="nb">print</span>'
        in pages["highlight"]
    )


def test_highlight_accepts_hugo_style_options_it_has_no_use_for(pages):
    assert (
        '<div class="highlight" data-lang="python"><pre><code class="language-python">'
        '<span class="n">styled</span>'
    ) in pages["highlight"]


def test_highlight_percent_form_survives_a_blank_line_in_the_code(pages):
    html = pages["highlight"]
    assert (
        '<span class="line"><span class="cl"><span class="n">first</span> <span class="o">=</span>'
        ' <span class="mi">1</span>\n</span></span><span class="line"><span class="cl">\n'
        '</span></span><span class="line"><span class="cl"><span class="n">second</span>'
    ) in html
    assert "<p>After the percent block.</p>" in html and "<p><span" not in html


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("linenos=maybe", "linenos must be true, false, table or inline, not 'maybe'"),
        ("linenostart=abc", "linenostart must be a whole number, not 'abc'"),
        ("hl_lines=x", "hl_lines takes line numbers and ranges such as \"2 4-6\", not 'x'"),
        ("linenos", "highlight option 'linenos' has no value"),
        # int() of a 5000-digit number was 'internal error: ValueError'
        ("linenostart=" + "9" * 5000, f"linenostart must be below a billion, not '{'9' * 39}…'"),
        (
            "hl_lines=1-" + "9" * 5000,
            f"hl_lines takes line numbers and ranges such as \"2 4-6\", not '1-{'9' * 37}…'",
        ),
        ("linenostart=²", "linenostart must be a whole number, not '²'"),
    ],
)
def test_highlight_bad_option_is_a_located_error(tmp_path: Path, options: str, message: str):
    site = small_site(tmp_path / "s", f'{{{{< highlight go "{options}" >}}}}\nx := 1\n{{{{< /highlight >}}}}')
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"content/p.md:4:1: {message}"


def test_highlight_range_past_the_last_line_stops_there(tmp_path: Path):
    """hl_lines=1-999999999999 built a set of a trillion line numbers: the machine ran
    out of memory. Lines past the code's last do not exist, as in Hugo."""
    site = small_site(
        tmp_path / "s",
        '{{< highlight go "hl_lines=2-999999999999" >}}\na := 1\nb := 2\nc := 3\n{{< /highlight >}}',
    )
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert html.count('<span class="line hl">') == 2 and html.count('<span class="line">') == 1


def test_highlight_unknown_option_warns_with_a_suggestion(tmp_path: Path):
    site = small_site(tmp_path / "s", '{{< highlight go "hl_line=2" >}}\nx := 1\n{{< /highlight >}}')
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/p.md:4:1: warning: unknown highlight option 'hl_line' is ignored",
        "  hint: did you mean 'hl_lines'?",
    ]


def test_syntax_css_styles_line_numbers_and_highlighted_lines_light_and_dark():
    light, dark = pygments_css().split("@media (prefers-color-scheme: dark) {")
    assert ".highlight .hl { background-color: #ffffcc }" in light
    assert ".highlight .hl { background-color: #49483e }" in dark
    assert ".highlight .lnt" in light and "user-select: none" in light


# details


def test_details_defaults_its_summary(pages):
    assert "<details>\n<summary>Details</summary>\nDefault <em>summary</em>.\n</details>" in pages["details"]


def test_details_takes_summary_open_class_name_and_title(pages):
    html = pages["details"]
    assert (
        '<details class="c1" name="grp" title="T" open>\n<summary>Sum <strong>bold</strong>'
        "</summary>\n<p>Para one.</p>\n<p>Para two.</p>\n</details>"
    ) in html
    assert "<details>\n<summary>Closed</summary>" in html  # open=false


def test_details_percent_form_renders_the_same(pages):
    assert "<details>\n<summary>Percent</summary>\nPercent <em>inner</em>.\n</details>" in pages["details"]


# param


def test_param_prints_page_values_as_hugo_does(pages):
    assert "<p>Page: 42 / page-repo / 2 / true / [a b].</p>" in pages["param"]


def test_param_falls_back_to_site_params_with_dotted_keys_in_any_case(pages):
    # author.name is not in the page's author table, so the site's is used
    assert "<p>Site: from the site / from the site / Site Author / page@example.org.</p>" in pages["param"]


def test_param_reads_the_title_escapes_html_and_fits_in_a_link(pages):
    html = pages["param"]
    assert "Title: Param page." in html
    assert "HTML is escaped: &lt;b&gt;bold&lt;/b&gt; &amp; co." in html
    assert '<a href="https://example.com/?x=1&amp;y=2">home</a>' in html


@pytest.mark.parametrize(
    ("call", "lines"),
    [
        (
            '{{< param "nope.deep" >}}',
            ["content/p.md:7:1: param 'nope.deep' is set neither in front matter nor in [params]"],
        ),
        (
            '{{< param "nmae" >}}',
            [
                "content/p.md:7:1: param 'nmae' is set neither in front matter nor in [params]",
                "  hint: did you mean 'name'?",
            ],
        ),
        (
            "{{< param >}}",
            [
                "content/p.md:7:1: param needs the name of a parameter",
                '  hint: e.g. {{< param "description" >}}, or "author.name" for a nested one',
            ],
        ),
        (
            '{{< param "box" >}}',
            [
                "content/p.md:7:1: param 'box' is a table, not a value",
                "  hint: name one value in it: box.a, box.b",
            ],
        ),
    ],
)
def test_param_mistakes_are_located_errors(tmp_path: Path, call: str, lines: list[str]):
    site = small_site(tmp_path / "s", call, front="box:\n  a: 1\n  b: 2\n")
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == lines


# ref and relref


def test_ref_and_relref_take_positional_and_named_arguments(pages):
    html = pages["refs"]
    assert '<a href="https://hs.example/posts/other/">a</a>' in html
    assert '<a href="/posts/other/#part-two">b</a>' in html
    assert '<a href="/posts/other/">c</a>' in html
    assert '<a href="https://hs.example/posts/other/">d</a>' in html  # outputFormat="html"


def test_ref_to_another_output_format_is_an_error(tmp_path: Path):
    site = small_site(tmp_path / "s", 'See [feed]({{< ref "p" "rss" >}}).')
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/p.md:4:12: ref to output format 'rss' is not supported",
        "  hint: refs link HTML pages; link a feed by its URL",
    ]


# escapes


def test_escapes_show_both_spellings_literally(pages):
    # The tag is text to Markdown, so the typographer curls its quotes, as Hugo 0.168
    # prints it (`src=&ldquo;x.png&rdquo;`); in code it stays as written (below).
    assert (
        "<p>Angle: {{&lt; figure src=\u201cx.png\u201d &gt;}} and percent:"
        " {{% details summary=\u201cy\u201d %}}.</p>"
    ) in pages["escapes"]


def test_escaped_pair_stays_text_with_its_content(pages):
    assert "<p>Paired: {{&lt; notice &gt;}}inner{{&lt; /notice &gt;}}.</p>" in pages["escapes"]


def test_escape_inside_code_is_unescaped_there_too(pages):
    assert (
        '<code class="language-go-html-template">{{&lt; highlight go "linenos=table" &gt;}}\n</code>'
    ) in pages["escapes"]


# unknown shortcodes


@pytest.fixture
def unknown_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(UNKNOWN, site, ignore=shutil.ignore_patterns("expect"))
    return site


WARNINGS = [
    "content/blog/a.md:6:5: warning: unknown shortcode 'notice' (used 3 times: content/blog/a.md:6,"
    " content/blog/b.md:4, content/blog/b.md:7)",
    "  hint: each use shows as a placeholder, keeping what is between its tags; add a template at"
    " layouts/shortcodes/notice.html to render it",
    "content/blog/a.md:10:11: warning: unknown shortcode 'soundcloud'",
    "  hint: each use shows as a placeholder, keeping what is between its tags; add a template at"
    " layouts/shortcodes/soundcloud.html to render it",
]


def test_unknown_shortcodes_fail_the_build_once_per_name_and_keep_the_old_output(unknown_site: Path):
    old = unknown_site / "public" / "index.html"
    old.parent.mkdir()
    old.write_text("the site readers see today")
    result = sitegen(unknown_site, "build")
    assert result.returncode == 1
    assert result.stderr == (UNKNOWN / "expect").read_text(encoding="utf-8")
    assert result.stderr.count("unknown shortcode") == 2  # notice and soundcloud, each once
    assert [p.name for p in (unknown_site / "public").iterdir()] == ["index.html"]
    assert old.read_text() == "the site readers see today"


def test_unknown_shortcodes_warn_and_keep_the_content_between_their_tags(unknown_site: Path):
    result = sitegen(unknown_site, "build", "--unknown-shortcodes=warn", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == WARNINGS
    a = content(unknown_site / "public" / "blog" / "a" / "index.html")
    b = content(unknown_site / "public" / "blog" / "b" / "index.html")
    assert "<p>Paired: its closing tag is not another use.</p>" in a  # {{< >}} inner is Markdown too
    # an inline use shows as itself, in a placeholder readers and the author can see
    assert (
        '<p>Watch <code class="shortcode-unknown" title="unknown shortcode &#x27;soundcloud&#x27;:'
        ' no template renders it">{{&lt; soundcloud 55073825 &gt;}}</code>.</p>'
    ) in a
    assert "<p>Markdown <em>inside</em>.</p>" in b
    assert 'Nested <code class="shortcode-unknown"' in b and "{{&lt; notice /&gt;}}</code> too." in b
    assert "notice" not in a


def test_check_reports_unknown_shortcodes_as_build_does(unknown_site: Path):
    result = sitegen(unknown_site, "check")
    assert result.returncode == 1
    expected = (UNKNOWN / "expect").read_text(encoding="utf-8").replace(": unknown", ": error: unknown")
    assert result.stdout == expected
    warned = sitegen(unknown_site, "check", "--unknown-shortcodes", "warn")
    assert warned.returncode == 0
    assert warned.stdout.splitlines() == WARNINGS


def test_a_typo_gets_a_suggestion_and_hugos_removed_shortcodes_still_render(tmp_path: Path):
    site = small_site(tmp_path / "s", '{{< leed >}}x{{< /leed >}}\n\n{{< twitter_simple user="a" id="1" >}}')
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/p.md:4:5: unknown shortcode 'leed'",
        "  hint: did you mean 'lead'? Otherwise add a template at layouts/shortcodes/leed.html,"
        " or build with --unknown-shortcodes=warn to skip it, keeping what is between its tags",
    ]  # twitter_simple, removed from Hugo in v0.156.0, renders as x does


def test_many_uses_are_listed_up_to_ten(tmp_path: Path):
    site = small_site(tmp_path / "s", "\n\n".join(["{{< ad >}}"] * 12))
    result = sitegen(site, "build")
    first = result.stderr.splitlines()[0]
    places = ", ".join(f"content/p.md:{4 + 2 * i}" for i in range(10))
    assert first == f"content/p.md:4:5: unknown shortcode 'ad' (used 12 times: {places}, and 2 more)"


def test_serve_takes_the_flag_and_shows_the_content(unknown_site: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--port", "0", "--unknown-shortcodes=warn"],
        cwd=unknown_site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        printed = []
        for line in proc.stdout:
            printed.append(line)
            if line.startswith("Serving "):
                break
        url = re.search(r"at (http://\S+?)/?[ ;]", printed[-1])
        assert url, printed
        page = urllib.request.urlopen(f"{url[1]}/blog/a/", timeout=10).read().decode()
        assert "<p>Paired: its closing tag is not another use.</p>" in page
        assert any("warning: unknown shortcode 'notice' (used 3 times" in p for p in printed)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("mode", ["error", "warn"])
def test_serve_one_page_update_reports_unknown_shortcodes_by_mode(
    tmp_path: Path, mode: str, caplog: pytest.LogCaptureFixture
):
    from sitegen.config import load_config
    from sitegen.errors import BuildFailed
    from sitegen.make import make_site
    from sitegen.serve.incremental import update_post

    site = small_site(tmp_path / "s", "Intro.")
    made = make_site(load_config(site, unknown_shortcodes=mode), cache=False)
    post = (site / "content" / "p.md").resolve()
    post.write_text(post.read_text().replace("Intro.", "Intro, {{< ad >}}{{< ad >}}kept{{< /ad >}}."))
    if mode == "error":
        with pytest.raises(BuildFailed) as failed:
            update_post(made, post)
        assert [p.format() for p in failed.value.problems] == [
            f"{post}:4:12: unknown shortcode 'ad' (used 2 times: {post}:4, {post}:4)\n"
            "  hint: add a template at layouts/shortcodes/ad.html, or build with"
            " --unknown-shortcodes=warn to skip it, keeping what is between its tags"
        ]
        return
    update = update_post(made, post)
    assert update is not None and b"{{&lt; ad &gt;}}</code>kept.</p>" in update.page.data
    assert "warning: unknown shortcode 'ad' (used 2 times" in caplog.text


def test_a_hugo_configured_site_is_told_its_go_templates_cannot_run(tmp_path: Path):
    site = tmp_path / "s"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_shortcodes").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "H"\n')
    (site / "layouts" / "_shortcodes" / "notice.html").write_text("<div>{{ .Inner }}</div>\n")
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\n{{< notice >}}Kept.{{< /notice >}}\n")
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/a.md:4:5: unknown shortcode 'notice'",
        "  hint: layouts/_shortcodes/notice.html is a Hugo (Go) template, which sitegen cannot"
        " run; build with --unknown-shortcodes=warn to skip it, keeping what is between its tags",
    ]
    warned = sitegen(site, "build", "--unknown-shortcodes=warn")
    assert warned.returncode == 0, warned.stderr
    assert "<p>Kept.</p>" in (site / "public" / "a" / "index.html").read_text()
