"""The Markdown stage: a document body (Markdown text) in, a `Rendered` out.

`make_markdown` builds one configured parser, which every document reuses.
`render_markdown` parses a body once, reads what the site needs from the
token stream (table of contents, plain text for word counts, code languages,
the `<!--more-->` divider) and renders it once. The body is rendered in
top-level blocks, so the summary is a join of some of those pieces rather
than a second render.

Fenced code goes through Pygments (`highlight.py`), math through Temml
(`math/`). Problems in the input (bad TeX) are warnings with the file line,
never crashes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import escape, unescape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .alerts import alerts_plugin
from .config.site_config import HighlightConfig
from .emoji_codes import emoji_plugin
from .errors import warn
from .footnotes import goldmark_footnotes
from .heading_attrs import heading_attrs_plugin
from .highlight import fenced_code
from .linkify import linkify_plugin
from .markdown_hooks import HOOK, LinkHook, link_hooks_plugin
from .math.delimiters import Pair
from .math.plugin import MATH_TOKENS, math_plugin
from .model import Heading, Link, Rendered
from .text import count_words, heading_slug, minutes
from .typographer import DEFAULTS as TYPOGRAPHER_DEFAULTS
from .typographer import typographer_plugin

# Attributes `{…}` may set when raw HTML is off: then the text is not trusted
# to carry arbitrary markup, and `style=` and friends are markup too.
SAFE_ATTRS = ("id", "class", "width", "height", "title", "lang")

# Hugo's summary divider: alone on its line, spaces allowed inside and around.
MORE_RE = re.compile(r"[ \t]*<!--\s*more\s*-->[ \t]*")

# Every id attribute in the output (Markdown escapes `"` in text, so only real
# attributes match); used to list the anchors other pages may link to.
ID_RE = re.compile(r"<[a-zA-Z][^>]*?\sid=\"([^\"]*)\"")

TOC_LEVELS = "sitegen_toc_levels"  # key in md.options
HIGHLIGHT = "sitegen_highlight"  # key in md.options: the site's HighlightConfig
RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"  # Goldmark's word for raw HTML with unsafe off


def _plugins(unsafe: bool) -> list[tuple[Callable[..., None], dict[str, Any]]]:
    """The plugins every parser uses, in order, with their options."""
    allowed = None if unsafe else SAFE_ATTRS
    return [
        (linkify_plugin, {}),
        (footnote_plugin, {}),
        (goldmark_footnotes, {}),
        (deflist_plugin, {}),
        (tasklists_plugin, {}),
        (attrs_plugin, {"allowed": allowed}),
        (attrs_block_plugin, {"allowed": allowed}),
        # Every heading gets an id (links may point at any of them); explicit
        # `{#id}` ids win and generated ones avoid them; repeats get -1, -2.
        (anchors_plugin, {"min_level": 1, "max_level": 6, "slug_func": heading_slug}),
    ]


def make_markdown(
    *,
    unsafe: bool = True,
    toc_start: int = 2,
    toc_end: int = 4,
    typographer: Mapping[str, str] | None = TYPOGRAPHER_DEFAULTS,
    emoji: bool = False,
    passthrough: tuple[Sequence[Pair], Sequence[Pair]] | None = None,
    math_macros: tuple[tuple[str, str], ...] = (),
    image_captions: bool = False,
    highlight: HighlightConfig | None = None,
) -> MarkdownIt:
    """Return the configured Markdown parser; build one and reuse it for every document.

    `unsafe=False` turns raw HTML off as Goldmark does: each HTML block and tag
    becomes `<!-- raw HTML omitted -->`, a comment nothing. Headings of levels
    `toc_start`..`toc_end` go into the table of contents; fenced code starts from
    `highlight`, the site's `[markup.highlight]`.
    Goldmark's extensions as Hugo sets them: `typographer` (its substitutions,
    None for off; on by default as in Hugo), `emoji` (Hugo's enableEmoji) and
    `passthrough` (its block and inline delimiter pairs, made math, beside the
    dollar and bracket pairs that always are); `math_macros`, the site's
    `\\name -> TeX` definitions.
    `image_captions`: an image alone in a paragraph with a title becomes a figure.
    """
    if not 1 <= toc_start <= toc_end <= 6:
        raise ValueError(f"bad table-of-contents levels: {toc_start}..{toc_end}")
    # xhtmlOut off: HTML5 void elements (`<img>`, `<br>`, `<hr>`) without the
    # XHTML slash, which the Nu checker flags as meaningless in HTML.
    md = MarkdownIt(
        # html on either way: with unsafe off, the raw HTML is parsed to be left out
        "commonmark",
        {"html": True, "typographer": False, "xhtmlOut": False, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough"])
    _note_when_too_deep(md)
    for plugin, options in _plugins(unsafe):
        md.use(plugin, **options)
    md.use(math_plugin, passthrough=passthrough, macros=math_macros)
    md.use(heading_attrs_plugin, allowed=None if unsafe else SAFE_ATTRS)  # `## Title {#id}`
    md.use(alerts_plugin)
    if emoji:
        md.use(emoji_plugin)
    if typographer is not None:  # after emoji, so `:-1:` is looked up as written
        md.use(typographer_plugin, subs=typographer)
    md.use(link_hooks_plugin, captions=image_captions)
    # The divider is its own block so it is found even with raw HTML off (when
    # it would be paragraph text) and never inside code; it renders as nothing.
    md.block.ruler.before(
        "html_block",
        "more_divider",
        _more_divider,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    md.add_render_rule("more_divider", lambda *args: "")
    md.add_render_rule("fence", _render_fence)
    if not unsafe:
        md.add_render_rule("html_block", _omit_html)
        md.add_render_rule("html_inline", _omit_html)
    # A wrapper lets wide tables scroll on phones while the table keeps display:table
    # (a display:block table loses its table semantics in some screen readers).
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", lambda self, *args: "</table>\n</div>\n")
    # ~~struck~~ is <del>, as Goldmark writes it. A single ~ stays a tilde: Goldmark
    # strikes ~one~ too, which turns Chinese ranges (3~5 个，7~8 个) into struck text.
    md.add_render_rule("s_open", lambda *args: "<del>")
    md.add_render_rule("s_close", lambda *args: "</del>")
    md.options[TOC_LEVELS] = (toc_start, toc_end)
    md.options[HIGHLIGHT] = highlight or HighlightConfig()
    return md


# markdown-it-js's default (commonmark's preset says 20). Deeper blocks are
# dropped by markdown-it, so a build warns rather than losing text silently.
MAX_NESTING = 100


def _note_when_too_deep(md: MarkdownIt) -> None:
    """Record in env["too_deep"] the first line markdown-it skips for nesting too deep.

    markdown-it's block tokenizer stops at maxNesting and skips the rest of the
    block without a word; nested blocks (quotes, lists) re-enter it through
    `state.md.block.tokenize`, so wrapping that one method sees every level.
    """
    tokenize = md.block.tokenize

    def checked(state, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
        if state.level >= MAX_NESTING and "too_deep" not in state.env:
            line = state.skipEmptyLines(start)
            if line < end and state.sCount[line] >= state.blkIndent:
                state.env["too_deep"] = line
        tokenize(state, start, end)

    md.block.tokenize = checked  # type: ignore[method-assign, assignment]


def _render_table_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    return '<div class="table-wrap">\n' + self.renderToken(tokens, idx, options, env)


def _more_divider(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:  # indented code, not a divider
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not MORE_RE.fullmatch(line):
        return False
    if not silent:
        token = state.push("more_divider", "", 0)
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def _render_fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    # Attributes from a `{…}` line above the fence go on the wrapper.
    attrs = {k: str(v) for k, v in token.attrs.items()}
    return fenced_code(token.content, _fence_lang(token), attrs, options[HIGHLIGHT], env)


def _omit_html(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    """Goldmark's raw HTML with unsafe off: a marker for a tag or block, nothing for a comment."""
    token = tokens[idx]
    if token.content.lstrip().startswith("<!--"):
        return ""
    return RAW_HTML_OMITTED + ("\n" if token.type == "html_block" else "")


def _fence_lang(token: Token) -> str:
    info = unescapeAll(token.info).strip() if token.info else ""
    return info.split(maxsplit=1)[0] if info else ""


def render_markdown(
    md: MarkdownIt,
    text: str,
    *,
    path: Path | str | None = None,
    first_line: int = 1,
    summary_length: int = 70,
    summary: str | None = None,
    check: bool = False,
    link_hook: LinkHook | None = None,
) -> Rendered:
    """Render a body of Markdown and gather what the site needs to know about it.

    `first_line` is the file line the body starts on (after front matter), so
    warnings point at real lines. `summary` is a front-matter summary
    (Markdown), used when the body has no `<!--more-->` divider.

    `check` is for `sitegen check`: everything is still rendered, so the
    anchors and warnings are exactly the build's, but the summary, TOC HTML and
    word counts nobody will read are left out (see `Rendered`).

    `link_hook` says where the page's links and images go (Hugo's embedded hooks).
    """
    lines = text.split("\n")
    # lines and first_line: for the line and column of bad TeX (math/plugin.py)
    env: dict[str, Any] = {"path": path, "has_math": False, "lines": lines, "first_line": first_line}
    env[HOOK] = link_hook
    tokens = md.parse(text, env)
    if "too_deep" in env:
        warn(
            f"lists or quotes nested more than {MAX_NESTING} deep; the deeper text is left out",
            path,
            first_line + env["too_deep"],
            1,
        )
    scan = _Scan(tokens, first_line, md.options[TOC_LEVELS], lines)
    pieces = [md.renderer.render(tokens[a:b], md.options, env) for a, b in scan.blocks]
    html = "".join(pieces)
    has_math = env["has_math"]

    if scan.divider is not None:
        summary_html, truncated = "".join(pieces[: scan.divider]), True
    elif summary is not None and summary.strip():
        summary_env: dict[str, Any] = {"path": path, "has_math": False, HOOK: link_hook}
        summary_html, truncated = md.render(summary, summary_env), True
        has_math = has_math or summary_env["has_math"]
    elif check:
        summary_html, truncated = "", False
    else:
        chosen = _auto_summary(tokens, scan.blocks, summary_length)
        summary_html = "".join(pieces[i] for i in chosen)
        truncated = len(chosen) < len(scan.blocks)

    counts = (0, 0) if check else count_words("\n".join(scan.text))
    return Rendered(
        html=html,
        summary_html="" if check else summary_html,
        truncated=truncated,
        toc=tuple(scan.toc),
        toc_html="" if check else toc_html(scan.toc),
        word_count=sum(counts),
        reading_time=minutes(*counts),
        anchors=element_ids(html),
        has_math=has_math,
        code_languages=frozenset(scan.languages),
        links=tuple(scan.links),
    )


class _Scan:
    """One pass over the token stream, before rendering.

    Splits the stream into top-level blocks, finds the divider, collects the
    table of contents, plain text and code languages, and stamps math tokens
    with their file line (inline tokens have no line map of their own).
    """

    def __init__(
        self, tokens: list[Token], first_line: int, toc_levels: tuple[int, int], lines: list[str]
    ) -> None:
        self.blocks: list[tuple[int, int]] = []
        self.divider: int | None = None  # index in blocks of the first top-level divider
        self.toc: list[Heading] = []
        self.text: list[str] = []
        self.languages: set[str] = set()
        self.links: list[Link] = []
        self.lines, self.first_line = lines, first_line
        depth = start = 0
        for i, token in enumerate(tokens):
            line = first_line + token.map[0] if token.map else None
            if token.type == "inline":
                self.text.append(self._inline(token.children or [], line))
            elif token.type in ("fence", "code_block"):
                self.text.append(token.content)
                if token.type == "fence" and (lang := _fence_lang(token)):
                    self.languages.add(lang.lower())
            elif token.type in MATH_TOKENS:
                token.meta["line"] = line
            elif token.type == "more_divider" and depth == 0 and self.divider is None:
                self.divider = len(self.blocks)
            elif token.type == "heading_open":
                level = int(token.tag[1])
                if toc_levels[0] <= level <= toc_levels[1]:
                    title = _plain(tokens[i + 1].children or [], math=True)
                    self.toc.append(Heading(level, str(token.attrGet("id") or ""), title))
            # The footnote plugin's tokens carry no reliable `level`, so depth
            # is counted from nesting.
            depth += token.nesting
            if depth == 0:
                self.blocks.append((start, i + 1))
                start = i + 1

    def _inline(self, children: list[Token], line: int | None) -> str:
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line = line + 1 if line is not None else None
            elif child.type in ("link_open", "image") and line is not None:
                href = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
                written = str(child.meta.get("written", href))  # before the link hook
                self.links.append(Link(href, line, self._column(line, written), image=child.type == "image"))
            elif child.type in MATH_TOKENS:
                child.meta["line"] = line
                if line is not None:
                    line += child.content.count("\n")
        return _plain(children)

    def _column(self, line: int, href: str) -> int | None:
        return _column_of(self.lines, line - self.first_line, href)


def element_ids(html: str) -> frozenset[str]:
    """Every element id in rendered HTML: the anchors other pages may link to."""
    return frozenset(unescape(m) for m in ID_RE.findall(html))


def _column_of(lines: list[str], index: int, href: str) -> int | None:
    """Where a link target starts on its line (1-based characters), if it can be found."""
    if not 0 <= index < len(lines) or not href:
        return None
    found = lines[index].find(href)
    return found + 1 if found >= 0 else None


def _plain(children: list[Token], math: bool = False) -> str:
    """Return the text of inline tokens: text and code, and math source if asked."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline") or (math and child.type in MATH_TOKENS):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" " if math else "\n")
    return "".join(parts)


def _auto_summary(tokens: list[Token], blocks: list[tuple[int, int]], length: int) -> list[int]:
    """Return indexes of the top-level paragraphs that make the automatic summary.

    Whole paragraphs only, until their words reach `length` (at least one).
    Other blocks are skipped: headings would bring duplicate ids onto list pages.
    """
    chosen: list[int] = []
    words = 0
    for n, (a, _) in enumerate(blocks):
        if tokens[a].type != "paragraph_open":
            continue
        chosen.append(n)
        words += sum(count_words(_plain(tokens[a + 1].children or [])))
        if words >= length:
            break
    return chosen


def toc_html(headings: Sequence[Heading]) -> str:
    """Return nested lists for headings; a skipped level nests one step, not two."""
    if not headings:
        return ""
    out = ['<nav class="toc">']
    stack: list[int] = []  # levels of the open lists
    for h in headings:
        if not stack:
            out.append("<ul><li>")
            stack.append(h.level)
        else:
            # Close the lists this heading cannot be in: those whose parent
            # is as deep or deeper.
            while len(stack) > 1 and stack[-2] >= h.level:
                out.append("</li></ul>")
                stack.pop()
            if h.level > stack[-1]:
                out.append("<ul><li>")
                stack.append(h.level)
            else:
                # A sibling, even if shallower (h2 after h4 under h2 joins the h4s'
                # list); the list then stands for the shallower level.
                out.append("</li><li>")
                stack[-1] = h.level
        out.append(f'<a href="#{escape(h.id)}">{escape(h.text)}</a>')
    out.append("</li></ul>" * len(stack))
    out.append("</nav>")
    return "".join(out)
