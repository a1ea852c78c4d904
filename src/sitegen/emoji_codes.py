"""Hugo's `enableEmoji`: `:smile:` in text becomes 😄 (Goldmark's emoji extension).

The table is the `emoji` package's: its GitHub aliases (the names Hugo's table
has, `:+1:`, `:smile:`) and its English names. Only text is touched, never code,
math, raw HTML or a URL; a name nobody knows stays as written.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_CODE = re.compile(r":[a-zA-Z0-9_+\-]+:")


@cache
def emoji_table() -> dict[str, str]:
    """`:name:` -> the emoji, for every alias and English name the package knows."""
    import emoji  # imported on first use: most sites have emoji off

    table: dict[str, str] = {}
    for char, data in emoji.EMOJI_DATA.items():
        for name in [data.get("en"), *data.get("alias", [])]:
            if isinstance(name, str):
                table.setdefault(name, char)
    return table


def emoji_plugin(md: MarkdownIt) -> None:
    # Before text_join, so an escaped colon (`\:smile:`) is still its own token.
    md.core.ruler.before("text_join", "hugo_emoji", _core)


def _core(state: StateCore) -> None:
    table = emoji_table()
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = False
        for tok in block.children:
            if tok.type == "link_open" and tok.markup in ("autolink", "linkify"):
                in_autolink = True
            elif tok.type == "link_close":
                in_autolink = False
            elif tok.type == "text" and not in_autolink and ":" in tok.content:
                tok.content = _CODE.sub(lambda m: table.get(m.group(), m.group()), tok.content)
