"""Archetypes for `sitegen new`: Hugo's lookup, and the few Go-template forms they use.

Hugo's archetypes are Go templates; the ones writers have are nearly always
`{{ replace .File.ContentBaseName "-" " " | title }}` and `{{ .Date }}`, so those
forms (values, a pipe, replace/title/humanize/lower/upper) are filled here, and
anything else is an error at its place in the archetype, never copied through.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SitegenError
from ..suggest import Closest
from ..titles import title_case

# Hugo's own default archetype (`hugo new content` on a site without archetypes/).
BUILT_IN = """---
title: "{{ replace .File.ContentBaseName "-" " " | title }}"
date: {{ .Date }}
draft: true
---
"""

_ACTION = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)


@dataclass(frozen=True)
class Archetype:
    """Where the archetype is: a file, a bundle folder, or None for the built-in one."""

    path: Path | None
    is_bundle: bool = False


@dataclass(frozen=True)
class Fields:
    """What an archetype's template can ask for."""

    name: str  # .File.ContentBaseName: "my-post" for blog/my-post/index.md
    file_name: str  # .File.BaseFileName: "index"
    section: str  # .Section: "blog"
    kind: str  # .Type: the archetype kind asked for, else the section
    date: str  # .Date: RFC 3339 with the local offset, as Hugo writes it
    site_title: str
    lang: str

    def value(self, ref: str) -> str | None:
        return {
            ".File.ContentBaseName": self.name,
            ".Name": self.name,
            ".File.BaseFileName": self.file_name,
            ".File.TranslationBaseName": self.file_name,
            ".Section": self.section,
            ".Type": self.kind,
            ".Date": self.date,
            ".Site.Title": self.site_title,
            ".Site.Language.Lang": self.lang,
            ".Lang": self.lang,
        }.get(ref)


def find(folders: list[Path], kind: str, asked: bool, ext: str) -> Archetype:
    """Hugo's order: `<kind>.md` or a `<kind>/` bundle in each folder, then `default`.

    An unknown `--kind` is an error (Hugo falls back quietly, which hides a typo);
    a section with no archetype of its own falls back to default, as in Hugo."""
    for name in ([kind] if kind else []) + ([] if asked else ["default"]):
        for folder in folders:
            if (folder / f"{name}{ext}").is_file():
                return Archetype(folder / f"{name}{ext}")
            if (folder / name).is_dir():
                return Archetype(folder / name, is_bundle=True)
    if asked:
        names = sorted(
            {p.stem if p.is_file() else p.name for f in folders if f.is_dir() for p in f.iterdir()}
        )
        guess = Closest(names)(kind)
        hint = f"did you mean {guess!r}?" if guess else None
        hint = hint or (f"archetypes here: {', '.join(names)}" if names else "there is no archetypes/ folder")
        raise SitegenError(f"no archetype for kind {kind!r}", f"archetypes/{kind}{ext}", hint=hint)
    return Archetype(None)


def fill(text: str, fields: Fields, path: Path | str) -> str:
    """Fill the template's actions; `{{-`/`-}}` trim the whitespace beside them."""
    out: list[str] = []
    at = 0
    for m in _ACTION.finditer(text):
        before = text[at : m.start()]
        out.append(before.rstrip() if m.group(1) else before)
        out.append(_evaluate(m.group(2), fields, text, m.start(), path))
        at = m.end()
        if m.group(3):
            at += len(text[at:]) - len(text[at:].lstrip())
    out.append(text[at:])
    return "".join(out)


_FUNCS: dict[str, Callable[..., str]] = {
    "replace": lambda s, old, new: s.replace(old, new),
    "title": lambda s: title_case(s),
    "humanize": lambda s: _humanize(s),
    "lower": lambda s: s.lower(),
    "upper": lambda s: s.upper(),
}


def _humanize(text: str) -> str:
    """Hugo's humanize: "my-first_post" -> "My first post"."""
    words = text.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def _evaluate(expr: str, fields: Fields, text: str, offset: int, path: Path | str) -> str:
    if expr.startswith("/*") and expr.endswith("*/"):  # a Go template comment
        return ""
    value: str | None = None
    for i, stage in enumerate(_split_pipe(expr)):
        try:
            words = shlex.split(stage, posix=True)
        except ValueError:
            words = []
        if not words:
            raise _cannot(expr, text, offset, path)
        head, args = words[0], words[1:]
        if head.startswith("."):
            if args or i:
                raise _cannot(expr, text, offset, path)
            value = fields.value(head)
        elif head in _FUNCS:
            values = [fields.value(a) if a.startswith(".") else a for a in args]
            if i:
                values.append(value)
            if None in values:
                raise _cannot(expr, text, offset, path)
            try:
                value = _FUNCS[head](*values)
            except TypeError:  # the wrong number of arguments
                raise _cannot(expr, text, offset, path) from None
        else:
            value = None
        if value is None:
            raise _cannot(expr, text, offset, path)
    assert value is not None
    return value


def _split_pipe(expr: str) -> list[str]:
    """Split on `|` outside quotes."""
    parts, quote, start = [], "", 0
    for i, ch in enumerate(expr):
        if ch in "\"'`" and (not quote or quote == ch):
            quote = "" if quote else ch
        elif ch == "|" and not quote:
            parts.append(expr[start:i].strip())
            start = i + 1
    parts.append(expr[start:].strip())
    return parts


def _cannot(expr: str, text: str, offset: int, path: Path | str) -> SitegenError:
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    return SitegenError(
        f"archetype uses {{{{ {expr} }}}}, which sitegen can't fill",
        path,
        line,
        col,
        hint="sitegen fills .Date, .File.ContentBaseName (.Name), .File.BaseFileName, .Section, .Type,"
        " .Site.Title and .Lang, piped through replace, title, humanize, lower or upper",
    )
