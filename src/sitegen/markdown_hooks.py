"""Markdown stage, one plugin: Hugo's embedded link and image render hooks.

Hugo 0.168 renders every Markdown link and image through its embedded hooks
(`markup.goldmark.renderHooks.*.useEmbedded` is "fallback": used unless a site
has hooks of its own, and sitegen runs no Go templates). They send a plain link
such as `[x](/guides/x/)` or `[x](guides/x.md)` to that page in the calling
page's language, and `photo.png` in a bundle to the page resource of that
language. Which URL a written destination becomes is the site's business
(`link_targets.PageLinks`); this plugin only asks it, through `env[HOOK]`, and
keeps what was written in `meta["written"]` so warnings still find the column.

With the option `md.options[CAPTIONS]` (the site param `imageCaptions`), an
image alone in its paragraph that has a title becomes a `<figure>` with the
title as its `<figcaption>`, as themes such as Blowfish do; without it the
title stays the image's title attribute, as in Hugo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

HOOK = "sitegen_link_hook"  # key in env: LinkHook for the page being rendered
CAPTIONS = "sitegen_image_captions"  # key in md.options

# (destination as markdown-it normalised it, is it an image) -> the new one, or None: as written
LinkHook = Callable[[str, bool], "str | None"]


def link_hooks_plugin(md: MarkdownIt, *, captions: bool = False) -> None:
    """Resolve link and image destinations after inline parsing; optionally make figures."""
    md.options[CAPTIONS] = captions
    md.core.ruler.push("hugo_link_hooks", _resolve)
    md.add_render_rule("paragraph_open", _paragraph_open)
    md.add_render_rule("paragraph_close", _paragraph_close)


def _resolve(state: StateCore) -> None:
    hook: LinkHook | None = state.env.get(HOOK)
    captions = bool(state.md.options.get(CAPTIONS))
    for i, token in enumerate(state.tokens):
        if token.type != "inline" or not token.children:
            continue
        if hook is not None:
            for child in token.children:
                _rewrite(child, hook)
        if captions and 0 < i < len(state.tokens) - 1:
            _figure(state.tokens[i - 1], token, state.tokens[i + 1])


def _rewrite(token: Token, hook: LinkHook) -> None:
    image = token.type == "image"
    # autolinks (<https://…>) have a scheme, which the hook leaves alone anyway
    if not image and (token.type != "link_open" or token.markup == "autolink"):
        return
    attr = "src" if image else "href"
    written = str(token.attrGet(attr) or "")
    found = hook(written, image)
    if found is not None and found != written:
        token.meta["written"] = written
        token.attrSet(attr, found)


def _figure(opening: Token, inline: Token, closing: Token) -> None:
    children = inline.children or []
    if opening.type != "paragraph_open" or len(children) != 1 or children[0].type != "image":
        return
    title = str(children[0].attrGet("title") or "")
    if not title:
        return
    attrs = children[0].attrs
    attrs.pop("title", None)  # the caption says it; a tooltip would say it twice
    opening.meta["figure"] = True
    closing.meta["caption"] = title


def _paragraph_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    if tokens[idx].meta.get("figure"):
        return "<figure>"
    return str(self.renderToken(tokens, idx, options, env))


def _paragraph_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    caption = tokens[idx].meta.get("caption")
    if caption is not None:
        return f"<figcaption>{escape(caption, quote=False)}</figcaption></figure>\n"
    return str(self.renderToken(tokens, idx, options, env))
