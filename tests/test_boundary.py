"""The site's boundary: a build reads only regular files inside the site folder
and its theme, and publishes the web host's dotfiles but no VCS or editor files.

The cases that git cannot hold (FIFOs, sockets, names that are not UTF-8, links
to a folder made for the test, unreadable files) are made here in tmp_path;
the ones it can hold are in tests/sites/invalid/. Every build runs through the
CLI in the site folder, as a user would, with a timeout: a FIFO that is opened
waits forever, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import sitegen
from conftest import NOW
from sitegen import cli, pipeline
from sitegen.cache import fingerprint
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.make import make_content

SECRET = b"-----BEGIN OPENSSH PRIVATE KEY----- s3cr3t-b0undary-t3st"
POST = "---\ntitle: Post\n---\nText.\n"


def make_site(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    site = root / "site"
    for rel, data in {"sitegen.toml": 'title = "T"\n', "content/blog/post.md": POST, **(files or {})}.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return site


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},
        capture_output=True,
        text=True,
        timeout=20,  # a FIFO opened by the build would wait forever
    )


def published(folder: Path) -> dict[str, bytes]:
    """Every file below folder, links not followed (so the test itself reads no secret)."""
    found = {}
    for here, _, files in os.walk(folder):
        for name in files:
            path = Path(here) / name
            if not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def assert_failed_with(done: subprocess.CompletedProcess[str], line: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines().count(line) == 1, done.stderr  # once, where it is
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


# --- links out of the site -------------------------------------------------------

OUTSIDE_LINKS = {
    "content file": "content/blog/key.txt",
    "bundle resource": "content/blog/bundle/key.txt",
    "static file": "static/key.txt",
    "static folder": "static/keys",
    "content folder": "content/blog/keys",
    "layout": "layouts/_default/single.html",
}


@pytest.mark.parametrize("link", OUTSIDE_LINKS.values(), ids=OUTSIDE_LINKS.keys())
def test_a_link_out_of_the_site_is_an_error_and_its_target_is_never_published(tmp_path: Path, link: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_ed25519").write_bytes(SECRET)
    site = make_site(tmp_path, {"content/blog/bundle/index.md": POST, "static/css/site.css": "body{}"})
    target = outside if link.endswith("keys") else outside / "id_ed25519"
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(target)
    (site / "public").mkdir()
    (site / "public/index.html").write_text("<p>yesterday's site</p>")

    done = build(site)

    assert_failed_with(done, f"{link}: symbolic link points outside the site, to {target.resolve()}")
    assert "copy it in instead of linking to it" in done.stderr
    assert published(site / "public") == {"index.html": b"<p>yesterday's site</p>"}
    for data in [*published(Path(os.environ["SITEGEN_CACHEDIR"])).values(), done.stderr.encode()]:
        assert b"s3cr3t" not in data


def test_a_content_folder_that_is_a_link_out_of_the_site_is_named(tmp_path: Path):
    site = make_site(tmp_path)
    shutil.move(site / "content", tmp_path / "elsewhere")
    (site / "content").symlink_to(tmp_path / "elsewhere")
    done = build(site)
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert_failed_with(done, f"content: symbolic link points outside the site, to {elsewhere}")


def test_a_content_dir_configured_outside_the_site_is_an_error(tmp_path: Path):
    site = make_site(tmp_path, {"sitegen.toml": 'title = "T"\ncontentDir = "../elsewhere"\n'})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.md").write_text(POST)
    done = build(site)
    assert_failed_with(done, f"{tmp_path / 'elsewhere'}: folder is outside the site")


def test_a_theme_that_is_a_link_out_of_the_site_is_an_error(tmp_path: Path):
    site = make_site(tmp_path, {"sitegen.toml": 'title = "T"\ntheme = "mine"\n'})
    shutil.copytree(sitegen.BUNDLED_THEMES[1] / "default", tmp_path / "theme")
    (site / "themes").mkdir()
    (site / "themes/mine").symlink_to(tmp_path / "theme")
    done = build(site)
    theme = (tmp_path / "theme").resolve()
    assert_failed_with(done, f"themes/mine: symbolic link points outside the site, to {theme}")


def test_a_link_to_the_root_folder_fails_at_once_without_walking_the_disk(tmp_path: Path):
    """The no-change check stamps every input before the build: it must not follow
    the link either, or it would stat every file on the machine."""
    site = make_site(tmp_path)
    (site / "content/everything").symlink_to("/")
    done = build(site)
    assert_failed_with(done, "content/everything: symbolic link points outside the site, to /")
    within_seconds(2, lambda: fingerprint.stamp_inputs(load_config(site), site / "public"))


def test_links_that_stay_inside_the_site_keep_working(tmp_path: Path):
    picture = b"\x89PNG\r\n\x1a\n picture"
    site = make_site(
        tmp_path,
        {
            "common/posts/shared-post.md": "---\ntitle: Shared\n---\nShared text.\n",
            "common/drafts/linked.md": "---\ntitle: Linked\n---\nLinked text.\n",
            "common/assets/pic.png": picture,
            "content/blog/bundle/index.md": "---\ntitle: Bundle\n---\n![p](pic.png)\n",
        },
    )
    (site / "content/blog/common").symlink_to("../../common/posts")  # a folder
    (site / "content/blog/linked.md").symlink_to("../../common/drafts/linked.md")  # a post
    (site / "content/blog/bundle/pic.png").symlink_to("../../../common/assets/pic.png")  # a resource
    (site / "static").mkdir()
    (site / "static/img").symlink_to("../common/assets")  # a static folder
    (site / "static/logo.png").symlink_to("../common/assets/pic.png")  # a static file

    done = build(site)

    assert done.returncode == 0, done.stderr
    out = published(site / "public")
    assert "Shared text." in out["blog/common/shared-post/index.html"].decode()
    assert "Linked text." in out["blog/linked/index.html"].decode()
    assert out["blog/bundle/pic.png"] == out["img/pic.png"] == out["logo.png"] == picture


# --- things that are not files ---------------------------------------------------

FIFO = "this is a named pipe (FIFO), not a file: sitegen reads only files and folders"
FIFOS = ["content/blog/pipe.md", "content/blog/pipe.png", "content/blog/bundle/pipe.png", "static/pipe.css"]
FIFOS += ["layouts/_default/single.html", "i18n/en.yaml", "layouts/shortcodes/note.html"]


def within_seconds(
    seconds: float, run: Callable[[], object], fifo: Path | None = None
) -> BaseException | None:
    """Run in a thread in this process, where starting Python and importing sitegen
    cost nothing (they took 1.5 s under this 2-core machine's load, which a bound on
    the whole command would measure); return what it raised."""
    raised: list[BaseException] = []

    def target() -> None:
        try:
            run()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            raised.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive() and fifo is not None:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # lets the stuck open() return
    assert not thread.is_alive(), f"still at it after {seconds} s"
    return raised[0] if raised else None


@pytest.mark.parametrize("fifo", FIFOS)
def test_a_fifo_is_a_located_error_within_a_second(tmp_path: Path, fifo: str):
    site = make_site(tmp_path, {"content/blog/bundle/index.md": POST})
    (site / fifo).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / fifo)
    done = build(site)  # the timeout stops a build that waits on the FIFO
    assert_failed_with(done, f"{fifo}: {FIFO}")
    error = within_seconds(1, lambda: make_content(load_config(site), check=False, cache=False), site / fifo)
    assert isinstance(error, SitegenError) and FIFO in str(error)


def test_a_fifo_also_fails_fast_in_a_site_built_before(tmp_path: Path):
    """The second build asks the no-change check first, which stamps the FIFO."""
    site = make_site(tmp_path)
    assert build(site).returncode == 0
    os.mkfifo(site / "content/blog/later.md")
    done = build(site)
    assert_failed_with(done, f"content/blog/later.md: {FIFO}")
    error = within_seconds(1, lambda: pipeline.build(load_config(site)), site / "content/blog/later.md")
    assert isinstance(error, SitegenError) and FIFO in str(error)


def test_a_socket_is_a_located_error(tmp_path: Path):
    site = make_site(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(site / "content/blog/s.sock"))
        done = build(site)
    message = "this is a socket, not a file: sitegen reads only files and folders"
    assert_failed_with(done, f"content/blog/s.sock: {message}")


def test_a_device_is_a_located_error(tmp_path: Path):
    site = make_site(tmp_path)
    (site / "static").mkdir()
    try:
        os.mknod(site / "static/zero", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        pytest.skip("making a device needs root (CAP_MKNOD); the check is the same lstat as a FIFO's")
    done = build(site)
    message = "this is a device, not a file: sitegen reads only files and folders"
    assert_failed_with(done, f"static/zero: {message}")


@pytest.mark.parametrize("folder", ["content/blog", "static", "content/blog/bundle"])
def test_a_name_that_is_not_utf8_is_a_located_error(tmp_path: Path, folder: str):
    site = make_site(tmp_path, {"content/blog/bundle/index.md": POST, "static/a.css": "a{}"})
    with open(os.fsencode(site / folder) + b"/caf\xff.md", "wb") as f:
        f.write(POST.encode())
    done = build(site)
    assert_failed_with(done, f"{folder}/caf\\xff.md: name is not valid UTF-8 (byte 0xff)")
    assert "hint: rename it in UTF-8: file names become URLs" in done.stderr


def test_a_folder_whose_name_is_not_utf8_is_a_located_error(tmp_path: Path):
    site = make_site(tmp_path)
    os.mkdir(os.fsencode(site / "content") + b"/\xe6\x97")  # half of 日
    done = build(site)
    assert_failed_with(done, "content/\\xe6\\x97: name is not valid UTF-8 (byte 0xe6)")


def test_a_dangling_link_in_static_is_a_located_error(tmp_path: Path):
    site = make_site(tmp_path)
    (site / "static").mkdir()
    (site / "static/logo.svg").symlink_to("logo-v2.svg")
    done = build(site)
    assert_failed_with(done, "static/logo.svg: broken symbolic link: logo-v2.svg does not exist")


@pytest.mark.parametrize("rel", ["content/blog/secret.png", "static/private", "layouts/_default/single.html"])
def test_an_unreadable_file_or_folder_is_a_located_error(tmp_path: Path, rel: str, monkeypatch, capsys):
    """chmod 000 stops everyone but root, and the tests run as root: the build asks
    os.access, so it is told "no" here for that one path, as a user would be."""
    site = make_site(tmp_path, {rel if "." in rel else f"{rel}/k.txt": "x"})
    locked = str(site / rel)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: str(p) != locked and real_access(p, mode, **kw))
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    assert cli.main(["build", "--no-cache"]) == 1
    kind = "file" if "." in rel else "folder"
    assert f"{rel}: cannot read this {kind}: permission denied" in capsys.readouterr().err.splitlines()


# --- dotfiles --------------------------------------------------------------------

PUBLISHED = {
    ".nojekyll": b"",
    ".htaccess": b"Options -Indexes\n",
    ".well-known/security.txt": b"Contact: x\n",
}
PUBLISHED |= {".well-known/acme-challenge/token": b"abc"}
SKIPPED = [".git/config", ".svn/entries", ".hg/hgrc", ".DS_Store", "css/site.css.swp", "notes~"]
SKIPPED += [".#site.css", "#site.css#", ".env", ".vscode/settings.json"]


def test_static_publishes_web_host_dotfiles_and_skips_vcs_and_editor_files(tmp_path: Path):
    files: dict[str, str | bytes] = {f"static/{rel}": data for rel, data in PUBLISHED.items()}
    files |= {f"static/{rel}": b"leftover-7f3a" for rel in SKIPPED}
    site = make_site(tmp_path, files)
    done = build(site)
    assert done.returncode == 0, done.stderr
    out = published(site / "public")
    assert {rel: out.get(rel) for rel in PUBLISHED} == PUBLISHED
    assert [rel for rel in SKIPPED if rel in out] == []
    assert b"leftover-7f3a" not in b"".join(out.values())


def test_a_theme_static_folder_publishes_dotfiles_too(tmp_path: Path):
    site = make_site(tmp_path, {"sitegen.toml": 'title = "T"\ntheme = "mine"\n'})
    shutil.copytree(sitegen.BUNDLED_THEMES[1] / "default", site / "themes/mine")
    (site / "themes/mine/static/.well-known").mkdir(parents=True)
    (site / "themes/mine/static/.well-known/security.txt").write_text("Contact: theme\n")
    (site / "themes/mine/static/.git").mkdir()
    (site / "themes/mine/static/.git/HEAD").write_text("ref: main\n")
    done = build(site)
    assert done.returncode == 0, done.stderr
    out = published(site / "public")
    assert out[".well-known/security.txt"] == b"Contact: theme\n"
    assert ".git/HEAD" not in out


def test_editor_files_in_content_are_neither_pages_nor_copied(tmp_path: Path):
    editors = ["post.md~", ".#post.md", "#post.md#", "post.md.swp", ".DS_Store", "notes.bak"]
    site = make_site(
        tmp_path, {f"content/blog/{name}": "---\ntitle: Leftover\n---\nOld.\n" for name in editors}
    )
    done = build(site)
    assert done.returncode == 0, done.stderr
    out = published(site / "public")
    assert [rel for rel in out if any(rel.endswith(name) for name in editors)] == []
    assert all(b"Leftover" not in data for data in out.values())


def test_a_published_dotfile_deleted_from_public_comes_back_on_the_next_build(tmp_path: Path):
    """The no-change check stamps .well-known/ like any folder the build wrote (a
    file deleted in it leaves public/'s own mtime as it was)."""
    site = make_site(tmp_path, {"static/.well-known/security.txt": "Contact: x\n"})
    assert build(site).returncode == 0
    (site / "public/.well-known/security.txt").unlink()
    done = build(site)
    assert done.returncode == 0, done.stderr
    assert (site / "public/.well-known/security.txt").read_text() == "Contact: x\n"
