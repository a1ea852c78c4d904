"""Characters that no output can hold, found in what the user wrote.

Used by the config, front-matter and i18n readers, and by the feed writer:

- NUL ends a C string, so no file name can hold one (Python raises "embedded
  null byte" deep in the build), and a lone surrogate (JSON's "\\ud800") is not a
  character at all, so no UTF-8 file can. The readers refuse both at their key
  (`find_unwritable`).
- The other C0 control characters and U+FFFE/U+FFFF are fine in HTML, which
  browsers forgive, but XML 1.0 forbids them, and the feed library refuses the
  whole feed. `xml_text` drops them from what goes into a feed.
"""

from __future__ import annotations

import re
from typing import Any

_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
Where = tuple[str, ...]  # the keys leading to a value: ("params", "author", "name")


UNWRITABLE_HINT = "remove it: no file name or web page can hold it"


def find_unwritable(data: Any) -> tuple[Where, str] | None:
    """The keys leading to the first NUL or lone surrogate in data (keys checked too), and
    a description of it; None when there is none. Lists count as their key's value."""
    stack: list[tuple[Where, Any]] = [((), data)]
    seen: set[int] = set()  # a YAML alias shares a value: look at it once
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            m = _UNWRITABLE.search(value)
            if m:
                return where, describe_char(m.group())
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in reversed(list(items)):
                inner = where if key is None else (*where, str(key))
                stack.append((inner, item))
                if key is not None:
                    stack.append((inner, str(key)))
    return None


def describe_char(ch: str) -> str:
    """Name an unprintable character: a NUL character (U+0000)."""
    kind = "a NUL character" if ch == "\x00" else "half of a surrogate pair, which is not a character"
    return f"{kind} (U+{ord(ch):04X})"


def key_name(where: Where) -> str:
    """A key path as a message shows it: author.name, or quoted when it holds odd characters."""
    dotted = ".".join(where)
    return dotted if dotted.isprintable() and dotted else repr(dotted)


def xml_text(text: str) -> str:
    """text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)
