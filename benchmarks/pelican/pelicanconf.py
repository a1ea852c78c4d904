"""Pelican settings for bench_build.py: the pelican flavor of the standard corpus.

The pages are meant to do the same work as sitegen's default theme and the Hugo
layout in ../hugo: every article in two languages linked as translations,
feeds of 20 items, and list pages that show every post with its summary.
"""

SITENAME = "Bench"
SITEURL = "https://bench.example"
RELATIVE_URLS = False
PATH = "content"
# THEME is left unset: Pelican's default theme (notmyidea).
TIMEZONE = "Asia/Shanghai"  # the corpus dates are +08:00

DEFAULT_LANG = "en"
# The English and Chinese files of a post share a slug, so this pairs them as translations.
ARTICLE_TRANSLATION_ID = "slug"

# Feeds stay at Pelican's defaults (FEED_ALL_ATOM, CATEGORY_FEED_ATOM, and the author
# and translation feeds), cut to 20 items like sitegen's `[services.rss] limit`
# and the Hugo site's.
FEED_MAX_ITEMS = 20

# List every post on one page, as sitegen's and the Hugo layout's list pages do.
DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 60

# Each run is a cold build: no content cache to read.
LOAD_CONTENT_CACHE = False
