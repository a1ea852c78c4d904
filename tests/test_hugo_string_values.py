"""Values written as text where Hugo wants true/false or a number, read as Hugo 0.168 reads them.

Each case was built with the real Hugo first (the same files, with a Go layout):
front matter's `draft: "true"` is a draft, `headless: "true"` is headless, but
`build: {render: "false"}` *renders* (to Hugo "false" is an unknown word, which means
always), so sitegen builds it too and says why. A Hugo config is decoded weakly
(`buildDrafts = "true"`, `summaryLength = "5"`), except `[languages]`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from sitegen.config import load_config
from sitegen.errors import SitegenError


def site(tmp_path: Path, config: str, pages: dict[str, str]) -> Path:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n' + config, encoding="utf-8")
    for name, front in pages.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {path.stem}\ndate: 2026-03-01\n{front}---\n\nText.\n", encoding="utf-8")
    return tmp_path


def pages(public: Path) -> list[str]:
    """The pages written, without redirects (sitegen's theme pages every list, so it also
    writes each list's page/1/ redirect, which Hugo writes only for layouts that paginate)."""
    return sorted(
        p.parent.relative_to(public).as_posix()
        for p in public.rglob("index.html")
        if p.parent != public and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    )


def test_string_booleans_in_front_matter_build_as_hugo_builds_them(tmp_path: Path):
    root = site(
        tmp_path,
        "",
        {
            "s/draft.md": 'draft: "true"\n',
            "s/published.md": 'draft: "false"\n',
            "s/numbered.md": "draft: 0\n",
            "s/render-text.md": 'build:\n  render: "false"\n',
            "s/render-bool.md": "build:\n  render: false\n",
            "s/resources.md": 'build:\n  publishResources: "false"\n  render: "true"\n',
            "hb/index.md": 'headless: "true"\n',
            "c/_index.md": 'cascade:\n  build:\n    list: "false"\n',
            "c/child.md": "",
        },
    )
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    # Hugo 0.168 wrote exactly these pages for the same content (and sitegen its search page)
    assert [p for p in pages(root / "public") if p != "search"] == [
        "c",
        "c/child",
        "categories",
        "s",
        "s/numbered",
        "s/published",
        "s/render-text",
        "s/resources",
        "tags",
    ]
    assert result.stderr.splitlines() == [
        "content/c/_index.md:5:3: warning: build list 'false' is text, not true or false:"
        " Hugo reads it as 'always'",
        "  hint: write list: never (or false, unquoted)",
        "content/s/render-text.md:5:3: warning: build render 'false' is text, not true or false:"
        " Hugo reads it as 'always'",
        "  hint: write render: never (or false, unquoted)",
    ]


def test_a_word_hugo_reads_as_false_is_still_an_error(tmp_path: Path):
    # Hugo's cast.ToBool makes "maybe" false without a word; sitegen asks, as before
    root = site(tmp_path, "", {"s/a.md": "draft: maybe\n"})
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["content/s/a.md:4:8: draft must be true or false, not 'maybe'"]


def test_a_hugo_config_is_decoded_weakly(tmp_path: Path):
    config = load_config(
        site(
            tmp_path,
            'buildDrafts = "true"\nsummaryLength = "5"\nhasCJKLanguage = "1"\n'
            "title = 2026\ncopyright = true\n"
            '[markup.goldmark.renderer]\nunsafe = "false"\n[services.rss]\nlimit = "3"\n',
            {},
        )
    )
    assert (config.build_drafts, config.summary_length, config.has_cjk_language) == (True, 5, True)
    assert (config.title, config.unsafe, config.rss_limit) == ("2026", False, 3)
    assert config.copyright == "1"  # Hugo's decoder: true is "1"


def test_languages_are_decoded_strictly_as_in_hugo(tmp_path: Path):
    root = site(tmp_path, '[languages.en]\nweight = 1\n[languages.fr]\nweight = "2"\n', {})
    with pytest.raises(SitegenError) as err:
        load_config(root)
    assert err.value.problem.message == "languages.fr.weight must be an integer, not '2'"


def test_sitegen_toml_stays_strict(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('buildDrafts = "true"\n', encoding="utf-8")
    with pytest.raises(SitegenError) as err:
        load_config(tmp_path)
    assert err.value.problem.message == "buildDrafts must be true or false, not 'true'"


def test_one_name_where_hugo_takes_a_list(tmp_path: Path):
    # Hugo 0.168 builds both: no /de/, and a home page without a feed
    config = load_config(
        site(
            tmp_path,
            'disableLanguages = "de"\n[outputs]\nhome = "html"\n'
            "[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
            {},
        )
    )
    assert [lang.code for lang in config.languages] == ["en"]
    assert "home" not in config.feed_kinds
