"""A site without sitegen.toml builds from Hugo's own config files, merged as Hugo merges them.

The fixtures are under tests/sites/hugo-config/. Where a test says "confirmed with
Hugo", the same fixture was run through Hugo 0.168 (`hugo config --format json`,
`-e development` for the development folder) and printed the same values.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SITES, run_cli
from sitegen.config import load_config
from sitegen.errors import SitegenError

CASES = SITES / "hugo-config"


def sitegen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


@pytest.fixture
def copy_case(tmp_path: Path):
    """A fresh copy of a fixture site, so builds write nothing into the repo."""

    def copy(name: str) -> Path:
        site = tmp_path / name
        shutil.copytree(CASES / name, site)
        return site

    return copy


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


# -- one root file, in each format ---------------------------------------------


def test_hugo_toml_gives_languages_params_permalinks_taxonomies_and_unsafe(caplog):
    config = load_config(CASES / "hugo-toml")
    assert config.config_path == CASES / "hugo-toml" / "hugo.toml"
    assert config.base_url == "https://notes.example/"
    assert config.default_language == "zh-cn"
    assert [(lang.code, lang.label, lang.locale, lang.prefix) for lang in config.languages] == [
        ("zh-cn", "简体中文", "zh-CN", ""),  # languageName and the top-level languageCode
        ("en", "English", "en-US", "en"),
    ]
    assert config.language("zh-cn").title == "田野笔记"
    assert dict(config.params) == {"author": "Lin", "mainSections": ["posts"]}
    assert dict(config.permalinks) == {"posts": "/posts/:year/:slug/"}
    assert dict(config.taxonomies) == {"tag": "tags", "category": "categories"}
    assert config.unsafe is False
    assert warnings(caplog) == []


def test_hugo_toml_wins_over_config_toml():
    # Confirmed with Hugo: the first of hugo.toml|yaml|yml|json, config.toml|yaml|yml|json
    # is the one root file read (with all four present, hugo.yaml beat config.toml too).
    assert (CASES / "hugo-toml" / "config.toml").is_file()
    assert load_config(CASES / "hugo-toml").title == "Field Notes"


def test_root_file_precedence_follows_hugo(tmp_path: Path):
    for name, title in [
        ("config.json", "json"),
        ("config.toml", "toml"),
        ("hugo.json", "hj"),
        ("hugo.yml", "yml"),
        ("hugo.yaml", "yaml"),
    ]:
        text = (
            f'{{"title": "{title}"}}'
            if name.endswith("json")
            else (f'title = "{title}"' if name.endswith("toml") else f"title: {title}")
        )
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
        assert load_config(tmp_path).title == title, f"{name} should now win"


def test_hugo_yaml_gives_base_url_languages_params_permalinks_unsafe_and_toc_levels():
    config = load_config(CASES / "hugo-yaml")
    assert config.base_url == "https://notes.example/blog/"
    assert [(lang.code, lang.label, lang.locale, lang.prefix) for lang in config.languages] == [
        ("en", "English", "en-GB", ""),
        ("zh-cn", "中文", "zh-CN", "zh-cn"),
    ]
    assert config.language("zh-cn").title == "田野笔记"
    assert dict(config.params) == {"author": "Lin", "social": {"github": "lin"}}
    assert dict(config.permalinks) == {"posts": "/p/:slug/"}
    assert config.unsafe is True
    assert (config.toc_start, config.toc_end) == (2, 3)


def test_older_config_toml_name_is_read_like_hugo_toml():
    config = load_config(CASES / "config-toml")
    assert config.config_path == CASES / "config-toml" / "config.toml"
    assert (config.title, config.summary_length) == ("Old Site", 30)
    assert dict(config.params) == {"legacy": True}


def test_hugo_json_gives_languages_taxonomies_and_unsafe():
    config = load_config(CASES / "hugo-json")
    assert [(lang.code, lang.label, lang.locale) for lang in config.languages] == [
        ("en", "English", "en"),
        ("zh-cn", "中文", "zh-CN"),
    ]
    assert dict(config.taxonomies) == {"tag": "tags"}
    assert config.unsafe is False


# -- the config folder -----------------------------------------------------------


def test_split_config_folder_is_merged_by_root_key(caplog):
    site = CASES / "split"
    config = load_config(site)
    assert config.config_path == site / "config/_default/hugo.toml"
    assert config.default_language == "zh-cn"
    assert config.has_cjk_language and config.summary_length == 40
    # languages.<code>.toml is [languages.<code>]
    assert [
        (lang.code, lang.label, lang.locale, lang.weight, lang.title, lang.prefix)
        for lang in config.languages
    ] == [
        ("zh-cn", "简体中文", "zh-CN", 1, "推理笔记", ""),
        ("en", "English", "en-US", 2, "Inference Notes", "en"),
    ]
    # params.toml is [params]; config/production/ is merged over it, table by table
    # (confirmed with Hugo: model.name kept, model.context replaced)
    assert dict(config.params) == {
        "author": "Lin Qiao",
        "mainSections": ["posts"],
        "environment": "production",
        "model": {"name": "Qwen2.5-7B", "context": 8192},
    }
    # markup.toml is [markup]
    assert config.unsafe is False and (config.toc_start, config.toc_end) == (2, 3)
    assert dict(config.permalinks) == {"posts": "/posts/:year/:slug/"}
    assert dict(config.taxonomies) == {"tag": "tags", "series": "series"}
    assert config.feed_kinds == {"home", "section", "taxonomy", "term"}
    # menus.zh-cn.toml became languages.zh-cn.menus, read as Hugo reads it (menu names lowercased)
    ((menu, (entry,)),) = config.menus_for("zh-cn")
    assert (menu, entry.name, entry.page_ref, entry.weight) == ("main", "文章", "/posts", 1)
    assert config.menus_for("en") == ()  # the root has none, and en none of its own
    assert len(warnings(caplog)) == 1 and "menus" not in warnings(caplog)[0]


def test_development_folder_is_read_instead_of_production():
    # Confirmed with Hugo (`hugo config -e development`): baseURL and params.environment
    # from config/development/, model.context back to _default's.
    config = load_config(CASES / "split", "development")
    assert config.base_url == "http://localhost:1313/"
    assert config.params["environment"] == "development"
    assert config.params["model"] == {"name": "Qwen2.5-7B", "context": 32768}


def test_folder_wins_over_root_file_and_keys_merge_case_insensitively():
    # Confirmed with Hugo: title from config/_default/hugo.toml, baseURL kept from the
    # root file, params merged deeply, a list replaced whole, `mainsections` and
    # `mainSections` the same key. sitegen keeps the first spelling (Hugo lowercases
    # all), so a key's name does not change with the environment folder.
    site = CASES / "root-and-folder"
    config = load_config(site)
    assert config.config_path == site / "hugo.toml"
    assert config.title == "Folder Title"
    assert config.base_url == "https://root.example/"
    assert dict(config.params) == {
        "fromRoot": True,
        "mainsections": ["posts"],
        "tags": ["c"],
        "social": {"github": "folder", "mastodon": "root"},
    }


def test_folder_files_are_read_in_name_order_subfolders_included(tmp_path: Path):
    # Confirmed with Hugo: Go's filepath.Walk order, names sorted with folders among
    # them, so a/params.toml is read before params.toml and sub/params.toml after.
    folder = tmp_path / "config" / "_default"
    for sub in ("a", "sub"):
        (folder / sub).mkdir(parents=True)
    (folder / "params.toml").write_text('b = "top"\nc = "top"\n', encoding="utf-8")
    (folder / "a" / "params.toml").write_text('b = "a"\nc = "a"\nfromA = 1\n', encoding="utf-8")
    (folder / "sub" / "params.toml").write_text('c = "sub"\n', encoding="utf-8")
    (folder / "notes.txt").write_text("not a config file", encoding="utf-8")
    assert dict(load_config(tmp_path).params) == {"b": "top", "c": "sub", "fromA": 1}


def test_sitegen_toml_wins_over_hugo_files(tmp_path: Path):
    (tmp_path / "hugo.toml").write_text('title = "Hugo"\n', encoding="utf-8")
    (tmp_path / "sitegen.toml").write_text('title = "sitegen"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.title, config.config_path) == ("sitegen", tmp_path / "sitegen.toml")


def test_a_wrong_type_in_json_names_its_line(tmp_path: Path):
    (tmp_path / "hugo.json").write_text(
        '{\n  "languages": {\n    "en": {"weight": 1},\n    "zh-cn": {\n      "weight": "2"\n    }\n  }\n}\n',
        encoding="utf-8",
    )
    with pytest.raises(SitegenError) as err:
        load_config(tmp_path)
    problem = err.value.problem
    assert problem.message == "languages.zh-cn.weight must be an integer, not '2'"
    assert (problem.path, problem.line, problem.col) == (tmp_path / "hugo.json", 5, 7)


def test_an_error_about_a_whole_file_names_that_file(tmp_path: Path):
    folder = tmp_path / "config" / "_default"
    folder.mkdir(parents=True)
    (folder / "hugo.toml").write_text('defaultContentLanguage = "en"\n', encoding="utf-8")
    (folder / "languages.en.toml").write_text("weight = 1\n", encoding="utf-8")
    (folder / "languages.english_US.toml").write_text("weight = 2\n", encoding="utf-8")
    with pytest.raises(SitegenError) as err:
        load_config(tmp_path)
    assert err.value.problem.message == "language code 'english_us' is not a language tag"
    assert err.value.problem.path == folder / "languages.english_US.toml"


# -- languages left out ----------------------------------------------------------


def test_disabled_languages_are_left_out():
    # Confirmed with Hugo: both `disabled = true` and disableLanguages disable.
    config = load_config(CASES / "disabled-language")
    assert [lang.code for lang in config.languages] == ["en", "ja"]


def test_disabling_the_default_language_is_an_error(copy_case):
    site = copy_case("disabled-language")
    hugo = site / "hugo.toml"
    hugo.write_text(hugo.read_text(encoding="utf-8").replace('["de"]', '["EN"]'), encoding="utf-8")
    with pytest.raises(SitegenError) as err:  # Hugo: `default language "en" is disabled`
        load_config(site)
    assert err.value.problem.message == "the default language 'en' is disabled"
    assert (err.value.problem.path, err.value.problem.line) == (hugo, 3)


# -- what the user sees: the CLI ---------------------------------------------------


@pytest.mark.parametrize(
    "case", ["hugo-toml", "hugo-yaml", "config-toml", "hugo-json", "root-and-folder", "disabled-language"]
)
def test_hugo_sites_build_quietly(copy_case, case: str):
    site = copy_case(case)
    result = sitegen(site, "build")
    assert (result.returncode, result.stderr) == (0, "")
    assert (site / "public" / "index.html").is_file()


def test_built_pages_use_the_hugo_languages_and_permalinks(copy_case):
    site = copy_case("hugo-toml")
    assert sitegen(site, "build").returncode == 0
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in home and "田野笔记" in home
    assert '<html lang="en-US">' in (site / "public/en/index.html").read_text(encoding="utf-8")
    assert (site / "public/posts/2026/first-post/index.html").is_file()


def test_ignored_hugo_settings_are_one_warning(copy_case):
    site = copy_case("split")
    result = sitegen(site, "build")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "config/_default/hugo.toml: warning: 3 Hugo settings are not used by sitegen and were"
        " ignored: enableRobotsTXT, module, outputs.home.json",
    ]


def test_an_edit_in_the_config_folder_is_not_replayed_as_unchanged(copy_case):
    # The no-change check stamps config/ too: this edit leaves the resolved config
    # as it was, yet the next build must see (and report) the new setting.
    site = copy_case("split")
    assert "3 Hugo settings" in sitegen(site, "build").stderr
    (site / "config/production/hugo.toml").write_text("enableGitInfo = true\n", encoding="utf-8")
    result = sitegen(site, "build")
    assert "4 Hugo settings" in result.stderr and "enableGitInfo" in result.stderr
    assert "nothing changed" not in result.stdout


def test_the_summary_lists_a_dozen_names_then_counts(tmp_path: Path, caplog):
    keys = "\n".join(f"unused{n:02} = true" for n in range(15))
    (tmp_path / "hugo.toml").write_text(keys + "\n", encoding="utf-8")
    load_config(tmp_path)
    (message,) = warnings(caplog)
    assert message.endswith(
        "15 Hugo settings are not used by sitegen and were ignored: "
        + ", ".join(f"unused{n:02}" for n in range(12))
        + " and 3 more"
    )


def test_sitegen_toml_still_warns_per_key(tmp_path: Path, caplog):
    (tmp_path / "sitegen.toml").write_text("enableRobotsTXT = true\ntitel = 'x'\n", encoding="utf-8")
    load_config(tmp_path)
    assert len(warnings(caplog)) == 2
    assert "unknown config key 'titel' is ignored" in caplog.text


def test_url_settings_sitegen_lacks_get_their_own_warnings(copy_case):
    site = copy_case("url-settings")
    result = sitegen(site, "build")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines == [
        "hugo.toml:3:1: warning: uglyURLs is not supported, so page URLs will differ from Hugo's",
        "  hint: sitegen writes posts/first/index.html (/posts/first/), where Hugo would write"
        " posts/first.html",
        "hugo.toml:5:1: warning: removePathAccents is not supported, so URLs will differ from Hugo's",
        "  hint: sitegen keeps accented letters in paths, as Hugo does by default",
    ]  # canonifyURLs = false is Hugo's default, and what sitegen does: no warning


@pytest.mark.parametrize(
    "case, expected",
    [
        ("bad-toml", "config/_default/params.toml:3:31: invalid TOML: Illegal character '\\n'"),
        (
            "bad-yaml",
            "config/_default/languages.en.yaml:3:13: invalid YAML: mapping values are not"
            " allowed in this context",
        ),
        (
            "bad-json",
            "config/_default/menus.en.json:5:1: invalid JSON: Expecting property name"
            " enclosed in double quotes",
        ),
    ],
)
def test_a_syntax_error_names_the_split_file_and_line(copy_case, case: str, expected: str):
    result = sitegen(copy_case(case), "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [expected]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "case, expected",
    [
        (
            "type-error",
            "config/_default/languages.zh-cn.toml:2:1: languages.zh-cn.weight must be an integer, not 'two'",
        ),
        (
            "type-error-yaml",
            "config/_default/markup.yaml:5:3: tableOfContents.startLevel must be an integer, not 'two'",
        ),
    ],
)
def test_a_wrong_type_names_the_file_and_line_that_set_it(copy_case, case: str, expected: str):
    result = sitegen(copy_case(case), "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [expected]
    assert "Traceback" not in result.stderr


def test_check_reads_the_production_folder_and_reports_the_summary(copy_case):
    site = copy_case("split")
    result = sitegen(site, "check")
    assert result.returncode == 0
    assert result.stdout.startswith(
        "config/_default/hugo.toml: warning: 3 Hugo settings are not used by sitegen"
    )
    (site / "config/production/hugo.toml").write_text("summaryLength = -1\n", encoding="utf-8")
    result = sitegen(site, "check")
    assert result.returncode == 1
    assert result.stdout == "config/production/hugo.toml:1:1: error: summaryLength must not be negative\n"


def test_serve_reads_the_development_folder_and_watches_hugo_files(copy_case):
    from sitegen.serve.dev import Dev, ServeOptions
    from sitegen.serve.server import Broker, DevServer

    site = copy_case("split")
    broker = Broker()
    server = DevServer(("127.0.0.1", 0), broker)
    try:
        dev = Dev(ServeOptions(source=site, port=0), server, broker)
        assert dev.load_config().params["environment"] == "development"
        assert dev.relevant(site.resolve() / "config/_default/params.toml")
        assert dev.relevant(site.resolve() / "hugo.toml")
    finally:
        server.server_close()


def test_merge_keys_in_sitegen_toml_are_not_unknown_settings(tmp_path: Path, caplog):
    (tmp_path / "sitegen.toml").write_text(
        '_merge = "deep"\n[params]\n_MERGE = "none"\nx = 1\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert dict(config.params) == {"x": 1}
    assert warnings(caplog) == []


def built_pages(public: Path) -> list[str]:
    """Pages and redirects, but not the lists' page/1/ redirects (tests/test_pagination.py's)."""
    found = ("/" + p.parent.relative_to(public).as_posix() + "/" for p in public.rglob("index.html"))
    return sorted(url for url in found if url != "/./" and not url.endswith("/page/1/"))


def test_disable_path_to_lower_keeps_the_case_of_urls_per_language(copy_case):
    # Confirmed with Hugo 0.168 (the same site): sections, file names, slugs, bundles and
    # terms keep their case; a permalink's :section is lowercased even so; German, which
    # turns the setting off again, is lowercased.
    site = copy_case("path-case")
    result = sitegen(site, "build")
    assert (result.returncode, result.stderr) == (0, "")
    assert built_pages(site / "public") == [
        "/Notes/",
        "/Posts/",
        "/Posts/Bundle-X/",
        "/Posts/My-Post/",
        "/Posts/MySlug/",
        "/categories/",  # empty, as Hugo writes it too
        "/de/",
        "/de/categories/",
        "/de/posts/",
        "/de/posts/my-post/",
        "/de/search/",  # sitegen's search page, which Hugo has not
        "/de/tags/",
        "/de/tags/go-lang/",
        "/en/",  # the default language's root, a redirect to /
        "/notes/N-Title/",
        "/search/",
        "/tags/",
        "/tags/Go-Lang/",
    ]
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert 'href="/Posts/My-Post/"' in home


def test_without_disable_path_to_lower_sections_are_lowercased_too(copy_case):
    site = copy_case("path-case")
    hugo = site / "hugo.toml"
    hugo.write_text(hugo.read_text(encoding="utf-8").replace("= true", "= false"), encoding="utf-8")
    assert sitegen(site, "build").returncode == 0
    pages = built_pages(site / "public")
    assert "/posts/" in pages and "/posts/bundle-x/" in pages and "/notes/n-title/" in pages
    assert not [p for p in pages if p != p.lower()]
