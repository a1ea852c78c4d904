"""The content forms Hugo users have, as built pages show them.

The site is `tests/sites/hugo-site/` (see test_hugo_parity.py for its URLs);
smaller cases build throwaway sites next to the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import run_cli
from sitegen.config import load_config
from sitegen.front_matter import parse_front_matter

SITE = Path(__file__).parent / "sites" / "hugo-site"


def sitegen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hugo") / "site"
    shutil.copytree(SITE, site)
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    return site / "public"


def page(public: Path, url: str) -> str:
    return (public / url.strip("/") / "index.html").read_text(encoding="utf-8")


def link(url: str) -> str:
    return f'href="{quote(url)}"'


def test_cascade_build_list_local_keeps_a_note_off_the_home_page_but_in_its_lists(public: Path):
    note = "/notes/draft-notes/"
    assert (public / "notes" / "draft-notes" / "index.html").is_file()
    assert link(note) not in page(public, "/")  # home lists site-wide pages only
    assert note not in (public / "index.xml").read_text(encoding="utf-8")
    assert link(note) in page(public, "/notes/")  # its own section
    assert link(note) in page(public, "/tags/推理/")  # and its terms, as in Hugo


def test_render_never_and_headless_bundles_publish_nothing(public: Path):
    assert not (public / "notes" / "private").exists()
    assert not (public / "snippets").exists()  # nor the bundle's resources


def test_link_title_names_a_post_in_the_series_box(public: Path):
    html = page(public, "/posts/2026/kv-cache/")
    lora = "/posts/2026/用-lora-做低成本微调/"
    assert f"<a {link(lora)}>LoRA</a>" in html
    assert re.search(r"<h1[^>]*>用 LoRA 做低成本微调</h1>", page(public, lora))


def test_series_as_a_plain_string_or_a_list_is_one_series_titled_by_its_term_index(public: Path):
    html = page(public, "/series/llm-工程笔记/")
    assert "<h1>LLM 工程笔记</h1>" in html
    assert "从分词到上线，一步步把大模型跑起来。" in html  # the term's _index description
    for post in ("/posts/2026/kv-cache/", "/posts/2026/检索增强生成的三个陷阱/"):
        assert link(post) in html


def test_a_term_index_with_a_cjk_name_gives_title_and_description(public: Path):
    html = page(public, "/tags/大模型/")
    assert "<h1>大模型</h1>" in html and "关于大语言模型的文章。" in html


def test_a_bare_date_or_a_time_without_a_zone_shows_its_own_day(public: Path):
    assert "2026年3月27日" in page(public, "/posts/2026/检索增强生成的三个陷阱/")  # 2026-03-27 09:00:00
    assert "2026年3月20日" in page(public, "/posts/2026/kv-cache/")  # a bare YAML date


def test_translation_key_joins_posts_at_different_paths(public: Path):
    zh = page(public, "/posts/2026/连续批处理/")
    assert f'<a {link("/en/posts/2026/continuous-batching/")} hreflang="en-US"' in zh


def test_a_post_drafted_in_one_language_is_published_only_in_the_other(public: Path):
    zh = page(public, "/posts/2026/用-lora-做低成本微调/")
    assert 'hreflang="en-US"' not in zh.split("</head>")[0]  # no English alternate
    assert not list((public / "en" / "posts").glob("*/*lora*"))


def test_url_front_matter_gets_no_language_prefix_but_aliases_do(public: Path):
    assert '<html lang="en-US">' in page(public, "/custom/landing-en/")
    assert "/en/en/old/rag/" in {
        "/" + p.parent.relative_to(public).as_posix() + "/" for p in public.rglob("index.html")
    }


def test_bundle_resources_are_published_beside_the_page(public: Path):
    assert (public / "posts" / "2026" / "kv-cache" / "cache-layout.svg").is_file()


# Smaller cases: front matter read on its own.

CONFIG = load_config(SITE)


def front(text: str, name: str = "post.md"):
    return parse_front_matter(Path("content") / name, textwrap.dedent(text).lstrip(), CONFIG)[0]


def test_a_params_table_is_read_as_params():
    fm = front("---\ntitle: T\nparams:\n  difficulty: 入门\nmood: calm\n---\n")
    assert fm.params["difficulty"] == "入门" and fm.params["mood"] == "calm"
    assert "params" not in fm.params


def test_build_options_their_older_spelling_and_headless_set_render_list_and_resources():
    fm = front("---\nbuild:\n  render: link\n  list: local\n  publishResources: false\n---\n")
    assert (fm.render, fm.list_mode, fm.publish_resources) == ("link", "local", False)
    old = front("---\n_build:\n  render: false\n  list: true\n---\n")  # Hugo's older spelling
    assert (old.render, old.list_mode) == ("never", "always")
    headless = front("---\nheadless: true\n---\n", "index.md")
    assert (headless.render, headless.list_mode, headless.publish_resources) == ("never", "never", False)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "---\ntitle: T\nbuild:\n  render: sometimes\n---\n",
            "content/post.md:4:3: build render must be one of always, never, link, not 'sometimes'",
        ),
        (
            "---\ntitle: T\nbuild:\n  publish: false\n---\n",
            "content/post.md:4:3: unknown build option 'publish'",
        ),
        (
            "---\ntitle: T\ncascade:\n  draft: maybe\n---\n",
            "content/post.md:4:3: draft must be true or false, not 'maybe'",
        ),
        (
            "---\ntitle: T\ncascade:\n  _target:\n    kind: post\n  draft: true\n---\n",
            "content/post.md:4:3: cascade target kind 'post' is not one of"
            " home, page, section, taxonomy, term",
        ),
    ],
)
def test_bad_build_and_cascade_values_are_located_errors(text: str, message: str):
    from sitegen.errors import SitegenError

    with pytest.raises(SitegenError) as caught:
        front(text)
    assert str(caught.value).split("\n")[0] == message


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def test_cascade_nearest_section_wins_and_own_values_win(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
            "content/docs/_index.md": "---\ntitle: Docs\ncascade:\n  draft: true\n  tags: [docs]\n---\n",
            "content/docs/guide/_index.md": "---\ntitle: Guide\ncascade:\n  draft: false\n---\n",
            "content/docs/hidden.md": "---\ntitle: Hidden\n---\nA draft by cascade.\n",
            "content/docs/guide/start.md": "---\ntitle: Start\n---\nThe nearer cascade wins.\n",
            "content/docs/shown.md": "---\ntitle: Shown\ndraft: false\n---\nIts own false wins.\n",
            "content/docs/only-posts.md": "---\ntitle: Only\n---\n",
            "content/blog/_index.md": (
                "---\ntitle: Blog\ncascade:\n  - _target: {path: /blog/news/**}\n    draft: true\n---\n"
            ),
            "content/blog/news/today.md": "---\ntitle: Today\n---\n",
            "content/blog/plain.md": "---\ntitle: Plain\n---\n",
        },
    )
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "public"
    assert not (out / "docs" / "hidden").exists()
    assert (out / "docs" / "guide" / "start" / "index.html").is_file()
    assert (out / "docs" / "shown" / "index.html").is_file()
    assert (out / "tags" / "docs" / "index.html").is_file()  # cascaded tags
    assert not (out / "blog" / "news" / "today").exists()  # matched by the target glob
    assert (out / "blog" / "plain" / "index.html").is_file()


def test_a_ref_to_a_page_that_is_never_rendered_says_so(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
            "content/blog/a.md": '---\ntitle: A\n---\nSee [b]({{< ref "b" >}}).\n',
            "content/blog/b.md": "---\ntitle: B\nbuild:\n  render: never\n---\n",
        },
    )
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'content/blog/a.md:4:9: ref "b" points at a page that will not be published'
        " (set to build.render: never)"
    )


def test_render_link_lists_and_links_a_page_without_writing_it(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
            "content/blog/a.md": '---\ntitle: A\ndate: 2026-01-02\n---\nSee [b]({{< relref "b" >}}).\n',
            "content/blog/b.md": "---\ntitle: B\ndate: 2026-01-01\nbuild:\n  render: link\n---\n",
        },
    )
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "public"
    assert not (out / "blog" / "b").exists()
    assert 'href="/blog/b/"' in (out / "blog" / "a" / "index.html").read_text()
    assert 'href="/blog/b/"' in (out / "blog" / "index.html").read_text()  # still listed
    assert "/blog/b/" not in (out / "sitemap.xml").read_text()


def test_a_hugo_theme_is_named_once_and_the_default_theme_builds(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntheme = ["PaperMod", "extras"]\n',
            "themes/PaperMod/layouts/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
            "layouts/shortcodes/notice.html": "<div>{{ .Inner }}</div>\n",
            "content/blog/a.md": "---\ntitle: A\n---\nText.\n",
        },
    )
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[:2] == [
        "hugo.toml:2:1: warning: Hugo themes 'PaperMod', 'extras' are not used: Go templates"
        " can't run in sitegen, which builds the site with its own default theme",
        "  hint: your content, config and static/ files are used as they are, and the theme's"
        " config goes under yours as Hugo merges it",
    ]
    assert '<article class="post">' in (site / "public" / "blog" / "a" / "index.html").read_text()


def test_a_hugo_config_without_taxonomies_gets_hugos_tags_and_categories(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n',
            "content/blog/a.md": "---\ntitle: A\ntags: [llm]\ncategories: [notes]\nseries: S\n---\n",
        },
    )
    assert load_config(site).taxonomies == {"tag": "tags", "category": "categories"}
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "public"
    assert (out / "categories" / "notes" / "index.html").is_file()
    assert (out / "tags" / "llm" / "index.html").is_file()
    assert not (out / "series").exists()  # as in Hugo: series is only a param here


# Front matter where Hugo 0.168 finds it (each file below was built with the real hugo:
# the title is the front matter's in every case, and the body is only the text after it).
FRONT_MATTER_FORMS = {
    "blank-lines": b"\n\n---\ntitle: FM blank lines\n---\nBody text.\n",
    "bom-crlf": b"\xef\xbb\xbf---\r\ntitle: FM bom crlf\r\ntags: [crlf]\r\n---\r\nBody text.\r\n",
    "bom-then-blank": b"\xef\xbb\xbf\n---\ntitle: FM bom blank\n---\nBody text.\n",
    "spaces-toml": b'   \n\t\n+++\ntitle = "FM spaces toml"\n+++\nBody text.\n',
    "crlf-blank": b"\r\n---\r\ntitle: FM crlf blank\r\n---\r\nBody text.\r\n",
    "cr-only": b"\r---\rtitle: FM cr only\r---\rBody text.\r",
    "indented-delimiter": b" ---\ntitle: FM indented\n---\nBody text.\n",
    "trailing-spaces": b"---  \ntitle: FM trailing\n---   \nBody text.\n",
    "json-one-line": b'\n{"title": "FM json"}\nBody text.\n',
}


def test_front_matter_after_blank_lines_a_bom_or_in_crlf_is_read_as_hugo_reads_it(tmp_path: Path):
    files = {"hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'}
    site = write(tmp_path, files)
    for name, raw in FRONT_MATTER_FORMS.items():
        (site / "content" / "fm").mkdir(parents=True, exist_ok=True)
        (site / "content" / "fm" / f"{name}.md").write_bytes(raw)
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    for name in FRONT_MATTER_FORMS:
        html = (site / "public" / "fm" / name / "index.html").read_text(encoding="utf-8")
        assert re.search(r"<h1[^>]*>FM ", html), name
        body = html.split('<div class="content" data-pagefind-body>', 1)[1].split("</div>", 1)[0]
        assert body.strip() == "<p>Body text.</p>", name
    assert (site / "public" / "tags" / "crlf" / "index.html").is_file()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"- item one\n- item two\n",
            "content/a.md:1:1: invalid YAML front matter delimiter: a file whose first character"
            " is '-' must start with '---'",
        ),
        (
            b"\n\n+ plus\n",
            "content/a.md:3:1: invalid TOML front matter delimiter: a file whose first character"
            " is '+' must start with '+++'",
        ),
        (
            b'{{< ref "/" >}} first\n',
            "content/a.md:1:1: invalid JSON front matter: Hugo reads a file whose first character"
            " is '{' as JSON, so a shortcode cannot come first",
        ),
        (b"\n\n---\ntitle: [open\n---\n", "content/a.md:5:1: invalid YAML front matter:"),
        (b"\n---\ntitle: x\n", "content/a.md:2:1: front matter opened with '---' on line 2 is never closed"),
    ],
)
def test_a_file_hugo_refuses_to_read_is_a_located_error(tmp_path: Path, raw: bytes, expected: str):
    site = write(tmp_path, {"hugo.toml": 'baseURL = "https://example.org/"\n'})
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "a.md").write_bytes(raw)
    result = sitegen(site, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr


def test_language_suffixes_in_any_case_name_one_page_and_hugos_choice_is_built(tmp_path: Path):
    # Checked with hugo 0.168: it builds index.ZH-cn.md (first in name order) and
    # post.ZH-CN.md (a suffix wins over none), silently; sitegen warns at the others.
    config = 'baseURL = "https://example.org/"\ndefaultContentLanguage = "zh-CN"\n'
    config += "[languages.zh-CN]\nweight = 1\n[languages.en]\nweight = 2\n"
    site = write(
        tmp_path,
        {
            "hugo.toml": config,
            "content/b/index.ZH-cn.md": "---\ntitle: B\n---\nfirst in name order\n",
            "content/b/index.zh-CN.md": "---\ntitle: B\n---\nsecond\n",
            "content/d/post.md": "---\ntitle: D\n---\nno suffix\n",
            "content/d/post.ZH-CN.md": "---\ntitle: D\n---\nsuffixed\n",
            "content/d/post.EN.md": "---\ntitle: D en\n---\nenglish\n",
        },
    )
    result = sitegen(site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "public"
    assert "first in name order" in (out / "b" / "index.html").read_text()
    assert "suffixed" in (out / "d" / "post" / "index.html").read_text()
    assert "english" in (out / "en" / "d" / "post" / "index.html").read_text()
    assert (
        "content/b/index.zh-CN.md: warning: index.ZH-cn.md and this file are the same page (zh-cn: b);"
        " as in Hugo, index.ZH-cn.md is built and this file is ignored"
    ) in result.stderr
    assert "content/d/post.md: warning: post.ZH-CN.md and this file are the same page" in result.stderr


BILINGUAL = (
    'baseURL = "https://example.org/"\ndefaultContentLanguage = "zh-CN"\n'
    "[languages.zh-CN]\nweight = 1\n[languages.en]\nweight = 2\n"
)


def test_a_titled_image_becomes_a_figure_only_when_the_site_asks_for_captions(tmp_path: Path):
    body = '---\ntitle: A\n---\n![A diagram](d.svg "How it works")\n\nInline ![x](d.svg "t") too.\n'
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    for captions in (False, True):
        params = "\n[params]\nimageCaptions = true\n" if captions else ""
        site = write(
            tmp_path / str(captions),
            {"hugo.toml": BILINGUAL + params, "content/b/index.md": body, "content/b/d.svg": svg},
        )
        result = sitegen(site, "build")
        assert result.returncode == 0, result.stderr
        html = (site / "public" / "b" / "index.html").read_text()
        # never a figure; lazy as the page's second image (sitegen/images/), and an SVG
        # with no size of its own gets none
        inline = '<p>Inline <img src="/b/d.svg" alt="x" title="t" loading="lazy" decoding="async"> too.</p>'
        if captions:
            assert (
                '<figure><img src="/b/d.svg" alt="A diagram"><figcaption>How it works</figcaption></figure>'
                in html
            )
        else:  # Hugo's own output: the title stays an attribute
            assert '<p><img src="/b/d.svg" alt="A diagram" title="How it works"></p>' in html
        assert inline in html


def test_check_reports_a_plain_link_the_hook_cannot_resolve_where_it_is_written(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": BILINGUAL,
            "content/guides/x.md": "---\ntitle: X\n---\n",
            "content/blog/a.md": "---\ntitle: A\n---\nOK [x](../guides/x.md) and [y](guides/x.md).\n"
            "Broken [z](guides/nope.md).\n",
        },
    )
    result = sitegen(site, "check")
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "points at nothing" in line]
    assert lines == [
        "content/blog/a.md:5:12: error: link to guides/nope.md points at nothing this site builds"
    ]
    html = (site / "public").exists()
    assert not html  # check writes nothing


def test_a_warm_build_follows_a_link_to_a_translation_added_since(tmp_path: Path):
    site = write(
        tmp_path,
        {
            "hugo.toml": BILINGUAL,
            "content/guides/x.md": "---\ntitle: X\n---\n",
            "content/blog/a.md": "---\ntitle: A\n---\n[x](/guides/x/)\n",
            "content/blog/a.en.md": "---\ntitle: A\n---\n[x](/guides/x/)\n",
        },
    )
    english = site / "public" / "en" / "blog" / "a" / "index.html"
    assert sitegen(site, "build").returncode == 0
    assert 'href="/guides/x/"' in english.read_text()  # no English page yet: as written
    (site / "content" / "guides" / "x.en.md").write_text("---\ntitle: X en\n---\n")
    assert sitegen(site, "build").returncode == 0
    warm = english.read_text()
    assert 'href="/en/guides/x/"' in warm
    assert sitegen(site, "build", "--no-cache").returncode == 0
    assert english.read_text() == warm
