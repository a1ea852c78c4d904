"""Shortcodes: a page body with `{{< >}}`, `{{% %}}` or `<<< >>>` tags -> Markdown text.

In: a body, the page it belongs to (`ShortcodePage`) and the ref index. Out:
an `Expansion`: Markdown with HTML parked behind placeholders, the refs it
resolved (`RefCall`) and the problems it found; `Expansion.finish` splices
the HTML back into the rendered Markdown.

- `parser.py`: tags -> a tree of `Text` and `Shortcode` nodes, with positions;
- `expand.py`: the registry (`Shortcodes`): Python built-ins (ref, relref,
  katex) and Jinja templates from the site, the theme and `builtin/`;
- `hugo.py`: Hugo's built-ins as Hugo means them (highlight, param, …);
- `embeds.py`: Blowfish's codeimporter and mdimporter (offline), Hugo's qr;
- `chart.py`: Blowfish's chart (a Chart.js config read at build time);
- `unknown.py`: a name with no template, reported once per name for the site;
- `builtin/`: sitegen's own shortcode templates (figure, lead, details, mermaid).
"""

from .expand import RefCall, Shortcodes

__all__ = ["RefCall", "Shortcodes"]
