"""The public import path for every newsblocks block.

Import blocks from here, never from the modules below: this path is the one
that stays stable across releases, and the one users' migrations record.
"""

from ..languages import language_choices
from .comment_policy import CommentPolicyBlock, CommentPolicyValue
from .expert_opinion import HOW_OBTAINED_CHOICES, ExpertOpinionBlock, ExpertOpinionValue
from .image import StoryImageBlock, StoryImageValue
from .paragraph import PARAGRAPH_FEATURES, ParagraphBlock
from .pull_quote import PRESENTATION_CHOICES, PullQuoteBlock, PullQuoteValue
from .roster import Person
from .story import NewsStoryBlock, NewsStoryValue
from .subhead import SubheadBlock, SubheadValue
from .table_of_contents import TableOfContentsBlock, TableOfContentsValue

__all__ = [
    "HOW_OBTAINED_CHOICES",
    "PARAGRAPH_FEATURES",
    "PRESENTATION_CHOICES",
    "CommentPolicyBlock",
    "CommentPolicyValue",
    "ExpertOpinionBlock",
    "ExpertOpinionValue",
    "NewsStoryBlock",
    "NewsStoryValue",
    "ParagraphBlock",
    "Person",
    "PullQuoteBlock",
    "PullQuoteValue",
    "StoryImageBlock",
    "StoryImageValue",
    "SubheadBlock",
    "SubheadValue",
    "TableOfContentsBlock",
    "TableOfContentsValue",
    "language_choices",
]
