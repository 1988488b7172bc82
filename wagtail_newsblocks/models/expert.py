"""The expert roster: people a newsroom quotes again and again."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string
from wagtail.models import TranslatableMixin
from wagtail.search import index

__all__ = ["Expert"]


class Expert(TranslatableMixin, index.Indexed, models.Model):
    """One person in the roster, chosen in expert boxes and pull quotes.

    Translatable, so that a German story can show "Forscher für Verteidigung"
    where the English one shows "defence researcher" for the same person.
    """

    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        help_text=_("Job title, e.g. “Defence researcher”."),
    )
    organization = models.CharField(
        _("organization"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “International Institute for Strategic Studies”."),
    )
    portrait = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Without one, the expert's initials are shown."),
    )
    bio = models.TextField(
        _("short bio"),
        blank=True,
        max_length=1000,
        help_text=_("Two or three sentences on why this person's view matters."),
    )
    profile_url = models.URLField(
        _("profile URL"),
        blank=True,
        help_text=_("Optional. The expert's page at their institution."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The admin's roster listing and chooser search as the editor types, which
    # looks only at autocomplete fields: without role and organization there,
    # "Strategic Studies" would find nobody.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.AutocompleteField("role"),
        index.SearchField("organization"),
        index.AutocompleteField("organization"),
        index.FilterField("organization"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def role_and_organization(self) -> str:
        return ", ".join(part for part in (self.role, self.organization) if part)
