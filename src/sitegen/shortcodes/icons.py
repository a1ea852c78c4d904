"""Icons for shortcodes and templates: an icon name -> inline SVG markup.

The names are Blowfish's (its `assets/icons/*.svg`), so `{{< icon "github" >}}` and
`icon("github")` in a template work as on a Blowfish site. The glyphs come from
Font Awesome Free 6.6 (PyPI `fontawesomefree`: the official package, from Fonticons,
Inc.; icons CC BY 4.0), which is what Blowfish's own icons are drawn from, so most
names map one to one. Blowfish names Font Awesome Free lacks (Codeberg, Forgejo,
Gitea, Matrix, PeerTube, ...) are Simple Icons files (CC0) kept in `icon_svgs/`
beside this module; see its LICENSE.md. A site's own `assets/icons/NAME.svg` wins
over both, as in Blowfish.

Only the icons a page uses end up in it, each inline where it is used: no sprite,
no font, no request.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

FONT_AWESOME = Path(
    str(files("fontawesomefree") / "static/fontawesomefree/js-packages/@fortawesome/fontawesome-free/svgs")
)
KEPT = Path(__file__).parent / "icon_svgs"

# Every icon Blowfish ships (its assets/icons/), by name.
_NAMES = """
a11y amazon apple bars bell blogger bluesky bomb bug check chess-com chevron-down
circle-exclamation circle-info circle-question cloud-moon cloud code codeberg codepen
comment dblp dev discord discourse docker download dribbble edit email envelope expand eye
facebook fediverse fire flickr forgejo fork foursquare ghost gitea github github_gist gitlab
globe goodreads google-scholar google googlescholar graduation-cap hackernews hashnode
heart-empty heart image instagram itch-io keybase keyoxide kickstarter ko-fi language lastfm
lichess lightbulb line link linkedin list-check list-ol list location-dot lock mastodon
matrix medium microsoft moon mug-hot music octagon-exclamation orcid patreon paypal peertube
pencil pgpkey phone pinterest pixelfed poo printables quote-left reddit researchgate
rss-square rss rss_square scale-balanced search shield signal skull-crossbones slack
snapchat soundcloud spotify stack-overflow star steam strava stripe substack sun tag
telegram threads tiktok triangle-exclamation tumblr twitch twitter wand-magic-sparkles
whatsapp worktree x-twitter xing xmark youtube
"""
BLOWFISH_ICONS = tuple(_NAMES.split())

# Blowfish name -> where its glyph is, for names that are not Font Awesome's own
# (`solid/x`, `regular/x`, `brands/x` under Font Awesome; `kept/x` in icon_svgs/).
# A name not listed here is looked up in Font Awesome as solid, then brands.
ALIASES = {
    "a11y": "solid/universal-access",
    "edit": "solid/pen-to-square",
    "email": "solid/envelope",
    "fork": "solid/code-fork",
    "search": "solid/magnifying-glass",
    "rss-square": "solid/square-rss",
    "rss_square": "solid/square-rss",
    "heart-empty": "regular/heart",
    "pgpkey": "solid/key",
    "hackernews": "brands/hacker-news",
    "googlescholar": "brands/google-scholar",
    "github_gist": "brands/github-alt",  # Blowfish draws the Octocat's face, as github-alt
    "signal": "brands/signal-messenger",  # Blowfish's is the messenger's logo
    "chess-com": "kept/chessdotcom",
    "ko-fi": "kept/kofi",
    "codeberg": "kept/codeberg",
    "forgejo": "kept/forgejo",
    "gitea": "kept/gitea",
    "dblp": "kept/dblp",
    "lichess": "kept/lichess",
    "matrix": "kept/matrix",
    "peertube": "kept/peertube",
    "pixelfed": "kept/pixelfed",
    "printables": "kept/printables",
    "substack": "kept/substack",
    "octagon-exclamation": "kept/octagon-exclamation",
    # No free glyph of these exists in either package; the nearest in meaning stands in.
    "fediverse": "kept/activitypub",  # the fediverse's protocol, instead of its pentagram
    "keyoxide": "solid/key",  # Keyoxide proves keys: a key
    "worktree": "solid/code-branch",  # Blowfish's own mark of stacked chevrons
    # Named by Blowfish's templates (external) though it ships no file for them.
    "external-link": "solid/arrow-up-right-from-square",
    "users": "solid/users",
}

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SVG = re.compile(r"<svg\b([^>]*)>(.*)</svg>", re.DOTALL)
_DROP = re.compile(r"<!--.*?-->|<title>.*?</title>|<\?xml[^>]*\?>", re.DOTALL)


class UnknownIcon(ValueError):
    """An icon name found nowhere; `hint` offers the nearest names."""

    def __init__(self, name: str, hint: str) -> None:
        super().__init__(f"unknown icon {name!r}")
        self.name, self.hint = name, hint


def icon_file(name: str, custom: tuple[Path, ...] = ()) -> Path | None:
    """Find the SVG file for an icon name: the site's own first, then Blowfish's names."""
    if not _NAME.fullmatch(name):
        return None  # never a path: `../x` must not reach outside the icon folders
    for folder in custom:
        if (own := folder / f"{name}.svg").is_file():
            return own
    where = ALIASES.get(name)
    if where is None:
        if name not in BLOWFISH_ICONS:
            return None
        found = (FONT_AWESOME / style / f"{name}.svg" for style in ("solid", "brands"))
        return next((f for f in found if f.is_file()), None)
    style, _, base = where.partition("/")
    return KEPT / f"{base}.svg" if style == "kept" else FONT_AWESOME / style / f"{base}.svg"


@lru_cache(maxsize=512)
def _svg_parts(path: Path, mtime_ns: int) -> tuple[str, str]:
    """(viewBox, inner markup) of an SVG file; comments, titles and size attributes go.

    Keyed by modification time too, so `serve` sees a site's edited icon."""
    text = _DROP.sub("", path.read_text(encoding="utf-8"))
    match = _SVG.search(text)
    if match is None:
        return "0 0 16 16", ""
    attrs, inner = match.groups()
    box = re.search(r'viewBox="([^"]*)"', attrs)
    if box is None:  # a site's own icon with only width/height: they become its box
        width = re.search(r'\bwidth="([\d.]+)', attrs)
        height = re.search(r'\bheight="([\d.]+)', attrs)
        size = f"0 0 {width.group(1) if width else 16} {height.group(1) if height else 16}"
        return size, inner.strip()
    return box.group(1), inner.strip()


def icon_svg(name: str, label: str = "", custom: tuple[Path, ...] = ()) -> Markup:
    """`{{ icon("github") }}`: the icon as inline SVG; with `label`, read out by screen readers.

    Raises UnknownIcon for a name found nowhere (the caller warns where it was used).
    """
    name = str(name).strip()
    path = icon_file(name, custom)
    if path is None or not path.is_file():
        raise UnknownIcon(name, _did_you_mean(name, custom))
    box, inner = _svg_parts(path, path.stat().st_mtime_ns)
    # Without a label the icon is decoration beside text that says the same.
    a11y = f' role="img" aria-label="{escape(label)}"' if label else ' aria-hidden="true"'
    return Markup(
        f'<svg class="icon icon-{escape(name)}" viewBox="{escape(box)}" fill="currentColor"'
        f' focusable="false"{a11y}>{inner}</svg>'
    )


def _did_you_mean(name: str, custom: tuple[Path, ...]) -> str:
    known = set(BLOWFISH_ICONS) | set(ALIASES)
    for folder in custom:
        if folder.is_dir():
            known.update(p.stem for p in folder.glob("*.svg"))
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "icons are Blowfish's names (github, envelope, circle-info, ...) or a site's assets/icons/NAME.svg"
