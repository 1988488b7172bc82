"""Admin widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext
from wagtail.admin.widgets import AdminAutoHeightTextInput

__all__ = ["CharacterCountInput", "CharacterCountTextarea"]


class CharacterCountMixin:
    """Adds a live "n / max" counter below the field (``character-count.js``).

    ``max_length`` may be a callable so that the limit follows the settings at
    render time (``override_settings`` in tests, per-process reloads).
    """

    class Media:
        js = ["wagtail_newsblocks/js/character-count.js"]
        css = {"all": ["wagtail_newsblocks/css/admin.css"]}

    def __init__(self, max_length: int | Callable[[], int], attrs: dict | None = None):
        super().__init__(attrs)
        self.max_length = max_length
        self.attrs["data-controller"] = (
            f"{self.attrs.get('data-controller', '')} newsblocks-count".strip()
        )

    def get_limit(self) -> int:
        return self.max_length() if callable(self.max_length) else self.max_length

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-newsblocks-count-max-value": self.get_limit(),
                # Translated here, because the admin's JavaScript has no catalogue
                # of ours; {count}, {max} and {over} are filled in by the script.
                "data-newsblocks-count-label-value": gettext("{count} / {max} characters"),
                "data-newsblocks-count-over-label-value": gettext(
                    "{count} / {max} characters: {over} too many"
                ),
            }
        )
        return context


class CharacterCountTextarea(CharacterCountMixin, AdminAutoHeightTextInput):
    """An auto-growing textarea with a live counter.

    There is deliberately no ``maxlength``: editors paste long quotes and trim
    them, and a hard limit would cut pasted text silently. The counter turns
    into a warning past the limit and the block's ``clean()`` refuses it.
    """


class CharacterCountInput(CharacterCountMixin, forms.TextInput):
    """A one-line input with a live counter, for CharBlocks with a ``max_length``.

    Wagtail's block form sets ``maxlength`` from the block itself, so the
    counter shows how much room is left rather than an overrun.
    """
