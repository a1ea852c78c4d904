"""How much of what KaTeX supports sitegen's engine renders.

Each command of tests/fixtures/math/katex-functions.txt is put in the first
context of math_coverage.TEMPLATES that KaTeX renders, and that formula is given
to sitegen. The report, tests/expected/math/coverage.txt, is kept: a command
that stops rendering (or starts) changes it. `SITEGEN_REGEN=1` rewrites both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import regen_enabled
from katex_ref import open_katex
from math_coverage import FUNCTIONS, candidates, contexts, read_functions
from sitegen.math import engine

EXPECTED = Path(__file__).parent / "expected" / "math" / "coverage.txt"

# For each command, the contexts KaTeX renders.
_RENDERED = """lists => lists.map(formulas => formulas.filter(tex => {
  try {
    katex.renderToString(tex, {output: "mathml", displayMode: true, throwOnError: true});
    return true;
  } catch (e) {
    return false;
  }
}))"""


@pytest.fixture(scope="module")
def katex_contexts(browser) -> dict[str, list[str]]:
    """Every candidate command KaTeX renders -> the formulas it renders it in."""
    page = open_katex(browser)
    names = candidates()
    found = page.evaluate(_RENDERED, [contexts(name) for name in names])
    page.close()
    return {name: formulas for name, formulas in zip(names, found, strict=True) if formulas}


def test_function_list_is_what_katex_renders(katex_contexts: dict[str, list[str]]):
    if regen_enabled():
        header = (
            "# Commands KaTeX 0.16.47 supports ({name}: an environment), one per line: every\n"
            '# "\\\\name" string in its katex.min.js and mhchem.min.js (npm katex@0.16.47) and the\n'
            "# environment names of its tables, kept when KaTeX renders one of the contexts in\n"
            "# tests/math_coverage.py with it. Rewritten by SITEGEN_REGEN=1.\n"
        )
        FUNCTIONS.write_text(header + "".join(f"{name}\n" for name in katex_contexts), encoding="utf-8")
    assert read_functions() == list(katex_contexts)
    assert len(katex_contexts) > 900


def test_coverage_of_katex_functions_is_recorded(katex_contexts: dict[str, list[str]]):
    missing = []
    for name in read_functions():
        tries = katex_contexts[name]
        if all(engine.render(tex, display=True).error for tex in tries):  # stops at the first success
            error = engine.render(tries[0], display=True).error
            missing.append(f"{name}\t{tries[0]}\t{error.strip().splitlines()[0]}")
    total = len(katex_contexts)
    covered = total - len(missing)
    share = f"{100 * covered / total:.1f}%"
    summary = f"sitegen renders {covered} of the {total} commands KaTeX 0.16.47 supports ({share})"
    print("\n" + summary)
    report = (
        f"# {summary}.\n"
        "# Each command is tried in the contexts KaTeX renders it in (tests/math_coverage.py);\n"
        "# below, the ones sitegen's engine (Temml) refuses in all of them: the command, the first\n"
        "# context and Temml's message. Rewritten by SITEGEN_REGEN=1.\n"
        + "".join(f"{line}\n" for line in missing)
    )
    if regen_enabled():
        EXPECTED.write_text(report, encoding="utf-8")
    assert report == EXPECTED.read_text(encoding="utf-8"), "coverage changed: regenerate and review"
