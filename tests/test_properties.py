"""Property-based tests: for any input, the parsers raise a located `SitegenError` or nothing.

Hypothesis writes the inputs: bodies dense in shortcode syntax, front-matter
blocks in YAML, TOML and JSON built from the real field names and hostile
values, and arbitrary text for the slug functions. Any other exception
(IndexError, RecursionError, a YAML or TOML library error, ValueError ...)
would be a traceback in the user's terminal instead of `path:line:col: message`.

Runs are derandomized and use no example database, so CI sees the same inputs
every time. To hunt harder locally, raise `max_examples` in `PROFILE` or run
with `--hypothesis-seed=<n>` after removing `derandomize`.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen.config import SiteConfig
from sitegen.errors import SitegenError
from sitegen.front_matter import parse_front_matter
from sitegen.model import FrontMatter
from sitegen.shortcodes.parser import OPENER_RE, Shortcode, Text, parse_shortcodes
from sitegen.text import heading_slug
from sitegen.urls import urlize

PROFILE = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
)


def check_location(exc: SitegenError, text: str, first_line: int = 1) -> None:
    """A located error points inside the input: a real line, a column on that line."""
    p = exc.problem
    assert p.message and "\n" not in p.message, p.message
    assert p.hint is None or "\n" not in p.hint, p.hint
    if p.line is None:
        assert p.col is None
        return
    lines = text.split("\n")
    assert first_line <= p.line <= first_line + len(lines) - 1, (p.line, len(lines))
    if p.col is not None:
        assert 1 <= p.col <= len(lines[p.line - first_line]) + 1, (p.line, p.col)


# 1. The shortcode parser

PAIRED = {
    "note": True,
    "details": True,
    "shared/note": True,
    "a.b-c": True,
    "ref": False,
    "figure": False,
    "x": False,
}

SYNTAX = [
    "{{<",
    ">}}",
    "{{%",
    "%}}",
    "<<<",
    ">>>",
    "/>}}",
    "/%}}",
    "/>>>",
    "/*",
    "*/",
    "/",
    '"',
    '\\"',
    "`",
    "```",
    "~~~",
    "=",
    " ",
    " ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "{{",
    "}}",
    "<",
    ">",
    "%",
    "\\",
    "key=",
    'k="v"',
    "注意力",
    "推理",
    "：",
    "é",
    *PAIRED,
    "/note",
    "/details",
    "nope",
    "Note",
    "1x",
    "_",
    "-",
]
tokens = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(SYNTAX),  # weighted: mostly syntax, some arbitrary text
    st.text(max_size=4),
)
bodies = st.lists(tokens, max_size=40).map("".join)
# Text with no tag opener anywhere in it, so no tag at all.
plain_bodies = st.text(st.characters(codec="utf-8"), max_size=200).filter(
    lambda s: not OPENER_RE.search(s)
) | st.lists(st.sampled_from([s for s in SYNTAX if not OPENER_RE.search(s)]), max_size=40).map(
    "".join
).filter(lambda s: not OPENER_RE.search(s))


def well_formed(name: str, spelling: str) -> st.SearchStrategy[str]:
    """A correct call of a known shortcode, with an arbitrary (but tag-free) inner text."""
    closer = {"{{<": ">}}", "{{%": "%}}", "<<<": ">>>"}[spelling]
    inner = st.text(st.characters(codec="utf-8", exclude_characters="{<%>`*"), max_size=30)
    if PAIRED[name]:
        return inner.map(lambda s: f"{spelling} {name} {closer}{s}{spelling} /{name} {closer}")
    return st.just(f"{spelling} {name} {closer}")


calls = st.sampled_from(list(PAIRED)).flatmap(
    lambda name: st.sampled_from(["{{<", "{{%", "<<<"]).flatmap(lambda sp: well_formed(name, sp))
)


def walk(nodes):
    for node in nodes:
        yield node
        if isinstance(node, Shortcode) and node.inner:
            yield from walk(node.inner)


def rebuild(nodes, text: str) -> str:
    return "".join(n.text if isinstance(n, Text) else text[n.start : n.end] for n in nodes)


def parse(text: str, first_line: int = 1):
    return parse_shortcodes(text, paired=PAIRED, path="post.md", first_line=first_line)


def check_tree(nodes, text: str, first_line: int) -> None:
    """What every successful parse must satisfy, whatever the input."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for node in walk(nodes):
        if isinstance(node, Text):
            assert node.text
            continue
        assert node.known == (node.name in PAIRED)  # unknown names are nodes, reported later
        assert text.startswith(node.spelling, node.start)
        assert node.markdown == (node.spelling == "{{%")
        assert 0 <= node.start < node.end <= len(text)
        # line and col are where the tag really is
        i = max(i for i, s in enumerate(line_starts) if s <= node.start)
        assert (node.line, node.col) == (first_line + i, node.start - line_starts[i] + 1)
        if node.inner is None:
            assert node.inner_source is None
        else:
            assert PAIRED.get(node.name, True)
            assert node.inner_source is not None and node.inner_source in text[node.start : node.end]
    if "/*" not in text:  # escapes drop their comment markers; otherwise nothing is lost
        assert rebuild(nodes, text) == text
        for node in walk(nodes):
            if isinstance(node, Shortcode) and node.inner is not None:
                assert rebuild(node.inner, text) == node.inner_source


@PROFILE
@given(text=bodies | st.lists(bodies | calls, max_size=6).map("".join), first_line=st.integers(1, 10_000))
@example(text="{{< note >}}" * 150, first_line=1)  # deeper than MAX_DEPTH
@example(text="{{< /note >}}", first_line=1)
@example(text='{{< x "a\n', first_line=3)
@example(text="<<< note >>>\n```\n<<< /note >>>", first_line=1)
def test_shortcode_parser_raises_only_located_errors(text, first_line):
    try:
        nodes = parse(text, first_line)
    except SitegenError as exc:
        check_location(exc, text, first_line)
        # the same input fails the same way
        with pytest.raises(SitegenError) as again:
            parse(text, first_line)
        assert again.value.problem == exc.problem
        return
    check_tree(nodes, text, first_line)
    assert parse(text, first_line) == nodes  # deterministic


@PROFILE
@given(text=plain_bodies, first_line=st.integers(1, 10_000))
def test_text_without_tags_is_one_text_node(text, first_line):
    assert parse(text, first_line) == ((Text(text, 0),) if text else ())


def no_code(text: str) -> bool:
    """No code span or fence, in which `<<<` would be text (and no stray `<<<`)."""
    return not any(s in text for s in ("<<<", "`", "~~~"))


@PROFILE
@given(parts=st.lists(calls | plain_bodies.filter(no_code), max_size=8))
def test_well_formed_calls_always_parse(parts):
    text = " ".join(parts)  # a space, so that text ending in "{{" or "<" cannot run into the next tag
    nodes = parse(text)
    check_tree(nodes, text, 1)
    assert sum(isinstance(n, Shortcode) for n in nodes) == sum(OPENER_RE.match(p) is not None for p in parts)


# 2. The front-matter loader

CONFIG = SiteConfig(site_dir=Path("/nonexistent-site"))
FIELDS = [
    "title",
    "date",
    "lastmod",
    "publishDate",
    "draft",
    "description",
    "summary",
    "slug",
    "url",
    "aliases",
    "tags",
    "series",
    "series_order",
    "weight",
    "authors",
    "translationKey",
    "isCJKLanguage",
    "Title",
    "TAGS",
    "cover",
    "params",
    "1",
    "true",
    "null",
    "<<",
]

HUGE = "9" * 5000  # past Python's 4300-digit limit on int <-> str
SCALARS_YAML = [
    "",
    "~",
    "null",
    "true",
    "False",
    "yes",
    "0",
    "-1",
    "2",
    "1.5",
    "1e999",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    HUGE,
    "0x" + "f" * 5000,
    "0o777",
    "0b101",
    "1_000",
    "1:30",
    "Hello",
    "'quoted'",
    '"dq\\u00e9"',
    "'unterminated",
    '"bad \\q escape"',
    "2026-03-27",
    "2026-03-27 09:00:00",
    "2026-03-27T09:00:00+08:00",
    "2025-13-45",
    "2025-02-30",
    "0000-01-01",
    "99999-01-01",
    "2026-03-27 09:00:00 +9999",
    "&a value",
    "*a",
    "*undefined",
    "!!python/object:os.system x",
    "!!python/name:os.system",
    "!!binary aGk=",
    "!!binary ***",
    "!!timestamp 2025-13-45",
    "!!timestamp nonsense",
    "!!int abc",
    "!!int",
    "!!float xyz",
    "!!bool maybe",
    "!!str 5",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!null x",
    "!custom x",
    "|\n  block\n  text",
    ">-\n  folded",
    "[a, b, 3]",
    "[]",
    "{}",
    "{a: 1, b: [2, {c: d}]}",
    "[[[[1]]]]",
    "[a, [b, c]]",
    "- x",
    "a: b: c",
    "'a: b'",
    "\t",
    "@at",
    "`tick`",
    "%",
    "注意力",
    "\ufeff",
    "\x00",
    "\x85",
    "{" * 200 + "}" * 200,
    "[" * 2000,
]
SCALARS_TOML = [
    '""',
    '"T"',
    "'lit'",
    '"""multi\nline"""',
    '"unterminated',
    '"bad \\q"',
    "true",
    "false",
    "0",
    "-7",
    "+3",
    "1_000",
    "0xDEAD",
    "0x" + "f" * 5000,
    HUGE,
    "0o17",
    "0b11",
    "1.5",
    "inf",
    "nan",
    "-inf",
    "1e999",
    "2026-03-27",
    "2026-03-27T09:00:00+08:00",
    "2026-03-27 09:00:00",
    "09:00:00",
    "2025-13-45",
    "2025-02-30T25:61:00Z",
    "[]",
    '["a", "b"]',
    "[1, [2, 3]]",
    '{ a = 1, b = "c" }',
    "{}",
    "[" * 3000 + "]" * 3000,
    "[" * 3000,
    "x",
    "= 1",
    "注意力",
    "\x7f",
]
yaml_value = st.sampled_from(SCALARS_YAML) | st.text(max_size=8)
toml_value = st.sampled_from(SCALARS_TOML) | st.text(max_size=8).map(lambda s: f'"{s}"') | st.text(max_size=6)
key = st.sampled_from(FIELDS) | st.text(max_size=5)
indent = st.sampled_from(["", "", "", "  ", "    ", "\t", " - ", "- "])

yaml_lines = st.lists(
    st.one_of(
        st.tuples(indent, key, st.sampled_from([": ", ":", " : ", ": &a ", ": *a "]), yaml_value).map(
            "".join
        ),
        st.tuples(indent, yaml_value).map("".join),
        st.sampled_from(
            ["---", "...", "? [a]", ": x", "- - a", "<<: *a", "a: &a {title: T}", "#", "%YAML 1.1"]
        ),
    ),
    max_size=12,
).map("\n".join)
toml_lines = st.lists(
    st.one_of(
        st.tuples(key, st.sampled_from([" = ", "=", " =", ": "]), toml_value).map("".join),
        st.tuples(
            st.sampled_from(['"', "'", ""]), key, st.sampled_from(['" = ', "' = ", ".a = "]), toml_value
        ).map("".join),
        st.sampled_from(["[params]", "[[tags]]", "[tags]", "[title]", "[a", "+++", "# c", "a.b.c = 1"]),
        toml_value,
    ),
    max_size=12,
).map("\n".join)
json_lines = st.lists(
    st.one_of(
        st.tuples(key, toml_value).map(lambda kv: f'"{kv[0]}": {kv[1]},'),
        st.sampled_from(['"title": "T"', '"weight": ' + HUGE, '"tags": ["a"]', "[" * 3000, "}", "{"]),
    ),
    max_size=8,
).map("\n".join)
body_text = st.text(max_size=40) | st.sampled_from(["", "Body\n", "---\n", "+++\n", "\n---\nmore"])


@st.composite
def documents(draw) -> str:
    kind = draw(st.sampled_from(["yaml", "toml", "json", "none"]))
    if kind == "yaml":
        open_, block, close = draw(st.sampled_from(["---", "----", "--- "])), draw(yaml_lines), "---"
    elif kind == "toml":
        open_, block, close = draw(st.sampled_from(["+++", "++++"])), draw(toml_lines), "+++"
    elif kind == "json":
        open_, block, close = "{", draw(json_lines), "}"
    else:
        return draw(body_text)
    if draw(st.booleans()):  # sometimes never closed
        close = draw(st.sampled_from(["", close + "x", "x" + close]))
    text = f"{open_}\n{block}\n{close}\n{draw(body_text)}"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def parse_fm(text: str):
    return parse_front_matter(Path("post.md"), text, CONFIG)


@PROFILE
@given(text=documents())
@example(text="---\ntitle: T\n---\nBody\n")
@example(text="+++\ntitle = 'T'\n+++\n")
@example(text="---\n" + "[" * 3000 + "\n---\n")
def test_front_matter_raises_only_located_errors(text):
    try:
        fm, body, body_line = parse_fm(text)
    except SitegenError as exc:
        check_location(exc, text)
        return
    assert isinstance(fm, FrontMatter)
    assert text.endswith(body)
    assert 1 <= body_line <= text.count("\n") + 1
    for d in (fm.date, fm.lastmod, fm.publish_date):
        assert d is None or (isinstance(d, datetime) and d.tzinfo is not None)
    assert all(isinstance(a, str) for a in fm.aliases + fm.authors)
    assert parse_fm(text) == (fm, body, body_line)


@PROFILE
@given(text=st.text(max_size=200))
def test_front_matter_of_arbitrary_text_parses_or_fails_with_a_located_error(text):
    try:
        parse_fm(text)
    except SitegenError as exc:
        check_location(exc, text)


# What the properties above found; each used to escape as the exception named, or
# (the last three) to point at the wrong line.
@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param(
            "---\ntitle: \x01\n---\n",
            (2, 8),
            "invalid YAML front matter: control characters are not allowed (U+0001)",
            id="yaml-control-char-multiline-message-at-1:1",
        ),
        pytest.param(
            "---\ndate: !!timestamp 2025-13-45\n---\n",
            (2, 7),
            "invalid YAML front matter: cannot read '2025-13-45' as !!timestamp",
            id="ValueError",
        ),
        pytest.param(
            "---\ndate: !!timestamp soon\n---\n",
            (2, 7),
            "invalid YAML front matter: cannot read 'soon' as !!timestamp",
            id="AttributeError",
        ),
        pytest.param(
            "---\ndraft: !!bool maybe\n---\n",
            (2, 8),
            "invalid YAML front matter: cannot read 'maybe' as !!bool",
            id="KeyError",
        ),
        pytest.param(
            "---\nweight: !!int\n---\n",
            (2, 9),
            "invalid YAML front matter: cannot read '' as !!int",
            id="IndexError",
        ),
        pytest.param(
            "---\nweight: " + HUGE + "\n---\n",
            (2, 9),
            "invalid YAML front matter: number too long (more than 4300 digits)",
            id="yaml-long-int-ValueError",
        ),
        pytest.param(
            "---\ntitle: 0x" + "f" * 4000 + "\n---\n",
            (2, 8),
            "invalid YAML front matter: number too long (more than 4300 digits)",
            id="yaml-long-hex-ValueError-in-str",
        ),
        pytest.param(
            "+++\nweight = " + HUGE + "\n+++\n",
            (2, 10),
            "invalid TOML front matter: number too long (more than 4300 digits)",
            id="toml-long-int-ValueError",
        ),
        pytest.param(
            "+++\ntitle = 0x" + "f" * 4000 + "\n+++\n",
            (2, 9),
            "invalid TOML front matter: number too long (more than 4300 digits)",
            id="toml-long-hex-ValueError-in-str",
        ),
        pytest.param(
            '{\n"weight": ' + HUGE + "\n}\n",
            (2, 11),
            "invalid JSON front matter: number too long (more than 4300 digits)",
            id="json-long-int-ValueError",
        ),
        pytest.param(
            "+++\na = " + "[" * 3000 + "]" * 3000 + "\n+++\n",
            (2, 3004),
            "invalid TOML front matter: nested too deeply",
            id="toml-RecursionError",
        ),
        pytest.param(
            '{\n"a": ' + "[" * 3000 + "]" * 3000 + "\n}\n",
            (2, 3005),
            "invalid JSON front matter: nested too deeply",
            id="json-RecursionError",
        ),
        pytest.param(
            "---\n\n\ntitle: [1]\n---\n",
            (4, 8),
            "title must be text, not a list",
            id="yaml-blank-lines-after-delimiter",
        ),
        pytest.param(
            "+++\n\n\ntitle = true\n+++\n",
            (4, 9),
            "title must be text, not true",
            id="toml-blank-lines-after-delimiter",
        ),
        pytest.param(
            "---\na: \x85\x85\x85\x85 x: y: z\n---\n",
            (2, 13),
            "invalid YAML front matter: mapping values are not allowed in this context",
            id="yaml-NEL-counted-as-line-break",
        ),
    ],
)
def test_front_matter_inputs_the_properties_found_fail_at_the_right_place(text, where, message):
    with pytest.raises(SitegenError) as exc:
        parse_fm(text)
    check_location(exc.value, text)
    assert ((exc.value.problem.line, exc.value.problem.col), exc.value.problem.message) == (where, message)


# 3. The slug functions

slug_text = st.text(max_size=60) | st.lists(
    st.sampled_from(
        [
            " ",
            "\t",
            "\n",
            "-",
            "_",
            ".",
            "..",
            "/",
            "\\",
            "?",
            "!",
            "'",
            "A",
            "z",
            "9",
            "注意力",
            "é",
            "e\u0301",
            "İ",
            "ß",
            "Σ",
            "\u200b",
            "\u3000",
            "\xa0",
            "+",
            "~",
            "%2F",
        ]
    ),
    max_size=12,
).map("".join)


@PROFILE
@given(text=slug_text)
@example(text="")
@example(text="?!…")
def test_heading_slug_is_a_valid_html_id(text):
    slug = heading_slug(text)
    assert isinstance(slug, str)
    assert slug, "an empty id is invalid HTML; the docstring promises 'section'"
    assert not any(ch.isspace() for ch in slug)
    assert "/" not in slug and "." not in slug
    assert slug == slug.lower()
    assert heading_slug(text) == slug
    # its output is made only of characters it keeps, so slugging again changes nothing
    assert heading_slug(slug) == slug


@PROFILE
@given(text=slug_text)
@example(text="..")
@example(text=".")
def test_urlize_makes_one_safe_path_segment(text):
    slug = urlize(text)
    assert isinstance(slug, str)
    assert not any(ch.isspace() for ch in slug)
    assert "/" not in slug and "\\" not in slug
    assert slug not in (".", ".."), "a segment of dots would climb out of the taxonomy folder"
    # as Hugo's: every space is a hyphen and none are collapsed ("Q & A" is q--a)
    assert slug.count("-") >= sum(ch.isspace() for ch in text.strip())
    assert slug == urlize(text)
    # term folders are matched by urlize(folder name), so a slug must map to itself
    assert urlize(slug) == slug


def test_urlize_drops_dot_only_terms():
    # A tag "." had its term page written over /tags/ itself; ".." failed the build unlocated.
    assert [urlize(t) for t in (".", "..", " ... ")] == ["", "", ""]
    assert urlize("-.-") == "-.-"  # a name Hugo writes too: not dots only, so not a climb
    assert [urlize(t) for t in (".NET", "v2.0", "a..b")] == [".net", "v2.0", "a..b"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nslug: .\n---\n", "a.md:2:7: slug '.' would lead on top of another page"),
        ("---\nurl: /blog/./x/\n---\n", "a.md:2:6: url '/blog/./x/' would lead on top of another page"),
    ],
)
def test_dot_segments_in_slug_or_url_are_refused(text: str, message: str):
    """Found by hand while writing these properties: slug "." put the post at its
    section's URL, where the section list overwrote it without a word."""
    with pytest.raises(SitegenError) as info:
        parse_front_matter(Path("a.md"), text, SiteConfig(site_dir=Path("/site")))
    assert str(info.value).splitlines()[0] == message


def test_yaml_merge_keys_are_not_duplicates():
    fm, _, _ = parse_front_matter(
        Path("a.md"),
        "---\nbase: &b\n  title: Base\n  draft: true\n<<: *b\ntitle: Own\n---\nx\n",
        SiteConfig(site_dir=Path("/site")),
    )
    assert (fm.title, fm.draft) == ("Own", True)
