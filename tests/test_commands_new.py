"""`sitegen new content PATH` end to end through the CLI: files made, contents, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import read_html, run_cli

SITES = Path(__file__).parent / "sites"
UTC = {"TZ": "UTC"}  # the date carries the local offset; the clock is SOURCE_DATE_EPOCH's


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "commands/archetypes", tmp_path / "site")
    return tmp_path / "site"


def new(site: Path, *args: str):
    return run_cli("new", *args, cwd=site, env=UTC)


def test_new_content_fills_the_default_archetype_and_writes_the_translation(site):
    done = new(site, "content", "blog/my-post/index.md", "--translation", "zh")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        'Content "content/blog/my-post/index.md" created',
        'Content "content/blog/my-post/index.zh.md" created',
    ]
    expected = (
        '---\ntitle: "My Post"\ndate: 2026-06-01T00:00:00Z\ndraft: true\n---\n\nWritten for Commands.\n'
    )
    assert (site / "content/blog/my-post/index.md").read_text() == expected
    assert (site / "content/blog/my-post/index.zh.md").read_text() == expected


def test_the_new_post_builds_as_a_draft_in_both_languages(site):
    assert new(site, "content", "blog/my-post/index.md", "-t", "zh").returncode == 0
    built = run_cli("build", "-D", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    assert read_html(site / "public/blog/my-post/index.html").select("h1")[0].text == "My Post"
    assert (site / "public/zh/blog/my-post/index.html").is_file()
    plain = run_cli("build", cwd=site)  # without -D: a draft, so not built
    assert not (site / "public/blog/my-post/index.html").exists(), plain.stderr


def test_hugos_older_form_and_the_section_archetype(site):
    done = new(site, "notes/quick-thought.md")  # `hugo new PATH`, before `new content`
    assert done.returncode == 0, done.stderr
    assert (site / "content/notes/quick-thought.md").read_text() == (
        "+++\ntitle = 'Quick thought'\ndate = '2026-06-01T00:00:00Z'\ndraft = true\ntags = ['note']\n+++\n"
        "\n\nA note in the notes section.\n"
    )


def test_kind_picks_a_bundle_archetype_and_copies_its_files(site):
    done = new(site, "content", "--kind", "gallery", "trips/kyoto-2026", "-t", "zh")
    assert done.returncode == 0, done.stderr
    bundle = site / "content/trips/kyoto-2026"
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()) == [
        "images/cover.svg",
        "index.md",
        "index.zh.md",
    ]
    assert 'title: "Kyoto 2026"' in (bundle / "index.md").read_text()
    assert (bundle / "images/cover.svg").read_bytes() == (
        SITES / "commands/archetypes/archetypes/gallery/images/cover.svg"
    ).read_bytes()


def test_an_existing_file_is_never_overwritten(site):
    post = site / "content/blog/x.md"
    post.parent.mkdir(parents=True)
    post.write_text("mine\n")
    done = new(site, "content", "blog/x.md")
    assert done.returncode == 1
    assert done.stderr == (
        "content/blog/x.md: file exists; sitegen new never overwrites\n"
        "  hint: choose another name, or edit the file that is there\n"
    )
    assert post.read_text() == "mine\n"
    # the translation exists, the first file does not: neither is written
    (site / "content/blog/y.zh.md").write_text("我的\n")
    done = new(site, "content", "blog/y.md", "-t", "zh")
    assert done.returncode == 1 and "content/blog/y.zh.md: file exists" in done.stderr
    assert not (site / "content/blog/y.md").exists()


def test_an_unknown_kind_says_what_was_meant(site):
    done = new(site, "content", "--kind", "galery", "x/y.md")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "archetypes/galery.md: no archetype for kind 'galery'",
        "  hint: did you mean 'gallery'?",
    ]
    assert not (site / "content/x").exists()


def test_an_unknown_language_and_a_template_sitegen_cannot_fill(site):
    done = new(site, "content", "x/y.md", "-t", "zn")
    assert done.returncode == 1
    assert (
        "the site has no language 'zn'" in done.stderr and "hint: the site's languages: en, zh" in done.stderr
    )
    done = new(site, "content", "--kind", "broken", "x/y.md")
    assert done.returncode == 1
    assert done.stderr.startswith("archetypes/broken.md:2:9: archetype uses {{ .Title }}, which sitegen")
    assert "Traceback" not in done.stderr
    assert not (site / "content/x").exists()


def test_without_archetypes_the_built_in_one_is_hugos(tmp_path):
    shutil.copytree(SITES / "golden", tmp_path / "site", ignore=shutil.ignore_patterns("expected"))
    done = new(tmp_path / "site", "content", "notes/my-third-note.md")
    assert done.returncode == 0, done.stderr
    # what `hugo new content` writes on a site with no archetypes (Hugo 0.168)
    assert (tmp_path / "site/content/notes/my-third-note.md").read_text() == (
        '---\ntitle: "My Third Note"\ndate: 2026-06-01T00:00:00Z\ndraft: true\n---\n'
    )


def test_a_language_with_its_own_content_dir_gets_its_file_there(tmp_path):
    shutil.copytree(SITES / "content-dir", tmp_path / "site")
    done = new(tmp_path / "site", "content", "recipes/miso-soup.md", "--translation", "zh")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        'Content "content/en/recipes/miso-soup.md" created',
        'Content "content/zh/recipes/miso-soup.md" created',
    ]
    # a path given with its content folder means that language
    done = new(tmp_path / "site", "content/zh/recipes/tofu.md")
    assert done.returncode == 0 and 'Content "content/zh/recipes/tofu.md" created' in done.stdout


def test_flags_before_or_after_the_path_and_a_path_outside_the_content(site, tmp_path):
    done = run_cli("new", "-s", "site", "content", "a.md", cwd=tmp_path, env=UTC)
    assert done.returncode == 0 and (site / "content/a.md").is_file(), done.stderr
    done = run_cli("new", "content", "b.md", "-s", "site", "--kind", "notes", cwd=tmp_path, env=UTC)
    assert done.returncode == 0 and "tags = ['note']" in (site / "content/b.md").read_text()
    done = new(site, "content", "../escape.md")
    assert done.returncode == 1 and "give a path inside the content folder" in done.stderr
