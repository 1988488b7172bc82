"""The pull quote: a statement worth repeating, with its speaker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .. import render_cache
from ..languages import LANGUAGE_HELP_TEXT, language_choices
from ..quotation_marks import strip_quotation_marks
from ..quote_rendering import quote_rendering
from ..sanitize import safe_url
from ..share_links import share_url_in_context
from . import previews
from .base import (
    PREVIEW_TEMPLATE,
    NewsblocksStructBlock,
    StoryAwareStructValue,
    StoryLanguageMixin,
)
from .choice import TextChoiceBlock
from .choosers import RosterChooserBlock
from .length_limits import PULL_QUOTE
from .roster import (
    EXPERT_MODEL,
    Person,
    RosterPersonMixin,
    RosterValueMixin,
    person_as_dict,
)
from .story_facts import facts_in
from .url import SafeURLBlock

__all__ = ["PRESENTATION_CHOICES", "PullQuoteBlock", "PullQuoteValue"]

# Words of a quote its share link names it by: enough to tell two quotes of a
# story apart when a screen reader lists the page's links.
SHARE_LINK_WORDS = 6

ALIGNMENT_CHOICES = [
    ("inline", _("Inline, in the text column")),
    ("left", _("Floated left")),
    ("right", _("Floated right")),
    ("wide", _("Wide, breaking out of the text column")),
]

# Whether the quote repeats the story's text decides its markup: a repeat is an
# aside that screen readers announce as such, a quotation found only here a
# blockquote (docs/accessibility.md).
PRESENTATION_CHOICES = [
    ("auto", _("Automatic: checks whether the story has these words")),
    ("repeats", _("Pull quote: repeats words from the story")),
    ("standalone", _("Quotation: appears only here")),
]
PRESENTATIONS = frozenset(choice for choice, _label in PRESENTATION_CHOICES)


class PullQuoteValue(RosterValueMixin, StoryAwareStructValue):
    """A pull quote's content; what depends on the page is asked with the render context.

    ``value.person_for(context)``, ``value.rendering(context)`` and
    ``value.repeats_story_text_for(context)`` are what the page, the share
    page, the quote card, the JSON-LD and the API all show.
    """

    @property
    def text(self) -> str:
        """The quote as typed, without any quotation marks the editor added."""
        return strip_quotation_marks(self.get("quote") or "")

    def person_for(self, context: dict | None) -> Person | None:
        """Who said it, as the page ``context`` renders shows them.

        The typed name and role win over the roster entry's: typing lets
        editors give the role the speaker had when they said it; the roster
        entry (in the page's language) still ties the quote to the same
        person in the API.
        """
        roster = self.roster_expert_for(context)
        person = (
            Person.from_expert(roster)
            if roster is not None
            else Person.from_snapshot(self.snapshot)
        )
        name = self.get("attribution") or (person.name if person else "")
        if not name:
            return None
        typed_role = self.get("role") or ""
        if person is None:
            return Person(name=name, role=typed_role)
        # A typed role stands for "role, organization" as a whole.
        return replace(
            person,
            name=name,
            role=typed_role or person.role,
            organization="" if typed_role else person.organization,
            bio="",
        )

    @property
    def safe_source_url(self) -> str:
        """The source URL if it cannot run script, else "": stored JSON may predate the checks."""
        return safe_url(self.get("source_url"))

    @property
    def alignment(self) -> str:
        return self.get("alignment") or "inline"

    @property
    def presentation(self) -> str:
        """``"auto"``, ``"repeats"`` or ``"standalone"``; stored quotes from before the choice are ``"auto"``."""
        presentation = self.get("presentation")
        return presentation if presentation in PRESENTATIONS else "auto"

    def found_in_story_for(self, context: dict | None) -> bool:
        """Whether the story this quote is rendered in has its words (see :mod:`..repetition`).

        Worked out from the story as it is, never stored: a stored answer
        goes stale as soon as the paragraph it found is edited.
        """
        facts = facts_in(context)
        return facts is not None and facts.running_text.contains(self.text)

    def repeats_story_text_for(self, context: dict | None) -> bool:
        """Whether readers have met these words in the story: the editor's choice, else detected."""
        if self.presentation == "repeats":
            return True
        if self.presentation == "standalone":
            return False
        return self.found_in_story_for(context)

    def rendering(self, context: dict | None = None) -> dict[str, Any]:
        """The quote with its language's marks (:func:`~wagtail_newsblocks.quote_rendering.quote_rendering`)."""
        return quote_rendering(self.get("quote"), self.get("language"), context)


class PullQuoteBlock(StoryLanguageMixin, RosterPersonMixin, NewsblocksStructBlock):
    """A quotation set apart from the text, with the speaker's name and role.

    Editors type the words only; the quotation marks are the story language's
    (German „…“, French « … », …) and nested quotes get the alternate marks.
    """

    roster_field = "speaker"

    quote = blocks.TextBlock(
        label=_("Quote"),
        help_text=_(
            "The words only, without quotation marks: they are added in the story's language."
        ),
    )
    attribution = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Speaker"),
        help_text=_("Who said it, e.g. “Kim Jong Un”."),
    )
    role = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Speaker's role"),
        help_text=_("Their position or title, e.g. “Machthaber Nordkoreas”."),
    )
    speaker = RosterChooserBlock(
        EXPERT_MODEL,
        required=False,
        label=_("Speaker from the roster"),
        help_text=_(
            "Optional. Ties the quote to a person in the expert roster; their name and role "
            "are used unless you type them above."
        ),
    )
    source_url = SafeURLBlock(
        required=False,
        label=_("Source URL"),
        help_text=_("Where the statement was published, if online. Used as the quote's citation."),
    )
    language = TextChoiceBlock(
        choices=language_choices,
        required=False,
        label=_("Language"),
        help_text=LANGUAGE_HELP_TEXT,
    )
    alignment = TextChoiceBlock(
        choices=ALIGNMENT_CHOICES,
        default="inline",
        label=_("Alignment"),
        help_text=_(
            "On narrow screens every pull quote is shown full width. In right-to-left "
            "languages left and right swap sides, as the text does."
        ),
    )
    presentation = TextChoiceBlock(
        choices=PRESENTATION_CHOICES,
        default="auto",
        label=_("Repeats the story?"),
        help_text=_(
            "Screen readers announce a quote that repeats the story as a pull quote, so that "
            "listeners can skip words they have just heard. Automatic compares the quote with "
            "the story's paragraphs and expert boxes, ignoring quotation marks, punctuation "
            "and case; “…” stands for left-out words."
        ),
    )

    searchable_fields = ("quote", "attribution", "role")
    # The quote's first words, so that the speaker after it stays in view.
    label_lengths = {"quote": 48}
    length_limits = {"quote": PULL_QUOTE}

    render_cache = render_cache.STORY

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        help_text = _("A statement from the story, set apart and attributed to its speaker.")
        template = "wagtail_newsblocks/blocks/pull_quote.html"
        value_class = PullQuoteValue
        label_format = "{quote} – {attribution}{speaker}"
        form_layout = blocks.BlockGroup(
            children=["quote", "attribution", "role", "speaker"],
            settings=["source_url", "language", "alignment", "presentation"],
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(previews.pull_quote)
        description = _(
            "A quotation set apart from the text, with the speaker's name and role. "
            "Quotation marks follow the story's language."
        )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if errors := self.length_errors(value):
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        quote = value.rendering(parent_context)
        context["speaker"] = value.person_for(parent_context)
        context["repeats_story_text"] = value.repeats_story_text_for(parent_context)
        context["source_url"] = value.safe_source_url
        context["alignment"] = value.alignment
        context["share_url"] = share_url_in_context(parent_context or {})
        if context["share_url"]:
            # The words the share link names the quote by, as ``truncatewords``
            # writes them: the filter, run in the template, was its costliest step.
            quote["inner_excerpt"] = Truncator(quote["inner"]).words(
                SHARE_LINK_WORDS, truncate=" …"
            )
        context["quote"] = quote
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        rendering = value.rendering(context)
        speaker = value.person_for(context)
        return {
            "quote": rendering["text"],
            "quote_with_marks": rendering["with_marks"],
            # The parts of quote_with_marks, for clients that set the marks apart.
            "open_mark": rendering["open_mark"],
            "quote_inner": rendering["inner"],
            "close_mark": rendering["close_mark"],
            "language": value.get("language") or None,
            "effective_language": rendering["language"],
            "attribution": speaker.name if speaker else "",
            "role": speaker.role_and_organization if speaker else "",
            "speaker": person_as_dict(speaker, context),
            "source_url": value.safe_source_url or None,
            "alignment": value.alignment,
            "presentation": value.presentation,
            "repeats_story_text": value.repeats_story_text_for(context),
        }
