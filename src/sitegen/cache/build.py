"""The caches one build opens, in one place: content always, pages when writing.

In: the config, the plan and the shortcode registry. Out: the `ContentCache`
for rendering, the `OutputCache` for templates, and the tidying at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import SiteConfig
from .content import ContentCache
from .pages import OutputCache
from .store import Store, cache_root

if TYPE_CHECKING:
    from ..shortcodes import Shortcodes
    from ..site import SitePlan
    from ..templates import Theme


class BuildCache:
    """The cache layers of one build (`sitegen check` reads entries and stores none)."""

    def __init__(self, config: SiteConfig, plan: SitePlan, shortcodes: Shortcodes, *, check: bool) -> None:
        self.root = cache_root(config.site_dir)
        self.config, self.plan, self.check = config, plan, check
        self.content = ContentCache(self.root, config, plan, shortcodes, check=check)
        self.fonts = Store(self.root, "fonts", read_only=check)  # math font subsets (math/font.py)
        self.images = Store(self.root, "images", read_only=check)  # resized images (images/variants.py)

    def pages(self, theme: Theme, out_dir: Path, images: str = "") -> OutputCache:
        """The output cache for pages already written to out_dir by the last build.

        Made after rendering content: it keys pages by the content versions, and
        by `images`, the version of the image table the pages are rewritten with."""
        return OutputCache(self.root, self.config, theme, self.plan, self.content.versions, out_dir, images)

    def finish(self) -> None:
        """Drop entries no recent build used (builds only: check's view is partial)."""
        for store in (self.content.store, self.fonts, self.images):
            if not self.check:
                store.prune()
            store.close()  # serve and the tests build again in this process
