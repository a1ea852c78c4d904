"""The known kinds of structural difference between Temml's MathML and KaTeX's.

Each kind is a rewrite that removes one encoding difference from both trees (T:
Temml, sitegen's engine; K: KaTeX). `explain` applies them in order to a pair
whose shapes differ and names the kinds that brought the two closer; the pair is
explained when the shapes end equal. A difference no kind explains is a new one:
a regression, or a kind to add here with its reason.
"""

from __future__ import annotations

import copy
import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from mathml_shape import GROUPS, INVISIBLE, Node, regroup

OPENERS, CLOSERS = set("([{⟨|‖⌊⌈"), set(")]}⟩|‖⌋⌉")
SCRIPTS = {"msub", "msup", "msubsup"}
UNDER_OVER = {"mover", "munder", "munderover"}


def _walk(node: Node, rewrite: Callable[[Node], Node]) -> Node:
    """Rewrite bottom-up, regrouping each node after its children changed."""
    node.children = [_walk(child, rewrite) for child in node.children]
    return regroup(rewrite(regroup(node)))


def _drop(test: Callable[[Node], bool]) -> Callable[[Node], Node]:
    def rewrite(node: Node) -> Node:
        node.children = [child for child in node.children if not test(child)]
        return node

    return rewrite


def _spaces(node: Node) -> Node:
    if node.tag in UNDER_OVER | SCRIPTS:  # keep the arity: a space script becomes empty
        node.children = [Node("mrow") if _is_space(c) else c for c in node.children]
    else:
        node.children = [c for c in node.children if not _is_space(c)]
    return _no_empty_scripts(node)


def _no_empty_scripts(node: Node) -> Node:
    """A script that is empty is no script (Temml's arrow widths, KaTeX's empty labels)."""
    kids = node.children
    empty = [c.tag == "mrow" and not c.children for c in kids]
    if node.tag in ("mover", "munder", "msub", "msup") and len(kids) == 2 and empty[1]:
        return kids[0]
    if node.tag in ("munderover", "msubsup") and len(kids) == 3 and (empty[1] or empty[2]):
        single = {"munderover": ("mover", "munder"), "msubsup": ("msup", "msub")}[node.tag]
        if empty[1] and empty[2]:
            return kids[0]
        return Node(
            single[0] if empty[1] else single[1], children=[kids[0], kids[2] if empty[1] else kids[1]]
        )
    return node


def _is_space(node: Node) -> bool:
    if node.tag == "mspace":
        return True
    blank = all(unicodedata.category(c) == "Zs" or c in INVISIBLE for c in node.text)
    return node.tag == "mtext" and not node.children and blank


def _unwrap(tags: set[str]) -> Callable[[Node], Node]:
    def rewrite(node: Node) -> Node:
        # An mrow in its place: regroup splices it into a row, or keeps it as a script.
        return Node("mrow", children=node.children) if node.tag in tags else node

    return rewrite


def _unwrap_mo(node: Node) -> Node:
    """KaTeX's mo around an mover (\\stackrel, \\overset of a relation) and mo(mo)."""
    children: list[Node] = []
    for child in node.children:
        if child.tag == "mo" and child.children:
            children.extend(child.children)
        else:
            children.append(child)
    node.children = children
    return node


def _katex_lines(node: Node) -> Node:
    """KaTeX's mover/munder(X, ‾) as the menclose line Temml draws."""
    if node.tag in ("mover", "munder") and len(node.children) == 2:
        base, mark = node.children
        if mark.tag == "mo" and mark.text in ("‾", "_", "¯"):
            return Node("menclose", children=[base], attrs={"notation": "top"})
    return node


def _boxes(node: Node) -> Node:
    """KaTeX's menclose(box) is a bordered mrow in Temml."""
    if node.tag == "menclose" and node.attrs.get("notation") == "box":
        return Node("mrow", children=node.children)
    return node


def _merge_text(node: Node) -> Node:
    children: list[Node] = []
    for child in node.children:
        if children and child.tag == "mtext" == children[-1].tag and not child.children:
            children[-1] = Node("mtext", children[-1].text + child.text)
        else:
            children.append(child)
    node.children = children
    return node


def _fenced_bases(node: Node) -> Node:
    """Temml's msup(mrow(( … )), 2) as KaTeX's ( … msup(), 2)."""
    children: list[Node] = []
    for child in node.children:
        base = child.children[0] if child.tag in SCRIPTS and child.children else None
        if base is not None and base.tag == "mrow" and base.children and _closes(base.children[-1]):
            child.children[0] = base.children[-1]
            children.append(Node("mrow", children=[*base.children[:-1], child]))
        else:
            children.append(child)
    node.children = children
    return node


def _closes(node: Node) -> bool:
    return node.tag == "mo" and node.text in CLOSERS


def _empty_mo(node: Node) -> bool:
    return node.tag == "mo" and not node.children and not node.text


def _apply_function(node: Node) -> bool:
    return node.tag == "mo" and node.text == "\u2061"


def _letters(node: Node) -> Node:
    """One mi per letter, as KaTeX writes \\mathrm{max} and \\mathit{diff}."""
    if node.tag in ("mi", "mo") and len(node.text) > 1 and node.text.isalpha() and not node.children:
        return Node("mrow", children=[Node("mi", letter) for letter in node.text])
    return node


def _limits(node: Node) -> Node:
    """A token's under/over scripts as sub/sup: Temml writes \\sum_j in text style as msub."""
    tags = {"munder": "msub", "mover": "msup", "munderover": "msubsup"}
    # (an accent is mover(mi, mo): \hat x keeps its mover)
    if (
        node.tag in tags
        and node.children
        and node.children[0].tag in ("mo", "mi")
        and node.children[-1].tag != "mo"
    ):
        return Node(tags[node.tag], children=node.children)
    return node


def _phantom(node: Node) -> Node:
    return Node("mrow") if node.tag == "mphantom" else node


def _frame(node: Node) -> Node:
    """KaTeX draws an array's outer rules as a menclose around it, Temml as cell borders."""
    if node.tag == "menclose" and [c.tag for c in node.children] == ["mtable"]:
        return node.children[0]
    return node


def _one_cell(node: Node) -> Node:
    """Temml sets a CD's vertical-arrow label in a table of one cell; KaTeX adds empty rows."""
    if node.tag == "mtable":
        node.children = [row for row in node.children if row.children]
        if len(node.children) == 1 and len(node.children[0].children) == 1:
            return Node("mrow", children=node.children[0].children[0].children)
    return node


def _tokens(node: Node) -> Node:
    if node.tag in ("mi", "mo", "mn", "mtext") and not node.children:
        node.tag = "token"
    return node


def _eqn_cell(node: Node) -> bool:
    # Temml: an mtd holding an mtext with span.tml-eqn (the number, written at build
    # time); KaTeX: empty mtds classed mtr-glue and mml-eqn-num.
    if node.tag != "mtd":
        return False
    return not node.children and not node.text or node.classes & {"mtr-glue", "mml-eqn-num"} != set()


def _temml_eqn(node: Node) -> bool:
    if node.tag != "mtd" or len(node.children) != 1 or node.children[0].tag != "mtext":
        return False
    text = node.children[0]
    return not text.text.strip() or "tml-tag" in text.classes


@dataclass(frozen=True)
class Kind:
    name: str
    reason: str
    rewrite: Callable[[Node], Node]


KINDS = [
    Kind(
        "mpadded",
        "KaTeX wraps \\xrightarrow's labels and \\ce's scripts in mpadded, Temml \\mathrm{…} subscripts",
        _unwrap({"mpadded"}),
    ),
    Kind(
        "spacing",
        "Temml writes spaces (\\, \\; \\quad, the space after \\det, the widths of \\xrightarrow's"
        " labels) as mspace, KaTeX as mtext of spaces or not at all",
        _spaces,
    ),
    Kind(
        "numbering",
        "Temml numbers align/gather/equation rows in a cell of their own (filled at build time),"
        " KaTeX's MathML adds empty glue and number cells (and leaves out a \\tag inside align)",
        _drop(lambda n: _eqn_cell(n) or _temml_eqn(n)),
    ),
    Kind(
        "null-delimiter",
        "Temml writes \\left. and \\right. (also the empty side of cases and rcases, and in \\pmod)"
        " as an empty mo, KaTeX leaves it out",
        _drop(_empty_mo),
    ),
    Kind(
        "stacked-relation",
        "KaTeX puts \\stackrel/\\overset/\\underset of a relation inside an mo (not valid MathML),"
        " Temml in an mrow",
        _unwrap_mo,
    ),
    Kind(
        "over-under-line",
        "Temml draws \\overline/\\underline as a menclose line, KaTeX as ‾ over or under",
        _katex_lines,
    ),
    Kind("boxed", "Temml's \\boxed is an mrow with a CSS border, KaTeX's a menclose box", _boxes),
    Kind(
        "text-runs", "Temml splits some text (\\fbox, \\TeX) into several mtext, KaTeX keeps one", _merge_text
    ),
    Kind(
        "fenced-base",
        "Temml makes a whole (…) the base of a script, KaTeX only its closing parenthesis",
        _fenced_bases,
    ),
    Kind(
        "function-application",
        "KaTeX puts the invisible function application (U+2061) of \\lim, \\max, … inside the"
        " munder's base, Temml after the munder (or leaves it out)",
        _drop(_apply_function),
    ),
    Kind(
        "limits",
        "Temml writes a big operator's limits in text style (in a fraction, a root) as msub/msup,"
        " KaTeX as munder/mover with movablelimits",
        _limits,
    ),
    Kind(
        "letters",
        "Temml writes a multi-letter \\mathrm{…}, \\mathit{…} or operator name as one mi, KaTeX one mi"
        " per letter (or the reverse)",
        _letters,
    ),
    Kind(
        "phantom",
        "KaTeX hangs \\ce's scripts on a phantom X, Temml on an empty mrow; \\mathllap's phantom",
        _phantom,
    ),
    Kind("table-frame", "KaTeX draws an array's outer rules as a menclose, Temml as cell borders", _frame),
    Kind("one-cell-table", "Temml sets \\begin{CD}'s vertical labels in one-cell tables", _one_cell),
    Kind(
        "token-element",
        "The same symbol is a different token element: Temml writes \\nabla, \\neg and \\coloneqq"
        " as mo (KaTeX mi), a typed · as mtext (KaTeX mo), \\copyright as mi (KaTeX mtext)",
        _tokens,
    ),
]


def explain(sitegen: Node, katex: Node) -> tuple[list[str], bool]:
    """The kinds that bring the two trees closer, and whether they make them equal."""
    sitegen, katex = copy.deepcopy(sitegen), copy.deepcopy(katex)
    found = []
    ratio = _closeness(sitegen, katex)
    for kind in KINDS:
        sitegen, katex = _walk(sitegen, kind.rewrite), _walk(katex, kind.rewrite)
        closer = _closeness(sitegen, katex)
        if closer > ratio:
            found.append(kind.name)
        ratio = closer
        if ratio == 1:
            return found, True
    return found, False


def _closeness(a: Node, b: Node) -> float:
    left, right = a.shape(), b.shape()
    return 1.0 if left == right else difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


__all__ = ["GROUPS", "KINDS", "Kind", "explain"]
