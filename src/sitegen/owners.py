"""Output owners, part of the site-model stage: the plan and the files to copy -> who
writes each path of the output folder, decided once, before any Markdown is rendered.

Claims come in three ranks, weakest first:

- copies: static files (the theme's, then the site's) and content files copied as
  they are (bundle resources, loose files);
- sitegen's own files: the sitemap, robots.txt, css/syntax.css (unless a copy
  brings its own), every list page's feed and pagers (`/blog/page/2/`), list pages
  without an `_index.md`, the 404 page, and the redirects sitegen adds (/ to the
  default language's home, /zh-cn/ to /, a list's /page/1/ to the list);
- what authors choose: pages from content files (at their path, `slug` or `url`)
  and their `aliases`.

One of sitegen's files replaces a copy of the same path, with a warning; as the
warning comes from here, every build says so, whatever the caches keep. A path
an author chose that anything else owns (or that needs another file to be a
folder) is an error at the front-matter line that chose it, naming the owner;
so is an alias equal to its own page's URL, which would replace the page with a
redirect to itself. `sitegen check` links against exactly these paths, and the
writer (output.py) gets the copies that are left, so no path has two writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .errors import Problem, display_path, warn
from .lists import PageSpec
from .model import HOME, NOT_FOUND, SEARCH, SECTION, TAXONOMY, TERM
from .output import CopyFile
from .pagination import first_pager_alias, pagers
from .site import SitePlan
from .urls import (
    ROBOTS_NAME,
    ROOT_404,
    SITEMAP_NAME,
    SYNTAX_CSS,
    feed_url,
    language_root_alias,
    output_path,
)

COPY, SITEGEN, AUTHOR = 0, 1, 2
_KIND_NAMES = {
    HOME: "the home page",
    SECTION: "the section page",
    TAXONOMY: "the taxonomy page",
    TERM: "the term page",
    NOT_FOUND: "the 404 page",
    SEARCH: "the search page",
}
PAGE_FILE, PAGER, ALIAS, FEED, EXTRA, COPIED = "page", "pager", "alias", "feed", "extra", "copy"  # Claim.role


@dataclass(frozen=True)
class Claim:
    """One file of the output and who writes it."""

    path: str  # under the output folder, unencoded
    owner: str  # in words, for messages: "the theme's static file css/main.css"
    rank: int  # COPY, SITEGEN or AUTHOR
    role: str  # PAGE_FILE, PAGER (a list's page 2 and on), ALIAS, FEED, EXTRA (sitemap...) or COPIED
    spec: PageSpec | None = None  # the page it is, or whose alias or feed it is
    copy: CopyFile | None = None


@dataclass(frozen=True)
class Attempt:
    """An author's claim, with what an error about it says and where it points."""

    claim: Claim
    subject: str  # "this page's alias /css/main.css"
    url: str  # the URL the page wants, unencoded for reading
    at: tuple[Path | None, int | None, int | None]
    page_path: str  # the output file of the page itself


@dataclass
class Owners:
    """Every output path's owner, and the errors found deciding them."""

    claims: dict[str, Claim] = field(default_factory=dict)
    folders: dict[str, Claim] = field(default_factory=dict)  # folder -> a claim inside it
    problems: list[Problem] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        """Every file the build writes."""
        return list(self.claims)

    @property
    def copies(self) -> list[CopyFile]:
        """The files still copied: those no generated file replaced."""
        return [c.copy for c in self.claims.values() if c.copy is not None]


def claim_outputs(plan: SitePlan, copies: list[CopyFile]) -> Owners:
    """Decide the owner of every output path (see the module docstring)."""
    owners = Owners()
    for copy in copies:
        _add_copy(owners, Claim(copy.path, _copy_owner(copy), COPY, COPIED, copy=copy))
    for claim in _sitegen_claims(plan, copies):
        _add_sitegen(owners, claim)
    authored = [s for s in plan.specs.values() if s.doc is not None]
    # pages at their own path first: of two pages, the one a slug or url moved gets the error
    authored.sort(key=lambda s: bool(s.doc and (s.doc.front_matter.url or s.doc.front_matter.slug)))
    for spec in authored:
        if (attempt := _page_attempt(plan, spec)) is not None:
            _add_author(owners, attempt)
    for spec in authored:
        for attempt in _alias_attempts(plan, spec):
            _add_author(owners, attempt)
    return owners


def _copy_owner(copy: CopyFile) -> str:
    if copy.origin == "theme":
        return f"the theme's static file {copy.path}"
    return f"the {'static' if copy.origin == 'site' else 'content'} file {display_path(copy.source)}"


def _sitegen_claims(plan: SitePlan, copies: list[CopyFile]) -> Iterator[Claim]:
    """sitegen's own files: those of each page, then the site's."""
    for spec in plan.specs.values():
        yield from _page_extras(plan, spec)
    yield Claim(SITEMAP_NAME, "the sitemap sitegen writes", SITEGEN, EXTRA)
    yield Claim(ROBOTS_NAME, "the robots.txt sitegen writes", SITEGEN, EXTRA)
    if not any(c.path == SYNTAX_CSS for c in copies):  # a theme or site may bring its own
        yield Claim(SYNTAX_CSS, "sitegen's stylesheet for highlighted code", SITEGEN, EXTRA)


def _page_extras(plan: SitePlan, spec: PageSpec) -> Iterator[Claim]:
    """What sitegen writes for one page: the page itself when no content file makes it,
    its feed, the 404 page's root copy, and the redirects to a home page."""
    config, key = plan.config, spec.key
    out = output_path(config, spec.url)
    if spec.doc is None:
        yield Claim(out, page_name(spec, url=True), SITEGEN, PAGE_FILE, spec)
    if key.kind in config.feed_kinds:
        feed = output_path(config, feed_url(spec.url))
        yield Claim(feed, f"the RSS feed of {page_name(spec, url=True)}", SITEGEN, FEED, spec)
    default = key.lang == config.default_language
    if key.kind == NOT_FOUND and default and out != ROOT_404:
        yield Claim(ROOT_404, "the 404 page servers look for", SITEGEN, EXTRA, spec)
    if key.kind == HOME and default and out != "index.html":
        what = f"the redirect from / to {unquote(spec.url)} that sitegen writes"
        yield Claim("index.html", what, SITEGEN, EXTRA, spec)
    if (alias := _root_alias(plan, spec)) is not None:
        what = f"the redirect from {alias} to {unquote(spec.url)} that sitegen writes"
        yield Claim(output_path(config, alias), what, SITEGEN, ALIAS, spec)
    yield from _pager_claims(plan, spec)


def _pager_claims(plan: SitePlan, spec: PageSpec) -> Iterator[Claim]:
    """A list page's pagers from the second on, and its /page/1/ redirect (pagination.py)."""
    config = plan.config
    if spec.doc is not None and spec.doc.front_matter.render == "link":
        return  # no file of its own, so no pagers either
    # "the section page /blog/", or for one with an _index.md, "the list /blog/ (content/blog/_index.md)"
    listed = (
        page_name(spec, url=True) if spec.doc is None else f"the list {unquote(spec.url)} ({page_name(spec)})"
    )
    for pager in pagers(config, spec.key, spec.url, spec.pages)[1:]:
        what = f"page {pager.number} of {listed}"
        yield Claim(output_path(config, pager.url), what, SITEGEN, PAGER, spec)
    if (first := first_pager_alias(config, spec.key, spec.url)) is not None:
        what = f"the redirect from {unquote(first)} to {unquote(spec.url)} that sitegen writes"
        yield Claim(output_path(config, first), what, SITEGEN, ALIAS, spec)


def _root_alias(plan: SitePlan, spec: PageSpec) -> str | None:
    """/zh-cn/, which Hugo redirects to the home of a default language kept at /."""
    config = plan.config
    if spec.key.kind != HOME or config.language(spec.key.lang).prefix or len(config.languages) < 2:
        return None
    return language_root_alias(config, config.language(spec.key.lang))


def page_name(spec: PageSpec, *, url: bool = False) -> str:
    """A page in words: its file, or for a page sitegen makes, its kind (and URL)."""
    if spec.doc is not None:
        return display_path(spec.doc.source.path)
    kind = _KIND_NAMES.get(spec.key.kind, f"the {spec.key.kind} page")
    return f"{kind} {unquote(spec.url)}" if url else kind


def _page_attempt(plan: SitePlan, spec: PageSpec) -> Attempt | None:
    assert spec.doc is not None
    fm = spec.doc.front_matter
    if fm.render == "link":  # Hugo's build.render: link: a URL, but no file of its own
        return None
    out = output_path(plan.config, spec.url)
    claim = Claim(out, page_name(spec), AUTHOR, PAGE_FILE, spec)
    shown = unquote(spec.url)
    subject = f"this page's {'url' if fm.url else 'URL'} {shown}"
    return Attempt(claim, subject, shown, _at(spec, ("url", "slug")), out)


def _alias_attempts(plan: SitePlan, spec: PageSpec) -> Iterator[Attempt]:
    ours = _root_alias(plan, spec)
    own = output_path(plan.config, spec.url)
    for alias in spec.aliases:
        if alias == ours:
            continue  # sitegen's own redirect, claimed already
        out = output_path(plan.config, alias)
        claim = Claim(out, f"an alias of {page_name(spec, url=True)}", AUTHOR, ALIAS, spec)
        shown = unquote(alias)
        yield Attempt(claim, f"this page's alias {shown}", shown, _at(spec, ("aliases",)), own)


def _at(spec: PageSpec, fields: tuple[str, ...]) -> tuple[Path | None, int | None, int | None]:
    """The front-matter line that chose a path: the first of `fields` the page sets."""
    if spec.doc is None:
        return None, None, None
    where = spec.doc.front_matter.positions
    line, col = next((where[f] for f in fields if f in where), (None, None))
    return spec.doc.source.path, line, col


# -- adding claims, weakest first ----------------------------------------------


def _clash(owners: Owners, path: str) -> tuple[Claim, str] | None:
    """What stands in the way of a file at `path`, and how, in words (None: nothing):
    a file there; a file where a folder on the way must be; files inside it as a folder."""
    if (same := owners.claims.get(path)) is not None:
        return same, f"is {same.owner}"
    parts = path.split("/")
    for n in range(1, len(parts)):
        folder = "/".join(parts[:n])
        if (file := owners.claims.get(folder)) is not None:
            return file, f"needs {folder}/ to be a folder, but {folder} is {file.owner}"
    if (inside := owners.folders.get(path)) is not None:
        return inside, f"is the folder {inside.owner} is in"
    return None


def _take(owners: Owners, claim: Claim) -> None:
    owners.claims[claim.path] = claim
    parts = claim.path.split("/")
    for n in range(1, len(parts)):
        owners.folders.setdefault("/".join(parts[:n]), claim)


def _add_copy(owners: Owners, claim: Claim) -> None:
    found = _clash(owners, claim.path)
    if found is None:
        _take(owners, claim)
    elif found[0].path == claim.path:  # a content file where a static one goes: the later wins
        assert claim.copy is not None
        warn(f"this file replaces {found[0].owner}: both are copied to {claim.path}", claim.copy.source)
        _take(owners, claim)
    else:
        owners.problems.append(_copy_problem(claim, found[1]))


def _add_sitegen(owners: Owners, claim: Claim) -> None:
    found = _clash(owners, claim.path)
    if found is None:
        _take(owners, claim)
        return
    other, how = found
    if other.rank == COPY and other.path == claim.path:
        assert other.copy is not None
        warn(
            f"{claim.path} is {claim.owner}, so this file is not copied",
            other.copy.source,
            hint="rename the file to publish it at another path",
        )
        _take(owners, claim)
    elif other.rank == COPY:
        owners.problems.append(_copy_problem(other, f"is in the way of {claim.owner}"))
    else:  # two of sitegen's own, from pages sitegen makes: no front matter to point at
        owners.problems.append(Problem(f"{claim.owner} {how}"))


def _copy_problem(claim: Claim, how: str) -> Problem:
    assert claim.copy is not None
    return Problem(f"this file, copied to {claim.path}, {how}", claim.copy.source, hint="rename or move it")


def _add_author(owners: Owners, attempt: Attempt) -> None:
    claim = attempt.claim
    found = _clash(owners, claim.path)
    if claim.role == ALIAS and claim.path == attempt.page_path:  # also for a render: link page
        problem = Problem(
            f"{attempt.subject} is the page's own URL",
            *attempt.at,
            "remove the alias: the page would be replaced by a redirect to itself",
        )
    elif found is None:
        _take(owners, claim)
        return
    elif found[0].path == claim.path and found[0].spec is claim.spec and found[0].role == ALIAS:
        return  # the same alias twice: one redirect
    else:
        problem = _author_problem(attempt, *found)
    if problem not in owners.problems:  # the same bad alias twice: say it once
        owners.problems.append(problem)


def _author_problem(attempt: Attempt, other: Claim, how: str) -> Problem:
    claim = attempt.claim
    if other.role == PAGE_FILE and other.path == claim.path and other.spec is not None:
        message = f"this page and {page_name(other.spec)} both want the URL {attempt.url}"
        return Problem(message, *attempt.at, _page_clash_hint(claim, other.spec))
    if claim.role == ALIAS and other.role == ALIAS and other.rank == AUTHOR and other.path == claim.path:
        hint = "an old URL redirects to one page only: remove one of the two aliases"
    elif claim.role == ALIAS:
        hint = "remove the alias, or choose a path nothing else is written to"
    else:
        hint = "give the page a different slug or url"
    return Problem(f"{attempt.subject} {how}", *attempt.at, hint)


def _page_clash_hint(claim: Claim, other: PageSpec) -> str:
    movable = other.doc is not None  # a page sitegen makes keeps its URL
    if claim.role == ALIAS:
        return "remove the alias, or move the other page" if movable else "remove the alias"
    return f"give {'one of them' if movable else 'this page'} a different slug or url"
