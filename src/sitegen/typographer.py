"""Goldmark's typographer, which Hugo turns on by default: `--` `---` `...` `<<` `>>`
and straight quotes become – — … « » and curly quotes.

markdown-it's own `typographer` option is not used: its replacements also turn
`(c)` into © and `+-` into ±, and its smartquotes pair quotes by another rule,
so `5'10"` or a quote between two Chinese characters would come out unlike
Hugo's. This follows Goldmark's extension/typographer.go instead: a scan from
left to right of each block's text, with the character before and after each
quote deciding (CommonMark's flanking rule), and a count of quotes opened and
not yet closed in the block.

Only text is touched: code spans, fences, math, raw HTML, autolinks, the URLs
linkify.py links (a URL it leaves as text, `中文https://a--b`, is text to
Goldmark too) and escaped characters (`\\"`) keep their characters. CJK text needs nothing
special: full-width punctuation is not a trigger, and a `"` between two CJK
characters can both open and close, so it stays straight, as in Hugo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# Hugo's names (markup.goldmark.extensions.typographer.*) -> Goldmark's defaults,
# as characters: Goldmark writes its entities into the HTML as they are, and
# markdown-it escapes text, so a configured "&laquo;" is unescaped first.
DEFAULTS: dict[str, str] = {
    "leftSingleQuote": "\u2018",
    "rightSingleQuote": "\u2019",
    "leftDoubleQuote": "\u201c",
    "rightDoubleQuote": "\u201d",
    "enDash": "\u2013",
    "emDash": "\u2014",
    "ellipsis": "\u2026",
    "leftAngleQuote": "\u00ab",
    "rightAngleQuote": "\u00bb",
    "apostrophe": "\u2019",
}

_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TRIGGER = re.compile(r"[-.'\"]")  # what the scan may replace (<< and >> are _angle's)


def substitutions(configured: Mapping[str, str]) -> dict[str, str]:
    """Goldmark's defaults with the configured ones over them (entities unescaped)."""
    out = dict(DEFAULTS)
    out.update({name: unescape(value) for name, value in configured.items()})
    return out


def typographer_plugin(md: MarkdownIt, subs: Mapping[str, str]) -> None:
    """Replace punctuation in text; `subs` maps Hugo's names to replacements.

    An empty replacement removes the punctuation, as it does in Hugo."""
    # Before text_join, so escaped characters (text_special tokens) are still apart.
    md.core.ruler.before("text_join", "goldmark_typographer", lambda state: _core(state, subs))
    # `<<a>>` would otherwise be `<` and a raw HTML tag `<a>`; Goldmark sees
    # `<<` first. Runs before html_inline and autolink, as Goldmark's rule does
    # once those have failed at the first `<`.
    md.inline.ruler.before("autolink", "goldmark_angle_quotes", lambda s, silent: _angle(s, silent, subs))


def _angle(state: StateInline, silent: bool, subs: Mapping[str, str]) -> bool:
    run = state.src[state.pos : state.pos + 3]
    if run in ("<<<", ">>>"):
        # sitegen's own shortcode spelling (an escaped `<<</* lead */>>>` shows it) is
        # not typography; Goldmark never sees it, so there is nothing to match
        if not silent:
            token = state.push("text", "", 0)
            token.content = run
            token.meta["typographer"] = True
        state.pos += 3
        return True
    pair = state.src[state.pos : state.pos + 2]
    name = {"<<": "leftAngleQuote", ">>": "rightAngleQuote"}.get(pair)
    if name is None:
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = subs[name]
        token.meta["typographer"] = True  # already replaced: the core rule leaves it
    state.pos += 2
    return True


def _core(state: StateCore, subs: Mapping[str, str]) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children:
            _Block(block.children, subs).run()


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _is_punct(ch: str) -> bool:
    """Goldmark's util.IsPunctRune: ASCII punctuation and symbols, or Unicode punctuation."""
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    left = not _is_space(after) and (not _is_punct(after) or _is_space(before) or _is_punct(before))
    right = not _is_space(before) and (not _is_punct(before) or _is_space(after) or _is_punct(after))
    return left, right


class _Block:
    """One block's inline tokens, seen as the line of source Goldmark scans.

    `flat` is the block's text with every other token standing in by what its
    source looks like at its edges (`*` for emphasis, the backtick for code), so
    the characters before and after a quote are those Goldmark sees.
    """

    def __init__(self, children: list[Token], subs: Mapping[str, str]) -> None:
        self.subs = subs
        self.single = self.double = 0  # quotes opened and not closed yet
        parts: list[str] = []
        self.owner: list[int] = []  # per character of flat: index of its text token, or -1
        self.children = children
        self.spans: dict[int, tuple[int, int]] = {}  # editable token index -> its span of flat
        offset = 0
        in_autolink = False
        for i, tok in enumerate(children):
            editable = tok.type == "text" and not in_autolink and not tok.meta.get("typographer")
            if tok.type == "link_open" and tok.markup in ("autolink", "linkify"):
                in_autolink = True
            elif tok.type == "link_close":
                in_autolink = False
            shown = _shown(tok)
            if editable:
                self.spans[i] = (offset, offset + len(shown))
            parts.append(shown)
            self.owner.extend([i if editable else -1] * len(shown))
            offset += len(shown)
        self.flat = "".join(parts)

    def run(self) -> None:
        # From one trigger to the next: the text between them is never changed, and
        # walking it character by character was most of the typographer's time.
        flat, owner = self.flat, self.owner
        edits: dict[int, list[tuple[int, int, str]]] = {}  # token index -> (start, end, text)
        done = 0  # characters before this were consumed by an earlier replacement
        for found in _TRIGGER.finditer(flat):
            i = found.start()
            tok = owner[i]
            if i < done or tok < 0:
                continue
            replaced, used = self._at(i, self.spans[tok][1])
            if replaced is not None:
                edits.setdefault(tok, []).append((i, i + used, replaced))
            done = i + used
        for index, changes in edits.items():
            start, _ = self.spans[index]
            text, at = self.children[index].content, start
            pieces: list[str] = []
            for begin, end, replaced in changes:
                pieces += (text[at - start : begin - start], replaced)
                at = end
            pieces.append(text[at - start :])
            self.children[index].content = "".join(pieces)

    def _at(self, i: int, end: int) -> tuple[str | None, int]:
        """The replacement at flat[i] (None: keep it) and how many characters it covers.

        `end` bounds what may be replaced at once (this token's text); the rest of
        the line is still looked at, as Goldmark peeks at the whole line.
        """
        flat, subs = self.flat, self.subs
        c = flat[i]
        if c == "-":
            if flat.startswith("---", i, end):
                return subs["emDash"], 3
            return (subs["enDash"], 2) if flat.startswith("--", i, end) else (None, 1)
        if c == ".":
            return (subs["ellipsis"], 3) if flat.startswith("...", i, end) else (None, 1)
        nl = flat.find("\n", i)  # only quotes look at the rest of the line
        line = flat[i : nl + 1 if nl >= 0 else len(flat)]
        before = flat[i - 1] if i > 0 else "\n"
        after = line[1] if len(line) > 1 else " "
        can_open, can_close = _flanking(before, after)
        if not can_open and not can_close:
            return None, 1
        return (
            self._single(line, before, can_open, can_close)
            if c == "'"
            else self._double(line, before, can_open, can_close)
        ), 1

    def _single(self, line: str, before: str, can_open: bool, can_close: bool) -> str | None:
        subs = self.subs
        # decades: '90s
        if (
            can_open
            and not can_close
            and len(line) > 3
            and line[1].isdigit()
            and line[2].isdigit()
            and line[3] == "s"
        ):
            after = line[4] if len(line) > 4 else " "
            if _is_space(after) or _is_punct(after):
                return subs["apostrophe"]
        # 'twas, 'em, 'net
        if len(line) > 1 and (_uni_punct(before) or before.isspace()) and line[1] in "tenl":
            return subs["apostrophe"]
        # between two alphanumerics: don't, it's
        if len(line) > 1 and (before.isdigit() or before.isalpha()) and line[1].isalpha():
            return subs["apostrophe"]
        if can_open and not can_close:
            name = "leftSingleQuote"
            # Alice's, I'm, Don't, You'd
            if len(line) > 1 and line[1] in "smtd" and (len(line) < 3 or _ascii_punct_or_space(line[2])):
                name = "rightSingleQuote"
            # I've, I'll, You're
            if (
                len(line) > 2
                and line[1:3] in ("ve", "ll", "re")
                and (len(line) < 4 or _ascii_punct_or_space(line[3]))
            ):
                name = "rightSingleQuote"
            if name == "leftSingleQuote":
                self.single += 1
            return subs[name]
        # Smiths', doin': Goldmark's condition looks at the quote itself, which is
        # punctuation, so any quote not before a digit closes; kept as it behaves
        if _uni_punct(line[0]) and len(line) > 2 and not line[1].isdigit():
            return subs["rightSingleQuote"]
        if self.single > 0 and self._closes(line, can_open, can_close):
            self.single -= 1
            return subs["rightSingleQuote"]
        return None

    def _double(self, line: str, before: str, can_open: bool, can_close: bool) -> str | None:
        subs = self.subs
        if can_open and not can_close:
            self.double += 1
            return subs["leftDoubleQuote"]
        if self.double > 0 and self._closes(line, can_open, can_close):
            if len(line) > 1 and line[1] == '"' and before.isdigit():  # "Monitor 21""
                return None
            self.double -= 1
            return subs["rightDoubleQuote"]
        return None

    @staticmethod
    def _closes(line: str, can_open: bool, can_close: bool) -> bool:
        if can_close and not can_open:
            return True
        return (
            can_close
            and can_open
            and len(line) > 1
            and _uni_punct(line[1])
            and (len(line) == 2 or _ascii_punct_or_space(line[2]))
        )


def _uni_punct(ch: str) -> bool:
    """Go's unicode.IsPunct: category P only (not the ASCII symbols)."""
    return unicodedata.category(ch).startswith("P")


def _ascii_punct_or_space(ch: str) -> bool:
    """Goldmark's byte tables util.IsPunct / util.IsSpace, which know only ASCII."""
    return ch in _ASCII_PUNCT or ch in " \t\n\r\v\f"


def _shown(tok: Token) -> str:
    """What a token looks like in the source, as far as its neighbours' quotes care."""
    if tok.type == "text":
        return tok.content
    if tok.type == "text_special":  # an escape or entity: one character, never replaced
        return tok.content[-1:] or "x"
    if tok.type in ("softbreak", "hardbreak"):
        return "\n"
    if tok.type == "code_inline":
        return tok.markup + tok.content + tok.markup
    if tok.type == "link_open":
        return "["
    if tok.type == "link_close":
        return ")"
    if tok.type == "image":
        return "![x)"
    if tok.type.startswith("math"):
        return "$x$"
    if tok.type == "html_inline":
        return tok.content
    return tok.markup or tok.content
