"""Errors and problems: every stage raises these; only the CLI prints them.

A `SitegenError` always knows where the user should look (path, line, column)
and may carry a hint. Warnings are `Problem`s sent through `logging`, so the
CLI can print them in the same `path:line:col: message` form and `--strict`
can turn them into failures.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

log = logging.getLogger("sitegen")

# The words Go's strconv.ParseBool takes, which Hugo's cast.ToBool and its config
# decoder accept for a boolean: "true" in front matter or config is true.
GO_BOOLS = {
    **dict.fromkeys(("1", "t", "T", "true", "TRUE", "True"), True),
    **dict.fromkeys(("0", "f", "F", "false", "FALSE", "False"), False),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" | "warning"

    def location(self) -> str:
        """Return `path:line:col` (as much of it as is known)."""
        if self.path is None:
            return ""
        parts = [display_path(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self, *, label_errors: bool = False) -> str:
        """Return the one-line message, plus an indented hint line if there is one."""
        where = self.location()
        prefix = f"{where}: " if where else ""
        label = f"{self.severity}: " if self.severity == "warning" or label_errors else ""
        text = f"{prefix}{label}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SitegenError(Exception):
    """A user-facing error that stops the build."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problem = Problem(message, path, line, col, hint)

    def __str__(self) -> str:
        return self.problem.format()


class BuildFailed(SitegenError):
    """Several located errors found in one pass; the build reports them all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, first.path, first.line, first.col, first.hint)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


def warn(
    message: str,
    path: Path | str | None = None,
    line: int | None = None,
    col: int | None = None,
    hint: str | None = None,
) -> None:
    """Report a warning through logging; the CLI decides how to show or escalate it."""
    problem = Problem(message, path, line, col, hint, severity="warning")
    log.warning(problem.format(), extra={"problem": problem})


def not_utf8(path: Path | str, raw: bytes) -> SitegenError:
    """The error for a file that is not UTF-8, at its first bad byte (line, character)."""
    try:
        raw.decode("utf-8")
        start = len(raw)  # it is UTF-8 now: it changed since it failed
    except UnicodeDecodeError as exc:
        start = exc.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    byte = f" (byte 0x{raw[start]:02x})" if start < len(raw) else ""
    return SitegenError(
        f"file is not valid UTF-8{byte}",
        path,
        raw.count(b"\n", 0, start) + 1,
        len(raw[line_start:start].decode("utf-8", "replace")) + 1,  # in characters
        hint="re-save it as UTF-8; if it came from a Windows tool it may be GBK or cp1252",
    )


def display_path(path: Path | str) -> str:
    """Show paths relative to the working directory when they are inside it."""
    p = Path(path)
    # Lexical first: resolving would follow the path itself, which fails on a
    # symlink loop (the very thing an error may be about). Resolve the folder
    # only when the lexical form is outside the working directory.
    try:
        return str(Path(os.path.abspath(p)).relative_to(os.getcwd()))
    except ValueError:
        pass
    try:
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return str(p)


def describe_value(value: object) -> str:
    """Name a wrongly typed value the way a user wrote it: 'two', true, a list, a date (2026-03-27).

    Never a Python repr such as datetime.date(2026, 3, 27): the user wrote TOML or YAML.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…")
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return f"a date and time ({value.isoformat(' ')})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time of day ({value.isoformat()})"
    if isinstance(value, int) and value.bit_length() > 100:
        return "a number of more than 30 digits"  # past 4300, repr() itself would fail
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + '…'}"


_SHOWN = 60  # characters of a value quoted in a message; a value can be megabytes
