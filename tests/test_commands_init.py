"""`sitegen init [DIR]`: a bilingual site that `sitegen build` builds at once, with no warnings."""

from __future__ import annotations

from pathlib import Path

from conftest import read_html, run_cli


def test_init_makes_a_bilingual_site_that_builds_strictly_at_once(tmp_path: Path):
    done = run_cli("init", "blog", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Created a bilingual site (en, zh) in blog/"
    site = tmp_path / "blog"
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == {
        "sitegen.toml",
        ".gitignore",
        "archetypes/default.md",
        "content/_index.md",
        "content/_index.zh.md",
        "content/posts/_index.md",
        "content/posts/_index.zh.md",
        "content/posts/hello-world/index.md",
        "content/posts/hello-world/index.zh.md",
    }
    built = run_cli("build", "--strict", cwd=site)  # --strict: the first warning would fail it
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert "pages: en 1, zh 1" in built.stdout
    en = read_html(site / "public/posts/hello-world/index.html")
    zh = read_html(site / "public/zh/posts/hello-world/index.html")
    assert en.select("h1")[0].text == "Hello, World"
    assert zh.select("h1")[0].text == "你好，世界"
    checked = run_cli("check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_new_site_takes_a_new_post_in_both_languages(tmp_path: Path):
    assert run_cli("init", "blog", cwd=tmp_path).returncode == 0
    site = tmp_path / "blog"
    done = run_cli("new", "content", "posts/second-post/index.md", "-t", "zh", cwd=site, env={"TZ": "UTC"})
    assert done.returncode == 0, done.stderr
    text = (site / "content/posts/second-post/index.zh.md").read_text()
    assert text == '---\ntitle: "Second Post"\ndate: 2026-06-01T00:00:00Z\ndraft: true\ntags: []\n---\n'
    built = run_cli("build", "-D", "--strict", cwd=site)
    assert built.returncode == 0, built.stderr
    assert (site / "public/zh/posts/second-post/index.html").is_file()


def test_init_refuses_a_non_empty_folder_without_force(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine\n")
    done = run_cli("init", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        ".: folder is not empty",
        "  hint: choose a new folder, or add --force to add the site's files (none is overwritten)",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    forced = run_cli("init", "--force", cwd=tmp_path)  # DIR defaults to .
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "sitegen.toml").is_file() and (tmp_path / "notes.txt").read_text() == "mine\n"


def test_init_force_never_overwrites_a_file(tmp_path: Path):
    (tmp_path / "site/content").mkdir(parents=True)
    (tmp_path / "site/content/_index.md").write_text("---\ntitle: Mine\n---\n")
    done = run_cli("init", "site", "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "site/content/_index.md: file exists; sitegen init never overwrites, so nothing was written\n"
    )
    assert (tmp_path / "site/content/_index.md").read_text() == "---\ntitle: Mine\n---\n"
    assert not (tmp_path / "site/sitegen.toml").exists()
