"""Command line: flags -> config overrides -> pipeline; the only place that prints.

Every user mistake ends as one `path:line:col: message` line (plus a hint)
and exit code 1, never a traceback; `--debug` shows the traceback for bug
reports. Warnings print in the same form; `--strict` makes the first one fail
the build before anything is written.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from . import __version__
from .commands import add_commands, config_paths, progress_line
from .config import load_config
from .errors import BuildFailed, Problem, SitegenError, display_path
from .pipeline import BuildResult, build, check
from .report import FORMATS, SHOWN, format_failure, format_problems, more_line


def main(argv: list[str] | None = None) -> int:
    """Run the `sitegen` command and return its exit code."""
    if argv is None:  # the real command line, not a call from Python
        _ensure_utf8_mode()
    _never_fail_to_print()
    args = _parser().parse_args(argv)
    if not getattr(args, "command", None):
        _parser().print_help()
        return 2
    handler = _install_logging(args)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code: int = args.run(args, handler)
        handler.finish()
        return code
    except SitegenError as exc:
        handler.finish()
        text = format_failure(exc.problems) if isinstance(exc, BuildFailed) else f"{exc}\n"
        sys.stderr.write(f"error: {text}" if exc.problem.path is None else text)
        if args.debug:
            traceback.print_exc()
        if args.command == "build" and not args.quiet:
            print(_failed_line(getattr(args, "output_dir", None)), flush=True)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `sitegen build | head -1`: the reader left, so stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit's flush
        return 1
    except Exception as exc:  # a bug in sitegen, not the user's input
        if args.debug:
            traceback.print_exc()
        detail = str(exc)
        detail = detail if len(detail) <= 300 else detail[:300] + "…"  # a repr can be megabytes
        print(f"internal error: {type(exc).__name__}: {detail}", file=sys.stderr)
        print(
            "  hint: this is a bug in sitegen; run again with --debug and report the traceback",
            file=sys.stderr,
        )
        return 1


def _ensure_utf8_mode() -> None:
    """Run in Python's UTF-8 mode whatever the locale says, restarting once if need be.

    Under LC_ALL=C or POSIX with UTF-8 mode off (PYTHONUTF8=0), Python takes file
    names for ASCII: content/文章.md comes back as surrogate escapes that no page
    can be written with, and a Chinese path cannot be printed. sitegen's files are
    UTF-8 whatever the locale (Hugo's rule too), and the file-name encoding is fixed
    when Python starts, so the only cure is to start again with `-X utf8`, which
    wins over PYTHONUTF8=0. Forked workers inherit it.
    """
    if sys.flags.utf8_mode or sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return
    if os.name != "posix" or not sys.executable or not sys.orig_argv:
        return
    os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])


def _never_fail_to_print() -> None:
    """A message that the terminal's encoding cannot show comes out escaped (\\u6587),
    never as a UnicodeEncodeError in place of the message (PYTHONIOENCODING=ascii)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("build", help="build the site into public/")
    _site_options(p)
    p.add_argument("-d", "--destination", type=Path, help="output folder (default: public)")
    p.add_argument(
        "--no-cache",
        "--ignoreCache",
        action="store_true",
        help="build everything from scratch, ignoring .sitegen-cache/",
    )
    p.set_defaults(run=_run_build)
    c = sub.add_parser("check", help="check the site without writing; report every problem")
    c.add_argument(
        "path", nargs="?", type=Path, default=None, help="site folder (default: the -s folder, or .)"
    )
    _site_options(c)
    c.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), github workflow annotations, or json",
    )
    c.set_defaults(run=_run_check)
    v = sub.add_parser("serve", help="serve the site with live reload while you write")
    v.add_argument(
        "-s",
        "--source",
        type=Path,
        default=Path("."),
        help="site folder holding sitegen.toml and content/ (default: .)",
    )
    v.add_argument("-p", "--port", type=_port, default=1313, help="port (default: 1313; 0: any free)")
    v.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    v.add_argument("--no-drafts", action="store_true", help="hide drafts (shown by default)")
    v.add_argument(
        "-F", "--future", "--buildFuture", action="store_true", help="include posts dated in the future"
    )
    v.add_argument("-b", "--baseURL", help="override the URL pages link to")
    v.add_argument("--open", action="store_true", help="open the site in a browser")
    v.add_argument("--poll", action="store_true", help="poll for changes (network drives, containers, WSL)")
    _common_options(v, environment="development")
    _unknown_option(v)
    v.set_defaults(run=_run_serve)
    add_commands(sub, _common_options)
    return parser


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return int(value)


def _site_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-s",
        "--source",
        type=Path,
        default=Path("."),
        help="site folder holding sitegen.toml and content/ (default: .)",
    )
    p.add_argument("-D", "--drafts", "--buildDrafts", action="store_true", help="include draft posts")
    p.add_argument(
        "-F", "--future", "--buildFuture", action="store_true", help="include posts dated in the future"
    )
    p.add_argument("-b", "--baseURL", help="override baseURL")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    _common_options(p)
    _unknown_option(p)


def _common_options(p: argparse.ArgumentParser, environment: str = "production") -> None:
    """Flags every command takes, with Hugo's names."""
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("-v", "--verbose", action="store_true", help="say what the build does (--logLevel info)")
    p.add_argument(
        "--logLevel",
        choices=("debug", "info", "warn", "error"),
        help="Hugo's log levels: debug and info say what the build does; error hides warnings",
    )
    p.add_argument(
        "--config",
        metavar="FILE[,FILE]",
        help="config file(s) instead of sitegen.toml/hugo.toml, relative to the site folder;"
        " Hugo's files merge with the left-most winning",
    )
    p.add_argument(
        "-e",
        "--environment",
        default=environment,
        help=f"Hugo's config/<environment>/ folder to merge (default: {environment})",
    )


def _unknown_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--unknown-shortcodes",
        choices=("error", "warn"),
        default=None,
        help="a shortcode with no template fails the build (error, the default), or"
        " warns and renders what is between its tags (warn)",
    )


def _run_build(args: argparse.Namespace, handler: _ProblemHandler) -> int:
    destination = args.destination.resolve() if args.destination else None
    config = load_config(
        args.source,
        args.environment,
        config_paths(args),
        build_drafts=args.drafts or None,
        build_future=args.future or None,
        base_url=_base_url(args.baseURL),
        output_dir=destination,
        unknown_shortcodes=args.unknown_shortcodes,
    )
    args.output_dir = config.site_dir / config.output_dir  # for the failure line, should the build fail
    log = logging.getLogger("sitegen")
    log.info(f"config: {display_path(config.config_path) if config.config_path else 'none (defaults)'}")
    log.info(f"environment: {args.environment}; output: {display_path(args.output_dir)}/")
    log.debug(f"languages: {', '.join(g.code for g in config.languages)}; content: {config.content_dir}")
    handler.shown = SHOWN  # serve prints each rebuild's warnings afresh; build, once
    if not args.quiet:
        progress_line.start()
    try:
        result = build(config, cache=not args.no_cache, waiting=_say)
    finally:
        progress_line.stop()
    if result.replayed:  # nothing changed: say so, with the warnings the last build printed
        for message in result.warnings:
            handler.replay(message)
    if not result.replayed:
        logging.getLogger("sitegen").info(f"{result.files} files written in {result.seconds:.2f} s")
    handler.finish()  # the count of warnings left out, before the summary points "above"
    if not args.quiet:
        print(_summary(result))
    return 0


def _say(message: str) -> None:
    """A line about the build's progress, not a problem: even with -q (a wait may be long)."""
    progress_line.clear()
    print(message, file=sys.stderr, flush=True)


def _run_check(args: argparse.Namespace, handler: _ProblemHandler) -> int:
    """Exit 0 when clean, 1 on errors (or on warnings with --strict); usage errors exit 2."""
    handler.collect = True
    problems: list[Problem] = []
    started = time.perf_counter()
    try:
        config = load_config(
            args.path or args.source,
            args.environment,
            config_paths(args),
            build_drafts=args.drafts or None,
            build_future=args.future or None,
            base_url=_base_url(args.baseURL),
            unknown_shortcodes=args.unknown_shortcodes,
        )
        check(config)
    except BuildFailed as exc:
        problems.extend(exc.problems)
    except SitegenError as exc:
        problems.append(exc.problem)
    problems.extend(handler.collected)
    sys.stdout.write(format_problems(problems, args.format))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not args.quiet and args.format != "json":
        print(
            f"check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" ({time.perf_counter() - started:.2f} s)",
            file=sys.stderr,
        )
    return 1 if errors or (args.strict and warnings) else 0


def _run_serve(args: argparse.Namespace, handler: _ProblemHandler) -> int:
    from .serve import ServeOptions, serve  # watchdog and http.server only load for serve

    return serve(
        ServeOptions(
            source=args.source,
            port=args.port,
            bind=args.bind,
            drafts=not args.no_drafts,
            future=args.future,
            base_url=_base_url(args.baseURL),
            open_browser=args.open,
            poll=args.poll,
            unknown_shortcodes=args.unknown_shortcodes,
            environment=args.environment,
            config_files=config_paths(args),
        )
    )


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    return value if value.endswith("/") else value + "/"


def _failed_line(output_dir: Path | None) -> str:
    """The closing line of a failed build, on stdout where a good one's summary goes: the
    output folder is only replaced by a build that succeeds (output.py)."""
    if output_dir is None:
        return "Build failed; the previous output was kept as it was"
    where = display_path(output_dir)
    if output_dir.is_dir():
        return f"Build failed; the previous output in {where}/ was kept as it was"
    return f"Build failed; nothing was written ({where}/ does not exist yet)"


def _summary(result: BuildResult) -> str:
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(result.pages_per_language.items()))
    where = display_path(result.output_dir)
    warnings = len(result.warnings)
    lines = [
        f"Built {where}/ earlier; nothing changed since"
        if result.replayed
        else f"Built {where}/ in {result.seconds:.2f} s",
        f"  pages: {per_lang or 'none'} · terms: {result.terms} · static files: {result.static_files}"
        + ("" if result.replayed else f" · files written: {result.files}"),  # a replay wrote nothing
    ]
    if warnings:
        lines.append(f"  {warnings} warning{'s' if warnings != 1 else ''} (see above)")
    return "\n".join(lines)


class _ProblemHandler(logging.Handler):
    """Print warnings as `path:line:col: warning: …`; under --strict, fail on the first."""

    def __init__(self, strict: bool) -> None:
        super().__init__(logging.WARNING)
        self.strict = strict
        self.collect = False  # `check` reports warnings with the errors, in its format
        self.collected: list[Problem] = []
        self.shown: int | None = None  # print this many warnings, then only count them
        self.hidden: list[Problem] = []
        self.hide_warnings = False

    def handle(self, record: logging.LogRecord) -> bool:
        problem: Problem | None = getattr(record, "problem", None)
        if record.levelno < logging.WARNING:  # --logLevel info/debug (-v): what the build does
            progress_line.clear()
            print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)
            return True
        if self.hide_warnings and not (self.collect or self.strict):
            return True  # --logLevel error: warnings are not shown (--strict still fails on one)
        if self.collect:
            self.collected.append(problem or Problem(record.getMessage(), severity="warning"))
            return True
        if self.strict:
            if problem is None:
                raise SitegenError(record.getMessage())
            raise SitegenError(problem.message, problem.path, problem.line, problem.col, problem.hint)
        self._print(record.getMessage(), problem)
        return True

    def replay(self, message: str) -> None:
        """Show a warning the last build printed, when nothing changed since."""
        if self.strict:
            raise SitegenError(message)
        self._print(message, None)

    def _print(self, message: str, problem: Problem | None) -> None:
        if self.shown is not None and self.shown <= 0:
            self.hidden.append(problem or Problem(message, severity="warning"))
            return
        if self.shown is not None:
            self.shown -= 1
        progress_line.clear()  # a warning starts its own line, never after "rendered 12/40"
        print(message, file=sys.stderr)

    def finish(self) -> None:
        """Count the warnings left unprinted, in one line."""
        sys.stderr.write(more_line(self.hidden))
        self.hidden.clear()


def _install_logging(args: argparse.Namespace) -> _ProblemHandler:
    logger = logging.getLogger("sitegen")
    logger.handlers.clear()
    handler = _ProblemHandler(strict=getattr(args, "strict", False))
    logger.addHandler(handler)
    logger.propagate = False
    level = _LEVELS[
        getattr(args, "logLevel", None) or ("info" if getattr(args, "verbose", False) else "warn")
    ]
    handler.setLevel(min(level, logging.WARNING))  # warnings reach the handler: --strict and check
    handler.hide_warnings = level > logging.WARNING
    logger.setLevel(min(level, logging.WARNING))
    return handler


# Hugo's --logLevel names
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR}


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM takes the same path as Ctrl-C, so the half-written folder is removed.
    raise KeyboardInterrupt
