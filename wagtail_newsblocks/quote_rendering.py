"""A quotation as a page, a card, the JSON-LD and the API show it: marks and language.

One function for every quotation the package writes (pull quotes, the
quotes in expert boxes, share pages and cards), so that their marks and
language attributes cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .languages import effective_language, language_attributes, page_language
from .quotation_marks import quotation_parts, strip_quotation_marks

__all__ = ["quote_rendering"]


def quote_rendering(
    text: str | None, language: str | None, context: Mapping[str, Any] | None
) -> dict[str, str]:
    """``text`` with the marks of its language: ``language`` if set, else the page's.

    ``lang_attribute`` and ``dir_attribute`` are set only where the quote's
    language (or direction) differs from the page's, so that screen readers
    switch voice for it and nowhere else.
    """
    language = effective_language(language, context)
    lang_attribute, dir_attribute = language_attributes(language, page_language(context))
    open_mark, inner, close_mark = quotation_parts(text or "", language)
    return {
        "text": strip_quotation_marks(text or ""),
        "inner": inner,
        "open_mark": open_mark,
        "close_mark": close_mark,
        "with_marks": f"{open_mark}{inner}{close_mark}",
        "language": language,
        "lang_attribute": lang_attribute,
        "dir_attribute": dir_attribute,
    }
