"""How long a block's text may be, and how its length is counted.

One :class:`LengthLimit` per limited field is read by everything that speaks
of the limit: the block's ``clean()``, the help text and the live counter
(``static/wagtail_newsblocks/js/character-count.js``, which gets the limit and
the counting rule as data attributes). Editors are never told "fits" by the
counter and "too long" by the save, or the other way round.

The rule: characters are code points (Python's ``len()``), whitespace at
either end does not count, and for text that gets the language's quotation
marks (a pull quote) neither do the marks an editor typed around it, since
they are replaced (:func:`~wagtail_newsblocks.quotation_marks.strip_quotation_marks`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info, gettext, ngettext

from ..conf import newsblocks_settings
from ..languages import language_choices, normalize_language
from ..quotation_marks import marks_for, strip_quotation_marks

__all__ = ["PULL_QUOTE", "SUBHEAD", "LengthLimit", "count_rule_attrs", "trimmed_characters"]

# The admin view that counts for the counter (views.count_view).
COUNT_URL_NAME = "wagtail_newsblocks_count"

# strip_quotation_marks() trims these as well as whitespace: they come along
# when text is pasted from elsewhere (tests/test_length_limits.py checks that
# the two agree).
_INVISIBLE_AT_EDGES = "\u200b\u2060\ufeff"


@cache
def trimmed_characters(*, with_invisible: bool = False) -> str:
    """The characters not counted at either end: what ``str.strip()`` removes.

    JavaScript's ``trim()`` removes a different set (U+FEFF but not U+001C to
    U+001F or U+0085), so the counter is given this one.
    """
    spaces = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    return spaces + (_INVISIBLE_AT_EDGES if with_invisible else "")


@dataclass(frozen=True)
class LengthLimit:
    """The longest text a field takes, and how its length is counted.

    ``limit`` is a number or a function returning one (a setting, looked up on
    every use so that ``override_settings`` and reloads are followed).
    ``message(over)`` is the error, in the singular or plural for ``over``,
    with ``%(length)d``, ``%(limit)d`` and ``%(over)d``.
    """

    limit: int | Callable[[], int]
    # None: the field's own max_length validator refuses it (a CharBlock's,
    # which counts the stripped text's code points, as this rule does).
    message: Callable[[int], str] | None = None
    ignores_typed_marks: bool = False
    # How the counter names this limit when it asks the server (BY_NAME).
    name: str = ""

    def max_length(self) -> int:
        return self.limit() if callable(self.limit) else self.limit

    def counted_text(self, text: str | None) -> str:
        """The part of ``text`` that counts against the limit."""
        if self.ignores_typed_marks:
            return strip_quotation_marks(text or "")
        return (text or "").strip()

    def count(self, text: str | None) -> int:
        return len(self.counted_text(text))

    def leaves_out_typed_marks(self, text: str | None) -> bool:
        """Whether marks typed around ``text`` are left out of its count (and replaced)."""
        if not self.ignores_typed_marks:
            return False
        trimmed = (text or "").strip(trimmed_characters(with_invisible=True))
        return self.counted_text(text) != trimmed

    def error(self, text: str | None) -> str | None:
        """The message for ``text`` if it is too long, else ``None``."""
        length, limit = self.count(text), self.max_length()
        if length <= limit or self.message is None:
            return None
        over = length - limit
        return self.message(over) % {"length": length, "limit": limit, "over": over}

    def help_text(self, help_text: Any) -> str:
        """``help_text`` followed by what counts, so that the rule is written down once."""
        limit = self.max_length()
        if self.ignores_typed_marks:
            rule = ngettext(
                "At most %(limit)d character; quotation marks you type around the text do not count.",
                "At most %(limit)d characters; quotation marks you type around the text do not count.",
                limit,
            )
        else:
            rule = ngettext("At most %(limit)d character.", "At most %(limit)d characters.", limit)
        rule = rule % {"limit": limit}
        return f"{help_text} {rule}" if help_text else rule

    def counter_attrs(self) -> dict[str, Any]:
        """The data attributes ``character-count.js`` counts with."""
        return count_rule_attrs(
            self.max_length(), ignores_typed_marks=self.ignores_typed_marks, name=self.name
        )


def count_rule_attrs(
    max_length: int, *, ignores_typed_marks: bool = False, name: str = ""
) -> dict[str, Any]:
    """The counter's data attributes for a limit of ``max_length`` counted by the rule above."""
    attrs: dict[str, Any] = {
        "data-newsblocks-count-max-value": max_length,
        "data-newsblocks-count-trim-value": trimmed_characters(with_invisible=ignores_typed_marks),
        # Translated here, because the admin's JavaScript has no catalogue
        # of ours; {count}, {max} and {over} are filled in by the script.
        "data-newsblocks-count-label-value": gettext("{count} / {max} characters"),
        "data-newsblocks-count-over-label-value": gettext(
            "{count} / {max} characters: {over} too many"
        ),
    }
    if ignores_typed_marks:
        attrs.update(
            {
                # Whether typed marks enclose the text takes the whole of
                # strip_quotation_marks() to say; the counter asks the server
                # rather than keep a second copy of the rules in JavaScript.
                "data-newsblocks-count-url-value": reverse(COUNT_URL_NAME),
                "data-newsblocks-count-rule-value": name,
                "data-newsblocks-count-marks-value": json.dumps(
                    marks_by_language(), ensure_ascii=False
                ),
                "data-newsblocks-count-default-language-value": default_content_language(),
                "data-newsblocks-count-marks-label-value": gettext(
                    "Quotation marks are added in the story's language: {marks} ({language})."
                ),
                "data-newsblocks-count-typed-label-value": gettext(
                    "The quotation marks you typed do not count; {marks} ({language}) replace them."
                ),
            }
        )
    return attrs


def default_content_language() -> str:
    """The language of a page when the admin does not say (no i18n): the one locale, if one.

    With ``WAGTAIL_I18N_ENABLED`` the page editor names the page's locale
    (``ACTIVE_CONTENT_LOCALE``), which the counter prefers. Without it, pages
    can still be in several locales, and then no language is claimed.
    """
    from wagtail.models import Locale

    codes = list(Locale.objects.values_list("language_code", flat=True)[:2])
    if len(codes) == 1:
        return normalize_language(codes[0])
    return "" if codes else normalize_language(settings.LANGUAGE_CODE)


def marks_by_language() -> dict[str, dict[str, str]]:
    """``{"de": {"marks": "„…“", "name": "Deutsch"}, …}`` for the story languages and quote languages."""
    codes = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", ())]
    codes += [settings.LANGUAGE_CODE, *(code for code, _name in language_choices())]
    found: dict[str, dict[str, str]] = {}
    for code in codes:
        key = normalize_language(code)
        if key in found:
            continue
        marks = marks_for(code)
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        found[key] = {"marks": f"{marks.open_padded}…{marks.close_padded}", "name": name}
    return found


def _pull_quote_max_length() -> int:
    return newsblocks_settings.PULL_QUOTE_MAX_LENGTH


def _subhead_max_length() -> int:
    return newsblocks_settings.SUBHEAD_MAX_LENGTH


def _pull_quote_too_long(over: int) -> str:
    return ngettext(
        "Pull quote: the quote has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d character.",
        "Pull quote: the quote has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d characters.",
        over,
    )


def _subhead_too_long(over: int) -> str:
    return ngettext(
        "Subhead: the text has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d character.",
        "Subhead: the text has %(length)d characters; the limit is %(limit)d. Shorten it by %(over)d characters.",
        over,
    )


PULL_QUOTE = LengthLimit(
    _pull_quote_max_length, _pull_quote_too_long, ignores_typed_marks=True, name="pull_quote"
)
SUBHEAD = LengthLimit(_subhead_max_length, _subhead_too_long)

# The counter's server side counts by these (see views.count_view).
BY_NAME: dict[str, LengthLimit] = {limit.name: limit for limit in (PULL_QUOTE,)}
