"""sitegen's math against KaTeX's, formula by formula, over tests/fixtures/math/.

Every corpus formula must render (0 errors) and show every character KaTeX
shows (0 silent losses). Their MathML trees are compared after normalising
equivalent encodings (mathml_shape.py); each remaining difference must be one of
the known kinds (mathml_kinds.py), and the per-formula list of differences is
kept in tests/expected/math/differences.txt, so a change to any tree shows up
there. `SITEGEN_REGEN=1` rewrites it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import Html, regen_enabled
from katex_ref import open_katex, render_all
from math_corpus import Formula, corpus, unsupported
from mathml_kinds import KINDS, explain
from mathml_shape import lost, parse
from sitegen.math import engine

EXPECTED = Path(__file__).parent / "expected" / "math" / "differences.txt"


@pytest.fixture(scope="module")
def katex_page(browser):
    page = open_katex(browser)
    yield page
    page.close()


class Comparison:
    """The outcome for the whole corpus: errors, losses, differences and the report."""

    def __init__(self, formulas: list[Formula], katex: list[dict[str, str]]) -> None:
        self.errors: list[str] = []
        self.losses: list[str] = []
        self.unexplained: list[str] = []
        self.refused: list[str] = []  # by KaTeX: nothing to compare with
        self.same = 0
        self.kinds: Counter[str] = Counter()
        self.entries: list[str] = []
        for formula, reference in zip(formulas, katex, strict=True):
            self._compare(formula, reference)
        self.compared = len(formulas) - len(self.refused) - len(self.errors)

    def _compare(self, formula: Formula, reference: dict[str, str]) -> None:
        label = f"{formula.where} {formula.name}"
        result = engine.render(formula.tex, display=formula.display)
        if result.error:
            self.errors.append(f"{label}: {result.error.strip()}")
            return
        if "error" in reference:
            self.refused.append(f"{label}: {reference['error'].splitlines()[0]}")
            return
        ours, theirs = parse(result.html), parse(reference["html"])
        if missing := lost(theirs, ours):
            self.losses.append(f"{label}: KaTeX shows {missing!r}, sitegen does not")
        if ours.shape() == theirs.shape():
            self.same += 1
            return
        kinds, explained = explain(ours, theirs)
        self.kinds.update(kinds)
        if not explained:
            self.unexplained.append(f"{label}\n  sitegen {ours.shape()}\n  KaTeX   {theirs.shape()}")
        self.entries.append(f"{label}\n  kinds: {', '.join(kinds) or '-'}\n  sitegen: {ours.shape()}")

    @property
    def rate(self) -> str:
        return f"{self.same} of {self.compared} ({100 * self.same / self.compared:.1f}%)"

    def report(self) -> str:
        lines = [
            "# sitegen's MathML (Temml) against KaTeX 0.16.47's, per formula of tests/fixtures/math/.",
            "# Rewritten by `SITEGEN_REGEN=1 pytest tests/test_math_katex.py`; review the diff.",
            f"# same normalised tree: {self.rate}",
            "",
            "## kinds of difference (formulas showing it)",
        ]
        lines += [f"{k.name} ({self.kinds[k.name]}): {k.reason}" for k in KINDS if self.kinds[k.name]]
        lines += ["", "## formulas KaTeX refuses (sitegen renders them)", *self.refused]
        lines += ["", "## formulas whose tree differs", *self.entries]
        return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def comparison(katex_page) -> Comparison:
    formulas = corpus()
    katex = render_all(katex_page, [(f.tex, f.display) for f in formulas])
    return Comparison(formulas, katex)


def test_corpus_is_big_enough():
    formulas = corpus()
    assert len(formulas) >= 330
    assert len({(f.tex, f.display) for f in formulas}) == len(formulas), "a formula is there twice"


def test_every_corpus_formula_renders(comparison: Comparison):
    assert comparison.errors == []


def test_nothing_katex_shows_is_lost(comparison: Comparison):
    assert comparison.losses == []


def test_every_difference_from_katex_is_a_known_kind(comparison: Comparison):
    assert comparison.unexplained == [], "a new kind of difference: add it to mathml_kinds.py"


def test_differences_are_the_recorded_ones(comparison: Comparison):
    report = comparison.report()
    print(f"\nstructural match with KaTeX: {comparison.rate}; kinds: {dict(comparison.kinds)}")
    if regen_enabled():
        EXPECTED.parent.mkdir(parents=True, exist_ok=True)
        EXPECTED.write_text(report, encoding="utf-8")
    assert EXPECTED.exists(), "run SITEGEN_REGEN=1 pytest tests/test_math_katex.py"
    assert report == EXPECTED.read_text(encoding="utf-8"), "the trees changed: regenerate and review"


# -- what sitegen refuses: a located warning and the TeX left visible -------------


def _post(formulas: list[Formula]) -> tuple[str, list[int]]:
    """A post with each formula in a paragraph of its own, and the line each starts on."""
    lines, starts = ["---", "title: Math", "---", ""], []
    for formula in formulas:
        starts.append(len(lines) + 1)
        if formula.display:
            lines += ["$$", *formula.tex.splitlines(), "$$", ""]
            starts[-1] += 1
        else:
            lines += [f"Inline ${formula.tex}$ here.", ""]
    return "\n".join(lines), starts


@pytest.fixture(scope="module")
def unsupported_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], str, list[int]]:
    site = tmp_path_factory.mktemp("unsupported")
    text, starts = _post(unsupported())
    (site / "content").mkdir()
    (site / "sitegen.toml").write_text('title = "T"\n', encoding="utf-8")
    (site / "content" / "post.md").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=site, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result, (site / "public" / "post" / "index.html").read_text(encoding="utf-8"), starts


def test_unsupported_tex_warns_at_its_place(unsupported_build):
    result, _, starts = unsupported_build
    warnings = [line for line in result.stderr.splitlines() if line.startswith("content/post.md:")]
    formulas = unsupported()
    assert len(warnings) == len(formulas), result.stderr
    for formula, start, warning in zip(formulas, starts, warnings, strict=True):
        [expected] = [note.removeprefix("warns: ") for note in formula.notes if note.startswith("warns:")]
        m = re.match(r"content/post\.md:(\d+):(\d+): warning: (.*)", warning)
        assert m, warning
        # Each unsupported formula is one line, after "Inline $" or alone on its line;
        # the column is where Temml stopped (the formula's start when it can't say).
        position = engine.render(formula.tex, display=formula.display).position or 0
        where = (start, (1 if formula.display else len("Inline $") + 1) + position)
        assert (int(m[1]), int(m[2])) == where, (formula.where, warning)
        assert m[3].startswith(expected), (formula.where, warning)


def test_unsupported_tex_stays_visible_as_tex(unsupported_build):
    _, page, _ = unsupported_build
    shown = [el.text for el in Html(page).select(".math-error") if el.tag == "code"]
    for formula in unsupported():
        tex = " ".join(formula.tex.split())
        assert any(tex in text for text in shown), (formula.where, shown)
