"""Which page an imported story became, so that importing it again updates that page."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .comment_policy import _page_model

__all__ = ["ImportedStory"]


class ImportedStory(models.Model):
    """One story brought in by ``newsblocks_import``, keyed by its id in the old system.

    The id is the source's canonical URL or an id the importer was given; the
    hash is of the content the importer built, so that importing an unchanged
    source again adds no revision.
    """

    source_id = models.CharField(_("source id"), max_length=500, unique=True)
    # Deleting the page forgets the import: importing the source again creates a new story.
    page = models.ForeignKey(
        _page_model(),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        verbose_name = _("imported story")
        verbose_name_plural = _("imported stories")

    def __str__(self) -> str:
        return self.source_id
