"""Bringing existing stories in: article HTML and plain text → story pages with newsblocks.

::

    from wagtail_newsblocks.importer import import_article, parse_article

    article = parse_article(Path("story.html"))      # pure: fields, blocks, report
    article.block_types                               # ["paragraph", "pull_quote", …]
    result = import_article(Path("story.html"), parent=newsroom)
    result.action, result.page, result.report         # "created", <NewsStoryPage>, …

The command ``manage.py newsblocks_import`` does the same for many files, and
for WordPress exports (:func:`read_wxr`, one article per post).

The importer is an extra: ``pip install "wagtail-newsblocks[importer]"``
brings BeautifulSoup, lxml and trafilatura; without them this module says so.
The mapping rules are in :mod:`wagtail_newsblocks.importer.rules`; see
docs/importer.md.
"""

MISSING_EXTRA = (
    "The importer needs the package's importer extra, which is not installed "
    '(missing: {module}). Install it with: pip install "wagtail-newsblocks[importer]"'
)

try:
    import bs4  # noqa: F401
    import lxml.etree  # noqa: F401
    import trafilatura  # noqa: F401
    from lxml import cssselect  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised by monkeypatching in the tests
    raise ImportError(MISSING_EXTRA.format(module=error.name or error), name=error.name) from error

from .article import Article, LocalImage, OutlineItem  # noqa: E402
from .attribution import Speaker, StoryDraft, SuggestedPullQuote  # noqa: E402
from .parse import parse_article  # noqa: E402
from .report import ImportReport, Unmapped  # noqa: E402
from .rules import DEFAULT_RULES, ImportRules, get_rules  # noqa: E402
from .save import ArticleImportError, ImportResult, import_article, save_article  # noqa: E402
from .wxr import WxrReading, is_wxr, read_wxr  # noqa: E402

__all__ = [
    "DEFAULT_RULES",
    "MISSING_EXTRA",
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
    "WxrReading",
    "get_rules",
    "import_article",
    "is_wxr",
    "parse_article",
    "read_wxr",
    "save_article",
]
