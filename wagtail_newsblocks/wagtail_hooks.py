from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .blocks.length_limits import COUNT_URL_NAME
from .views import ExpertViewSet, count_view, portrait_view
from .widgets import PORTRAIT_URL_NAME

register_snippet(ExpertViewSet)


@hooks.register("insert_global_admin_css")
def newsblocks_admin_css() -> SafeString:
    # Global rather than per widget: the roster listing's thumbnails use it too.
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_newsblocks/css/admin.css")
    )


@hooks.register("register_admin_urls")
def newsblocks_admin_urls() -> list:
    return [
        path("newsblocks/count/", count_view, name=COUNT_URL_NAME),
        path("newsblocks/portrait/<int:pk>/", portrait_view, name=PORTRAIT_URL_NAME),
    ]
