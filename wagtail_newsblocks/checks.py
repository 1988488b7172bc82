"""System checks: what the package needs from the project's settings."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Warning, register


@register()
def check_settings_app_installed(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    # Without Wagtail's settings app the footers still render, with the
    # defaults, but nobody can set the contact address or the months.
    if apps.is_installed("wagtail.contrib.settings"):
        return []
    return [
        Warning(
            "The comment policy is a Wagtail site setting, but "
            "'wagtail.contrib.settings' is not in INSTALLED_APPS.",
            hint="Add 'wagtail.contrib.settings' to INSTALLED_APPS so that editors can "
            "set it under Settings → Comment policy.",
            id="wagtail_newsblocks.W001",
        )
    ]
