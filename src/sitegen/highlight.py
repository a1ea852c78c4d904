"""Code highlighting for the Markdown stage: source + language in, HTML out.

Pygments emits CSS classes, not inline styles, so one stylesheet (from
`pygments_css`) themes every page and can switch to dark colours by media
query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Token
from pygments.util import ClassNotFound

if TYPE_CHECKING:
    from .config.site_config import HighlightConfig

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
def highlight_code(code: str, lang: str, style: str | None = None) -> str:
    """Return `code` as HTML spans with Pygments classes (with `style`: its colours
    inline, Hugo's noClasses); escaped text if `lang` is unknown."""
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        return escape(code, quote=False)
    return highlight(code, lexer, _inline_formatter(style) if style else _FORMATTER)


@lru_cache(maxsize=16)
def _inline_formatter(style: str) -> HtmlFormatter:
    return HtmlFormatter(nowrap=True, noclasses=True, style=style)


@lru_cache(maxsize=16)
def pre_style(style: str | None) -> str:
    """The `<pre>`'s own colours for inline-coloured code, as Chroma writes them; "" for classes."""
    if not style:
        return ""
    colours = _inline_formatter(style).style
    text = colours.styles.get(Token, "") or ""
    colour = next((w for w in str(text).split() if w.startswith("#")), "")
    return f' style="{f"color:{colour};" if colour else ""}background-color:{colours.background_color};"'


def code_block(code: str, lang: str, attrs: dict[str, str] | None = None, style: str | None = None) -> str:
    """A highlighted block: `<div class="highlight" data-lang><pre><code>`, used by
    fenced code and the `highlight` shortcode alike."""
    attrs = dict(attrs or {})
    attrs["class"] = " ".join(["highlight", *attrs.get("class", "").split()])
    if lang:
        attrs = {"class": attrs.pop("class"), "data-lang": lang, **attrs}
    div = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    code_class = f' class="language-{escape(lang)}"' if lang else ""
    html = highlight_code(code, lang, style)
    return f"<div{div}><pre{pre_style(style)}><code{code_class}>{html}</code></pre></div>\n"


@dataclass
class HighlightOptions:
    linenos: str = ""  # "", "table" or "inline"
    start: int = 1
    lines: set[int] = field(default_factory=set)  # highlighted, counted from 1 whatever `start`
    anchors: bool = False
    prefix: str = ""  # line ids are prefix-N, or N without one (as in Hugo)
    inline: bool = False  # hl_inline: a <code> in the running text
    wrapper: str = ""  # an extra class on the wrapper
    style: str | None = None  # colours inline in this Pygments style (Hugo's noClasses)


FENCES_SEEN = "sitegen_fences"  # key in a render's env: fenced blocks numbered so far


def fenced_code(
    code: str, lang: str, attrs: dict[str, str], config: HighlightConfig, env: dict[str, Any]
) -> str:
    """A fenced block as the site's `[markup.highlight]` says: line numbers and marked
    lines when it asks for them (anchors numbered per page as Hugo's, hl-<block>-<line>)."""
    if not config.code_fences:  # Hugo: a plain <pre><code>, the language as a class
        language = f' class="language-{escape(lang)}"' if lang else ""
        return f"<pre><code{language}>{escape(code, quote=False)}</code></pre>\n"
    if not (config.line_nos or config.hl_lines):
        return code_block(code, lang, attrs, style=config.style)
    opts = options_from(config, code.count("\n"))
    if opts.anchors and not opts.prefix:
        seen: list[int] = env.setdefault(FENCES_SEEN, [0])
        opts.prefix = f"hl-{seen[0]}"
        seen[0] += 1
    return render_code(code, lang, opts)


def options_from(config: HighlightConfig, last_line: int) -> HighlightOptions:
    """The options a code block starts from: the site's `[markup.highlight]`."""
    return HighlightOptions(
        linenos=config.line_nos,
        start=config.line_no_start,
        lines=line_numbers(config.hl_lines, last_line),
        anchors=config.anchor_line_nos,
        prefix=config.line_anchors,
        style=config.style,
    )


def line_numbers(value: str, last_line: int) -> set[int]:
    """`"2 4-6"` -> {2, 4, 5, 6}, nothing past the code's last line (the config reader
    and the shortcode have checked the form)."""
    lines: set[int] = set()
    for item in value.split():
        first, _, last = item.partition("-")
        lines.update(range(int(first), min(int(last or first), last_line) + 1))
    return lines


def render_code(code: str, lang: str, opts: HighlightOptions, *, wrap_lines: bool = False) -> str:
    """A highlighted block; the same markup as fenced code unless line options ask for more."""
    if opts.inline:
        classes = " ".join(["code-inline", *([f"language-{lang}"] if lang else [])])
        html = highlight_code(code, lang, opts.style).rstrip("\n")
        return f'<code class="{escape(classes)}">{html}</code>'
    if not (opts.linenos or opts.lines or opts.wrapper or wrap_lines):
        return code_block(code, lang, style=opts.style)
    spans = highlight_code(code, lang, opts.style).split("\n")  # Pygments closes its spans at each line end
    if spans and spans[-1] == "":
        spans.pop()
    numbers: list[str] = []
    lines: list[str] = []
    for i, span in enumerate(spans, start=1):
        hl = " hl" if i in opts.lines else ""
        end = "\n" if i < len(spans) else ""  # as Chroma: no newline after the last line
        ident, label = _number(opts, opts.start + i - 1)
        if opts.linenos == "table":
            number = f'<span class="lnt"{ident}>{label}\n</span>'
            numbers.append(f'<span class="hl">{number}</span>' if hl else number)
        gutter = f'<span class="ln"{ident}>{label}</span>' if opts.linenos == "inline" else ""
        lines.append(f'<span class="line{hl}">{gutter}<span class="cl">{span}{end}</span></span>')
    code_class = f' class="language-{escape(lang)}"' if lang else ""
    wrapper = " ".join(["highlight", *opts.wrapper.split()])
    data_lang = f' data-lang="{escape(lang)}"' if lang else ""
    body = f"<pre{pre_style(opts.style)}><code{code_class}>{''.join(lines)}</code></pre>"
    if opts.linenos == "table":
        body = (
            f'<table class="lntable"><tr><td class="lntd"><pre><code>{"".join(numbers)}'
            f'</code></pre></td><td class="lntd">{body}</td></tr></table>'
        )
    return f'<div class="{escape(wrapper)}"{data_lang}>{body}</div>\n'


def _number(opts: HighlightOptions, n: int) -> tuple[str, str]:
    """(id attribute, content) of one line number; a link to itself with anchorlinenos."""
    if not opts.anchors:
        return "", str(n)
    ident = escape(f"{opts.prefix}-{n}" if opts.prefix else str(n))
    return f' id="{ident}"', f'<a class="lnlinks" href="#{ident}">{n}</a>'


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
    """Return CSS for `.highlight`: light colours, and dark ones for a dark OS or a dark choice."""
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
    # Dark colours follow the OS unless the reader chose light, and apply when the
    # reader chose dark (the theme's toggle sets <html data-theme>; main.css does the same).
    lines.append("@media (prefers-color-scheme: dark) {")
    lines.extend("  " + _scoped(rule, ":root:not([data-theme=light])") for rule in dark_rules)
    lines.append("}")
    lines.extend(_scoped(rule, ":root[data-theme=dark]") for rule in dark_rules)
    return "\n".join(lines) + "\n"


def _scoped(rule: str, scope: str) -> str:
    """Put scope before each selector of a rule: ".a, .b { x }" -> "S .a, S .b { x }"."""
    selectors, brace, body = rule.partition("{")
    scoped = ", ".join(f"{scope} {sel.strip()}" for sel in selectors.split(","))
    return f"{scoped} {brace}{body}"
