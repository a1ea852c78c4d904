"""KaTeX's shorthand names that Temml lacks, as macros every formula gets.

Posts written for KaTeX use them (`\\R`, `\\N`, `\\Z`, `\\reals`, `\\rarr`,
`\\empty`…): KaTeX defines them after HTML's entity names. Each expands to
the standard command for the same symbol. A site's `[markup.math.macros]`
wins over these. Left out on purpose: KaTeX's Khan Academy colour names
(`\\blue`, `\\redA`…), and what MathML cannot show (`\\href`, `\\url`,
`\\includegraphics`, `\\htmlClass`), which stay warnings.
"""

from __future__ import annotations

_ARROWS = {
    "\\Darr": "\\Downarrow",
    "\\dArr": "\\Downarrow",
    "\\darr": "\\downarrow",
    "\\Harr": "\\Leftrightarrow",
    "\\hArr": "\\Leftrightarrow",
    "\\harr": "\\leftrightarrow",
    "\\Larr": "\\Leftarrow",
    "\\lArr": "\\Leftarrow",
    "\\larr": "\\leftarrow",
    "\\Lrarr": "\\Leftrightarrow",
    "\\lrArr": "\\Leftrightarrow",
    "\\lrarr": "\\leftrightarrow",
    "\\Rarr": "\\Rightarrow",
    "\\rArr": "\\Rightarrow",
    "\\rarr": "\\rightarrow",
    "\\Uarr": "\\Uparrow",
    "\\uArr": "\\Uparrow",
    "\\uarr": "\\uparrow",
}

_SETS = {
    "\\Complex": "\\mathbb{C}",
    "\\cnums": "\\mathbb{C}",
    "\\N": "\\mathbb{N}",
    "\\natnums": "\\mathbb{N}",
    "\\R": "\\mathbb{R}",
    "\\Reals": "\\mathbb{R}",
    "\\reals": "\\mathbb{R}",
    "\\Z": "\\mathbb{Z}",
}

_SYMBOLS = {
    "\\alef": "\\aleph",
    "\\alefsym": "\\aleph",
    "\\bull": "\\bullet",
    "\\clubs": "\\clubsuit",
    "\\Dagger": "\\ddagger",
    "\\diamonds": "\\diamondsuit",
    "\\empty": "\\emptyset",
    "\\exist": "\\exists",
    "\\hearts": "\\heartsuit",
    "\\image": "\\Im",
    "\\infin": "\\infty",
    "\\isin": "\\in",
    "\\lang": "\\langle",
    "\\plusmn": "\\pm",
    "\\rang": "\\rangle",
    "\\real": "\\Re",
    "\\sdot": "\\cdot",
    "\\sect": "\\S",
    "\\spades": "\\spadesuit",
    "\\sub": "\\subset",
    "\\sube": "\\subseteq",
    "\\supe": "\\supseteq",
    "\\thetasym": "\\vartheta",
    "\\weierp": "\\wp",
    "\\KaTeX": "\\text{KaTeX}",
    # one relation, as KaTeX draws them (Temml's \\vcentcolon would be a relation of its own)
    "\\approxcolon": "\\mathrel{\\approx{:}}",
    "\\approxcoloncolon": "\\mathrel{\\approx{::}}",
    "\\simcolon": "\\mathrel{\\sim{:}}",
    "\\simcoloncolon": "\\mathrel{\\sim{::}}",
}

KATEX_ALIASES: dict[str, str] = {**_ARROWS, **_SETS, **_SYMBOLS}
