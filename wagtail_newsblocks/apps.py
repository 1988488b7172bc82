from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailNewsblocksAppConfig(AppConfig):
    name = "wagtail_newsblocks"
    label = "wagtail_newsblocks"
    verbose_name = _("Newsroom blocks")
    # Pinned so that shipped migrations do not change under Django 6's new default.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import copy_for_translation_done

        from . import checks  # noqa: F401  (registers the system checks)
        from .signal_handlers import (
            connect_invalidation_signals,
            connect_quote_card_signals,
            connect_story_validation,
            pin_anchors_of_copy,
        )

        copy_for_translation_done.connect(
            pin_anchors_of_copy, dispatch_uid="wagtail_newsblocks.pin_anchors_of_copy"
        )
        connect_invalidation_signals()
        connect_quote_card_signals()
        connect_story_validation()
