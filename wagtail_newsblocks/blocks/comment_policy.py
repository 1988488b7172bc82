"""The comment-policy footer: whether readers can still discuss the story."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from ..comment_rules import (
    MAX_CLOSE_AFTER_MONTHS,
    MIN_CLOSE_AFTER_MONTHS,
    CommentState,
    add_months,
    closing_date_text,
    contact_text,
    decide_comment_state,
    first_publication,
    format_closing_date,
    guidelines_link_label,
    guidelines_text,
    has_valid_placeholders,
    invitation_text,
    where_text,
)
from ..conf import newsblocks_settings
from ..languages import language_attributes, page_language, same_language
from ..models import CommentPolicySettings
from ..sanitize import safe_url
from . import previews
from .base import PREVIEW_TEMPLATE, NewsblocksStructBlock, StoryLanguageMixin
from .choice import TextChoiceBlock
from .story_facts import facts_in

__all__ = ["CommentPolicyBlock", "CommentPolicyValue"]

MODE_CHOICES = [
    ("auto", _("Automatic: open until the site's time limit")),
    ("open", _("Open, whatever the story's age")),
    ("closed", _("Closed")),
    ("disabled", _("No comments at all")),
]

# Set by the block preview, which has no page: shows a story old enough to be closed.
PREVIEW_PUBLISHED_AT = "newsblocks_comment_policy_published_at"

MONTHS_REFUSED = _(
    "Comment policy: close comments after 1 to 120 months, or leave “Close "
    "after (months)” empty to follow the site's rule."
)


def state_of(
    block_value: Any,
    page: Any,
    *,
    site: Any = None,
    request: Any = None,
    now: datetime | None = None,
    published_at: datetime | None = None,
    position: Callable[[], int | None] = lambda: None,
) -> CommentState:
    """The comment state of ``page`` under ``block_value`` (its footer's value, or ``{}``).

    The one place that brings the rules (:mod:`~wagtail_newsblocks.comment_rules`)
    and the site's settings together: the footer, the API and
    :func:`wagtail_newsblocks.comment_policy.comment_state` all ask here.
    ``position`` gives the footer's place in the story, for the log.
    """
    now = now or timezone.now()
    return decide_comment_state(
        block_value,
        CommentPolicySettings.for_context(site=site, request=request, page=page),
        now=now,
        published=published_at or first_publication(page, now=now),
        language=page_language({"page": page}),
        where=lambda: where_text(page, position()),
    )


class CommentPolicyValue(blocks.StructValue):
    def policy(self, context: dict | None = None, *, now: datetime | None = None) -> CommentState:
        """The story's comment state, with the page and request from ``context``."""
        context = context or {}
        return state_of(
            self,
            context.get("page"),
            request=context.get("request"),
            now=now,
            published_at=context.get(PREVIEW_PUBLISHED_AT),
            position=lambda: self._position(context),
        )

    def _position(self, context: dict) -> int | None:
        # 1-based, as validation messages count; found in the story's facts.
        facts = facts_in(context)
        for index, child in enumerate(facts.story if facts is not None else ()):
            if child.value is self:
                return index + 1
        return None


class CommentPolicyBlock(StoryLanguageMixin, NewsblocksStructBlock):
    """The footer under a story: open for comments, closed, or none at all.

    The state is worked out whenever the story is shown, from its first
    publication and the site's comment policy (Settings → Comment policy).
    """

    mode = TextChoiceBlock(
        choices=MODE_CHOICES,
        default="auto",
        label=_("Comments"),
        help_text=_(
            "Automatic closes comments the number of months set for the site after the "
            "story was first published. Open or Closed override that for this story."
        ),
    )
    message = blocks.TextBlock(
        required=False,
        label=_("Message"),
        help_text=_(
            "Optional. Replaces the standard text, e.g. to explain why this story takes no "
            "comments. {months} stands for the number of months."
        ),
    )
    close_after_months = blocks.IntegerBlock(
        required=False,
        label=_("Close after (months)"),
        help_text=_("Optional. Replaces the site's limit for this story only (1 to 120)."),
    )
    discussion_page = blocks.PageChooserBlock(
        required=False,
        label=_("Where to discuss now"),
        help_text=_(
            "Optional. Linked once comments have closed; left empty, the site's "
            "current-discussions page is linked."
        ),
    )
    contact_email = blocks.EmailBlock(
        required=False,
        label=_("Contact email"),
        help_text=_("Optional. Replaces the community team's address for this story."),
    )

    searchable_fields = ()

    class Meta:
        icon = "comment"
        label = _("Comment policy")
        help_text = _(
            "The footer on discussing the story: open, or closed with a pointer to current "
            "discussions. Works out by itself when the story is too old for comments."
        )
        template = "wagtail_newsblocks/blocks/comment_policy.html"
        value_class = CommentPolicyValue
        label_format = "{mode}"
        form_layout = blocks.BlockGroup(
            children=["mode", "message"],
            settings=["close_after_months", "discussion_page", "contact_email"],
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(previews.comment_policy)
        description = _(
            "A footer that says whether readers can comment, closes the discussion when the "
            "story gets old and points readers to current discussions."
        )

    def clean(self, value: Any) -> Any:
        try:
            value = super().clean(value)
        except StructBlockValidationError as error:
            # "Enter a whole number." for "abc" or 1.5 says less than the rule
            # does; a value of the wrong JSON type keeps its own message.
            months_error = error.block_errors.get("close_after_months")
            codes = {each.code for each in getattr(months_error, "error_list", [])}
            if months_error is not None and "wrong_type" not in codes:
                error.block_errors["close_after_months"] = ValidationError(
                    MONTHS_REFUSED, code="months_out_of_range"
                )
            raise
        errors = {}
        months = value.get("close_after_months")
        if months is not None and not MIN_CLOSE_AFTER_MONTHS <= months <= MAX_CLOSE_AFTER_MONTHS:
            errors["close_after_months"] = ValidationError(
                MONTHS_REFUSED, code="months_out_of_range"
            )
        if not has_valid_placeholders(value.get("message") or ""):
            errors["message"] = ValidationError(
                _(
                    "Comment policy: in the message, use {months} for the number of months; "
                    "other curly braces are not allowed."
                ),
                code="invalid_placeholder",
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    # -- output ----------------------------------------------------------------

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        policy = value.policy(parent_context)
        if PREVIEW_PUBLISHED_AT in (parent_context or {}):
            policy = _in_admin_language(policy)
        context.update(
            {
                "policy": policy,
                "policy_lines": policy_lines(
                    policy, request=context.get("request"), story_page=context.get("page")
                ),
                "closes_at_iso": iso_local(policy.closes_at),
                "comment_system_template": newsblocks_settings.COMMENT_SYSTEM_TEMPLATE,
            }
        )
        return context

    def get_preview_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_preview_context(value, parent_context=parent_context)
        # Old enough to be closed under any site rule, as footers usually are.
        context[PREVIEW_PUBLISHED_AT] = add_months(timezone.now(), -(MAX_CLOSE_AFTER_MONTHS + 1))
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        context = context or {}
        request = context.get("request")
        policy = value.policy(context)
        page = policy.discussion_page
        closed_texts = policy.is_closed
        return {
            "mode": policy.mode,
            "state": policy.state,
            "published_at": iso_local(policy.published_at),
            "closes_at": iso_local(policy.closes_at),
            "close_after_months": policy.months,
            "message": policy.message,
            "closing_date": (
                closing_date_text(policy.closes_at) if policy.is_open and policy.closes_at else ""
            ),
            "invitation": invitation_text(page.title) if closed_texts and page else "",
            "discussion_url": (safe_url(page.get_full_url(request)) or None) if page else None,
            "discussion_title": policy.discussion_title or None,
            "contact": (
                contact_text(policy.contact_email) if closed_texts and policy.contact_email else ""
            ),
            "contact_email": policy.contact_email or None,
            # The setting can hold anything the ORM put there; the footer links it only if safe.
            "guidelines_url": safe_url(policy.guidelines_url) or None,
        }


def _in_admin_language(policy: CommentState) -> CommentState:
    """The chooser's preview of ``policy``, without a discussion page in another language.

    The preview has no story, so it is in the admin's language; the site's
    discussion page may exist only in another one (a German "Themenübersicht"
    would be linked from an English example).
    """
    page = policy.discussion_page
    locale = getattr(page, "locale", None)
    if locale is None or same_language(locale.language_code, translation.get_language()):
        return policy
    return replace(policy, discussion_page=None)


def iso_local(moment: datetime | None) -> str | None:
    """ISO 8601 with the site's UTC offset, as newsroom readers know the time.

    Whole seconds: HTML's ``datetime`` attribute allows at most three decimals,
    and nobody needs a closing time to the microsecond.
    """
    if moment is None:
        return None
    try:
        local = timezone.localtime(moment, timezone.get_default_timezone())
    except OverflowError:
        # The calendar's last (or first) hours, which the site's clock cannot show.
        local = moment.astimezone(UTC)
    return local.isoformat(timespec="seconds")


def policy_lines(
    policy: CommentState, *, request: Any = None, story_page: Any = None
) -> dict[str, SafeString]:
    """The footer's sentences that carry links, as HTML, for the state shown.

    A discussion page in another language than ``story_page``'s (a German
    "Themenübersicht" linked from an English story) is linked with its own
    ``lang``, ``hreflang`` and, where it runs the other way, ``dir``.
    """
    lines: dict[str, SafeString] = {}
    if policy.is_open:
        if policy.closes_at is not None:
            time = format_html(
                '<time datetime="{}">{}</time>',
                iso_local(policy.closes_at),
                format_closing_date(policy.closes_at),
            )
            lines["closing_date"] = closing_date_text(policy.closes_at, date=time)
        if guidelines_url := safe_url(policy.guidelines_url):
            link = format_html(
                '<a class="newsblocks-comment-policy__link" href="{}">{}</a>',
                guidelines_url,
                guidelines_link_label(),
            )
            lines["guidelines"] = guidelines_text(link=link)
    elif policy.is_closed:
        page = policy.discussion_page
        url = safe_url(page.get_url(request)) if page is not None else None
        if url:
            link = format_html(
                '<a class="newsblocks-comment-policy__link" href="{}"{}>{}</a>',
                url,
                _other_language_attributes(page, story_page),
                page.title,
            )
            lines["invitation"] = invitation_text(page.title, link=link)
        if policy.contact_email:
            link = format_html(
                '<a class="newsblocks-comment-policy__link" href="mailto:{}">{}</a>',
                policy.contact_email,
                policy.contact_email,
            )
            lines["contact"] = contact_text(policy.contact_email, link=link)
    return lines


def _other_language_attributes(linked: Any, story_page: Any) -> SafeString:
    """`` lang="…" hreflang="…"`` (and ``dir``) for a linked page in another language than the story's.

    A page in the story's own locale, the usual case, costs no look-up of
    its locale: the footer renders on every request.
    """
    if story_page is None or linked.locale_id == getattr(story_page, "locale_id", None):
        return mark_safe("")
    code = linked.locale.language_code
    lang, direction = language_attributes(code, page_language({"page": story_page}))
    if not lang:
        return mark_safe("")
    attributes = format_html(' lang="{}" hreflang="{}"', lang, lang)
    return attributes + format_html(' dir="{}"', direction) if direction else attributes
