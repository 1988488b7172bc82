"""Why an article could not be imported, and the guard that turns runaway nesting into that."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .article import Article

__all__ = ["ArticleImportError", "nesting_guard"]


class ArticleImportError(Exception):
    """An article that could not be read or saved: ``messages`` says why, block by block where it can.

    ``article`` is what was read of it, when the source could be read at all.
    """

    def __init__(self, messages: list[str], *, article: Article | None = None) -> None:
        self.messages = [str(message) for message in messages]
        self.article = article
        super().__init__("\n".join(self.messages))


@contextmanager
def nesting_guard() -> Iterator[None]:
    """A ``RecursionError`` inside becomes an :class:`ArticleImportError` saying so.

    The importer's own walks over the tree are iterative and the HTML reader
    refuses documents nested deeper than ``html.MAX_DEPTH``; this is the net
    under the code it does not own (rules a site wrote, the sanitiser, the
    page's validation), so that one file's markup never ends a whole batch.
    """
    try:
        yield
    except RecursionError:
        raise ArticleImportError(
            [
                _(
                    "The source nests its elements too deeply to read (Python's recursion limit "
                    "was reached); unclosed tags in an old export do this."
                )
            ]
        ) from None
