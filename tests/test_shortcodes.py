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
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mfrac>' in html


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
    assert "<p>Escaped: {{&lt; lead &gt;}} and &lt;&lt;&lt; tag &quot;x&quot; &gt;&gt;&gt;.</p>" in html


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
