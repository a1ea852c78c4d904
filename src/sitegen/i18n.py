"""Template stage, UI strings: `i18n/<lang>.yaml` or `.toml` (theme, then site) -> `Translator`.

A file maps string ids to text, or to Hugo's plural table (`{one: …, other: …}`).
Anything else (a list, a nested table, a file that is not UTF-8, a `{` with no
`}`) is an error at the file, line and column of the id, found when the file is
read, not when a template first asks for the string. A placeholder no template
fills (`{cont}` for `{count}`) can only be found then: it is reported at the id too.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .config import SiteConfig
from .config.files import locate_key, read_text, strip_position, toml_error_position
from .errors import SitegenError, describe_value
from .safe_text import find_unwritable
from .yaml_aliases import ALIAS_HINTS, check_aliases

EXTENSIONS = ("yaml", "toml")  # in this order: a .toml beside a .yaml wins, as it is read last
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")  # CLDR's, as in Hugo's tables
Origin = tuple[Path, int | None, int | None]  # where a string id was set
Locate = Callable[[str], tuple[int | None, int | None]]  # a file's id -> line, column


class _Loader(yaml.SafeLoader):
    """Safe YAML, with its timestamps left as text: a translation is never a date. The
    pure-Python loader: i18n files are small, and its messages are the clearer ones."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Translator:
    """UI strings for one language: `T("reading_time", count=5)`."""

    def __init__(self, strings: Mapping[str, Any], lang: str, origins: Mapping[str, Origin] | None = None):
        self.strings, self.lang = strings, lang
        self.origins = origins or {}

    def __call__(self, key: str, count: int | None = None, **values: Any) -> str:
        entry = self.strings.get(key, key)
        if isinstance(entry, dict):
            form = "one" if count == 1 and "one" in entry else "other"
            entry = entry.get(form, key)
        try:
            return str(entry).format(count=count, **values)
        except (KeyError, IndexError, AttributeError, ValueError, TypeError) as exc:
            path, line, col = self.origins.get(key, (None, None, None))
            given = ", ".join(f"{{{n}}}" for n in ["count", *values])
            raise SitegenError(
                f"i18n string {key!r} asks for {_placeholder(exc)}, which this template does not give",
                path,
                line,
                col,
                hint=f"placeholders here are {given}; write {{{{ and }}}} for a brace",
            ) from None


def _placeholder(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{{{exc.args[0]}}}"
    if isinstance(exc, IndexError):
        return "a numbered placeholder such as {0}"
    return "a placeholder it cannot fill"


def load_translators(config: SiteConfig, i18n_dirs: tuple[Path, ...]) -> dict[str, Translator]:
    """Read i18n/<lang>.yaml|toml (theme, then site); fall back to the base language, then English."""
    result = {}
    for lang in config.languages:
        strings: dict[str, Any] = {}
        origins: dict[str, Origin] = {}
        for name in dict.fromkeys(("en", lang.code.split("-")[0], lang.code)):
            for folder in i18n_dirs:
                for ext in EXTENSIONS:
                    found = read_i18n(_named(folder, f"{name}.{ext}"))
                    strings.update({k: v for k, (v, _) in found.items()})
                    origins.update({k: o for k, (_, o) in found.items()})
        result[lang.code] = Translator(strings, lang.code, origins)
    return result


def _named(folder: Path, name: str) -> Path:
    """folder/name, or the file whose name is name in another case: language codes are
    case-insensitive, so i18n/zh-CN.yaml is the table of [languages.zh-cn], as in Hugo."""
    exact = folder / name
    if exact.is_file() or not folder.is_dir():
        return exact
    return next((p for p in sorted(folder.iterdir()) if p.name.lower() == name), exact)


def read_i18n(path: Path) -> dict[str, tuple[Any, Origin]]:
    """One translation file: each id's text (or plural table) and where it was set."""
    if not path.is_file():
        return {}
    text = read_text(path)  # not UTF-8: an error at the first bad byte's line
    data = _parse_toml(path, text) if path.suffix == ".toml" else _parse_yaml(path, text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SitegenError("an i18n file must map string ids to text (id: text)", path, 1, 1)
    locate = _toml_locator(text) if path.suffix == ".toml" else _yaml_locator(text)
    out: dict[str, tuple[Any, Origin]] = {}
    for key, value in data.items():
        origin = (path, *locate(str(key)))
        out[str(key)] = (_checked(str(key), value, origin), origin)
    return out


def _checked(key: str, value: Any, origin: Origin) -> Any:
    """Text, or a table of plural forms holding text; numbers are text too (`404: 404`)."""
    found = find_unwritable(value)
    if found:
        _fail(origin, f"i18n string {key!r} holds {found.what}", found.hint)
    if isinstance(value, dict):
        wrong = sorted(str(k) for k in value if str(k) not in PLURAL_FORMS)
        if wrong:
            forms = ", ".join(PLURAL_FORMS)
            message = f"i18n string {key!r} has {wrong[0]!r}, which is not a plural form"
            _fail(origin, message, f"a table holds plural forms only: {forms}")
        if "other" not in value:  # what every count but one (and a missing form) falls back to
            _fail(
                origin, f"i18n string {key!r} has no 'other' form", "e.g. {one: 1 post, other: {count} posts}"
            )
        return {str(form): _text(f"{key}.{form}", text, origin) for form, text in value.items()}
    return _text(key, value, origin)


def _text(key: str, value: Any, origin: Origin) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        _fail(
            origin,
            f"i18n string {key!r} must be text or a table of plural forms, not {describe_value(value)}",
            'e.g. read_more: "Read more", or posts: {one: "1 post", other: "{count} posts"}',
        )
    try:
        list(string.Formatter().parse(str(value)))
    except ValueError as exc:  # "Single '}' encountered in format string"
        _fail(origin, f"i18n string {key!r} has a stray brace ({exc})", "write {{ and }} for a brace")
    return str(value)


def _fail(origin: Origin, message: str, hint: str | None = None) -> NoReturn:
    raise SitegenError(message, *origin, hint=hint)


def _parse_yaml(path: Path, text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        check_aliases(node)
        return loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise SitegenError(f"invalid YAML: {problem}", path, line, col, ALIAS_HINTS.get(problem)) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # a control character, a huge number
        first = str(exc).split("\n", 1)[0] or type(exc).__name__
        raise SitegenError(f"invalid YAML: {first}", path) from None
    finally:
        loader.dispose()


def _parse_toml(path: Path, text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = toml_error_position(str(exc))
        raise SitegenError(f"invalid TOML: {strip_position(str(exc))}", path, line, col) from None
    except (ValueError, RecursionError) as exc:  # a number past 4300 digits, nesting too deep
        raise SitegenError(f"invalid TOML: {exc or 'nested too deeply'}", path) from None


def _yaml_locator(text: str) -> Locate:
    """id -> (line, col) of where a top-level id is written in YAML."""
    node = yaml.compose(text, Loader=_Loader)
    where: dict[str, tuple[int | None, int | None]] = {}
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            where.setdefault(str(k.value), (k.start_mark.line + 1, k.start_mark.column + 1))
    return lambda key: where.get(key, (None, None))


def _toml_locator(text: str) -> Locate:
    return lambda key: locate_key(text, (key,))
