"""Cache values to plain data and back: what seal.py writes, checked shape by shape.

JSON knows strings, numbers, booleans, null, lists and objects; the values the
cache keeps are frozen dataclasses with tuples and frozensets. Each has a
`*_to_plain` and a `*_from_plain` here, written out field by field: a decoder
takes only the exact shape its encoder makes and raises `Shape` for anything
else, so a forged or damaged entry can't smuggle in a wrong type (a dict where
a string goes) that would fail later, somewhere far from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TypeVar

from ..model import Heading, Link, PageKey, RefUse, Rendered
from ..shortcodes import RefCall

T = TypeVar("T")


class Shape(ValueError):
    """A value read back from the cache is not shaped as this code writes it."""


def text(value: object) -> str:
    """A string, or `Shape`."""
    if type(value) is not str:
        raise Shape(f"expected a string, found {type(value).__name__}")
    return value


def maybe_text(value: object) -> str | None:
    """A string or None, or `Shape`."""
    return None if value is None else text(value)


def number(value: object) -> int:
    """An int (not a bool), or `Shape`."""
    if type(value) is not int:
        raise Shape(f"expected an integer, found {type(value).__name__}")
    return value


def maybe_number(value: object) -> int | None:
    """An int or None, or `Shape`."""
    return None if value is None else number(value)


def flag(value: object) -> bool:
    """A bool, or `Shape`."""
    if type(value) is not bool:
        raise Shape(f"expected true or false, found {type(value).__name__}")
    return value


def array(value: object, size: int | None = None) -> list[object]:
    """A list (of `size` items, when given), or `Shape`."""
    if type(value) is not list or (size is not None and len(value) != size):
        raise Shape("expected a list" + (f" of {size}" if size is not None else ""))
    return value


def table(value: object, keys: frozenset[str] | None = None) -> dict[str, object]:
    """An object (with exactly `keys`, when given), or `Shape`."""
    if type(value) is not dict or (keys is not None and value.keys() != keys):
        raise Shape("expected an object" + (f" with {sorted(keys)}" if keys is not None else ""))
    return value


def each(value: object, item: Callable[[object], T]) -> tuple[T, ...]:
    """A list decoded item by item."""
    return tuple(item(v) for v in array(value))


def texts(value: object) -> frozenset[str]:
    """A set of strings, written as a sorted list."""
    return frozenset(each(value, text))


def page_key_to_plain(key: PageKey) -> list[str]:
    return [key.lang, key.kind, key.path]


def page_key_from_plain(value: object) -> PageKey:
    lang, kind, path = array(value, 3)
    return PageKey(text(lang), text(kind), text(path))


def _heading(value: object) -> Heading:
    level, id_, title = array(value, 3)
    return Heading(number(level), text(id_), text(title))


def _link(value: object) -> Link:
    href, line, col, image = array(value, 4)
    return Link(text(href), number(line), maybe_number(col), flag(image))


def _ref_use(value: object) -> RefUse:
    target, anchor, ref, line, col = array(value, 5)
    return RefUse(page_key_from_plain(target), text(anchor), text(ref), number(line), number(col))


# every field: one added to Rendered but not here makes every entry a miss, and the
# round-trip test in tests/test_cache_safety.py fail
_RENDERED = frozenset(f.name for f in fields(Rendered))


def rendered_to_plain(r: Rendered) -> dict[str, object]:
    """A `Rendered` as a JSON object; sets become sorted lists, so equal values encode alike."""
    return {
        "html": r.html,
        "summary_html": r.summary_html,
        "truncated": r.truncated,
        "toc": [[h.level, h.id, h.text] for h in r.toc],
        "toc_html": r.toc_html,
        "word_count": r.word_count,
        "reading_time": r.reading_time,
        "anchors": sorted(r.anchors),
        "has_math": r.has_math,
        "code_languages": sorted(r.code_languages),
        "links": [[k.href, k.line, k.col, k.image] for k in r.links],
        "refs": [[page_key_to_plain(u.target), u.anchor, u.ref, u.line, u.col] for u in r.refs],
        "shortcodes": sorted(r.shortcodes),
    }


def rendered_from_plain(value: object) -> Rendered:
    """The `Rendered` that rendered_to_plain wrote, or `Shape`."""
    d = table(value, _RENDERED)
    return Rendered(
        html=text(d["html"]),
        summary_html=text(d["summary_html"]),
        truncated=flag(d["truncated"]),
        toc=each(d["toc"], _heading),
        toc_html=text(d["toc_html"]),
        word_count=number(d["word_count"]),
        reading_time=number(d["reading_time"]),
        anchors=texts(d["anchors"]),
        has_math=flag(d["has_math"]),
        code_languages=texts(d["code_languages"]),
        links=each(d["links"], _link),
        refs=each(d["refs"], _ref_use),
        shortcodes=texts(d["shortcodes"]),
    )


def ref_calls_to_plain(calls: list[RefCall]) -> list[list[object]]:
    """What each ref of a body printed: (ref, lang, absolute, link or None)."""
    return [[ref, lang, absolute, link] for ref, lang, absolute, link in calls]


def ref_calls_from_plain(value: object) -> list[RefCall]:
    return [_ref_call(v) for v in array(value)]


def _ref_call(value: object) -> RefCall:
    ref, lang, absolute, link = array(value, 4)
    return (text(ref), maybe_text(lang), flag(absolute), maybe_text(link))
