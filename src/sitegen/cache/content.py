"""The render cache: a document's key -> its rendered content, from an earlier build.

The key covers everything known before rendering: the code, the config, the
body as written, where it sits in its file, and what shortcodes can see of the
page (`ShortcodePage`) and of its place for relative refs (`RefTarget`). What
is only known after rendering is recorded in the entry and re-checked on use:
the shortcode templates the body used, and what each of its refs printed (a
ref's output changes when the page it names moves, though this body did not).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..config import SiteConfig
from ..link_targets import links_unchanged, page_links
from ..model import PageKey, Rendered
from ..shortcodes import RefCall, Shortcodes
from ..site import SitePlan
from .plain import (
    Shape,
    ref_calls_from_plain,
    ref_calls_to_plain,
    rendered_from_plain,
    rendered_to_plain,
    table,
    text,
)
from .store import Store, config_version, digest


@dataclass(frozen=True)
class Entry:
    """One body's rendered content, as stored in content.sqlite."""

    templates: str  # digest of the shortcode templates used, when it was made
    ref_calls: list[RefCall]
    rendered: Rendered


_ENTRY = frozenset({"templates", "ref_calls", "rendered"})


def entry_to_plain(entry: Entry) -> dict[str, object]:
    """The entry as JSON-ready data (see plain.py)."""
    return {
        "templates": entry.templates,
        "ref_calls": ref_calls_to_plain(entry.ref_calls),
        "rendered": rendered_to_plain(entry.rendered),
    }


def entry_from_plain(value: object) -> Entry:
    """The entry entry_to_plain wrote; `Shape` for anything else."""
    d = table(value, _ENTRY)
    return Entry(
        text(d["templates"]), ref_calls_from_plain(d["ref_calls"]), rendered_from_plain(d["rendered"])
    )


class ContentCache:
    """Rendered content of one build's documents, looked up before rendering them."""

    def __init__(
        self, root: Path, config: SiteConfig, plan: SitePlan, shortcodes: Shortcodes, *, check: bool
    ) -> None:
        # check renders less (no HTML kept), so it only reads what builds stored
        self.store = Store(root, "content", read_only=check)
        self.plan, self.shortcodes, self.check = plan, shortcodes, check
        self.salt = config_version(config)
        self.keys: dict[PageKey, str] = {}
        self.versions: dict[PageKey, str] = {}  # for the output cache: what each page holds

    def get(self, key: PageKey) -> Rendered | None:
        """The cached content of a published document, if nothing it depends on changed."""
        entry = self._entry(key)
        if entry is None:
            return None
        rendered = entry.rendered
        if entry.templates != self.shortcodes.templates_version(
            rendered.shortcodes
        ) or not self.shortcodes.refs_unchanged(self.plan.ref_target(key), entry.ref_calls):
            return None
        if not links_unchanged(page_links(self.plan, self.shortcodes.refs, key), entry.ref_calls):
            return None
        self.versions[key] = digest(self._key(key), entry.templates, entry.ref_calls)
        return replace(rendered, html="") if self.check else rendered

    def put(self, key: PageKey, rendered: Rendered, ref_calls: list[RefCall]) -> None:
        """Store a freshly rendered document; builds do this in their render workers."""
        if not self.check:
            templates = self.shortcodes.templates_version(rendered.shortcodes)
            self.store.put(self._key(key), entry_to_plain(Entry(templates, ref_calls, rendered)))

    def note(self, key: PageKey, rendered: Rendered, ref_calls: list[RefCall]) -> None:
        """Record the version of a freshly rendered document, for the output cache."""
        templates = self.shortcodes.templates_version(rendered.shortcodes)
        self.versions[key] = digest(self._key(key), templates, ref_calls)
        self.store.used.add(self._key(key))  # stored by a worker: the parent's prune must know

    def discard(self, key: PageKey) -> None:
        """Forget a document that warned: its warnings must show on every build."""
        self.store.discard(self._key(key))

    def _entry(self, key: PageKey) -> Entry | None:
        found = self.store.get(self._key(key))
        try:
            return None if found is None else entry_from_plain(found)
        except Shape:  # sealed, yet not what this code writes: a miss all the same
            return None

    def _key(self, key: PageKey) -> str:
        if key not in self.keys:
            doc = self.plan.specs[key].doc
            assert doc is not None, "only documents are rendered"
            # repr, not digest's walk, for the page views: they hold no sets (front
            # matter comes from YAML or TOML), and the walk was 0.2 s per build.
            self.keys[key] = digest(
                self.salt,
                doc.source.path,
                doc.body_line,
                doc.body,
                doc.front_matter.summary,
                repr(self.plan.shortcode_page(key)),
                repr(self.plan.ref_target(key)),
            )
        return self.keys[key]
