"""The build cache in `.sitegen-cache/` (or `$SITEGEN_CACHEDIR/<digest of the site path>`).

In: the config, the plan and what the pages render to. Out: what the next build
may skip. The cache is an accelerator, never a source of truth: a missing,
damaged or foreign entry is a miss, and deleting the folder is always safe.
Every key starts from `config_version()`: sitegen's own files, the versions of
the libraries that shape output, and the resolved config (without `-d`).

| layer | key | file | who calls it | what invalidates it |
|---|---|---|---|---|
| no-change check (`fingerprint.py`) | size + mtime of every input file, the config, `SOURCE_DATE_EPOCH` | `build.json` | `pipeline.build`, before anything is loaded | any input or output file touched; a future post falling due |
| content (`content.py`) | the body as written, its place in the file, what shortcodes see of the page and of its place for refs | `content.sqlite` | `pipeline.render_contents` (get in the parent, put in the render workers) | the shortcode templates the body used, or what one of its refs prints, changing (recorded in the entry, re-checked on use); a page that warned is never stored |
| pages (`pages.py`) | every layout and i18n file, the plan's shape (all front matter, URLs, what was left out), the page's key | `output.pickle` | `render.render_pages` (reuse/record), `output.write_output` (save/forget) | the content version of any page the templates read for it; its files in the previous output gone or changed |

`store.py` holds what the layers share: `digest`, the versions, the SQLite
`Store`, and where the cache lives. `Caches` in `caches.py` opens the layers a
build needs, in one place.
"""
