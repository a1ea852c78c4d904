"""`sitegen check` on a site with deliberate mistakes, and refs during `build`.

tests/sites/check-mistakes/ holds one of each mistake; expected/<format>.txt is the
exact stdout of `sitegen check --format <format>`. After an intended change,
regenerate with `SITEGEN_REGEN=1 pytest tests/test_check.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import regen_enabled

SITE = Path(__file__).parent / "sites" / "check-mistakes"
EXPECTED = SITE / "expected"


def sitegen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("expected"))
    return copy


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_reports_every_mistake_exactly(site: Path, fmt: str):
    result = sitegen(site, "check", "--format", fmt)
    expected = EXPECTED / f"{fmt}.txt"
    if regen_enabled():
        EXPECTED.mkdir(exist_ok=True)
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout == expected.read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


def test_check_finds_each_kind_of_mistake_at_its_place(site: Path):
    problems = json.loads(sitegen(site, "check", "--format", "json").stdout)["problems"]
    found = {(p["path"], p["line"], p["col"], p["severity"]): p["message"] for p in problems}
    assert found[("content/blog/intro.md", 7, 24, "error")] == 'ref "/blog/setpu" not found'
    assert "will not be published (a draft)" in found[("content/blog/intro.md", 7, 72, "error")]
    assert 'no heading or element with id "instal"' in found[("content/blog/intro.md", 9, 22, "error")]
    assert "points at nothing" in found[("content/blog/intro.md", 9, 75, "error")]
    assert "ambiguous" in found[("content/ambiguous.md", 4, 15, "error")]
    assert found[("content/blog/unknown.md", 6, 5, "error")] == "unknown shortcode 'leed'"
    # the tag starts after ten CJK characters and a space: column 12, not a byte offset
    assert "never closed" in found[("content/blog/unclosed.zh.md", 6, 12, "error")]
    assert "series_order must be a whole number" in found[("content/blog/badfm.md", 3, 15, "error")]
    assert "has no series_order" in found[("content/blog/extra.md", 4, 9, "error")]
    assert "series_order 1 twice" in found[("content/blog/setup.md", 5, 15, "error")]
    assert "but a draft in 'en'" in found[("content/blog/wip.zh.md", None, None, "warning")]
    # mojibake, with the likely original; accents, CJK and code are left alone
    assert found[("content/blog/copied.md", 2, 32, "warning")] == (
        "text looks like mojibake: 'â€”' is probably '—'"
    )
    assert found[("content/blog/copied.md", 5, 77, "warning")].endswith("is probably '😢'")
    assert "'æ¨¡åž‹' is probably '模型' (and 2 more" in found[("content/blog/copied.md", 6, 16, "warning")]
    assert not [key for key in found if key[0] == "content/blog/copied.md" and key[1] not in (None, 2, 5, 6)]
    # a ref to the file with broken front matter is not reported a second time
    assert not any("badfm" in m for (path, *_), m in found.items() if path.endswith("intro.md"))


def test_check_exits_0_when_clean_2_on_bad_usage_and_1_on_warnings_only_with_strict(tmp_path: Path):
    clean = tmp_path / "clean"
    (clean / "content").mkdir(parents=True)
    (clean / "content" / "a.md").write_text('---\ntitle: A\n---\nSee [b]({{< ref "b" >}}).\n')
    (clean / "content" / "b.md").write_text("---\ntitle: B\n---\nText.\n")
    assert sitegen(clean, "check").returncode == 0
    assert sitegen(clean, "check", "--format", "nope").returncode == 2
    (clean / "sitegen.toml").write_text('title = "T"\nsumaryLength = 5\n')  # a warning only
    assert sitegen(clean, "check").returncode == 0
    strict = sitegen(clean, "check", "--strict")
    assert strict.returncode == 1
    assert "sitegen.toml:2:1: warning: unknown config key 'sumaryLength'" in strict.stdout


def test_check_writes_nothing(site: Path):
    sitegen(site, "check")
    assert not (site / "public").exists()


def test_check_takes_the_site_path_as_argument(site: Path, tmp_path: Path):
    result = sitegen(tmp_path, "check", str(site), "--format", "json")
    assert json.loads(result.stdout)["errors"] >= 10


def make_ref_site(root: Path, level: str | None) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text(
        '---\ntitle: A\n---\nSee [gone]({{< ref "/missing" >}}).\n', encoding="utf-8"
    )
    config = 'title = "T"\n'
    if level:
        config += f'refLinksErrorLevel = "{level}"\nrefLinksNotFoundURL = "/404.html"\n'
    (root / "sitegen.toml").write_text(config, encoding="utf-8")
    return root


def test_build_fails_on_a_broken_ref_and_keeps_the_previous_site(tmp_path: Path):
    site = make_ref_site(tmp_path / "s", None)
    (site / "public").mkdir()
    (site / "public" / "index.html").write_text("yesterday's site")
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.startswith('content/a.md:4:12: ref "/missing" not found')
    assert [p.name for p in (site / "public").iterdir()] == ["index.html"]
    assert (site / "public" / "index.html").read_text() == "yesterday's site"


def test_build_at_warning_level_links_the_not_found_url(tmp_path: Path):
    site = make_ref_site(tmp_path / "s", "warning")
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert 'content/a.md:4:12: warning: ref "/missing" not found' in result.stderr
    assert '<a href="/404.html">gone</a>' in (site / "public" / "a" / "index.html").read_text()


@pytest.mark.parametrize("where", ["check-mistakes", "shortcodes", "golden", "bundled"])
def test_check_reads_the_same_content_facts_as_build(where: str):
    """check renders without keeping HTML; what it checks must still be the build's."""
    from sitegen.cache.fingerprint import build_time
    from sitegen.config import load_config
    from sitegen.make import Renderer, parse_documents, render_contents
    from sitegen.markdown import make_markdown
    from sitegen.refs import RefIndex
    from sitegen.shortcodes import Shortcodes
    from sitegen.site import plan_site
    from sitegen.sources import discover_sources
    from sitegen.templates import find_theme

    root = Path(__file__).parent.parent if where == "bundled" else Path(__file__).parent / "sites" / where
    config = load_config(root)
    documents, broken = parse_documents(config, discover_sources(config)[0], [])
    plan = plan_site(config, documents, now=build_time(), broken=broken)
    md = make_markdown(unsafe=config.unsafe, toc_start=config.toc_start, toc_end=config.toc_end)
    refs = RefIndex(plan.ref_targets, [lang.code for lang in config.languages], config.default_language)
    shortcodes = Shortcodes(config, find_theme(config), md, refs)

    def facts(check: bool) -> tuple[dict, list]:
        problems: list = []
        done = render_contents(Renderer(config, plan, md, shortcodes), problems, check=check)
        return (
            {key: (r.anchors, r.links, r.refs, r.shortcodes, r.toc, r.has_math) for key, r in done.items()},
            problems,
        )

    built, checked = facts(False), facts(True)
    assert built[0] and any(anchors for anchors, *_ in built[0].values())
    assert checked == built


def test_translation_key_pair_with_a_draft_side_is_reported_as_a_draft(tmp_path: Path):
    """The plan's translation groups decide what translates what, for check too: a
    translationKey partner that is a draft is "a draft", not a missing translation."""
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text(
        'title = "T"\ndefaultContentLanguage = "zh-cn"\n[languages.zh-cn]\nweight = 1\n'
        "[languages.en]\nweight = 2\n",
        encoding="utf-8",
    )
    (site / "content/posts/ni-hao.md").write_text(
        "---\ntitle: 你好\ntranslationKey: greeting\n---\n正文。\n", encoding="utf-8"
    )
    (site / "content/posts/hello.en.md").write_text(
        "---\ntitle: Hello\ntranslationKey: greeting\ndraft: true\n---\nBody.\n", encoding="utf-8"
    )
    (site / "content/posts/alone.md").write_text("---\ntitle: 独自\n---\n正文。\n", encoding="utf-8")
    result = sitegen(site, "check")
    assert result.stdout.splitlines() == [
        "content/posts/alone.md: warning: no 'en' translation of this page",
        "content/posts/ni-hao.md: warning: published in 'zh-cn' but a draft in 'en'"
        " (content/posts/hello.en.md)",
    ]
    assert result.returncode == 0


def make_owners_site(root: Path) -> Path:
    """A bilingual site with every kind of output: bundle images, a loose file, a static
    file, an alias, a url, a page without a file of its own, the redirect from /."""
    files = {
        "sitegen.toml": 'baseURL = "https://o.example/"\ndefaultContentLanguageInSubdir = true\n'
        "[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n",
        "content/posts/trip/index.md": "---\ntitle: Trip\naliases: [/old-trip/]\n---\n![map](map.png)\n",
        "content/posts/trip/map.png": "png",
        "content/posts/trip.zh.md": "---\ntitle: 旅行\nurl: /zh/lvxing/\n---\n文字。\n",
        "content/posts/linked.md": "---\ntitle: Linked\nbuild: {render: link}\n---\nx\n",
        "content/notes.txt": "loose",
        "static/css/extra.css": "p {}",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("where", ["golden", "content-dir", "feeds", "bundled", "made"])
def test_check_plans_exactly_the_files_build_writes(where: str, tmp_path: Path):
    """check links against the owners' list of output files (owners.py), which must be
    what a build writes: no file missing, none extra."""
    from conftest import NOW, build_site
    from sitegen.config import load_config
    from sitegen.pipeline import check

    root = Path(__file__).parent / "sites" / where
    if where == "bundled":
        root = Path(__file__).parent.parent
    elif where == "made":
        root = make_owners_site(tmp_path / "site")
    out = tmp_path / "public"
    build_site(root, out, cache=False)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    # Pagefind's bundle is named by the hashes of an index only Pagefind makes, after
    # the pages are written; check never runs it (tests/test_search.py), and no page
    # links into it by name, so it is the one folder check cannot and need not plan.
    searched = [p for p in written if p.startswith("pagefind/")]
    written = [p for p in written if not p.startswith("pagefind/")]
    assert searched, "these sites use the default theme, which has search"
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = NOW
    try:
        planned = check(load_config(root, output_dir=out))
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if old is None else os.environ.update(SOURCE_DATE_EPOCH=old)
    assert len(written) > 10
    assert sorted(planned) == written


def test_a_page_missing_in_many_languages_is_one_warning(tmp_path: Path):
    """Blowfish's own site has nine languages: one line per page, not eight."""
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text(
        'title = "T"\n'
        + "".join(
            f"[languages.{code}]\nweight = {n}\n" for n, code in enumerate(["en", "de", "fr", "zh-cn"], 1)
        ),
        encoding="utf-8",
    )
    (site / "content/posts/hello.md").write_text("---\ntitle: Hello\n---\nBody.\n", encoding="utf-8")
    (site / "content/posts/hello.fr.md").write_text("---\ntitle: Bonjour\n---\nCorps.\n", encoding="utf-8")
    result = sitegen(site, "check")
    assert result.stdout.splitlines() == [
        "content/posts/hello.fr.md: warning: no translation of this page in 'de' and 'zh-cn'",
        "content/posts/hello.md: warning: no translation of this page in 'de' and 'zh-cn'",
    ]
    assert result.returncode == 0
