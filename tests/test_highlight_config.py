"""`[markup.highlight]` honoured in the built pages, as Hugo 0.168 does it.

Checked with the real Hugo on the same Markdown: `lineNos = true` with
`lineNumbersInTable = false` numbers each line inline from `lineNoStart`,
`anchorLineNos` makes each number a link to `#hl-<block>-<line>`, `hl_Lines`
marks lines, and `style` (noClasses, Hugo's default) colours the code inline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

POST = "---\ntitle: Code\ndate: 2026-03-01\n---\n\n```go\nx := 1\ny := 2\n```\n\n```go\nz := 3\n```\n"


def build(tmp_path: Path, config: str, name: str = "hugo.toml", body: str = POST) -> tuple[int, str, str]:
    (tmp_path / name).write_text('baseURL = "https://example.org/"\n' + config, encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "content/code.md").write_text(body, encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    page = tmp_path / "public/code/index.html"
    html = page.read_text(encoding="utf-8") if page.is_file() else ""
    return result.returncode, result.stderr, html


INLINE = (
    '[markup.highlight]\nlineNos = true\nlineNumbersInTable = false\nstyle = "dracula"\n'
    'anchorLineNos = true\nlineNoStart = 5\nhl_Lines = "2"\n'
)


@pytest.mark.parametrize("name", ["hugo.toml", "sitegen.toml"])
def test_line_numbers_anchors_marked_lines_and_inline_colours(tmp_path: Path, name: str):
    code, err, html = build(tmp_path, INLINE, name)
    assert (code, err) == (0, "")
    # Hugo: <span id="hl-0-5"><a href="#hl-0-5">5</a></span>, the second block hl-1-5
    assert '<span class="ln" id="hl-0-5"><a class="lnlinks" href="#hl-0-5">5</a></span>' in html
    assert 'id="hl-0-6"' in html and 'id="hl-1-5"' in html
    assert html.count('<span class="line hl">') == 1  # line 2 of the first block (6)
    assert '<pre style="background-color:#282a36;">' in html  # dracula's background, as Hugo's
    assert '<span style="color: #FF79C6">:=</span>' in html  # dracula's operator colour
    assert "<table" not in html


def test_line_numbers_in_a_table_by_default(tmp_path: Path):
    code, err, html = build(tmp_path, "[markup.highlight]\nlineNos = true\nnoClasses = false\n")
    assert (code, err) == (0, "")
    assert html.count('<table class="lntable">') == 2
    assert '<span class="lnt">1\n</span><span class="lnt">2\n</span>' in html
    assert (
        "style=" not in html.split('<div class="content" data-pagefind-body>')[1].split("</article>")[0]
    )  # classes


def test_no_classes_false_keeps_sitegens_classes_and_ignores_the_style(tmp_path: Path):
    code, err, html = build(tmp_path, '[markup.highlight]\nnoClasses = false\nstyle = "dracula"\n')
    assert (code, err) == (0, "")
    assert '<pre><code class="language-go"><span class="nx">x</span>' in html


def test_without_the_table_code_is_as_before(tmp_path: Path):
    _, _, html = build(tmp_path, "")
    assert (
        '<div class="highlight" data-lang="go"><pre><code class="language-go"><span class="nx">x</span>'
        in html
    )


def test_the_highlight_shortcode_starts_from_the_config_and_its_own_options_win(tmp_path: Path):
    body = (
        "---\ntitle: Code\ndate: 2026-03-01\n---\n\n"
        '{{< highlight go >}}\na := 1\n{{< /highlight >}}\n\n{{< highlight go "linenos=false" >}}\nb := 2\n'
        "{{< /highlight >}}\n"
    )
    code, err, html = build(tmp_path, "[markup.highlight]\nlineNos = true\nnoClasses = false\n", body=body)
    assert (code, err) == (0, "")
    assert html.count('<table class="lntable">') == 1


@pytest.mark.parametrize(
    "config, message",
    [
        (
            '[markup.highlight]\nlineNos = "true"\n',
            # Hugo: lineNos must be one of true, false, "inline", or "table"; got true (string)
            'hugo.toml:3:1: markup.highlight.lineNos must be true, false, "inline" or "table", not \'true\'',
        ),
        (
            '[markup.highlight]\nhl_Lines = "two"\n',
            "hugo.toml:3:1: markup.highlight.hl_Lines takes line numbers and ranges, not 'two'",
        ),
        (
            "[markup.highlight]\nlineNoStart = 1.5\n",
            "hugo.toml:3:1: markup.highlight.lineNoStart must be an integer, not float 1.5",
        ),
    ],
)
def test_a_wrong_value_is_an_error_at_its_line(tmp_path: Path, config: str, message: str):
    code, err, _ = build(tmp_path, config)
    assert code == 1
    assert err.splitlines()[0] == message


def test_a_chroma_style_pygments_lacks_is_a_warning_and_monokai(tmp_path: Path):
    code, err, html = build(tmp_path, '[markup.highlight]\nstyle = "github"\n')
    assert code == 0
    assert err.splitlines()[0] == (
        "hugo.toml:3:1: warning: highlight style 'github' is one of Hugo's that sitegen lacks,"
        " so code is coloured monokai"
    )
    assert '<pre style="color:#f8f8f2;background-color:#272822;">' in html


def test_settings_sitegen_does_not_use_are_in_the_one_summary(tmp_path: Path):
    code, err, _ = build(
        tmp_path, "[markup.highlight]\ntabWidth = 2\nguessSyntax = true\nnoClasses = false\n"
    )
    assert code == 0
    assert err.splitlines() == [
        "hugo.toml: warning: 2 Hugo settings are not used by sitegen and were ignored:"
        " markup.highlight.guessSyntax, markup.highlight.tabWidth"
    ]


def test_code_fences_false_leaves_fenced_code_plain(tmp_path: Path):
    body = "---\ntitle: Code\ndate: 2026-03-01\n---\n\n```go\nx := 1 < 2\n```\n"
    code, err, html = build(tmp_path, "[markup.highlight]\ncodeFences = false\n", body=body)
    assert (code, err) == (0, "")
    # exactly what Hugo 0.168 writes for it
    assert '<pre><code class="language-go">x := 1 &lt; 2\n</code></pre>' in html
