"""Tests for the shortcode parse stage: a body in, `Text` and `Shortcode` nodes out.

Most cases are fixtures: `tests/fixtures/shortcodes/<case>.md` is the input and
`<case>.out` the expected tree as `render_tree` writes it (one node per line,
inner nodes indented, the inner source on a `SOURCE` line, `unknown` after a
name with no shortcode in `PAIRED`), or for a case that must fail, one line
`ERROR line:col message | hint: …`. A `.md` that starts
with `---` front matter has it cut off, and the body starts on the file line
after it, just as the build calls the parser; offsets are into the body.

To add a case, write the `.md`, then run

    SITEGEN_REGEN=1 pytest tests/test_shortcode_parser.py

which rewrites every `.out` from the current parser. Read the new or changed
`.out` files by eye (`git diff`) before keeping them: they are the spec.
"""

import json
import time
from pathlib import Path
from types import MappingProxyType

import pytest

from conftest import regen_enabled
from sitegen.errors import SitegenError
from sitegen.shortcodes.parser import Shortcode, Text, parse_shortcodes

FIXTURES = Path(__file__).parent / "fixtures" / "shortcodes"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))

PAIRED = {
    "lead": True,
    "details": True,
    "highlight": True,
    "katex": True,
    "mermaid": True,
    "figure-with-caption": True,
    "shared/note": True,
    "ref": False,
    "relref": False,
    "figure": False,
    "param": False,
}


def split_front_matter(source):
    """Return (body, first_line): the body after a `---` block and the file line it starts on."""
    if not source.startswith("---\n"):
        return source, 1
    end = source.index("\n---\n", 3) + len("\n---\n")
    return source[end:], source[:end].count("\n") + 1


def q(text):
    return json.dumps(text, ensure_ascii=False)


def render_tree(nodes, indent=""):
    lines = []
    for node in nodes:
        if isinstance(node, Text):
            lines.append(f"{indent}TEXT @{node.start} {q(node.text)}")
            continue
        args = json.dumps(list(node.args), ensure_ascii=False)
        kwargs = json.dumps(dict(node.kwargs), ensure_ascii=False)
        kind = "inline" if node.inner is None else "inner:"
        kind += "" if node.known else " unknown"
        lines.append(
            f"{indent}SC {node.name} {node.spelling} md={node.markdown} at {node.line}:{node.col}"
            f" @{node.start}..{node.end} args={args} kwargs={kwargs} {kind}"
        )
        if node.inner is not None:
            lines.append(f"{indent}  SOURCE {q(node.inner_source)}")
            lines.extend(render_tree(node.inner, indent + "  "))
    return lines


def render_case(source):
    body, first_line = split_front_matter(source)
    try:
        nodes = parse_shortcodes(body, paired=PAIRED, path="case.md", first_line=first_line)
    except SitegenError as e:
        p = e.problem
        hint = f" | hint: {p.hint}" if p.hint else ""
        return f"ERROR {p.line}:{p.col} {p.message}{hint}\n"
    return "\n".join(render_tree(nodes)) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_each_fixture_parses_to_its_kept_tree_and_only_err_cases_fail(case):
    source = (FIXTURES / f"{case}.md").read_text(encoding="utf-8")
    actual = render_case(source)
    out = FIXTURES / f"{case}.out"
    if regen_enabled():
        out.write_text(actual, encoding="utf-8")
    assert out.exists(), f"no {out.name}: run with SITEGEN_REGEN=1 and review it"
    assert actual == out.read_text(encoding="utf-8")
    # Fixtures named err_* are the failing ones, and only those fail.
    assert actual.startswith("ERROR") == case.startswith("err_")


# Properties over every parsing fixture


def ok_cases():
    cases = []
    for case in CASES:
        if not case.startswith("err_"):
            body, first_line = split_front_matter((FIXTURES / f"{case}.md").read_text(encoding="utf-8"))
            cases.append(pytest.param(body, first_line, id=case))
    return cases


def rebuild(nodes, text):
    """The input again: text nodes as they are, shortcodes as their raw source."""
    return "".join(n.text if isinstance(n, Text) else text[n.start : n.end] for n in nodes)


def walk(nodes):
    for node in nodes:
        yield node
        if isinstance(node, Shortcode) and node.inner:
            yield from walk(node.inner)


@pytest.mark.parametrize(("body", "first_line"), ok_cases())
def test_nodes_give_back_exactly_the_source_they_were_parsed_from(body, first_line):
    nodes = parse_shortcodes(body, paired=PAIRED, first_line=first_line)
    if "/*" not in body:  # escapes drop their comment markers
        assert rebuild(nodes, body) == body
    for node in walk(nodes):
        if isinstance(node, Text) and "/*" not in body:
            assert body[node.start : node.start + len(node.text)] == node.text
        if isinstance(node, Shortcode) and node.inner is not None:
            # The inner nodes rebuild the inner source, which sits between the tags.
            assert body.index(node.inner_source, node.start) < node.end
            if "/*" not in node.inner_source:
                assert rebuild(node.inner, body) == node.inner_source


@pytest.mark.parametrize(("body", "first_line"), ok_cases())
def test_parser_never_yields_two_text_nodes_in_a_row(body, first_line):
    def check(nodes):
        for a, b in zip(nodes, nodes[1:], strict=False):
            assert not (isinstance(a, Text) and isinstance(b, Text))
        for n in nodes:
            if isinstance(n, Shortcode) and n.inner:
                check(n.inner)

    check(parse_shortcodes(body, paired=PAIRED, first_line=first_line))


# Direct checks of the API


def test_shortcode_node_records_name_arguments_spelling_place_and_inner():
    text = "x\n  {{% details open=yes %}}\n*md*\n{{% /details %}}"
    lead, sc = parse_shortcodes(text, paired=PAIRED, first_line=10)
    assert lead == Text("x\n  ", 0)
    assert (sc.name, sc.args, dict(sc.kwargs)) == ("details", (), {"open": "yes"})
    assert isinstance(sc.kwargs, MappingProxyType)
    assert (sc.markdown, sc.spelling, sc.line, sc.col) == (True, "{{%", 11, 3)
    assert sc.inner == (Text("\n*md*\n", 28),) and sc.inner_source == "\n*md*\n"
    assert (sc.start, sc.end) == (4, len(text))


def test_kwargs_keep_written_order():
    (sc,) = parse_shortcodes('{{< figure z=1 a="2" m=`3` >}}', paired=PAIRED)
    assert list(sc.kwargs) == ["z", "a", "m"]
    with pytest.raises(TypeError):
        sc.kwargs["new"] = "x"  # type: ignore[index]


def test_inline_has_no_inner_and_empty_pair_has_empty_inner():
    inline, pair = parse_shortcodes("{{< ref a >}}{{< lead >}}{{< /lead >}}", paired=PAIRED)
    assert inline.inner is None and inline.inner_source is None
    assert pair.inner == () and pair.inner_source == ""


def test_error_carries_path_line_col_hint():
    with pytest.raises(SitegenError) as info:
        parse_shortcodes(
            "ok\n中文 {{< lead >}}x{{< /laed >}}", paired=PAIRED, path="content/post.md", first_line=5
        )
    p = info.value.problem
    assert (str(p.path), p.line, p.col, p.hint) == ("content/post.md", 6, 17, "did you mean {{< /lead >}}?")
    assert "content/post.md:6:17: closing tag {{< /laed >}} does not match" in str(info.value)


def test_unknown_names_are_nodes_marked_unknown_not_errors():
    # The build reports unknown names once for the whole site, so the parser must not stop.
    (sc,) = parse_shortcodes("{{< ref a >}}", paired={"lead": True})
    assert (sc.name, sc.known, sc.inner) == ("ref", False, None)
    (known,) = parse_shortcodes("{{< lead >}}x{{< /lead >}}", paired={"lead": True})
    assert known.known
    assert parse_shortcodes("plain", paired={}) == (Text("plain", 0),)


def test_unknown_name_is_paired_only_when_its_closing_tag_follows():
    inline, text, pair = parse_shortcodes("{{< note >}} a {{< note >}}b{{< /note >}}", paired={})
    assert inline.inner is None and text == Text(" a ", 12)
    assert pair.inner == (Text("b", 27),) and pair.inner_source == "b"
    # a closing tag closes the nearest open tag of its name, as brackets do
    pair, _, inline = parse_shortcodes("{{< note >}}a{{< /note >}} {{< note >}}", paired={})
    assert pair.inner == (Text("a", 12),) and inline.inner is None
    outer, _ = parse_shortcodes("{{< n >}}{{< n >}}a{{< /n >}}{{< /n >}}.", paired={})
    assert outer.inner_source == "{{< n >}}a{{< /n >}}"
    # self-closed, it is inline whatever follows
    first, _, second = parse_shortcodes("{{< note />}} {{< note >}}{{< /note >}}", paired={})
    assert first.inner is None and second.inner == ()


def test_unknown_closing_tag_without_opener_is_still_an_error():
    with pytest.raises(SitegenError, match=r"closing tag \{\{< /note >\}\} has no opening tag"):
        parse_shortcodes("x {{< /note >}}", paired={})


def test_empty_input_parses_to_no_nodes():
    assert parse_shortcodes("", paired=PAIRED) == ()


def test_large_document_without_tags_is_one_text_node():
    para = "Some prose with {braces}, <angles>, `code`, a << b and 中文字符.\n\n"
    text = para * (100_000 // len(para))
    started = time.perf_counter()
    nodes = parse_shortcodes(text, paired=PAIRED)
    elapsed = time.perf_counter() - started
    assert nodes == (Text(text, 0),)
    assert elapsed < 0.5  # far below, only catches a per-character loop gone quadratic


def test_many_here_strings_stay_text():
    text = 'echo <<< "$x" and `cat <<< word` here\n' * 2000 + "<<< ref a >>>\n"
    nodes = parse_shortcodes(text, paired=PAIRED)
    assert [type(n).__name__ for n in nodes] == ["Text", "Shortcode", "Text"]
    assert nodes[1].line == 2001
