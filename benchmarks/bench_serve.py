#!/usr/bin/env python3
"""Time from saving a post to the browser being told to reload, under `sitegen serve`.

    python benchmarks/bench_serve.py                  # standard corpus, 25 edits
    python benchmarks/bench_serve.py --posts 200 --edits 20

Starts `sitegen serve` on the standard corpus (make_corpus.py, 2,000 pages),
listens on the live-reload event stream the way an open tab does, and saves
one post again and again (write a temporary file, rename it over the post, as
editors do). Each sample is the time from the rename to the `reload` event
that names the post's page. Between edits it waits for the server to finish
the rest of the site, so every sample is one isolated save.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_check import make_corpus

POST = "content/posts/post-00010.md"
PAGE = "posts/post-00010/index.html"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1000, help="posts per language")
    ap.add_argument("--edits", type=int, default=25)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = make_corpus(Path(tmp) / "corpus", args.posts)
        proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        started = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if line.startswith("Serving "):
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            if not started.wait(300):
                raise SystemExit("serve did not start:\n" + "".join(lines))
            port = int(re.search(r":(\d+)/", "".join(lines)).group(1))  # type: ignore[union-attr]
            samples = measure(site, port, args.edits, lines)
        finally:
            proc.terminate()
            proc.wait(10)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(f"corpus: {2 * args.posts} pages; {len(samples)} saves of {POST}")
    print(
        f"save -> reload event: p50 {statistics.median(samples) * 1000:.0f} ms"
        f"   p95 {p95 * 1000:.0f} ms   min {samples[0] * 1000:.0f}   max {samples[-1] * 1000:.0f}"
    )


def measure(site: Path, port: int, edits: int, lines: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/" + PAGE.removesuffix("index.html"))
    page = conn.getresponse().read().decode()
    signature = re.search(r'data-hash="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    stream = socket.create_connection(("127.0.0.1", port), timeout=60)
    stream.sendall(
        f"GET /__sitegen/events?file={PAGE}&hash={signature} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    )
    buffer = read_until(stream, b"event: hello", b"")
    post = site / POST
    original = post.read_text(encoding="utf-8")
    samples = []
    for n in range(edits):
        done = sum(line.startswith(("updated ", "rebuilt after")) for line in lines)
        tmp = post.with_name(f".{post.name}.swp")
        tmp.write_text(
            original.replace("## Section 1", f"## Section 1\n\nEdit number {n}."), encoding="utf-8"
        )
        saved = time.perf_counter()
        os.replace(tmp, post)
        buffer = read_until(stream, PAGE.encode(), buffer, after=b"event: reload")
        samples.append(time.perf_counter() - saved)
        deadline = time.monotonic() + 120  # let it finish the rest of the site
        while sum(line.startswith(("updated ", "rebuilt after")) for line in lines) <= done:
            if time.monotonic() > deadline:
                raise SystemExit("the server did not finish:\n" + "".join(lines[-20:]))
            time.sleep(0.02)
    stream.close()
    return samples


def read_until(sock: socket.socket, needle: bytes, buffer: bytes, after: bytes = b"") -> bytes:
    """Read the event stream until `needle` appears in an event starting with `after`."""
    while True:
        events = buffer.split(b"\n\n")
        for i, event in enumerate(events[:-1]):
            if event.startswith(after) and needle in event:
                return b"\n\n".join(events[i + 1 :])
        buffer = events[-1]
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("the event stream closed")
        buffer += chunk


if __name__ == "__main__":
    main()
