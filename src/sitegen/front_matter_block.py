"""Front-matter stage, first step: a file's text -> where its front-matter block is.

Follows Hugo 0.168's page lexer (parser/pageparser, lexIntroSection), checked with
the real binary:

- spaces, tabs, blank lines and a byte-order mark before the block are skipped, so
  front matter after blank lines, or on an indented first line, is still front matter;
- then `---` opens YAML and `+++` TOML, closed by the next line that starts with the
  same three characters (the rest of the opening line is ignored, as are trailing
  spaces); `{` opens JSON, which ends where its braces balance, even on one line;
- any other first character means the file has no front matter;
- a first `-` or `+` that does not make three (`- item`, `+ item`) and a `{` that is
  not JSON (`{{< shortcode >}}`) are errors in Hugo, and here: a located error.

The file was already read by `sources.read_source`: the BOM is gone and every line
ends in `\\n` (CRLF and a lone CR, which Hugo accepts too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SitegenError

YAML, TOML, JSON = "YAML", "TOML", "JSON"
_SKIPPED = " \t\r\n\ufeff"  # Hugo's isSpace, isEndOfLine and byteOrderMark
_DELIMITERS = {"-": ("---", YAML), "+": ("+++", TOML)}
_HINT = "a file starting with {!r} is read as front matter, as Hugo does; start it with text or front matter"


@dataclass(frozen=True)
class Block:
    """A front-matter block found in a file."""

    kind: str  # YAML, TOML or JSON
    raw: str  # the block's text, after as many newlines as come before it in the file,
    # so that the parser's line numbers are file lines
    body: str  # the text after the block
    body_line: int  # the file line the body starts on


def find_block(path: Path, text: str) -> Block | None:
    """Return the front-matter block of a file's text, or None if it has none."""
    start = len(text) - len(text.lstrip(_SKIPPED))
    first = text[start : start + 1]
    if first in _DELIMITERS:
        return _delimited(path, text, start, *_DELIMITERS[first])
    if first == "{":
        return _json(path, text, start)
    return None


def _delimited(path: Path, text: str, start: int, delimiter: str, kind: str) -> Block:
    line, col = _line_col(text, start)
    if not text.startswith(delimiter, start):
        raise SitegenError(
            f"invalid {kind} front matter delimiter: a file whose first character is"
            f" {delimiter[0]!r} must start with {delimiter!r}",
            path,
            line,
            col,
            hint=_HINT.format(delimiter[0]),
        )
    opened = start + len(delimiter)
    end_of_line = text.find("\n", opened)
    closing = None
    if end_of_line >= 0:
        found = re.compile(rf"^{re.escape(delimiter)}", re.MULTILINE).search(text, end_of_line + 1)
        closing = found.start() if found else None
    if closing is None:
        raise SitegenError(
            f"front matter opened with {delimiter!r} on line {line} is never closed",
            path,
            line,
            col,
            hint=f"add a line with {delimiter!r} after the last field",
        )
    body_start = _after_blank_lines(text, closing + len(delimiter))
    raw = "\n" * text.count("\n", 0, opened) + text[opened:closing]
    return Block(kind, raw, text[body_start:], text.count("\n", 0, body_start) + 1)


def _json(path: Path, text: str, start: int) -> Block:
    if text.startswith(("{{<", "{{%"), start):
        line, col = _line_col(text, start)
        raise SitegenError(
            "invalid JSON front matter: Hugo reads a file whose first character is '{' as JSON,"
            " so a shortcode cannot come first",
            path,
            line,
            col,
            hint="put front matter (or a line of text) before the shortcode",
        )
    end = _balanced(text, start)
    if end is None:
        line, col = _line_col(text, start)
        raise SitegenError(
            "invalid JSON front matter: its braces are never balanced",
            path,
            line,
            col,
            hint=_HINT.format("{"),
        )
    body_start = _after_blank_lines(text, end)
    raw = "\n" * text.count("\n", 0, start) + text[start:end]
    return Block(JSON, raw, text[body_start:], text.count("\n", 0, body_start) + 1)


def _balanced(text: str, start: int) -> int | None:
    """Where the braces opened at `start` balance, counting as Hugo's lexer does (quotes
    and backslash escapes respected); the JSON parser then judges what is inside."""
    level, quoted, i = 0, False, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 1
        elif ch == '"':
            quoted = not quoted
        elif not quoted and ch in "{}":
            level += 1 if ch == "{" else -1
            if level == 0:
                return i + 1
        i += 1
    return None


def _after_blank_lines(text: str, index: int) -> int:
    """Where the body starts: past the rest of the closing line when it is blank, and the
    blank lines after it (as sitegen always did; Markdown ignores them, Hugo keeps them)."""
    rest = text[index:]
    spaces = len(rest) - len(rest.lstrip())
    last_newline = text.rfind("\n", index, index + spaces)
    return last_newline + 1 if last_newline >= 0 else index


def _line_col(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
