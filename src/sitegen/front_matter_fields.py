"""Front-matter stage, the fields: loaded values -> a validated `FrontMatter`.

front_matter.py splits and loads the block; this checks each known field (keys
in any case, as in Hugo) and raises at the key's line: a wrong type, a date
that is not one, a path that leaves the site or that no file name can hold.
Unknown keys become `params`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from .cascade import read_build, read_cascade
from .config import SiteConfig
from .config.menus import page_menus
from .errors import GO_BOOLS, SitegenError, describe_value, warn
from .model import FrontMatter, MenuItem
from .safe_text import find_unwritable, key_name
from .urls import NAME_MAX, too_long_name, urlize

_LIST_FIELDS = {"aliases": "aliases", "authors": "authors"}
_TEXT_FIELDS = {
    "title": "title",
    "description": "description",
    "summary": "summary",
    "slug": "slug",
    "url": "url",
    "translationkey": "translation_key",
}
_DATE_FIELDS = {
    "date": "date",
    "lastmod": "lastmod",
    "publishdate": "publish_date",
    "pubdate": "publish_date",
}


def validate(
    data: dict[str, Any], lines: dict[str, tuple[int, int]], path: Path, config: SiteConfig
) -> FrontMatter:
    check = _Checker(path, lines, config)
    check.writable(data)
    fields: dict[str, Any] = {}
    params: dict[str, Any] = {}
    taxonomies: dict[str, tuple[str, ...]] = {}
    plurals = set(config.taxonomies.values())
    for key, value in data.items():
        low = str(key).lower()
        if low in ("slug", "url"):
            fields[low] = check.url_path(low, check.text(low, value))
        elif low in _TEXT_FIELDS:
            fields[_TEXT_FIELDS[low]] = check.text(low, value)
        elif low in _DATE_FIELDS:
            fields[_DATE_FIELDS[low]] = check.date(low, value)
        elif low == "aliases":
            fields[low] = tuple(check.url_path(low, v) for v in check.strings(low, value))
        elif low in plurals:  # a configured taxonomy wins over a plain field, as in Hugo
            taxonomies[low] = check.terms(low, value)
            if low == "authors":  # still shown as written in the post's byline
                fields["authors"] = taxonomies[low]
        elif low in _LIST_FIELDS:
            fields[_LIST_FIELDS[low]] = check.strings(low, value)
        elif low in ("draft", "iscjklanguage"):
            fields["draft" if low == "draft" else "is_cjk"] = check.boolean(low, value)
        elif low in ("weight", "series_order"):
            fields[low] = check.integer(low, value)
        elif low == "linktitle":
            fields["link_title"] = check.text(low, value)
        elif low in ("build", "_build"):
            fields.update(read_build(check, low, value))
        elif low == "headless" and check.boolean(low, value):  # Hugo's old word for this:
            fields.update(render="never", list_mode="never", publish_resources=False)
        elif low == "cascade":
            # a cascaded value's errors point at the `cascade` line: YAML and TOML
            # positions are kept for top-level keys only
            at = {str(k).lower(): lines[low] for k in _keys_within(value) if low in lines}
            fields["cascade"] = read_cascade(
                check, low, value, partial(validate, lines=at, path=path, config=config)
            )
        elif low in ("menu", "menus"):
            if low == "menus" or "menus" not in {str(k).lower() for k in data}:  # Hugo: menus wins
                fields["menus"] = check.menus(low, value)
        elif low == "params" and isinstance(value, dict):  # Hugo 0.123's `params:` table
            params.update({str(k): v for k, v in value.items()})
        else:
            params[str(key)] = value
    return FrontMatter(
        **fields,
        taxonomies=MappingProxyType(taxonomies),
        params=MappingProxyType(params),
        positions=MappingProxyType(lines),
    )


def _keys_within(value: Any) -> list[Any]:
    entries = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    return [k for e in entries if isinstance(e, dict) for k in e]


class _Checker:
    """Type checks for front-matter values, raising errors that point at the key's line."""

    def __init__(self, path: Path, where: dict[str, tuple[int, int]], config: SiteConfig) -> None:
        self.path, self.where, self.config = path, where, config

    def fail(self, key: str, message: str, hint: str | None = None) -> NoReturn:
        line, col = self.where.get(key, (None, None))
        raise SitegenError(message, self.path, line, col, hint)

    def writable(self, data: dict[str, Any]) -> None:
        """Refuse a NUL or lone surrogate anywhere, at its top-level key: no file name
        (slug, url, aliases) and no page can hold one."""
        found = find_unwritable(data)
        if found:
            self.fail(found.where[0].lower(), f"{key_name(found.where)} holds {found.what}", found.hint)

    def text(self, key: str, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"{key} must be text, not {describe_value(value)}")
        return str(value)

    def url_path(self, key: str, value: str) -> str:
        """A path that stays inside the site: no '.' or '..' segment, no scheme or host.

        A '.' slug would put the post at its section's own URL, where the
        section list then overwrites it without a word.
        """
        segments = re.split(r"[/\\]", value)
        if name := too_long_name(value):
            self.fail(
                key,
                f"{key} has a part of {len(name.encode())} bytes; a file name holds {NAME_MAX} at most",
                hint="shorten it; a CJK character takes 3 bytes",
            )
        if {".", ".."} & set(segments) or re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I):
            where = (
                "outside the site" if ".." in segments or "." not in segments else "on top of another page"
            )
            self.fail(
                key,
                f"{key} {value!r} would lead {where}",
                hint=f"{key} is a path inside the site, e.g. {key}: /blog/my-post/"
                if key != "slug"
                else "a slug is one name, e.g. slug: my-post",
            )
        return value

    def warn(self, key: str, message: str, hint: str | None = None) -> None:
        line, col = self.where.get(key, (None, None))
        warn(message, self.path, line, col, hint)

    def menus(self, key: str, value: Any) -> tuple[MenuItem, ...]:
        """`menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 2}}`."""
        line, col = self.where.get(key, (None, None))
        return page_menus(value, (str(self.path), line, col), partial(self.fail, key))

    def boolean(self, key: str, value: Any) -> bool:
        """true or false; also as Hugo's cast.ToBool reads them, "true", "1", "F" and
        other strconv.ParseBool words, and numbers (0 is false)."""
        if isinstance(value, str) and value in GO_BOOLS:
            return GO_BOOLS[value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value != 0
        if not isinstance(value, bool):
            self.fail(key, f"{key} must be true or false, not {describe_value(value)}")
        return value

    def integer(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                key, f"{key} must be a whole number, not {describe_value(value)}", hint=f"e.g. {key}: 2"
            )
        return value

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or any(
            isinstance(v, bool) or not isinstance(v, str | int | float) for v in items
        ):
            self.fail(
                key,
                f"{key} must be a list of names or one name, not {describe_value(value)}",
                hint=f'e.g. {key}: ["LLM", "RAG"]',
            )
        return tuple(str(v).strip() for v in items if str(v).strip())

    def terms(self, key: str, value: Any) -> tuple[str, ...]:
        """Taxonomy terms: names, each of which becomes a folder (/tags/<slug>/)."""
        names = self.strings(key, value)
        for name in names:
            if len(urlize(name).encode()) > NAME_MAX:
                self.fail(
                    key,
                    f"{key}: {name[:20] + '…'!r} makes a URL part of {len(urlize(name).encode())} bytes;"
                    f" a file name holds {NAME_MAX} at most",
                    hint="shorten it; a CJK character takes 3 bytes",
                )
        return names

    def date(self, key: str, value: Any) -> datetime:
        zone = ZoneInfo(self.config.time_zone)
        if isinstance(value, str):
            parsed = self._date_text(key, value, zone)
        elif isinstance(value, datetime):
            parsed = value if value.tzinfo else value.replace(tzinfo=zone)
        elif isinstance(value, date):
            parsed = datetime.combine(value, time(), zone)
        else:
            self.fail(key, f"{key} must be a date, not {describe_value(value)}", hint=_DATE_HINT)
        return parsed

    def _date_text(self, key: str, value: str, zone: ZoneInfo) -> datetime:
        try:
            return parse_date(value, zone)
        except ValueError as exc:
            problem = _date_problem(exc)
            self.fail(key, f"{key}: {describe_value(value)} is not a valid date{problem}", _DATE_HINT)


_DATE_HINT = "use 2026-03-27, 2026-03-27 09:00:00 or 2026-03-27T09:00:00+08:00"


def _date_problem(exc: ValueError) -> str:
    """Python's reason, in the user's words: " (month must be in 1..12)", or nothing.

    Its offset message names timedelta reprs, and "Invalid isoformat string" only
    repeats the value."""
    reason = str(exc)
    if reason.startswith("offset must be a timedelta"):
        return " (the UTC offset must be less than 24 hours, e.g. +08:00)"
    if reason.startswith("Invalid isoformat string") or not reason:
        return ""
    return f" ({reason})"


def parse_date(text: str, zone: ZoneInfo) -> datetime:
    """Parse the date forms Hugo users write; naive times are in the site's zone."""
    text = text.strip()
    # "2026-03-27 09:00:00 +0800" and "... +08:00": join the zone to the time
    text = re.sub(r"\s+([+-]\d{2}):?(\d{2})$", r"+\1:\2", text).replace("++", "+").replace("+-", "-")
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, m, d = (int(p) for p in text.split("-"))
        return datetime(y, m, d, tzinfo=zone)
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=zone)
