"""Subheads: the story's section headings, each with a stable, unique anchor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .. import render_cache
from ..absolute_urls import anchor_url
from ..conf import newsblocks_settings
from ..outline import clean_anchor
from . import previews
from .base import PREVIEW_TEMPLATE, NewsblocksStructBlock, StoryAwareStructValue
from .choice import TextChoiceBlock
from .length_limits import SUBHEAD

__all__ = ["LEVEL_CHOICES", "SubheadBlock", "SubheadValue"]

LEVEL_CHOICES = [
    ("h2", _("Section heading (h2)")),
    ("h3", _("Subsection heading (h3)")),
    ("h4", _("Minor heading (h4)")),
]


class SubheadValue(StoryAwareStructValue):
    @property
    def level_number(self) -> int:
        return heading_level(self.get("level"))

    @property
    def tag(self) -> str:
        return f"h{self.level_number}"

    def outline_entry(self) -> tuple[str, int, str]:
        return (self.get("text") or "", self.level_number, self.get("anchor") or "")


def heading_level(level: str | None) -> int:
    """``"h3"`` → 3; anything unexpected is treated as the default h2."""
    if level and len(level) == 2 and level[0] == "h" and level[1] in "23456":
        return int(level[1])
    return 2


class SubheadBlock(NewsblocksStructBlock):
    """A heading inside the story, linkable by its anchor."""

    text = blocks.TextBlock(
        label=_("Subhead"),
        help_text=_("One line, e.g. “Kreml: „Kooperation in sensiblen Bereichen“”."),
    )
    level = TextChoiceBlock(
        choices=LEVEL_CHOICES,
        default="h2",
        label=_("Level"),
        help_text=_("h2 for sections; h3 and h4 only inside a section one level up."),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("Anchor"),
        help_text=_(
            "Optional. The part of the link after # that jumps to this subhead. "
            "Left empty, it is made from the text; set one to keep links stable "
            "when the text changes."
        ),
    )

    searchable_fields = ("text",)
    length_limits = {"text": SUBHEAD}

    render_cache = render_cache.STORY

    class Meta:
        icon = "title"
        label = _("Subhead")
        help_text = _(
            "A heading that divides the story into sections; it appears in the table of contents."
        )
        template = "wagtail_newsblocks/blocks/subhead.html"
        value_class = SubheadValue
        label_format = "{text}"
        form_layout = blocks.BlockGroup(children=["text", "level"], settings=["anchor"])
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(previews.subhead)
        description = _("A section heading (h2 to h4) with an anchor that links straight to it.")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        errors = self.length_errors(value)
        text = (value.get("text") or "").strip()
        if "\n" in text:
            errors["text"] = ValidationError(
                _("Subhead: the text must be a single line."), code="multiline"
            )
        raw_anchor = (value.get("anchor") or "").strip()
        if raw_anchor:
            # Normalised rather than refused: "#Kreml Reaktion" plainly means
            # "kreml-reaktion", and the editor sees the result after saving.
            if not any(ch.isalnum() for ch in raw_anchor):
                errors["anchor"] = ValidationError(
                    _("Subhead: the anchor needs at least one letter or digit."),
                    code="invalid_anchor",
                )
            else:
                value["anchor"] = clean_anchor(raw_anchor)
        if value.get("level") not in newsblocks_settings.SUBHEAD_LEVELS:
            errors["level"] = ValidationError(
                _("Subhead: choose one of the levels %(levels)s.")
                % {"levels": ", ".join(newsblocks_settings.SUBHEAD_LEVELS)},
                code="invalid_level",
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_translatable_segments(self, value: Any) -> list:
        """wagtail-localize: the text for translators; the anchor stays (see :mod:`..localize`)."""
        from ..localize import subhead_segments

        return subhead_segments(value)

    def restore_translated_segments(self, value: Any, segments: list) -> Any:
        from ..localize import restore_subhead

        return restore_subhead(value, segments)

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = value.anchor_for(parent_context)
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        anchor = value.anchor_for(context)
        return {
            "text": value.get("text") or "",
            "level": value.level_number,
            "anchor": anchor,
            "anchor_is_custom": bool(value.get("anchor")),
            "url": anchor_url(anchor, context),
        }
