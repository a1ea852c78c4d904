"""Configuration stage, menus: `[[menus.main]]` tables and front matter `menu:` -> `MenuItem`s.

The same keys in `sitegen.toml`, Hugo's config files (root, `languages.<code>.menus`,
config/_default/menus.<code>.toml) and front matter. Values are read as Hugo 0.168
reads them (mapstructure's weak decoding, checked with the real binary): a number
where text is wanted is that text (`identifier = 3`), a weight may be `"3"` or
`2.5` (2); a menu name in config is lowercased (`[[menus.Footer]]` is `footer`),
a menu named by a front-matter string keeps its case. What Hugo refuses (a weight
of "abc", a list as a name, a menu that is not a list of tables) is an error at
the entry's line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from ..errors import SitegenError, describe_value
from ..model import MenuItem
from .files import Key, KeyReader, read_text

Menus = tuple[tuple[str, tuple[MenuItem, ...]], ...]  # (menu name, entries) in name order
Where = tuple[str, int | None, int | None]
Fail = Callable[[str, str | None], NoReturn]  # message, hint

_TEXT = {
    "name": "name",
    "identifier": "identifier",
    "parent": "parent",
    "pre": "pre",
    "post": "post",
    "title": "title",
    "url": "url",
    "pageref": "page_ref",
    "menu": "menu",
}
KNOWN = ["name", "identifier", "parent", "weight", "pre", "post", "title", "url", "pageRef", "params"]
_ENTRY_HINT = 'each entry is a table, e.g. [[menus.main]] name = "About" pageRef = "/about"'


def read_menus(ctx: KeyReader, where: Key, value: Any) -> Menus:
    """`menus` (or Hugo's `menu`) at `where`: each menu a list of entry tables."""
    table = ctx.check(value, dict, where, ".".join(where))
    menus: dict[str, list[MenuItem]] = {}
    for name, entries in table.items():
        at = (*where, str(name))
        if not isinstance(entries, list):
            ctx.fail(
                at,
                f"{'.'.join(at)} must be a list of menu entries, not {describe_value(entries)}",
                hint=_ENTRY_HINT,
            )
        spots, text = _entry_spots(ctx, at, len(entries))
        items = menus.setdefault(str(name).lower(), [])
        for number, (entry, spot) in enumerate(zip(entries, spots, strict=True), start=1):
            keys = partial(_key_spot, text, spot) if text else None
            items.append(read_entry(entry, str(name).lower(), spot, f"{'.'.join(at)} entry {number}", keys))
    return tuple((name, tuple(items)) for name, items in sorted(menus.items()))


def read_entry(
    value: Any,
    menu: str,
    where: Where,
    what: str,
    keys: Callable[[str], Where] | None = None,
    *,
    page: bool = False,
) -> MenuItem:
    """One entry table -> MenuItem, or an error at `where` (at the key's own line when
    `keys` can find it). `page`: a front-matter entry, which belongs to its page."""
    key = ""

    def fail(message: str, hint: str | None = None) -> NoReturn:
        at = keys(str(key)) if keys and key else where
        raise SitegenError(message, at[0] or None, at[1], at[2], hint)

    if value is None and page:  # `menu: {main: }`: the page, with its own name
        return MenuItem(menu, where=where)
    if not isinstance(value, dict):
        fail(f"{what} must be a table of entry settings, not {describe_value(value)}", _ENTRY_HINT)
    fields: dict[str, Any] = {}
    for key, item in value.items():
        low = str(key).lower()
        if low in _TEXT and not (low == "menu" and page):
            fields[_TEXT[low]] = _text(item, f"{what}: {key}", fail)
        elif low == "weight":
            fields["weight"] = _weight(item, f"{what}: {key}", fail)
        elif low == "params":
            if not isinstance(item, dict):
                fail(
                    f"{what}: params must be a table, not {describe_value(item)}",
                    "e.g. params = {icon = 'rss'}",
                )
            fields["params"] = MappingProxyType({str(k).lower(): v for k, v in item.items()})
        # other keys: Hugo ignores them silently (mapstructure drops unknown fields)
    fields.setdefault("menu", menu)
    return MenuItem(**fields, where=where)


def _text(value: Any, what: str, fail: Fail) -> str:
    if isinstance(value, bool):  # mapstructure's weak decoding: true -> "1"
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
    if not isinstance(value, str):
        fail(f"{what} must be text, not {describe_value(value)}", None)
    return value


def _weight(value: Any, what: str, fail: Fail) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(value)  # Hugo truncates 2.5 to 2
    if isinstance(value, str):
        try:
            return int(value.strip(), 0) if value.strip() else 0
        except ValueError:
            pass
    fail(f"{what} must be a whole number, not {describe_value(value)}", "e.g. weight = 10")


def page_menus(value: Any, where: Where, fail: Fail) -> tuple[MenuItem, ...]:
    """A page's `menu:` / `menus:`: a menu name, a list of names, or a table of entries."""
    if isinstance(value, str | int | float | bool):
        return (MenuItem(_text(value, "menu", fail), where=where),)
    if isinstance(value, list):
        if any(not isinstance(v, str | int | float | bool) for v in value):
            fail(f"menu must be a menu name or a list of names, not {describe_value(value)}", _PAGE_HINT)
        return tuple(dict.fromkeys(MenuItem(_text(v, "menu", fail), where=where) for v in value))
    if not isinstance(value, dict):
        fail(f"menu must be a menu name, a list of names or a table, not {describe_value(value)}", _PAGE_HINT)
    return tuple(
        read_entry(entry, str(name).lower(), where, f"menu {str(name).lower()!r}", page=True)
        for name, entry in sorted(value.items(), key=lambda kv: str(kv[0]).lower())
    )


_PAGE_HINT = "e.g. menu: main, menu: [main, footer] or menu: {main: {weight: 2, parent: docs}}"


def _entry_spots(ctx: KeyReader, at: Key, count: int) -> tuple[list[Where], str]:
    """Where each entry of the list at `at` starts, for messages: the line of its own
    `[[…]]` header in a TOML file (and that file's text), else (inline arrays, YAML,
    JSON) the list's line."""
    path, line, col = ctx.spot(at)
    fallback: tuple[list[Where], str] = ([(str(path), line, col)] * count, "")
    if not str(path).endswith(".toml"):
        return fallback
    try:
        text = read_text(Path(path))
    except (OSError, SitegenError):
        return fallback
    # A split file (menus.en.toml) spells only the tail of the key: [[main]].
    wanted = [a.lower() for a in at]
    for size in range(len(wanted), 0, -1):
        found = _headers(text, wanted[-size:])
        if found:
            return ([(str(path), n, c) for n, c in found], text) if len(found) == count else fallback
    return fallback


def _key_spot(text: str, header: Where, key: str) -> Where:
    """The line of `key = …` in the entry whose `[[…]]` header is at `header`."""
    lines = text.splitlines()
    for number in range((header[1] or 0) + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith("["):
            break
        name = line.split("=", 1)[0].strip().strip("\"'")
        if "=" in line and name.lower() == key.lower():
            return header[0], number, len(line) - len(line.lstrip()) + 1
    return header


def _headers(text: str, parts: list[str]) -> list[tuple[int, int]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("[[") or "]]" not in stripped:
            continue
        inside = stripped[2 : stripped.index("]]")]
        if [p.strip().strip("\"'").lower() for p in inside.split(".")] == parts:
            found.append((number, line.index("[[") + 1))
    return found
