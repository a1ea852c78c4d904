"""Hugo's `highlight` and `param` shortcodes, with the arguments Hugo 0.168 documents.

`highlight LANG "OPTIONS"` takes Hugo's options string (`linenos=table,
hl_lines=2-3, linenostart=5`): comma-separated, keys in any case. Line
numbers and highlighted lines are marked up with Chroma's class names
(`line`, `hl`, `ln`, `lnt`, `lntable`), so CSS written for a Hugo theme
still applies; `css/syntax.css` styles them too. The options start from the
site's `[markup.highlight]` (colours inline with its `noClasses`/`style`); in
the shortcode, `style`, `noClasses` and the like are accepted and ignored.

`param "a.b"` prints a front-matter value, else a site one, as Hugo's
`.Page.Param` does: dotted keys reach into tables, keys match in any case.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from ..errors import SitegenError, warn
from ..highlight import HighlightOptions, options_from, render_code
from .parser import Shortcode, unescape_tags

OPTIONS_HINT = 'write options as key=value separated by commas: "linenos=table, hl_lines=2-3"'
# Hugo takes these too; here colours and tabs come from the stylesheet.
IGNORED_OPTIONS = frozenset({"style", "noclasses", "tabwidth", "guesssyntax", "codefences"})
OPTION_NAMES = (
    "linenos",
    "linenostart",
    "hl_lines",
    "anchorlinenos",
    "lineanchors",
    "hl_inline",
    "linenumbersintable",
    "wrapperclass",
)
_RANGE = re.compile(r"(\d{1,18})(?:-(\d{1,18}))?")  # int() fails past 4300 digits
MISSING = object()
Fail = Callable[[str], SitegenError]  # makes an error located at the shortcode call


def highlight_shortcode(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """`{{< highlight go "linenos=table" >}}`; also `lang=` and `options=` (Hugo reads neither)."""
    if len(sc.args) > 2:
        raise SitegenError(
            "highlight takes a language and one options string",
            call.path,
            sc.line,
            sc.col,
            hint=f'quote the options: "{",".join(sc.args[1:])}"',
        )
    lang = sc.kwargs.get("lang") or (sc.args[0] if sc.args else "")
    text = sc.kwargs.get("options") or (sc.args[1] if len(sc.args) > 1 else "")
    code = unescape_tags(sc.inner_source or "").strip("\n") + "\n"
    last = code.count("\n")
    options = parse_options(
        text, call.path, sc, last_line=last, base=options_from(reg.config.highlight, last)
    )
    # {{% %}} output goes through Markdown, where a blank code line would end the HTML
    # block; wrapped in line spans (as Hugo always does) no line of it is blank.
    return render_code(code, lang, options, wrap_lines=sc.markdown), False


def parse_options(
    text: str, path: Path, sc: Shortcode, *, last_line: int, base: HighlightOptions | None = None
) -> HighlightOptions:
    """Hugo's options string -> options; a bad value is a located error. hl_lines past
    last_line, the code's last line, are left out: `hl_lines=1-999999999999` was a set
    of a trillion numbers (the machine ran out of memory)."""

    def fail(message: str, hint: str | None = None) -> SitegenError:
        return SitegenError(message, path, sc.line, sc.col, hint)

    opts, in_table = replace(base) if base else HighlightOptions(), True  # the site's [markup.highlight]
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, eq, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not eq:
            raise fail(f"highlight option '{key}' has no value", OPTIONS_HINT)
        if key == "linenos":
            opts.linenos = _linenos(value, fail)
        elif key == "linenumbersintable":
            in_table = _flag(key, value, fail)
        elif key == "linenostart":
            if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit, not to int()
                raise fail(f"linenostart must be a whole number, not {_shown(value)}")
            if len(value) > 9:  # and int() fails past 4300 digits
                raise fail(f"linenostart must be below a billion, not {_shown(value)}")
            opts.start = int(value)
        elif key == "hl_lines":
            opts.lines = _line_numbers(value, fail, last_line)
        elif key in ("anchorlinenos", "hl_inline"):
            setattr(opts, "anchors" if key == "anchorlinenos" else "inline", _flag(key, value, fail))
        elif key == "lineanchors":
            opts.prefix = value
        elif key == "wrapperclass":
            opts.wrapper = value
        elif key not in IGNORED_OPTIONS:  # Hugo ignores these silently; a typo deserves a word
            close = difflib.get_close_matches(key, OPTION_NAMES, n=1)
            warn(
                f"unknown highlight option '{key}' is ignored",
                path,
                sc.line,
                sc.col,
                f"did you mean '{close[0]}'?" if close else f"options: {', '.join(OPTION_NAMES)}",
            )
    if opts.linenos == "true":  # plain `true` means the table, unless lineNumbersInTable=false
        opts.linenos = "table" if in_table else "inline"
    return opts


def _linenos(value: str, fail: Fail) -> str:
    low = value.lower()
    if low in ("table", "inline"):
        return low
    if low in ("true", "1"):
        return "true"
    if low in ("false", "0"):
        return ""
    raise fail(f"linenos must be true, false, table or inline, not {value!r}")


def _flag(key: str, value: str, fail: Fail) -> bool:
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise fail(f"{key} must be true or false, not {value!r}")


def _line_numbers(value: str, fail: Fail, last_line: int) -> set[int]:
    lines: set[int] = set()
    for item in value.strip("[]\"'").split():
        m = _RANGE.fullmatch(item.strip("\"'"))
        if m is None:
            raise fail(f'hl_lines takes line numbers and ranges such as "2 4-6", not {_shown(item)}')
        first, last = (min(int(n), last_line + 1) for n in (m[1], m[2] or m[1]))
        lines.update(range(first, last + 1))  # a backwards range is empty, as in Hugo
    return lines


def _shown(value: str) -> str:
    """A user's value quoted in a message, cut short: it can be thousands of digits."""
    return repr(value if len(value) <= 40 else value[:39] + "…")


def param_shortcode(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """`{{< param "a.b" >}}`: the page's value, else the site's; a located error when neither."""
    key = sc.args[0] if sc.args else sc.kwargs.get("name", "")
    if not key:
        raise SitegenError(
            "param needs the name of a parameter",
            call.path,
            sc.line,
            sc.col,
            hint='e.g. {{< param "description" >}}, or "author.name" for a nested one',
        )
    page = dict(call.page.params)
    page.setdefault("title", call.page.title)  # Hugo's page params hold the title too
    value = lookup(page, key)
    if value is MISSING:
        value = lookup(reg.config.params, key)
    if value is MISSING:
        raise SitegenError(
            f"param {key!r} is set neither in front matter nor in [params]",
            call.path,
            sc.line,
            sc.col,
            _close_key(key, page, reg.config.params),
        )
    if isinstance(value, Mapping):
        keys = ", ".join(f"{key}.{k}" for k in list(value)[:3])
        raise SitegenError(
            f"param {key!r} is a table, not a value",
            call.path,
            sc.line,
            sc.col,
            hint=f"name one value in it: {keys}",
        )
    # As Hugo prints it (`true`, `[a b]`), and escaped as Hugo escapes it.
    return escape(go_format(value), quote=False), True


def lookup(params: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key, keys matched in any case; MISSING when there is none.
    YAML's null counts as missing, as Hugo sees no value there either."""
    node: Any = params
    for part in key.split("."):
        if not isinstance(node, Mapping):
            return MISSING
        if part in node:
            node = node[part]
        else:
            node = next((v for k, v in node.items() if str(k).lower() == part.lower()), MISSING)
        if node is MISSING or node is None:
            return MISSING
    return node


def go_format(value: Any) -> str:
    """Print a value as Go's templates do: true, 3 (not 3.0), [a b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_format(v) for v in value) + "]"
    return str(value)


def _close_key(key: str, *tables: Mapping[str, Any]) -> str | None:
    names = [str(k) for table in tables for k in table]
    close = difflib.get_close_matches(key.split(".")[0], names, n=1)
    return f"did you mean '{close[0]}'?" if close else None
