"""Code highlighting for the Markdown stage: source + language in, HTML out.

Pygments emits CSS classes, not inline styles, so one stylesheet (from
`pygments_css`) themes every page and can switch to dark colours by media
query.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# nowrap: the Markdown renderer writes the <div><pre><code> wrapper itself.
_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """Return the lexer for a language name or alias, or None if Pygments has none.

    Looking lexers up is slow (Pygments imports modules and scans aliases), and
    a site uses few languages many times, hence the cache.
    """
    try:
        # stripnl=False: leading blank lines in a fence are part of the code.
        return get_lexer_by_name(lang, stripnl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=4096)
def highlight_code(code: str, lang: str) -> str:
    """Return `code` as HTML spans with Pygments classes; escaped text if `lang` is unknown."""
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        return escape(code, quote=False)
    return highlight(code, lexer, _FORMATTER)


def code_block(code: str, lang: str, attrs: dict[str, str] | None = None) -> str:
    """A highlighted block: `<div class="highlight" data-lang><pre><code>`, used by
    fenced code and the `highlight` shortcode alike."""
    attrs = dict(attrs or {})
    attrs["class"] = " ".join(["highlight", *attrs.get("class", "").split()])
    if lang:
        attrs = {"class": attrs.pop("class"), "data-lang": lang, **attrs}
    div = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    code_class = f' class="language-{escape(lang)}"' if lang else ""
    return f"<div{div}><pre><code{code_class}>{highlight_code(code, lang)}</code></pre></div>\n"


LINE_RULES = [
    ".highlight .line { display: flex }",
    ".highlight .ln, .highlight .lnt { white-space: pre; user-select: none;"
    " -webkit-user-select: none; margin-right: 0.4em; padding: 0 0.4em; color: #7f7f7f }",
    ".highlight .lnlinks { color: inherit; text-decoration: none; outline: none }",
    ".highlight .lntable { border-spacing: 0; padding: 0; margin: 0; border: 0 }",
    ".highlight .lntd { vertical-align: top; padding: 0; margin: 0; border: 0 }",
    ".highlight .lntd:last-child { width: 100% }",
]


def pygments_css(light_style: str = "default", dark_style: str = "monokai") -> str:
    """Return CSS for `.highlight`: light colours, and dark ones under prefers-color-scheme."""
    light = HtmlFormatter(style=light_style)
    dark = HtmlFormatter(style=dark_style)
    dark_rules = dark.get_background_style_defs(".highlight") + dark.get_token_style_defs(".highlight")
    # A token class only the light style colours would keep its light colour
    # on the dark background; reset it to the dark text colour.
    for cls in sorted(set(light.class2style) - set(dark.class2style)):
        dark_rules.append(
            f".highlight .{cls} {{ color: inherit; background-color: transparent; "
            "font-weight: inherit; font-style: inherit; border: none }"
        )
    lines = light.get_background_style_defs(".highlight") + light.get_token_style_defs(".highlight")
    # Line numbers and highlighted lines of the highlight shortcode, by Chroma's class
    # names, which is what CSS written for Hugo themes expects.
    lines += LINE_RULES + [f".highlight .hl {{ background-color: {light.style.highlight_color} }}"]
    dark_rules.append(f".highlight .hl {{ background-color: {dark.style.highlight_color} }}")
    lines.append("@media (prefers-color-scheme: dark) {")
    lines.extend("  " + rule for rule in dark_rules)
    lines.append("}")
    return "\n".join(lines) + "\n"
