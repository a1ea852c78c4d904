"""A poisoned, damaged or unusable cache never runs code or changes a byte of
output, and two builds at once never crash or leave a half-swapped site.

`.sitegen-cache/` may come from a shared or restored CI cache, so whoever can
write it must not be able to run code on the build machine, and flipped or
missing bytes in it must be a miss, never output. Each test compares what it
built with a clean build made with the cache switched off.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pickle
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import NOW, SITES, build_site, run_cli

SITE = SITES / "cache"
OLD_NAMES = ("output.pickle",)  # what sitegen read before its cache was data


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    return copy


def cache_of(site: Path) -> Path:
    from sitegen.cache.store import cache_root

    return cache_root(site)


def clean_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean"
    build_site(site, out, cache=False)
    return tree(out)


def rewrite_entries(root: Path, change: Callable[[bytes], bytes]) -> int:
    """Apply change to every entry of the cache: each SQLite row's value and each other file."""
    count = 0
    for path in sorted(root.iterdir()):
        if path.name.endswith(("-wal", "-shm", ".lock")):
            continue
        if path.suffix == ".sqlite":
            with sqlite3.connect(path) as db:
                rows = db.execute("SELECT key, value FROM entries").fetchall()
                db.executemany(
                    "UPDATE entries SET value = ? WHERE key = ?", [(change(v), k) for k, v in rows]
                )
            db.close()
            count += len(rows)
        elif path.is_file():
            path.write_bytes(change(path.read_bytes()))
            count += 1
    return count


def flip(data: bytes) -> bytes:
    """One bit changed in the middle, where an entry keeps its text: still valid UTF-8 mostly."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]


class Payload:
    """A pickle that creates a marker file when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_crafted_pickle_anywhere_in_the_cache_runs_nothing(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    assert run_cli("build", "-s", site, "-d", out).returncode == 0
    root = cache_of(site)
    marker = tmp_path / "ran"
    evil = pickle.dumps(Payload(marker))
    for name in OLD_NAMES:
        (root / name).write_bytes(b"")
    assert rewrite_entries(root, lambda _: evil) >= 5
    assert not marker.exists()
    proc = run_cli("build", "-s", site, "-d", tmp_path / "again")
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists(), "a pickle in the cache was loaded"
    assert tree(tmp_path / "again") == clean_build(site, tmp_path)


@pytest.mark.parametrize("damage", ["flipped", "truncated"])
def test_damaged_entries_are_misses_not_output(site: Path, tmp_path: Path, damage: str):
    """Into a new folder, so every page is rendered again from the cached content."""
    build_site(site, tmp_path / "public")
    change = flip if damage == "flipped" else (lambda data: data[: len(data) // 2])
    assert rewrite_entries(cache_of(site), change) >= 5
    build_site(site, tmp_path / "again")
    assert tree(tmp_path / "again") == clean_build(site, tmp_path)


def test_damage_is_not_kept_by_the_next_nothing_changed_build(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    assert run_cli("build", "-s", site, "-d", out).returncode == 0
    rewrite_entries(cache_of(site), flip)
    first = run_cli("build", "-s", site, "-d", out)
    again = run_cli("build", "-s", site, "-d", out)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert tree(out) == clean_build(site, tmp_path)


def test_a_whole_cache_file_cut_short_is_a_miss(site: Path, tmp_path: Path):
    """Builds in processes of their own: one with the database open would see its
    shared-memory file shrink under it, which no build does to another."""
    assert run_cli("build", "-s", site, "-d", tmp_path / "public").returncode == 0
    for path in cache_of(site).iterdir():
        if path.is_file() and not path.name.endswith(".lock"):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    proc = run_cli("build", "-s", site, "-d", tmp_path / "again")
    assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "again") == clean_build(site, tmp_path)


def _tamper_content(root: Path, change: Callable[[dict], None], sealed_as: str | None = None) -> None:
    """Apply change to every content entry, then seal it again, as code `sealed_as` would."""
    from sitegen.cache import seal

    with sqlite3.connect(root / "content.sqlite") as db:
        rows = db.execute("SELECT key, value FROM entries").fetchall()
        assert rows
        for key, value in rows:
            payload = seal.unseal(value, key)
            change(payload)
            with pytest.MonkeyPatch.context() as m:
                if sealed_as:
                    m.setattr(seal, "code_version", lambda: sealed_as)
                resealed = seal.seal(payload, key)
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (resealed, key))
    db.close()


def _mark(payload: dict) -> None:
    payload["rendered"]["html"] = "<p>TAMPERED</p>"


def test_an_entry_sealed_by_another_code_version_is_a_miss(site: Path, tmp_path: Path):
    build_site(site, tmp_path / "public")
    _tamper_content(cache_of(site), _mark, sealed_as="another version")
    build_site(site, tmp_path / "foreign")
    assert tree(tmp_path / "foreign") == clean_build(site, tmp_path)
    # The control: the same change sealed as this code seals is used, so the
    # build above did reach the check this test is about.
    _tamper_content(cache_of(site), _mark)
    build_site(site, tmp_path / "control")
    assert "TAMPERED" in (tmp_path / "control/posts/beta/index.html").read_text()


REPO = Path(__file__).parents[1]


def _bundled_entries():
    """(key, Entry) for every document of the bundled site, rendered as a build does."""
    from sitegen.cache.content import Entry
    from sitegen.config import load_config
    from sitegen.make import make_content, render_document

    config = load_config(REPO)
    content = make_content(config, check=False, cache=False)
    for key, _ in content.renderer.plan.documents():
        rendered, _, ref_calls = render_document(content.renderer, key)
        yield key, Entry("templates-digest", ref_calls, rendered)


def test_every_content_entry_of_the_bundled_site_reads_back_equal():
    from sitegen.cache.content import entry_from_plain, entry_to_plain
    from sitegen.cache.seal import seal, unseal

    entries = dict(_bundled_entries())
    for key, entry in entries.items():
        data = seal(entry_to_plain(entry), str(key))
        assert entry_from_plain(unseal(data, str(key))) == entry, key
    # most kinds of value an entry holds occur there, so their decoders ran
    values = [e.rendered for e in entries.values()]
    assert any(r.toc for r in values) and any(r.has_math for r in values) and any(r.truncated for r in values)
    assert any(r.code_languages for r in values) and any(r.shortcodes for r in values)
    assert any(k.col is None for r in values for k in r.links) and any(
        k.image for r in values for k in r.links
    )
    assert any(e.ref_calls for e in entries.values()) and any("的" in r.html for r in values)


def test_what_the_bundled_site_lacks_reads_back_equal_too():
    """Anchored refs, broken refs and refs to another language, which its posts don't have."""
    from sitegen.cache.content import Entry, entry_from_plain, entry_to_plain
    from sitegen.cache.seal import seal, unseal
    from sitegen.model import EMPTY_RENDERED, PageKey, RefUse

    use = RefUse(PageKey("zh", "page", "blog/kv-cache"), "内存", "kv-cache#内存", 3, 9)
    rendered = replace(EMPTY_RENDERED, html="<p>\udcff lone</p>", refs=(use,))
    entry = Entry("t", [("kv-cache", "zh", True, "https://x/zh/"), ("gone", None, False, None)], rendered)
    assert entry_from_plain(unseal(seal(entry_to_plain(entry), "k"), "k")) == entry


WRONG_SHAPES = {
    "a string is a number": lambda d: d["rendered"].update(html=1),
    "a count is true": lambda d: d["rendered"].update(word_count=True),
    "a set is an object": lambda d: d["rendered"].update(anchors={"a": 1}),
    "a heading is short": lambda d: d["rendered"].update(toc=[[2, "id"]]),
    "an extra field": lambda d: d["rendered"].update(extra=""),
    "a missing field": lambda d: d["rendered"].pop("html"),
    "a ref call is an object": lambda d: d.update(ref_calls=[{"ref": "x"}]),
    "the entry is a list": lambda d: d.clear() or d.update(rendered=[]),
}


@pytest.mark.parametrize("wrong", sorted(WRONG_SHAPES))
def test_an_entry_of_the_wrong_shape_is_refused(wrong: str):
    from sitegen.cache.content import entry_from_plain, entry_to_plain
    from sitegen.cache.plain import Shape

    _, entry = next(e for e in _bundled_entries() if e[1].rendered.toc and e[1].ref_calls)
    plain = entry_to_plain(entry)
    WRONG_SHAPES[wrong](plain)
    with pytest.raises(Shape):
        entry_from_plain(plain)


def _reseal_file(path: Path, change: Callable[[object], None]) -> None:
    from sitegen.cache.seal import read_sealed, write_sealed

    payload = read_sealed(path, path.name)
    change(payload)
    write_sealed(path, payload, path.name)


def _escape_output(state) -> None:
    for _, paths in state["pages"].values():
        paths[:] = ["../escaped.html" for _ in paths]
    state["files"]["../escaped.html"] = ["0" * 32, 1, 1]


FORGED = {
    "content: a count that is text": lambda root: _tamper_content(
        root, lambda p: p["rendered"].update(word_count="many")
    ),
    "output.json: pages that keep files outside the output folder": lambda root: _reseal_file(
        root / "output.json", _escape_output
    ),
    "build.json: an output path with a NUL": lambda root: _reseal_file(
        root / "build.json", lambda record: record["output"].append(["a\0b", 1, 1])
    ),
}


@pytest.mark.parametrize("forged", sorted(FORGED))
def test_a_forged_entry_of_the_wrong_shape_is_a_miss(site: Path, tmp_path: Path, forged: str):
    """Sealed as this code seals, so only the decoders' checks stand in the way."""
    out = tmp_path / "public"
    assert run_cli("build", "-s", site, "-d", out).returncode == 0
    FORGED[forged](cache_of(site))
    (site / "content/posts/beta.md").write_text(
        (site / "content/posts/beta.md").read_text().replace("middle part", "centre")
    )
    proc = run_cli("build", "-s", site, "-d", out)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "escaped.html").exists()
    assert tree(out) == clean_build(site, tmp_path)


def test_check_writes_nothing_into_the_cache(site: Path, tmp_path: Path):
    root = cache_of(site)
    assert run_cli("check", site).returncode == 0
    assert not root.exists(), "check made a cache folder"
    assert run_cli("build", "-s", site, "-d", tmp_path / "public").returncode == 0
    rows = _rows(root)
    (site / "content/posts/beta.md").write_text("---\ntitle: Beta\n---\nNew text, {{< nope >}}.\n")
    proc = run_cli("check", site)
    assert "nope" in proc.stderr + proc.stdout
    assert _rows(root) == rows


def _rows(root: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(root / "content.sqlite") as db:
        rows = db.execute("SELECT key, value FROM entries ORDER BY key").fetchall()
    db.close()
    return rows


WARNING = "warning: cache folder {} is not usable ({}); building without the cache"
ELSEWHERE = "point SITEGEN_CACHEDIR at a folder sitegen can write"


def _unusable(kind: str, site: Path, tmp_path: Path) -> tuple[dict[str, str], Path, str]:
    """An environment whose cache folder can't be made, that folder, and why."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    if kind == "SITEGEN_CACHEDIR is a file":
        env = {"SITEGEN_CACHEDIR": str(blocker)}
    elif kind == "SITEGEN_CACHEDIR is under a file":
        env = {"SITEGEN_CACHEDIR": str(blocker / "cache")}
    else:  # .sitegen-cache beside the config is a file
        (site / ".sitegen-cache").write_text("not a folder")
        env = {"SITEGEN_CACHEDIR": ""}
        blocker = site / ".sitegen-cache"
    return env, blocker, f"{blocker} is a file"


@pytest.mark.parametrize(
    "kind", ["SITEGEN_CACHEDIR is a file", "SITEGEN_CACHEDIR is under a file", ".sitegen-cache is a file"]
)
def test_an_unusable_cache_folder_is_one_warning_and_a_full_build(site: Path, tmp_path: Path, kind: str):
    env, blocker, reason = _unusable(kind, site, tmp_path)
    out = tmp_path / "public"
    for _ in range(2):  # the second build has no record to replay: it builds again
        proc = run_cli("build", "-s", site, "-d", out, env=env)
        assert proc.returncode == 0, proc.stderr
        lines = proc.stderr.splitlines()
        assert len([line for line in lines if "cache folder" in line]) == 1, proc.stderr
        assert lines[0].startswith(f"warning: cache folder {blocker}"), proc.stderr
        assert lines[0].endswith(f"is not usable ({reason}); building without the cache"), proc.stderr
        assert (
            lines[1] == "  hint: move that file away, or point SITEGEN_CACHEDIR at a folder sitegen can write"
        )
        assert "Built" in proc.stdout and "nothing changed" not in proc.stdout
    assert tree(out) == clean_build(site, tmp_path)
    assert blocker.read_text() == "not a folder"


def test_check_with_an_unusable_cache_folder_still_checks(site: Path, tmp_path: Path):
    env, _, _ = _unusable("SITEGEN_CACHEDIR is under a file", site, tmp_path)
    proc = run_cli("check", site, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr


def _refuse_under(root: Path, error: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the file system refuse, with error, what a full or read-only disk refuses
    under root: writing (a full disk) or creating files (read-only, no permission:
    root ignores modes, so the refusal is simulated)."""
    real_write, real_open = os.write, os.open

    def write(fd: int, data) -> int:
        if error == errno.ENOSPC and os.readlink(f"/proc/self/fd/{fd}").startswith(str(root)):
            raise OSError(error, os.strerror(error))
        return real_write(fd, data)

    def open_(path, flags, *args, **kwargs) -> int:
        if error != errno.ENOSPC and flags & os.O_CREAT and str(path).startswith(str(root)):
            raise OSError(error, os.strerror(error), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "open", open_)


@pytest.mark.parametrize(
    "error, hint",
    [
        (errno.ENOSPC, f"free some space, or {ELSEWHERE}"),
        (errno.EROFS, ELSEWHERE),
        (errno.EACCES, ELSEWHERE),
    ],
)
def test_a_full_or_read_only_disk_is_the_warning_and_a_full_build(
    site: Path, tmp_path: Path, monkeypatch, caplog, error: int, hint: str
):
    root = cache_of(site)
    _refuse_under(root, error, monkeypatch)
    result = build_site(site, tmp_path / "public")
    monkeypatch.undo()
    assert not result.replayed
    messages = [r.getMessage() for r in caplog.records if "cache folder" in r.getMessage()]
    assert messages == [WARNING.format(root, os.strerror(error).lower()) + f"\n  hint: {hint}"]
    assert not list(root.iterdir()), "the build used the cache all the same"
    assert tree(tmp_path / "public") == clean_build(site, tmp_path)


def test_a_cache_folder_lost_during_the_build_costs_only_speed(site: Path, tmp_path: Path, monkeypatch):
    """After the start, a cache write that fails (the folder replaced by a file) is no error."""
    from sitegen import make

    root = cache_of(site)
    build_site(site, tmp_path / "public")
    real = make.render_contents

    def lose_cache(*args, **kwargs):
        if root.is_dir():
            shutil.rmtree(root)
            root.write_text("gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(make, "render_contents", lose_cache)
    (site / "content/posts/beta.md").write_text(
        (site / "content/posts/beta.md").read_text().replace("middle part", "centre")
    )
    build_site(site, tmp_path / "public")
    assert tree(tmp_path / "public") == clean_build(site, tmp_path)


def _start(*args: object, text: bool = True) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
    )


def test_two_builds_at_once_both_succeed_and_leave_a_whole_site(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    post = site / "content/posts/beta.md"
    text = post.read_text()
    for round_no in range(5):
        post.write_text(text.replace("middle part", f"middle part, round {round_no}"))
        if round_no == 2:
            shutil.rmtree(cache_of(site))  # a cold pair too
        both = [_start("build", "-s", site, "-d", out) for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read(), p.stdout.read()) for p in both]
        for p in both:
            p.stdout.close()
            p.stderr.close()
        for code, stderr, _ in results:
            assert code == 0, f"round {round_no}: {stderr}"
            assert "internal error" not in stderr
        assert tree(out) == clean_build(site, tmp_path), f"round {round_no}"
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".public.new-", ".public.old-"))]


def _hold(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _first_line(proc: subprocess.Popen[bytes], timeout: float = 30) -> str:
    """The first line the process writes to stderr, read without buffering past it."""
    deadline, seen = time.monotonic() + timeout, b""
    while time.monotonic() < deadline and not seen.endswith(b"\n"):
        ready, _, _ = select.select([proc.stderr], [], [], 0.1)
        if ready:
            seen += os.read(proc.stderr.fileno(), 1)
    return seen.decode()


@pytest.mark.parametrize("lock", ["site", "output"])
def test_a_second_build_waits_for_the_first_and_says_so(site: Path, tmp_path: Path, lock: str):
    out = tmp_path / "public"
    lock_file = cache_of(site) / "build.lock" if lock == "site" else tmp_path / ".sitegen-public.lock"
    fd = _hold(lock_file)
    proc = _start("build", "-s", site, "-d", out, text=False)
    try:
        line = _first_line(proc)
        what = "of this site" if lock == "site" else f"into {out}/"
        assert line == f"waiting for another build {what} to finish (pid {os.getpid()})…\n"
        time.sleep(0.5)
        assert proc.poll() is None and not out.exists(), "it went on while the lock was held"
    finally:
        os.close(fd)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert tree(out) == clean_build(site, tmp_path)


def test_check_runs_while_a_build_does(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    for round_no in range(3):
        if round_no == 1:
            shutil.rmtree(cache_of(site))
        procs = [_start("build", "-s", site, "-d", out), _start("check", site)]
        codes = [p.wait(timeout=120) for p in procs]
        errors = [p.stderr.read() for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert codes == [0, 0], errors
        assert not any("internal error" in e for e in errors)
    assert tree(out) == clean_build(site, tmp_path)


def test_serve_waits_for_no_build(site: Path):
    """`sitegen serve` writes no output folder, so a build holding both locks doesn't hold it up."""
    from test_serve import Server

    held = [_hold(cache_of(site) / "build.lock"), _hold(site / ".sitegen-public.lock")]
    try:
        server = Server(site)
        try:
            status, _, body = server.get("/")
        finally:
            server.stop()
    finally:
        for fd in held:
            os.close(fd)
    assert status == 200 and "<title>Cache</title>" in body.decode(), body[:300]
    assert not (site / "public").exists()
