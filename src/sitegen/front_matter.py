"""Front-matter stage: a source file's text -> (`FrontMatter`, body, body line).

python-frontmatter finds and splits the `---` YAML, `+++` TOML or `{…}` JSON
block. We load YAML ourselves with node positions (and without YAML's
timestamp type, so `2025-13-45` reaches our date check with its line instead
of blowing up inside the YAML library), then validate every known field.
Keys match case-insensitively, as in Hugo; unknown keys become `params`.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import frontmatter
import yaml

from .config import SiteConfig
from .errors import SitegenError, describe_value
from .model import FrontMatter

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


# libyaml's C loader when PyYAML has it (about 10x faster), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YAMLNoDates(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that leaves timestamps as strings; we parse dates with positions."""


_YAMLNoDates.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _TOMLHandler(frontmatter.default_handlers.BaseHandler):
    """TOML front matter via the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        raise NotImplementedError  # sitegen never rewrites a user's file


_HANDLERS = (frontmatter.YAMLHandler(), _TOMLHandler(), frontmatter.JSONHandler())


def parse_front_matter(
    path: Path, text: str, config: SiteConfig
) -> tuple[FrontMatter, str, int]:
    """Split and validate front matter; return it with the body and the body's first line."""
    handler = frontmatter.detect_format(text, _HANDLERS)
    if handler is None:
        _reject_unclosed(path, text)
        return FrontMatter(), text, 1
    try:
        raw, body = handler.split(text)
    except ValueError:
        _reject_unclosed(path, text, force=True)
        raise
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    data, lines = _load(handler, raw, path)
    return _validate(data, lines, path, config), body, body_line


def _reject_unclosed(path: Path, text: str, *, force: bool = False) -> None:
    first = text.split("\n", 1)[0].strip()
    opened = first in ("---", "+++")
    closed = opened and re.search(rf"^{re.escape(first)}\s*$", text[len(first):], re.M)
    if force or (opened and not closed):
        raise SitegenError(
            f"front matter opened with {first!r} on line 1 is never closed",
            path, 1, 1, hint=f"add a line with {first!r} after the last field",
        )


def _load(handler: Any, raw: str, path: Path) -> tuple[dict, dict[str, tuple[int, int]]]:
    """Load the front-matter block; return data and the file line of each top-level key."""
    if isinstance(handler, frontmatter.YAMLHandler):
        return _load_yaml(raw, path)
    try:
        data = tomllib.loads(raw) if isinstance(handler, _TOMLHandler) else json.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line.*\)", "", str(exc))
        raise SitegenError(f"invalid TOML front matter: {msg}", path, line, col) from None
    except json.JSONDecodeError as exc:
        raise SitegenError(f"invalid JSON front matter: {exc.msg}", path, exc.lineno,
                           exc.colno) from None
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a table of fields", path, 1, 1)
    return data, _scan_key_lines(raw)


def _load_yaml(raw: str, path: Path) -> tuple[dict, dict[str, tuple[int, int]]]:
    loader = _YAMLNoDates(raw)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # the block starts right after the opening delimiter, on the delimiter's own line
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        text = raw.split("\n")[mark.line] if mark and mark.line < len(raw.split("\n")) else ""
        raise SitegenError(f"invalid YAML front matter: {problem}", path, line, col,
                           hint=_yaml_hint(problem, text)) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"invalid YAML front matter: {exc}", path, 1, 1) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a mapping of fields (key: value)", path, 1, 1)
    where: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value if node is not None else ():
        key = str(key_node.value).lower()
        if key in where:
            # PyYAML keeps the last value silently; keys are case-insensitive, as in Hugo.
            mark = key_node.start_mark
            raise SitegenError(f"{key_node.value} is given twice (first on line {where[key][0]})",
                               path, mark.line + 1, mark.column + 1,
                               hint="keep one of them; the other would be silently ignored")
        mark = value_node.start_mark
        where[key] = (mark.line + 1, mark.column + 1)
    return data, where


def _yaml_hint(problem: str, line: str = "") -> str | None:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Part 1: Basics\""
    if "found character '\\t'" in problem or line[: len(line) - len(line.lstrip())].count("\t"):
        return "YAML does not allow tabs for indentation; use spaces"
    return None


def _scan_key_lines(raw: str) -> dict[str, tuple[int, int]]:
    """Find where each top-level key's value starts (TOML and JSON keep no positions)."""
    where: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(raw.split("\n"), start=1):
        m = re.match(r"^\s*[\"']?([A-Za-z_][\w-]*)[\"']?\s*[:=]\s*", line)
        if m:
            where.setdefault(m.group(1).lower(), (number, m.end() + 1))
    return where


def _validate(
    data: dict, lines: dict[str, tuple[int, int]], path: Path, config: SiteConfig
) -> FrontMatter:
    check = _Checker(path, lines, config)
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
        elif low in _LIST_FIELDS:
            fields[_LIST_FIELDS[low]] = check.strings(low, value)
        elif low in plurals:
            taxonomies[low] = check.strings(low, value)
        elif low in ("draft", "iscjklanguage"):
            fields["draft" if low == "draft" else "is_cjk"] = check.boolean(low, value)
        elif low in ("weight", "series_order"):
            fields[low] = check.integer(low, value)
        else:
            params[str(key)] = value
    return FrontMatter(**fields, taxonomies=MappingProxyType(taxonomies),
                       params=MappingProxyType(params), positions=MappingProxyType(lines))


class _Checker:
    """Type checks for front-matter values, raising errors that point at the key's line."""

    def __init__(self, path: Path, where: dict[str, tuple[int, int]], config: SiteConfig) -> None:
        self.path, self.where, self.config = path, where, config

    def fail(self, key: str, message: str, hint: str | None = None) -> None:
        line, col = self.where.get(key, (None, None))
        raise SitegenError(message, self.path, line, col, hint)

    def text(self, key: str, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"{key} must be text, not {describe_value(value)}")
        return str(value)

    def url_path(self, key: str, value: str) -> str:
        """A path that stays inside the site: no '..' segment, no scheme or host."""
        if ".." in re.split(r"[/\\]", value) or re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I):
            self.fail(key, f"{key} {value!r} would lead outside the site",
                      hint=f"{key} is a path inside the site, e.g. {key}: /blog/my-post/"
                      if key != "slug" else "a slug is one name, e.g. slug: my-post")
        return value

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"{key} must be true or false, not {describe_value(value)}")
        return value

    def integer(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"{key} must be a whole number, not {describe_value(value)}",
                      hint=f"e.g. {key}: 2")
        return value

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or any(
            isinstance(v, bool) or not isinstance(v, str | int | float) for v in items
        ):
            self.fail(key, f"{key} must be a list of names or one name, not {describe_value(value)}",
                      hint=f'e.g. {key}: ["LLM", "RAG"]')
        return tuple(str(v).strip() for v in items if str(v).strip())

    def date(self, key: str, value: Any) -> datetime:
        zone = ZoneInfo(self.config.time_zone)
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=zone)
        if isinstance(value, date):
            return datetime.combine(value, time(), zone)
        if isinstance(value, str):
            try:
                return parse_date(value, zone)
            except ValueError as exc:
                self.fail(key, f"{key}: {value!r} is not a valid date ({exc})",
                          hint="use 2026-03-27, 2026-03-27 09:00:00 or 2026-03-27T09:00:00+08:00")
        self.fail(key, f"{key} must be a date, not {describe_value(value)}")
        raise AssertionError  # unreachable: fail() raises


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


