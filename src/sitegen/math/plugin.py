"""Math for the Markdown stage: TeX between delimiters in, MathML out.

Delimiters (delimiters.py and dollarmath): `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`,
the same doubled as KaTeX's auto-render sees them through Goldmark (`\\\\(…\\\\)`),
a top-level `\\begin{equation}…\\end{equation}` (and align, gather, …), and any
pairs from Hugo's passthrough config. TeX is converted at build time
(engine.py), so pages need no math JavaScript.

The render rules talk to the rest of the stage through `env`: they read
`env["path"]`, `env["lines"]`, `env["first_line"]` and each token's
`meta["line"]` (a file line, stamped before rendering) to locate warnings, and
set `env["has_math"]` when they emit MathML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

from ..errors import warn
from . import engine
from .delimiters import Pair, bracket_blocks_plugin, dollar_prose_plugin, passthrough_plugin

# Types of the tokens the delimiters emit, and whether each is display math.
MATH_TOKENS = {
    "math_inline": False,  # $x$, \(x\)
    "math_inline_double": True,  # $$x$$ or \[x\] inside a paragraph
    "math_block": True,  # $$ or \[ on its own lines
    "math_block_label": True,  # $$x$$ (label)
    "amsmath": True,  # \begin{align}…\end{align} at the top level
}
MACROS = "sitegen_math_macros"  # md.options key: the site's [markup.math.macros]

# Always math in sitegen (Hugo needs its passthrough extension for these).
DEFAULT_BLOCK: tuple[Pair, ...] = (("\\[", "\\]"),)
DEFAULT_INLINE: tuple[Pair, ...] = (("\\(", "\\)"),)
# With passthrough off, the doubled ones are what a Blowfish post writes for
# KaTeX's auto-render: Goldmark unescapes `\\(` to the `\(` KaTeX looks for.
# With it on, `\\(` is how the author keeps a `\(` as text, as in Hugo.
DOUBLED_BLOCK: tuple[Pair, ...] = (("\\\\[", "\\\\]"),)
DOUBLED_INLINE: tuple[Pair, ...] = (("\\\\(", "\\\\)"),)


def math_plugin(
    md: MarkdownIt,
    passthrough: tuple[Sequence[Pair], Sequence[Pair]] | None = None,
    macros: tuple[tuple[str, str], ...] = (),
) -> None:
    """Parse every math delimiter and render what is between them as MathML."""
    # No space inside the dollars and no digit outside them, so prices such
    # as "costs $5 and $10" stay text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(dollar_prose_plugin)
    md.use(amsmath_plugin)
    block, inline = passthrough or (DOUBLED_BLOCK, DOUBLED_INLINE)
    md.use(bracket_blocks_plugin, pairs=_unique(DEFAULT_BLOCK, block))
    md.use(passthrough_plugin, block=_unique(DEFAULT_BLOCK, block), inline=_unique(DEFAULT_INLINE, inline))
    md.options[MACROS] = macros
    for name in MATH_TOKENS:
        md.add_render_rule(name, _render_math)


def _unique(*groups: Sequence[Pair]) -> list[Pair]:
    return list(dict.fromkeys(pair for group in groups for pair in group))


def _render_math(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    is_block = token.type.startswith("math_block") or token.type == "amsmath"
    tex = token.content.strip()
    place = _Place(env, token.meta.get("line"), tex)
    html = tex_to_mathml(
        tex,
        display=MATH_TOKENS[token.type],
        block=is_block,
        path=env.get("path"),
        line=place.line,
        macros=options.get(MACROS, ()),
        where=place,
    )
    if 'class="math-error"' in html:
        return html
    env["has_math"] = True
    if token.type == "math_block_label":
        # The label is the equation's anchor, so `[see](#eq1)` links work.
        html = html.replace("<math ", f'<math id="{escape(token.info)}" ', 1)
    return html + "\n" if is_block else html


class _Place:
    """Where a formula's TeX is in the file, to turn Temml's index into line:col.

    Looked up only when a formula fails: most never do, and the search reads
    the rest of the file."""

    def __init__(self, env: dict[str, Any], line: int | None, tex: str) -> None:
        self.env, self.line, self.tex = env, line, tex

    def at(self, index: int | None) -> tuple[int | None, int | None]:
        lines, first, line = self.env.get("lines"), self.env.get("first_line", 1), self.line
        if lines is None or line is None or not 0 <= line - first < len(lines):
            return line, None
        text = "\n".join(lines[line - first :])
        if (offset := text.find(self.tex)) < 0:
            return line, None
        before = text[: offset + (index or 0)]
        return line + before.count("\n"), len(before) - before.rfind("\n")


def tex_to_mathml(
    tex: str,
    *,
    display: bool,
    block: bool | None = None,
    path: Any = None,
    line: int | None = None,
    col: int | None = None,
    macros: tuple[tuple[str, str], ...] = (),
    where: _Place | None = None,
) -> str:
    """Convert TeX to MathML; TeX Temml can't read warns with its location and
    stays visible as source, never half-rendered."""
    block = display if block is None else block
    result = engine.render(tex, display=display, macros=macros)
    if not result.error:
        # alttext: what a screen reader without MathML support reads, and the TeX
        # the copy script (math-copy.js) puts on the clipboard.
        html = result.html.replace("<math", f'<math alttext="{escape(tex)}"', 1)
        # Temml draws \rule in black, which vanishes in dark mode; text colour shows in both
        return html.replace('mathbackground="black"', 'mathbackground="currentColor"')
    if where is not None:
        line, col = where.at(result.position)
    delim = "$$" if display else "$"
    message, hint = explain(result.error)
    warn(message, path, line, col, hint=f"{hint}; the formula is shown as TeX: {delim}{_shorten(tex)}{delim}")
    source = escape(f"{delim}\n{tex}\n{delim}" if block else f"{delim}{tex}{delim}")
    if block:
        return f'<pre class="math-error"><code class="math-error">{source}</code></pre>\n'
    return f'<code class="math-error">{source}</code>'


_WHERE = re.compile(r"\s+at (?:position \d+|end of input):.*\Z", re.S)
_UNSUPPORTED = re.compile(r"Unsupported function name: (\\\S+)")
_NO_ENV = re.compile(r"No such environment: (\S+)")
SUPPORTED = "https://temml.org/docs/en/supported"


def explain(error: str) -> tuple[str, str]:
    """Temml's message as a warning naming the command, and a hint."""
    error = _WHERE.sub("", error.strip())
    if m := _UNSUPPORTED.match(error):
        return (
            f"unsupported TeX command {m.group(1)}",
            f"define it in [markup.math.macros] or see {SUPPORTED} for what is supported",
        )
    if m := _NO_ENV.match(error):
        return (
            f"unsupported TeX environment {{{m.group(1)}}}",
            f"see {SUPPORTED} for the environments supported",
        )
    if not error.startswith("Temml"):
        error = error[:1].lower() + error[1:]
    return f"invalid TeX: {error}", "check the braces and arguments"


def _shorten(tex: str, limit: int = 60) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= limit else tex[: limit - 1] + "…"
