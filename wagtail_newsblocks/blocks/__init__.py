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
from .rich_text import NewsRichTextBlock
from .roster import Person
from .story import NewsStoryBlock, NewsStoryValue, StoryValidationError
from .story_facts import STORY_FACTS, StoryFacts, story_context
from .subhead import SubheadBlock, SubheadValue
from .table_of_contents import TableOfContentsBlock, TableOfContentsValue
from .url import SafeURLBlock

__all__ = [
    "HOW_OBTAINED_CHOICES",
    "PARAGRAPH_FEATURES",
    "PRESENTATION_CHOICES",
    "STORY_FACTS",
    "CommentPolicyBlock",
    "CommentPolicyValue",
    "ExpertOpinionBlock",
    "ExpertOpinionValue",
    "NewsRichTextBlock",
    "NewsStoryBlock",
    "NewsStoryValue",
    "ParagraphBlock",
    "Person",
    "PullQuoteBlock",
    "PullQuoteValue",
    "SafeURLBlock",
    "StoryFacts",
    "StoryImageBlock",
    "StoryImageValue",
    "StoryValidationError",
    "SubheadBlock",
    "SubheadValue",
    "TableOfContentsBlock",
    "TableOfContentsValue",
    "language_choices",
    "story_context",
]
