"""Markdown stage, one plugin: Goldmark's heading attributes, `## Title {#id .class}`.

Hugo turns on Goldmark's `parser.attribute.title` by default, so a heading may end
in `{…}` holding `#id`, `.class` and `key=value` (or `key="value"`) parts; they
become the heading's attributes and leave its text. Checked with Hugo 0.168:
`## Two {#y .c .d data-a=1}` is `<h2 id="y" class="c d" data-a="1">Two</h2>`;
anything else in the braces (`{#bad id}`, `{not attrs}`) leaves the text as
written; only headings, never paragraphs. An explicit id is what `ref "#id"`
and `[x](#id)` links name, so it runs before ids are generated (anchors plugin).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_TRAILER = re.compile(r"\s*\{([^{}]*)\}\s*$")
_PART = re.compile(r"""#([\w-]+)|\.([\w-]+)|([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def heading_attrs_plugin(md: MarkdownIt, *, allowed: tuple[str, ...] | None = None) -> None:
    """Read `{…}` at the end of headings; `allowed` limits the keys (raw HTML off)."""

    def rule(state: StateCore) -> None:
        tokens = state.tokens
        for i, token in enumerate(tokens[:-1]):
            if token.type == "heading_open" and tokens[i + 1].type == "inline":
                _apply(token, tokens[i + 1], allowed)

    # right after inline parsing: before the typographer curls quotes in `key="value"`
    # and before ids are generated
    md.core.ruler.after("inline", "heading_attrs", rule)


def _apply(heading: Token, inline: Token, allowed: tuple[str, ...] | None) -> None:
    children = inline.children or []
    if not children or children[-1].type != "text":
        return
    last = children[-1]
    found = _TRAILER.search(last.content)
    parsed = _parse(found.group(1)) if found else None
    if found is None or parsed is None:
        return
    last.content = last.content[: found.start()]
    inline.content = _TRAILER.sub("", inline.content)
    for key, value in parsed:
        if key.lower().startswith("on"):  # event handlers: Goldmark never writes them
            continue
        if allowed is not None and key not in allowed and not key.startswith("data-"):
            continue
        heading.attrSet(key, value)


def _parse(inside: str) -> list[tuple[str, str]] | None:
    """The attributes in `{…}` in written order (classes joined), or None if it holds
    anything that is not one."""
    parts: list[tuple[str, str]] = []
    classes: list[str] = []
    at = 0
    for m in _PART.finditer(inside):
        if inside[at : m.start()].strip():
            return None
        at = m.end()
        if m.group(1):
            parts.append(("id", m.group(1)))
        elif m.group(2):
            if not classes:
                parts.append(("class", ""))
            classes.append(m.group(2))
        else:
            value = next(v for v in m.group(4, 5, 6) if v is not None)
            parts.append((m.group(3), value))
    if inside[at:].strip() or not parts:
        return None
    return [(k, " ".join(classes) if k == "class" else v) for k, v in parts]
