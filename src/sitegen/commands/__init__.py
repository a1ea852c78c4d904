"""The writers' commands Hugo users type: `new`, `init`, `list` (kept out of cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_commands(sub: Any, common: Any) -> None:
    """Add `new`, `init` and `list` to the `sitegen` parser's subcommands.

    `common(p)` adds the flags every command takes (--debug, -e, --logLevel …)."""
    n = sub.add_parser("new", help="a new post from archetypes/ (Hugo's `hugo new content`)")
    # Flags may come after the path (`new content blog/x.md --kind note`), which argparse
    # only allows around positionals with parse_intermixed_args: the rest is parsed there.
    _source(n)
    common(n)
    n.add_argument("rest", nargs=argparse.REMAINDER, help="[content] PATH [-k KIND] [-t LANG]")
    n.set_defaults(run=_run_new, common=common)
    i = sub.add_parser("init", help="a new bilingual site (English + Chinese) that builds at once")
    i.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder (default: .)")
    i.add_argument("--force", action="store_true", help="use a non-empty folder (no file is overwritten)")
    common(i)
    i.set_defaults(run=_run_init)
    lst = sub.add_parser("list", help="drafts, future or expired pages, as CSV (Hugo's `hugo list`)")
    lst.add_argument("which", choices=("all", "drafts", "future", "expired", "published"))
    _source(lst)
    common(lst)
    lst.set_defaults(run=_run_list)


def config_paths(args: argparse.Namespace) -> tuple[Path, ...]:
    """`--config a.toml,b.yaml`: the files, relative to the site folder (-s) as in Hugo."""
    names = [n.strip() for n in (getattr(args, "config", None) or "").split(",") if n.strip()]
    source = getattr(args, "path", None) if isinstance(getattr(args, "path", None), Path) else None
    site = source or getattr(args, "source", None) or Path(".")
    return tuple(Path(n) if Path(n).is_absolute() else site / n for n in names)


def _source(p: argparse.ArgumentParser) -> None:
    p.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder (default: .)")


def _new_parser(common: Any) -> argparse.ArgumentParser:
    n = argparse.ArgumentParser(prog="sitegen new")
    common(n)
    n.add_argument("what", nargs="+", metavar="[content] PATH", help="e.g. content blog/my-post/index.md")
    _source(n)
    n.add_argument("-k", "--kind", help="the archetype to use (default: the section's, else default)")
    n.add_argument(
        "-t",
        "--translation",
        action="append",
        metavar="LANG",
        help="also write this language's file beside it (repeatable)",
    )
    return n


def _run_new(args: argparse.Namespace, handler: object) -> int:
    from .new import run

    _new_parser(args.common).parse_intermixed_args(args.rest, namespace=args)
    what = list(args.what)
    if what[0] == "content" and len(what) > 1:  # `new content PATH`; `new PATH` is Hugo's older form
        what = what[1:]
    if len(what) != 1:
        raise _usage(
            "sitegen new content PATH takes one path", "e.g. sitegen new content blog/my-post/index.md"
        )
    args.path = what[0]
    return run(args)


def _run_init(args: argparse.Namespace, handler: object) -> int:
    from .init import run

    return run(args)


def _run_list(args: argparse.Namespace, handler: object) -> int:
    from .listing import run

    return run(args)


def _usage(message: str, hint: str) -> Exception:
    from ..errors import SitegenError

    return SitegenError(message, hint=hint)
