"""`sitegen serve`: a real server process, real file edits, a real headless Chromium.

Each test copies tests/sites/serve to a temporary folder, starts
`python -m sitegen serve --port 0` on it, and edits files the way an editor
would. Browser tests drive Debian's Chromium through Playwright; .ci/run
installs both, so a missing browser is a failure here, not a skip.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import NOW, SITES, wait_until

SITE = SITES / "serve"
SCRIPT_TAG = re.compile(rb'<script src="/__sitegen/live\.js"[^>]*></script>')
BANNER = re.compile(rb'<p class="preview-banner">[^<]*</p>\n')  # the theme's, while serving only


class Server:
    """A `sitegen serve` child process and what it printed."""

    def __init__(self, site: Path, *args: str) -> None:
        self.site = site
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", *args],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(30):
            self.stop()
            raise AssertionError("serve did not start:\n" + "".join(self.lines))
        found = re.search(r"at (http://\S+?)/?(?: |;)", "".join(self.lines))
        assert found, self.lines
        self.url = found.group(1).rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if line.startswith("Serving "):
                self._ready.set()

    def output(self) -> str:
        return "".join(self.lines)

    def rebuild_lines(self) -> list[str]:
        """What serve printed for each build after the first: full rebuilds and one-post updates."""
        return [line for line in self.lines if line.startswith(("rebuilt after", "updated "))]

    def rebuilds(self, naming: str = "") -> int:
        """How many builds after the first there were (only those naming a path, if given)."""
        return sum(naming in line for line in self.rebuild_lines())

    def settle(self, path: str, text: str) -> None:
        """Save text to path and wait until serve reports the build for it.

        The rebuild loop takes changes in the order they come, so every change saved
        before this one has been handled (built, or ignored) by the time it returns:
        a test that expects no further build waits for this instead of sleeping.
        """
        before = self.rebuilds(naming=path)
        edit(self.site / path, text)
        wait_until(lambda: self.rebuilds(naming=path) > before, 15, f"the build for {path}")

    def wait_for_output(self, text: str, timeout: float = 15) -> None:
        wait_until(lambda: text in self.output(), timeout, f"{text!r} in serve output")

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def edit(path: Path, text: str) -> None:
    """Save the way many editors do: write a temporary file beside it, then rename."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    return copy


@pytest.fixture
def server(site: Path) -> Iterator[Server]:
    running = Server(site)
    yield running
    running.stop()


@pytest.fixture
def open_page(browser, server: Server):
    """Open a page of the served site and wait until its live-reload stream is connected."""
    context = browser.new_context()
    pages = []

    def opener(path: str):
        page = context.new_page()
        page.goto(server.url + path)
        page.wait_for_selector("script[data-connected]", state="attached", timeout=10_000)
        page.evaluate("window.__notReloaded = true")
        # A reload counts from the moment it starts, not only once the new page is in.
        page.evaluate("navigation.addEventListener('navigate', () => { window.__notReloaded = null; })")
        pages.append(page)
        return page

    yield opener
    context.close()


def reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded") is None


def body_text(page) -> str:
    return page.inner_text("body")


# -- the browser ------------------------------------------------------------


def test_saving_a_post_reloads_its_page_and_only_pages_that_changed(server, site, open_page):
    hello = open_page("/posts/hello/")
    other = open_page("/posts/other/")
    zh = open_page("/zh/posts/hello/")
    assert "First version of hello." in body_text(hello)
    text = (site / "content/posts/hello.md").read_text(encoding="utf-8")
    edit(site / "content/posts/hello.md", text.replace("First version", "Second version"))
    wait_until(lambda: "Second version of hello." in body_text(hello), 15, "the edit in the browser")
    assert reloaded(hello)
    wait_until(lambda: server.rebuilds() == 1, 15, "the rebuild to finish")
    # A stylesheet edit after it: events reach each page in order, so once the other
    # pages show the new colour they have seen every reload event of the post's build.
    server.settle("static/css/main.css", "body { color: rgb(1, 2, 3); }\n")
    color = "getComputedStyle(document.body).color"
    wait_until(lambda: other.evaluate(color) == "rgb(1, 2, 3)", 15, "the new colour on the other post")
    wait_until(lambda: zh.evaluate(color) == "rgb(1, 2, 3)", 15, "the new colour on the translation")
    assert not reloaded(other), "a page that did not change was reloaded"
    assert not reloaded(zh)


def test_new_post_appears_on_the_open_home_page(server, site, open_page):
    home = open_page("/")
    (site / "content/posts/brand-new.md").write_text(
        "---\ntitle: Brand new post\ndate: 2026-02-01\n---\nJust written.\n", encoding="utf-8"
    )
    wait_until(lambda: "Brand new post" in body_text(home), 15, "the new post on the home page")


def test_a_missing_page_reloads_once_it_is_written(server, site, open_page):
    page = open_page("/posts/later/")
    assert "404" in page.title() or "not" in body_text(page).lower()
    (site / "content/posts/later.md").write_text(
        "---\ntitle: Written later\ndate: 2026-02-02\n---\nNow it exists.\n", encoding="utf-8"
    )
    wait_until(lambda: "Now it exists." in body_text(page), 15, "the page to appear")


def test_css_edit_swaps_the_stylesheet_without_a_reload(server, site, open_page):
    page = open_page("/posts/hello/")
    color = "getComputedStyle(document.body).color"
    assert page.evaluate(color) == "rgb(10, 20, 30)"
    edit(site / "static/css/main.css", "body { color: rgb(200, 0, 0); }\n")
    wait_until(lambda: page.evaluate(color) == "rgb(200, 0, 0)", 15, "the new colour")
    assert not reloaded(page)


def test_template_edit_reloads_the_pages_it_changes(server, site, open_page):
    page = open_page("/posts/hello/")
    layouts = site / "layouts"
    layouts.mkdir()
    (layouts / "single.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mine">Custom {{ page.title }}</p>{% endblock %}',
        encoding="utf-8",
    )
    wait_until(lambda: page.inner_text("#mine") == "Custom Hello", 15, "the new template")


def test_errors_show_over_the_page_and_the_next_good_save_clears_them(server, site, open_page):
    page = open_page("/posts/hello/")
    good = (site / "content/posts/hello.md").read_text(encoding="utf-8")
    edit(site / "content/posts/hello.md", good.replace('title: "Hello"', 'title: "Hello": broken'))
    wait_until(lambda: page.is_visible("#sitegen-overlay"), 15, "the error overlay")
    overlay = page.inner_text("#sitegen-overlay")
    assert re.search(r"content/posts/hello\.md:2:\d+: error: ", overlay), overlay
    assert "First version of hello." in body_text(page)  # the last good build is still shown
    # a page opened while the build is broken shows the error too
    late = open_page("/posts/other/")
    wait_until(lambda: late.is_visible("#sitegen-overlay"), 10, "the overlay on a new tab")
    edit(site / "content/posts/hello.md", good.replace("First version", "Fixed version"))
    wait_until(lambda: "Fixed version of hello." in body_text(page), 15, "the fixed page")
    wait_until(lambda: not late.is_visible("#sitegen-overlay"), 10, "the overlay to go")
    assert not page.is_visible("#sitegen-overlay")


def test_broken_ref_and_unclosed_shortcode_are_shown_with_their_place(server, site, open_page):
    page = open_page("/posts/other/")
    edit(
        site / "content/posts/other.md",
        '---\ntitle: Other\ndate: 2026-01-01\n---\nSee [x]({{< ref "nowhere" >}}).\n',
    )
    edit(
        site / "content/posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-01-02\n---\n\n{{< lead >}}\nNever closed.\n",
    )
    wait_until(lambda: "never closed" in page.inner_text("#sitegen-overlay"), 15, "both errors")
    lines = page.inner_text("#sitegen-overlay").splitlines()
    assert any(
        line.startswith("content/posts/hello.md:6:1: error: ") and "never closed" in line for line in lines
    ), lines
    assert 'content/posts/other.md:5:9: error: ref "nowhere" not found' in lines


# -- the server, without a browser -------------------------------------------


def test_bursts_of_saves_are_one_rebuild(server, site):
    post = site / "content/posts/other.md"
    text = post.read_text(encoding="utf-8")
    for n in range(15):
        edit(post, text.replace("An unrelated post.", f"Save number {n}."))
        time.sleep(0.01)  # the behaviour under test: saves 10 ms apart, closer than the debounce
    wait_until(lambda: b"Save number 14." in server.get("/posts/other/")[2], 15, "the last save")
    hello = (site / "content/posts/hello.md").read_text(encoding="utf-8")
    server.settle("content/posts/hello.md", hello.replace("First version", "Settled version"))
    assert server.rebuilds(naming="content/posts/other.md") <= 2, server.output()


def test_editor_temp_files_do_not_trigger_builds(server, site):
    (site / "content/posts/.other.md.swp").write_text("junk", encoding="utf-8")
    (site / "content/posts/other.md~").write_text("junk", encoding="utf-8")
    (site / "content/posts/4913").write_text("", encoding="utf-8")
    hello = (site / "content/posts/hello.md").read_text(encoding="utf-8")
    server.settle("content/posts/hello.md", hello.replace("First version", "Settled version"))
    # the one build is the settling save's, and it names nothing else
    assert [line.split(":")[0] for line in server.rebuild_lines()] == ["updated content/posts/hello.md"], (
        server.output()
    )


def test_served_pages_equal_the_build_apart_from_the_script(server, site, tmp_path: Path):
    # a body edit takes the one-post fast path; what it serves must still be the full build
    post = site / "content/posts/hello.md"
    longer = "A longer second version, with [a link](../other/)."
    edit(post, post.read_text(encoding="utf-8").replace("First version of hello.", longer))
    wait_until(lambda: "updated " in server.output(), 15, "the one-post update")
    out = tmp_path / "built"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "-s",
            str(site),
            "-D",
            "-b",
            server.url + "/",
            "-d",
            str(out),
            "-q",
        ],
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert built.returncode == 0, built.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        rel = path.relative_to(out).as_posix()
        status, headers, body = server.get("/" + rel)
        assert status == 200, rel
        if rel.endswith(".html"):
            assert len(SCRIPT_TAG.findall(body)) == 1, rel
            body = SCRIPT_TAG.sub(b"", body)
            body = BANNER.sub(b"", body, count=1)
        assert body == path.read_bytes(), rel
    assert b"Work in progress" in server.get("/posts/draft/")[2]  # drafts show while serving
    assert not (site / "public").exists()  # serve never writes the build folder


def test_build_output_never_gets_the_script(server, site, tmp_path: Path):
    out = tmp_path / "public"
    subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "-s", str(site), "-d", str(out), "-q"],
        check=True,
        timeout=60,
    )
    for page in out.rglob("*.html"):
        assert b"__sitegen" not in page.read_bytes(), page


def test_responses_carry_their_content_type_and_no_store_and_head_sends_no_body(server):
    expected = {
        "/": "text/html; charset=utf-8",
        "/css/main.css": "text/css; charset=utf-8",
        "/index.xml": "application/rss+xml; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8",
        "/robots.txt": "text/plain; charset=utf-8",
        "/__sitegen/live.js": "text/javascript; charset=utf-8",
    }
    for path, kind in expected.items():
        status, headers, _ = server.get(path)
        assert (status, headers["content-type"]) == (200, kind), path
        assert headers["cache-control"] == "no-store", path
    status, headers, body = server.get("/posts/hello/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_folders_work_with_and_without_the_slash(server):
    status, headers, _ = server.get("/posts/hello")
    assert status == 301 and headers["location"] == "/posts/hello/"
    assert server.get("/posts/hello/")[0] == 200
    assert server.get("/zh/tags/live/")[0] == 200
    assert server.get("/zh/posts/%E4%BD%A0%E5%A5%BD/")[0] == 404  # slugs come from file names


def test_misses_get_the_404_page_of_their_language(server):
    status, _, body = server.get("/no/such/page/")
    assert status == 404 and b'<html lang="en"' in body
    status, _, body = server.get("/zh/no/such/page/")
    assert status == 404 and b'<html lang="zh-CN"' in body


@pytest.mark.parametrize(
    "raw",
    [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/posts/..%2f..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/css/../../sitegen.toml",
        "/content/posts/hello.md",
        "/sitegen.toml",
    ],
)
def test_nothing_outside_the_site_is_served(server, raw: str):
    # http.client sends the path exactly as given: no client-side normalisation
    status, _, body = server.get(raw)
    assert status == 404, raw
    assert b"root:" not in body and b"baseURL" not in body


def test_many_fetches_at_once_all_succeed_while_event_streams_are_open(server):
    # a few open event streams, like open tabs, while many pages are fetched
    streams = []
    for _ in range(8):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(b"GET /__sitegen/events?file=index.html&hash=x HTTP/1.1\r\nHost: x\r\n\r\n")
        streams.append(sock)
    paths = ["/", "/posts/hello/", "/zh/", "/css/main.css", "/index.xml", "/tags/live/"] * 20
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(lambda p: server.get(p)[0], paths))
    assert statuses == [200] * len(paths)
    for sock in streams:
        assert b"event: hello" in sock.recv(4096)
        sock.close()


def test_port_in_use_is_a_clear_error(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "serve", "-s", str(SITE), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"error: port {port} on 127.0.0.1 is already in use"
    assert f"--port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_crash_inside_a_rebuild_keeps_the_server_up(site, monkeypatch):
    from sitegen.serve import dev as serve_module
    from sitegen.serve.dev import Dev, ServeOptions
    from sitegen.serve.server import Broker, DevServer

    broker = Broker()
    server = DevServer(("127.0.0.1", 0), broker)
    try:
        dev = Dev(ServeOptions(source=site, port=0), server, broker)
        dev.rebuild(None)
        good = server.snapshot
        assert good.number == 1 and "posts/hello/index.html" in good.files

        def explode(config):
            raise RuntimeError("boom")

        # the one-post fast path crashes, then the full build it falls back to
        monkeypatch.setattr(serve_module, "update_post", explode)
        monkeypatch.setattr(serve_module, "make_site", explode)
        dev.rebuild({site / "content/posts/hello.md"})
        assert server.snapshot is good
        assert broker.problems == [
            "error: internal error: RuntimeError: boom",
            "  hint: this is a bug in sitegen; please report it",
        ]
        monkeypatch.undo()
        dev.rebuild({site / "content/posts/hello.md"})
        assert server.snapshot.number > 1 and broker.problems == []
    finally:
        server.server_close()


def test_a_change_is_classified_as_assets_one_post_or_the_whole_site(site: Path):
    from sitegen.serve.dev import classify
    from sitegen.serve.server import Snapshot

    css = (site / "static/css/main.css").resolve()
    post = (site / "content/posts/hello.md").resolve()
    snapshot = Snapshot(1, {"index.html": b""}, {"css/main.css": css})
    assert classify(None, site, snapshot) == "site"  # the first build
    assert classify({css}, site, Snapshot(0, {}, {})) == "site"  # nothing built yet
    assert classify({css}, site, snapshot) == "assets"  # served from its source: no build
    new_css = site / "static/css/new.css"
    new_css.write_text("p {}", encoding="utf-8")
    assert classify({new_css}, site, snapshot) == "site"  # a new file must be added
    assert classify({post}, site, snapshot) == "post"  # maybe only its body changed
    assert classify({post, css}, site, snapshot) == "site"
    assert classify({post, site / "content/posts/other.md"}, site, snapshot) == "site"
    assert classify({site / "sitegen.toml"}, site, snapshot) == "site"
    assert classify({site / "layouts/single.html"}, site, snapshot) == "site"
    gone = site / "content/posts/gone.md"
    assert classify({gone}, site, snapshot) == "site"  # a deleted post changes lists
