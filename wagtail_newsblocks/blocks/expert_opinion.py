"""The expert box: a named expert's assessment, set apart from the story."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .. import render_cache
from ..absolute_urls import anchor_url
from ..quotation_marks import strip_quotation_marks
from ..quote_rendering import quote_rendering
from ..repetition import rich_text_passages
from . import previews
from .base import (
    PREVIEW_TEMPLATE,
    NewsblocksStructBlock,
    StoryAwareStructValue,
    StoryLanguageMixin,
)
from .choice import TextChoiceBlock
from .choosers import RosterChooserBlock, StoryImageChooserBlock
from .rich_text import NewsRichTextBlock
from .roster import EXPERT_MODEL, Person, RosterPersonMixin, RosterValueMixin, person_as_dict
from .subhead import LEVEL_CHOICES, heading_level

__all__ = ["HOW_OBTAINED_CHOICES", "ExpertOpinionBlock", "ExpertOpinionValue"]

STATEMENT_FEATURES = ["bold", "italic", "link"]

# Phrases that follow the speaker's name after a comma: "Joseph Dempsey, in an interview".
HOW_OBTAINED_CHOICES = [
    ("said", _("said (no detail)")),
    ("told_us", _("speaking to us")),
    ("interview", _("in an interview")),
    ("statement", _("in a statement")),
    ("wrote", _("in writing")),
    ("publication", _("in a publication")),
]
HOW_OBTAINED_PHRASES = dict(HOW_OBTAINED_CHOICES) | {"said": ""}


class ExpertOpinionValue(RosterValueMixin, StoryAwareStructValue):
    def person_for(self, context: dict | None) -> Person | None:
        """The roster expert (in the page's language), else the one-off expert, else the snapshot."""
        expert = self.roster_expert_for(context)
        if expert is not None:
            return Person.from_expert(expert)
        if self.get("name"):
            return Person(
                name=self.get("name"),
                role=self.get("role") or "",
                organization=self.get("organization") or "",
                portrait=self.get("portrait"),
            )
        return Person.from_snapshot(self.snapshot)

    @property
    def level_number(self) -> int:
        return heading_level(self.get("level"))

    @property
    def heading_tag(self) -> str:
        return f"h{self.level_number}"

    @property
    def heading_text(self) -> str:
        return ": ".join(part for part in (self.get("label"), self.get("headline")) if part)

    def outline_entry(self) -> tuple[str, int, str] | None:
        text = self.heading_text
        return (text, self.level_number, "") if text else None

    def story_passages(self) -> list[str]:
        # Readers meet the assessment and the quote in the box; a pull quote
        # that repeats either repeats the story.
        statement = self.get("statement")
        passages = rich_text_passages(getattr(statement, "source", statement) or "")
        quote = strip_quotation_marks(self.get("quote") or "")
        return [*passages, quote] if quote else passages

    @property
    def how_obtained_phrase(self) -> str:
        return str(HOW_OBTAINED_PHRASES.get(self.get("how_obtained") or "said", ""))

    def quote_rendering(self, context: dict | None = None) -> dict[str, Any]:
        """The quote in the box with the page language's marks."""
        return quote_rendering(self.get("quote"), None, context)


class ExpertOpinionBlock(StoryLanguageMixin, RosterPersonMixin, NewsblocksStructBlock):
    """An expert's assessment in a box: who they are, what they think, how we know."""

    roster_field = "expert"
    inline_portrait_field = "portrait"

    label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Label"),
        help_text=_("A short tag above the headline, e.g. “Militärexperte” or “Expert view”."),
    )
    headline = blocks.CharBlock(
        required=False,
        max_length=140,
        label=_("Headline"),
        help_text=_("The assessment in one line."),
    )
    level = TextChoiceBlock(
        choices=LEVEL_CHOICES,
        default="h2",
        label=_("Heading level"),
        help_text=_("h2 when the box is a section of its own; h3 inside an h2 section."),
    )
    expert = RosterChooserBlock(
        EXPERT_MODEL,
        required=False,
        label=_("Expert from the roster"),
        help_text=_("Choose the expert here, or type a one-off expert's details below."),
    )
    name = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Name (one-off expert)"),
    )
    role = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Role (one-off expert)"),
    )
    organization = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Organization (one-off expert)"),
    )
    portrait = StoryImageChooserBlock(
        required=False,
        label=_("Portrait (one-off expert)"),
    )
    statement = NewsRichTextBlock(
        features=STATEMENT_FEATURES,
        label=_("Assessment"),
        help_text=_("What the expert thinks, in your words or theirs."),
    )
    quote = blocks.TextBlock(
        required=False,
        label=_("Quote"),
        help_text=_("Optional. Their words, without quotation marks."),
    )
    how_obtained = TextChoiceBlock(
        choices=HOW_OBTAINED_CHOICES,
        default="said",
        label=_("How we got it"),
        help_text=_("Shown after the expert's name under the quote."),
    )
    disclosure = blocks.TextBlock(
        required=False,
        label=_("Disclosure"),
        help_text=_("Conflicts of interest, e.g. funding or roles that readers should know about."),
    )

    counted_fields = ("label", "headline")
    searchable_fields = (
        "label",
        "headline",
        "name",
        "role",
        "organization",
        "statement",
        "quote",
        "disclosure",
    )

    render_cache = render_cache.STORY

    class Meta:
        icon = "user"
        label = _("Expert box")
        help_text = _("An expert's assessment, with who they are and how we got it.")
        template = "wagtail_newsblocks/blocks/expert_opinion.html"
        value_class = ExpertOpinionValue
        # The name leads: a story's boxes differ by who speaks, and a long
        # headline would push the name out of the collapsed heading.
        label_format = "{expert}{name} – {label}: {headline}"
        form_layout = blocks.BlockGroup(
            children=[
                "label",
                "headline",
                "expert",
                "statement",
                "quote",
                "how_obtained",
                blocks.BlockGroup(
                    children=["name", "role", "organization", "portrait"],
                    heading=_("One-off expert"),
                    classname="collapsed",
                    help_text=_("Only for an expert who is not in the roster."),
                ),
            ],
            settings=["level", "disclosure"],
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(previews.expert_opinion)
        description = _(
            "An expert's assessment in a box: name, role and portrait from the expert roster, "
            "their view, a quote and how we got it."
        )

    # -- validation --------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        snapshot = value.snapshot
        errors = {}
        expert = value.get("expert")
        if expert is not None:
            for field in ("name", "role", "organization", "portrait"):
                if value.get(field):
                    errors[field] = ValidationError(
                        _(
                            "Expert box, “%(field)s”: filled in by the roster entry “%(expert)s”. "
                            "Clear this field, or remove the roster expert to describe a "
                            "one-off expert."
                        )
                        % {"field": self.child_blocks[field].label, "expert": expert},
                        code="roster_and_inline",
                    )
        elif not value.get("name") and not snapshot and not self.is_deferred_validation:
            errors["expert"] = ValidationError(
                _(
                    "Expert box: choose an expert from the roster, or type the name of a "
                    "one-off expert."
                ),
                code="no_expert",
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    # -- output ------------------------------------------------------------------

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["person"] = value.person_for(parent_context)
        context["expert_quote"] = (
            value.quote_rendering(parent_context) if value.get("quote") else None
        )
        block_id = context.get("block_id") or context.get("id")
        context["expert_heading_id"] = value.anchor_for(parent_context) or (
            f"newsblocks-expert-{block_id}" if block_id else ""
        )
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        person = value.person_for(context)
        anchor = value.anchor_for(context)
        quote = value.quote_rendering(context) if value.get("quote") else None
        return {
            "label": value.get("label") or "",
            "headline": value.get("headline") or "",
            "heading": value.heading_text,
            "level": value.level_number,
            "anchor": anchor or None,
            "url": anchor_url(anchor, context),
            "expert": person_as_dict(person, context),
            "statement": self.child_blocks["statement"].get_api_representation(
                value.get("statement"), context=context
            ),
            "quote": (value.get("quote") or "").strip() or None,
            "quote_with_marks": quote["with_marks"] if quote else None,
            "how_obtained": value.get("how_obtained") or "said",
            "how_obtained_text": value.how_obtained_phrase,
            "disclosure": value.get("disclosure") or "",
        }
