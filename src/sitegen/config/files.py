"""Reading config files with positions: a mistake is reported at its file, line and column.

In: a config file's path, or its text and a key path. Out: its text and parsed
data, the line and column where a key is set, and `KeyReader`, which checks a
value's type and raises or warns at the key's place.
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

from ..errors import GO_BOOLS, SitegenError, describe_value, warn
from ..safe_text import find_unwritable, key_name

Key = tuple[str, ...]  # where a value sits: ("languages", "en", "title")


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """Read a TOML file; a syntax error names its line and column."""
    text = read_text(path)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = toml_error_position(str(exc))
        raise SitegenError(f"invalid TOML: {strip_position(str(exc))}", path, line, col) from None
    except (ValueError, RecursionError) as exc:  # int() past 4300 digits; arrays nested too deep
        raise toml_limit_error(exc, text, path) from None


def toml_limit_error(exc: Exception, text: str, path: Path) -> SitegenError:
    """tomllib's two failures that are not syntax errors and have no position, located
    by a rough scan: the longest run of digits, or where brackets nest deepest."""
    if isinstance(exc, RecursionError):
        depth = best = at = 0
        for i, ch in enumerate(text):  # quotes ignored: a guess, but it finds the line
            depth += (ch in "[{") - (ch in "]}")
            best, at = (depth, i) if depth > best else (best, at)
        problem, hint = "nested too deeply", None
    elif "integer string conversion" in str(exc):
        run = max(re.finditer(r"[0-9_]+", text), key=lambda m: len(m.group()), default=None)
        at = run.start() if run else 0
        problem = f"number too long (more than {sys.get_int_max_str_digits()} digits)"
        hint = "quote it to keep it as text"
    else:
        return SitegenError(f"invalid TOML: {exc}", path)
    line = text.count("\n", 0, at) + 1
    return SitegenError(f"invalid TOML: {problem}", path, line, at - text.rfind("\n", 0, at), hint)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        raise SitegenError(
            "file is not valid UTF-8",
            path,
            line,
            len(before) - before.rfind("\n"),
            hint="re-save the file as UTF-8",
        ) from None
    return text.replace("\r\n", "\n")


def toml_error_position(message: str) -> tuple[int | None, int | None]:
    m = re.search(r"at line (\d+), column (\d+)", message)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def strip_position(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)


class Positions(Protocol):
    """Where a key was set when a config is several files (a Hugo site's, hugo.py)."""

    def find(self, where: tuple[str, ...]) -> tuple[Path, int | None, int | None]: ...

    def ignore(self, where: tuple[str, ...]) -> None: ...


@dataclass(frozen=True)
class KeyReader:
    """Where config values came from, so errors can point at them."""

    path: Path | None
    text: str
    hugo: Positions | None = None  # a Hugo site's several files, instead of path and text

    def check(self, value: Any, typ: type | tuple[type, ...], where: Key, name: str) -> Any:
        """Return value if it has the expected type, else raise a located error.

        A Hugo config is read as Hugo decodes it, weakly (mapstructure's WeakDecode):
        "true" is a boolean, "5" a number and 5 a string, except a language's own
        fields, which Hugo decodes strictly (checked with Hugo 0.168: `weight = "2"`
        fails, while `languages.en.disablePathToLower = "true"` is true)."""
        if self.hugo is not None and isinstance(typ, type) and not _strict(where):
            value = weakly(value, typ)
        ok = isinstance(value, typ) and not (typ is int and isinstance(value, bool))
        if not ok:
            want = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
            want = {
                "str": "a string",
                "int": "an integer",
                "bool": "true or false",
                "dict": "a table",
                "list": "a list",
            }.get(want, want)
            self.fail(where, f"{name} must be {want}, not {describe_value(value)}")
        return value

    def fail(self, where: Key, message: str, hint: str | None = None) -> NoReturn:
        raise SitegenError(message, *self.spot(where), hint)

    def warn(self, where: Key, message: str, hint: str | None = None) -> None:
        warn(message, *self.spot(where), hint)

    def ignored(self, where: Key, message: str, hint: str | None = None) -> None:
        """A setting we do not use: warned at its line, or for a Hugo config (full of
        settings sitegen has no use for) counted into one summary warning."""
        if self.hugo is not None:
            self.hugo.ignore(where)
        else:
            self.warn(where, message, hint)

    def unknown(self, where: Key, known: list[str]) -> None:
        """A key nobody reads: warned, with the closest of the known names as a hint."""
        dotted = ".".join(str(w) for w in where)
        close = difflib.get_close_matches(str(where[-1]), known, n=1, cutoff=0.7)
        hint = f"did you mean {close[0]!r}?" if close else None
        self.ignored(where, f"unknown config key {dotted!r} is ignored", hint)

    def spot(self, where: Key) -> tuple[Path | str, int | None, int | None]:
        """The file, line and column where the key at `where` was set."""
        if self.hugo is not None:
            return self.hugo.find(where)
        line, col = locate_key(self.text, tuple(str(w) for w in where))
        return self.path or "sitegen.toml", line, col


# A language's own fields (Hugo's LanguageConfig), decoded strictly; its other keys
# override root settings and are decoded as those are.
_LANGUAGE_FIELDS = {"weight", "disabled", "label", "languagename", "locale", "languagecode", "direction"}


def _strict(where: Key) -> bool:
    keys = [str(w).lower() for w in where]
    return len(keys) == 3 and keys[0] == "languages" and keys[2] in _LANGUAGE_FIELDS


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


def weakly(value: Any, typ: type) -> Any:
    """value turned into typ where Hugo's weak decoding would; else value unchanged."""
    if isinstance(value, str) and value == "" and typ in (bool, int):
        return typ()  # mapstructure: an empty string is false, or 0
    if typ is bool:
        if isinstance(value, str) and value in GO_BOOLS:
            return GO_BOOLS[value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value != 0
    elif typ is int:
        if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
            return int(value)
    elif typ is str and isinstance(value, bool):
        return "1" if value else "0"  # checked with Hugo 0.168: title = true is the title "1"
    elif typ is str and isinstance(value, int | float):
        return str(value)
    return value


def refuse_unwritable(ctx: KeyReader, data: dict[str, Any]) -> None:
    """A NUL, a lone surrogate, a number past 4300 digits or tables nested hundreds deep:
    an error at the key (or its nearest table that can be found), before anything trips on it."""
    found = find_unwritable(data)
    if found is None:
        return
    where = found.where
    while len(where) > 1 and ctx.spot(where)[1] is None:
        where = where[:-1]
    ctx.fail(where, f"{key_name(found.where)} holds {found.what}", found.hint)


def locate_key(text: str, where: tuple[str, ...]) -> tuple[int | None, int | None]:
    """Find the line and column of a TOML key, tracking [table] headers.

    tomllib keeps no positions, so this scans the text: good enough to point a
    user at the right line, which is all an error message needs. A key spelled
    exactly so is preferred; else any spelling matches, as keys are case-insensitive
    (so [languages.zh-CN] and [languages.zh-cn] each find their own line).
    """
    exact = _scan_for_key(text, where, str)
    return exact if exact != (None, None) else _scan_for_key(text, where, str.lower)


def _scan_for_key(
    text: str, where: tuple[str, ...], fold: Callable[[str], str]
) -> tuple[int | None, int | None]:
    *tables, key = [fold(w) for w in where]
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
        if header:
            current = [fold(p.strip().strip("\"'")) for p in header.group(1).split(".")]
            if current == [*tables, key]:
                return number, line.index("[") + 1
            continue
        m = re.match(r"^\s*([\"']?)([^=\"']+?)\1\s*=", line)
        if not m:
            continue
        written = m.group(2).replace("\\\\", "\\") if m.group(1) == '"' else m.group(2)  # "\\RR" is \RR
        dotted = [fold(p.strip().strip("\"'")) for p in written.split(".")]
        if current + dotted == [*tables, key]:
            return number, line.index(m.group(2)) + 1
    return None, None
