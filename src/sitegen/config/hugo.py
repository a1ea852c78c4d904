"""Configuration stage, Hugo's own files: read a Hugo site's config as Hugo 0.168 does.

Used only when a site has no `sitegen.toml`, so a Hugo site builds as it is.
Hugo's rules (gohugoio/hugo `config/allconfig/load.go` and `config/configLoader.go`):

- one root file, the first of hugo.toml|yaml|yml|json, then config.toml|yaml|yml|json;
- then the folder config/_default/ and then config/<environment>/, each walked
  recursively in name order. A file is named for the root key it holds:
  hugo.* and config.* are the root, params.toml is `[params]`, and a name with
  a language, `x.<lang>.toml`, goes under `[languages.<lang>]` (menus.<lang> and
  params.<lang> one level deeper, under `menus` and `params`);
- each file is merged over what came before (merge.overlay): tables key by key,
  anything else (lists too) replaced. So the folder wins over the root file, and
  the environment folder over _default. Keys are case-insensitive;
- then each theme's config goes under that (hugo_theme.py finds the files, merge.py
  merges them by `_merge`, Hugo's way): a theme adds params and menus unless a
  table's `_merge` says otherwise.

Errors and warnings name the file and line where a key was set (`find`), so a
type error in config/_default/params.toml points there, not at hugo.toml, and one
in a theme's config points into the theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SitegenError, describe_value, warn
from .files import Key, weakly
from .hugo_files import Source, config_files, merged, read_sources
from .hugo_theme import theme_names, theme_sources
from .merge import HUGO_TAXONOMIES, merge_theme, set_strategies, strip_strategies

_SHOWN_IGNORED = 12  # names listed in the summary warning before "and N more"

# Settings that change URLs or links and that sitegen does not implement: each gets
# its own warning when on, since the site would otherwise quietly differ from Hugo's.
_URL_SETTINGS = {
    "uglyurls": (
        "uglyURLs",
        "page URLs",
        "sitegen writes posts/first/index.html (/posts/first/), where Hugo would write posts/first.html",
    ),
    "removepathaccents": (
        "removePathAccents",
        "URLs",
        "sitegen keeps accented letters in paths, as Hugo does by default",
    ),
    "canonifyurls": ("canonifyURLs", "links", "sitegen leaves root-relative links (/about/) as written"),
    "relativeurls": ("relativeURLs", "links", "sitegen does not rewrite links relative to the page"),
}


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


def load_hugo_config(site_dir: Path, environment: str, roots: tuple[Path, ...] = ()) -> HugoConfig | None:
    """Read and merge a Hugo site's config files, and its themes'; None when it has none.

    `roots`: Hugo's `--config a.toml,b.yaml`, in place of hugo.toml; the left-most wins."""
    files = config_files(site_dir, environment, roots)
    if not files:
        return None
    sources = read_sources(files)
    data = merged(sources)
    root_files = [s.path for s in sources if s.prefix == ()]
    themes = theme_sources(site_dir, data, environment)
    if themes:
        set_strategies(data)
        default = str(next((v for k, v in data.items() if k.lower() == "defaultcontentlanguage"), "en"))
        for theme in themes:
            merge_theme(data, merged(theme), default)
    strip_strategies(data)
    # the theme's files rank below the site's: the first theme's just below them
    ranked = [source for theme in reversed(themes) for source in theme] + sources
    hugo = HugoConfig((root_files or [sources[0].path])[0], data, ranked)
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


def _drop_disabled_languages(hugo: HugoConfig) -> None:
    """`languages.<code>.disabled = true` and `disableLanguages = [...]` leave a language out."""
    data = hugo.data
    top = {k.lower(): k for k in data}
    disabled: dict[str, tuple[Any, ...]] = {}
    if "disablelanguages" in top:
        key = top["disablelanguages"]
        codes = data.pop(key)
        codes = [codes] if isinstance(codes, str) else codes  # one code: Hugo takes it as a list
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
        values = value.values() if isinstance(value, dict) else [value]  # per output format, or one
        on = any(weakly(v, bool) is True for v in values)  # "true" too, as Hugo decodes it
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
    names = theme_names({key: hugo.data.pop(key)})
    if not names:  # theme = "" or []: no theme, nothing to say
        return
    what = f"theme {names[0]!r} is" if len(names) == 1 else f"themes {', '.join(map(repr, names))} are"
    where, line, col = hugo.find((key,))
    warn(
        f"Hugo {what} not used: Go templates can't run in sitegen, which builds the"
        " site with its own default theme",
        where,
        line,
        col,
        hint="your content, config and static/ files are used as they are, and the theme's"
        " config goes under yours as Hugo merges it",
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
