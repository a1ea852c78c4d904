"""The shortcode parse stage: a document body in, a tree of `Text` and `Shortcode` nodes out.

Hugo's spellings are understood: `{{< name args >}}`, `{{% name args %}}`
(whose inner content is Markdown), paired with `{{< /name >}}` or
self-closed with `/>}}`, and the escapes `{{</* … */>}}` that show a tag
literally. The project's own spelling `<<< name args >>>` reads better in
Markdown source, but `<<<` also occurs in shell here-strings, so it is a tag
only outside fenced code and code spans, and only when a valid name and a
later `>>>` follow it; anything else stays text. `{{<` is a tag everywhere,
code blocks included, as in Hugo (which is why Hugo has the escapes).

Nothing is rendered here. A known name's kind decides whether it takes a
closing tag: paired, inline, or OPTIONAL (Blowfish's bare `{{< katex >}}` and
paired `{{< katex >}}…{{< /katex >}}` are both right), which is paired only
when its closing tag follows, as an unknown name is. An unknown name is not an error here: its node is
marked `known=False`, and the build reports each unknown name once for the
whole site (unknown_shortcodes.py). Whether an unknown one is paired is read
from the text: it is if its closing tag follows. One regex `finditer` over the
openers drives the scan: a body without shortcodes costs a single regex pass.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..errors import SitegenError


@dataclass(frozen=True)
class Text:
    """Literal text; escaped tags appear here already unescaped."""

    text: str
    start: int  # offset in the parsed string


@dataclass(frozen=True)
class Shortcode:
    """One shortcode call. `inner` is None for inline and self-closing calls."""

    name: str
    args: tuple[str, ...]  # positional, unquoted
    kwargs: Mapping[str, str]  # named, in written order
    inner: tuple[Node, ...] | None
    inner_source: str | None  # raw text between the tags (highlight/katex need it verbatim)
    markdown: bool  # the {{% %}} form
    spelling: str  # "{{<", "{{%" or "<<<"
    start: int  # offset of the opening tag's first char
    end: int  # offset just past the closing tag (or the inline tag)
    line: int  # file line of the opening tag
    col: int  # 1-based column in characters
    known: bool = True  # False: no template or built-in has this name


Node = Text | Shortcode

# A shortcode that takes inner content when, and only when, its closing tag follows.
OPTIONAL = "optional"
Pairing = bool | str  # True, False or OPTIONAL

CLOSERS = {"{{<": ">}}", "{{%": "%}}", "<<<": ">>>"}
# The two Hugo spellings are easy to cross; say so rather than reading on.
OTHER_CLOSER = {"{{<": "%}}", "{{%": ">}}"}

OPENER_RE = re.compile(r"\{\{[<%]|<<<")
NAME_RE = re.compile(r"[A-Za-z][\w.-]*(?:/[A-Za-z][\w.-]*)*", re.ASCII)
KEY_RE = re.compile(r"\w[\w.-]*")
NONSPACE_RE = re.compile(r"\S")
# `<<<` is a tag only if a name follows on the same line (`cat <<< "$x"` is not).
ANGLE_HEAD_RE = re.compile(r"<<<[ \t]*(?:/\*[ \t]*)?/?[ \t]*[A-Za-z]")
# As in Hugo, a quoted value ends on its line and `\"` is its only escape,
# so Windows paths and regexes keep their backslashes.
QUOTED_RE = re.compile(r'"((?:\\"|[^"\\\n]|\\(?!"))*)"')
# A bare word stops at whitespace, quotes, `=` and the tag's end (`foo/>}}` self-closes).
BARE_RE = {c: re.compile(rf"(?:(?!/?{re.escape(c)})[^\s\"`=])+") for c in CLOSERS.values()}
ESCAPE_END_RE = {c: re.compile(rf"\*/\s*{re.escape(c)}") for c in CLOSERS.values()}
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)", re.MULTILINE)
BACKTICKS_RE = re.compile(r"`+")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")

SEPARATE_HINT = "separate arguments with spaces; quote values that contain spaces, quotes or '='"


def parse_shortcodes(
    text: str, *, paired: Mapping[str, Pairing], path: Path | str | None = None, first_line: int = 1
) -> tuple[Node, ...]:
    """Split `text` into text and shortcode nodes, nesting paired shortcodes.

    `paired` maps every known shortcode name to whether it takes inner content
    (True, False or OPTIONAL); other names come back as nodes with `known=False`.
    `first_line` is the file line the text starts on, for error positions.
    Raises `SitegenError` at the first syntax problem.
    """
    return _Parser(text, paired, path, first_line).parse()


_ESCAPED_TAG = re.compile(r"(\{\{[<%]|<<<)(\s*)/\*(.*?)\*/(\s*)(>\}\}|%\}\}|>>>)", re.DOTALL)


def unescape_tags(text: str) -> str:
    """Raw inner text (highlight's code) with each `{{</* x */>}}` shown as `{{< x >}}`, as
    the parse shows escapes everywhere else."""
    if "/*" not in text:
        return text
    return _ESCAPED_TAG.sub(lambda m: m[1] + m[2] + m[3] + m[4] + m[5], text)


def closing_tag(spelling: str, name: str) -> str:
    """How the closing tag of `name` is written in `spelling`: `{{< /name >}}`."""
    return f"{spelling} /{name} {CLOSERS[spelling]}"


# Expansion recurses once per level; real content nests a handful deep. Past
# this, the user gets a located error instead of Python's recursion limit.
MAX_DEPTH = 100


@dataclass
class _Tag:
    """One tag as read from the source, before it is matched up with others."""

    start: int
    end: int
    spelling: str
    name: str = ""
    name_pos: int = 0
    closing: bool = False
    self_closing: bool = False
    args: list[str] = field(default_factory=list)
    kwargs: dict[str, str] = field(default_factory=dict)
    literal: str | None = None  # an escape's text, shown as is


class _Parser:
    def __init__(self, text: str, paired: Mapping[str, Pairing], path: Path | str | None, first_line: int):
        self.text, self.paired, self.path, self.first_line = text, paired, path, first_line
        self.pos = 0  # everything before this is already in the tree
        self.root: list[Node] = []
        self.stack: list[tuple[_Tag, list[Node]]] = []  # open paired shortcodes
        self._line_starts: list[int] | None = None  # built on the first tag only
        self._code: tuple[list[int], list[int]] | None = None  # built on the first `<<<` only
        self._closers: dict[str, tuple[int, int]] = {}  # closer -> (searched from, found at)
        self._unknown_paired: set[int] | None = None  # built on the first unknown name only

    def parse(self) -> tuple[Node, ...]:
        for m in OPENER_RE.finditer(self.text):
            if m.start() < self.pos:
                continue  # inside a tag already read (a quoted argument, say)
            tag = self._read_tag(m.start(), m.group())
            if tag is not None:
                self._add_text(self.text[self.pos : tag.start], self.pos)
                self._handle(tag)
                self.pos = tag.end
        self._add_text(self.text[self.pos :], self.pos)
        if self.stack:
            raise self._never_closed(self.stack[-1][0])
        return tuple(self.root)

    # Reading one tag

    def _read_tag(self, start: int, spelling: str) -> _Tag | None:
        """Read the tag at `start`; None when a `<<<` turns out to be plain text."""
        closer = CLOSERS[spelling]
        if spelling == "<<<" and not self._angle_is_tag(start):
            return None
        if spelling != "<<<" and not self._closer_after(closer, start + 3):
            raise self._error("shortcode tag opened here is never closed", start, f"end it with {closer}")
        p = self._skip_space(start + 3)
        if self.text.startswith("/*", p):
            return self._read_escape(start, p, spelling)
        return self._read_call(_Tag(start, start, spelling), p)

    def _angle_is_tag(self, start: int) -> bool:
        return (
            ANGLE_HEAD_RE.match(self.text, start) is not None
            and self._closer_after(">>>", start + 3)
            and not self._in_code(start)
        )

    def _read_escape(self, start: int, p: int, spelling: str) -> _Tag | None:
        """`{{</* x */>}}` is the text `{{< x >}}`: only the comment markers go."""
        closer = CLOSERS[spelling]
        m = ESCAPE_END_RE[closer].search(self.text, p + 2)
        if m is None:
            if spelling == "<<<":
                return None
            hint = f"end it with */{closer}"
            raise self._error("escaped shortcode opened here is never closed", start, hint)
        text = self.text
        literal = text[start:p] + text[p + 2 : m.start()] + text[m.start() + 2 : m.end()]
        return _Tag(start, m.end(), spelling, literal=literal)

    def _read_call(self, tag: _Tag, p: int) -> _Tag:
        if self.text.startswith("/", p):
            tag.closing = True
            p = self._skip_space(p + 1)
        m = NAME_RE.match(self.text, p)
        if m is None:
            literal = f"{tag.spelling}/* … */{CLOSERS[tag.spelling]}"
            hint = f"names start with a letter; to show a tag literally write {literal}"
            raise self._error(f"expected a shortcode name after {tag.spelling}", p, hint)
        tag.name, tag.name_pos = m.group(), p
        tag.end = self._read_close_end(tag, m.end()) if tag.closing else self._read_args(tag, m.end())
        return tag

    def _read_close_end(self, tag: _Tag, p: int) -> int:
        q = self._skip_space(p)
        end = self._tag_end(tag, q)
        if end is None or tag.self_closing:
            shown = closing_tag(tag.spelling, tag.name)
            raise self._error(f"closing tag {shown} takes no arguments", q)
        return end

    def _read_args(self, tag: _Tag, p: int) -> int:
        """Read arguments up to the end of the tag; return the offset past it."""
        while True:
            q = self._skip_space(p)
            end = self._tag_end(tag, q)
            if end is not None:
                return end
            if q == p:  # an argument must be set off by whitespace
                raise self._error(f"unexpected {self.text[q]!r} in shortcode arguments", q, SEPARATE_HINT)
            p = self._read_arg(tag, q)

    def _tag_end(self, tag: _Tag, q: int) -> int | None:
        closer, text = CLOSERS[tag.spelling], self.text
        if text.startswith(closer, q):
            return q + len(closer)
        if text.startswith("/" + closer, q):
            tag.self_closing = True
            return q + 1 + len(closer)
        if q >= len(text):  # the closer we saw earlier was inside a quoted value
            raise self._error("shortcode tag opened here is never closed", tag.start, f"end it with {closer}")
        other = OTHER_CLOSER.get(tag.spelling)
        if other and text.startswith(other, q):
            raise self._error(f"tag opened with {tag.spelling} must end with {closer}, not {other}", q)
        return None

    def _read_arg(self, tag: _Tag, p: int) -> int:
        if self.text[p] == "=":
            raise self._error("'=' without a key", p, "named arguments are written key=value, without spaces")
        bare = BARE_RE[CLOSERS[tag.spelling]].match(self.text, p)
        key = None
        if bare and self.text.startswith("=", bare.end()):
            key = bare.group()
            if not KEY_RE.fullmatch(key):
                raise self._error(f"invalid argument name '{key}'", p, "names are letters, digits, _ - and .")
            value, end = self._read_value(tag, bare.end() + 1, key)
        else:
            value, end = self._read_value(tag, p, None)
        self._store(tag, key, value, p)
        return end

    def _read_value(self, tag: _Tag, p: int, key: str | None) -> tuple[str, int]:
        ch = self.text[p : p + 1]
        if ch == '"':
            m = QUOTED_RE.match(self.text, p)
            if m is None:
                hint = "a quoted value ends on its line; use a `raw string` to span lines"
                raise self._error("unterminated quoted string", p, hint)
            return m.group(1).replace('\\"', '"'), m.end()
        if ch == "`":
            close = self.text.find("`", p + 1)
            if close < 0:
                raise self._error("unterminated raw string", p, "end it with a matching backtick (`)")
            return self.text[p + 1 : close], close + 1
        m = BARE_RE[CLOSERS[tag.spelling]].match(self.text, p)
        if m is None:  # only possible after `key=`
            raise self._error(f"missing value after '{key}='", p, f'write {key}="" for an empty value')
        return m.group(), m.end()

    def _store(self, tag: _Tag, key: str | None, value: str, p: int) -> None:
        # Hugo hands a shortcode either .Get "name" or .Get 0 arguments, never both.
        if (key is None and tag.kwargs) or (key is not None and tag.args):
            hint = "Hugo takes either all key=value arguments or all positional ones"
            raise self._error("cannot mix named and positional arguments", p, hint)
        if key is None:
            tag.args.append(value)
        elif key in tag.kwargs:
            raise self._error(f"duplicate argument '{key}'", p)
        else:
            tag.kwargs[key] = value

    # Building the tree

    def _handle(self, tag: _Tag) -> None:
        if tag.literal is not None:
            self._add_text(tag.literal, tag.start)
            return
        if tag.closing:
            self._close(tag)
        elif self._takes_inner(tag) and not tag.self_closing:
            if len(self.stack) >= MAX_DEPTH:
                raise self._error(
                    f"shortcodes nested more than {MAX_DEPTH} deep",
                    tag.start,
                    hint="a missing closing tag can cause this; check the ones above",
                )
            self.stack.append((tag, []))
        else:
            self._add_node(self._node(tag, None, tag.end, None))

    def _takes_inner(self, tag: _Tag) -> bool:
        """A known name says so itself; an unknown or OPTIONAL one does if a later closing
        tag closes it, so `{{< notice >}}…{{< /notice >}}` is one use and keeps its content."""
        known = self.paired.get(tag.name)
        if known is not None and known != OPTIONAL:
            return bool(known)
        if self._unknown_paired is None:
            self._unknown_paired = self._pair_unknown(tag.start)
        return tag.start in self._unknown_paired

    def _pair_unknown(self, start: int) -> set[int]:
        """Offsets of the unknown or OPTIONAL opening tags from `start` on that a closing tag closes.

        As with brackets, a closing tag closes the nearest open tag of its name, and
        opening tags left open are inline: `{{< x >}} {{< x >}}…{{< /x >}}` is an inline
        use, then a paired one.
        """
        paired: set[int] = set()
        opened: dict[str, list[int]] = {}
        pos = start
        try:
            for m in OPENER_RE.finditer(self.text, start):
                tag = self._read_tag(m.start(), m.group()) if m.start() >= pos else None
                if tag is None:
                    continue
                pos = tag.end
                if tag.literal is not None or self.paired.get(tag.name, OPTIONAL) != OPTIONAL:
                    continue
                if tag.closing and opened.get(tag.name):
                    paired.add(opened[tag.name].pop())
                elif not tag.closing and not tag.self_closing:
                    opened.setdefault(tag.name, []).append(tag.start)
        except SitegenError:
            pass  # a broken tag further on: the parse proper reports it where it is
        return paired

    def _close(self, tag: _Tag) -> None:
        shown = closing_tag(tag.spelling, tag.name)
        if not self.paired.get(tag.name, True):
            hint = f"remove {shown}; '{tag.name}' is used inline"
            raise self._error(f"shortcode '{tag.name}' does not take inner content", tag.start, hint)
        if not self.stack:
            raise self._error(f"closing tag {shown} has no opening tag", tag.start)
        opener, children = self.stack[-1]
        if opener.name != tag.name or opener.spelling != tag.spelling:
            raise self._mismatch(opener, tag)
        self.stack.pop()
        inner_source = self.text[opener.end : tag.start]
        self._add_node(self._node(opener, tuple(children), tag.end, inner_source))

    def _mismatch(self, opener: _Tag, tag: _Tag) -> SitegenError:
        shown, expected = closing_tag(tag.spelling, tag.name), closing_tag(opener.spelling, opener.name)
        line = self._where(opener.start)[0]
        if opener.name == tag.name:
            message = f"closing tag {shown} is spelled differently from its opening tag (line {line})"
            return self._error(message, tag.start, f"use {expected}")
        message = f"closing tag {shown} does not match the open shortcode '{opener.name}' (line {line})"
        if tag.name not in self.paired and difflib.get_close_matches(tag.name, [opener.name], n=1):
            return self._error(message, tag.start, f"did you mean {expected}?")  # a typo, likely
        return self._error(message, tag.start, f"close '{opener.name}' first with {expected}")

    def _never_closed(self, opener: _Tag) -> SitegenError:
        expected, closer = closing_tag(opener.spelling, opener.name), CLOSERS[opener.spelling]
        hint = f"close it with {expected}, or end the tag with /{closer} if it has no inner content"
        return self._error(f"shortcode '{opener.name}' opened here is never closed", opener.start, hint)

    def _node(self, tag: _Tag, inner: tuple[Node, ...] | None, end: int, source: str | None) -> Shortcode:
        line, col = self._where(tag.start)
        kwargs = MappingProxyType(dict(tag.kwargs))
        return Shortcode(
            tag.name,
            tuple(tag.args),
            kwargs,
            inner,
            source,
            tag.spelling == "{{%",
            tag.spelling,
            tag.start,
            end,
            line,
            col,
            tag.name in self.paired,
        )

    def _add_node(self, node: Shortcode) -> None:
        (self.stack[-1][1] if self.stack else self.root).append(node)

    def _add_text(self, text: str, start: int) -> None:
        """Append text, merged into the previous node when that is text too."""
        if not text:
            return
        nodes = self.stack[-1][1] if self.stack else self.root
        if nodes and isinstance(last := nodes[-1], Text):
            nodes[-1] = Text(last.text + text, last.start)
        else:
            nodes.append(Text(text, start))

    # Positions and lookups

    def _where(self, pos: int) -> tuple[int, int]:
        """File line and 1-based character column of an offset."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        i = bisect_right(self._line_starts, pos) - 1
        return self.first_line + i, pos - self._line_starts[i] + 1

    def _skip_space(self, pos: int) -> int:
        m = NONSPACE_RE.search(self.text, pos)
        return m.start() if m else len(self.text)

    def _error(self, message: str, pos: int, hint: str | None = None) -> SitegenError:
        line, col = self._where(pos)
        return SitegenError(message, self.path, line, col, hint)

    def _closer_after(self, closer: str, pos: int) -> bool:
        """Whether `closer` occurs at or after `pos`; remembers the last search, as pos only grows."""
        searched_from, found = self._closers.get(closer, (len(self.text) + 1, -1))
        if searched_from > pos or 0 <= found < pos:
            searched_from, found = pos, self.text.find(closer, pos)
            self._closers[closer] = (searched_from, found)
        return found >= 0

    def _in_code(self, pos: int) -> bool:
        if self._code is None:
            regions = list(_code_regions(self.text))
            self._code = ([a for a, _ in regions], [b for _, b in regions])
        starts, ends = self._code
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]


# Code regions, where `<<<` is never a tag


def _code_regions(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of fenced code blocks and code spans, in order."""
    prose = 0
    for start, end in _fences(text):
        yield from _code_spans(text, prose, start)
        yield start, end
        prose = end
    yield from _code_spans(text, prose, len(text))


def _fences(text: str) -> Iterator[tuple[int, int]]:
    """Fenced blocks per CommonMark: same fence char, closer at least as long; unclosed runs to the end."""
    opener: re.Match[str] | None = None
    for m in FENCE_RE.finditer(text):
        if opener is None:
            if not (m[1][0] == "`" and "`" in m[2]):  # a backtick info string makes it no fence
                opener = m
        elif m[1][0] == opener[1][0] and len(m[1]) >= len(opener[1]) and not m[2].strip():
            yield opener.start(), m.end()
            opener = None
    if opener is not None:
        yield opener.start(), len(text)


def _code_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Code spans: a backtick run up to the next run of the same length, within a paragraph."""
    pos, limit = start, -1
    while m := BACKTICKS_RE.search(text, pos, end):
        if limit < m.end():  # one search per paragraph, not per run
            blank = BLANK_LINE_RE.search(text, m.end(), end)
            limit = blank.start() if blank else end
        run = re.compile(f"(?<!`){m.group()}(?!`)")
        close = run.search(text, m.end(), limit)
        if close is None:  # an unmatched run is literal backticks
            pos = m.end()
            continue
        yield m.start(), close.end()
        pos = close.end()
