"""Mojibake: UTF-8 text that was once decoded as Latin-1 or Windows-1252 and
saved again, so "—" became "â€”", 😢 became "ðŸ˜¢" and 模型 became "æ¨¡åž‹".

Bilingual posts copied between editors, CMSes and spreadsheets pick this up,
and the file is still valid UTF-8, so nothing else notices. ftfy tells real
accented or CJK text from mojibake with very few false alarms; this module
only finds where it is, and words the likely fix for `sitegen check`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import ftfy

from .errors import Problem

# Characters that UTF-8 bytes turn into when read as Latin-1 or Windows-1252.
# A line without any of them can't be this kind of mojibake, and most lines
# (ASCII, CJK) are skipped without asking ftfy.
_SUSPECT = re.compile(
    "[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ENCODING_NAMES = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "windows-1252": "Windows-1252",
    "sloppy-windows-1250": "Windows-1250",
    "sloppy-windows-1251": "Windows-1251",
    "macroman": "Mac Roman",
}


def find_mojibake(path: Path, text: str) -> list[Problem]:
    """One warning per line that holds mojibake, with the text it probably was.

    Code (fenced blocks and `code spans`) is left alone: a post about encodings
    may show mojibake on purpose.
    """
    problems = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1).startswith(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not _SUSPECT.search(line):
            continue
        prose = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        found = _first_fix(prose)
        if found:
            col, bad, good, encoding, more = found
            also = f" (and {more} more on this line)" if more else ""
            problems.append(
                Problem(
                    f"text looks like mojibake: {bad!r} is probably {good!r}{also}",
                    path,
                    number,
                    col,
                    hint=f"this is UTF-8 that was read as {encoding} and saved again; "
                    "replace it, or copy the text again from its source",
                    severity="warning",
                )
            )
    return problems


def _first_fix(line: str) -> tuple[int, str, str, str, int] | None:
    """Column, bad text, fixed text and encoding of the first spot; how many more."""
    if not ftfy.badness.is_bad(line):
        return None
    fixed, steps = ftfy.fix_encoding_and_explain(line)
    if fixed == line:
        return None
    encoding = next(
        (_ENCODING_NAMES.get(arg, arg) for action, arg in steps or () if action == "encode"),
        "another encoding",
    )
    ops = [
        op
        for op in difflib.SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if not ops:
        return None
    _, i1, i2, j1, j2 = ops[0]
    return i1 + 1, line[i1:i2], fixed[j1:j2], encoding, len(ops) - 1
