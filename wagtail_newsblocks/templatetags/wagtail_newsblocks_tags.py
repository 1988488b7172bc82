from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def newsblocks_css() -> str:
    """The package's default stylesheet, as a ``<link>`` element.

    Opt-in: sites that style the blocks themselves leave it out.
    """
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_newsblocks/css/newsblocks.css")
    )
