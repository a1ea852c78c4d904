"""`sitegen serve`: build in memory, serve it, watch the sources, rebuild, tell the browsers.

Nothing is written to `public/`: each good build becomes a `Snapshot` that
the server swaps in whole, so a reader never sees half a build. A failed
build keeps the last good snapshot and shows its errors over every open
page; the next good build removes them. A crash inside a rebuild is reported
the same way and never stops the server.

What to rebuild is decided from the changed paths (`classify`): an edited
static file or bundle asset needs no build at all, only the browsers told;
anything else (content, templates, i18n, config) rebuilds the site. Which
browsers reload is decided by comparing output bytes, so a page reloads when
and only when what it shows changed, whatever the cause.
"""

from __future__ import annotations

import errno
import queue
import re
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..config import CONFIG_NAME, SiteConfig, load_config
from ..config.hugo_files import ROOT_FILES
from ..errors import BuildFailed, Problem, SitegenError, display_path
from ..make import Made, make_site
from ..report import format_problems
from ..templates import locate_theme
from .incremental import finish_update, update_post
from .search_index import SearchIndex
from .server import Broker, DevServer, Snapshot, changed_files

# config/: a Hugo site's split config; assets/: a site's own icons (assets/icons/)
SITE_FOLDERS = ("content", "layouts", "themes", "static", "assets", "i18n", "config")
DEBOUNCE_SECONDS = 0.03  # quiet time that ends a burst of saves (an editor save takes ~1 ms)
MAX_WAIT_SECONDS = 1.0  # a burst never delays a rebuild longer than this
# Editor droppings: backups, swap and lock files, vim's write test file.
_IGNORED = re.compile(r"(^\.#|^#.*#$|~$|\.sw[a-px]$|^4913$|\.tmp$|^\.DS_Store$)")


@dataclass(frozen=True)
class ServeOptions:
    source: Path
    port: int = 1313
    bind: str = "127.0.0.1"
    drafts: bool = True
    future: bool = False
    base_url: str | None = None
    open_browser: bool = False
    poll: bool = False
    unknown_shortcodes: str | None = None  # "warn": unknown shortcodes don't stop the build
    environment: str = "development"  # Hugo's config/<environment>/ folder (-e)
    config_files: tuple[Path, ...] = ()  # --config FILE[,FILE]


def serve(options: ServeOptions) -> int:
    """Run the dev server until Ctrl-C; return the exit code."""
    broker = Broker()
    server = _listen(options, broker)
    dev = Dev(options, server, broker)
    dev.rebuild(None)
    observer = dev.watch()
    worker = threading.Thread(target=dev.loop, name="sitegen-rebuild", daemon=True)
    worker.start()
    print(
        f"Serving {display_path(options.source.resolve())} at {dev.url}"
        f"{' (drafts shown)' if options.drafts else ''}; Ctrl-C to stop",
        file=sys.stderr,
    )
    if options.open_browser:
        webbrowser.open(dev.url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        dev.stop()
        broker.close()
        observer.stop()
        server.server_close()
        observer.join(timeout=2)
    return 0


def _listen(options: ServeOptions, broker: Broker) -> DevServer:
    try:
        return DevServer((options.bind, options.port), broker)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SitegenError(
                f"port {options.port} on {options.bind} is already in use",
                hint=f"stop the other server, or pick another port: --port {options.port + 1}",
            ) from None
        raise SitegenError(
            f"cannot listen on {options.bind}:{options.port}: {exc.strerror or exc}",
            hint="--bind takes an address of this machine, such as 127.0.0.1",
        ) from None


class Dev:
    """The rebuild side: watches sources, rebuilds and publishes what changed."""

    def __init__(self, options: ServeOptions, server: DevServer, broker: Broker) -> None:
        self.options, self.server, self.broker = options, server, broker
        self.site_dir = options.source.resolve()
        self.changes: queue.Queue[Path | None] = queue.Queue()
        self.config: SiteConfig | None = None
        self.made: Made | None = None
        self.search = SearchIndex()  # Pagefind's bundle, made after the pages (search_index.py)
        host = options.bind if options.bind not in ("0.0.0.0", "::", "") else "localhost"
        self.origin = f"http://{host}:{server.server_address[1]}"
        self.url = self.origin + "/"

    # -- building -----------------------------------------------------------

    def load_config(self) -> SiteConfig:
        config = load_config(
            self.site_dir,
            self.options.environment,
            self.options.config_files,
            build_drafts=self.options.drafts,
            build_future=self.options.future or None,
            unknown_shortcodes=self.options.unknown_shortcodes,
        )
        # Pages must link to this server, under the same path as the real site.
        base = self.options.base_url or f"{self.origin}{config.base_path}/"
        self.url = base
        return replace(config, base_url=base, preview=True)

    def rebuild(self, changed: set[Path] | None) -> None:
        """Rebuild (or not) for a set of changed paths; None means the first build."""
        started = time.perf_counter()
        what = classify(changed, self.site_dir, self.server.snapshot)
        if what == "post" and changed and self._try_update(next(iter(changed)), started):
            return
        try:
            if what == "assets":
                snapshot = self._refreshed_assets()
            else:
                self.config = self.load_config()
                self.made = make_site(self.config)
                snapshot = self.search.carry(
                    _snapshot(self.made, self.config, self.server.snapshot.number + 1)
                )
        except Exception as exc:  # a bug in sitegen must not take the server down either
            self._failed(_problems(exc))
            return
        old, self.server.snapshot = self.server.snapshot, snapshot
        files = changed_files(old, snapshot, changed or set())
        if self.broker.problems:
            self.broker.publish("ok", {})
        if files and changed is not None:
            name = "css" if all(f.endswith(".css") for f in files) else "reload"
            self.broker.publish(name, {"files": files})
        if changed is not None:
            cause = ", ".join(sorted(display_path(p) for p in changed)[:3])
            print(
                f"rebuilt after {cause} in {time.perf_counter() - started:.2f} s:"
                f" {len(files)} file{'s' * (len(files) != 1)} changed",
                file=sys.stderr,
            )

    def _try_update(self, path: Path, started: float) -> bool:
        """The fast path for a post's body: its page first, then everything else."""
        if self.made is None or self.config is None:
            return False
        published = False
        try:
            update = update_post(self.made, path)
            if update is None:
                return False  # front matter changed: the plan did; build it all
            old = self.server.snapshot
            page = update.page
            first = replace(old, number=old.number + 1, files={**old.files, page.path: page.data}, hashes={})
            self.server.snapshot = first
            published = True
            if self.broker.problems:
                self.broker.publish("ok", {})
            if old.files.get(page.path) != page.data:
                self.broker.publish("reload", {"files": [page.path]})
            page_seconds = time.perf_counter() - started
            self.made = finish_update(update)
            snapshot = self.search.carry(_snapshot(self.made, self.config, first.number + 1))
        except Exception as exc:
            if published:  # the kept parts are half updated: the next change builds it all
                self.made = None
            if isinstance(exc, SitegenError | BuildFailed):
                self._failed(_problems(exc))
                return True
            return False  # a bug here: let the full build try, and report what it finds
        files = changed_files(first, snapshot, set())
        self.server.snapshot = snapshot
        if files:
            self.broker.publish("reload", {"files": files})
        print(
            f"updated {display_path(path)}: its page in {page_seconds:.3f} s, the rest in"
            f" {time.perf_counter() - started:.2f} s: {len(files) + 1} files changed",
            file=sys.stderr,
        )
        return True

    def _refreshed_assets(self) -> Snapshot:
        """Static files are served from their source, so an edit needs no build."""
        old = self.server.snapshot
        return replace(old, number=old.number + 1, hashes={})

    def _failed(self, problems: list[Problem]) -> None:
        lines = format_problems(problems, "text").rstrip("\n").splitlines()
        self.broker.publish("problems", {"problems": lines})
        print("build failed; the last good build is still served:", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)

    # -- watching -------------------------------------------------------------

    def index_search(self) -> None:
        """Bring the search index up to date, unless more saves are waiting: the
        pages come first, and the index after the last save of a burst."""
        if not self.changes.empty():
            return
        try:
            fresh = self.search.refresh(self.server.snapshot, self.config)
        except Exception as exc:  # shown over the pages, as a failed build is
            self._failed(_problems(exc))
            return
        if fresh is not None:
            self.server.snapshot = fresh

    def loop(self) -> None:
        """Take changes off the queue in bursts, and rebuild once per burst."""
        self.index_search()  # the first build's index, once the server is answering
        while True:
            first = self.changes.get()
            if first is None:
                return
            burst = {first}
            deadline = time.monotonic() + MAX_WAIT_SECONDS
            while time.monotonic() < deadline:
                try:
                    more = self.changes.get(timeout=DEBOUNCE_SECONDS)
                except queue.Empty:
                    break
                if more is None:
                    return
                burst.add(more)
            relevant = {p for p in burst if self.relevant(p)}
            if relevant:
                self.rebuild(relevant)
                self.index_search()

    def stop(self) -> None:
        self.changes.put(None)

    def relevant(self, path: Path) -> bool:
        """A change that can alter the site: a source, not output, caches or editor files."""
        if _IGNORED.search(path.name):
            return False
        if path.parent == self.site_dir and path.name in (CONFIG_NAME, *ROOT_FILES):
            return True
        roots = self.watch_roots()
        out_dir = self.site_dir / (self.config.output_dir if self.config else Path("public"))
        return any(path.is_relative_to(root) for root in roots) and not path.is_relative_to(out_dir)

    def watch_roots(self) -> list[Path]:
        """Every folder the site is made from: content, layouts, themes, static, i18n."""
        roots = [self.site_dir / name for name in SITE_FOLDERS]
        if self.config is not None:
            roots.append((self.site_dir / self.config.content_dir).resolve())
            roots += [lang.content_dir for lang in self.config.languages if lang.content_dir]
            try:
                theme = locate_theme(self.config)
                roots += [*theme.layout_dirs, *theme.static_dirs, *theme.i18n_dirs]
            except SitegenError:
                pass  # a missing theme is reported by the build
        return _outermost(roots)

    def watch(self) -> BaseObserver:
        observer = PollingObserver(timeout=0.5) if self.options.poll else Observer()
        handler = _Handler(self)
        watched: set[Path] = set()

        def schedule() -> None:
            for root in self.watch_roots():
                if root not in watched and root.is_dir():
                    observer.schedule(handler, str(root), recursive=True)
                    watched.add(root)

        handler.on_new_folder = schedule
        # The site folder itself, not recursively: sitegen.toml, and content/ or
        # layouts/ appearing after the server started.
        observer.schedule(handler, str(self.site_dir), recursive=False)
        schedule()
        observer.start()
        return observer


class _Handler(FileSystemEventHandler):
    def __init__(self, dev: Dev) -> None:
        self.dev = dev
        self.on_new_folder: Callable[[], None] = lambda: None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's mtime: its files report for themselves
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode())
                if event.is_directory and event.event_type in ("created", "moved"):
                    self.on_new_folder()
                self.dev.changes.put(path)


def _problems(exc: Exception) -> list[Problem]:
    """What a failed build reports: the user's mistakes, or a bug of ours in one line."""
    if isinstance(exc, BuildFailed):
        return list(exc.problems)
    if isinstance(exc, SitegenError):
        return [exc.problem]
    detail = f"{type(exc).__name__}: {exc}"[:300]
    return [Problem(f"internal error: {detail}", hint="this is a bug in sitegen; please report it")]


def classify(changed: set[Path] | None, site_dir: Path, snapshot: Snapshot) -> str:
    """What a set of changes needs: "assets" (no build), "post" (one Markdown file,
    perhaps only its body) or "site" (a full build).

    Edited files that the snapshot already serves as copies (static files,
    bundle images) are read fresh on every request, so they need no build.
    Anything else, including a copy being added or removed, rebuilds.
    """
    if changed is None or snapshot.number == 0:
        return "site"
    sources = set(snapshot.copies.values())
    if all(p in sources and p.is_file() for p in changed):
        return "assets"
    if len(changed) == 1:
        (path,) = changed
        if path.suffix.lower() in (".md", ".markdown") and path.is_file() and path.is_relative_to(site_dir):
            return "post"  # perhaps just its body: incremental.update_post decides
    return "site"


def _snapshot(made: Made, config: SiteConfig, number: int) -> Snapshot:
    return Snapshot(
        number=number,
        files={f.path: f.data for f in made.files},
        copies={c.path: c.source.resolve() for c in made.copies},
        base_path=config.base_path,
        prefixes=tuple(lang.prefix for lang in config.languages if lang.prefix),
    )


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """Drop folders inside other folders of the list: one recursive watch covers them."""
    unique = sorted({p.resolve() for p in paths}, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in unique:
        if not any(path.is_relative_to(k) for k in kept):
            kept.append(path)
    return kept
