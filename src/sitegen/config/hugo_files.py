"""Configuration stage, Hugo's config files as text: parse one, and find where a key is.

In: one file of a Hugo site's (or theme's) config, TOML, YAML or JSON. Out: its text
and data, and the line and column where a key path is set, for messages. Kept apart
from hugo.py, which decides which files are read and in what order.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import SitegenError
from ..safe_text import find_unwritable, key_name
from ..yaml_aliases import ALIAS_HINTS, check_aliases
from .files import locate_key, read_text, strip_position, toml_error_position, toml_limit_error
from .merge import overlay

ROOT_NAMES = ("hugo", "config")
EXTENSIONS = ("toml", "yaml", "yml", "json")
ROOT_FILES = tuple(f"{name}.{ext}" for name in ROOT_NAMES for ext in EXTENSIONS)  # in precedence


# libyaml's loader when PyYAML has it; timestamps stay strings, as TOML's quoted dates do.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Source:
    """One config file, and where its top level lands in the merged config."""

    path: Path
    text: str
    data: dict[str, Any]
    prefix: tuple[str, ...]  # lowercase: () for the root, ("languages", "en", "menus") …

    def sets(self, keys: list[str]) -> bool:
        """Whether this file sets the key at `keys` (relative to its prefix)."""
        node: Any = self.data
        for key in keys:
            if not isinstance(node, dict):
                return False
            node = next((v for k, v in node.items() if str(k).lower() == key), _MISSING)
            if node is _MISSING:
                return False
        return True

    def locate(self, keys: list[str]) -> tuple[int | None, int | None]:
        if self.path.suffix.lower() == ".toml":
            return locate_key(self.text, tuple(keys))
        if self.path.suffix.lower() == ".json":
            return locate_json(self.text, keys)
        return locate_yaml(self.text, keys)


_MISSING = object()


def config_files(
    site_dir: Path, environment: str, roots: tuple[Path, ...] = ()
) -> list[tuple[Path, tuple[str, ...]]]:
    """Hugo's config files for this site in merge order, each with the key it fills.

    `roots` (`--config a.toml,b.toml`) replace the root file; merged last-first, as
    the left-most one wins in Hugo."""
    found: list[tuple[Path, tuple[str, ...]]] = [(root, ()) for root in reversed(roots)]
    root = next((site_dir / name for name in ROOT_FILES if (site_dir / name).is_file()), None)
    if root is not None and not roots:
        found.append((root, ()))
    for folder in dict.fromkeys(("_default", environment)):
        _walk(site_dir / "config" / folder, found)
    return found


def _walk(folder: Path, found: list[tuple[Path, tuple[str, ...]]]) -> None:
    """Go's filepath.Walk order: names sorted, subfolders entered where they sort."""
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_dir():
            _walk(entry, found)
        elif entry.suffix.lower().lstrip(".") in EXTENSIONS:
            found.append((entry, _key_path(entry.name.rsplit(".", 1)[0])))


def _key_path(stem: str) -> tuple[str, ...]:
    """Where a config-folder file goes: "params" -> params, "menus.en" -> languages.en.menus."""
    if stem in ROOT_NAMES:  # case-sensitive, as in Hugo
        return ()
    name, _, lang = stem.rpartition(".")
    if not name:
        return (stem.lower(),)
    path: tuple[str, ...] = ("languages", lang.lower())
    if name in ("menu", "menus", "params"):
        path += ("menus" if name.startswith("menu") else "params",)
    return path


def read_sources(files: list[tuple[Path, tuple[str, ...]]]) -> list[Source]:
    """Parse each config file, refusing what can't be written before anything copies it."""
    sources = []
    for path, prefix in files:
        text, parsed = parse_file(path)
        source = Source(path, text, parsed, prefix)
        _refuse_unwritable(source)  # before overlay copies (and recurses into) it
        sources.append(source)
    return sources


def merged(sources: list[Source]) -> dict[str, Any]:
    """The files laid one over another in order, each at the key its name gives."""
    data: dict[str, Any] = {}
    for source in sources:
        nested: Any = source.data
        for key in reversed(source.prefix):
            nested = {key: nested}
        overlay(data, nested)
    return data


def _refuse_unwritable(source: Source) -> None:
    """A NUL, a lone surrogate, a number past 4300 digits or nesting hundreds deep, at its line."""
    found = find_unwritable(source.data)
    if found is None:
        return
    keys = [k.lower() for k in found.where]
    line, col = source.locate(keys)
    while len(keys) > 1 and line is None:
        keys = keys[:-1]
        line, col = source.locate(keys)
    raise SitegenError(f"{key_name(found.where)} holds {found.what}", source.path, line, col, found.hint)


def parse_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Read one config file; a syntax error names this file, line and column."""
    text = read_text(path)
    kind = path.suffix.lower().lstrip(".")
    try:
        if kind == "toml":
            data = tomllib.loads(text)
        elif kind == "json":
            data = json.loads(text) if text.strip() else {}
        else:
            data = _load_yaml(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = toml_error_position(str(exc))
        raise SitegenError(f"invalid TOML: {strip_position(str(exc))}", path, line, col) from None
    except json.JSONDecodeError as exc:
        raise SitegenError(f"invalid JSON: {exc.msg}", path, exc.lineno, exc.colno) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "not valid YAML"
        raise SitegenError(f"invalid YAML: {problem}", path, line, col, ALIAS_HINTS.get(problem)) from None
    except (yaml.YAMLError, ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        # no position: a bad character, a number past int()'s digit limit, nesting too deep
        if kind == "toml":
            raise toml_limit_error(exc, text, path) from None
        first = str(exc).split("\n", 1)[0] or type(exc).__name__
        raise SitegenError(f"invalid {kind.upper().replace('YML', 'YAML')}: {first}", path) from None
    if data is None:  # an empty YAML file
        data = {}
    if not isinstance(data, dict):
        raise SitegenError("a config file must hold a table of settings (key: value)", path, 1, 1)
    return text, data


def _load_yaml(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        check_aliases(node)  # a billion laughs in hugo.yaml: refused before _merge copies it
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def locate_yaml(text: str, keys: list[str]) -> tuple[int | None, int | None]:
    """The line and column of a key in YAML, from the composed node tree."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None, None
    mark = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None, None
        pair = next(((k, v) for k, v in node.value if str(k.value).lower() == key), None)
        if pair is None:
            return None, None
        mark, node = pair[0].start_mark, pair[1]
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def locate_json(text: str, keys: list[str]) -> tuple[int | None, int | None]:
    """The line and column of a key in JSON: each key searched after its parent's.

    A scan, not a parse: it could land on a same-named key in an earlier sibling,
    but it names the right line for the usual config file, which is what a message needs.
    """
    at = 0
    for key in keys:
        m = re.compile(r'"' + re.escape(key) + r'"\s*:', re.IGNORECASE).search(text, at)
        if m is None:
            return None, None
        at = m.start()
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1
