"""Configuration: `sitegen.toml`, or a Hugo site's own config files -> `SiteConfig`.

In: a site folder and the command's overrides (drafts, baseURL, …). Out: one
frozen, validated `SiteConfig`, with Hugo's key names. Every mistake is a
`SitegenError` at the file, line and column of the key.

- `loader.py`: `load_config` and the readers for each key of `sitegen.toml`;
- `hugo.py`: Hugo's config files, their merge order and environments;
- `feeds.py`: the `[services.rss]` and `[outputs]` tables;
"""

from .loader import CONFIG_NAME, DEFAULT_TAXONOMIES, Language, SiteConfig, load_config

__all__ = ["CONFIG_NAME", "DEFAULT_TAXONOMIES", "Language", "SiteConfig", "load_config"]
