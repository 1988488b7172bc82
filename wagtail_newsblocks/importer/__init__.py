"""Bringing existing stories in: article HTML and plain text → story pages with newsblocks.

::

    from wagtail_newsblocks.importer import import_article, parse_article

    article = parse_article(Path("story.html"))      # pure: fields, blocks, report
    article.block_types                               # ["paragraph", "pull_quote", …]
    result = import_article(Path("story.html"), parent=newsroom)
    result.action, result.page, result.report         # "created", <NewsStoryPage>, …

The command ``manage.py newsblocks_import`` does the same for many files.
The mapping rules are in :mod:`wagtail_newsblocks.importer.rules`; see
docs/importer.md.
"""

from .article import Article, LocalImage, OutlineItem
from .attribution import Speaker, StoryDraft, SuggestedPullQuote
from .parse import parse_article
from .report import ImportReport, Unmapped
from .rules import DEFAULT_RULES, ImportRules, get_rules
from .save import ArticleImportError, ImportResult, import_article

__all__ = [
    "DEFAULT_RULES",
    "Article",
    "ArticleImportError",
    "ImportReport",
    "ImportResult",
    "ImportRules",
    "LocalImage",
    "OutlineItem",
    "Speaker",
    "StoryDraft",
    "SuggestedPullQuote",
    "Unmapped",
    "get_rules",
    "import_article",
    "parse_article",
]
