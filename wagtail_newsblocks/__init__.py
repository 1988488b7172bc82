"""StreamField blocks for newsrooms, for Wagtail."""

__version__ = "0.1.0.dev0"
