"""When a story's discussion closes: the comment-policy rules, as pure functions.

A story's comments are open, closed or disabled. Editors can decide that per
story; otherwise the site's rule decides by age: comments close a number of
calendar months after the story was first published, counted in the site's
time zone. :func:`decide_comment_state` works the state out from the story's
comment-policy block value, the site's settings, the first publication and
the current time; nothing here looks at pages, blocks or the database, so
that a page rendered, a page served from an API and a cache lifetime always
agree. :mod:`wagtail_newsblocks.comment_policy` finds those for a page.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, datetime, tzinfo
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

__all__ = [
    "DEFAULT_CLOSE_AFTER_MONTHS",
    "MAX_CLOSE_AFTER_MONTHS",
    "MIN_CLOSE_AFTER_MONTHS",
    "MODES",
    "MODE_AUTO",
    "MONTHS_PLACEHOLDER",
    "STATES",
    "CommentState",
    "add_months",
    "closing_date_text",
    "contact_text",
    "decide_comment_state",
    "default_message",
    "fill_months",
    "first_publication",
    "format_closing_date",
    "guidelines_link_label",
    "guidelines_text",
    "has_valid_placeholders",
    "invitation_text",
    "sound_months",
    "where_text",
]

logger = logging.getLogger("wagtail_newsblocks")

MODE_AUTO = "auto"
MODES = (MODE_AUTO, "open", "closed", "disabled")
STATES = ("open", "closed", "disabled")

DEFAULT_CLOSE_AFTER_MONTHS = 18
MIN_CLOSE_AFTER_MONTHS = 1
# Ten years: beyond that "by age" means "never", which is what mode "open" says.
MAX_CLOSE_AFTER_MONTHS = 120

MONTHS_PLACEHOLDER = "{months}"


@dataclass(frozen=True)
class CommentState:
    """Where a story's discussion stands at one moment.

    ``closes_at`` is the moment the site's rule closes (or closed) the
    discussion; it is ``None`` when an editor's explicit choice decides, since
    then nothing changes with time, and when that moment would lie beyond the
    calendar (after year 9999): such a story never closes by age. ``message`` is the policy text for the
    state, in the story's language, with the months filled in.
    """

    state: str
    mode: str
    months: int
    published_at: datetime
    closes_at: datetime | None
    message: str
    contact_email: str = ""
    guidelines_url: str = ""
    discussion_page: Any = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"

    @property
    def is_disabled(self) -> bool:
        return self.state == "disabled"

    @property
    def changes_at(self) -> datetime | None:
        """The next moment the state changes by itself, if it ever does."""
        return self.closes_at if self.is_open else None

    @property
    def discussion_title(self) -> str:
        return self.discussion_page.title if self.discussion_page is not None else ""


# -- month arithmetic -----------------------------------------------------------


def add_months(moment: datetime, months: int, tz: tzinfo | None = None) -> datetime | None:
    """``moment`` plus whole calendar months, on the wall clock of ``tz``; ``None`` beyond the calendar.

    The day is clamped to the target month's last day (31 August + 6 months is
    28 or 29 February). The local time of day is kept across daylight-saving
    changes, so a story published at 10:30 closes at 10:30; a time the clocks
    skip that day moves forward by the gap, an ambiguous one takes the first.
    ``tz`` defaults to the site's time zone (``TIME_ZONE``).

    Python's calendar ends with year 9999 (and starts with year 1): a result
    outside it, or a ``moment`` the time zone cannot show, gives ``None``
    rather than an error. The comment rules read that as "never closes".
    """
    tz = tz or timezone.get_default_timezone()
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, tz)
        local = moment.astimezone(tz).replace(tzinfo=None)
        years, month_index = divmod(local.month - 1 + months, 12)
        year, month = local.year + years, month_index + 1
        if not MINYEAR <= year <= MAXYEAR:
            return None
        day = min(local.day, calendar.monthrange(year, month)[1])
        wall_clock = local.replace(year=year, month=month, day=day, fold=0)
        # Round-tripping through UTC turns a skipped wall-clock time into a real one.
        return wall_clock.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    except (OverflowError, ValueError):
        # The first or last hours of the calendar, which UTC or ``tz`` cannot show.
        return None


_WHOLE_NUMBER = re.compile(r"\s*[+-]?\d+\s*")


def sound_months(value: Any) -> int | None:
    """``value`` as a number of months the rules accept (1 to 120), else ``None``.

    The same reading as the block's and the settings form's: a whole number,
    also as text (``"18"``) or as a whole float (``18.0``); never ``True``,
    ``1.5``, ``"abc"`` or ``10**12``. Stored values that fail are odd values
    (written behind validation's back): :func:`comment_state` then follows
    the next rule and logs a warning.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        value = int(value) if _WHOLE_NUMBER.fullmatch(value) else None
    if not isinstance(value, int):
        return None
    return value if MIN_CLOSE_AFTER_MONTHS <= value <= MAX_CLOSE_AFTER_MONTHS else None


# -- texts ----------------------------------------------------------------------


def has_valid_placeholders(text: str) -> bool:
    """Whether ``text`` uses no placeholder but ``{months}``.

    Any other curly brace is a typo that readers would otherwise see.
    """
    rest = text.replace(MONTHS_PLACEHOLDER, "")
    return "{" not in rest and "}" not in rest


def fill_months(text: str, months: int) -> str:
    return text.replace(MONTHS_PLACEHOLDER, str(months))


def default_message(state: str, mode: str, months: int) -> str:
    """The shipped text for a state, in the active language."""
    if state == "disabled":
        return ""
    by_rule = mode == MODE_AUTO
    if state == "open":
        if not by_rule:
            return gettext("Join the discussion: comments on this story are open.")
        return ngettext(
            "Join the discussion: comments on this story are open for %(months)d month after publication.",
            "Join the discussion: comments on this story are open for %(months)d months after publication.",
            months,
        ) % {"months": months}
    if not by_rule:
        return gettext("Comments on this story are closed.")
    return ngettext(
        "As this story is older than %(months)d month, it can no longer be commented on.",
        "As this story is older than %(months)d months, it can no longer be commented on.",
        months,
    ) % {"months": months}


def _interpolate(template: str, *, as_html: bool, **parts: Any) -> str:
    if not as_html:
        return template % {name: str(value) for name, value in parts.items()}
    # The translated sentence is escaped as text; only the parts carry markup.
    return mark_safe(
        conditional_escape(template) % {k: conditional_escape(v) for k, v in parts.items()}
    )


def closing_date_text(closes_at: datetime, *, date: str | SafeString | None = None) -> str:
    """The sentence "Comments close on 13 March 2025." in the active language.

    Pass ``date`` (e.g. a ``<time>`` element) to get HTML.
    """
    template = gettext("Comments close on %(date)s.")
    if date is None:
        return _interpolate(template, as_html=False, date=format_closing_date(closes_at))
    return _interpolate(template, as_html=True, date=date)


def invitation_text(title: str, *, link: SafeString | None = None) -> str:
    """The closed footer's pointer to current discussions; ``link`` gives HTML."""
    template = gettext("We invite you to join the discussion on a more recent story: %(link)s.")
    if link is None:
        return _interpolate(template, as_html=False, link=title)
    return _interpolate(template, as_html=True, link=link)


def contact_text(email: str, *, link: SafeString | None = None) -> str:
    """The line that names the community team's address; ``link`` gives HTML."""
    template = gettext("If you have questions, write to the community team at %(email)s.")
    if link is None:
        return _interpolate(template, as_html=False, email=email)
    return _interpolate(template, as_html=True, email=link)


def guidelines_text(*, link: SafeString | None = None) -> str:
    """The open footer's pointer to the rules of the discussion."""
    template = gettext("Before you comment, please read our %(link)s.")
    label = guidelines_link_label()
    if link is None:
        return _interpolate(template, as_html=False, link=label)
    return _interpolate(template, as_html=True, link=link)


def guidelines_link_label() -> str:
    return gettext("community guidelines")


def format_closing_date(closes_at: datetime) -> str:
    """The closing date as readers of the site's time zone see it."""
    return date_format(
        timezone.localtime(closes_at, timezone.get_default_timezone()), "DATE_FORMAT"
    )


# -- the state ------------------------------------------------------------------


def decide_comment_state(
    block_value: Mapping[str, Any],
    settings: Any,
    *,
    now: datetime,
    published: datetime,
    language: str,
    where: Callable[[], str],
) -> CommentState:
    """The discussion's state at ``now``, by the block's choice and the site's rule.

    ``settings`` is the site's :class:`~wagtail_newsblocks.models.CommentPolicySettings`
    (or anything with its fields); ``where`` names the story for the log,
    asked only when an odd stored value is set aside. Texts are in ``language``.
    """
    mode = block_value.get("mode") or MODE_AUTO
    months = _months_in_force(block_value, settings, where)
    closes_at = add_months(published, months) if mode == MODE_AUTO else None
    if mode == MODE_AUTO and closes_at is None:
        logger.warning(
            "%s: comments would close %d months after %s, beyond the last date Python "
            "can hold (year 9999); they never close by age.",
            where(),
            months,
            published.isoformat(),
        )
    state = _state(mode, now=now, closes_at=closes_at)
    # Texts and the linked page follow the story's language, whatever is active.
    with translation.override(language):
        return CommentState(
            state=state,
            mode=mode,
            months=months,
            published_at=published,
            closes_at=closes_at,
            message=_message(state, mode, months, block_value, settings),
            contact_email=block_value.get("contact_email") or settings.contact_email or "",
            guidelines_url=settings.guidelines_url or "",
            discussion_page=_discussion_page(block_value.get("discussion_page"), settings),
        )


def first_publication(page: Any, *, now: datetime) -> datetime:
    """When the story first went public: an unpublished preview counts as now."""
    return getattr(page, "first_published_at", None) or getattr(page, "go_live_at", None) or now


def where_text(page: Any, position: int | None) -> str:
    """Where an odd value sits, for the log: ``Page 7 “Nachtzüge”, block 3 (Comment policy)``."""
    if page is None or not getattr(page, "pk", None):
        where = "A story without a saved page"
    else:
        where = f"Page {page.pk} “{page.title}”"
    if position is None:
        return f"{where} (no comment-policy block)"
    return f"{where}, block {position} (Comment policy)"


def _state(mode: str, *, now: datetime, closes_at: datetime | None) -> str:
    # An editor's explicit choice always wins over the rule.
    if mode in STATES:
        return mode
    # By the rule, without a closing moment: it lies beyond year 9999.
    return "open" if closes_at is None or now < closes_at else "closed"


def _months_in_force(
    block_value: Mapping[str, Any], settings: Any, where: Callable[[], str]
) -> int:
    """The block's months, else the site's, else the default; odd stored values are skipped, with a warning."""
    own = block_value.get("close_after_months")
    # A value of the wrong JSON type ([18], true) was set aside as the story loaded.
    wrong_type = "close_after_months" in (getattr(block_value, "type_errors", None) or {})
    if own not in (None, "") or wrong_type:
        months = sound_months(own)
        if months is not None:
            return months
        logger.warning(
            "%s, “Close after (months)”: the stored %s is not a whole number from %d to %d; "
            "the site's limit applies.",
            where(),
            "value" if wrong_type else repr(own),
            MIN_CLOSE_AFTER_MONTHS,
            MAX_CLOSE_AFTER_MONTHS,
        )
    site_months = sound_months(settings.close_after_months)
    if site_months is not None:
        return site_months
    logger.warning(
        "%s: the comment policy settings%s hold close_after_months %r, not a whole number "
        "from %d to %d; the default, %d months, applies.",
        where(),
        f" of site {settings.site_id}" if getattr(settings, "site_id", None) else "",
        settings.close_after_months,
        MIN_CLOSE_AFTER_MONTHS,
        MAX_CLOSE_AFTER_MONTHS,
        DEFAULT_CLOSE_AFTER_MONTHS,
    )
    return DEFAULT_CLOSE_AFTER_MONTHS


def _message(
    state: str,
    mode: str,
    months: int,
    block_value: Mapping[str, Any],
    settings: Any,
) -> str:
    own = (block_value.get("message") or "").strip()
    if own:
        return fill_months(own, months)
    # The site's texts describe its rule, so they stand in for the rule only:
    # an editor who closes a young story must not claim it is old.
    if mode == MODE_AUTO:
        site_text = settings.open_message if state == "open" else settings.closed_message
        if site_text.strip():
            return fill_months(site_text.strip(), months)
    return default_message(state, mode, months)


def _discussion_page(chosen: Any, settings: Any) -> Any:
    page = chosen or settings.discussion_page
    if page is None or not page.live:
        return None
    # Where the site is translated, readers are sent to the page in their language.
    return page.specific.localized
