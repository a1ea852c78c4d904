"""Hugo's closing rule, as Blowfish sites rely on it: a shortcode whose inner content is
optional (katex, mermaid) is paired only when its closing tag follows; an indented body
stays Markdown; an unknown inline tag stays visible under --unknown-shortcodes=warn."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from test_hugo_shortcodes import content, small_site


def build(site: Path, *args: str) -> str:
    result = run_cli("build", "-q", *args, cwd=site)
    assert result.returncode == 0, result.stderr
    return content(site / "public" / "p" / "index.html")


def test_bare_katex_switches_math_on_and_a_paired_one_renders_its_formula(tmp_path: Path):
    body = "{{< katex >}}\n\nInline $a^2$.\n\n{{< katex >}}\\frac{1}{2}{{< /katex >}}\n\nAfter."
    html = build(small_site(tmp_path / "s", body))
    assert html.count("<math") == 2  # the bare tag prints nothing, the paired one its formula
    assert "<mfrac>" in html and "<p>After.</p>" in html


def test_bare_and_paired_katex_mix_on_one_page_in_any_order(tmp_path: Path):
    body = "{{< katex >}}x{{< /katex >}} and {{< katex >}} then {{< katex >}}y{{< /katex >}}."
    html = build(small_site(tmp_path / "s", body))
    assert html.count("<math") == 2 and "then" in html


def test_a_bare_mermaid_draws_nothing_and_a_paired_one_its_diagram(tmp_path: Path):
    body = "{{< mermaid >}}\n\n{{< mermaid >}}\ngraph TD; A-->B\n{{< /mermaid >}}"
    html = build(small_site(tmp_path / "s", body))
    assert html.count('<pre class="mermaid">') == 1 and "A--&gt;B" in html


def test_a_paired_shortcode_still_needs_its_closing_tag(tmp_path: Path):
    site = small_site(tmp_path / "s", 'Intro.\n\n{{< details summary="s" >}}\nnever closed')
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.startswith("content/p.md:6:1: shortcode 'details' opened here is never closed")


def test_an_indented_paired_body_is_markdown_not_a_code_block(tmp_path: Path):
    body = (
        '{{< details summary="Install" >}}\n'
        "    Use **pip**:\n\n"
        "    ```sh\n"
        "    pip install x\n"
        "    ```\n"
        "{{< /details >}}"
    )
    html = build(small_site(tmp_path / "s", body))
    assert "<strong>pip</strong>" in html
    assert '<code class="language-sh">' in html or 'class="highlight"' in html
    assert "    Use" not in html and "**pip**" not in html


def test_nested_indented_children_stay_markdown(tmp_path: Path):
    body = (
        '{{< details summary="outer" >}}\n'
        '    {{< details summary="inner" >}}\n'
        "        - one\n"
        "        - two\n"
        "    {{< /details >}}\n"
        "{{< /details >}}"
    )
    html = build(small_site(tmp_path / "s", body))
    assert "<li>one</li>" in html and "<pre>" not in html


def test_unknown_inline_shortcodes_stay_visible_with_their_arguments(tmp_path: Path):
    body = 'Star it: {{< stargazer "github" >}} now.\n\n{{< notice-card title="Heads up" >}}\n\nEnd.'
    html = build(small_site(tmp_path / "s", body), "--unknown-shortcodes=warn")
    assert '<code class="shortcode-unknown"' in html and "{{&lt; stargazer &quot;github&quot; &gt;}}" in html
    # alone on its line, the placeholder is a paragraph of its own
    assert '<p class="shortcode-unknown"' in html and "title=&quot;Heads up&quot;" in html


def test_an_unknown_tag_in_a_link_destination_leaves_the_link_whole(tmp_path: Path):
    html = build(small_site(tmp_path / "s", 'See [this]({{< myref "x" >}}).'), "--unknown-shortcodes=warn")
    assert '<p>See <a href="">this</a>.</p>' in html


def test_escapes_inside_paired_and_optional_shortcodes_stay_literal(tmp_path: Path):
    body = '{{< details summary="s" >}}\nWrite {{</* katex */>}} once per page.\n{{< /details >}}'
    html = build(small_site(tmp_path / "s", body))
    assert "Write {{&lt; katex &gt;}} once per page." in html and "<math" not in html


def test_a_comment_is_not_read_so_it_adds_no_reading_time(tmp_path: Path):
    words = " ".join(["draft"] * 2000)  # ten minutes, if it counted
    site = small_site(tmp_path / "s", f"Short post.\n\n{{{{< comment >}}}}{words}{{{{< /comment >}}}}")
    build(site)
    page = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert "draft" not in page and '<span class="reading-time">1 min read</span>' in page


def test_hugos_simple_and_removed_embeds_render_as_click_to_load_facades(tmp_path: Path):
    body = (
        '{{< x_simple user="SanDiegoZoo" id="1453110110599868418" >}}\n\n'
        '{{< twitter_simple user="SanDiegoZoo" id="1453110110599868418" >}}\n\n'
        "{{< vimeo_simple 55073825 >}}"
    )
    html = build(small_site(tmp_path / "s", body))
    assert html.count('class="facade') >= 3 and "<iframe" not in html
    assert "https://x.com/SanDiegoZoo/status/1453110110599868418" in html
    assert "vimeo.com/55073825" in html


def test_escapes_stay_literal_inside_blowfish_shortcodes_too(tmp_path: Path):
    # Hugo + Blowfish turn these back into live tags (alert and tab re-render their inner
    # as Markdown with shortcodes) and fail the build; here each shows as written.
    body = (
        '{{< alert "circle-info" >}}Write {{</* icon "github" */>}} for the mark.{{< /alert >}}\n\n'
        "{{< tabs >}}\n"
        '    {{< tab label="Hugo" >}}\n'
        "    Use {{%/* rtl */%}} around Arabic.\n"
        "    {{< /tab >}}\n"
        "{{< /tabs >}}\n\n"
        "{{< timeline >}}\n"
        '{{< timelineItem header="Escapes" >}}'
        "Paired: {{</* badge */>}}New{{</* /badge */>}}{{< /timelineItem >}}\n"
        "{{< /timeline >}}"
    )
    html = build(small_site(tmp_path / "s", body))
    assert "Write {{&lt; icon \u201cgithub\u201d &gt;}} for the mark." in html  # curled, as Hugo curls text
    assert "Use {{% rtl %}} around Arabic." in html
    assert "Paired: {{&lt; badge &gt;}}New{{&lt; /badge &gt;}}" in html
    assert 'dir="rtl"' not in html and 'class="badge"' not in html
