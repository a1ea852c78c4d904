"""Configuration: `sitegen.toml`, or a Hugo site's own config files -> `SiteConfig`.

In: a site folder and the command's overrides (drafts, baseURL, …). Out: one
frozen, validated `SiteConfig`, with Hugo's key names. Every mistake is a
`SitegenError` at the file, line and column of the key.

- `site_config.py`: `SiteConfig` and `Language`, what every later stage reads;
- `loader.py`: `load_config` and the readers for each key of `sitegen.toml`;
- `hugo.py`: Hugo's config files, their merge order and environments;
- `hugo_files.py`: which files a Hugo config is, parsing them, finding a key's line;
- `hugo_theme.py`: the config files of a Hugo site's themes, in Hugo's order;
- `merge.py`: laying config files over each other, and Hugo's `_merge` for themes;
- `feeds.py`: the `[services.rss]` and `[outputs]` tables;
- `base_url.py`: `baseURL`, an http(s) address or "/" for none;
- `paths.py`: `[taxonomies]` and `[permalinks]`, checked against the content folders;
- `files.py`: reading a config file with positions (`KeyReader`, `locate_key`),
  which both readers use.
"""

from .loader import load_config
from .site_config import CONFIG_NAME, DEFAULT_TAXONOMIES, Language, SiteConfig

__all__ = ["CONFIG_NAME", "DEFAULT_TAXONOMIES", "Language", "SiteConfig", "load_config"]
