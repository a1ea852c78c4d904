"""What a reader sees of each shortcode, in a form Hugo + Blowfish's pages and ours compare in.

The fixture tests/sites/blowfish-shortcodes/ puts every use of a shortcode in its own
section, under a `## name-n` heading. A section is what follows an `<h2 id>` that is a
direct child of `div.content`, up to the next one (headings a shortcode prints, such
as timelineItem's, sit deeper and don't start a section). Its record:

- `words`: its visible text, whitespace-normalised, without what is inside
  <script>, <style>, <template>, <svg> or math (KaTeX's TeX there, MathML here);
- `links`: the `href` of each `a`, in order;
- `images`: the file name of each `img` src, Hugo's resize suffix (`_hu_<hash>`) taken
  off, so `abstract_hu_1bb6….png` is `abstract.png`; a data: URL is its media type;
- `structure`: counts both sides can honestly share (list items, details, tables,
  pre blocks, headings, images) and whether an icon (inline SVG) is shown.

Words compare without their whitespace: where one theme closes a block the other
leaves inline, a space appears or goes ("提示 文字" against "提示文字"); the text is
the same. The message shows both normalised strings.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any

from parity_body import _HEADINGS, _INLINE, _SKIPPED, _VOID  # read as issue 16's harness reads

COUNTED = ("li", "details", "table", "pre", "heading", "img")
_RESIZED = re.compile(r"_hu_?[0-9a-f]{8,}(?=\.[A-Za-z0-9]+$)")


def image_name(src: str) -> str:
    if src.startswith("data:"):
        return src.split(";", 1)[0].split(",", 1)[0]
    name = PurePosixPath(src.split("?", 1)[0].split("#", 1)[0]).name
    return _RESIZED.sub("", name)


def _new_section() -> dict[str, Any]:
    return {"words": [], "links": [], "images": [], "counts": dict.fromkeys(COUNTED, 0), "icon": False}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.content_depth: int | None = None  # stack length once div.content is open
        self.content_done = False
        self.skip_depth: int | None = None
        self.key_depth: int | None = None  # inside the section's own heading
        self.sections: dict[str, dict[str, Any]] = {}
        self.current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        classes = set(attrs.get("class", "").split())
        inside = self.content_depth is not None
        if inside and tag == "h2" and attrs.get("id") and len(self.stack) == self.content_depth:
            self.current = self.sections.setdefault(attrs["id"], _new_section())
            self.key_depth = len(self.stack)
        elif inside and self.current is not None and self.key_depth is None:
            self._count(tag, attrs, classes)
        if tag not in _INLINE and self.current is not None:
            self.current["words"].append(" ")
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag == "div" and "content" in classes and not self.content_done and self.content_depth is None:
            self.content_depth = len(self.stack)

    def _count(self, tag: str, attrs: dict[str, str], classes: set[str]) -> None:
        assert self.current is not None
        if self.skip_depth is None and (tag in _SKIPPED or "math" in classes):
            self.skip_depth = len(self.stack)
        if tag == "svg":
            self.current["icon"] = True
        if self.skip_depth is not None and tag != "svg":
            return
        counts = self.current["counts"]
        if tag in _HEADINGS:
            counts["heading"] += 1
        elif tag in counts:
            counts[tag] += 1
        if tag == "a" and "href" in attrs:
            self.current["links"].append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.current["images"].append(image_name(attrs["src"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] == tag:
                del self.stack[i:]
                break
        else:
            return
        if tag not in _INLINE and self.current is not None:
            self.current["words"].append(" ")
        if self.skip_depth is not None and len(self.stack) <= self.skip_depth:
            self.skip_depth = None
        if self.key_depth is not None and len(self.stack) <= self.key_depth:
            self.key_depth = None
        if self.content_depth is not None and len(self.stack) < self.content_depth:
            self.content_depth = None
            self.content_done = True
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.skip_depth is None and self.key_depth is None:
            self.current["words"].append(data)


def read_sections(html: str) -> dict[str, dict[str, Any]]:
    """Each section of a page's div.content, by heading id."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return {
        key: {
            "words": re.sub(r"\s+", " ", "".join(raw["words"])).strip(),
            "links": raw["links"],
            "images": raw["images"],
            "structure": {**{k: v for k, v in raw["counts"].items() if v}, "icon": raw["icon"]},
        }
        for key, raw in reader.sections.items()
    }


def is_empty(record: dict[str, Any]) -> bool:
    """Nothing a reader would see: the shortcode printed nothing (or only a script)."""
    return (
        not record["words"]
        and not record["links"]
        and not record["images"]
        and record["structure"] == {"icon": False}
    )


# --- what Hugo could not record: the original a card or importer stands for ------------

_CALL = re.compile(r"\{\{<\s*([\w-]+)((?:[^>]|>(?!\}\}))*?)/?>\}\}")
_ARG = re.compile(r'(?:([\w-]+)=)?(?:"([^"]*)"|(\S+))')


def first_call(markdown: str) -> tuple[str, list[str], dict[str, str]]:
    """The first shortcode call of a section: its name, positional and named arguments."""
    match = _CALL.search(markdown)
    if match is None:
        raise ValueError(f"no shortcode in {markdown!r}")
    positional: list[str] = []
    named: dict[str, str] = {}
    for arg in _ARG.finditer(match[2]):
        value = arg[2] if arg[2] is not None else arg[3]
        if arg[1]:
            named[arg[1]] = value
        else:
            positional.append(value)
    return match[1], positional, named


def original_link(markdown: str, site_params: dict[str, Any], author_links: dict[str, str]) -> str:
    """Where the reader finds what Hugo would have fetched: the page Blowfish's card links to
    (its API's html_url/web_url), the imported file, the post, the profile."""
    name, positional, named = first_call(markdown)
    repo = named.get("repo", "")
    if name == "github":
        return f"https://github.com/{repo}"
    if name == "codeberg":
        return f"https://codeberg.org/{repo}"
    if name in ("gitea", "forgejo"):
        server = named.get("server") or site_params[f"{name}DefaultServer"]
        return f"{server.rstrip('/')}/{repo}"
    if name == "gitlab":
        base = named.get("baseURL", "https://gitlab.com/")
        return f"{base.rstrip('/')}/projects/{named['projectID']}"
    if name == "huggingface":
        if "model" in named:
            return f"https://huggingface.co/{named['model']}"
        return f"https://huggingface.co/datasets/{named['dataset']}"
    if name in ("codeimporter", "mdimporter"):
        return named["url"]
    if name in ("x", "twitter", "tweet"):
        return f"https://x.com/{named['user']}/status/{named['id']}"
    if name == "carousel":  # the first image given by URL
        return next(i.strip() for i in named["images"].strip("{}").split(",") if i.strip().startswith("http"))
    if name == "sociallink":
        return author_links[named["name"]]
    raise ValueError(f"no original link known for {name}")


def sections_of(markdown: str) -> list[tuple[str, str]]:
    """A fixture page's sections, as (heading id, Markdown of the section). The headings are
    plain `## name-n`, whose id Goldmark makes by lowercasing (`keywordList-1` is
    `keywordlist-1`)."""
    parts = re.split(r"(?m)^(?=## )", markdown)
    return [(part.split("\n", 1)[0][3:].strip().lower(), part) for part in parts[1:]]


# --- the comparison -------------------------------------------------------------------


def _squeeze(words: str) -> str:
    return re.sub(r"\s+", "", words)


def differences(hugo: dict[str, Any], ours: dict[str, Any] | None) -> dict[str, tuple[Any, Any]]:
    """field -> (Hugo's, sitegen's), for each field of one section that differs."""
    if ours is None:
        return {"section": ("present", "missing")}
    found: dict[str, tuple[Any, Any]] = {}
    if hugo.get("hugo") is not None:  # not recorded: only the link to the original counts
        # a card links the original; a carousel shows it (images are kept by file name)
        shown = hugo["original"].rsplit("/", 1)[-1] in ours["images"]
        if hugo["original"] not in ours["links"] and not shown:
            found["original"] = (hugo["original"], ours["links"])
        return found
    if _squeeze(hugo["words"]) != _squeeze(ours["words"]):
        found["words"] = (hugo["words"], ours["words"])
    for field in ("links", "images", "structure"):
        if hugo[field] != ours[field]:
            found[field] = (hugo[field], ours[field])
    return found
