"""Search index stage: a folder of built pages -> Pagefind's bundle in its `pagefind/`.

Pagefind (the `pagefind[extended]` package: a Rust binary whose extended build
segments Chinese into words) reads the HTML a build wrote and writes one index
per `<html lang>`, plus its own search scripts, into `pagefind/`. The default
theme marks what is indexed (`data-pagefind-body` on a post's text), so
lists, menus and footers stay out of the results.

- `sitegen build` indexes the staging folder before it is swapped in
  (output.py), so a failed index fails the build and `public/` stays as it was;
- `sitegen serve` indexes its in-memory pages in a scratch folder
  (`index_files`) and serves the bundle from memory;
- `sitegen check` writes nothing, so it never runs Pagefind.

Switch: `params.enableSearch` (Blowfish's name); on by default for the default
theme, whose templates have the search box, and off for other themes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .config import SiteConfig
from .errors import SitegenError
from .model import OutputFile

SEARCH_DIR = "pagefind"  # the bundle's folder, under the output folder
ENTRY = f"{SEARCH_DIR}/pagefind-entry.json"
SWITCH = "enableSearch"
MARKER = b"data-pagefind-body"  # what the default theme puts on the text worth finding
_HINT = f"set params.{SWITCH} = false in the config to build without search"


def search_enabled(config: SiteConfig) -> bool:
    """Whether builds make a search index: `params.enableSearch`, else the theme's default."""
    for name, value in config.params.items():
        if name.lower() == SWITCH.lower():
            return bool(value)  # the config loader made sure it is true or false
    return config.theme == "default"


def index_folder(folder: Path) -> int:
    """Run Pagefind over the built site in `folder`; return how many files it wrote."""
    folder = folder.absolute()  # Pagefind runs in a scratch working folder
    marked = [p for p in _html_files(folder) if MARKER in p.read_bytes()]
    if not marked:  # a theme without the marker: Pagefind indexes every page's body
        _run_pagefind(folder)
    else:
        # Pagefind drops every unmarked page once one page is marked, but only after
        # parsing it: lists, tags and pagers are 40 % of a blog's pages and half of
        # Pagefind's time. Linked into a scratch folder beside the output, the marked
        # pages alone give the same bundle (on the standard corpus, 3.4 s, not 6.5 s).
        with tempfile.TemporaryDirectory(prefix=".sitegen-search-", dir=folder.parent) as scratch:
            root = Path(scratch)
            for page in marked:
                _link(page, root / page.relative_to(folder))
            _run_pagefind(root)
            shutil.rmtree(folder / SEARCH_DIR, ignore_errors=True)
            os.replace(root / SEARCH_DIR, folder / SEARCH_DIR)
    _sort_entry(folder / ENTRY)
    return sum(1 for p in (folder / SEARCH_DIR).rglob("*") if p.is_file())


def index_files(files: Mapping[str, bytes]) -> list[OutputFile]:
    """Index in-memory pages (`sitegen serve`): the same Pagefind run, in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as scratch:
        root = Path(scratch)
        pages = list(_pages(files))
        if any(MARKER in data for _, data in pages):
            pages = [(path, data) for path, data in pages if MARKER in data]  # as index_folder
        for path, data in pages:
            target = root.joinpath(*path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        index_folder(root)
        bundle = root / SEARCH_DIR
        return [
            OutputFile(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(bundle.rglob("*"))
            if p.is_file()
        ]


def _run_pagefind(folder: Path) -> None:
    binary = _binary()
    # Only our flags configure Pagefind: PAGEFIND_* variables and a pagefind.yml in
    # the working folder would change the index behind the build's back.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    # annotation: the TeX source MathML carries beside each formula, not words to find
    command = [str(binary), "--site", str(folder), "--output-subdir", SEARCH_DIR, "--quiet"]
    command += ["--exclude-selectors", "annotation"]
    with tempfile.TemporaryDirectory(prefix="sitegen-pagefind-") as cwd:
        try:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise SitegenError(
                f"cannot run Pagefind ({binary}) to index the site for search: {exc.strerror or exc}",
                hint=_HINT,
            ) from None
    if done.returncode != 0 or not (folder / ENTRY).is_file():
        raise SitegenError(f"Pagefind could not index the site for search: {_reason(done)}", hint=_HINT)


def _html_files(folder: Path) -> Iterable[Path]:
    """The built pages, without an old bundle; symlinks are not followed out of the folder."""
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        if relative.parts[0] != SEARCH_DIR and path.is_file() and not path.is_symlink():
            yield path


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a filesystem without hard links: a copy reads the same
        shutil.copyfile(source, target)


def _pages(files: Mapping[str, bytes]) -> Iterable[tuple[str, bytes]]:
    """The HTML pages Pagefind reads, without an old bundle."""
    for path, data in files.items():
        if path.endswith(".html") and not path.startswith(SEARCH_DIR + "/"):
            yield path, data


def _binary() -> Path:
    """Pagefind's binary from its Python package (or PAGEFIND_BINARY_PATH, as it allows)."""
    from pagefind.service import get_executable

    try:
        found = get_executable()
    except (FileNotFoundError, OSError):
        found = None
    if found is None:
        raise SitegenError(
            "Pagefind's binary is not installed, so the site cannot be indexed for search",
            hint=f"pip install 'pagefind[extended]', or {_HINT}",
        )
    return found


def _reason(done: subprocess.CompletedProcess[str]) -> str:
    """Pagefind's own words for a failure, in one line."""
    lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()] or lines
    if errors:
        return errors[0][:300]
    if done.returncode != 0:
        return f"it stopped with exit code {done.returncode}"
    return f"it wrote no {ENTRY}"


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in pagefind-entry.json in hash-map order, which
    changes from run to run; sorted, the same site gives the same bytes. Browsers
    look languages up by name, so the order means nothing to them."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
