"""Math delimiters besides dollars: `\\(…\\)`, `\\[…\\]` and Hugo's passthrough pairs.

`markup.goldmark.extensions.passthrough` lists delimiter pairs, `block` and
`inline` (Hugo's usual: `\\[…\\]` and `$$…$$`, `\\(…\\)`). Hugo passes what is
between them through untouched for a JavaScript renderer; sitegen renders it
as MathML at build time, exactly as it renders `$…$` and `$$…$$`: inline
pairs make inline math, block pairs display math. The pairs `$`/`$$` are
already math (dollarmath), so only the others get a rule here. sitegen adds
the bracket pairs whether or not passthrough is on (plugin.py): Hugo reads a
lone `\\(` as an escaped `(`, which nobody writing `\\(x\\)` meant.

A block pair opening a line is also a block rule, so a formula over several
lines stays one formula even where a line of it would start a list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

Pair = tuple[str, str]
DOLLAR_PAIRS = {("$", "$"), ("$$", "$$")}  # dollarmath's


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
    # `\\(` is tried before `\(` (longest first); where no pair takes it,
    # `escape` reads `\\` as one backslash, as CommonMark does.
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


def bracket_blocks_plugin(md: MarkdownIt, pairs: Sequence[Pair]) -> None:
    """A block pair (`\\[` … `\\]`) opening a line takes the lines up to its closing."""
    pairs = sorted((p for p in pairs if p not in DOLLAR_PAIRS), key=lambda p: -len(p[0]))
    if pairs:
        md.block.ruler.before(
            "paragraph",
            "math_brackets",
            lambda s, start, end, silent: _block(s, start, end, silent, pairs),
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )


def _block(state: StateBlock, start: int, end: int, silent: bool, pairs: list[Pair]) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # an indented code block
    begin = state.bMarks[start] + state.tShift[start]
    first = state.src[begin : state.eMarks[start]]
    for opening, closing in pairs:
        if not first.startswith(opening):
            continue
        line, body = start, [first[len(opening) :]]
        while not body[-1].rstrip().endswith(closing):
            if closing in body[-1]:
                return False  # closed inside a line: inline math in a paragraph
            line += 1
            if line >= end or state.isEmpty(line):
                return False  # unclosed, or a blank line: not one formula
            body.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
        last = body[-1].rstrip()
        body[-1] = last[: len(last) - len(closing)]
        if not "".join(body).strip():
            return False
        if not silent:
            token = state.push("math_block", "math", 0)
            token.block = True
            token.content = "\n".join(body)
            token.markup = opening
            token.map = [start, line + 1]
        state.line = line + 1
        return True
    return False


# CJK ideographs, CJK and full-width punctuation: prose, not math, when bare in `$…$`.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_TEXT_ARG = re.compile(r"\\(?:text(?:rm|bf|it|sf|tt|normal)?|mbox|hbox|textup)\s*\{[^{}]*\}")


def dollar_prose_plugin(md: MarkdownIt) -> None:
    """A `$` whose `$…$` holds Chinese outside `\\text{…}` is a dollar sign.

    Pandoc's rules (no space inside, no digit after) keep "costs $5 and $10"
    text, but not "价格是$5，变量$x$的值", where `$5，变量$` looks like math.
    TeX has no bare Chinese in math (it goes in `\\text{}`), so such a pair is
    prose: the first `$` is text, and the next one may still open math.
    """
    md.inline.ruler.before("math_inline", "dollar_prose", _dollar_prose)


def _dollar_prose(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "$" or src.startswith("$$", pos) or (pos and src[pos - 1] == "$"):
        return False
    end = src.find("$", pos + 1)
    while end > 0 and src[end - 1] == "\\":  # `\$` inside is a dollar of the formula
        end = src.find("$", end + 1)
    if end < 0 or not _CJK.search(_TEXT_ARG.sub("", src[pos + 1 : end])):
        return False
    if not silent:
        state.pending += "$"
    state.pos = pos + 1
    return True
