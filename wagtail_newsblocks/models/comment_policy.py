"""The site's comment policy: one set of rules per site, in the admin's Settings menu."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from ..comment_rules import (
    DEFAULT_CLOSE_AFTER_MONTHS,
    MAX_CLOSE_AFTER_MONTHS,
    MIN_CLOSE_AFTER_MONTHS,
    has_valid_placeholders,
)

__all__ = ["CommentPolicySettings"]


def _page_model() -> str:
    # Wagtail 8 lets a project swap the base page model; 7.4 has no swapper.
    try:
        import swapper
    except ImportError:  # pragma: no cover - Wagtail 7.4
        return "wagtailcore.Page"
    return swapper.get_model_name("wagtailcore", "Page")


MONTHS_MESSAGE = _("Comment policy: close comments after 1 to 120 months.")


class CommentPolicySettingsForm(WagtailAdminModelForm):
    """The settings form: "abc" in the months gets the rule, not "Enter a whole number."."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = self.fields.get("close_after_months")
        if months is not None:
            months.error_messages = {**months.error_messages, "invalid": MONTHS_MESSAGE}


@register_setting(icon="comment")
class CommentPolicySettings(BaseSiteSetting):
    """When stories stop taking comments, and what their footers say."""

    close_after_months = models.PositiveSmallIntegerField(
        _("close comments after (months)"),
        default=DEFAULT_CLOSE_AFTER_MONTHS,
        validators=[
            MinValueValidator(MIN_CLOSE_AFTER_MONTHS, message=MONTHS_MESSAGE),
            MaxValueValidator(MAX_CLOSE_AFTER_MONTHS, message=MONTHS_MESSAGE),
        ],
        help_text=_(
            "Calendar months after a story's first publication; a story published on "
            "13 September closes on 13 March, 18 months on. Editors can override it per story."
        ),
    )
    contact_email = models.EmailField(
        _("community team's email address"),
        blank=True,
        help_text=_("Shown under closed discussions, for readers' questions."),
    )
    guidelines_url = models.URLField(
        _("community guidelines"),
        blank=True,
        help_text=_("Address of the rules for the discussion, linked under open discussions."),
    )
    discussion_page = models.ForeignKey(
        _page_model(),
        verbose_name=_("current discussions"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The page that lists the stories open for discussion, linked under closed "
            "discussions by its title."
        ),
    )
    open_message = models.TextField(
        _("text while comments are open"),
        blank=True,
        help_text=_(
            "Leave empty for the standard text in the story's language. "
            "{months} stands for the number of months."
        ),
    )
    closed_message = models.TextField(
        _("text once comments have closed"),
        blank=True,
        help_text=_(
            "Leave empty for the standard text in the story's language, e.g. "
            "“As this story is older than 18 months, it can no longer be commented on.” "
            "{months} stands for the number of months."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("close_after_months"), FieldPanel("discussion_page")],
            heading=_("Closing"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("guidelines_url")],
            heading=_("Community team"),
        ),
        # Optional: most sites keep the standard texts in the story's language.
        MultiFieldPanel(
            [FieldPanel("open_message"), FieldPanel("closed_message")],
            heading=_("Texts"),
            classname="collapsed",
        ),
    ]

    select_related = ["discussion_page"]
    base_form_class = CommentPolicySettingsForm

    class Meta:
        verbose_name = _("comment policy")
        verbose_name_plural = _("comment policies")

    @classmethod
    def for_context(
        cls, *, site: Any = None, request: Any = None, page: Any = None
    ) -> CommentPolicySettings:
        """The settings of ``site``, else of the request's site, else of the page's; else the defaults."""
        # for_request keeps the settings on the request: one query per page view.
        if site is None and request is not None and Site.find_for_request(request) is not None:
            return cls.for_request(request)
        if site is None and page is not None and getattr(page, "pk", None):
            site = page.get_site()
        if site is None:
            return cls()
        return cls.for_site(site)

    def clean_fields(self, exclude=None) -> None:
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            # Not a number at all ("abc"): the rule says more than "must be an integer".
            months = error.error_dict.get("close_after_months")
            if months and any(each.code == "invalid" for each in months):
                error.error_dict["close_after_months"] = [
                    ValidationError(MONTHS_MESSAGE, code="invalid")
                ]
            raise

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name in ("open_message", "closed_message"):
            if not has_valid_placeholders(getattr(self, name) or ""):
                errors[name] = ValidationError(
                    _(
                        "Comment policy: use {months} for the number of months; "
                        "other curly braces are not allowed in the text."
                    ),
                    code="invalid_placeholder",
                )
        if errors:
            raise ValidationError(errors)
