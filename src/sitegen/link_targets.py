"""Where a page's plain Markdown links and images go: Hugo 0.168's embedded hooks.

Hugo's embedded `render-link.html` and `render-image.html` (used when a site has
no hooks of its own), checked with the real binary:

- a link that is only `#x` becomes the page's own URL + `#x`;
- any other link without a scheme is looked up with `.Page.GetPage` (the path as
  written, `./` dropped: `/guides/x/`, `guides/x.md`, `../other.md`, never a
  bare name), in the calling page's language, then as a page resource; found,
  it is that page's or file's URL, with the written query and fragment kept;
- an image is looked up as a page resource only;
- anything else (other sites, `mailto:`, static files, missing pages) stays as
  written, so `sitegen check` still reports a broken one where it is written.

Page resources, per language (Hugo 0.168): `photo.en.png` is `photo.png` on the
English page; a file without a language suffix belongs to the default
language and is shared, so other languages link the default language's copy;
names match in any case. sitegen copies every resource beside each
language's page, so each of these links finds its file.

Each resolution is recorded as a `RefCall` (`lang` is `<link>` or `<image>`),
so the render cache re-checks them when other pages or resources change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from .config import SiteConfig
from .model import PageKey
from .refs import RefIndex, RefTarget
from .shortcodes.expand import RefCall
from .site import SitePlan
from .sources import split_language_suffix
from .urls import quote_path

LINK, IMAGE = "<link>", "<image>"  # in a RefCall's lang place: never a language code


class PageLinks:
    """The embedded hooks for one page: call with a destination, get its new one or None."""

    def __init__(
        self, refs: RefIndex, page: RefTarget, resources: dict[str, str], keep: frozenset[str] = frozenset()
    ) -> None:
        self.refs, self.page, self.resources, self.keep = refs, page, resources, keep
        self.calls: list[RefCall] = []

    def __call__(self, href: str, image: bool) -> str | None:
        if href in self.keep:  # printed by {{< ref >}}: Hugo's hook never sees it
            return None
        found = self.resolve(href, image)
        self.calls.append((href, IMAGE if image else LINK, False, found))
        return found

    def resolve(self, href: str, image: bool) -> str | None:
        """The URL Hugo's hook makes of a destination, or None to keep it as written."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            return None
        if href.startswith("#"):
            return None if image or len(href) == 1 else (self.page.url or "") + href
        path = unquote(parts.path).removeprefix("./")
        if not path:
            return None
        target = None if image else self.refs.get_page(path, page=self.page)
        url = target.url if target is not None else self.resources.get(path.lower())
        if url is None:
            return None
        return (
            url
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )


def image_captions(config: SiteConfig) -> bool:
    """Whether the site asks for image titles as captions: `[params] imageCaptions = true`."""
    return any(str(k).lower() == "imagecaptions" and v is True for k, v in config.params.items())


def page_links(plan: SitePlan, refs: RefIndex, key: PageKey, keep: Iterable[str] = ()) -> PageLinks:
    """The link hooks of a published page, with its bundle's resources for its language;
    `keep`: destinations to leave as written (what `{{< ref >}}` printed)."""
    return PageLinks(refs, plan.ref_target(key), resource_urls(plan, key), frozenset(keep))


def links_unchanged(links: PageLinks, calls: Iterable[RefCall]) -> bool:
    """Whether every link the page's hooks resolved still resolves the same way."""
    return all(
        links.resolve(href, kind == IMAGE) == found for href, kind, _, found in calls if kind in (LINK, IMAGE)
    )


def resource_urls(plan: SitePlan, key: PageKey) -> dict[str, str]:
    """Lower-cased resource name -> URL, as the page's language sees its bundle."""
    config = plan.config
    spec = plan.specs[key]
    if spec.doc is None or not spec.doc.source.bundle:
        return {}
    codes = {lang.code for lang in config.languages}
    default = PageKey(config.default_language, key.kind, key.path)
    home = spec.doc.source.path.parent
    shared = default if _same_bundle(plan, default, home) else key
    own_urls = _urls(plan, key)
    shared_urls = _urls(plan, shared)
    found: dict[str, str] = {}
    ranked: list[tuple[int, str, str]] = []  # (rank, name, url): own language first
    for rel, url in own_urls.items():
        name, lang = _without_language(rel, codes)
        if lang == key.lang:
            ranked += [(0, rel, url), (0, name, url)]
        elif lang is None:
            ranked.append((1, rel, shared_urls.get(rel, url)))
        elif lang == config.default_language and shared != key:
            ranked += [(2, rel, shared_urls.get(rel, url)), (2, name, shared_urls.get(rel, url))]
    for _, name, url in sorted(ranked, key=lambda r: r[0]):
        found.setdefault(name.lower(), url)
    return found


def _same_bundle(plan: SitePlan, key: PageKey, folder: object) -> bool:
    spec = plan.specs.get(key)
    return spec is not None and spec.doc is not None and spec.doc.source.path.parent == folder


def _urls(plan: SitePlan, key: PageKey) -> dict[str, str]:
    base = plan.config.base_path
    return {r.name: quote_path(f"{base}/{r.output_path}") for r in plan.resources(key)}


def _without_language(rel: str, codes: set[str]) -> tuple[str, str | None]:
    """`img/photo.en.png` -> ("img/photo.png", "en") when en is a configured language."""
    path = PurePosixPath(rel)
    stem, lang = split_language_suffix(path.stem, codes)
    if lang is None:
        return rel, None
    return str(path.with_name(stem + path.suffix)), lang
