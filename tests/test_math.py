"""Math in posts: every delimiter, dollars that are prose, located warnings,
equation numbers, site macros, hostile TeX, and what a copy gives.

The formula corpus and its comparison with KaTeX are in test_math_katex.py;
the font in test_math_font.py.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from conftest import run_cli
from sitegen.markdown import make_markdown, render_markdown
from sitegen.math import engine
from sitegen.math.numbering import number_page
from sitegen.parallel import run_all


@pytest.fixture(scope="module")
def md():
    return make_markdown()


def formulas(html: str) -> list[str]:
    """The TeX of each rendered formula, in order (its alttext)."""
    return [m.replace("&amp;", "&") for m in re.findall(r'<math alttext="([^"]*)"', html)]  # &gt; stays


def render(md, text: str, **kw):
    """A body rendered as a build renders it: Markdown, then the page's numbers."""
    path, first = kw.pop("path", "post.md"), kw.get("first_line", 1)
    return number_page(render_markdown(md, text, path=path, **kw), path, text, first)


# Delimiters


@pytest.mark.parametrize(
    ("source", "tex", "display"),
    [
        ("An $x^2$ here.", "x^2", False),
        ("An \\(x^2\\) here.", "x^2", False),
        ("An \\\\(x^2\\\\) here.", "x^2", False),  # a Blowfish post's spelling for KaTeX
        ("An $$x^2$$ here.", "x^2", True),
        ("An \\[x^2\\] here.", "x^2", True),
        ("$$\nx^2\n$$", "x^2", True),
        ("\\[\nx^2\n\\]", "x^2", True),
        ("\\\\[\nx^2\n\\\\]", "x^2", True),
        ("\\begin{equation}\nx^2\n\\end{equation}", "\\begin{equation}\nx^2\n\\end{equation}", True),
        ("\\begin{align*}\na &= b\n\\end{align*}", "\\begin{align*}\na &= b\n\\end{align*}", True),
    ],
)
def test_every_delimiter_is_math(md, source: str, tex: str, display: bool):
    r = render(md, source + "\n")
    assert formulas(r.html) == [tex]
    assert ('display="block"' in r.html) is display
    assert r.has_math


def test_a_bracket_block_over_lines_that_look_like_markdown_stays_one_formula(md):
    r = render(md, "Text\n\\[\na\n- b\n+ c\n> d\n1. e\n\\]\n")
    assert formulas(r.html) == ["a\n- b\n+ c\n&gt; d\n1. e"]
    assert "<ul>" not in r.html and "<ol>" not in r.html and "<blockquote>" not in r.html


def test_math_in_code_is_code(md):
    r = render(md, "`$x$` and `\\(y\\)`\n\n```\n$$z$$\n```\n")
    assert "<math" not in r.html and not r.has_math


@pytest.mark.parametrize(
    ("source", "kept", "tex"),
    [
        ("It costs $5 and $10 today.", "It costs $5 and $10 today.", []),
        ("Run `ls` with $HOME and $PATH set.", "with $HOME and $PATH set.", []),
        ("价格是$5，变量$x$的值。", "价格是$5，变量<math", ["x"]),
        ("echo $HOME，$PATH 都是变量。", "echo $HOME，$PATH 都是变量。", []),
        ("一共 $30 元，另付 $5 运费。", "一共 $30 元，另付 $5 运费。", []),
        ("设 $v = \\text{速度}$，则 $v > 0$。", "，</span>则 <span", ["v = \\text{速度}", "v &gt; 0"]),
    ],
)
def test_a_dollar_in_prose_stays_a_dollar_in_both_languages(md, source: str, kept: str, tex: list[str]):
    r = render(md, source + "\n")
    assert kept in r.html
    assert formulas(r.html) == tex


# Warnings


def test_an_unsupported_command_is_a_warning_at_its_column_and_shows_the_tex(md, caplog):
    text = "Intro.\n\nSee $a + \\foo{b}$ and\n$$\n\\begin{tikzpicture}\\end{tikzpicture}\n$$\n"
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        r = render(md, text, first_line=4)
    found = [(p.message, p.line, p.col) for p in (rec.problem for rec in caplog.records)]
    assert found == [
        ("unsupported TeX command \\foo", 6, 10),
        ("unsupported TeX environment {tikzpicture}", 8, 7),
    ]
    assert '<code class="math-error">$a + \\foo{b}$</code>' in r.html
    assert "\\begin{tikzpicture}" in r.html and not r.has_math


def test_a_build_with_bad_tex_warns_in_one_line_each_and_succeeds(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\n', encoding="utf-8")
    (site / "content" / "p.md").write_text("---\ntitle: P\n---\nA $x^{$ and $\\nope$.\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "content/p.md:4:7: warning: invalid TeX: expected '}', got 'EOF'" in result.stderr
    assert "content/p.md:4:14: warning: unsupported TeX command \\nope" in result.stderr
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert '<code class="math-error">$x^{$</code>' in html


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        ("\\def\\a{\\a\\a}\\a", "invalid TeX: too many expansions"),
        ("{" * 3000 + "x" + "}" * 3000, "invalid TeX: Temml could not read it (nested too deeply)"),
        ("\\class{x}{y}", 'invalid TeX: function "\\class" is not trusted'),
        ("\\style{color:red}{y}", 'invalid TeX: function "\\style" is not trusted'),
    ],
)
def test_hostile_tex_is_refused_quickly_with_a_warning(md, caplog, tex: str, message: str):
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        r = render(md, f"$${tex}$$\n")
    [record] = caplog.records
    assert record.problem.message.startswith(message)
    assert "math-error" in r.html


def test_markup_in_tex_is_text_never_html(md):
    r = render(md, '$\\text{<script>alert(1)</script> "q"}$\n')
    assert "<script>" not in r.html
    assert "&lt;script&gt;" in r.html
    assert 'alttext="\\text{&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;}"' in r.html


def test_a_huge_rule_is_capped(md):
    r = render(md, "$\\rule{100000em}{1em}$\n")
    assert 'mathbackground="currentColor" width="80em"' in r.html


# Numbers and references


def test_equations_are_numbered_in_page_order_and_refs_filled_in(md, caplog):
    text = (
        "\\begin{align}\na &= b \\label{eq:first}\\\\\nc &= d\n\\end{align}\n\n"
        "$$\ne = f \\tag{A.1}\\label{tagged}\n$$\n\n"
        "\\begin{equation}\ng = h \\label{third}\n\\end{equation}\n\n"
        "By \\(\\eqref{eq:first}\\), $\\ref{tagged}$ and \\(\\eqref{third}\\); not $\\eqref{gone}$.\n"
    )
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        r = render(md, text, first_line=3)
    assert re.findall(r'<span class="tml-eqn">([^<]*)</span>', r.html) == ["(1)", "(2)", "(3)"]
    assert '<a href="#eqfirst" class="tml-ref tml-eqref">(1)</a>' in r.html
    assert '<a href="#tagged" class="tml-ref">A.1</a>' in r.html
    assert '<a href="#third" class="tml-ref tml-eqref">(3)</a>' in r.html
    assert '<a href="#gone" class="tml-ref tml-eqref">(??)</a>' in r.html
    assert {"eqfirst", "tagged", "third"} <= r.anchors
    [record] = caplog.records
    assert (record.problem.message, record.problem.line, record.problem.col) == (
        "\\eqref to a label this page lacks (#gone)",
        16,
        69,
    )


def test_a_ref_inside_a_formula_is_a_real_html_link(md):
    r = render(md, "$$a \\tag{1}\\label{x}$$\n\nSo $b = \\eqref{x}$.\n")
    # <mtext> lets HTML in; a bare <a> inside <math> would be a MathML element
    assert '<mtext><a href="#x" class="tml-ref tml-eqref">(1)</a></mtext>' in r.html


# Macros from the config


def write_site(root: Path, config: str, body: str) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text('title = "T"\n' + config, encoding="utf-8")
    (root / "content" / "p.md").write_text(f"---\ntitle: P\n---\n{body}\n", encoding="utf-8")
    return root


def test_site_macros_apply_in_every_formula(tmp_path: Path):
    config = '[markup.math.macros]\n"\\\\RR" = "\\\\mathbb{R}"\n"\\\\norm" = "\\\\lVert #1 \\\\rVert"\n'
    site = write_site(
        tmp_path, config, "Let $x \\in \\RR^n$ with $\\norm{x} = 1$.\n\n{{< katex >}}\\RR{{< /katex >}}"
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert html.count("<mi>ℝ</mi>") == 2
    assert '<mo fence="false" rspace="0">‖</mo>' in html or "‖" in html


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[markup.math.macros]\n"RR" = "\\\\mathbb{R}"\n',
            "sitegen.toml:3:2: math macro name 'RR' is not a TeX command",
        ),
        ('[markup.math.macros]\n"\\\\RR" = 5\n', "sitegen.toml:3:2: markup.math.macros.\\RR must be"),
        ("[markup.math]\nmacros = 3\n", "sitegen.toml:3:1: markup.math.macros must be"),
    ],
)
def test_bad_macros_are_a_located_error(tmp_path: Path, config: str, message: str):
    result = run_cli("build", cwd=write_site(tmp_path, config, "x"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(message), result.stderr


def test_an_unknown_math_key_is_a_warning_with_a_suggestion(tmp_path: Path):
    result = run_cli("build", cwd=write_site(tmp_path, "[markup.math]\nmacro = {}\n", "x"))
    assert result.returncode == 0
    assert "unknown config key 'markup.math.macro' is ignored" in result.stderr
    assert "did you mean 'macros'?" in result.stderr


# Accessibility and the engine


def test_mathml_carries_its_tex_for_screen_readers(md):
    r = render(md, "Energy $E = mc^2$.\n")
    assert '<math alttext="E = mc^2">' in r.html
    assert '<annotation encoding="application/x-tex">E = mc^2</annotation>' in r.html


def _render_in_worker(tex: str) -> str:
    return engine.render(tex, display=False).html


def test_the_engine_works_in_forked_workers_after_the_parent_used_it():
    assert "<mi>z</mi>" in engine.render("z", display=False).html  # the parent's context exists
    outcomes = run_all([f"x_{i}" for i in range(8)], _render_in_worker, workers=2)
    assert [f"<mn>{i}</mn>" in o.result for i, o in enumerate(outcomes)] == [True] * 8


# Copying a formula gives its TeX (a real browser)


def test_copying_text_with_formulas_gives_their_tex(browser, tmp_path: Path, serve_folder):
    body = "Energy $E = mc^2$ and\n\n$$\n\\sum_{i=1}^n i\n$$\n\nend."
    site = write_site(tmp_path / "site", "", body)
    assert run_cli("build", cwd=site).returncode == 0
    url = serve_folder(site / "public")
    page = browser.new_page()
    try:
        page.goto(url + "/p/")
        copied = page.evaluate(
            """() => {
              const copy = (start, end) => {
                const range = document.createRange();
                range.setStart(start, 0);
                range.setEnd(end, end.childNodes.length);
                const selection = getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                const data = new DataTransfer();
                document.dispatchEvent(new ClipboardEvent("copy", {clipboardData: data, cancelable: true}));
                return data.getData("text/plain");
              };
              const paragraphs = document.querySelectorAll(".content p");
              const formula = document.querySelector("math mi");
              return [copy(paragraphs[0], paragraphs[paragraphs.length - 1]), copy(formula, formula)];
            }"""
        )
    finally:
        page.close()
    whole, inside = copied
    assert whole.startswith("Energy $E = mc^2$ and")
    assert "$$\\sum_{i=1}^n i$$" in whole and whole.rstrip().endswith("end.")
    assert inside == "$E = mc^2$"  # a selection inside a formula copies the whole formula


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("\\text{kv\\_heads}", "<mtext>kv_heads</mtext>"),  # latex2mathml showed the backslash
        ("\\text{注意力} = 1", "<mtext>注意力</mtext>"),
        ("\\boldsymbol{x}", "<mi>𝒙</mi>"),  # bold italic letters, not a mathvariant Chromium ignores
        ("\\mathbb{R}", "<mi>ℝ</mi>"),
    ],
)
def test_text_and_letters_come_out_as_written(md, tex: str, text: str):
    assert text in render(md, f"${tex}$\n").html


def test_a_screen_reader_gets_the_formula_tree_once(browser, tmp_path: Path, serve_folder):
    site = write_site(tmp_path / "site", "", "Energy $E = mc^2$ and $\\frac{a}{b}$.")
    assert run_cli("build", cwd=site).returncode == 0
    page = browser.new_page()
    try:
        page.goto(serve_folder(site / "public") + "/p/")
        session = page.context.new_cdp_session(page)
        roles = [n.get("role", {}).get("value") for n in session.send("Accessibility.getFullAXTree")["nodes"]]
        spoken = page.locator("math").first.aria_snapshot()
    finally:
        page.close()
    # Chromium exposes MathML's structure (what NVDA and VoiceOver read out)...
    assert roles.count("MathMLMath") == 2 and "MathMLFraction" in roles and "MathMLSup" in roles
    # ...and the TeX annotation is not read out a second time
    assert spoken == "- math: E = m c 2"


def test_a_katex_shortcode_formula_is_numbered_in_page_order(tmp_path: Path):
    body = (
        "{{< katex >}}\n\\begin{equation} a \\label{first} \\end{equation}\n{{< /katex >}}\n\n"
        "$$\n\\begin{gathered} b \\end{gathered} \\tag{T}\\label{t}\n$$\n\n"
        "\\begin{equation}\nc \\label{third}\n\\end{equation}\n\n"
        "See $\\eqref{first}$, $\\eqref{t}$ and $\\eqref{third}$."
    )
    site = write_site(tmp_path, "", body)
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="tml-eqn">([^<]*)</span>', html) == ["(1)", "(2)"]
    assert re.findall(r'class="tml-ref tml-eqref">([^<]*)</a>', html) == ["(1)", "(T)", "(2)"]
    assert 'src="/js/math-copy.js"' in html


@pytest.mark.parametrize(
    ("source", "glued"),
    [
        ("token $i$'s query", '<math alttext="i">…</math>’s'),  # the typographer's apostrophe
        ("so ($x$, $y$).", '(<math alttext="x">…</math>,'),
        ("变量$x$的值，$y$。", '<math alttext="y">…</math>。'),
    ],
)
def test_punctuation_against_an_inline_formula_stays_on_its_line(md, source: str, glued: str):
    html = re.sub(r"<semantics>.*?</semantics>", "…", render(md, source + "\n").html)
    assert f'<span class="math-glue">{glued}</span>' in html
    # never more than the punctuation: a Chinese sentence has no spaces to stop at
    assert '<span class="math-glue"><math alttext="x">…</math>的' not in html
