"""Shortcodes rendered end to end: built-ins, user templates, nesting, both spellings,
escapes and code that must stay literal (tests/sites/shortcodes/)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "sites" / "shortcodes"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("sc") / "site"
    shutil.copytree(SITE, site)
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=site, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return site / "public"


@pytest.fixture(scope="module")
def html(public: Path) -> str:
    return (public / "posts" / "all" / "index.html").read_text(encoding="utf-8")


def test_lead_renders_its_markdown_inside_a_div_not_a_paragraph(html: str):
    assert '<div class="lead">The <strong>lead</strong> paragraph.</div>' in html
    assert '<p><div class="lead">' not in html


def test_ref_gives_permalink_and_relref_site_relative_url_with_anchor(html: str):
    assert '<a href="https://sc.example/posts/other/">other</a>' in html
    assert '<a href="/posts/other/#part-two">relative</a>' in html
    assert '<a href="/posts/other/#faq">FAQ</a>' in html  # the id is in the box's output


def test_ref_lang_argument_points_at_the_translation(html: str):
    assert '<a href="https://sc.example/zh/posts/other/">in Chinese</a>' in html


def test_figure_has_image_alt_and_markdown_caption(html: str):
    assert '<img src="diagram.png" alt="A diagram" loading="lazy">' in html
    assert "<figcaption><p>The <em>caption</em></p>" in html


def test_details_collapses_markdown_content(html: str):
    assert "<details>\n<summary>More</summary>\nHidden <strong>text</strong>.\n</details>" in html


def test_highlight_shortcode_matches_fenced_code_markup(html: str):
    assert (
        '<div class="highlight" data-lang="python"><pre><code class="language-python">'
        '<span class="k">def</span>' in html
    )


def test_katex_goes_through_the_same_mathml_path_as_dollars(html: str):
    assert '<math alttext="\\frac{a}{b}" display="block" class="tml-display"' in html
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in html


def test_mermaid_keeps_source_and_loads_its_script_only_where_used(html: str, public: Path):
    assert '<pre class="mermaid">graph LR\n  A --&gt; B</pre>' in html
    assert '<script src="/js/mermaid.min.js"></script>' in html
    other = (public / "posts" / "other" / "index.html").read_text(encoding="utf-8")
    assert "mermaid" not in other
    assert (public / "js" / "mermaid.min.js").stat().st_size > 1_000_000


def test_user_shortcode_sees_inner_args_page_site_and_parent(html: str):
    assert (
        '<div class="box box-warn" data-depth="1">Outer with <span class="tag" data-parent="box"'
        ' data-page="All of them" data-site="https://example.org/repo">nested</span> inside.</div>' in html
    )


def test_percent_form_output_is_markdown(html: str):
    assert '<div class="box box-info" data-depth="1">Markdown <em>inside</em> percent</div>' in html


def test_angle_spelling_works_like_braces(html: str):
    assert (
        '<span class="tag" data-parent="" data-page="All of them"'
        ' data-site="https://example.org/repo">angle</span>' in html
    )


def test_param_reads_front_matter_then_site_params(html: str):
    assert "<p>Param: 42 and https://example.org/repo.</p>" in html


def test_escapes_print_the_shortcode_literally(html: str):
    # quotes curled as in any text (Hugo does the same to its escapes); sitegen's own
    # <<< >>> are never turned into angle quotes
    assert "<p>Escaped: {{&lt; lead &gt;}} and &lt;&lt;&lt; tag \u201cx\u201d &gt;&gt;&gt;.</p>" in html


def test_here_string_and_repl_prompt_in_code_stay_literal(html: str):
    assert '<span class="o">&lt;&lt;&lt;</span>' in html
    assert "&gt;&gt;&gt;<span" in html


def test_site_template_overrides_a_builtin(tmp_path: Path):
    site = tmp_path / "s"
    shutil.copytree(SITE, site)
    (site / "layouts" / "shortcodes" / "lead.html").write_text(
        '<p class="my-lead">{{ inner | markdownify }}</p>', encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=site, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    page = (site / "public" / "posts" / "all" / "index.html").read_text(encoding="utf-8")
    assert '<p class="my-lead">The <strong>lead</strong> paragraph.</p>' in page


def test_error_inside_a_user_shortcode_points_at_its_line_and_names_the_call(tmp_path: Path):
    site = tmp_path / "s"
    shutil.copytree(SITE, site)
    (site / "layouts" / "shortcodes" / "tag.html").write_text("{{ nope.attr }}", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=site, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "layouts/shortcodes/tag.html:1: template error: 'nope' is undefined"
        " (while rendering shortcode 'tag' at content/posts/all.md:35:12)",
    ]


# -- URLs from authors: with raw HTML off, only those Markdown would link -----------


def build_post(root: Path, body: str, *, unsafe: bool, files: dict[str, str] | None = None):
    """Build a one-post site whose body starts on line 4 of content/post.md."""
    config = f'title = "T"\n[markup.goldmark.renderer]\nunsafe = {str(unsafe).lower()}\n'
    for name, text in {
        "sitegen.toml": config,
        "content/post.md": f"---\ntitle: P\n---\n{body}\n",
        **(files or {}),
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=root, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("argument", "url", "scheme"),
    [
        ("link", "javascript:alert(1)", "javascript:"),
        ("link", " JavaScript:alert(1)", "javascript:"),  # browsers drop the space, ignore case
        ("link", "java\tscript:alert(1)", "javascript:"),  # ...and tabs inside
        ("attrlink", "vbscript:msgbox(1)", "vbscript:"),
        ("link", "file:///etc/passwd", "file:"),
        ("src", "data:image/svg+xml,<svg onload=alert(1)>", "data:"),
        ("src", "data:text/html,<script>alert(1)</script>", "data:"),
    ],
)
def test_with_raw_html_off_a_figure_url_markdown_would_not_link_is_refused_at_the_tag(
    tmp_path: Path, argument: str, url: str, scheme: str
):
    extra = ' attr="me"' if argument == "attrlink" else ""
    src = "" if argument == "src" else ' src="a.png"'
    result = build_post(tmp_path, f'Text.\n\n{{{{< figure{src} {argument}="{url}"{extra} >}}}}', unsafe=False)
    assert result.returncode == 1, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"content/post.md:6:1: figure {argument}=")
    assert first.endswith(f"is a {scheme} URL, refused while raw HTML is off")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "public").exists()


def test_with_raw_html_off_urls_markdown_links_still_work(tmp_path: Path):
    body = (
        '{{< figure src="data:image/png;base64,iVBORw0KGgo=" link="https://example.org/a?b=1#c" >}}\n\n'
        '{{< figure src="photo.jpg" link="mailto:me@example.org" attr="Me" attrlink="#top" >}}'
    )
    result = build_post(tmp_path, body, unsafe=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "public/post/index.html").read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,iVBORw0KGgo="' in page
    assert '<a href="https://example.org/a?b=1#c">' in page
    assert '<a href="mailto:me@example.org">' in page and '<a href="#top">' in page


def test_with_raw_html_on_authors_are_trusted_as_in_hugo(tmp_path: Path):
    result = build_post(tmp_path, '{{< figure src="a.png" link="javascript:void(0)" >}}', unsafe=True)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    page = (tmp_path / "public/post/index.html").read_text(encoding="utf-8")
    assert '<a href="javascript:void(0)">' in page


def test_a_user_shortcode_template_refuses_urls_with_the_safe_url_filter(tmp_path: Path):
    button = '<a class="button" href="{{ get("href") | safe_url("href") }}">{{ inner }}</a>'
    files = {"layouts/shortcodes/button.html": button}
    body = (
        'Text.\n\n{{< button href="/docs/" >}}Docs{{< /button >}} and\n'
        '{{< button href="javascript:x()" >}}Go{{< /button >}}'
    )
    result = build_post(tmp_path, body, unsafe=False, files=files)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'content/post.md:7:1: button href="javascript:x()" is a javascript: URL,'
        " refused while raw HTML is off"
    )
    fine = build_post(tmp_path, '{{< button href="/docs/" >}}Docs{{< /button >}}', unsafe=False, files=files)
    assert fine.returncode == 0, fine.stderr
    assert '<a class="button" href="/docs/">Docs</a>' in (tmp_path / "public/post/index.html").read_text()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("Text.\n\n{{< katex >}}\\href{javascript:alert(1)}{x}{{< /katex >}}", "6:1"),
        ("Text.\n\nSo $a = \\href{javascript:alert(1)}{x}$.", "6:9"),
        ("Text.\n\nSo $a = \\href{https://example.org/}{x}$.", "6:9"),
    ],
)
def test_a_math_href_is_an_unsupported_command_and_never_a_link(tmp_path: Path, body: str, where: str):
    # MathML Core has no links; Temml leaves \href out, so it warns and shows the TeX
    result = build_post(tmp_path, body, unsafe=False)
    assert result.returncode == 0, result.stderr
    assert f"content/post.md:{where}: warning: unsupported TeX command \\href" in result.stderr
    html = (tmp_path / "public/post/index.html").read_text(encoding="utf-8")
    assert 'class="math-error">' in html and 'href="javascript' not in html
