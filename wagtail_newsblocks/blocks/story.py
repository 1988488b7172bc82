"""``NewsStoryBlock``: the StreamBlock a site uses as its story body."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import RichText

from .. import render_cache
from ..absolute_urls import context_base_url
from ..outline import Outline, clean_anchor
from ..quote_cards.links import quote_links
from ..repetition import StoryText, rich_text_passages
from .base import PREVIEW_TEMPLATE, StoryAwareStructValue, story_language
from .choosers import checked_choices
from .comment_policy import CommentPolicyBlock
from .default_markup import TEMPLATE_ORIGINS_KEY
from .expert_opinion import ExpertOpinionBlock
from .image import StoryImageBlock
from .paragraph import ParagraphBlock
from .pull_quote import PullQuoteBlock, PullQuoteValue
from .stored import CHECKED_KEY, FOUND_IN_STORY_KEY, sanitize_stored_value
from .subhead import SubheadBlock, SubheadValue
from .table_of_contents import TableOfContentsBlock

__all__ = ["NewsStoryBlock", "NewsStoryValue", "StoryValidationError"]

logger = logging.getLogger("wagtail_newsblocks")

# The page title is the h1; the first subhead is one level below it.
TITLE_LEVEL = 1


class NewsStoryValue(StreamValue):
    """A story body that knows its own outline and its own running text.

    The outline (anchors and levels of the subheads and of other blocks with
    a heading, such as expert boxes) and the story's normalised text (which
    pull quotes look themselves up in) are worked out once per value and
    dropped whenever children are added, replaced or removed.
    """

    _outline: Outline | None = None
    _running_text: StoryText | None = None
    # Set by NewsStoryBlock.clean(): already validated, no need to again on saving.
    validated = False
    # Whether children are as loaded: no child added, replaced or removed since.
    # Facts stored about the whole story (FOUND_IN_STORY_KEY) hold only then.
    as_stored = True
    # Stored items of types the block does not know, with their positions.
    unknown_items: list = []

    @property
    def outline(self) -> Outline:
        if self._outline is None:
            self._outline = Outline.from_headings(
                (child.value, *entry, child.id) for child, entry in self.outline_entries()
            )
        return self._outline

    @property
    def running_text(self) -> StoryText:
        """The words readers meet in the story's paragraphs and expert boxes."""
        if self._running_text is None:
            self._running_text = StoryText(self.passages())
        return self._running_text

    def passages(self) -> Iterator[str]:
        """The story's running text, one string per paragraph or list item."""
        for child in self:
            value = child.value
            if isinstance(value, RichText):
                yield from rich_text_passages(value.source)
            elif isinstance(value, StoryAwareStructValue):
                yield from value.story_passages()

    def _changed(self) -> None:
        self._outline = None
        self._running_text = None
        self.validated = False
        self.as_stored = False

    def outline_entries(self) -> Iterator[tuple[StreamValue.StreamChild, tuple[str, int, str]]]:
        """``(child, (text, level, editor_anchor))`` for every block that heads a section."""
        for child in self:
            if isinstance(child.value, StoryAwareStructValue):
                entry = child.value.outline_entry()
                if entry is not None:
                    yield child, entry

    def __getitem__(self, i):
        item = super().__getitem__(i)
        if isinstance(i, slice):
            children = zip(range(*i.indices(len(self))), item, strict=True)
        else:
            children = ((i, item),)
        for index, child in children:
            if isinstance(child.value, StoryAwareStructValue):
                child.value.story = self
                child.value.stored_item = self._raw_data[index]
        return item

    def stored_fact(self, child_value: StoryAwareStructValue, key: str) -> Any:
        """What the stored item of ``child_value`` says under ``key``, if it still holds."""
        stored = getattr(child_value, "stored_item", None)
        if not self.as_stored or not isinstance(stored, dict) or not stored.get(CHECKED_KEY):
            return None
        return stored.get(key)

    def __setitem__(self, i, item):
        super().__setitem__(i, item)
        # Wagtail keeps the replaced item's stored form; it no longer applies.
        self._raw_data[i] = None
        self._changed()

    def __delitem__(self, i):
        super().__delitem__(i)
        self._changed()

    def insert(self, i: int, item: Any) -> None:
        super().insert(i, item)
        self._changed()


class StoryValidationError(StreamBlockValidationError):
    """Content written through Python or JSON that does not fit the story's blocks.

    ``messages`` reads like an editor's error list ("Block 3 (Pull quote),
    “Source URL”: …"); ``block_errors`` keeps Wagtail's structure for code.
    """

    def __init__(self, lines: list[str], block_errors=None, non_block_errors=None):
        super().__init__(block_errors=block_errors, non_block_errors=non_block_errors)
        self.error_list = [ValidationError(line) for line in lines]
        self.message = "\n".join(lines)

    def __str__(self) -> str:
        return self.message


def _error_lines(block, error, prefix: str, position: str) -> list[str]:
    def line(message: str) -> str:
        # Story-level messages name the block themselves ("Block 3 (Subhead …").
        return message if message.startswith(position) else f"{prefix}: {message}"

    if isinstance(error, StructBlockValidationError):
        lines = [line(m) for e in error.non_block_errors.as_data() for m in e.messages]
        for name, child_error in error.block_errors.items():
            child = block.child_blocks.get(name) if hasattr(block, "child_blocks") else None
            label = child.label if child is not None else name
            lines += _error_lines(child, child_error, f"{prefix}, “{label}”", position)
        return lines
    return [line(message) for message in ValidationError(error).messages]


def _ensure_ids(value: StreamValue) -> None:
    # Wagtail gives children ids as it serialises them; do it before validating,
    # so the validated copy and the caller's value keep the same ids (Wagtail's
    # comments and our anchors refer to them).
    for index, child in enumerate(value._bound_blocks):
        if child is not None:
            if not child.id:
                child.id = str(uuid.uuid4())
        elif not value._raw_data[index].get("id"):
            value._raw_data[index]["id"] = str(uuid.uuid4())


def _as_story_value(value: Any) -> Any:
    # StreamBlock builds plain StreamValues in half a dozen places; re-classing
    # the result is the one hook that covers them all without copying Wagtail.
    if isinstance(value, StreamValue) and not isinstance(value, NewsStoryValue):
        value.__class__ = NewsStoryValue
    return value


class NewsStoryBlock(blocks.StreamBlock):
    """The body of a news story.

    The child names are public API (stored in every story's JSON) and never
    change: ``paragraph``, ``image``, ``pull_quote``, ``subhead``,
    ``table_of_contents``, ``expert_opinion`` and ``comment_policy``.
    """

    paragraph = ParagraphBlock()
    image = StoryImageBlock()
    pull_quote = PullQuoteBlock()
    subhead = SubheadBlock()
    table_of_contents = TableOfContentsBlock()
    expert_opinion = ExpertOpinionBlock()
    comment_policy = CommentPolicyBlock()

    class Meta:
        icon = "doc-full"
        label = _("Story")
        help_text = _("The story's body: paragraphs, images, subheads, pull quotes and more.")
        template = "wagtail_newsblocks/blocks/news_story.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A whole story body built from newsroom blocks.")
        # One footer per story: two could disagree about the discussion.
        block_counts = {"comment_policy": {"max_num": 1}}

    # -- value construction: every path returns a NewsStoryValue --------------

    def empty_value(self, raw_text: Any = None) -> Any:
        return _as_story_value(super().empty_value(raw_text=raw_text))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, StreamValue):
            return _as_story_value(value)
        if isinstance(value, str) and value:
            try:
                value = json.loads(value)
            except ValueError:
                return _as_story_value(super().to_python(value))
        unknown = []
        if isinstance(value, list) and value and isinstance(value[0], dict):
            # Wagtail drops items of unknown types; keep them aside so that
            # saving the story writes them back (and new content with an
            # unknown type gets a clear error instead of vanishing).
            known = []
            for item in value:
                if isinstance(item, dict) and item.get("type") in self.child_blocks:
                    known.append(item)
                else:
                    unknown.append((len(known), item))
            value = known
        story = _as_story_value(super().to_python(value))
        story.unknown_items = unknown
        if unknown:
            logger.warning(
                "Story content has %d item(s) of unknown type (%s); they are kept but not shown.",
                len(unknown),
                ", ".join(
                    repr(item.get("type")) if isinstance(item, dict) else repr(item)
                    for _, item in unknown
                ),
            )
        return story

    def bulk_to_python(self, values: list) -> list:
        return [_as_story_value(value) for value in super().bulk_to_python(values)]

    def value_from_datadict(self, data: Any, files: Any, prefix: str) -> Any:
        return _as_story_value(super().value_from_datadict(data, files, prefix))

    def get_default(self) -> Any:
        return _as_story_value(super().get_default())

    # -- validation ------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        with checked_choices(value):
            value = _as_story_value(super().clean(value))
        value.validated = True
        errors: dict[int, ValidationError] = {}
        self._check_anchors(value, errors)
        if not self.is_deferred_validation:
            # Drafts may be half-built; the outline must be right when published,
            # and a pull quote may be saved before the paragraph it repeats.
            self._check_heading_levels(value, errors)
            self._check_repeated_pull_quotes(value, errors)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value

    def _check_heading_levels(self, value: NewsStoryValue, errors: dict) -> None:
        previous = TITLE_LEVEL
        positions = {id(child): index for index, child in enumerate(value)}
        for child, (text, level, _anchor) in value.outline_entries():
            index = positions[id(child)]
            if level > previous + 1 and index not in errors:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "level": ValidationError(
                            _(
                                "Block %(position)d (%(block)s “%(text)s”) is an h%(level)d "
                                "straight after an h%(previous)d. Choose h%(expected)d, or add "
                                "an h%(expected)d subhead before it, so that screen-reader users "
                                "can follow the outline."
                            )
                            % {
                                "position": index + 1,
                                "block": child.block.label,
                                "text": text,
                                "level": level,
                                "previous": previous,
                                "expected": previous + 1,
                            },
                            code="skipped_heading_level",
                        )
                    }
                )
            previous = level

    def _check_repeated_pull_quotes(self, value: NewsStoryValue, errors: dict) -> None:
        # An editor's "repeats" sends screen-reader users past the quote as
        # something they have heard; that must be true.
        for index, child in enumerate(value):
            quote = child.value
            if (
                index in errors
                or not isinstance(quote, PullQuoteValue)
                or quote.presentation != "repeats"
                or quote.found_in_story
            ):
                continue
            errors[index] = StructBlockValidationError(
                block_errors={
                    "presentation": ValidationError(
                        _(
                            "Block %(position)d (%(block)s): “%(quote)s” is marked as repeating "
                            "the story, but the story's paragraphs and expert boxes do not have "
                            "these words. Correct the quote so that it matches the story word "
                            "for word (“…” may stand for left-out words), or choose “Automatic” "
                            "or “Quotation: appears only here”."
                        )
                        % {
                            "position": index + 1,
                            "block": child.block.label,
                            "quote": Truncator(quote.text).chars(60),
                        },
                        code="pull_quote_not_in_story",
                    )
                }
            )

    def _check_anchors(self, value: NewsStoryValue, errors: dict) -> None:
        seen: dict[str, int] = {}
        for index, child in enumerate(value):
            if not isinstance(child.value, SubheadValue):
                continue
            anchor = clean_anchor(child.value.get("anchor") or "")
            if not anchor:
                continue
            if anchor in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            _(
                                "Block %(position)d (subhead): the anchor “%(anchor)s” is "
                                "already used by block %(other)d. Anchors must be unique "
                                "within the story."
                            )
                            % {"position": index + 1, "anchor": anchor, "other": seen[anchor] + 1},
                            code="duplicate_anchor",
                        )
                    }
                )
            else:
                seen[anchor] = index

    # -- output ----------------------------------------------------------------

    # -- writing: every save goes through here ----------------------------------

    def get_prep_value(self, value: Any) -> Any:
        """The story as stored, validated and sanitised on every road into the database.

        Wagtail calls this for page saves, revisions and serialisation alike,
        which makes it the one place that sees content from the admin, Python
        code, raw JSON, data migrations and importers. Content the admin has
        already validated (``clean()``) or that this method wrote before is not
        validated again; everything else is, and a ``StoryValidationError``
        stops the save before anything is written. Rich text is cleaned and
        unsafe URLs are blanked in every case.
        """
        if not value and not getattr(value, "unknown_items", None):
            return []
        value = _as_story_value(value)
        _ensure_ids(value)
        if not value.validated and not self._all_checked(value):
            value = self._validate_for_writing(value)
        prep = []
        for index, child in enumerate(value._bound_blocks):
            if child is None:
                raw = value._raw_data[index]
                block = self.child_blocks[raw["type"]]
                item = {**raw, "value": sanitize_stored_value(block, raw["value"])}
            else:
                item = child.get_prep_value()
            item[CHECKED_KEY] = True
            prep.append(item)
        self._note_found_in_story(value, prep)
        for position, item in reversed(getattr(value, "unknown_items", None) or []):
            prep.insert(min(position, len(prep)), item)
        return prep

    def _note_found_in_story(self, value: NewsStoryValue, prep: list[dict]) -> None:
        """Store on each pull quote whether the story has its words (FOUND_IN_STORY_KEY).

        Kept from the stored items when the story is written back as it was
        loaded; worked out from the story otherwise. Comparing each item with
        its stored form also catches children edited in place, which the
        stream value does not see.
        """
        quotes = [
            index
            for index, item in enumerate(prep)
            if isinstance(self.child_blocks.get(item.get("type")), PullQuoteBlock)
        ]
        if not quotes:
            return
        stored = value._raw_data
        unchanged = value.as_stored and all(
            isinstance(raw, dict) and raw.get("value") == item["value"]
            for raw, item in zip(stored, prep, strict=True)
        )
        if unchanged and all(
            stored[i].get(CHECKED_KEY) and isinstance(stored[i].get(FOUND_IN_STORY_KEY), bool)
            for i in quotes
        ):
            for index in quotes:
                prep[index][FOUND_IN_STORY_KEY] = stored[index][FOUND_IN_STORY_KEY]
            return
        text = value.running_text
        for index in quotes:
            prep[index][FOUND_IN_STORY_KEY] = text.contains(value[index].value.text)

    @staticmethod
    def _all_checked(value: NewsStoryValue) -> bool:
        if getattr(value, "unknown_items", None) and not all(
            isinstance(item, dict) and item.get(CHECKED_KEY) for _, item in value.unknown_items
        ):
            return False
        return all(raw is not None and raw.get(CHECKED_KEY) for raw in value._raw_data)

    def _validate_for_writing(self, value: NewsStoryValue) -> NewsStoryValue:
        errors: dict[int, ValidationError] = {}
        lines: list[str] = []
        for position, item in getattr(value, "unknown_items", None) or []:
            if isinstance(item, dict) and item.get(CHECKED_KEY):
                continue
            kind = item.get("type") if isinstance(item, dict) else type(item).__name__
            lines.append(
                _("Block %(position)d: unknown block type “%(type)s”. Known types: %(known)s.")
                % {"position": position + 1, "type": kind, "known": ", ".join(self.child_blocks)}
            )
        try:
            # Draft rules: code may save a half-built story, as editors may.
            # Publish-only checks (required values, heading levels, repeated
            # quotes) are the admin's; everything that makes data wrong
            # rather than unfinished is checked here.
            cleaned = self.clean_deferred(value)
        except StreamBlockValidationError as error:
            errors = error.block_errors
            for index, child_error in sorted(error.block_errors.items()):
                child = value[index]
                position = _("Block %(position)d") % {"position": index + 1}
                lines += _error_lines(
                    child.block,
                    child_error,
                    _("%(position)s (%(block)s)")
                    % {"position": position, "block": child.block.label},
                    f"{position} ",
                )
            lines += [str(m) for e in error.non_block_errors.as_data() for m in e.messages]
            cleaned = None
        if lines:
            raise StoryValidationError(lines, block_errors=errors)
        cleaned.unknown_items = getattr(value, "unknown_items", None)
        return cleaned

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        value = _as_story_value(value)
        representation = super().get_api_representation(value, context=context)
        page = (context or {}).get("page")
        if page is None:
            return representation
        # Only the stream knows the block ids that a quote's share page hangs from.
        base = context_base_url(context)
        for child, item in zip(value, representation, strict=True):
            if child.block_type == "pull_quote":
                item["value"].update(quote_links(page, child.id, base, context.get("request")))
        return representation

    def render(self, value: Any, context: dict | None = None) -> str:
        value = _as_story_value(value)
        context = {**(context or {}), TEMPLATE_ORIGINS_KEY: {}}
        # Once for the whole story rather than once per block that has words.
        with story_language(context):
            if render_cache.is_enabled() and getattr(self.meta, "template", None):
                return render_cache.render_story(self, value, context)
            return super().render(value, context=context)

    def get_preview_value(self) -> Any:
        return self.to_python(
            [
                {"type": "subhead", "value": SubheadBlock._meta_class.preview_value},
                {"type": "paragraph", "value": ParagraphBlock._meta_class.preview_value},
                {"type": "pull_quote", "value": PullQuoteBlock._meta_class.preview_value},
            ]
        )
