"""Unknown shortcodes: one report per name for the whole site, not one per use.

A Hugo site moved to sitegen often calls theme shortcodes that have no
template here (`{{< notice >}}`); every Hugo 0.168 built-in and every Blowfish
shortcode has one. Stopping at the first use in each file would make the
author fix them one build at a time; instead every use is collected, and the
pipeline reports each name once, at its first use, listing every place.

Pages render in worker processes, so a worker returns each use as an
`UnknownUse` problem and the parent groups them (`report_unknown`), which
keeps the message the same whatever the scheduling. With
`--unknown-shortcodes=warn` the groups are warnings, and each use renders as
what is between its tags, an inline tag as a visible placeholder showing the tag
as written (`{{< icon "github" >}}`), so no writing is lost and none vanishes unseen.

The hint says what would fix it: a Jinja template in `layouts/shortcodes/`; for
a site configured by Hugo's own files, whose layouts are Go templates sitegen
cannot run, it names the Go template instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..errors import Problem, display_path
from .parser import Shortcode

LISTED = 10  # places named in one message; a longer list ends with "and N more"


@dataclass(frozen=True)
class UnknownUse(Problem):
    """One use of an unknown shortcode, as a worker reports it; never shown alone."""

    name: str = ""


def unknown_use(sc: Shortcode, source: str, path: Path | str) -> UnknownUse:
    """The use of `sc`, located at its name as a typo would be: `{{< leed >}}` -> `leed`."""
    name_at = source.index(sc.name, sc.start + len(sc.spelling))  # only spaces come between
    line = sc.line + source.count("\n", sc.start, name_at)
    line_start = source.rfind("\n", 0, name_at) + 1
    col = name_at - line_start + 1 if line != sc.line else sc.col + name_at - sc.start
    return UnknownUse(f"unknown shortcode '{sc.name}'", path, line, col, name=sc.name)


def split_unknown(found: Iterable[Problem]) -> tuple[list[Problem], list[UnknownUse]]:
    """Separate the uses of unknown shortcodes from a page's other problems."""
    other: list[Problem] = []
    unknown: list[UnknownUse] = []
    for problem in found:
        if isinstance(problem, UnknownUse):
            unknown.append(problem)
        else:
            other.append(problem)
    return other, unknown


def report_unknown(uses: Iterable[UnknownUse], known: Iterable[str], config: SiteConfig) -> list[Problem]:
    """One problem per unknown name, at its first use, listing every use in file order.

    With `config.unknown_shortcodes` "warn" they are warnings (the uses rendered what is
    between their tags), else errors.
    """
    by_name: dict[str, list[UnknownUse]] = {}
    for use in sorted(uses, key=lambda u: (str(u.path), u.line or 0, u.col or 0)):
        by_name.setdefault(use.name, []).append(use)
    names = sorted(known)
    severity = "warning" if config.unknown_shortcodes == "warn" else "error"
    return [
        Problem(
            _message(name, places),
            places[0].path,
            places[0].line,
            places[0].col,
            _hint(name, names, config),
            severity,
        )
        for name, places in by_name.items()
    ]


def _message(name: str, places: list[UnknownUse]) -> str:
    message = f"unknown shortcode '{name}'"
    if len(places) == 1:
        return message  # its one place is the location already
    shown = [f"{display_path(u.path or '')}:{u.line}" for u in places[:LISTED]]
    if len(places) > LISTED:
        shown.append(f"and {len(places) - LISTED} more")
    return f"{message} (used {len(places)} times: {', '.join(shown)})"


def _hint(name: str, known: list[str], config: SiteConfig) -> str:
    warn = config.unknown_shortcodes == "warn"
    go_template = None
    if config.from_hugo:  # its layouts hold Go templates: no place for a Jinja one
        go_template = _go_template(config.site_dir, name)
        fix = ""
    else:
        fix = f"add a template at layouts/shortcodes/{name}.html"
    skipped = "each use shows as a placeholder, keeping what is between its tags"
    if warn:
        action = f"{skipped}; {fix} to render it" if fix else skipped
    else:
        action = (
            f"{fix}, or build" if fix else "build"
        ) + " with --unknown-shortcodes=warn to skip it, keeping what is between its tags"
    if go_template:
        return f"{go_template} is a Hugo (Go) template, which sitegen cannot run; {action}"
    # 0.75, not 0.6: short names drew far-fetched guesses (ad -> lead)
    if close := difflib.get_close_matches(name, known, n=1, cutoff=0.75):
        then = "Otherwise " + action if not warn else action[0].upper() + action[1:]
        return f"did you mean '{close[0]}'? {then}"
    return action


def _go_template(site: Path, name: str) -> str | None:
    """Where a Hugo site keeps its own template of this shortcode, if it has one."""
    for layouts in [site / "layouts", *sorted(site.glob("themes/*/layouts"))]:
        for folder in ("_shortcodes", "shortcodes"):  # Hugo 0.146's name, then the older one
            if (layouts / folder / f"{name}.html").is_file():
                return (layouts / folder / f"{name}.html").relative_to(site).as_posix()
    return None
