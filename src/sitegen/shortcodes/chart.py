"""Blowfish's `chart`: a Chart.js config between the tags -> a canvas, the config, and
a data table for readers without JavaScript.

The inner is the body of a JavaScript object literal (`type: 'bar', data: {…}`),
not JSON. It is read here as plain values (objects, arrays, strings, numbers,
true/false/null, comments, trailing commas) so the build can write a table of
labels × datasets. With raw HTML off the page may not carry author JavaScript,
so the config must be plain values and goes out as JSON; with raw HTML on (as
in Hugo) anything Chart.js takes, functions too, goes out as text that
`js/chart-loader.js` evaluates for that one element.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from typing import Any

from ..errors import SitegenError
from .parser import Pairing, Shortcode

_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/"""  # space and comments, skipped
    r"""|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"""
    r"""|(?P<word>[A-Za-z_$][\w$]*)"""
    r"""|(?P<punct>[{}\[\]:,])"""
    r"""|(?P<other>.)""",  # anything else: the parser says what it met
    re.DOTALL,
)
_WORDS = {"true": True, "false": False, "null": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class NotPlain(ValueError):
    """The config holds something other than plain values (a function, a variable)."""


def parse_literal(source: str) -> Any:
    """`type: 'bar', data: {…}` -> {"type": "bar", "data": {…}}; NotPlain otherwise."""
    tokens = _tokens("{" + source + "\n}")
    value, at = _value(tokens, 0)
    if at != len(tokens):
        raise NotPlain(f"unexpected {tokens[at][1]!r} after the config")
    return value


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        assert m is not None  # `other` takes any one character
        if m.lastgroup:
            found.append((m.lastgroup, m.group(m.lastgroup)))
        at = m.end()
    return found


def _value(tokens: list[tuple[str, str]], at: int) -> tuple[Any, int]:
    if at >= len(tokens):
        raise NotPlain("the config ends too early")
    kind, text = tokens[at]
    if text == "{":
        return _object(tokens, at + 1)
    if text == "[":
        return _array(tokens, at + 1)
    if kind == "str":
        return _string(text), at + 1
    if kind == "num":
        number = float(text)
        return (
            int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
        ), at + 1
    if kind == "word" and text in _WORDS:
        return _WORDS[text], at + 1
    raise NotPlain(f"{text!r} is not a plain value")


def _object(tokens: list[tuple[str, str]], at: int) -> tuple[dict[str, Any], int]:
    found: dict[str, Any] = {}
    while at < len(tokens) and tokens[at][1] != "}":
        kind, key = tokens[at]
        if kind not in ("str", "word", "num"):
            raise NotPlain(f"{key!r} is not a key")
        if at + 1 >= len(tokens) or tokens[at + 1][1] != ":":
            raise NotPlain(f"{key!r} has no value")
        found[_string(key) if kind == "str" else key], at = _value(tokens, at + 2)
        at = _comma(tokens, at, "}")
    return found, at + 1


def _array(tokens: list[tuple[str, str]], at: int) -> tuple[list[Any], int]:
    found: list[Any] = []
    while at < len(tokens) and tokens[at][1] != "]":
        item, at = _value(tokens, at)
        found.append(item)
        at = _comma(tokens, at, "]")
    return found, at + 1


def _comma(tokens: list[tuple[str, str]], at: int, close: str) -> int:
    if at < len(tokens) and tokens[at][1] == ",":
        return at + 1
    if at < len(tokens) and tokens[at][1] == close:
        return at
    raise NotPlain(f"expected ',' or {close!r}")


def _string(quoted: str) -> str:
    body, out, i = quoted[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def chart_title(config: dict[str, Any]) -> str:
    """options.plugins.title.text (a string, or lines), else ""."""
    title: Any = config
    for key in ("options", "plugins", "title", "text"):
        title = title.get(key) if isinstance(title, dict) else None
    return _cell(title)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def data_table(config: dict[str, Any]) -> str:
    """A <table> of labels × datasets, or "" when the config has no such data."""
    data: dict[str, Any] = config["data"] if isinstance(config.get("data"), dict) else {}
    labels = _list(data.get("labels"))
    sets = [d for d in _list(data.get("datasets")) if isinstance(d, dict)]
    series = [_list(d.get("data")) for d in sets]
    rows = max([len(labels), *(len(s) for s in series)])
    if not sets or rows == 0:
        return ""
    head = "".join(f'<th scope="col">{escape(_cell(d.get("label", "")))}</th>' for d in sets)
    body = []
    for i in range(rows):
        label = escape(_cell(labels[i])) if i < len(labels) else ""
        cells = "".join(f"<td>{escape(_cell(s[i])) if i < len(s) else ''}</td>" for s in series)
        body.append(f'<tr><th scope="row">{label}</th>{cells}</tr>')
    caption = chart_title(config)
    return (
        "<table>"
        + (f"<caption>{escape(caption)}</caption>" if caption else "")
        + f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def chart(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """`{{< chart >}}type: 'bar', data: {…}{{< /chart >}}`."""
    source = (sc.inner_source or "").strip()
    if not source:
        raise SitegenError(
            "chart needs a Chart.js config between its tags",
            call.path,
            sc.line,
            sc.col,
            "e.g. type: 'bar', data: { labels: ['a', 'b'], datasets: [{ data: [1, 2] }] }",
        )
    try:
        config: Any = parse_literal(source)
    except NotPlain as exc:
        if not reg.config.unsafe:
            raise SitegenError(
                f"chart config is not plain values ({exc}), refused while raw HTML is off",
                call.path,
                sc.line,
                sc.col,
                "use strings, numbers, arrays and objects only, or set "
                "markup.goldmark.renderer.unsafe = true to allow JavaScript in chart configs",
            ) from None
        config = None
    ident = f"chart-{sc.line}-{sc.col}"  # from its place in the file: the same on every build
    title = chart_title(config) if isinstance(config, dict) else ""
    label = title or ("图表" if str(call.page.lang).lower().startswith("zh") else "Chart")
    # In an attribute, not a <script>: text there would read as page text (summaries,
    # descriptions), and escaping keeps any `</script>` in a string harmless.
    if isinstance(config, dict) and not reg.config.unsafe:
        data = f'data-chart-json="{escape(json.dumps(config, ensure_ascii=False))}"'
    else:
        data = f'data-chart-js="{escape(source)}"'
    table = data_table(config) if isinstance(config, dict) else ""
    fallback = (
        f'<details class="chart-data" open>\n<summary>{escape(label)}</summary>\n{table}\n</details>\n'
        if table
        else ""
    )
    return (
        f'<figure class="chart" id="{ident}">\n<canvas role="img" aria-label="{escape(label)}" {data}>'
        f"</canvas>\n{fallback}</figure>",
        False,
    )


Handler = Callable[..., tuple[str, bool]]
HANDLERS: dict[str, tuple[Pairing, Handler]] = {"chart": (True, chart)}
