from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ..sanitize import safe_url

register = template.Library()


@register.simple_tag
def newsblocks_css() -> str:
    """The package's default stylesheet, as a ``<link>`` element.

    Opt-in: sites that style the blocks themselves leave it out.
    """
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_newsblocks/css/newsblocks.css")
    )


@register.filter
def newsblocks_safe_url(url: str | None) -> str:
    """The URL if it cannot run script (http, https, mailto, tel, relative), else "".

    Input is checked when it is written; this is the second lock, for content
    that reached the database by other roads.
    """
    return safe_url(url)
