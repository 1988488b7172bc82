"""The pull quote: a statement worth repeating, with its speaker."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import truncatewords
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .. import render_cache
from ..conf import newsblocks_settings
from ..languages import (
    LANGUAGE_HELP_TEXT,
    direction_attribute,
    effective_language,
    language_choices,
    page_language,
    same_language,
)
from ..quotation_marks import quotation_parts, strip_quotation_marks
from ..quote_cards.links import share_url_in_context
from ..sanitize import safe_url
from ..widgets import CharacterCountTextarea
from .base import (
    PREVIEW_TEMPLATE,
    NewsblocksStructBlock,
    StoryAwareStructValue,
    StoryLanguageMixin,
)
from .choice import TextChoiceBlock
from .default_markup import DefaultMarkupMixin, escape, language_attributes
from .roster import EXPERT_MODEL, Person, RosterPersonMixin, RosterValueMixin, person_as_dict
from .url import SafeURLBlock

__all__ = ["PRESENTATION_CHOICES", "PullQuoteBlock", "PullQuoteValue"]

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


def pull_quote_max_length() -> int:
    return newsblocks_settings.PULL_QUOTE_MAX_LENGTH


class PullQuoteValue(RosterValueMixin, StoryAwareStructValue):
    """Template helpers: ``value.text``, ``value.person``, ``value.repeats_story_text``, …"""

    snapshot: dict | None = None  # set by RosterPersonMixin

    @property
    def text(self) -> str:
        """The quote as typed, without any quotation marks the editor added."""
        return strip_quotation_marks(self.get("quote") or "")

    @property
    def person(self) -> Person | None:
        """Who said it: the typed name and role win over the roster entry's.

        Typing lets editors give the role the speaker had when they said it;
        the roster entry still ties the quote to the same person in the API.
        """
        roster = self.roster_expert
        person = (
            Person.from_expert(roster)
            if roster is not None
            else Person.from_snapshot(self.snapshot)
        )
        name = self.get("attribution") or (person.name if person else "")
        if not name:
            return None
        role = self.get("role") or (person.role_and_organization if person else "")
        if person is None:
            return Person(name=name, role=role)
        return Person(
            name=name,
            role=role,
            profile_url=person.profile_url,
            portrait=person.portrait,
            expert_id=person.expert_id,
            source=person.source,
        )

    @property
    def presentation(self) -> str:
        """``"auto"``, ``"repeats"`` or ``"standalone"``; stored quotes from before the choice are ``"auto"``."""
        presentation = self.get("presentation")
        return presentation if presentation in PRESENTATIONS else "auto"

    @property
    def found_in_story(self) -> bool:
        """Whether the story around this quote has its words (see :mod:`wagtail_newsblocks.repetition`)."""
        story = self.story
        if story is None:
            return False
        # Worked out from the story as it is, never stored: a stored answer
        # goes stale as soon as the paragraph it found is edited.
        return story.running_text.contains(self.text)

    @property
    def repeats_story_text(self) -> bool:
        """Whether readers have met these words in the story: the editor's choice, else detected."""
        if self.presentation == "repeats":
            return True
        if self.presentation == "standalone":
            return False
        return self.found_in_story

    def effective_language(self, context: dict | None = None) -> str:
        return effective_language(self.get("language"), context)

    def rendering(self, context: dict | None = None) -> dict[str, Any]:
        """Everything the template and the API need, worked out once per render."""
        language = self.effective_language(context)
        open_mark, inner, close_mark = quotation_parts(self.get("quote") or "", language)
        return {
            "text": self.text,
            "inner": inner,
            "open_mark": open_mark,
            "close_mark": close_mark,
            "with_marks": f"{open_mark}{inner}{close_mark}",
            "language": language,
            # Only where it differs from the page: screen readers switch voice.
            "lang_attribute": "" if same_language(language, page_language(context)) else language,
            "dir_attribute": direction_attribute(language, page_language(context)),
        }


class PullQuoteBlock(
    StoryLanguageMixin, DefaultMarkupMixin, RosterPersonMixin, NewsblocksStructBlock
):
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
    speaker = SnippetChooserBlock(
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
        preview_value = {
            "quote": "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit gegen die hegemonialen Kräfte erhoben",
            "attribution": "Kim Jong Un",
            "role": "Machthaber Nordkoreas",
            "speaker": None,
            "source_url": "",
            "language": "de",
            "alignment": "inline",
            "presentation": "auto",
        }
        description = _(
            "A quotation set apart from the text, with the speaker's name and role. "
            "Quotation marks follow the story's language."
        )

    def __init__(self, local_blocks: Any = None, **kwargs: Any) -> None:
        super().__init__(local_blocks, **kwargs)
        quote = self.child_blocks["quote"]
        # Swapped after construction so that the widget never reaches migrations.
        quote.field.widget = CharacterCountTextarea(max_length=pull_quote_max_length)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        limit = pull_quote_max_length()
        length = len(value.text.strip())
        if length > limit:
            raise StructBlockValidationError(
                block_errors={
                    "quote": ValidationError(
                        ngettext(
                            "Pull quote: the quote has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d character.",
                            "Pull quote: the quote has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d characters.",
                            length - limit,
                        )
                        % {"length": length, "limit": limit, "over": length - limit},
                        code="max_length",
                    )
                }
            )
        return value

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["quote"] = value.rendering(parent_context)
        context["repeats_story_text"] = value.repeats_story_text
        context["share_url"] = share_url_in_context(parent_context or {})
        return context

    def default_markup(self, context: dict[str, Any]) -> str:
        """``blocks/pull_quote.html`` and its two includes, in Python (see default_markup.py)."""
        value, quote, share = context["value"], context["quote"], context["share_url"]
        source_url = safe_url(value.get("source_url"))
        speaker = value.person
        alignment = escape(value.get("alignment") or "inline")
        language = language_attributes(quote)
        text = (
            '<span class="newsblocks-pull-quote__mark newsblocks-pull-quote__mark--open">'
            f"{escape(quote['open_mark'])}</span>{escape(quote['inner'])}"
            '<span class="newsblocks-pull-quote__mark newsblocks-pull-quote__mark--close">'
            f"{escape(quote['close_mark'])}</span>"
        )
        attribution = ""
        if speaker or source_url or share:
            attribution = self._attribution_markup(speaker, source_url, share, quote, language)
        if context["repeats_story_text"]:
            if speaker:
                label = gettext("Quote repeated from the story: %(name)s") % {
                    "name": escape(speaker.name)
                }
            else:
                label = escape(gettext("Quote repeated from the story"))
            if speaker or source_url:
                attribution = (
                    f'\n    <p class="newsblocks-pull-quote__attribution">{attribution}</p>\n'
                )
            elif share:
                attribution = f'\n    <p class="newsblocks-pull-quote__actions">{attribution}</p>\n'
            return (
                '\n<aside class="newsblocks-pull-quote newsblocks-pull-quote--repeat '
                f'newsblocks-pull-quote--{alignment}" aria-label="{label}">\n'
                f'    <div class="newsblocks-pull-quote__quote"{language}>\n'
                f'        <p class="newsblocks-pull-quote__text">{text}</p>\n'
                f"    </div>\n    {attribution}\n</aside>\n"
            )
        if speaker or source_url:
            attribution = (
                '\n        <figcaption class="newsblocks-pull-quote__attribution">'
                f"{attribution}</figcaption>\n"
            )
        elif share:
            attribution = f'\n        <p class="newsblocks-pull-quote__actions">{attribution}</p>\n'
        cite = f' cite="{escape(source_url)}"' if source_url else ""
        return (
            f'\n<figure class="newsblocks-pull-quote newsblocks-pull-quote--{alignment}">\n'
            f'    <blockquote class="newsblocks-pull-quote__quote"{cite}{language}>\n'
            f'        <p class="newsblocks-pull-quote__text">{text}</p>\n'
            f"    </blockquote>\n    {attribution}\n</figure>\n"
        )

    @staticmethod
    def _attribution_markup(speaker, source_url: str, share: str, quote: dict, language) -> str:
        """``includes/pull_quote_attribution.html``."""
        parts = ["", "", ""]
        if speaker:
            parts[0] = f'<span class="newsblocks-pull-quote__speaker">{escape(speaker.name)}</span>'
            if speaker.role:
                parts[0] += (
                    '<span class="newsblocks-pull-quote__separator">, </span>'
                    f'<span class="newsblocks-pull-quote__role">{escape(speaker.role)}</span>'
                )
        if source_url:
            parts[1] = (
                f'<a class="newsblocks-pull-quote__source" href="{escape(source_url)}">'
                f"{escape(gettext('Source'))}</a>"
            )
        if share:
            context_words = truncatewords(quote["inner"], 6)
            parts[2] = (
                f'<a class="newsblocks-pull-quote__share" href="{escape(share)}">'
                f"{escape(gettext('Share quote'))}"
                f'<span class="newsblocks-pull-quote__share-context"{language}> '
                f"{escape(quote['open_mark'])}{escape(context_words)}{escape(quote['close_mark'])}"
                "</span></a>"
            )
        return "\n" + "\n".join(parts) + "\n"

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        self.localize_roster_entry(value, context)
        rendering = value.rendering(context)
        speaker = value.person
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
            "role": speaker.role if speaker else "",
            "speaker": person_as_dict(speaker, context),
            # Filtered as the page's cite and link are: stored JSON may predate the checks.
            "source_url": safe_url(value.get("source_url")) or None,
            "alignment": value.get("alignment") or "inline",
            "presentation": value.presentation,
            "repeats_story_text": value.repeats_story_text,
        }
