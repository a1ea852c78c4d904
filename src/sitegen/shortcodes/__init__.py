"""Shortcodes: a page body with `{{< >}}`, `{{% %}}` or `<<< >>>` tags -> Markdown text.

In: a body, the page it belongs to (`ShortcodePage`) and the ref index. Out:
an `Expansion`: Markdown with HTML parked behind placeholders, the refs it
resolved (`RefCall`) and the problems it found; `Expansion.finish` splices
the HTML back into the rendered Markdown.

- `parser.py`: tags -> a tree of `Text` and `Shortcode` nodes, with positions;
- `expand.py`: the registry (`Shortcodes`): Python built-ins (ref, relref,
  katex) and Jinja templates from the site, the theme, `builtin/` and `blowfish/`;
- `expansion.py`: one body's `Expansion`: parked HTML, spliced back after Markdown;
- `hugo.py`: Hugo's built-ins as Hugo means them (highlight, param, …);
- `embeds.py`: Blowfish's codeimporter and mdimporter (offline), Hugo's qr;
- `chart.py`: Blowfish's chart (a Chart.js config read at build time);
- `cards.py`: Blowfish's article and list (cards of other pages) and gallery;
- `images.py`: a page bundle's images, then static/, for the image shortcodes;
- `icons.py`: Blowfish's icon names -> inline SVG (Font Awesome Free, `icon_svgs/`);
- `filters.py`: template filters for values that land in attributes (css_color);
- `unknown.py`: a name with no template, reported once per name for the site;
- `builtin/`: sitegen's own and Hugo's shortcode templates (figure, lead, details,
  mermaid, youtube, vimeo, x, instagram, qr, comment, …);
- `blowfish/`: every shortcode Blowfish documents, written for the default theme.
"""

from .expand import RefCall, Shortcodes

__all__ = ["RefCall", "Shortcodes"]
