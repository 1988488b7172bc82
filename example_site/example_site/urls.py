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
    # Quote cards and their share pages; before Wagtail's catch-all below.
    path("newsblocks/", include("wagtail_newsblocks.urls")),
]

if settings.WAGTAIL_API_V3:
    from wagtail.api.v3.urls import api as api_v3

    urlpatterns += [path("api/v3/", api_v3.urls)]

if settings.DEBUG or getattr(settings, "NEWSBLOCKS_DEMO_SERVE_MEDIA", False):
    # Local only: uploads and renditions, served by Django. The browser tests
    # run with DEBUG off and set NEWSBLOCKS_DEMO_SERVE_MEDIA.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
