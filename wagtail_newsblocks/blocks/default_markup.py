"""The package's own block templates, also written as Python for speed.

A story renders hundreds of blocks, and Django's template engine costs more
per block than the markup itself: resolving each variable, evaluating each
``{% if %}``, pushing context for each ``{% include %}``. Wagtail's core blocks
avoid that by rendering in Python (``render_basic``); newsblocks keeps real
templates, because sites override them.

So each block whose template is rendered many times per story also writes
that template's markup in Python (``default_markup``), and uses it only while
the template a site's loaders find *is* the package's file. Override
``wagtail_newsblocks/blocks/pull_quote.html`` in a project and the block
renders your template, through Django, as before. The two versions are kept
identical by ``tests/test_default_markup.py``, which renders every block
variant of the test suite both ways and compares the HTML.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "TEMPLATE_ORIGINS_KEY",
    "DefaultMarkupMixin",
    "escape",
    "is_package_template",
    "language_attributes",
]

_PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A story's render puts a dictionary under this context key; its blocks note
# there which templates are the package's, so that a long story asks the
# loaders once per template rather than once per block.
TEMPLATE_ORIGINS_KEY = "_newsblocks_template_origins"


@cache
def _package_path(name: str) -> str:
    return str(_PACKAGE_TEMPLATES / name)


def is_package_template(name: str, context: dict | None = None) -> bool:
    """Whether the template the site's loaders find for ``name`` is the package's own file.

    The loaders answer, not a setting: an override added while the server
    runs is picked up as soon as Django reloads its templates. Within one
    story's render the answer is remembered in the context (see
    ``TEMPLATE_ORIGINS_KEY``).
    """
    known = context.get(TEMPLATE_ORIGINS_KEY) if context else None
    if known is not None and name in known:
        return known[name]
    try:
        origin = getattr(get_template(name), "origin", None)
    except TemplateDoesNotExist:
        origin = None
    answer = origin is not None and origin.name == _package_path(name)
    if known is not None:
        known[name] = answer
    return answer


class DefaultMarkupMixin:
    """Render the package's template in Python while a site has not overridden it.

    Subclasses implement ``default_markup(context)``, returning what the
    template returns for the same context (the one ``get_context`` builds),
    every value passed through :func:`escape` as ``{{ }}`` would.
    """

    def default_markup(self, context: dict[str, Any]) -> str:
        raise NotImplementedError

    def render(self, value: Any, context: dict | None = None) -> SafeString:
        template = self.get_template(value, context=context)
        if not isinstance(template, str) or not is_package_template(template, context):
            return super().render(value, context=context)
        parent = None if context is None else dict(context)
        return mark_safe(self.default_markup(self.get_context(value, parent_context=parent)))


def escape(value: Any) -> str:
    """What ``{{ value }}`` prints: Django's ``conditional_escape`` as a plain string.

    Safe strings (rich text, markup a block has built) are printed as they
    are; anything else is escaped like Django's ``escape``. The block's whole
    markup is marked safe once, at the end, instead of every piece of it.
    """
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def language_attributes(rendering: dict[str, str], direction: bool = True) -> str:
    """`` lang="…"`` and `` dir="…"`` of a quote's rendering, each only where it is set."""
    markup = ""
    if rendering.get("lang_attribute"):
        markup = f' lang="{escape(rendering["lang_attribute"])}"'
    if direction and rendering.get("dir_attribute"):
        markup += f' dir="{escape(rendering["dir_attribute"])}"'
    return markup
