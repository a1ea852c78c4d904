"""Commands KaTeX supports, and a minimal formula that uses each.

The list (tests/fixtures/math/katex-functions.txt) is every `"\\name"` string
in KaTeX's own bundle (katex.min.js and mhchem.min.js), plus the environment
names of its `names:[…]` tables, kept when KaTeX renders one of TEMPLATES with it.
The same template is then given to sitegen's engine.
"""

from __future__ import annotations

import re

from katex_ref import KATEX
from math_corpus import MATH

FUNCTIONS = MATH / "katex-functions.txt"

# Where a command can stand; `○` is the command. Those KaTeX renders are the
# command's contexts; sitegen supports it when it renders one of them.
# Environments use ENV_TEMPLATES.
TEMPLATES = (
    "○",
    "○{a}",
    "○{a}{b}",
    "○{a}{b}{c}",
    "○{a}{b}{c}{d}",
    "○ a",
    "○(",
    "○|",
    "○{red}{a}",
    "○{red}{white}{a}",
    "○{1em}{1em}",
    "○{1em}",
    "○{1em}{a}",
    "○[a]{b}",
    "○(){0pt}{0}{a}{b}",
    "\\sum○_a^b",
    "{a ○ b}",
    "\\left( a ○| b \\right)",
    "\\left( a ○)",
    "○( a \\right)",
    "\\text{○}",
    "\\text{○{a}}",
    "\\text{○ a}",
    "\\begin{matrix} a ○ b \\end{matrix}",
    "\\begin{array}{c} ○ a \\\\ b \\end{array}",
    "\\begin{array}{c|c} a & b \\\\ ○ c & d \\end{array}",
    "\\begin{align} a ○ \\end{align}",
    "\\begin{align} a ○{1} \\end{align}",
    "\\begin{CD} A ○ B \\end{CD}",
    "○\\foo{a}",
    "○\\foo#1{#1} \\foo{a}",
    "○{\\foo}{a} \\foo",
    "○{\\foo}[1]{#1} \\foo{a}",
    "○\\foo=a \\foo",
)
ENV_TEMPLATES = (
    "\\begin{○} a \\end{○}",
    "\\begin{○}{c} a \\end{○}",
    "\\begin{○}{2} a & b \\end{○}",
    "\\begin{○} a & b \\\\ c & d \\end{○}",
    "\\begin{○} A @>>> B \\end{○}",
)


def candidates() -> list[str]:
    """Every command name in KaTeX's bundle, and `{name}` for each environment."""
    names: set[str] = set()
    for path in (KATEX / "katex.min.js", KATEX / "mhchem.min.js"):
        source = path.read_text(encoding="utf-8")
        names.update(
            m.replace("\\\\", "\\") for m in re.findall(r'"(\\\\(?:[A-Za-z]+|[^A-Za-z\s"]))"', source)
        )
        for table in re.findall(r"names:\[([^\]]*)\]", source):
            names.update("{" + n + "}" for n in re.findall(r'"([A-Za-z*]+)"', table))
    return sorted(names)


def contexts(command: str) -> list[str]:
    """The formulas to try for one command (`{name}` for an environment), in order."""
    if command.startswith("{"):
        return [t.replace("○", command[1:-1]) for t in ENV_TEMPLATES]
    return [t.replace("○", command) for t in TEMPLATES]


def read_functions() -> list[str]:
    """The kept list of command names (`{name}`: an environment)."""
    lines = FUNCTIONS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]
