"""A page's comment state: its comment-policy block and its site's rule, found for it.

The rules are :mod:`wagtail_newsblocks.comment_rules`'s (and every name of
that module can still be imported from here); this module finds what they
need for a page: its comment-policy block, its first publication and its
site's :class:`~wagtail_newsblocks.models.CommentPolicySettings`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from ._compat import stream_items
from .blocks.comment_policy import CommentPolicyBlock, state_of
from .comment_rules import (  # noqa: F401  (the names sites import from here)
    DEFAULT_CLOSE_AFTER_MONTHS,
    MAX_CLOSE_AFTER_MONTHS,
    MIN_CLOSE_AFTER_MONTHS,
    MODE_AUTO,
    MODES,
    MONTHS_PLACEHOLDER,
    STATES,
    CommentState,
    add_months,
    closing_date_text,
    contact_text,
    decide_comment_state,
    default_message,
    fill_months,
    first_publication,
    format_closing_date,
    guidelines_link_label,
    guidelines_text,
    has_valid_placeholders,
    invitation_text,
    sound_months,
    where_text,
)
from .page_story import stream_values

if TYPE_CHECKING:
    from wagtail.models import Page, Site

__all__ = [
    "DEFAULT_CLOSE_AFTER_MONTHS",
    "MAX_CLOSE_AFTER_MONTHS",
    "MIN_CLOSE_AFTER_MONTHS",
    "MODES",
    "MONTHS_PLACEHOLDER",
    "STATES",
    "CommentState",
    "add_months",
    "closing_date_text",
    "comment_state",
    "comment_state_changes_at",
    "contact_text",
    "default_message",
    "fill_months",
    "find_comment_policy_value",
    "first_publication",
    "format_closing_date",
    "guidelines_text",
    "has_valid_placeholders",
    "invitation_text",
    "seconds_until_comment_state_changes",
    "sound_months",
]


def comment_state(
    page: Page | None = None,
    *,
    site: Site | None = None,
    request: Any = None,
    now: datetime | None = None,
    block_value: Mapping[str, Any] | None = None,
    published_at: datetime | None = None,
) -> CommentState:
    """Work out whether ``page`` is open for comments at ``now`` (default: now).

    ``block_value`` is the story's comment-policy block value (mode and
    overrides); left out, the page's own comment-policy block is used, and a
    page without one follows the site's rule. The site comes from ``site``,
    else ``request``, else the page; without any, the settings' defaults apply.
    ``published_at`` replaces the page's first publication date (previews).
    The message is in the language of the page's locale (else the active one).
    """
    if block_value is None:
        block_value = find_comment_policy_value(page) or {}
    return state_of(
        block_value,
        page,
        site=site,
        request=request,
        now=now,
        published_at=published_at,
        position=lambda: _block_position(page),
    )


def comment_state_changes_at(page: Page | None = None, **kwargs: Any) -> datetime | None:
    """The moment ``page``'s comment state next changes by itself, or ``None``.

    Takes the same keyword arguments as :func:`comment_state`.
    """
    return comment_state(page, **kwargs).changes_at


def seconds_until_comment_state_changes(page: Page | None = None, **kwargs: Any) -> int | None:
    """Whole seconds (rounded up, at least 1) until the state changes, or ``None``.

    Meant to bound a cache lifetime: a page cached for no longer than this
    never shows an open discussion that has already closed.
    """
    now = kwargs["now"] = kwargs.get("now") or timezone.now()
    changes_at = comment_state_changes_at(page, **kwargs)
    if changes_at is None:
        return None
    return max(1, math.ceil((changes_at - now).total_seconds()))


def find_comment_policy_value(page: Page | None) -> Mapping[str, Any] | None:
    """The first comment-policy block in any of the page's StreamFields."""
    for stream in stream_values(page):
        # By the stored types first: converting the whole story (its experts,
        # images, …) only to find its footer would undo the render cache.
        for index, block in enumerate(_child_blocks(stream)):
            if isinstance(block, CommentPolicyBlock):
                return stream[index].value
    return None


def _child_blocks(stream) -> list:
    # By the stored types: converting the whole story to find its footer
    # would undo the render cache.
    child_blocks = stream.stream_block.child_blocks
    return [
        child.block
        if child is not None
        else child_blocks.get(raw.get("type") if isinstance(raw, dict) else None)
        for raw, child in stream_items(stream)
    ]


def _block_position(page: Page | None) -> int | None:
    """The 1-based position of the page's comment-policy block, as validation messages count."""
    for stream in stream_values(page):
        for index, block in enumerate(_child_blocks(stream)):
            if isinstance(block, CommentPolicyBlock):
                return index + 1
    return None
