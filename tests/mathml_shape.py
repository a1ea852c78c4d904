"""MathML from Temml (sitegen) and from KaTeX reduced to comparable shapes.

Two MathML encodings of one formula differ in ways a reader never sees: an
mrow around a single child, mrows inside mrows, attributes, how a `\\tag` is
laid out, 𝒙 written as a bold-italic letter or as `x` with a mathvariant. The
shape keeps what a reader does see, the element tree and its visible text, with
those differences removed, so a structural difference that remains means
something, and a character KaTeX shows that sitegen lacks is a silent loss.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

NS = "{http://www.w3.org/1998/Math/MathML}"
# Elements that only group: an mrow is invisible, so mrow(a b) inside mrow(x …)
# is the same formula as mrow(x a b …); an mstyle only changes the style of what
# is in it (KaTeX puts one in every array cell, Temml none).
GROUPS = {"mrow", "mstyle"}
# Elements whose children MathML reads as one inferred mrow: a group among their
# children groups nothing either.
ROWS = GROUPS | {"math", "mtd", "msqrt", "menclose", "mpadded", "mphantom", "merror"}
DROP = {"annotation", "annotation-xml"}
# Characters that print nothing: function application, invisible times and
# separators, and the spaces both engines use between words.
INVISIBLE = set("\u2061\u2062\u2063\u2064\u200b\u00a0 \t\n\u2009\u200a\u2005\u2004\u205f")
# Accent and stretchy-symbol glyphs the two engines spell differently (Temml the
# spacing modifier letters, KaTeX ASCII or other code points): one class each.
SAME_GLYPH = {
    "^": "ˆ",
    "\u0302": "ˆ",
    "~": "˜",
    "\u0303": "˜",
    "ˉ": "‾",
    "¯": "‾",
    "\u0304": "‾",
    "\u0305": "‾",
    "_": "‾",
    "\u02d9": "˙",
    "\u0307": "˙",
    "\u00a8": "¨",
    "\u0308": "¨",
    "\u00b4": "ˊ",
    "\u0301": "ˊ",
    "`": "ˋ",
    "\u0300": "ˋ",
    "\u02d8": "˘",
    "\u0306": "˘",
    "\u02c7": "ˇ",
    "\u030c": "ˇ",
    "\u02da": "˚",
    "\u030a": "˚",
    "\u2212": "-",
    "\u2032": "′",
    "'": "′",
    "\u20d7": "→",
    "\u2223": "|",
    "\u2225": "‖",
    "\u2016": "‖",
    "\u27e8": "⟨",
    "\u2329": "⟨",
    "\u27e9": "⟩",
    "\u232a": "⟩",
    "·": "⋅",
    "⌀": "∅",  # \varnothing
    "⟂": "⊥",  # \perp
    # Greek capitals that look like Latin ones: Temml writes \Alpha as Α, KaTeX as A
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)),
}
# Subtrees that show nothing: KaTeX's \ce aligns subscripts with a phantom X.
HIDDEN = {"mphantom"}
# menclose lines are drawn, not characters: Temml's \overline is menclose(top),
# KaTeX's an mover with the character ‾.
DRAWN = {"top": "‾", "bottom": "‾"}


@dataclass
class Node:
    tag: str
    text: str = ""
    children: list[Node] = field(default_factory=list)
    drawn: str = ""  # the lines a menclose draws, as the characters they stand for
    attrs: dict[str, str] = field(default_factory=dict)  # not part of the shape

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def shape(self) -> str:
        """The element tree as one line: `mrow(mi mo msup(mi mn))`."""
        if not self.children:
            return self.tag
        return f"{self.tag}({' '.join(child.shape() for child in self.children)})"


def parse(markup: str) -> Node:
    """The normalised tree of the first <math> in markup (a bare <a> for an `\\eqref` alone)."""
    root = ET.fromstring(markup)
    found = root if _name(root) in ("math", "a") else root.find(f".//{NS}math")
    if found is None:
        found = root.find(".//math")
    assert found is not None, markup
    return _normal(found)


def _name(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


def _normal(element: ET.Element) -> Node:
    tag = _name(element)
    kids = [child for child in element if _name(child) not in DROP]
    if tag == "semantics":  # the formula is its first child; the rest is annotation
        return _normal(kids[0]) if kids else Node("mrow")
    if tag == "mtable" and _temml_tagged(element):
        return _tagged_from_temml(element)
    if tag == "mtable" and _katex_tagged(element):
        return _tagged_from_katex(element)
    node = Node(tag, text_of(element) if not kids else "", attrs=dict(element.attrib))
    if tag == "menclose" and [_name(kid) for kid in kids] != ["mtable"]:
        # (around a table the lines are its rules, which Temml draws as cell borders)
        node.drawn = "".join(DRAWN.get(word, "") for word in element.get("notation", "").split())
    node.children = [_normal(kid) for kid in kids if not _nothing(kid)]
    return regroup(node)


def regroup(node: Node) -> Node:
    """Splice groups that group nothing into their parent; a group of one is that one."""
    children: list[Node] = []
    for child in node.children:
        if child.tag in GROUPS and (node.tag in ROWS or len(child.children) == 1):
            children.extend(child.children)
        else:
            children.append(child)
    node.children = children
    if node.tag in GROUPS and len(children) == 1:
        return children[0]
    return node


def _nothing(element: ET.Element) -> bool:
    # Temml follows \Alpha, \ce's letters, … with an mspace of no width.
    return _name(element) == "mspace" and not element.get("width")


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


# --- \tag: Temml writes a three-column table row (pad, formula, tag), KaTeX an
# mlabeledtr (tag first). Both become tagged(formula, tag).


def _temml_tagged(table: ET.Element) -> bool:
    rows = [row for row in table if _name(row) == "mtr"]
    return bool(rows) and all("tml-tageqn" in row.get("class", "").split() for row in rows)


def _tagged_from_temml(table: ET.Element) -> Node:
    rows = []
    for row in table:
        _pad, formula, label = list(row)
        rows.append(Node("tagged", children=[_cell(formula), _label(label)]))
    return rows[0] if len(rows) == 1 else Node("mtable", children=rows)


def _katex_tagged(table: ET.Element) -> bool:
    # KaTeX 0.16's \tag: a full-width table row of four cells (pad, formula, pad, tag).
    rows = list(table)
    return table.get("width") == "100%" and bool(rows) and all(_katex_tag_row(row) for row in rows)


def _katex_tag_row(row: ET.Element) -> bool:
    cells = list(row)
    return len(cells) == 4 and all(cells[i].get("width") == "50%" and not len(cells[i]) for i in (0, 2))


def _tagged_from_katex(table: ET.Element) -> Node:
    rows = [Node("tagged", children=[_cell(row[1]), _label(row[3])]) for row in table]
    return rows[0] if len(rows) == 1 else Node("mtable", children=rows)


def _cell(cell: ET.Element) -> Node:
    node = _normal(cell)
    inner = node.children
    return inner[0] if len(inner) == 1 else Node("mrow", children=inner)


def _label(cell: ET.Element) -> Node:
    return Node("label", text_of(cell).strip())


# --- visible characters


def glyph(char: str) -> str:
    """One visible character's class: math letters as their base letter, shared accents as one."""
    char = SAME_GLYPH.get(char, char)
    base = unicodedata.normalize("NFKC", char)
    if len(base) == 1 and unicodedata.category(char)[0] in "LN":
        char = SAME_GLYPH.get(base, base)  # 𝒙 → x, ℝ → R, 𝟎 → 0: whatever its font
    # Case too: Temml's \TeX logo is T, a lowered E and X, KaTeX's the text "TeX".
    return char.casefold() if char.isascii() else char


def glyphs(node: Node) -> Counter[str]:
    """How often each visible character occurs in the tree."""
    counts: Counter[str] = Counter()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag in HIDDEN:
            continue
        counts.update(glyph(c) for c in current.text + current.drawn if c not in INVISIBLE)
        stack.extend(current.children)
    return counts


def lost(katex: Node, sitegen: Node) -> str:
    """KaTeX's visible characters that sitegen's output lacks (with multiplicity)."""
    missing = glyphs(katex) - glyphs(sitegen)
    return "".join(sorted(missing.elements()))
