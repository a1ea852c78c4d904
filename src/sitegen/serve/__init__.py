"""`sitegen serve`: the build in memory, a watcher, and browsers told what changed.

In: `ServeOptions` (the site folder and flags). Out: an HTTP server on
127.0.0.1 that serves the last good build until Ctrl-C.

- `dev.py`: watch the sources, classify a burst of changes, rebuild (or not),
  publish a new `Snapshot`;
- `incremental.py`: the fast path for a post whose front matter did not change;
- `server.py`: the HTTP side: snapshots from memory, server-sent events, and
  `livereload.js`, the script injected into every HTML page.

The server knows nothing about the build (as MkDocs' livereload): it gets
snapshots and events, and a failed rebuild keeps the last good snapshot.
"""

from .dev import ServeOptions, serve

__all__ = ["ServeOptions", "serve"]
