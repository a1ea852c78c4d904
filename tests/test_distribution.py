"""The distribution's own name (sitegen-ssg), and the pre-commit hook's trigger paths."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import yaml

from conftest import build_site, read_html, run_cli

ROOT = Path(__file__).resolve().parents[1]
NAME = "sitegen-ssg"  # "sitegen" on PyPI is an unrelated 2010 package


def test_pyproject_names_the_distribution_and_keeps_the_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == NAME
    assert project["scripts"] == {"sitegen": "sitegen.__main__:run"}
    assert project["optional-dependencies"]["dev"] == [f"{NAME}[test]"]


def test_footer_links_to_our_own_registry_page(tmp_path):
    build_site(ROOT / "tests/sites/golden", tmp_path / "out")
    page = read_html(tmp_path / "out/index.html")
    links = [a.attrs.get("href") for a in page.select("a") if a.text.strip() == "sitegen"]
    assert links == [f"https://pypi.org/project/{NAME}/"]


def test_ci_examples_install_the_distribution_by_its_name():
    workflow = yaml.safe_load((ROOT / "docs/github-actions-check.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert f"pip install {NAME}" in runs
    hooks_text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert NAME in hooks_text
    assert "pypi.org/project/sitegen/" not in (ROOT / "README.md").read_text()
    assert f"pip install {NAME}" in (ROOT / "README.md").read_text()


def _hook() -> dict:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return hook


def test_hook_runs_when_site_files_or_any_config_file_change():
    files = re.compile(_hook()["files"])  # pre-commit matches with re.search
    for path in [
        "content/blog/post.md",
        "content/zh/blog/文章.md",
        "layouts/_default/single.html",
        "themes/default/layouts/base.html",
        "static/img/a.png",
        "assets/css/x.css",
        "data/authors.yaml",
        "i18n/zh.yaml",
        "archetypes/default.md",
        "sitegen.toml",
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config/_default/params.toml",
        "config/production/hugo.toml",
    ]:
        assert files.search(path), path
    for path in ["README.md", "src/app.py", "public/index.html", "notes/content/x.md", "hugo.toml.bak"]:
        assert not files.search(path), path


def test_hook_checks_the_whole_site_not_the_changed_files():
    hook = _hook()
    assert hook["entry"] == "sitegen check"
    assert hook["pass_filenames"] is False  # one file alone can't be checked: refs span the site


def test_subfolder_override_documented_in_the_hook_file_and_readme():
    for text in ((ROOT / ".pre-commit-hooks.yaml").read_text(), (ROOT / "README.md").read_text()):
        assert "args: [--source, site]" in text
        assert "files: ^site/" in text


def test_the_documented_args_check_a_site_in_a_subfolder(tmp_path):
    """`args: [--source, site]` from the repository's root, as pre-commit runs the hook."""
    shutil.copytree(ROOT / "tests/sites/golden", tmp_path / "site")
    done = run_cli("check", "--source", "site", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "check: 0 errors" in done.stderr
    missing = run_cli("check", cwd=tmp_path)  # without the args: no site at the root
    assert missing.returncode == 1
