"""The build cache in `.sitegen-cache/` (or `$SITEGEN_CACHEDIR/<digest of the site path>`).

In: the config, the plan and what the pages render to. Out: what the next build
may skip. The cache is an accelerator, never a source of truth: a missing,
damaged or foreign entry is a miss, and deleting the folder is always safe.
Every key starts from `config_version()`: sitegen's own files, the versions of
the libraries that shape output, and the resolved config (without `-d`).

The cache may come from elsewhere (a shared folder, a CI cache), so it holds
only data: every entry is JSON sealed with a digest of its bytes and of the
code version (seal.py), decoded by functions that check every shape
(plain.py). Nothing in it is ever unpickled or run. A folder that can't be
made or written is one warning at the start, and the build goes on without it.

The three layers, from the cheapest check to the finest:

    layer        no-change check: the whole build is skipped      fingerprint.py
    key          size + mtime of every input file and the config file, the resolved
                 config, the output folder's path, SOURCE_DATE_EPOCH
    file         build.json (the key, the output's stamps, what the build printed)
    called by    pipeline.build, before Markdown, Jinja or Pygments are imported
    invalidated  any input or output file touched; a future post falling due

    layer        content: a body's rendered Markdown                content.py
    key          the body as written and its line in the file, what shortcodes see
                 of the page (ShortcodePage) and of its place for refs (RefTarget)
    file         content.sqlite (one row per body)
    called by    make.render_contents: get in the parent, put in the workers
    invalidated  the key; or, re-checked on use, the shortcode templates the body
                 used, or what one of its refs prints; a body that warned is never kept

    layer        pages: a page's output files kept from the last build  pages.py
    key          every layout and i18n file, the plan's shape (all front matter,
                 URLs, what was left out), the page's key
    file         output.json (the state of the output folder: paths, sizes, mtimes)
    called by    render.render_pages (reuse, record), output.write_output (save, forget)
    invalidated  the key; the content version of any page its templates read; its
                 files in the previous output gone or changed

`build.py` opens the content and pages layers for one build (`BuildCache`, made
in `make.make_content`); `store.py` holds what the layers share: `digest`, the
versions, the SQLite `Store`, and where the cache lives (and whether it is
usable). `build.lock` beside them is the site's lock (sitegen/locks.py): one
build at a time.
"""
