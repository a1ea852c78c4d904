"""Configuration stage, Hugo's `[privacy]` table for its embed shortcodes.

sitegen's embeds are always as private as Hugo's strictest settings: nothing loads
from the other host until the reader clicks, YouTube plays from youtube-nocookie.com
and Vimeo with `dnt=1`. So of Hugo's keys only `disable` changes anything (the
shortcode renders nothing, as in Hugo); `privacyEnhanced`, `enableDNT` and `simple`
are accepted as already met. A misspelt service or key is a warning at its line, with a did-you-mean.
"""

from __future__ import annotations

from typing import Any

from .files import KeyReader

# Hugo 0.168's services, lowercase -> its spelling, and the shortcodes each governs.
SERVICES = {
    "youtube": ("youtube", ("youtube", "youtubeLite")),
    "vimeo": ("vimeo", ("vimeo", "vimeo_simple")),
    "x": ("x", ("x", "x_simple", "twitter", "tweet", "twitter_simple")),
    "instagram": ("instagram", ("instagram",)),
    "disqus": ("disqus", ()),  # Hugo's templates, not shortcodes: nothing of sitegen's
    "googleanalytics": ("googleAnalytics", ()),
}
# Hugo's other keys, lowercase: always met here, or about templates sitegen has none of.
_MET = {"privacyenhanced", "enablednt", "simple", "respectdonottrack", "anonymizeip"}
_OPTIONS = ["disable", "privacyEnhanced", "enableDNT", "simple", "respectDoNotTrack", "anonymizeIP"]


def read_privacy(ctx: KeyReader, entry: tuple[str, Any] | None) -> dict[str, Any]:
    """The shortcodes `[privacy.<service>] disable = true` turns off, as `privacy_disabled`."""
    if entry is None:
        return {}
    key, table = entry
    disabled: set[str] = set()
    for name, value in ctx.check(table, dict, (key,), "privacy").items():
        service = SERVICES.get(name.lower())
        if service is None:
            ctx.unknown((key, name), [spelling for spelling, _ in SERVICES.values()])
            continue
        spelling, shortcodes = service
        for option, setting in ctx.check(value, dict, (key, name), f"privacy.{spelling}").items():
            where = (key, name, option)
            low = option.lower()
            if low == "disable":
                if ctx.check(setting, bool, where, f"privacy.{spelling}.disable"):
                    disabled.update(shortcodes)
            elif low in _MET:
                ctx.check(setting, bool, where, f"privacy.{spelling}.{option}")
            else:
                ctx.unknown(where, _OPTIONS)
    return {"privacy_disabled": frozenset(disabled)}
