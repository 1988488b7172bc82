from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .views import ExpertViewSet

register_snippet(ExpertViewSet)


@hooks.register("insert_global_admin_css")
def newsblocks_admin_css() -> SafeString:
    # Global rather than per widget: the roster listing's thumbnails use it too.
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_newsblocks/css/admin.css")
    )
