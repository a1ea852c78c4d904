"""Images: the local images a site copies -> their sizes, smaller variants, and pages that use them.

In: the build's copies (static files and bundle resources) and its rendered pages.
Out: an `ImageTable` (output path -> size and variants), the variant files, and
page HTML whose `<img>` tags carry width/height, lazy loading and `srcset`.

    probe.py     read an image's size without decoding it; refuse hostile files
    variants.py  resized JPEG/PNG/WebP copies, deterministic, cached in .sitegen-cache/
    table.py     every copied image's facts, and the variant files to write
    rewrite.py   page HTML -> `<img>`/`<picture>` with dimensions and srcset
    featured.py  a post's card and social image (featured.*, cover.*, thumbnail.*)
"""
