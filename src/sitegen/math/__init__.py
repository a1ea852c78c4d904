"""Math: TeX in posts becomes MathML at build time, with a font to show it.

delimiters.py  `\\(…\\)`, `\\[…\\]`, Hugo's passthrough pairs, prose dollars
plugin.py      the Markdown plugin: every delimiter, render rules, located warnings
engine.py      Temml (vendor/) in QuickJS: TeX -> MathML Core; aliases.py, KaTeX's names
numbering.py   equation numbers and \\eqref, filled in per page; glue.py, punctuation
font.py        Latin Modern Math (fonts/), subset to the site's formulas, and math.css
"""
