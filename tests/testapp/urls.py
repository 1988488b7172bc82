"""The test app's URLs: Wagtail, its admin, API v2 (and v3 where Wagtail has it), the package's."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import urls as wagtaildocs_urls

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # Quote cards and their share pages (docs/quickstart.md): before Wagtail's catch-all.
    path("newsblocks/", include("wagtail_newsblocks.urls")),
]

if settings.WAGTAIL_API_V3:
    from wagtail.api.v3.urls import api as api_v3

    urlpatterns += [path("api/v3/", api_v3.urls)]

# Uploads and renditions, served by Django for the tests (DEBUG is off).
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    path("", include(wagtail_urls)),
]
