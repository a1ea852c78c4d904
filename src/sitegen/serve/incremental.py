"""One-page updates for `sitegen serve`: a post whose front matter did not change.

Saving the body of a post is by far the most common edit while writing. Its
front matter is what the site plan is made of (URL, title, dates, terms,
series), so when that is unchanged the plan is unchanged, and only this page's
content needs rendering again. `update_post` does that and renders the page
itself, which is what the writer is looking at; `finish_update` then renders
every other output from the new site, so the result is the full build's,
byte for byte (the tests compare them).

Anything else (front matter, a new or deleted file, templates, config) takes
the full build: when in doubt, build it all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..cascade import apply_cascades
from ..check import check_site
from ..errors import Problem
from ..make import Made, parse_document, render_document, render_outputs, report, stop_on_errors
from ..model import PAGE, OutputFile, Page, PageKey, Site
from ..render import render_page
from ..shortcodes.unknown import report_unknown, split_unknown
from ..site import refresh_page


@dataclass(frozen=True)
class Update:
    """A post re-rendered: the new site, and the page's own HTML ahead of the rest."""

    key: PageKey
    site: Site
    page: OutputFile
    made: Made  # with the old outputs until finish_update


def update_post(made: Made, path: Path) -> Update | None:
    """Re-render one post after an edit to its body; None when this fast path doesn't apply.

    Raises BuildFailed (or SitegenError) for a mistake in the edit, like a build.
    """
    parts = made.parts
    config, plan = parts.renderer.config, parts.renderer.plan
    key = next(
        (k for k, spec in plan.specs.items() if spec.doc is not None and spec.doc.source.path == path),
        None,
    )
    if key is None or key not in parts.rendered:
        return None
    spec = plan.specs[key]
    old = spec.doc
    assert old is not None
    sections = [s.doc for s in plan.specs.values() if s.doc and s.doc.source.kind != PAGE]
    doc = apply_cascades([parse_document(config, old.source), *sections])[0]
    if doc.front_matter != old.front_matter or doc.body_line != old.body_line:
        return None
    # The plan keeps the old document: only the body changed, and it is passed on.
    rendered, found, _ = render_document(parts.renderer, key, doc=doc)
    problems: list[Problem] = []
    other, unknown = split_unknown(found)
    report(problems, [*other, *report_unknown(unknown, parts.renderer.shortcodes.paired, config)])
    site = refresh_page(plan, made.site, key, rendered)
    report(problems, check_site(site, made.outputs, plan, strict=False))
    stop_on_errors(problems)
    page: Page = site.pages[key]
    html = render_page(site, parts.env, parts.theme, parts.translators, page).encode("utf-8")
    file = OutputFile(page.output_path, html)
    if parts.images:
        file = parts.images.rewriter.file(file)
    new_parts = replace(parts, rendered={**parts.rendered, key: rendered})
    return Update(key, site, file, replace(made, parts=new_parts))


def finish_update(update: Update) -> Made:
    """Render every output from the updated site, as a full build would."""
    made = update.made
    files, _ = render_outputs(made.parts, update.site, made.copies)
    return replace(made, site=update.site, files=files)
