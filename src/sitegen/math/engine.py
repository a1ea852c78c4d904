"""TeX -> MathML with Temml, run in an embedded QuickJS.

Why Temml: it is KaTeX's parser and macro expander (the same TeX that posts
written for KaTeX use) with the HTML half removed and MathML written for
MathML Core, the MathML that Chromium, Firefox and Safari all render:
`\\boldsymbol` becomes bold math letters rather than a `mathvariant` Chromium
ignores, `\\tag` and `aligned` become real tables. KaTeX's own MathML output is
meant to sit under its HTML for screen readers and renders poorly alone;
latex2mathml (what sitegen used before) flattens environments.

Why QuickJS (the quickjs-ng build): a small C engine with wheels for every
platform, no threads of its own, so a context survives the build's fork into
workers. V8 (mini-racer) was no faster per formula here and is not fork-safe.

One context per process and thread: QuickJS runtimes must not be shared
between threads, and `serve` renders on its watcher thread.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The extension module itself: the `quickjs` wrapper package starts a thread
# when imported, and the build forks afterwards.
import _quickjs

from .aliases import KATEX_ALIASES

VENDOR = Path(__file__).parent / "vendor"
SOURCES = ("temml.min.js", "mhchem.js")  # mhchem adds \ce and \pu
MAX_EXPAND = 1000  # Temml's default: `\def\a{\a\a}\a` stops instead of filling memory
MAX_SIZE = [80, 80]  # ems: a `\rule{1e9em}{…}` stops at this size
TIME_LIMIT = 10  # seconds for one formula: hostile input must not hang a build
MEMORY_LIMIT = 512 * 2**20  # bytes for the context: nor eat the machine's memory

_RENDER = r"""
function sitegenRender(request) {
  const r = JSON.parse(request);
  try {
    return JSON.stringify({html: temml.renderToString(r.tex, {
      displayMode: r.display, annotate: true, throwOnError: true, strict: false,
      macros: Object.assign({}, sitegenAliases, r.macros), trust: false,
      maxExpand: MAX_EXPAND, maxSize: MAX_SIZE, wrap: "none", leqno: r.leqno})});
  } catch (e) {
    if (!(e instanceof temml.ParseError)) throw e;
    return JSON.stringify({error: String(e.message), position: e.position === undefined ? null : e.position});
  }
}
""".replace("MAX_EXPAND", str(MAX_EXPAND)).replace("MAX_SIZE", json.dumps(MAX_SIZE))


@dataclass(frozen=True)
class Result:
    """MathML, or why Temml refused the formula (`position`: an index into the TeX)."""

    html: str = ""
    error: str = ""
    position: int | None = None


def version() -> str:
    """Temml's version, for the cache's fingerprint and the README."""
    return str(_context().eval("temml.version"))


def render(
    tex: str, *, display: bool, macros: tuple[tuple[str, str], ...] = (), leqno: bool = False
) -> Result:
    """Render one formula. `macros`: the site's `\\name -> expansion` pairs."""
    return _render(tex, display, macros, leqno)


@lru_cache(maxsize=8192)
def _render(tex: str, display: bool, macros: tuple[tuple[str, str], ...], leqno: bool) -> Result:
    # Series repeat formulas across pages and languages; the result is a value
    # (errors included), so caching it is safe. Warnings are raised by callers.
    request = json.dumps({"tex": tex, "display": display, "macros": dict(macros), "leqno": leqno})
    try:
        answer = json.loads(_context().get("sitegenRender")(request))
    except _quickjs.JSException as exc:  # Temml tripped over the input, or ran out of time
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "interrupted" in reason:
            reason = f"took longer than {TIME_LIMIT} s"
        elif "call stack" in reason:
            reason = "nested too deeply"
        elif "out of memory" in reason:
            reason = "too large"
        return Result(error=f"Temml could not read it ({reason})")
    if "html" in answer:
        return Result(html=answer["html"])
    return Result(error=answer["error"], position=answer.get("position"))


_local = threading.local()


def _context() -> _quickjs.Context:
    owner = (os.getpid(), threading.get_ident())
    if getattr(_local, "owner", None) != owner:
        _local.context, _local.owner = _new_context(), owner
    return _local.context


def _new_context() -> _quickjs.Context:
    context = _quickjs.Context()
    for name in SOURCES:
        context.eval((VENDOR / name).read_text(encoding="utf-8"))
    context.eval(_RENDER)
    context.eval(f"const sitegenAliases = {json.dumps(KATEX_ALIASES)};")
    context.set_time_limit(TIME_LIMIT)  # per call, not in total
    context.set_memory_limit(MEMORY_LIMIT)
    return context
