"""Configuration stage, the settings that make URLs: `[taxonomies]` and `[permalinks]`.

Kept apart from loader.py, which calls these with its `KeyReader`, so mistakes
point at their line. A taxonomy is also checked against the content folders:
one named like a section of pages would write over it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import SitegenError, display_path
from ..urls import PERMALINK_TOKEN, PERMALINK_TOKENS
from .files import Key, KeyReader
from .site_config import DEFAULT_TAXONOMIES, SiteConfig


def read_taxonomies(ctx: KeyReader, entry: tuple[str, Any] | None) -> Mapping[str, str]:
    """`singular = "plural"`; the plural is the front-matter key and the URL folder."""
    if entry is None:
        return MappingProxyType(dict(DEFAULT_TAXONOMIES))
    key, table = entry
    table = ctx.check(table, dict, (key,), "taxonomies")
    named: dict[str, str] = {}  # plural -> its first singular
    for singular, plural in table.items():
        plural = ctx.check(plural, str, (key, singular), f"taxonomies.{singular}").lower()
        if not plural.strip() or re.search(r"[/\\]", plural) or plural.strip(".") == "":
            ctx.fail(
                (key, singular),
                f"taxonomies.{singular} must be one folder name, not {plural!r}",
                hint=f'e.g. {singular} = "{singular.lower()}s"; it is the URL folder /{singular.lower()}s/',
            )
        if plural in named:  # Hugo keeps one taxonomy without a word
            ctx.warn(
                (key, singular),
                f"taxonomies.{singular} and taxonomies.{named[plural]} are both {plural!r}: one taxonomy",
                hint=f"remove one; front matter names the plural ({plural}: [...])",
            )
        named.setdefault(plural, singular)
    return MappingProxyType({str(s).lower(): str(p).lower() for s, p in table.items()})


# Hugo 0.168's page kinds and other outputs that `disableKinds` may name; sitegen honours
# the two a taxonomy makes, and names the others as settings it does not use.
HONOURED_KINDS = frozenset({"taxonomy", "term"})
HUGO_KINDS = HONOURED_KINDS | {"page", "home", "section", "rss", "sitemap", "robotstxt", "404"}


def read_disable_kinds(ctx: KeyReader, entry: tuple[str, Any] | None) -> dict[str, Any]:
    """Hugo's `disableKinds = ["taxonomy", "term"]`: no taxonomy pages (/tags/), or no
    term pages (/tags/llm/, and no links to them); each with its feed."""
    if entry is None:
        return {}
    key, value = entry
    honoured = set()
    for kind in ctx.check(value, list, (key,), "disableKinds"):
        name = ctx.check(kind, str, (key,), "disableKinds entries").lower()
        if name in HONOURED_KINDS:
            honoured.add(name)
        elif name not in HUGO_KINDS:
            ctx.fail(
                (key,),
                f"unknown page kind {kind!r} in disableKinds",
                hint="Hugo's kinds are " + ", ".join(sorted(HUGO_KINDS)),
            )
        elif ctx.hugo is not None:
            ctx.ignored((key, name), "")  # into the one summary of Hugo settings not used
        else:
            ctx.warn(
                (key,),
                f"disableKinds {kind!r} is not supported and is ignored",
                hint="sitegen honours disableKinds for taxonomy and term",
            )
    return {"disable_kinds": frozenset(honoured)}


def read_permalinks(ctx: KeyReader, entry: tuple[str, Any] | None) -> Mapping[str, str]:
    """Accept Hugo's flat `section = pattern` and its newer `[permalinks.page]` table."""
    if entry is None:
        return MappingProxyType({})
    key, table = entry
    table = ctx.check(table, dict, (key,), "permalinks")
    flat: dict[str, tuple[Key, str]] = {}
    page = table.get("page")  # the other kinds' tables (section, term, …) sitegen leaves alone
    for name, value in page.items() if isinstance(page, dict) else ():
        where: Key = (key, "page", name)
        flat[name] = where, ctx.check(value, str, where, f"permalinks.page.{name}")
    for section, pattern in table.items():
        if not isinstance(pattern, dict):  # the flat form wins over [permalinks.page]
            flat[section] = (key, section), ctx.check(pattern, str, (key, section), f"permalinks.{section}")
    for where, pattern in flat.values():
        _check_pattern(ctx, where, pattern)
    return MappingProxyType({section: pattern for section, (_, pattern) in flat.items()})


def _check_pattern(ctx: KeyReader, where: Key, pattern: str) -> None:
    for token in PERMALINK_TOKEN.findall(pattern):
        if token not in PERMALINK_TOKENS:
            known = ", ".join(f":{t}" for t in sorted(PERMALINK_TOKENS))
            ctx.fail(
                where, f"unknown permalink token ':{token}' in {pattern!r}", hint=f"known tokens: {known}"
            )
    if {".", ".."} & set(re.split(r"[/\\]", pattern)) or re.match(r"^[a-z][a-z0-9+.-]*:|^//", pattern, re.I):
        ctx.fail(
            where,
            f"permalink {pattern!r} would lead outside the site",
            hint="a permalink is a path inside the site, e.g. /:section/:year/:slug/",
        )


def refuse_taxonomy_sections(ctx: KeyReader, config: SiteConfig, key: str) -> None:
    """A taxonomy named like a content folder that holds pages (`post = "posts"` beside
    content/posts/): the taxonomy's list and the section's are both /posts/, and a
    term `a` is where the post posts/a.md goes. Hugo lets one overwrite the other
    silently. A folder of `_index.md` files only is the taxonomy's own (titles for
    its list and terms), which is fine."""
    roots = {
        config.site_dir / config.content_dir,
        *(g.content_dir for g in config.languages if g.content_dir),
    }
    for singular, plural in config.taxonomies.items():
        for root in sorted(roots):
            folder = next((d for d in _folders(root) if d.name.lower() == plural), None)
            if folder is None or not _holds_pages(folder):
                continue
            section = _shown(folder, config.site_dir)
            message = f"taxonomy {plural!r} has the name of the section {section}/, and both"
            message += f" would be written at /{plural}/"
            hint = f'rename the folder, or the taxonomy: [taxonomies] {singular} = "{singular}-list"'
            if ctx.spot((key, singular))[1] is None:  # a default taxonomy: point at the folder
                raise SitegenError(message, folder, hint=hint)
            ctx.fail((key, singular), message, hint)


def _shown(folder: Path, site: Path) -> str:
    """content/posts, as the user knows it: from the site folder, wherever sitegen runs."""
    return folder.relative_to(site).as_posix() if folder.is_relative_to(site) else display_path(folder)


def _folders(root: Path) -> list[Path]:
    try:
        return [entry for entry in root.iterdir() if entry.is_dir()]
    except OSError:  # no content folder yet: the sources stage says so
        return []


def _holds_pages(folder: Path) -> bool:
    """Whether a folder holds a page: a Markdown file that is not an `_index` file."""
    for _, _, files in os.walk(folder):
        if any(f.endswith(".md") and not f.startswith(("_index.", ".")) for f in files):
            return True
    return False
