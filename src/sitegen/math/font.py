"""The math font: Latin Modern Math cut down to what a site's formulas use, and the
stylesheet that serves it (css/math.css).

Readers rarely have an OpenType math font installed, and without one a display
`\\sum` stays small with its limits beside it and radicals come out thin. So
every site with math ships its own: a WOFF2 subset of Latin Modern Math (the
Computer Modern look KaTeX readers know, and the font Temml's styles are tuned
for; see fonts/SOURCE.txt) holding the characters used inside `<math>`
elements, with the MATH table and the size variants and assembly parts of the
glyphs kept (fontTools' subsetter follows the MATH table's glyph closure), so
stretchy delimiters, radicals, big operators and wide accents still grow.

The subset is renamed ("sitegen Math LM subset"), as the GUST font licence asks of
derived fonts, and its bytes are the same on every build (no timestamps, no
FFTM table), like every other output file.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fontTools import subset
from fontTools.ttLib import TTFont

from ..cache.store import Store, code_version, digest

MATH_CSS = "css/math.css"
MATH_FONT = "fonts/math.woff2"
SCRIPT_FONT = "fonts/math-script.woff2"
FAMILY = "sitegen Math LM subset"  # the renamed subset (GUST font licence, clause 1)
_PS_NAME = "sitegenMathLMsubset-Regular"

_MATH = re.compile(r"<math\b.*?</math>", re.S)
_ANNOTATION = re.compile(r"<annotation(?:-xml)?\b.*?</annotation(?:-xml)?>", re.S)  # the TeX, not shown
_TEXT = re.compile(r">([^<]+)<")
_MI = re.compile(r"<mi\b([^>]*)>([^<]*)</mi>")
_ROOT = re.compile(r"<m(?:sqrt|root)\b")  # drawn with U+221A, which is in no text node
MATH_FILES = (MATH_CSS, MATH_FONT, SCRIPT_FONT)


@dataclass(frozen=True)
class MathUse:
    """What the site's formulas need from the font."""

    chars: frozenset[str]


def math_use(htmls: Iterable[str]) -> MathUse:
    """The characters shown inside every `<math>` element of these HTML strings."""
    chars: set[str] = set()
    for text in htmls:
        for formula in _MATH.findall(text):
            formula = _ANNOTATION.sub("", formula)
            for run in _TEXT.findall(formula):
                chars.update(html.unescape(run))
            # MathML Core draws a one-letter <mi> in math italic (text-transform: math-auto):
            # x is shown as U+1D465, which is the glyph the font must have.
            for attrs, letter in _MI.findall(formula):
                letter = html.unescape(letter)
                if len(letter) == 1 and "mathvariant" not in attrs and letter in _ITALIC:
                    chars.add(_ITALIC[letter])
            if _ROOT.search(formula):
                chars.add("\u221a")
    chars.discard("\n")
    return MathUse(frozenset(chars))


def _italic_map() -> dict[str, str]:
    """MathML Core's math-auto transform: letters to Mathematical Italic (U+1D434…)."""
    pairs = {chr(0x41 + i): chr(0x1D434 + i) for i in range(26)}
    pairs.update({chr(0x61 + i): chr(0x1D44E + i) for i in range(26)})
    pairs["h"] = "\u210e"  # the hole in the block: Planck constant
    pairs.update({"\u0131": "\U0001d6a4", "\u0237": "\U0001d6a5"})  # dotless i, j
    greek_upper = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡϴΣΤΥΦΧΨΩ∇"
    pairs.update({c: chr(0x1D6E2 + i) for i, c in enumerate(greek_upper)})
    greek_lower = "αβγδεζηθικλμνξοπρςστυφχψω∂ϵϑϰϕϱϖ"
    pairs.update({c: chr(0x1D6FC + i) for i, c in enumerate(greek_lower)})
    return pairs


_ITALIC = _italic_map()


def _vendored(name: str) -> bytes:
    return resources.files(__package__).joinpath("fonts", name).read_bytes()


# The subset costs 0.3 to 0.6 s (measured), a third of the bundled site's build.
# Kept in-process by character set (`sitegen serve` is one process for a whole
# session) and in the build cache (stored_subset) for the next `sitegen build`.
@lru_cache(maxsize=8)
def subset_font(chars: frozenset[str]) -> bytes:
    """A WOFF2 of Latin Modern Math with these characters and what drawing them needs."""
    font = TTFont(io.BytesIO(_vendored("latinmodern-math.otf")), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # ssty (script-size glyphs), dtls (dotless i, j under accents)
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps
    options.name_IDs = ["*"]  # kept, then renamed below
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars | {" "}))
    subsetter.subset(font)
    _rename(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def stored_subset(chars: frozenset[str], store: Store | None) -> bytes:
    """The subset from the build cache when an earlier build made it for these
    characters with this code; else made (and stored). Editing a post rarely
    brings a new character, and the subset is most of a small site's build."""
    if store is None:
        return subset_font(chars)
    key = digest("math-font", code_version(), sorted(chars))
    found = store.get(key)  # sealed: a damaged or forged entry is a miss
    if isinstance(found, str):
        try:
            data = base64.b64decode(found, validate=True)
            if data[:4] == b"wOF2":
                return data
        except ValueError:
            pass
    data = subset_font(chars)
    store.put(key, base64.b64encode(data).decode("ascii"))
    return data


def _rename(font: TTFont) -> None:
    """Give the subset its own names, as the GUST licence requests of derived fonts."""
    table = font["name"]
    names = {1: FAMILY, 3: f"{FAMILY} 1.959", 4: FAMILY, 6: _PS_NAME, 16: FAMILY}
    for record in table.names:
        if record.nameID in names:
            record.string = names[record.nameID]
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset of Latin Modern Math by sitegen"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [_PS_NAME]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY


def script_font() -> bytes:
    """Temml's script capitals (a clone of KaTeX_Script), for \\mathscr and primes.

    Written with every math font: a browser fetches a face only for the text
    that uses it, so it costs a page nothing unless a formula shows those
    letters, and `sitegen check` can name the files a build writes without
    reading the formulas' MathML."""
    return _vendored("Temml.woff2")


def math_stylesheet() -> str:
    """css/math.css: the subset's @font-face, the script face, then Temml's rules."""
    faces = (
        "@font-face {\n"
        f'  font-family: "{FAMILY}";\n'
        '  src: url("../fonts/math.woff2") format("woff2");\n'
        "  font-weight: normal;\n  font-style: normal;\n}\n\n"
        "@font-face {\n"
        '  font-family: "Temml";\n'
        '  src: url("../fonts/math-script.woff2") format("woff2");\n'
        "  font-weight: normal;\n  font-style: normal;\n}\n"
    )
    rules = resources.files(__package__).joinpath("math.css").read_text("utf-8")
    head, _, body = rules.partition("/* @font-face */\n")
    return head + faces + body


def math_files(htmls: Iterable[str], store: Store | None = None) -> list[tuple[str, bytes]]:
    """The stylesheet and fonts (MATH_FILES, in that order) for pages with math
    whose HTML strings these are; `store` keeps subsets from build to build."""
    return [
        (MATH_CSS, math_stylesheet().encode("utf-8")),
        (MATH_FONT, stored_subset(math_use(htmls).chars, store)),
        (SCRIPT_FONT, script_font()),
    ]
