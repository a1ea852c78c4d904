"""Report formats for `sitegen check`: problems in -> text for a terminal, GitHub
workflow annotations, or JSON for other tools. Formatting only; the CLI prints.

A renamed folder can break thousands of refs at once: text and GitHub formats
show the first `SHOWN` and then one line counting the rest; JSON has them all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import Any

from .errors import Problem, display_path

FORMATS = ("text", "github", "json")
SHOWN = 50  # problems printed before the rest are only counted: enough to see a pattern
ALL_OF_THEM = "sitegen check --format json lists them all"


def format_problems(problems: Sequence[Problem], fmt: str, *, shown: int = SHOWN) -> str:
    """Render problems in one of FORMATS, ordered by file, line and column."""
    ordered = sorted(problems, key=_order)
    if fmt == "json":
        return json.dumps(_json(ordered), ensure_ascii=False, indent=2) + "\n"
    line = _github if fmt == "github" else partial(Problem.format, label_errors=True)
    return "".join(line(p) + "\n" for p in ordered[:shown]) + more_line(ordered[shown:])


def format_failure(problems: Sequence[Problem], *, shown: int = SHOWN) -> str:
    """A failed build's errors, in the order found, the first `shown` of them."""
    return "".join(p.format() + "\n" for p in problems[:shown]) + more_line(problems[shown:])


def more_line(rest: Sequence[Problem]) -> str:
    """`… and 1,950 more errors (…)`: the problems left out, counted; "" if none."""
    if not rest:
        return ""
    errors = sum(p.severity == "error" for p in rest)
    return f"… and {_counted(errors, len(rest) - errors)} ({ALL_OF_THEM})\n"


def _counted(errors: int, warnings: int) -> str:
    counts = ((errors, "error"), (warnings, "warning"))
    parts = [f"{n:,} more {what}{'s' * (n != 1)}" for n, what in counts if n]
    return " and ".join(parts)


def _order(p: Problem) -> tuple[str, int, int, str]:
    return (display_path(p.path) if p.path else "", p.line or 0, p.col or 0, p.message)


def _github(p: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as the workflow-command spec says."""
    props = []
    if p.path:
        props.append(f"file={_prop(display_path(p.path))}")
    if p.line:
        props.append(f"line={p.line}")
    if p.col:
        props.append(f"col={p.col}")
    props.append("title=sitegen check")
    message = p.message + (f" (hint: {p.hint})" if p.hint else "")
    return f"::{p.severity} {','.join(props)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _json(problems: Sequence[Problem]) -> dict[str, Any]:
    return {
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "problems": [
            {
                "severity": p.severity,
                "path": display_path(p.path) if p.path else None,
                "line": p.line,
                "col": p.col,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
    }
