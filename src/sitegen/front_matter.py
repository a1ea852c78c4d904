"""Front-matter stage: a source file's text -> (`FrontMatter`, body, body line).

front_matter_block.py finds the `---` YAML, `+++` TOML or `{…}` JSON block
where Hugo's page lexer does (after blank lines or a BOM too). We load YAML
ourselves with node positions (and without YAML's timestamp type, so
`2025-13-45` reaches our date check with its line instead of blowing up
inside the YAML library); front_matter_fields.py then validates every known
field. Keys match case-insensitively, as in Hugo; unknown keys
become `params`.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig
from .errors import SitegenError
from .front_matter_block import TOML, YAML, find_block
from .front_matter_fields import validate
from .model import FrontMatter
from .safe_text import too_long
from .yaml_aliases import ALIAS_HINTS, check_aliases

# libyaml's C loader when PyYAML has it (about 10x faster), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YAMLNoDates(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that leaves timestamps as strings; we parse dates with positions."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct as PyYAML does, but every bad value fails with the node's position.

        PyYAML's scalar constructors let plain Python errors escape for explicit
        tags: `!!timestamp 2025-13-45` (ValueError), `!!bool maybe` (KeyError),
        `!!int` alone (IndexError). And a number past Python's 4300-digit limit
        either fails int() here or, written in hex, loads but cannot be printed.
        """
        try:
            value = super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            shown = _shorten(node.value) if isinstance(node.value, str) else "this value"
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            past_limit = "integer string conversion" in str(exc)  # int()'s digit limit
            problem = _TOO_LONG if past_limit else f"cannot read {shown} as {tag}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
        if isinstance(value, int) and too_long(value):
            raise yaml.constructor.ConstructorError(None, None, _TOO_LONG, node.start_mark)
        return value


_YAMLNoDates.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_front_matter(path: Path, text: str, config: SiteConfig) -> tuple[FrontMatter, str, int]:
    """Split and validate front matter; return it with the body and the body's first line."""
    block = find_block(path, text)
    if block is None:
        return FrontMatter(), text, 1
    data, lines = _load(block.kind, block.raw, path)
    return validate(data, lines, path, config), block.body, block.body_line


def _load(kind: str, raw: str, path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Load the front-matter block; return data and the file line of each top-level key."""
    if kind == YAML:
        return _load_yaml(raw, path)
    try:
        data = tomllib.loads(raw) if kind == TOML else json.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line.*\)", "", str(exc))
        raise SitegenError(f"invalid TOML front matter: {msg}", path, line, col) from None
    except json.JSONDecodeError as exc:
        raise SitegenError(f"invalid JSON front matter: {exc.msg}", path, exc.lineno, exc.colno) from None
    except ValueError as exc:  # not a syntax error: int() refused a number past 4300 digits
        if "integer string conversion" in str(exc):
            raise _too_long_error(kind, raw, path) from None
        raise SitegenError(f"invalid {kind} front matter: {exc}", path, 1, 1) from None
    except RecursionError:  # arrays or tables nested deeper than Python's recursion limit
        line, col = _line_col(raw, _deepest(raw))
        raise SitegenError(f"invalid {kind} front matter: nested too deeply", path, line, col) from None
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a table of fields", path, 1, 1)
    if _has_too_long_int(data):  # TOML's 0x/0o/0b numbers load at any length
        raise _too_long_error(kind, raw, path)
    return data, _scan_key_lines(raw)


# Python refuses to turn an int of more than 4300 digits into text (and back), so a
# value like that would fail every later str() with a ValueError and no position.
_TOO_LONG = f"number too long (more than {sys.get_int_max_str_digits()} digits)"
_TOO_LONG_HINT = "quote it to keep it as text"


def _has_too_long_int(data: object) -> bool:
    stack = [data]  # no recursion: the data can be as deep as the loader allowed
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, int) and too_long(value):
            return True
    return False


def _too_long_error(kind: str, raw: str, path: Path) -> SitegenError:
    # TOML and JSON keep no positions; the number is the longest run of digits
    run = max(re.finditer(r"(?:0[xo])?[0-9A-Fa-f_]+", raw), key=lambda m: len(m.group()), default=None)
    line, col = _line_col(raw, run.start()) if run else (None, None)
    return SitegenError(f"invalid {kind} front matter: {_TOO_LONG}", path, line, col, hint=_TOO_LONG_HINT)


def _line_col(raw: str, index: int) -> tuple[int, int]:
    """File line and 1-based column of an offset into the block (which starts on line 1)."""
    return raw.count("\n", 0, index) + 1, index - raw.rfind("\n", 0, index)


def _deepest(raw: str) -> int:
    """Offset where brackets first reach their deepest nesting (quotes ignored: a rough guess)."""
    depth = best = at = 0
    for i, ch in enumerate(raw):
        depth += (ch in "[{") - (ch in "]}")
        if depth > best:
            best, at = depth, i
    return at


def _shorten(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _load_yaml(raw: str, path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    loader = _YAMLNoDates(raw)
    try:
        node = loader.get_single_node()
        check_aliases(node)  # before anything walks the value: a billion laughs is 10 lines
        # The user's own keys, before construction folds `<<: *anchor` merges into
        # the node (an own key may override a merged one; that is not a duplicate).
        pairs = (
            [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
            if isinstance(node, yaml.MappingNode)
            else []
        )
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # the block starts right after the opening delimiter, on the delimiter's own line.
        # Lines are counted from the offset: YAML also breaks lines at \r, \x85 (NEL),
        # U+2028 and U+2029, which would put mark.line past the file's real lines.
        line, col = _line_col(raw, mark.index) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        text = raw.split("\n")[line - 1] if line else ""
        raise SitegenError(
            f"invalid YAML front matter: {problem}", path, line, col, hint=_yaml_hint(problem, text)
        ) from None
    except yaml.reader.ReaderError as exc:
        # No mark, and libyaml's position counts UTF-8 bytes; the reader stops at
        # the first such character, so its first occurrence is the one.
        char = chr(exc.character) if isinstance(exc.character, int) else ""
        line, col = _line_col(raw, raw.find(char)) if char in raw else (None, None)
        raise SitegenError(
            f"invalid YAML front matter: {exc.reason} (U+{ord(char or chr(0)):04X})",
            path,
            line,
            col,
            hint="delete it; most editors do not show it",
        ) from None
    except yaml.YAMLError as exc:
        first_line = str(exc).split("\n", 1)[0]
        raise SitegenError(f"invalid YAML front matter: {first_line}", path, 1, 1) from None
    except RecursionError:  # the pure-Python composer, or a key built deep=True, past the limit
        line, col = _line_col(raw, _deepest(raw))
        raise SitegenError("invalid YAML front matter: nested too deeply", path, line, col) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a mapping of fields (key: value)", path, 1, 1)
    where: dict[str, tuple[int, int]] = {}
    for key_node, value_node in pairs:
        key = str(key_node.value).lower()
        if key in where:
            # PyYAML keeps the last value silently; keys are case-insensitive, as in Hugo.
            raise SitegenError(
                f"{key_node.value} is given twice (first on line {where[key][0]})",
                path,
                *_line_col(raw, key_node.start_mark.index),
                hint="keep one of them; the other would be silently ignored",
            )
        where[key] = _line_col(raw, value_node.start_mark.index)
    return data, where


def _yaml_hint(problem: str, line: str = "") -> str | None:
    if problem == _TOO_LONG:
        return _TOO_LONG_HINT
    if problem in ALIAS_HINTS:
        return ALIAS_HINTS[problem]
    if problem.startswith("cannot read"):
        return "correct the value, or remove its !! tag"
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
        elif table := re.match(r"^\s*\[\[?\s*([A-Za-z_][\w-]*)\s*[\].]", line):  # TOML's [build]
            where.setdefault(table.group(1).lower(), (number, table.start(1) + 1))
    return where
