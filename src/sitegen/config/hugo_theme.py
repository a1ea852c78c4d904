"""Configuration stage, a Hugo site's themes: the config files each theme brings.

In: the site folder, its merged config (for `theme`) and the environment. Out: for
each theme, in Hugo's order, its parsed config files (`themes/<name>/hugo.toml` or
`config.toml`, then its own `config/_default/` and `config/<environment>/`). The
order is Hugo's module order, checked with Hugo 0.168: `theme = ["a", "b"]` where
a's config says `theme = "c"` is a, c, b, and the first to set a value wins.

Only the config is read: the theme's Go templates stay unused (hugo.py warns once).
A theme folder that is missing, or that leads outside the site (a link), is left
unread, so nothing outside the site folder is ever read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import warn
from .hugo_files import Source, config_files, read_sources

THEMES_FOLDER = "themes"


def theme_names(data: dict[str, Any]) -> list[str]:
    """`theme` as Hugo takes it: one name or a list of names (`"a,b"` is one odd name)."""
    value = next((v for k, v in data.items() if str(k).lower() == "theme"), None)
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [str(item) for item in items if item is not None and str(item) != ""]


def theme_sources(site_dir: Path, data: dict[str, Any], environment: str) -> list[list[Source]]:
    """The config files of each theme, first theme first, imports after their importer."""
    found: list[list[Source]] = []
    _collect(site_dir, theme_names(data), environment, found, set())
    return found


def _collect(
    site_dir: Path, names: list[str], environment: str, found: list[list[Source]], seen: set[str]
) -> None:
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        folder = _theme_folder(site_dir, name)
        if folder is None:
            continue
        sources = read_sources(config_files(folder, environment))
        found.append(sources)
        own: dict[str, Any] = {}
        for source in sources:
            if source.prefix == ():
                own.update(source.data)
        _collect(site_dir, theme_names(own), environment, found, seen)


def _theme_folder(site_dir: Path, name: str) -> Path | None:
    """themes/<name>/ when it is a folder inside the site; None otherwise."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None  # a path, not a name: Hugo would look for a module, sitegen reads nothing
    folder = site_dir / THEMES_FOLDER / name
    if not folder.is_dir():
        return None
    if not folder.resolve().is_relative_to(site_dir.resolve()):
        warn(
            f"theme {name!r} leads outside the site folder, so its config is not read",
            folder,
            hint="copy the theme into themes/ instead of linking to it",
        )
        return None
    return folder
