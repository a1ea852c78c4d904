"""Math: TeX in posts becomes MathML at build time, with a font to show it.

delimiters.py  `\\(…\\)`, `\\[…\\]` and Hugo's passthrough pairs (dollars: dollarmath)
plugin.py      the Markdown plugin: every delimiter, render rules, located warnings
engine.py      Temml (vendor/) in QuickJS: TeX -> MathML Core
numbering.py   equation numbers and \\eqref, filled in per page
font.py        Latin Modern Math, subset to the site's formulas, and math.css
"""
