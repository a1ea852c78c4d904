"""Blockquote alerts, as Hugo reads them: `> [!NOTE]`, `> [!TIP] A title`, `> [!WARNING]-`.

A blockquote whose first line is `[!TYPE]` (any case), then `+` or `-` for a
folding alert (open or closed), then an optional title, becomes a callout:

    <div class="callout callout-note" role="note"><p class="callout-title">…</p>…</div>
    <details class="callout callout-tip" open><summary class="callout-title">…</summary>…</details>

Without a title the callout is named by its type. The label is written in
English with its type beside it (`data-label`); the template stage puts the
page language's word in (`localise_alerts`, from the theme's i18n `alert_<type>`
strings), so the cached content is the same for every language.

Hugo itself leaves `[!NOTE]` as text unless the theme has a blockquote render
hook; Hugo themes that support alerts have one, and do what this does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Hugo's pattern: the type in letters, an optional fold sign, then the title, with
# or without a space before it (hugo 0.168: `[!NOTE]+Title` is a fold titled "Title").
_MARKER = re.compile(r"\[!([A-Za-z]+)\]([+-]?)[ \t]*(.*)")
LABELS = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}
_LABEL_SPAN = re.compile(r'<span class="callout-label" data-label="([a-z]+)">([^<]*)</span>')


def alerts_plugin(md: MarkdownIt) -> None:
    # After the block rules and before inline parsing, so a custom title is
    # parsed as inline Markdown like any other text.
    md.core.ruler.after("block", "hugo_alerts", _core)
    md.add_render_rule("alert_open", _render_open)
    md.add_render_rule("alert_close", _render_close)
    md.add_render_rule("alert_title_open", _render_title_open)
    md.add_render_rule("alert_title_close", _render_title_close)
    md.add_render_rule("alert_label", _render_label)


def _core(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type == "blockquote_open" and _is_alert(tokens, i):
            i = _convert(state, i)
        i += 1


def _is_alert(tokens: list[Token], i: int) -> bool:
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return False
    first = tokens[i + 2].content.split("\n", 1)[0]
    return _MARKER.fullmatch(first.strip()) is not None


def _convert(state: StateCore, i: int) -> int:
    """Turn the blockquote at i into alert tokens; return the index of its first token."""
    tokens = state.tokens
    quote, inline = tokens[i], tokens[i + 2]
    first, _, rest = inline.content.partition("\n")
    m = _MARKER.fullmatch(first.strip())
    assert m is not None
    kind, sign, title = m.group(1).lower(), m.group(2), (m.group(3) or "").strip()
    close = next(
        j
        for j in range(i + 1, len(tokens))
        if tokens[j].type == "blockquote_close" and tokens[j].level == quote.level
    )
    tokens[close].type, tokens[close].tag = "alert_close", "div"
    quote.type = "alert_open"
    quote.meta.update(kind=kind, fold=sign)
    tokens[close].meta.update(kind=kind, fold=sign)
    head = [_token(state, "alert_title_open", 1, quote, sign)]
    if title:
        text = _token(state, "inline", 0, quote, sign)
        text.content, text.map, text.children = title, inline.map, []
        head.append(text)
    else:
        head.append(_token(state, "alert_label", 0, quote, sign))
    head.append(_token(state, "alert_title_close", -1, quote, sign))
    for t in head:
        t.meta["kind"] = kind
    if rest.strip():
        inline.content = rest
        if inline.map:
            inline.map = [inline.map[0] + 1, inline.map[1]]
        tokens[i + 1 : i + 1] = head
    else:  # the marker was the whole paragraph: drop it
        end = i + 3  # paragraph_close
        tokens[i + 1 : end + 1] = head
    return i


def _token(state: StateCore, kind: str, nesting: Literal[-1, 0, 1], quote: Token, sign: str) -> Token:
    token = Token(kind, "", nesting)
    token.level, token.block = quote.level + 1, True
    token.meta["fold"] = sign
    return token


Render = Callable[..., str]


def _render_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    kind, fold = tokens[idx].meta["kind"], tokens[idx].meta["fold"]
    css = f"callout callout-{escape(kind)}"
    if fold:
        return f'<details class="{css}"{" open" if fold == "+" else ""}>\n'
    return f'<div class="{css}" role="note">\n'


def _render_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</details>\n" if tokens[idx].meta["fold"] else "</div>\n"


def _render_title_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return '<summary class="callout-title">' if tokens[idx].meta["fold"] else '<p class="callout-title">'


def _render_title_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</summary>\n" if tokens[idx].meta["fold"] else "</p>\n"


def _render_label(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    kind = tokens[idx].meta["kind"]
    label = LABELS.get(kind, kind.capitalize())
    return f'<span class="callout-label" data-label="{escape(kind)}">{escape(label)}</span>'


def localiser(translators: Mapping[str, Any]) -> Callable[[str, str], str]:
    """`localise_alerts` for any page: (html, language code) -> html, from the
    Translators of i18n.py (a string the files don't have keeps the English)."""

    def localise(html: str, lang: str) -> str:
        strings = translators[lang]
        return localise_alerts(html, lambda key: strings(key) if key in strings.strings else None)

    return localise


def localise_alerts(html: str, translate: Callable[[str], str | None]) -> str:
    """Put the page language's label into each untitled callout (`alert_<type>`)."""
    if 'class="callout-label"' not in html:
        return html

    def one(m: re.Match[str]) -> str:
        word = translate(f"alert_{m.group(1)}")
        return m.group() if word is None else m.group().replace(f">{m.group(2)}<", f">{escape(word)}<")

    return _LABEL_SPAN.sub(one, html)
