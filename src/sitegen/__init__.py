"""sitegen: a static-site generator for bilingual technical blog series."""

__version__ = "0.1.0"
