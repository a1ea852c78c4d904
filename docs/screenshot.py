"""Regenerate docs/screenshot.png, the picture in the README.

    python docs/screenshot.py

Builds the bundled site into a temporary folder, serves it on 127.0.0.1 and
captures one post in English at a desktop width beside the same post in
Chinese at a phone width, in Debian's headless Chromium (the same browser the
tests use; set SITEGEN_CHROMIUM to use another). The two views are iframes on
one page, so no image library is needed to put them side by side.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).parents[1]
OUT = REPO / "docs" / "screenshot.png"
DESKTOP, PHONE = "/blog/kv-cache/", "/zh/blog/kv-cache/"
FRAME = f"""<!DOCTYPE html><html><body style="margin:0;padding:24px;background:#d9dee5;display:flex;gap:24px;
align-items:flex-start"><iframe src="{DESKTOP}" width="1280" height="860" style="border:0;border-radius:8px;
box-shadow:0 4px 18px #0003"></iframe><iframe src="{PHONE}" width="390" height="844" style="border:10px solid
#1c2128;border-radius:28px;box-shadow:0 4px 18px #0003"></iframe></body></html>"""
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        public = Path(tmp) / "public"
        env = {**os.environ, "SITEGEN_CACHEDIR": str(Path(tmp) / "cache")}
        subprocess.run(
            [sys.executable, "-m", "sitegen", "build", "-s", str(REPO), "-d", str(public), "-q"],
            check=True,
            env=env,
        )
        (public / "__screenshot.html").write_text(FRAME, encoding="utf-8")
        handler = functools.partial(_Quiet, directory=str(public))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1768, "height": 912})
                page.goto(
                    f"http://127.0.0.1:{httpd.server_address[1]}/__screenshot.html", wait_until="networkidle"
                )
                page.screenshot(path=str(OUT))
                browser.close()
        finally:
            httpd.shutdown()
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
