"""Values that no output can hold, found in what the user wrote.

Used by the config, front-matter and i18n readers, and by the feed writer:

- NUL ends a C string, so no file name can hold one (Python raises "embedded
  null byte" deep in the build), and a lone surrogate (JSON's "\\ud800") is not a
  character at all, so no UTF-8 file can. The readers refuse both at their key
  (`find_unwritable`), with the two other values nothing after them can handle:
  an integer past Python's 4300-digit limit, and tables nested hundreds deep.
- The other C0 control characters and U+FFFE/U+FFFF are fine in HTML, which
  browsers forgive, but XML 1.0 forbids them, and the feed library refuses the
  whole feed. `xml_text` drops them from what goes into a feed.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple

_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
Where = tuple[str, ...]  # the keys leading to a value: ("params", "author", "name")


MAX_DEPTH = 200  # tables and lists inside each other; real files nest a handful


class Unwritable(NamedTuple):
    where: Where  # the keys leading to it
    what: str  # "a NUL character (U+0000)"
    hint: str


_REMOVE = "remove it: no file name or web page can hold it"
_QUOTE = "quote it to keep it as text"
_FLATTEN = "nest fewer levels"


def find_unwritable(data: Any) -> Unwritable | None:
    """The keys leading to the first value no page can hold, and what is wrong with it;
    None when there is none. That is a NUL or a lone surrogate in a string (keys too),
    an integer too long to write out, or nesting deeper than MAX_DEPTH (which the
    cache's pickling and the templates would meet as a RecursionError). Lists count
    as their key's value."""
    stack: list[tuple[Where, int, Any]] = [((), 0, data)]
    seen: set[int] = set()  # a YAML alias shares a value: look at it once
    while stack:
        where, depth, value = stack.pop()
        if isinstance(value, str):
            m = _UNWRITABLE.search(value)
            if m:
                return Unwritable(where, describe_char(m.group()), _REMOVE)
        elif isinstance(value, int) and too_long(value):
            digits = sys.get_int_max_str_digits()
            return Unwritable(where, f"a number too long to write (more than {digits} digits)", _QUOTE)
        elif isinstance(value, dict | list) and id(value) not in seen:
            if depth >= MAX_DEPTH:
                return Unwritable(where, f"tables or lists nested more than {MAX_DEPTH} deep", _FLATTEN)
            seen.add(id(value))
            stack.extend(reversed(list(_members(where, depth + 1, value))))
    return None


def _members(where: Where, depth: int, value: dict[Any, Any] | list[Any]) -> list[tuple[Where, int, Any]]:
    """A table's keys and values, or a list's items, in order, each with its place."""
    if isinstance(value, list):
        return [(where, depth, item) for item in value]
    out: list[tuple[Where, int, Any]] = []
    for key, item in value.items():
        inner = (*where, str(key))
        out += [(inner, depth, key), (inner, depth, item)]
    return out


def too_long(value: int) -> bool:
    """Whether Python refuses to turn this int into text (more than 4300 digits)."""
    limit = sys.get_int_max_str_digits()
    if not limit or value.bit_length() <= 3 * limit:  # 2**(3 * limit) < 10**limit: short enough
        return False
    try:
        str(value)
    except ValueError:
        return True
    return False


def describe_char(ch: str) -> str:
    """Name an unprintable character: a NUL character (U+0000)."""
    kind = "a NUL character" if ch == "\x00" else "half of a surrogate pair, which is not a character"
    return f"{kind} (U+{ord(ch):04X})"


def key_name(where: Where) -> str:
    """A key path as a message shows it: author.name, or quoted when it holds odd characters."""
    dotted = ".".join(where if len(where) <= 6 else [*where[:3], "…", *where[-2:]])
    return dotted if dotted.isprintable() and dotted else repr(dotted)


def xml_text(text: str) -> str:
    """text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)
