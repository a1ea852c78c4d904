"""Goldmark's passthrough extension, as Hugo configures it for math.

`markup.goldmark.extensions.passthrough` lists delimiter pairs, `block` and
`inline` (Hugo's usual: `\\[…\\]` and `$$…$$`, `\\(…\\)`). Hugo passes what is
between them through untouched for a JavaScript renderer; sitegen renders it
as MathML at build time, exactly as it renders `$…$` and `$$…$$`: inline
pairs make inline math, block pairs display math. The pairs `$`/`$$` are
already math (mathml.py), so only the others get a rule here.

With passthrough off (Hugo's default), `\\(` is a backslash escape and reads
`(`, as in Hugo.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

Pair = tuple[str, str]
DOLLAR_PAIRS = {("$", "$"), ("$$", "$$")}  # dollarmath's, in mathml.py


def passthrough_plugin(md: MarkdownIt, block: Sequence[Pair], inline: Sequence[Pair]) -> None:
    # Block pairs first: `\[` must not be taken for an inline `\(`-like pair that
    # shares its opening. Longest openings first among each kind.
    pairs = [(o, c, True) for o, c in block if (o, c) not in DOLLAR_PAIRS]
    pairs += [(o, c, False) for o, c in inline if (o, c) not in DOLLAR_PAIRS]
    pairs.sort(key=lambda p: -len(p[0]))
    if not pairs:
        return
    # Before `escape`, so `\(` is not read as an escaped `(`; after `text`,
    # which stops at `\` and `$` (a delimiter starting with another character
    # is found where the text rule stops, as at any other inline rule).
    md.inline.ruler.before("escape", "passthrough", lambda s, silent: _passthrough(s, silent, pairs))


def _passthrough(state: StateInline, silent: bool, pairs: list[tuple[str, str, bool]]) -> bool:
    # An escaped backslash (`\\(`) was taken by `escape` before this position.
    src, pos = state.src, state.pos
    for opening, closing, display in pairs:
        if not src.startswith(opening, pos):
            continue
        end = src.find(closing, pos + len(opening))
        if end < 0 or not src[pos + len(opening) : end].strip():
            continue
        if not silent:
            token = state.push("math_inline_double" if display else "math_inline", "math", 0)
            token.content = src[pos + len(opening) : end]
            token.markup = opening
        state.pos = end + len(closing)
        return True
    return False
