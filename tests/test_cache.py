"""The build cache never changes a byte: every warm build equals a clean one.

Each test copies tests/sites/cache, builds it (filling the cache), makes one
kind of change, builds again with the cache, and compares the output with a
clean build of the changed site made with the cache switched off.
"""

import os
import shutil
from pathlib import Path

import pytest

from conftest import NOW, SITES, build_site, run_cli

SITE = SITES / "cache"
LATER = str(int(NOW) + 60 * 86400)  # after Delta's date


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename(site: Path, old: str, new: str) -> None:
    (site / old).rename(site / new)


CHANGES = {
    "body edit": lambda s: edit(s / "content/posts/beta.md", "middle part", "middle part, edited"),
    "summary edit": lambda s: edit(s / "content/posts/gamma.md", "Gamma closes", "Gamma now closes"),
    "title edit (series boxes and lists elsewhere)": lambda s: edit(
        s / "content/posts/beta.md", "title: Beta", "title: Beta, renamed"
    ),
    "rename a ref target (refs in other posts move)": lambda s: (
        rename(s, "content/posts/beta.md", "content/posts/beta-two.md")
        or edit(s / "content/posts/alpha.md", 'ref "beta"', 'ref "beta-two"')
        or edit(s / "content/posts/alpha.zh.md", 'path="beta"', 'path="/posts/beta-two"')
    ),
    "slug change moves a ref target without touching the ref": lambda s: edit(
        s / "content/posts/gamma.md", "title: Gamma", "title: Gamma\nslug: gamma-moved"
    ),
    "delete a translation": lambda s: (s / "content/posts/alpha.zh.md").unlink(),
    "add a post": lambda s: (s / "content/posts/epsilon.md").write_text(
        "---\ntitle: Epsilon\ndate: 2026-04-01T00:00:00Z\ntags: [cache]\n---\nNew.\n"
    ),
    "page template change": lambda s: _write(
        s / "layouts/single.html",
        (Path(__file__).parents[1] / "themes/default/layouts/single.html")
        .read_text()
        .replace(
            '<div class="content" data-pagefind-body>', '<div class="content changed" data-pagefind-body>'
        ),
    ),
    "shortcode template change": lambda s: edit(
        s / "layouts/shortcodes/note.html", 'class="note"', 'class="note changed"'
    ),
    "i18n change": lambda s: _write(s / "i18n/en.yaml", "read_more: Keep reading\n"),
    "config change": lambda s: edit(
        s / "sitegen.toml", "summaryLength = 8", 'summaryLength = 8\ncopyright = "© Us"'
    ),
    "static file change": lambda s: edit(s / "static/css/extra.css", "3px", "4px"),
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_warm_build_after_a_change_equals_a_clean_build(site: Path, tmp_path: Path, change: str):
    out = tmp_path / "public"
    build_site(site, out)
    before = tree(out)
    CHANGES[change](site)
    build_site(site, out)
    after = tree(out)
    assert after != before, "the change must show in the output, or this test proves nothing"
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert after == tree(clean)


def test_body_edit_rewrites_only_what_shows_it(site: Path, tmp_path: Path):
    """Unchanged pages keep their file (and mtime); the edited post gets a new one."""
    out = tmp_path / "public"
    build_site(site, out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*.html")}
    edit(site / "content/posts/gamma.md", "## Details", "## Details\n\nOne more line.")
    build_site(site, out)
    changed = {p.relative_to(out).as_posix() for p, ino in inodes.items() if p.stat().st_ino != ino}
    assert "posts/gamma/index.html" in changed
    assert "posts/alpha/index.html" not in changed  # links to gamma, reads no content of it
    assert "zh/posts/alpha/index.html" not in changed
    assert len(changed) < len(inodes) / 2


def test_damaged_cache_is_a_miss_not_an_error(site: Path, tmp_path: Path):
    cache = Path(os.environ["SITEGEN_CACHEDIR"])
    out = tmp_path / "public"
    build_site(site, out)
    for entry in cache.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x80garbage")
    edit(site / "content/posts/beta.md", "middle part", "centre")
    build_site(site, out)
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert tree(out) == tree(clean)


def test_unchanged_build_says_so_and_keeps_the_output(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    first = run_cli("build", "-s", site, "-d", out)
    assert first.returncode == 0, first.stderr
    stamp = (out / "index.html").stat().st_mtime_ns
    again = run_cli("build", "-s", site, "-d", out)
    assert again.returncode == 0, again.stderr
    assert "nothing changed" in again.stdout
    assert (out / "index.html").stat().st_mtime_ns == stamp


def test_warnings_show_on_every_build(site: Path, tmp_path: Path):
    """Whether nothing changed or another post did, a warning is never cached away."""
    edit(site / "content/posts/beta.md", "and code:", r"and a typo: $\frac{1}{$, and code:")
    out = tmp_path / "out"
    first = run_cli("build", "-s", site, "-d", out)
    warning = [line for line in first.stderr.splitlines() if "warning" in line]
    assert warning and "beta.md" in warning[0], first.stderr
    again = run_cli("build", "-s", site, "-d", out)
    assert "nothing changed" in again.stdout
    assert [line for line in again.stderr.splitlines() if "warning" in line] == warning
    edit(site / "content/posts/gamma.md", "Gamma closes", "Gamma ends")
    other = run_cli("build", "-s", site, "-d", out)
    assert "nothing changed" not in other.stdout
    assert [line for line in other.stderr.splitlines() if "warning" in line] == warning
    strict = run_cli("build", "-s", site, "-d", out, "--strict")
    assert strict.returncode == 1


@pytest.mark.parametrize("damage", ["delete", "edit", "add"])
def test_a_damaged_output_is_rebuilt(site: Path, tmp_path: Path, damage: str):
    out = tmp_path / "public"
    run_cli("build", "-s", site, "-d", out)
    expected = tree(out)
    target = out / "posts/beta/index.html"
    if damage == "delete":
        target.unlink()
    elif damage == "edit":
        target.write_text("broken")
    else:
        (out / "posts/stray.html").write_text("not ours")
    proc = run_cli("build", "-s", site, "-d", out)
    assert proc.returncode == 0, proc.stderr
    assert "nothing changed" not in proc.stdout
    assert tree(out) == expected


def test_a_future_post_appears_when_its_date_passes(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    run_cli("build", "-s", site, "-d", out)
    assert not (out / "posts/delta/index.html").exists()
    later = run_cli("build", "-s", site, "-d", out, env={"SOURCE_DATE_EPOCH": LATER})
    assert "nothing changed" not in later.stdout
    assert (out / "posts/delta/index.html").exists()


def test_no_cache_flag_builds_everything(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    run_cli("build", "-s", site, "-d", out)
    proc = run_cli("build", "-s", site, "-d", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "nothing changed" not in proc.stdout


def test_a_second_build_reuses_every_post(site: Path, tmp_path: Path, monkeypatch):
    """The cache survives its own pruning: nothing is rendered twice."""
    from sitegen import make

    build_site(site, tmp_path / "one")
    calls = []
    real = make.render_document
    monkeypatch.setattr(make, "render_document", lambda *a, **k: calls.append(a[-1]) or real(*a, **k))
    build_site(site, tmp_path / "two")
    assert calls == []
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_static_file_a_generated_page_replaces_is_reported_on_every_build(site: Path, tmp_path: Path):
    """The 404 page takes static/404.html's place; the warning survives the no-change
    replay and the output cache, which keeps the 404 page when another post changes."""
    _write(site / "static/404.html", "<p>my own 404</p>\n")
    out = tmp_path / "out"
    first = run_cli("build", "-s", site, "-d", out)
    warning = [line for line in first.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "static/404.html" in warning[0], first.stderr
    assert b"my own 404" not in (out / "404.html").read_bytes()
    again = run_cli("build", "-s", site, "-d", out)
    assert "nothing changed" in again.stdout
    assert [line for line in again.stderr.splitlines() if "warning" in line] == warning
    edit(site / "content/posts/gamma.md", "Gamma closes", "Gamma ends")
    other = run_cli("build", "-s", site, "-d", out)
    assert "nothing changed" not in other.stdout
    assert [line for line in other.stderr.splitlines() if "warning" in line] == warning
    assert b"my own 404" not in (out / "404.html").read_bytes()
