"""Golden output: tests/sites/golden/ built end to end must equal expected/ file for file.

After an intended change, regenerate and review the diff:

    SITEGEN_REGEN=1 pytest tests/test_golden.py

Theme assets (css/, js/, fonts/) and the search bundle (pagefind/) are left out: they
are copied or generated from the theme, Pygments, the math font and Pagefind, and would
make every CSS tweak, font subset or Pagefind release a golden change without telling a
reviewer anything about the pages (tests/test_search.py checks the bundle).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import regen_enabled
from sitegen.config import load_config
from sitegen.pipeline import build

GOLDEN = Path(__file__).parent / "sites" / "golden"
EXPECTED = GOLDEN / "expected"
ASSETS = ("css/", "js/", "fonts/", "pagefind/")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(ASSETS)
    }


def test_golden_site_matches_expected_output(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01
    site = tmp_path / "golden"
    shutil.copytree(GOLDEN, site, ignore=shutil.ignore_patterns("expected"))
    build(load_config(site))
    actual = tree(site / "public")
    if regen_enabled():
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(
            site / "public", EXPECTED, ignore=shutil.ignore_patterns("css", "js", "fonts", "pagefind")
        )
    expected = tree(EXPECTED)
    assert sorted(actual) == sorted(expected)
    for name, data in expected.items():
        assert actual[name] == data, f"{name} differs from the golden copy"
