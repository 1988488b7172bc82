"""The demo's themes: one stylesheet each, setting nothing but custom properties."""

from django.conf import settings

THEMES = {
    "default": None,
    "evening": "news/css/theme-evening.css",
}


def theme(request):
    """``?theme=evening`` (or the NEWSBLOCKS_DEMO_THEME setting) picks the demo's theme.

    A query parameter rather than a cookie keeps every theme linkable, and a
    stylesheet link rather than inline styles keeps the pages CSP-friendly.
    """
    name = request.GET.get("theme") or settings.NEWSBLOCKS_DEMO_THEME
    if name not in THEMES:
        name = "default"
    return {"demo_theme": name, "demo_theme_stylesheet": THEMES[name]}
