"""Admin widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.snippets.widgets import AdminSnippetChooser

__all__ = ["CharacterCountInput", "CharacterCountTextarea", "RosterChooser"]

# The admin view that answers with a roster entry's portrait (views.portrait_view).
PORTRAIT_URL_NAME = "wagtail_newsblocks_portrait"


class CharacterCountMixin:
    """Adds a live "n / max" counter below the field (``character-count.js``).

    ``counter_attrs`` returns the limit and the counting rule as the script's
    data attributes (``blocks.length_limits.LengthLimit.counter_attrs``); it is
    called at render time, so that the limit follows the settings
    (``override_settings`` in tests, per-process reloads) and the words the
    admin's language.
    """

    class Media:
        js = ["wagtail_newsblocks/js/character-count.js"]
        css = {"all": ["wagtail_newsblocks/css/admin.css"]}

    def __init__(self, counter_attrs: Callable[[], dict[str, Any]], attrs: dict | None = None):
        super().__init__(attrs)
        self.counter_attrs = counter_attrs
        self.attrs["data-controller"] = (
            f"{self.attrs.get('data-controller', '')} newsblocks-count".strip()
        )
        # The browser's maxlength counts UTF-16 units of the untrimmed text, a
        # third way of counting: the counter warns and clean() refuses instead.
        self.attrs.pop("maxlength", None)

    def get_limit(self) -> int:
        return self.counter_attrs()["data-newsblocks-count-max-value"]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        context["widget"]["attrs"].update(self.counter_attrs())
        return context


class CharacterCountTextarea(CharacterCountMixin, AdminAutoHeightTextInput):
    """An auto-growing textarea with a live counter.

    There is deliberately no ``maxlength``: editors paste long quotes and trim
    them, and a hard limit would cut pasted text silently. The counter turns
    into a warning past the limit and the block's ``clean()`` refuses it.
    """


class CharacterCountInput(CharacterCountMixin, forms.TextInput):
    """A one-line input with a live counter, for CharBlocks with a ``max_length``.

    Like the textarea, it has no ``maxlength``: text pasted over the limit
    stays whole, the counter shows the overrun and the block refuses it.
    """


def _object_text(text: str, model: Any) -> str:
    return gettext(text) % {"object": model._meta.verbose_name}


class RosterChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser for roster entries, showing the chosen person's portrait.

    ``roster-chooser.js`` puts the portrait (or the initials a story would
    show) where Wagtail shows a grey icon, and changes it when another entry
    is chosen. The button texts are Wagtail's, translated when the form is
    drawn: Wagtail words them once, when the block is defined, in whatever
    language is active then, so a German admin read "Choose expert".
    """

    template_name = "wagtail_newsblocks/admin/roster_chooser.html"

    def __init__(self, model: Any = None, **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        model = self.model
        # The msgids are Wagtail's own, so its catalogues translate them.
        self.choose_one_text = lazy(_object_text, str)("Choose %(object)s", model)
        self.choose_another_text = lazy(_object_text, str)("Choose another %(object)s", model)
        self.link_to_chosen_text = lazy(_object_text, str)("Edit this %(object)s", model)

    def get_context(self, name: str, value_data: Any, attrs: dict) -> dict:
        context = super().get_context(name, value_data, attrs)
        # "/admin/newsblocks/portrait/" + id + "/": the script adds the id.
        context["portrait_url"] = reverse(PORTRAIT_URL_NAME, args=[0])[: -len("0/")]
        return context

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(
            js=["wagtail_newsblocks/js/roster-chooser.js"],
            css={"all": ["wagtail_newsblocks/css/admin.css"]},
        )
