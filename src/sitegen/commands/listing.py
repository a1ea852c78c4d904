"""`sitegen list drafts|future|expired|published|all`: Hugo's `hugo list`, as CSV on stdout.

Hugo's columns and formats: dates in RFC 3339 with their own offset (`Z` for
UTC), Go's zero time for a date that is not set, the pages in Hugo's default
order (weight, then newest first, then title, then path). Every page with a
content file is listed: posts, and sections and the home page that have an
`_index.md`. sitegen's planner is run with drafts and future posts in, so URLs
are the ones a `-D -F` build gives them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..cache.fingerprint import build_time
from ..config import load_config
from ..errors import BuildFailed
from ..front_matter_fields import parse_date
from ..make import parse_documents
from ..model import Document, PageKey
from ..site import plan_site
from ..sources import discover_sources
from ..urls import permalink
from . import config_paths

COLUMNS = [
    "path",
    "slug",
    "title",
    "date",
    "expiryDate",
    "publishDate",
    "draft",
    "permalink",
    "kind",
    "section",
]
_ZERO = "0001-01-01T00:00:00Z"  # Go's zero time, which Hugo prints for a date not set
# Hugo's names for the expiry date (front matter keys are case-insensitive)
_EXPIRY_KEYS = ("expirydate", "unpublishdate")


def run(args: argparse.Namespace) -> int:
    config = load_config(
        args.source, args.environment, config_paths(args), build_drafts=True, build_future=True
    )
    sources, _ = discover_sources(config)
    problems: list[Any] = []
    documents, broken = parse_documents(config, sources, problems)
    if problems:
        raise BuildFailed(problems)
    now = build_time()
    zone = ZoneInfo(config.time_zone)
    plan = plan_site(config, documents, now=now, broken=broken)
    rows: list[tuple[tuple[Any, ...], list[str]]] = []
    for key, spec in plan.specs.items():
        doc = spec.doc
        if doc is None or not doc.source.path.is_file():
            continue  # a list page with no _index.md: Hugo lists only pages with a file
        fm = doc.front_matter
        listed = key.kind != "page"
        members = [
            m for m in spec.pages if m in plan.specs and _built(args.which, plan.specs[m].doc, now, zone)
        ]
        date = fm.date or (_newest(plan.specs, members, now, due=False) if listed else None)
        publish = fm.publish_date or (_newest(plan.specs, members, now, due=True) if listed else date)
        expiry = _expiry(doc, zone)
        if not _wanted(args.which, fm.draft, publish, expiry, now):
            continue
        row = [
            doc.source.path.relative_to(config.site_dir).as_posix(),
            fm.slug or "",
            fm.title or spec.title,
            _go_time(date),
            _go_time(expiry),
            _go_time(publish),
            "true" if fm.draft else "false",
            permalink(config, spec.url),
            key.kind,
            "" if key.kind == "home" else spec.section,
        ]
        order = (fm.weight == 0, fm.weight, -(date.timestamp() if date else float("-inf")), row[2], row[0])
        rows.append((order, row))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLUMNS)
    out.writerows(row for _, row in sorted(rows, key=lambda r: r[0]))
    return 0


def _wanted(
    which: str, draft: bool, publish: datetime | None, expiry: datetime | None, now: datetime
) -> bool:
    future = publish is not None and publish > now
    expired = expiry is not None and expiry <= now
    return {
        "all": True,
        "drafts": draft,
        "future": future,
        "expired": expired,
        "published": not (draft or future or expired),
    }[which]


def _built(which: str, doc: Document | None, now: datetime, zone: ZoneInfo) -> bool:
    """Whether Hugo's build for `hugo list <which>` has this page: it builds with -D for
    drafts, -F for future, -E for expired, all three for all, none for published."""
    if doc is None:
        return False
    fm = doc.front_matter
    publish = fm.publish_date or fm.date
    expiry = _expiry(doc, zone)
    return (
        (not fm.draft or which in ("all", "drafts"))
        and (publish is None or publish <= now or which in ("all", "future"))
        and (expiry is None or expiry > now or which in ("all", "expired"))
    )


def _newest(specs: Any, members: list[PageKey], now: datetime, *, due: bool) -> datetime | None:
    """A list page's dates in Hugo: its date is its newest member's, its publishDate
    the newest of those already due (so a section is not "future" for one post that is)."""
    found = []
    for key in members:
        doc = specs[key].doc if key in specs else None
        when = (doc.front_matter.publish_date or doc.front_matter.date) if doc else None
        when = when if due else specs[key].date if key in specs else None
        if when is not None and not (due and when > now):
            found.append(when)
    return max(found, default=None)


def _expiry(doc: Document, zone: ZoneInfo) -> datetime | None:
    """sitegen keeps expiryDate among the params (builds don't act on it yet)."""
    for key, value in doc.front_matter.params.items():
        if str(key).lower() not in _EXPIRY_KEYS or value in (None, ""):
            continue
        if isinstance(value, datetime):  # TOML's own dates
            return value if value.tzinfo else value.replace(tzinfo=zone)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=zone)
        try:
            return parse_date(str(value), zone)
        except ValueError:
            return None  # as Hugo: a date it can't read is no date
    return None


def _go_time(value: datetime | None) -> str:
    if value is None:
        return _ZERO
    text = value.replace(microsecond=0).isoformat()
    return text.removesuffix("+00:00") + ("Z" if text.endswith("+00:00") else "")
