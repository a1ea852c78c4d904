"""The formula corpus of tests/fixtures/math/: its parser, shared by the math tests
and benchmarks/bench_math.py.

A file holds entries separated by lines of `%%`; an entry's leading `%` lines are
comments (`% display` / `% inline` set the mode, display by default; the first
other comment names what the formula shows, later ones are notes such as
unsupported.tex's `% warns: …`), the rest is its TeX. An entry of comments only
is a header.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MATH = Path(__file__).parent / "fixtures" / "math"
UNSUPPORTED = "unsupported.tex"


@dataclass(frozen=True)
class Formula:
    file: str
    line: int  # of the TeX's first line, 1-based
    name: str
    tex: str
    display: bool
    notes: tuple[str, ...] = ()  # the other comment lines

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def read_file(path: Path) -> list[Formula]:
    """The entries of one corpus file, in order."""
    found: list[Formula] = []
    entry: list[tuple[int, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, text in [*enumerate(lines, 1), (len(lines) + 1, "%%")]:
        if text.strip() == "%%":
            formula = _entry(path.name, entry)
            if formula is not None:
                found.append(formula)
            entry = []
        else:
            entry.append((number, text))
    return found


def _entry(file: str, lines: list[tuple[int, str]]) -> Formula | None:
    display, name, notes = True, "", []
    while lines and lines[0][1].startswith("%"):
        comment = lines.pop(0)[1].lstrip("%").strip()
        if comment in ("display", "inline"):
            display = comment == "display"
        elif not name:
            name = comment
        else:
            notes.append(comment)
    if not lines:
        return None  # a file's header: comments only
    tex = "\n".join(text for _, text in lines).strip()
    return Formula(file, lines[0][0], name, tex, display, tuple(notes))


def corpus() -> list[Formula]:
    """Every formula sitegen must render, file by file (unsupported.tex left out)."""
    files = sorted(p for p in MATH.glob("*.tex") if p.name != UNSUPPORTED)
    return [formula for path in files for formula in read_file(path)]


def unsupported() -> list[Formula]:
    return read_file(MATH / UNSUPPORTED)
