"""Footnotes marked up as Goldmark marks them, so links to `#fn:1` keep working.

Hugo sites link to their footnotes by Goldmark's ids (`#fn:1`, back to
`#fnref:1`; a second reference to one note is `fnref1:1`), and readers see the
bare number, not `[1]`. mdit-py-plugins parses the same syntax and numbers the
notes in the same order; only the rendering is replaced here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_BACK = "&#x21a9;&#xfe0e;"  # ↩ with the text variation selector: no emoji on iOS


def goldmark_footnotes(md: MarkdownIt) -> None:
    """Call after mdit-py-plugins' footnote_plugin: replaces its render rules."""
    md.add_render_rule("footnote_ref", _ref)
    md.add_render_rule(
        "footnote_block_open", lambda *_: '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'
    )
    md.add_render_rule("footnote_block_close", lambda *_: "</ol>\n</div>\n")
    md.add_render_rule(
        "footnote_open", lambda self, tokens, idx, *_: f'<li id="fn:{_number(tokens[idx])}">\n'
    )
    md.add_render_rule("footnote_close", lambda *_: "</li>\n")
    md.add_render_rule("footnote_anchor", _back_link)


def _number(token: Token) -> int:
    return int(token.meta["id"]) + 1


def _ref_id(token: Token) -> str:
    sub = int(token.meta.get("subId", 0) or 0)
    return f"fnref{sub or ''}:{_number(token)}"


def _ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    n = _number(tokens[idx])
    link = f'<a href="#fn:{n}" class="footnote-ref" role="doc-noteref">{n}</a>'
    return f'<sup id="{_ref_id(tokens[idx])}">{link}</sup>'


def _back_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f'&#160;<a href="#{_ref_id(tokens[idx])}" class="footnote-backref" role="doc-backlink">{_BACK}</a>'
