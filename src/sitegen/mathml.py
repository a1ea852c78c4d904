"""Math for the Markdown stage: `$…$` / `$$…$$` tokens in, MathML out.

TeX is converted at build time with latex2mathml, so pages need no math
JavaScript. The render rules talk to the rest of the stage through `env`:
they read `env["path"]` and each token's `meta["line"]` (a file line, set by
the Markdown stage before rendering) to locate warnings, and set
`env["has_math"]` when they emit MathML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape, unescape
from typing import Any

from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .errors import SitegenError, warn
from .urls import REFUSED_URL_HINT, quoted_url, refused_scheme

_HREF = re.compile(r'\shref="([^"]*)"')  # latex2mathml's output for \href{url}{text}

# Types of the tokens dollarmath emits, and whether each is display math.
MATH_TOKENS = {
    "math_inline": False,  # $x$
    "math_inline_double": True,  # $$x$$ inside a paragraph
    "math_block": True,  # $$ on its own lines
    "math_block_label": True,  # $$x$$ (label)
}

RAW_HTML = "sitegen_raw_html"  # md.options key: the unsafe setting (html is on either way)


def math_plugin(md: MarkdownIt) -> None:
    """Parse dollar math and render it as MathML."""
    # No space inside the dollars and no digit outside them, so prices such
    # as "costs $5 and $10" stay text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    for name in MATH_TOKENS:
        md.add_render_rule(name, _render_math)


def _render_math(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    display = MATH_TOKENS[token.type]
    is_block = token.type.startswith("math_block")
    html = tex_to_mathml(
        token.content.strip(),
        display=display,
        block=is_block,
        path=env.get("path"),
        line=token.meta.get("line"),
    )
    if 'class="math-error"' in html:
        return html
    if not options.get(RAW_HTML, options["html"]):  # raw HTML off: \href takes only Markdown's URLs
        check_math_links(html, env.get("path"), token.meta.get("line"), _column(env, token))
    env["has_math"] = True
    if token.type == "math_block_label":
        # The label is the equation's anchor, so `[see](#eq1)` links work.
        html = html.replace("<math ", f'<math id="{escape(token.info)}" ', 1)
    return html + "\n" if is_block else html


def check_math_links(mathml: str, path: Any, line: int | None, col: int | None) -> None:
    """Refuse an `\\href{…}` (latex2mathml makes it an href attribute) to a URL that
    Markdown would not link, as shortcode URLs are refused while raw HTML is off."""
    for m in _HREF.finditer(mathml):
        url = unescape(m.group(1))
        if (scheme := refused_scheme(url)) is not None:
            raise SitegenError(
                f"\\href{{{quoted_url(url)[1:-1]}}} in math is a {scheme} URL, refused while raw HTML is off",
                path,
                line,
                col,
                REFUSED_URL_HINT,
            )


def _column(env: dict[str, Any], token: Token) -> int | None:
    """Where the formula's `\\href` is on its line, when the body's lines are known."""
    lines, first, line = env.get("lines"), env.get("first_line", 1), token.meta.get("line")
    if not lines or line is None or not 0 <= line - first < len(lines):
        return None
    found = lines[line - first].find("\\href")
    return found + 1 if found >= 0 else None


def tex_to_mathml(
    tex: str, *, display: bool, block: bool | None = None, path: Any = None, line: int | None = None
) -> str:
    """Convert TeX to MathML; bad TeX warns with its location and stays visible as source."""
    block = display if block is None else block
    try:
        return _convert(tex, display)
    except Exception as exc:  # latex2mathml raises many types; a typo must not stop the build
        delim = "$$" if display else "$"
        reason = str(exc) or _reason(type(exc).__name__)
        hint = f"the formula is shown as source: {delim}{_shorten(tex)}{delim}"
        warn(f"invalid TeX: {reason}", path, line, hint=hint)
        source = escape(f"{delim}\n{tex}\n{delim}" if block else f"{delim}{tex}{delim}")
        if block:
            return f'<pre><code class="math-error">{source}</code></pre>\n'
        return f'<code class="math-error">{source}</code>'


@lru_cache(maxsize=4096)
def _convert(tex: str, display: bool) -> str:
    # Series repeat their formulas; only successes are cached (lru_cache never keeps
    # an exception), so bad TeX still warns at every place it appears.
    return convert(tex, display="block" if display else "inline")


def _reason(name: str) -> str:
    """Turn latex2mathml's message-less exception names into words."""
    if name == "NoAvailableTokensError":
        return "the formula ends too early (missing argument or unclosed brace?)"
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.removesuffix("Error")).lower()


def _shorten(tex: str, limit: int = 60) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= limit else tex[: limit - 1] + "…"
