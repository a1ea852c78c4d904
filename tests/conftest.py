"""Shared helpers for the end-to-end build tests: fixture sites, a fixed clock, an HTML reader."""

import functools
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pytest

SITES = Path(__file__).parent / "sites"
NOW = "1780272000"  # 2026-06-01T00:00:00Z: "now" for every build in the tests
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
# Flags for Chromium as root on a machine with no network (see .ci/run).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# `SITEGEN_REGEN=1 pytest` rewrites every kept expected output from the current
# code instead of comparing with it: the golden site (test_golden.py), the `check`
# reports (test_check.py), Hugo's URL and REF_NOT_FOUND lists (test_hugo_parity.py,
# which needs the real Hugo) and the shortcode parse trees (test_shortcode_parser.py).
REGEN_VARIABLE = "SITEGEN_REGEN"
_OLD_REGEN_VARIABLES = ("SITEGEN_REGEN_GOLDEN", "SITEGEN_REGEN_CHECK", "SITEGEN_REGEN_HUGO")


def regen_enabled() -> bool:
    """True when the kept expected outputs are to be rewritten (SITEGEN_REGEN set, not 0)."""
    old = [name for name in _OLD_REGEN_VARIABLES if os.environ.get(name)]
    if old:
        pytest.fail(f"{', '.join(old)} is now {REGEN_VARIABLE}: run `{REGEN_VARIABLE}=1 pytest ...`")
    return os.environ.get(REGEN_VARIABLE, "") not in ("", "0")


T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, what: str, *, interval: float = 0.05) -> T:
    """Call predicate every interval seconds until it returns something truthy, and
    return that; fail after timeout seconds, saying what never happened.

    Tests wait for a condition with this instead of sleeping a fixed time. An
    AssertionError from the predicate fails at once (the thing waited for can no
    longer happen); any other exception, such as a page in the middle of reloading,
    counts as "not yet" and the last one is shown if time runs out.
    """
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            result = predicate()
        except AssertionError:
            raise
        except Exception as exc:
            last, result = exc, None
        if result:
            return result
        if time.monotonic() >= deadline:
            because = f" (last error: {last!r})" if last else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{because}")
        time.sleep(interval)  # the polling interval, not a wait for anything


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty build cache, outside the fixture sites in the repo.

    Tests that build twice on purpose see the warm path; no test sees another's.
    """
    monkeypatch.setenv("SITEGEN_CACHEDIR", str(tmp_path_factory.mktemp("cache")))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright. .ci/run installs both, so a
    missing browser fails the test rather than skipping it."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def serve_folder():
    """Serve built folders as plain static files on 127.0.0.1, as a static host
    would; call it with a folder, get the base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def build_site(site: Path, out: Path, *, cache: bool = True, **overrides):
    """Build a site into out with the clock fixed; return the BuildResult."""
    from sitegen.config import load_config
    from sitegen.pipeline import build

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = NOW
    try:
        return build(load_config(site, output_dir=out, **overrides), cache=cache)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def run_cli(*args, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m sitegen ARGS` in a child process (in cwd) with the clock fixed."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


class Element:
    def __init__(self, tag, attrs, parents):
        self.tag, self.attrs, self.parents, self._text = tag, attrs, parents, []

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self._text)).strip()

    def matches(self, simple: str) -> bool:
        tag, *classes = simple.split(".")
        return (not tag or tag == self.tag) and set(classes) <= set(self.attrs.get("class", "").split())


class Html(HTMLParser):
    """Parsed page; `select("nav.lang-switch a")` supports tag.class parts and descendants."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self._open = [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open))
        self.elements.append(el)
        if tag not in _VOID:
            self._open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open)))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for el in self._open:
            el._text.append(data)

    def select(self, selector: str) -> list[Element]:
        *outer, last = selector.split()
        found = []
        for el in self.elements:
            if not el.matches(last):
                continue
            want = list(outer)
            for parent in reversed(el.parents):
                if want and parent.matches(want[-1]):
                    want.pop()
            if not want:
                found.append(el)
        return found


def read_html(path: Path) -> Html:
    assert path.is_file(), f"{path} was not built"
    return Html(path.read_text(encoding="utf-8"))


def hreflang_links(page: Html) -> dict[str, str]:
    """hreflang -> href of the language `<link rel="alternate">` tags in <head> (not feeds)."""
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.select("head link")
        if link.attrs.get("rel") == "alternate" and "hreflang" in link.attrs
    }
