"""``NewsStoryBlock``: the StreamBlock a site uses as its story body."""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections import OrderedDict
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import (
    StreamBlockAdapter,
    StreamBlockValidationError,
    StreamValue,
)
from wagtail.blocks.struct_block import StructBlockValidationError

from .. import render_cache
from .._compat import stream_items
from ..absolute_urls import context_base_url
from ..outline import clean_anchor
from ..share_links import quote_links
from . import kept_data
from .base import (
    PREVIEW_TEMPLATE,
    register_telepath_adapter,
    story_language,
)
from .choosers import checked_choices
from .comment_policy import CommentPolicyBlock
from .expert_opinion import ExpertOpinionBlock
from .image import StoryImageBlock
from .paragraph import ParagraphBlock
from .pull_quote import PullQuoteBlock, PullQuoteValue
from .stored import describe_kept_item, read_stored_items, sanitize_stored_value
from .story_facts import STORY_FACTS, StoryFacts, story_context
from .subhead import SubheadBlock, SubheadValue
from .table_of_contents import TableOfContentsBlock

__all__ = ["NewsStoryBlock", "NewsStoryValue", "StoryValidationError"]

logger = logging.getLogger("wagtail_newsblocks")

# The page title is the h1; the first subhead is one level below it.
TITLE_LEVEL = 1


# A story's value is Wagtail's own StreamValue: what depends on the story
# (outline, running text) is worked out by StoryFacts and handed to the
# blocks in their context. The name stays for code that imports it.
NewsStoryValue = StreamValue

# How long a story's validation is remembered (by content): the admin's
# clean(), the revision and the page's pre_save check of one save validate
# once, while content saved again later is checked against the database as
# it is then (an expert deleted since).
VALIDATION_MEMORY_SECONDS = 30.0


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
    for raw, child in stream_items(value):
        if child is not None:
            if not child.id:
                child.id = str(uuid.uuid4())
        elif not raw.get("id"):
            raw["id"] = str(uuid.uuid4())


def _placed(value: StreamValue, kept: list) -> list[tuple[int, Any]]:
    """``(position, item)`` for kept items, each after the nearest block it followed that is left."""
    positions = {child.id: index + 1 for index, child in enumerate(value)}
    placed = []
    for entry in kept:
        if not isinstance(entry, dict) or "item" not in entry:
            continue
        after = entry.get("after") if isinstance(entry.get("after"), list) else []
        position = next((positions[i] for i in reversed(after) if i in positions), 0)
        placed.append((position, entry["item"]))
    return sorted(placed, key=lambda pair: pair[0])


def _unknown_items(value: StreamValue) -> list[tuple[int, Any]]:
    """``(position, item)`` of the stored items the story's blocks cannot read.

    Read from the stored JSON with the rest of the story (``to_python``) or
    carried by the admin form, and written back on saving: data, like the
    story's blocks, never an answer worked out from them.
    """
    return getattr(value, "unknown_items", None) or []


def _is_pair(item: Any) -> bool:
    # Python code may give a story as (block name, value) pairs, as Wagtail allows.
    return isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str)


def _merged_block_errors(
    own: dict[int, ValidationError], story: dict[int, ValidationError]
) -> dict[int, ValidationError]:
    """The blocks' own errors with the story's; one block may have both, on different fields."""
    merged = dict(story)
    for index, error in own.items():
        extra = merged.get(index)
        if isinstance(error, StructBlockValidationError) and isinstance(
            extra, StructBlockValidationError
        ):
            error = StructBlockValidationError(
                block_errors={**extra.block_errors, **error.block_errors},
                non_block_errors=error.non_block_errors,
            )
        merged[index] = error
    return merged


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

    # -- value construction ----------------------------------------------------

    def to_python(self, value: Any) -> Any:
        if isinstance(value, StreamValue):
            return value
        if isinstance(value, str) and value:
            try:
                value = json.loads(value)
            except ValueError:
                return super().to_python(value)
        unknown: list = []
        if isinstance(value, list) and not all(_is_pair(item) for item in value):
            # The stored (JSON) form. Wagtail drops items of unknown types and
            # fails on items that are not blocks at all; keep both aside, so
            # that the story renders what is sound and saving writes
            # everything back (or says why it cannot).
            value, unknown = read_stored_items(self.child_blocks, value)
        story = super().to_python(value)
        # Read from the stored JSON with the rest of it: what saving writes back.
        story.unknown_items = unknown
        return story

    def value_from_datadict(self, data: Any, files: Any, prefix: str) -> Any:
        value = super().value_from_datadict(data, files, prefix)
        kept = kept_data.from_form_data(data, prefix)
        if isinstance(kept, list):
            placed = _placed(value, kept)
            if kept_data.discard_requested(data, prefix):
                known = list(self.child_blocks)
                placed = [pair for pair in placed if describe_kept_item(pair[1], known)[1]]
            value.unknown_items = placed
        return value

    # -- the admin form: stored items it cannot show survive a save ------------

    def get_form_state(self, value: Any) -> Any:
        state = super().get_form_state(value)
        unknown = _unknown_items(value)
        if unknown:
            # Each kept item goes back after the block it followed, wherever
            # the editor moves that block (after the one before, if that is
            # deleted); a pseudo-child that the package's admin script takes
            # out before Wagtail sees the state.
            children = list(value)
            kept = [
                {"after": [child.id for child in children[:position]], "item": item}
                for position, item in unknown
            ]
            described = self._kept_items(value)
            notice = _(
                "This story holds stored content that cannot be edited here. It is kept "
                "as it is when you save: %(notes)s"
            ) % {"notes": " ".join(line for line, _keepable in described)}
            unsaveable = not all(keepable for _line, keepable in described)
            discard = (
                _("Remove the stored content that is no block when saving") if unsaveable else ""
            )
            state.append(
                {
                    "type": kept_data.FORM_STATE_KEY,
                    "value": kept_data.form_state(kept, notice, discard),
                    "id": None,
                }
            )
        return state

    # -- validation ------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        unknown_items = _unknown_items(value)
        failed: StreamBlockValidationError | None = None
        with checked_choices(value):
            try:
                value = super().clean(value)
            except StreamBlockValidationError as error:
                # The story's own rules still run, on the blocks as entered:
                # one publish shows every problem, not one kind per attempt.
                failed = error
        value.unknown_items = unknown_items
        errors: dict[int, ValidationError] = {}
        facts = StoryFacts(value)
        self._check_anchors(value, errors)
        if not self.is_deferred_validation:
            # Drafts may be half-built; the outline must be right when published,
            # and a pull quote may be saved before the paragraph it repeats.
            self._check_heading_levels(value, facts, errors)
            self._check_repeated_pull_quotes(value, facts, errors)
        non_block_errors = ErrorList(
            [ValidationError(line) for line, keepable in self._kept_items(value) if not keepable]
        )
        if failed is not None:
            errors = _merged_block_errors(failed.block_errors, errors)
            non_block_errors = ErrorList([*failed.non_block_errors.as_data(), *non_block_errors])
        if errors or non_block_errors:
            raise StreamBlockValidationError(block_errors=errors, non_block_errors=non_block_errors)
        self._remember_validated(value, "draft" if self.is_deferred_validation else "publish")
        return value

    def _check_heading_levels(self, value: StreamValue, facts: StoryFacts, errors: dict) -> None:
        previous = TITLE_LEVEL
        positions = {id(child): index for index, child in enumerate(value)}
        for child, (text, level, _anchor) in facts.headings():
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

    def _check_repeated_pull_quotes(
        self, value: StreamValue, facts: StoryFacts, errors: dict
    ) -> None:
        # An editor's "repeats" sends screen-reader users past the quote as
        # something they have heard; that must be true.
        context = {STORY_FACTS: facts}
        for index, child in enumerate(value):
            quote = child.value
            if (
                index in errors
                or not isinstance(quote, PullQuoteValue)
                or quote.presentation != "repeats"
                or quote.found_in_story_for(context)
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

    def _check_anchors(self, value: StreamValue, errors: dict) -> None:
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

    # -- writing: every save goes through here ----------------------------------

    def get_prep_value(self, value: Any) -> Any:
        """The story as stored: Wagtail's ``type``, ``value`` and ``id`` per item, sanitised.

        Serialises only: Wagtail calls this for saves and revisions, but also
        to compare a form's initial and submitted values and for ``dumpdata``,
        so it never validates (what is stored may break rules made since).
        Validation is ``clean()``'s, and for saves from code the package's
        ``pre_save`` handlers' (:meth:`validate_for_saving`). Rich text is
        cleaned and unsafe URLs are blanked in every case; items the blocks
        cannot read are written back where they were.
        """
        if not value and not _unknown_items(value):
            return []
        _ensure_ids(value)
        prep = []
        for raw, child in stream_items(value):
            if child is None:
                block = self.child_blocks[raw["type"]]
                item = {
                    "type": raw["type"],
                    "value": sanitize_stored_value(block, raw["value"]),
                    "id": raw.get("id"),
                }
            else:
                item = child.get_prep_value()
            prep.append(item)
        for position, item in reversed(_unknown_items(value)):
            prep.insert(min(position, len(prep)), item)
        return prep

    def validate_for_saving(self, value: Any, *, publishing: bool) -> Any:
        """``value`` validated for a save from code: every publish rule when ``publishing``.

        The admin validates in ``clean()`` as Wagtail does. Code that saves a
        page has no form; a page saved as live must still pass what an editor's
        publish would (the package's ``pre_save`` handler calls this), while a
        draft may be unfinished (Wagtail's deferred validation). Returns the
        cleaned value, which is what should be saved.
        """
        self._log_kept_items_on_saving(value)
        if self._was_validated(value, publishing=publishing):
            return value
        return self._validate_for_writing(value, publishing=publishing)

    # Validations of this process, by content (see VALIDATION_MEMORY_SECONDS):
    # a digest of the stored form, never anything the content itself says.
    @cached_property
    def _validated(self) -> OrderedDict[str, tuple[str, float]]:
        return OrderedDict()

    def _digest(self, value: StreamValue) -> str:
        prep = self.get_prep_value(value)
        text = json.dumps(prep, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _remember_validated(self, value: StreamValue, level: str) -> None:
        memory = self._validated
        digest = self._digest(value)
        if memory.get(digest, ("",))[0] == "publish":
            level = "publish"
        memory[digest] = (level, time.monotonic())
        memory.move_to_end(digest)
        while len(memory) > 64:
            memory.popitem(last=False)

    def _was_validated(self, value: StreamValue, *, publishing: bool) -> bool:
        try:
            digest = self._digest(value)
        except (AttributeError, TypeError, ValueError):
            # Content from code that only cleaning puts in shape (an expert
            # given by id, say): not what was validated, whatever it is.
            return False
        remembered = self._validated.get(digest)
        if remembered is None:
            return False
        level, when = remembered
        if time.monotonic() - when > VALIDATION_MEMORY_SECONDS:
            return False
        return level == "publish" or not publishing

    def validate_stored_for_saving(self, prep: Any, *, publishing: bool) -> None:
        """Validate a story in its stored form (e.g. a revision's content) before it is written.

        For content whose Python value is not at hand. Read back, unsafe URLs
        are already blank, so they pass here; everything else is checked.
        """
        if isinstance(prep, str):
            try:
                prep = json.loads(prep) if prep else []
            except ValueError:
                return
        if isinstance(prep, list):
            value = self.to_python(prep)
            self._log_kept_items_on_saving(value)
            self._validate_for_writing(value, publishing=publishing)

    def _kept_items(self, value: StreamValue) -> list[tuple[str, bool]]:
        """``("Block N: what it is.", whether it can be kept)`` per stored item the blocks cannot read.

        In the active language; numbered by position in the stored story.
        """
        known = list(self.child_blocks)
        described = []
        for number, (position, item) in enumerate(_unknown_items(value)):
            problem, keepable = describe_kept_item(item, known)
            line = _("Block %(position)d: %(problem)s.") % {
                "position": position + number + 1,
                "problem": problem,
            }
            described.append((line, keepable))
        return described

    def _validate_for_writing(self, value: StreamValue, *, publishing: bool = False) -> StreamValue:
        errors: dict[int, ValidationError] = {}
        lines = [line for line, keepable in self._kept_items(value) if not keepable]
        try:
            # Draft rules unless publishing: code may save a half-built story
            # as a draft, as editors may; everything that makes data wrong
            # rather than unfinished is checked either way.
            cleaned = self.clean(value) if publishing else self.clean_deferred(value)
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
            lines += [
                str(m)
                for e in error.non_block_errors.as_data()
                for m in e.messages
                if str(m) not in lines
            ]
            cleaned = None
        if lines:
            raise StoryValidationError(lines, block_errors=errors)
        cleaned.unknown_items = _unknown_items(value)
        return cleaned

    def _log_kept_items_on_saving(self, value: StreamValue) -> None:
        # Log lines are for the site's developers: in English, whatever
        # language the request left active.
        with translation.override("en"):
            notes = [line for line, keepable in self._kept_items(value) if keepable]
        if notes:
            logger.warning("Saving a story: %s", " ".join(notes))

    def _log_kept_items(self, value: StreamValue, context: dict | None) -> None:
        if not _unknown_items(value):
            return
        page = (context or {}).get("page")
        # Log lines are for the site's developers: in English.
        with translation.override("en"):
            described = self._kept_items(value)
        for line, _keepable in described:
            logger.warning(
                "Story of page %s (%r): %s It is not shown.",
                getattr(page, "pk", "?"),
                str(getattr(page, "title", "")),
                line,
            )

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        self._log_kept_items(value, context)
        # The blocks are represented with the story's facts, as they render.
        context = story_context(value, context)
        # Once for the whole story, as render() does: the blocks' own words
        # are the story's language's in the API as on the page.
        with story_language(context):
            representation = super().get_api_representation(value, context=context)
        page = context.get("page")
        if page is None:
            return representation
        # Only the stream knows the block ids that a quote's share page hangs from.
        base = context_base_url(context)
        for child, item in zip(value, representation, strict=True):
            if child.block_type == "pull_quote":
                item["value"].update(quote_links(page, child.id, base, context.get("request")))
        return representation

    def render(self, value: Any, context: dict | None = None) -> str:
        """The story's template, writing :class:`~wagtail_newsblocks.render_cache.StoryChildren`.

        Each child renders with the story's facts in its context (anchors,
        outline, repetition: worked out once per story) and its ``block_id``;
        with the render cache on, children found there are not rendered (nor
        converted) at all.
        """
        self._log_kept_items(value, context)
        context = story_context(value, context)
        # Once for the whole story rather than once per block that has words.
        with story_language(context):
            children = render_cache.StoryChildren(self, value, context)
            html = super().render(value, context={**context, "children": children})
        children.keep()
        return html

    def get_preview_value(self) -> Any:
        # Each child's own preview, made in the admin's language when asked for.
        return blocks.StreamValue(
            self,
            [
                (name, self.child_blocks[name].get_preview_value())
                for name in ("subhead", "paragraph", "pull_quote")
            ],
        )


class NewsStoryBlockAdapter(StreamBlockAdapter):
    """Wagtail's StreamBlock form, carrying the stored items it cannot show (``kept_data``)."""

    js_constructor = "wagtail_newsblocks.blocks.NewsStoryBlock"

    @cached_property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=["wagtail_newsblocks/js/kept-data.js"])


register_telepath_adapter(NewsStoryBlockAdapter(), NewsStoryBlock)
