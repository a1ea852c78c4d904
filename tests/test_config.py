"""sitegen.toml: Hugo's key names, defaults, languages and URL prefixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.errors import SitegenError


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sitegen.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_site_without_config_builds_with_defaults(tmp_path: Path):
    config = load_config(tmp_path)
    assert config.config_path is None
    assert [lang.code for lang in config.languages] == ["en"]
    assert config.languages[0].prefix == ""
    assert dict(config.taxonomies) == {"tag": "tags", "series": "series"}
    assert config.summary_length == 70
    assert config.base_url == "/"


def test_keys_match_case_insensitively_like_hugo(tmp_path: Path):
    config = load_config(write_config(tmp_path, 'baseurl = "https://x.org"\nSUMMARYLENGTH = 9\n'))
    assert config.base_url == "https://x.org/"
    assert config.summary_length == 9


def test_languages_sort_by_weight_and_only_default_lives_at_root(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
defaultContentLanguage = "zh"
[languages.en]
weight = 2
[languages.zh]
weight = 1
label = "中文"
""",
        )
    )
    assert [(lang.code, lang.prefix) for lang in config.languages] == [("zh", ""), ("en", "en")]
    assert config.language("zh").label == "中文"


def test_default_language_in_subdir_prefixes_every_language(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
defaultContentLanguageInSubdir = true
[languages.en]
weight = 1
[languages.zh-cn]
weight = 2
""",
        )
    )
    assert [lang.prefix for lang in config.languages] == ["en", "zh-cn"]


def test_hugo_older_language_names_are_accepted(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
languageCode = "en-GB"
[languages.en]
languageName = "English"
[languages.zh]
languageCode = "zh-CN"
""",
        )
    )
    assert config.language("en").label == "English"
    assert config.language("en").locale == "en-GB"
    assert config.language("zh").locale == "zh-CN"


def test_content_dir_is_resolved_against_the_site(tmp_path: Path):
    config = load_config(write_config(tmp_path, '[languages.en]\ncontentDir = "content/en"\n'))
    assert config.language("en").content_dir == (tmp_path / "content" / "en").resolve()


def test_hugo_goldmark_unsafe_and_toc_levels_are_read(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 1
endLevel = 3
""",
        )
    )
    assert config.unsafe is False
    assert (config.toc_start, config.toc_end) == (1, 3)


def test_permalinks_accept_flat_and_page_table_forms(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
[permalinks]
blog = "/:year/:slug/"
[permalinks.page]
notes = "/n/:filename/"
""",
        )
    )
    assert dict(config.permalinks) == {"blog": "/:year/:slug/", "notes": "/n/:filename/"}


def test_base_url_path_is_kept_for_sites_under_a_subfolder(tmp_path: Path):
    config = load_config(write_config(tmp_path, 'baseURL = "https://me.github.io/blog"\n'))
    assert config.base_url == "https://me.github.io/blog/"
    assert config.base_path == "/blog"


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("https://example.org/", "https://example.org/"),
        ("http://localhost:1313/", "http://localhost:1313/"),
        ("https://me.github.io/blog", "https://me.github.io/blog/"),
        ("HTTPS://Example.org/", "https://Example.org/"),  # the URL rules read the scheme lower-cased
        ("https://[::1]:8080/", "https://[::1]:8080/"),
        ("https://例子.测试/", "https://例子.测试/"),
        ("/", "/"),  # not set: pages link by path, as with no baseURL at all
        ("", "/"),
    ],
)
def test_base_url_takes_an_http_address_or_slash_for_none(tmp_path: Path, written: str, kept: str):
    config = load_config(write_config(tmp_path, f'title = "T"\nbaseURL = "{written}"\n'))
    assert config.base_url == kept


@pytest.mark.parametrize(
    ("written", "wrong", "suggested"),
    [
        ("example.org", "is not an http or https URL", "https://example.org/"),
        ("//cdn.example/x", "is not an http or https URL", "https://cdn.example/x/"),
        ("ftp://files.example/", "is not an http or https URL", "https://files.example/"),
        ("javascript:alert(1)", "is not an http or https URL", "https://example.org/"),
        ("/blog/", "is not an http or https URL", "https://example.org/blog/"),
        ("https://", "has no host name", "https://example.org/"),
        ("https://a b.org/", "has a space in it", "https://ab.org/"),
        ('https://a.org/"onmouseover', "has '\"' in it", "https://example.org/"),
        ("https://a.org:99999/", "has a port that is not a number", "https://a.org/"),
        ("https://me:secret@a.org/", "has a user name in it", "https://a.org/"),
        ("https://a.org/?utm=1", "has a query or fragment", "https://a.org/"),
    ],
)
def test_a_base_url_no_browser_can_open_is_an_error_at_its_line(
    tmp_path: Path, written: str, wrong: str, suggested: str
):
    site = write_config(tmp_path, f'title = "T"\n\nbaseURL = {json.dumps(written)}\n')
    with pytest.raises(SitegenError) as err:
        load_config(site)
    problem = err.value.problem
    assert (Path(problem.path).name, problem.line, problem.col) == ("sitegen.toml", 3, 1)
    assert problem.message.startswith(f"baseURL {written!r} {wrong}")
    assert f'"{suggested}"' in (problem.hint or "")


def test_a_bad_base_url_override_is_an_error_naming_the_flag(tmp_path: Path):
    site = write_config(tmp_path, 'baseURL = "https://fine.example/"\n')
    with pytest.raises(SitegenError, match=r"\(from --baseURL\)"):
        load_config(site, base_url="example.org/")
    assert load_config(site, base_url="http://localhost:1313/").base_url == "http://localhost:1313/"


def test_params_stay_free_form(tmp_path: Path):
    config = load_config(write_config(tmp_path, '[params]\nauthor = "Lin"\n[params.social]\nx = 1\n'))
    assert config.params["author"] == "Lin"
    assert config.params["social"] == {"x": 1}


def test_cli_overrides_win_over_the_file(tmp_path: Path):
    config = load_config(write_config(tmp_path, "buildDrafts = false\n"), build_drafts=True)
    assert config.build_drafts is True


@pytest.mark.parametrize(
    "text, message",
    [
        ('timeZone = "Mars/Olympus"\n', "unknown time zone 'Mars/Olympus'"),
        ("[taxonomies]\ntag = 1\n", "taxonomies.tag must be a string, not int 1"),
        ("[languages.english-us-variant]\n", "language code 'english-us-variant' is not a language tag"),
        ("[markup.tableOfContents]\nstartLevel = 5\nendLevel = 2\n", "tableOfContents levels"),
        ('theme = "../other"\n', "theme must be a folder name"),
    ],
)
def test_bad_values_are_errors_naming_the_key(tmp_path: Path, text: str, message: str):
    with pytest.raises(SitegenError) as info:
        load_config(write_config(tmp_path, text))
    assert message in str(info.value)
    assert str(info.value.problem.path).endswith("sitegen.toml")


def test_readme_config_example_loads_without_warnings(tmp_path: Path, caplog):
    import re

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Configuration: `sitegen.toml`.*?```toml\n(.*?)```", readme, re.S)
    assert example, "the README lost its config example"
    with caplog.at_level("WARNING", logger="sitegen"):
        config = load_config(write_config(tmp_path, example.group(1)))
    assert caplog.records == []
    assert [lang.code for lang in config.languages] == ["en", "zh"]
    assert config.ref_links_error_level == "ERROR"


def test_feed_settings_use_hugo_keys(tmp_path: Path):
    config = load_config(
        write_config(
            tmp_path,
            """
[services.rss]
limit = 20
fullContent = true
[outputs]
home = ["HTML"]
page = ["HTML"]
""",
        )
    )
    assert config.rss_limit == 20 and config.rss_full_content
    assert config.feed_kinds == {"section", "taxonomy", "term"}
    assert load_config(write_config(tmp_path, "rssLimit = 5\n")).rss_limit == 5
    assert load_config(write_config(tmp_path, "")).feed_kinds == {"home", "section", "taxonomy", "term"}


@pytest.mark.parametrize(
    "text, message, line",
    [
        ('[outputs]\nsection = "rss"\n', "outputs.section must be a list, not 'rss'", 2),
        ('[outputs]\nsingle = ["html"]\n', "unknown page kind 'single' in [outputs]", 2),
        ('[services.rss]\nlimit = "20"\n', "services.rss.limit must be an integer, not '20'", 2),
        ('[services.rss]\nfullContent = "yes"\n', "services.rss.fullContent must be true or false", 2),
    ],
)
def test_bad_feed_settings_are_located_errors(tmp_path: Path, text: str, message: str, line: int):
    with pytest.raises(SitegenError) as err:
        load_config(write_config(tmp_path, text))
    assert err.value.problem.message.startswith(message)
    assert err.value.problem.line == line


def test_unknown_feed_settings_warn_with_a_guess(tmp_path: Path, caplog):
    load_config(write_config(tmp_path, '[services.rss]\nlimt = 3\n[outputs]\nterm = ["html", "json"]\n'))
    text = caplog.text
    assert "unknown config key 'services.rss.limt' is ignored" in text and "'limit'?" in text
    assert "output format 'json' is not supported" in text


def test_default_language_matches_its_table_in_any_case(tmp_path: Path):
    """defaultContentLanguage = "ZH" failed with 'internal error: KeyError: ZH'."""
    config = load_config(
        write_config(tmp_path, 'defaultContentLanguage = "ZH"\n[languages.zh]\n[languages.en]\n')
    )
    assert config.default_language == "zh"
    assert [(lang.code, lang.prefix) for lang in config.languages] == [("en", "en"), ("zh", "")]


def test_two_singulars_for_one_plural_warn_at_the_second(tmp_path: Path, caplog):
    """Hugo keeps one taxonomy without a word; sitegen does the same, and says so."""
    with caplog.at_level("WARNING", logger="sitegen"):
        config = load_config(write_config(tmp_path, '[taxonomies]\ntag = "tags"\nlabel = "Tags"\n'))
    assert set(config.taxonomies.values()) == {"tags"}
    (problem,) = [r.problem for r in caplog.records]
    assert (problem.line, problem.message) == (
        3,
        "taxonomies.label and taxonomies.tag are both 'tags': one taxonomy",
    )


def test_taxonomy_folder_of_index_files_only_is_not_a_section(tmp_path: Path):
    """content/tags/_index.md titles the tags list; only pages there would clash."""
    (tmp_path / "content" / "tags" / "llm").mkdir(parents=True)
    (tmp_path / "content" / "tags" / "_index.md").write_text("---\ntitle: Topics\n---\n")
    (tmp_path / "content" / "tags" / "llm" / "_index.zh.md").write_text("---\ntitle: 大模型\n---\n")
    assert load_config(write_config(tmp_path, "")).taxonomies["tag"] == "tags"
    (tmp_path / "content" / "tags" / "intro.md").write_text("A page.\n")
    with pytest.raises(SitegenError) as info:
        load_config(write_config(tmp_path, ""))
    assert (info.value.problem.path, info.value.problem.message) == (
        tmp_path / "content" / "tags",
        "taxonomy 'tags' has the name of the section content/tags/, and both would be written at /tags/",
    )


@pytest.mark.parametrize(
    "text",
    [
        "[markup.Goldmark.Renderer]\nUnsafe = false\n",
        "[markup.goldmark.renderer]\nunsafe = false\n",
    ],
)
def test_markup_tables_match_in_any_case(tmp_path: Path, text: str):
    assert load_config(write_config(tmp_path, text)).unsafe is False
