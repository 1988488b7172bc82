"""``NewsStoryBlock``: the StreamBlock a site uses as its story body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError

from ..outline import Outline, clean_anchor
from .base import PREVIEW_TEMPLATE, StoryAwareStructValue
from .comment_policy import CommentPolicyBlock
from .expert_opinion import ExpertOpinionBlock
from .image import StoryImageBlock
from .paragraph import ParagraphBlock
from .pull_quote import PullQuoteBlock
from .subhead import SubheadBlock, SubheadValue
from .table_of_contents import TableOfContentsBlock

__all__ = ["NewsStoryBlock", "NewsStoryValue"]

# The page title is the h1; the first subhead is one level below it.
TITLE_LEVEL = 1


class NewsStoryValue(StreamValue):
    """A story body that knows its own outline.

    The outline (anchors and levels of the subheads and of other blocks with
    a heading, such as expert boxes) is worked out once per
    value and dropped whenever children are added, replaced or removed.
    """

    _outline: Outline | None = None

    @property
    def outline(self) -> Outline:
        if self._outline is None:
            self._outline = Outline.from_headings(
                (child.value, *entry, child.id) for child, entry in self.outline_entries()
            )
        return self._outline

    def outline_entries(self):
        """``(child, (text, level, editor_anchor))`` for every block that heads a section."""
        for child in self:
            if isinstance(child.value, StoryAwareStructValue):
                entry = child.value.outline_entry()
                if entry is not None:
                    yield child, entry

    def __getitem__(self, i):
        item = super().__getitem__(i)
        for child in item if isinstance(i, slice) else (item,):
            if isinstance(child.value, StoryAwareStructValue):
                child.value.story = self
        return item

    def __setitem__(self, i, item):
        super().__setitem__(i, item)
        self._outline = None

    def __delitem__(self, i):
        super().__delitem__(i)
        self._outline = None

    def insert(self, i, item):
        super().insert(i, item)
        self._outline = None


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

    def empty_value(self, raw_text=None):
        return _as_story_value(super().empty_value(raw_text=raw_text))

    def to_python(self, value):
        return _as_story_value(super().to_python(value))

    def bulk_to_python(self, values):
        return [_as_story_value(value) for value in super().bulk_to_python(values)]

    def value_from_datadict(self, data, files, prefix):
        return _as_story_value(super().value_from_datadict(data, files, prefix))

    def get_default(self):
        return _as_story_value(super().get_default())

    # -- validation ------------------------------------------------------------

    def clean(self, value):
        value = _as_story_value(super().clean(value))
        errors: dict[int, ValidationError] = {}
        self._check_anchors(value, errors)
        if not self.is_deferred_validation:
            # Drafts may be half-built; the outline must be right when published.
            self._check_heading_levels(value, errors)
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

    def get_api_representation(self, value, context=None):
        return super().get_api_representation(_as_story_value(value), context=context)

    def render(self, value, context=None):
        return super().render(_as_story_value(value), context=context)

    def get_preview_value(self):
        return self.to_python(
            [
                {"type": "subhead", "value": SubheadBlock._meta_class.preview_value},
                {"type": "paragraph", "value": ParagraphBlock._meta_class.preview_value},
                {"type": "pull_quote", "value": PullQuoteBlock._meta_class.preview_value},
            ]
        )
