from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailNewsblocksAppConfig(AppConfig):
    name = "wagtail_newsblocks"
    label = "wagtail_newsblocks"
    verbose_name = _("Newsroom blocks")
    # Pinned so that shipped migrations do not change under Django 6's new default.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .render_cache import connect_invalidation_signals

        connect_invalidation_signals()
