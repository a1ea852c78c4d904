"""Configuration stage, Hugo's own files: read a Hugo site's config as Hugo 0.168 does.

Used only when a site has no `sitegen.toml`, so a Hugo site builds as it is.
Hugo's rules (gohugoio/hugo `config/allconfig/load.go` and `config/configLoader.go`):

- one root file, the first of hugo.toml|yaml|yml|json, then config.toml|yaml|yml|json;
- then the folder config/_default/ and then config/<environment>/, each walked
  recursively in name order. A file is named for the root key it holds:
  hugo.* and config.* are the root, params.toml is `[params]`, and a name with
  a language, `x.<lang>.toml`, goes under `[languages.<lang>]` (menus.<lang> and
  params.<lang> one level deeper, under `menus` and `params`);
- each file is merged over what came before: tables key by key, anything else
  (lists too) replaced. So the folder wins over the root file, and the
  environment folder over _default. Keys are case-insensitive.

Errors and warnings name the file and line where a key was set (`find`), so a
type error in config/_default/params.toml points there, not at hugo.toml.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import SitegenError, describe_value, warn
from ..safe_text import find_unwritable, key_name
from ..yaml_aliases import ALIAS_HINTS, check_aliases
from .files import Key, locate_key, read_text, strip_position, toml_error_position, toml_limit_error

ROOT_NAMES = ("hugo", "config")
EXTENSIONS = ("toml", "yaml", "yml", "json")
ROOT_FILES = tuple(f"{name}.{ext}" for name in ROOT_NAMES for ext in EXTENSIONS)  # in precedence
_SHOWN_IGNORED = 12  # names listed in the summary warning before "and N more"
HUGO_TAXONOMIES = {"tag": "tags", "category": "categories"}  # when a Hugo config names none

# Settings that change URLs or links and that sitegen does not implement: each gets
# its own warning when on, since the site would otherwise quietly differ from Hugo's.
_URL_SETTINGS = {
    "uglyurls": (
        "uglyURLs",
        "page URLs",
        "sitegen writes posts/first/index.html (/posts/first/), where Hugo would write posts/first.html",
    ),
    "disablepathtolower": ("disablePathToLower", "URLs", "sitegen lowercases paths, as Hugo does by default"),
    "removepathaccents": (
        "removePathAccents",
        "URLs",
        "sitegen keeps accented letters in paths, as Hugo does by default",
    ),
    "canonifyurls": ("canonifyURLs", "links", "sitegen leaves root-relative links (/about/) as written"),
    "relativeurls": ("relativeURLs", "links", "sitegen does not rewrite links relative to the page"),
}

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
            return _locate_json(self.text, keys)
        return _locate_yaml(self.text, keys)


_MISSING = object()


@dataclass
class HugoConfig:
    """The merged settings of a Hugo site, and the files they came from."""

    main_path: Path  # the root file, or the folder's main file: where summary messages point
    data: dict[str, Any]
    sources: list[Source]
    ignored: set[str] = field(default_factory=set)

    def find(self, where: Key) -> tuple[Path, int | None, int | None]:
        """The file (and line) that set this key last, which is the one whose value won."""
        keys = tuple(str(w).lower() for w in where)
        for source in reversed(self.sources):
            n = len(source.prefix)
            if n < len(keys) and source.prefix == keys[:n] and source.sets(list(keys[n:])):
                return (source.path, *source.locate(list(keys[n:])))
        # No file spells the key out: it is a file's own table (languages.en.toml is
        # languages.en), or holds one (menus.en.toml is inside languages.en).
        for inside in (False, True):
            for source in reversed(self.sources):
                if source.prefix[: len(keys)] == keys and (inside or len(source.prefix) == len(keys)):
                    return source.path, None, None
        return self.main_path, None, None

    def ignore(self, where: Key) -> None:
        """Note a setting sitegen does not use, for the one summary warning."""
        self.ignored.add(".".join(str(w) for w in where))

    def report_ignored(self) -> None:
        if not self.ignored:
            return
        names = sorted(self.ignored, key=str.lower)
        shown = ", ".join(names[:_SHOWN_IGNORED])
        if len(names) > _SHOWN_IGNORED:
            shown += f" and {len(names) - _SHOWN_IGNORED} more"
        many = len(names) != 1
        warn(
            f"{len(names)} Hugo setting{'s are' if many else ' is'} not used by sitegen and"
            f" {'were' if many else 'was'} ignored: {shown}",
            self.main_path,
        )


def load_hugo_config(site_dir: Path, environment: str) -> HugoConfig | None:
    """Read and merge a Hugo site's config files; None when the site has none."""
    files = config_files(site_dir, environment)
    if not files:
        return None
    data: dict[str, Any] = {}
    sources = []
    for path, prefix in files:
        text, parsed = _parse(path)
        source = Source(path, text, parsed, prefix)
        _refuse_unwritable(source)  # before _merge copies (and recurses into) it
        sources.append(source)
        nested: Any = source.data
        for key in reversed(prefix):
            nested = {key: nested}
        _merge(data, nested)
    root_files = [s.path for s in sources if s.prefix == ()]
    hugo = HugoConfig((root_files or [sources[0].path])[0], data, sources)
    _drop_disabled_languages(hugo)
    _warn_url_settings(hugo)
    _drop_theme(hugo)
    if not any(k.lower() == "taxonomies" for k in hugo.data):
        hugo.data["taxonomies"] = dict(HUGO_TAXONOMIES)  # Hugo's own default: the same URLs
    if not any(k.lower() == "capitalizelisttitles" for k in hugo.data):
        hugo.data["capitalizeListTitles"] = (
            True  # Hugo's default: "machine learning" titled "Machine Learning"
        )
    return hugo


def config_files(site_dir: Path, environment: str) -> list[tuple[Path, tuple[str, ...]]]:
    """Hugo's config files for this site in merge order, each with the key it fills."""
    found: list[tuple[Path, tuple[str, ...]]] = []
    root = next((site_dir / name for name in ROOT_FILES if (site_dir / name).is_file()), None)
    if root is not None:
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


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Merge new over into as Hugo's Params.Set does: tables deeply, anything else replaced.

    Keys match case-insensitively; the spelling first seen is kept, so templates see
    `params.mainSections` as written. An empty YAML/JSON value (null) sets nothing.
    """
    names = {str(k).lower(): k for k in into}
    for key, value in new.items():
        if value is None:
            continue
        old = names.get(str(key).lower())
        if old is not None and isinstance(into[old], dict) and isinstance(value, dict):
            _merge(into[old], value)
            continue
        if isinstance(value, dict):
            copied: dict[str, Any] = {}
            _merge(copied, value)
            value = copied
        into[old if old is not None else str(key)] = value
        names[str(key).lower()] = old if old is not None else str(key)


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


def _drop_disabled_languages(hugo: HugoConfig) -> None:
    """`languages.<code>.disabled = true` and `disableLanguages = [...]` leave a language out."""
    data = hugo.data
    top = {k.lower(): k for k in data}
    disabled: dict[str, tuple[Any, ...]] = {}
    if "disablelanguages" in top:
        key = top["disablelanguages"]
        codes = data.pop(key)
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            _fail(
                hugo,
                (key,),
                f"disableLanguages must be a list of language codes, not {describe_value(codes)}",
            )
        disabled.update({c.lower(): (key,) for c in codes})
    for code, entry in _language_tables(data):
        flag = next((k for k in entry if k.lower() == "disabled"), None)
        if flag is None:
            continue
        if not isinstance(entry[flag], bool):
            _fail(
                hugo,
                ("languages", code, flag),
                f"languages.{code}.disabled must be true or false, not {describe_value(entry[flag])}",
            )
        if entry.pop(flag):
            disabled[code.lower()] = ("languages", code, flag)
    languages = data.get(top.get("languages", ""))
    if isinstance(languages, dict):
        for code in [c for c in languages if c.lower() in disabled]:
            del languages[code]
    default = str(data.get(top.get("defaultcontentlanguage", ""), "en")).lower()
    if default in disabled:  # Hugo stops here too
        _fail(
            hugo,
            disabled[default],
            f"the default language {default!r} is disabled",
            hint="enable it, or set defaultContentLanguage to another language",
        )


def _warn_url_settings(hugo: HugoConfig) -> None:
    """Warn, each at its line, about URL settings sitegen cannot honour; then drop them."""
    for key in list(hugo.data):
        if key.lower() not in _URL_SETTINGS:
            continue
        name, what, hint = _URL_SETTINGS[key.lower()]
        value = hugo.data.pop(key)  # off is Hugo's default, which is what sitegen does anyway
        on = any(v is True for v in value.values()) if isinstance(value, dict) else value is True
        if on:
            warn(f"{name} is not supported, so {what} will differ from Hugo's", *hugo.find((key,)), hint=hint)
    for code, entry in _language_tables(hugo.data):
        for key in [k for k in entry if k.lower() == "baseurl"]:
            del entry[key]
            warn(
                f"languages.{code}.baseURL is not supported, so URLs will differ from Hugo's",
                *hugo.find(("languages", code, key)),
                hint="sitegen puts every language under the one baseURL, with its prefix",
            )


def _drop_theme(hugo: HugoConfig) -> None:
    """A Hugo theme is Go templates, which sitegen can't run: say so once, and build
    with sitegen's own theme (templates.find_theme does that for every Hugo site)."""
    key = next((k for k in hugo.data if k.lower() == "theme"), None)
    if key is None:
        return
    names = hugo.data.pop(key)
    names = [str(n) for n in names] if isinstance(names, list) else [str(names)]
    what = f"theme {names[0]!r} is" if len(names) == 1 else f"themes {', '.join(map(repr, names))} are"
    where, line, col = hugo.find((key,))
    warn(
        f"Hugo {what} not used: Go templates can't run in sitegen, which builds the"
        " site with its own default theme",
        where,
        line,
        col,
        hint="your content, config and static/ files are used as they are",
    )


def _language_tables(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The `[languages.<code>]` tables; anything of the wrong type is left for config.py."""
    languages = next((v for k, v in data.items() if k.lower() == "languages"), None)
    if not isinstance(languages, dict):
        return []
    return [(code, entry) for code, entry in languages.items() if isinstance(entry, dict)]


def _fail(hugo: HugoConfig, where: Key, message: str, hint: str | None = None) -> None:
    path, line, col = hugo.find(where)
    raise SitegenError(message, path, line, col, hint)


def _parse(path: Path) -> tuple[str, dict[str, Any]]:
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


def _locate_yaml(text: str, keys: list[str]) -> tuple[int | None, int | None]:
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


def _locate_json(text: str, keys: list[str]) -> tuple[int | None, int | None]:
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
