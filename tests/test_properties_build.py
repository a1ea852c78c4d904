"""Property-based tests over whole builds: whatever the front matter, the config
(sitegen.toml or Hugo's hugo.yaml) or the shortcode arguments, `sitegen build`
either succeeds or raises `SitegenError`s that each name a file, on one line,
in plain words. Any other exception is 'internal error' in the user's terminal.

test_properties.py checks the parsers alone; these run every stage after them
(URLs, output paths, templates, feeds, the sitemap), where a value that parses
can still break: a NUL in a slug, a date past year 9999 in UTC, a 5000-digit
number in params. Each example builds a small site in a fresh folder, into
an output folder inside it (the config's publishDir is checked, never used).
As in test_properties.py, runs are derandomized and bounded.
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import build_site
from sitegen.errors import BuildFailed, SitegenError

PROFILE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
POST = "---\ntitle: Post\ntags: [a]\ndate: 2026-01-02\n---\nText with [a link](../other/).\n"


@contextmanager
def scratch_site(files: dict[str, str | bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for name, text in {"content/posts/other.md": POST, **files}.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        yield site


def build_or_located_errors(site: Path) -> None:
    """Build; a SitegenError must be located and readable, anything else fails the test.
    Warnings are fine (there are many): they go to the log."""
    try:
        build_site(site, site / "out", cache=False)  # the clock fixed, the output inside
    except SitegenError as exc:
        for problem in exc.problems if isinstance(exc, BuildFailed) else [exc.problem]:
            assert problem.path is not None, problem.format()
            assert problem.message and problem.message.isprintable(), repr(problem.message)
            assert not re.search(r"datetime\.|timedelta\(|Traceback", problem.message), problem.message
            assert problem.hint is None or problem.hint.isprintable(), repr(problem.hint)
            if problem.col is not None:
                assert problem.line is not None


# Values that reach every stage, in YAML spelling: paths that leave the site or hold
# what no file name can, dates at the ends of time, numbers no str() can print,
# characters XML cannot hold, shapes where a scalar belongs.
HOSTILE_YAML = [
    '"a\\0b"',
    '"\\0"',
    '"\\x01\\x1f"',
    '"\\uffff"',
    '"\\ud800"',
    "''",
    "' '",
    "/",
    "//",
    "//evil.example/x",
    "/a/../../b",
    "'..'",
    "'.'",
    "'\\\\..\\\\x'",
    "c:/x",
    "javascript:alert(1)",
    "'%2e%2e/x'",
    "'#x'",
    "'?q=1'",
    "/a%00b/",
    "/a b/",
    "/注意力/",
    "'" + "x" * 300 + "'",
    "'" + "注" * 100 + "'",
    "/x.xml",
    "/index.html",
    "/404.html",
    "/sitemap.xml",
    "0",
    "-1",
    "9" * 5000,
    "0x" + "f" * 4000,
    "1e999",
    ".nan",
    "true",
    "null",
    "[]",
    "[a, '', ' ', '..', '/']",
    '["\\0"]',
    "[[a]]",
    "{a: 1}",
    "{}",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31",
    "2026-02-30",
    "'2026-03-27T09:00:00+25:00'",
    "2026-03-27T09:00:00Z",
    "&x [1, *x]",
    "[" * 300 + "]" * 300,
]
FIELDS = [
    "title",
    "slug",
    "url",
    "aliases",
    "date",
    "lastmod",
    "publishDate",
    "expiryDate",
    "draft",
    "weight",
    "series_order",
    "tags",
    "series",
    "authors",
    "description",
    "summary",
    "linkTitle",
    "translationKey",
    "isCJKLanguage",
    "build",
    "headless",
    "cascade",
    "params",
    "resources",
    "keywords",
    "images",
    "type",
    "layout",
    "menu",
    "menus",
]
field_value = st.tuples(st.sampled_from(FIELDS), st.sampled_from(HOSTILE_YAML) | st.text(max_size=6))


def yaml_front_matter(pairs: list[tuple[str, str]]) -> str:
    lines = [f"{key}: {value}" for key, value in pairs]
    return "---\n" + "\n".join(lines) + '\n---\nBody {{< ref "other.md" >}}.\n'


@PROFILE
@given(
    pairs=st.lists(field_value, min_size=1, max_size=4), where=st.sampled_from(["post", "bundle", "section"])
)
@example(pairs=[("slug", '"a\\0b"')], where="post")
@example(pairs=[("title", '"\\x01"')], where="post")
@example(pairs=[("date", "0001-01-01T00:00:00+14:00")], where="post")
@example(pairs=[("cascade", "{slug: '\\0'}")], where="section")
# What the hunt found (max_examples=1500 and 2500, not derandomized): an OSError for a
# file name too long, a collision reported without a file, and IsADirectoryError.
@example(pairs=[("slug", "'" + "x" * 300 + "'")], where="post")
@example(pairs=[("slug", "/")], where="post")
@example(pairs=[("slug", "/index.html")], where="post")
@example(pairs=[("menu", "{main: {parent: '\\0', weight: [1]}}")], where="section")
@example(pairs=[("menus", "[[a], {b: 1}]")], where="post")
def test_any_front_matter_builds_or_fails_located(pairs: list[tuple[str, str]], where: str):
    name = {
        "post": "content/posts/a.md",
        "bundle": "content/posts/b/index.md",
        "section": "content/posts/_index.md",
    }
    files = {name[where]: yaml_front_matter(pairs), "content/posts/b/pic.png": b"\x89PNG"}
    with scratch_site(files) as site:
        build_or_located_errors(site)


# Config: every key sitegen reads, at the top and in its tables, with hostile values,
# written as sitegen.toml and (the same data) as a Hugo hugo.yaml.
CONFIG_KEYS = [
    ("", "baseURL"),
    ("", "title"),
    ("", "theme"),
    ("", "defaultContentLanguage"),
    ("", "defaultContentLanguageInSubdir"),
    ("", "summaryLength"),
    ("", "hasCJKLanguage"),
    ("", "timeZone"),
    ("", "copyright"),
    ("", "contentDir"),
    ("", "publishDir"),
    ("", "buildDrafts"),
    ("", "buildFuture"),
    ("", "refLinksErrorLevel"),
    ("", "refLinksNotFoundURL"),
    ("", "rssLimit"),
    ("", "languageCode"),
    ("", "disableLanguages"),
    ("", "uglyURLs"),
    ("languages.en", "label"),
    ("languages.en", "locale"),
    ("languages.en", "weight"),
    ("languages.en", "title"),
    ("languages.en", "contentDir"),
    ("languages.en", "params"),
    ("languages.en", "disabled"),
    ("languages.zh", "weight"),
    ("languages.zh", "languageName"),
    ("languages.zh-CN", "weight"),
    ("languages.EN", "title"),
    ("languages", "zh"),
    ("markup", "unsafe"),
    ("markup", "goldmark"),
    ("markup.goldmark", "renderer"),
    ("markup.goldmark.renderer", "unsafe"),
    ("markup.tableOfContents", "startLevel"),
    ("markup.tableOfContents", "endLevel"),
    ("taxonomies", "tag"),
    ("taxonomies", "category"),
    ("taxonomies", "post"),
    ("permalinks", "posts"),
    ("permalinks.page", "posts"),
    ("params", "mainSections"),
    ("params", "author"),
    ("params.author", "email"),
    ("services.rss", "limit"),
    ("services.rss", "fullContent"),
    ("services", "rss"),
    ("outputs", "home"),
    ("outputs", "page"),
    ("outputs", "section"),
    ("", "sectionPagesMenu"),
    ("", "menus"),
    ("", "menu"),
    ("menus", "main"),
    ("languages.en.menus", "main"),
    ("", "markup"),
    ("", "params"),
    ("", "taxonomies"),
    ("", "languages"),
    ("", "disablePathToLower"),
    ("languages.en", "disablePathToLower"),
    ("markup.highlight", "lineNos"),
    ("markup.highlight", "lineNumbersInTable"),
    ("markup.highlight", "lineNoStart"),
    ("markup.highlight", "hl_Lines"),
    ("markup.highlight", "anchorLineNos"),
    ("markup.highlight", "noClasses"),
    ("markup.highlight", "style"),
    ("markup", "highlight"),
]
HOSTILE_TOML = [
    '""',
    '" "',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\u0001"',
    '"\\uffff"',
    '"zh"',
    '"ZH"',
    '"zh-CN"',
    '"en"',
    '"x y"',
    '"posts"',
    '"tags"',
    '"a/b"',
    '".."',
    '"../x"',
    '"out"',
    '"content"',
    '"/:section/../:slug/"',
    '"/:year/:nope/"',
    '"Asia/Shanghai"',
    '"../../etc/passwd"',
    '"warning"',
    '"https://example.org/blog"',
    '"javascript:alert(1)"',
    '"注意力"',
    "0",
    "-1",
    "1",
    "7",
    "9223372036854775807",
    "9" * 30,
    "0x" + "f" * 4000,
    "1.5",
    "inf",
    "nan",
    "true",
    "false",
    "[]",
    '["html"]',
    '["rss", "json"]',
    '["posts", 1]',
    "[1]",
    "{}",
    "{ a = 1 }",
    '{ limit = 1, fullContent = "x" }',
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "[" * 120 + "]" * 120,
    '"true"',
    '"1"',
    '"table"',
    '"inline"',
    '"dracula"',
    '"2-3"',
]
setting = st.tuples(st.sampled_from(CONFIG_KEYS), st.sampled_from(HOSTILE_TOML))


def toml_config(settings_: list[tuple[tuple[str, str], str]]) -> str:
    """Top-level keys first, then one [table] per table, each key once (else TOML refuses)."""
    tables: dict[str, dict[str, str]] = {}
    for (table, key), value in settings_:
        tables.setdefault(table, {}).setdefault(key, value)
    lines = [f"{k} = {v}" for k, v in tables.pop("", {}).items()]
    for table, entries in tables.items():
        lines += [f"[{table}]", *(f'"{k}" = {v}' for k, v in entries.items())]
    return "\n".join(lines) + "\n"


def hugo_yaml(toml: str) -> str | None:
    try:
        data = tomllib.loads(toml)
        return yaml.safe_dump(data, allow_unicode=True)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError, RecursionError):
        return None  # a value YAML cannot dump (a time of day), or TOML itself refuses


@PROFILE
@given(settings_=st.lists(setting, min_size=1, max_size=5), as_hugo=st.booleans())
@example(settings_=[(("markup", "goldmark"), '"x"')], as_hugo=False)
@example(settings_=[(("params", "mainSections"), "1")], as_hugo=True)
@example(settings_=[(("", "defaultContentLanguage"), '"ZH"')], as_hugo=False)
@example(settings_=[(("permalinks.page", "posts"), "1")], as_hugo=False)
@example(settings_=[(("", "title"), '"\\u0001"')], as_hugo=False)  # found: a feed with no title
def test_any_config_builds_or_fails_located(settings_: list[tuple[tuple[str, str], str]], as_hugo: bool):
    toml = toml_config(settings_)
    files: dict[str, str | bytes] = {"content/posts/a.md": POST, "sitegen.toml": toml}
    if as_hugo:
        dumped = hugo_yaml(toml)
        if dumped is not None:
            files = {"content/posts/a.md": POST, "hugo.yaml": dumped}
    with scratch_site(files) as site:
        build_or_located_errors(site)


# The shapes Hugo itself accepts in a config: keys in any case, `_merge` in any table,
# text booleans and numbers, a list where a string goes, empty tables, and a theme
# (one name or a list) whose own config is merged under the site's.
HUGO_KEYS = [
    *CONFIG_KEYS,
    ("", "_merge"),
    ("params", "_merge"),
    ("params.nested", "_merge"),
    ("taxonomies", "_merge"),
    ("languages", "_merge"),
    ("languages.en", "_merge"),
    ("languages.en.params", "_merge"),
    ("menus", "_merge"),
    ("markup", "_merge"),
    ("outputs", "_merge"),
    ("", "BaseURL"),
    ("", "DefaultContentLanguage"),
    ("", "Title"),
    ("Params", "MainSections"),
    ("Languages.zh-CN", "Weight"),
    ("Languages.ZH-cn", "LanguageCode"),
    ("languages.fr", "weight"),
    ("Taxonomies", "Author"),
    ("menus", "main"),
    ("", "menus"),
    ("", "outputs"),
    ("", "theme"),
]
HUGO_VALUES = [  # what Hugo takes, mostly: the hostile values have their own test above
    '""',
    '"zh"',
    '"en"',
    '"posts"',
    '"Asia/Shanghai"',
    '"https://example.org/blog"',
    '"注意力"',
    "0",
    "1",
    "true",
    "false",
    '"true"',
    '"1"',
    '"table"',
    '"inline"',
    '"dracula"',
    '"2-3"',
    "[]",
    '["posts"]',
    '["html", "rss"]',
    "{}",
    "{ a = 1 }",
    '"none"',
    '"shallow"',
    '"deep"',
    '"None"',
    '"zh-cn"',
    '"ZH-CN"',
    '"t"',
    '["t", "u"]',
    '["u", "t"]',
    '"../t"',
    '"t,u"',
    "[1]",
    '[{ name = "A", url = "/a/" }]',
    '{ _merge = "deep" }',
    '{ en = { weight = 1 }, "zh-CN" = { weight = 2 } }',
]
hugo_setting = st.tuples(st.sampled_from(HUGO_KEYS), st.sampled_from(HUGO_VALUES))
# Settings as Hugo sites write them, so most examples build and reach every stage.
ACCEPTED = [
    (("", "_merge"), '"deep"'),
    (("", "_merge"), '"none"'),
    (("", "_merge"), '"None"'),
    (("params", "_merge"), '"none"'),
    (("params", "_merge"), '"shallow"'),
    (("taxonomies", "_merge"), '"deep"'),
    (("languages", "_merge"), '"deep"'),
    (("languages", "_merge"), '"shallow"'),
    (("menus", "_merge"), '"none"'),
    (("markup", "_merge"), '"deep"'),
    (("outputs", "_merge"), '"deep"'),
    (("", "defaultContentLanguage"), '"zh-CN"'),
    (("", "DefaultContentLanguage"), '"EN"'),
    (("languages.zh-CN", "weight"), "1"),
    (("languages.zh-cn", "languageCode"), '"zh-CN"'),
    (("languages.EN", "weight"), "2"),
    (("languages.en", "disablePathToLower"), '"true"'),
    (("", "disablePathToLower"), "true"),
    (("", "buildDrafts"), '"true"'),
    (("", "summaryLength"), '"5"'),
    (("", "hasCJKLanguage"), '"1"'),
    (("", "Title"), '"T"'),
    (("", "BaseURL"), '"https://example.org/"'),
    (("Params", "MainSections"), '"posts"'),
    (("params", "mainSections"), '["posts"]'),
    (("taxonomies", "tag"), '"tags"'),
    (("Taxonomies", "Author"), '"authors"'),
    (("markup.highlight", "lineNos"), "true"),
    (("markup.highlight", "lineNos"), '"inline"'),
    (("markup.highlight", "style"), '"dracula"'),
    (("markup.highlight", "noClasses"), '"false"'),
    (("markup.highlight", "hl_Lines"), '"1 2-3"'),
    (("markup.highlight", "anchorLineNos"), "true"),
    (("markup.goldmark.renderer", "unsafe"), '"false"'),
    (("menus", "main"), '[{ name = "A", url = "/a/" }]'),
    (("outputs", "home"), '["html"]'),
    (("services.rss", "limit"), '"3"'),
    (("permalinks", "posts"), '"/:year/:slug/"'),
    (("", "markup"), "{}"),
    (("", "params"), "{}"),
    (("", "menus"), "{}"),
]
shape = st.one_of(st.sampled_from(ACCEPTED), st.sampled_from(ACCEPTED), hugo_setting)


@PROFILE
@given(
    site_=st.lists(shape, min_size=1, max_size=6),
    theme=st.lists(shape, max_size=6),
    names=st.sampled_from(['"t"', '["t", "u"]', '["u"]', '"../t"', '""', "[]", "[1]", '"T"']),
)
@example(site_=[(("params", "_merge"), '"None"')], theme=[(("params", "a"), "1")], names='"t"')
@example(
    site_=[(("languages", "_merge"), '"deep"')], theme=[(("languages.en", "weight"), '"x"')], names='"t"'
)
@example(site_=[(("", "_merge"), '"deep"')], theme=[(("", "languages"), '{ _merge = "deep" }')], names='"t"')
@example(site_=[(("", "defaultContentLanguage"), '"ZH-CN"')], theme=[(("", "languages"), "{}")], names='"t"')
def test_any_hugo_config_shape_with_a_theme_builds_or_fails_located(
    site_: list[tuple[tuple[str, str], str]], theme: list[tuple[tuple[str, str], str]], names: str
):
    own = [s for s in site_ if s[0] != ("", "theme")] + [(("", "theme"), names)]
    files: dict[str, str | bytes] = {
        "content/posts/a.md": POST,
        "hugo.toml": toml_config(own),
        "themes/t/hugo.toml": toml_config(theme) if theme else "",
        "themes/u/config/_default/params.toml": "fromU = true\n",
    }
    with scratch_site(files) as site:
        build_or_located_errors(site)


# Shortcode calls with hostile arguments, for every shortcode sitegen has.
SHORTCODES = ["ref", "relref", "highlight", "katex", "param", "figure", "details", "lead", "mermaid", "nope"]
PAIRED = {"highlight", "katex", "details", "lead", "mermaid"}
ARGUMENTS = [
    '"other.md"',
    '"/posts/other.md"',
    '"other.md#x"',
    '"../../../etc/passwd"',
    '"a\\"b"',
    '""',
    '"' + "x" * 300 + '"',
    '"注意力"',
    "go",
    "python",
    '"linenos=table, hl_lines=1-999999999999"',
    '"hl_lines=1-3 99999999999999999999"',
    f'"linenostart={"9" * 5000}"',
    '"linenos=maybe"',
    '"linenos=inline, lineanchors=a\\"b"',
    'src="/x.png"',
    'src=""',
    'src="javascript:alert(1)"',
    'caption="**bold** <script>"',
    'alt="x" width="-1" height="1e999"',
    'link="//evil.example"',
    'lang="zh"',
    'lang="xx"',
    'outputFormat="rss"',
    'path="other.md"',
    'display="false"',
    "inline",
    'summary="S"',
    '"title"',
    '"params.x.y.z"',
    '"a..b"',
    "=",
    '"',
    "`raw`",
]
INNER = ["", "x", "\\frac{1}{0}", "\\begin{x}", "$$", "graph TD; A-->B", "print(1)\n" * 3, "{{< ref x >}}"]


@st.composite
def shortcode_calls(draw) -> str:
    name = draw(st.sampled_from(SHORTCODES))
    args = " ".join(draw(st.lists(st.sampled_from(ARGUMENTS), max_size=3)))
    spelling, closer = draw(st.sampled_from([("{{<", ">}}"), ("{{%", "%}}")]))
    call = f"{spelling} {name} {args} {closer}"
    if name in PAIRED:
        call += draw(st.sampled_from(INNER)) + f"{spelling} /{name} {closer}"
    return call


@PROFILE
@given(calls=st.lists(shortcode_calls(), min_size=1, max_size=3))
@example(calls=['{{< highlight go "hl_lines=1-999999999999" >}}x{{< /highlight >}}'])
@example(calls=[f'{{{{< highlight go "linenostart={"9" * 5000}" >}}}}x{{{{< /highlight >}}}}'])
# (both found by this test: a MemoryError that took the machine's memory, and a ValueError)
def test_any_shortcode_arguments_build_or_fail_located(calls: list[str]):
    body = "\n\n".join(calls)
    with scratch_site({"content/posts/a.md": f"---\ntitle: A\n---\n{body}\n"}) as site:
        build_or_located_errors(site)
