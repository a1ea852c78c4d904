"""sitegen: a static-site generator for bilingual technical blog series."""

from pathlib import Path

__version__ = "0.1.0"

# Where sitegen's own themes are: wheels carry them inside the package (see
# pyproject.toml); a source checkout has them at the repo's top level. Theme
# lookup and the no-change check both read this, so they can't disagree.
BUNDLED_THEMES = (Path(__file__).parent / "themes", Path(__file__).resolve().parents[2] / "themes")
