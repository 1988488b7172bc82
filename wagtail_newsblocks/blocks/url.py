"""URLs that cannot carry script."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.utils.functional import cached_property
from wagtail import blocks

from ..sanitize import safe_url, validate_safe_url

__all__ = ["SafeURLBlock"]


class SafeURLBlock(blocks.FieldBlock):
    """A URL field for http(s), mailto:, tel: and relative addresses only.

    Wagtail's ``URLBlock`` allows ftp and refuses relative and mailto links,
    which newsrooms use; ``javascript:``, ``data:`` and friends are refused
    here however they are disguised, with a message beside the field.
    """

    def __init__(
        self,
        required: bool = True,
        help_text: str | None = None,
        max_length: int | None = None,
        min_length: int | None = None,
        validators: Sequence[Callable[[Any], None]] = (),
        **kwargs: Any,
    ) -> None:
        self.field_options = {
            "required": required,
            "help_text": help_text,
            "max_length": max_length,
            "min_length": min_length,
            "validators": [validate_safe_url, *validators],
        }
        super().__init__(**kwargs)

    @cached_property
    def field(self) -> forms.CharField:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
            **self.field_options,
        )

    def to_python(self, value: Any) -> Any:
        # Stored URLs are checked again as they are read: a value written past
        # the blocks (QuerySet.update, raw SQL) reaches no output unfiltered.
        return safe_url(value.strip()) if isinstance(value, str) else ""

    def get_translatable_segments(self, value: Any) -> list:
        """wagtail-localize: a URL is kept as it is in translations, not translated."""
        return []

    def restore_translated_segments(self, value: Any, segments: list) -> Any:
        from ..localize import restore_url

        return restore_url(value, segments)

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        """The URL as the page would link it: ``""`` for one that could run script."""
        return safe_url(value) if isinstance(value, str) else ""

    def sanitize_raw(self, raw: Any) -> Any:
        """Blank a stored URL that could run script (it is refused on input anyway)."""
        return safe_url(raw) if isinstance(raw, str) else ""

    class Meta:
        icon = "link"


DECONSTRUCT_ALIASES = {SafeURLBlock: "wagtail_newsblocks.blocks.SafeURLBlock"}
