"""Bare URLs and e-mail addresses become links, where Goldmark's Linkify makes them.

Hugo turns Linkify on by default, so Hugo sites are written with bare URLs in
reference lists and prose. linkify-it (markdown-it's linkify) finds the
candidates; this module then keeps Goldmark's stricter edges, so that the same
text links the same way in both:

- a link starts at the start of a text run or after whitespace or `*_~(`; not
  inside a word (`中文https://…`, `me@` after Chinese, `"https://…"`);
- a link holds ASCII only: it ends before the first other character, so
  `https://a.com/x。` links `https://a.com/x` and a Chinese host is not linked;
- `www.` links get `markup.goldmark.extensions.linkifyProtocol` (https).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_STARTS_AFTER = frozenset(" \t\n*_~(")
_TRAILING = ".,:;!?'\""
_ASCII_PREFIX = re.compile(r"[\x21-\x7e]*")


def linkify_plugin(md: MarkdownIt, protocol: str = "https") -> None:
    md.options["linkify"] = True
    md.enable(["linkify"])
    # linkify-it's own pretest (one large pattern over every paragraph) was a third of
    # all Markdown time; Goldmark links only text with `://`, `www.` or `@`, so a
    # paragraph without one of them has nothing this module would keep.
    assert md.linkify is not None, "linkify-it-py comes with markdown-it-py[linkify]"
    md.linkify.pretest = _may_link
    md.core.ruler.after("linkify", "goldmark_linkify", lambda state: _trim(state, protocol))


def _may_link(text: str) -> bool:
    return "://" in text or "@" in text or "www." in text.lower()


def _trim(state: StateCore, protocol: str) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _trimmed(block.children, protocol)


def _trimmed(tokens: list[Token], protocol: str) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "link_open" and token.markup == "linkify" and i + 2 < len(tokens):
            out.extend(_goldmark_link(out, tokens[i : i + 3], protocol))
            i += 3
            continue
        out.append(token)
        i += 1
    return out


def _goldmark_link(before: list[Token], link: list[Token], protocol: str) -> list[Token]:
    """The link as Goldmark would make it: whole, cut short, or back to plain text."""
    opening, text, closing = link
    shown = text.content
    if "://" not in shown and "@" not in shown and not shown.lower().startswith("www."):
        return [_text(shown, text)]  # Goldmark needs a scheme, `www.` or an `@`: no bare domains
    previous = before[-1].content if before and before[-1].type == "text" else ""
    if previous and previous[-1] not in _STARTS_AFTER:
        return [_text(shown, text)]  # inside a word
    kept = _ASCII_PREFIX.match(shown)
    ascii_part = (kept.group(0) if kept else "").rstrip(_TRAILING)
    if ascii_part != shown:
        rest = shown[len(ascii_part) :]
        if not _still_a_link(ascii_part):
            return [_text(shown, text)]
        href = str(opening.attrs.get("href", ""))
        opening.attrs["href"] = href[: len(href) - len(_encoded_tail(href, rest))] if rest else href
        text.content = ascii_part
        return [opening, text, closing, _text(rest, text)]
    href = str(opening.attrs.get("href", ""))
    if shown.lower().startswith("www.") and href.startswith("http://"):
        opening.attrs["href"] = f"{protocol}://{href[len('http://') :]}"
    return [opening, text, closing]


def _still_a_link(text: str) -> bool:
    host = text.split("://", 1)[1] if "://" in text else text.split("@", 1)[-1]
    return "." in host.split("/", 1)[0] and not host.startswith(".")


def _encoded_tail(href: str, rest: str) -> str:
    """The end of `href` that spells `rest` (linkify-it percent-encodes non-ASCII)."""
    probe = normalizeLink("http://x/" + rest)[len("http://x/") :]
    return probe if href.endswith(probe) else ""


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = like.level - 1 if like.level else 0
    return token
