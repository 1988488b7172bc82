"""The demo's language switcher: a page's translations, for links and ``hreflang``."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """The live versions of ``page`` in every language, the page itself included.

    ``[{"code", "name", "url", "full_url", "current"}]`` in the order of
    ``WAGTAIL_CONTENT_LANGUAGES``; empty when the page has no translation (or
    the site runs without ``WAGTAIL_I18N_ENABLED``), so that no switcher offers
    only the language the reader is already in.
    """
    page = page or context.get("page")
    if page is None or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    request = context.get("request")
    versions = [page, *page.get_translations().live().public().select_related("locale")]
    if len(versions) < 2:
        return []
    order = {code: index for index, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
    versions.sort(key=lambda version: order.get(version.locale.language_code, len(order)))
    return [
        {
            "code": version.locale.language_code,
            # Each language's own name ("Deutsch", "English"), from WAGTAIL_CONTENT_LANGUAGES.
            "name": version.locale.get_display_name(),
            "url": version.get_url(request),
            "full_url": version.get_full_url(request),
            "current": version.pk == page.pk,
        }
        for version in versions
    ]
