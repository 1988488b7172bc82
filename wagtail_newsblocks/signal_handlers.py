"""Signal handlers: the package's reactions to changes elsewhere, connected in ``apps.py``.

The top layer: blocks and models never import this module.

Story bodies saved from code (docs/security.md, "Validation of content written from code"): a page
saved as live passes every publish rule, a draft the draft rules, as in the
admin.

Quote cards (docs/quote-cards.md, "When a quote is withdrawn"): once a story
is published, unpublished, moved or deleted, or a view restriction is saved,
the stored cards that the card view would no longer serve are deleted. After
the transaction commits, so that the storage follows what was saved (and a
rolled-back change deletes nothing); a failing storage is logged, never
fails the publish. The card view's checks, not these handlers, are what keep
a withdrawn quote's card from the public: this is hygiene.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from .blocks.story import NewsStoryBlock, StoryValidationError
from .quote_cards.withdrawal import prune_page_cards, prune_page_tree

__all__ = [
    "connect_quote_card_signals",
    "connect_story_validation",
    "validate_stories_before_saving",
]

logger = logging.getLogger("wagtail_newsblocks")


def _after_commit(function, page_id: int) -> None:
    def run():
        try:
            function(page_id)
        except Exception:
            logger.exception(
                "Quote cards: could not delete the withdrawn cards of page %s.", page_id
            )

    transaction.on_commit(run)


def prune_cards_of_page(sender, instance, **kwargs) -> None:
    """Published, unpublished or deleted: keep only the cards of the quotes it shows now."""
    if instance.pk is not None:
        _after_commit(prune_page_cards, instance.pk)


def prune_cards_of_tree(sender, instance, **kwargs) -> None:
    """Moved: the page and the pages below it may have left their site (or changed its name)."""
    if instance.pk is not None:
        _after_commit(prune_page_tree, instance.pk)


def prune_cards_of_restricted_tree(sender, instance, **kwargs) -> None:
    """A view restriction hides its page and every page below it."""
    if instance.page_id is not None:
        _after_commit(prune_page_tree, instance.page_id)


def connect_quote_card_signals() -> None:
    """Connected once, in the app's ``ready()``."""
    prefix = "wagtail_newsblocks.quote_cards"
    page_published.connect(prune_cards_of_page, dispatch_uid=f"{prefix}.published")
    page_unpublished.connect(prune_cards_of_page, dispatch_uid=f"{prefix}.unpublished")
    # Deleting a page deletes its Page row too (and, through treebeard, the
    # rows of every page below it): one signal per page, whatever its type.
    post_delete.connect(prune_cards_of_page, sender=Page, dispatch_uid=f"{prefix}.deleted")
    post_page_move.connect(prune_cards_of_tree, dispatch_uid=f"{prefix}.moved")
    post_save.connect(
        prune_cards_of_restricted_tree,
        sender=PageViewRestriction,
        dispatch_uid=f"{prefix}.restricted",
    )


# -- story bodies saved from code ---------------------------------------------------


def story_fields(model: type) -> list[StreamField]:
    """The model's StreamFields whose body is a :class:`NewsStoryBlock`."""
    fields = getattr(model, "_newsblocks_story_fields", None)
    if fields is None:
        # Cached on the class: a model's fields do not change while it runs.
        fields = [field for field in model._meta.concrete_fields if isinstance(field, StreamField)]
        model._newsblocks_story_fields = fields
    # Checked each time: tests and benchmarks swap a field's block.
    return [field for field in fields if isinstance(field.stream_block, NewsStoryBlock)]


def validate_stories_before_saving(
    sender: type, instance: Any, raw: bool = False, **kwargs
) -> None:
    """``pre_save``: a page saved as live passes every publish rule, a draft the draft rules.

    Wagtail's ``Page.save()`` runs ``full_clean()`` for live pages, which does
    not look inside StreamFields; the admin validates them in its form. Code
    that saves a live page gets the same rules here; what the admin validated
    in this process is not validated again. ``loaddata`` (``raw``) is left alone.
    """
    if raw:
        return
    if sender is Revision:
        return
    fields = story_fields(sender)
    if not fields:
        return
    update_fields = kwargs.get("update_fields")
    publishing = bool(getattr(instance, "live", True))
    for field in fields:
        if update_fields is not None and field.name not in update_fields:
            # e.g. save_revision() updating latest_revision: the body is not written.
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        try:
            cleaned = field.stream_block.validate_for_saving(value, publishing=publishing)
        except StoryValidationError as error:
            # What full_clean() would raise: code that maps errors to fields
            # (wagtail-localize's save_target, Django forms) finds them.
            error.error_dict = {field.name: list(error.error_list)}
            raise
        if cleaned is not value:
            setattr(instance, field.attname, cleaned)


def validate_stories_of_revision(sender: type, instance: Any, raw: bool = False, **kwargs) -> None:
    """``pre_save`` of Wagtail's Revision: a draft saved from code gets the draft rules.

    ``save_revision()`` writes the page's content into the revision without
    saving the page's own row, so the page's handler above never sees it.
    """
    if raw or instance.pk is not None or not isinstance(instance.content, dict):
        return
    # save_revision() passes the object itself: its values are at hand, with
    # what the admin's form validated already marked so.
    source = None
    if Revision._meta.get_field("content_object").is_cached(instance):
        source = instance.content_object
    model = (
        type(source)
        if source is not None
        else ContentType.objects.get_for_id(instance.content_type_id).model_class()
    )
    for field in story_fields(model) if model is not None else []:
        try:
            if source is not None:
                field.stream_block.validate_for_saving(
                    getattr(source, field.attname), publishing=False
                )
            elif field.name in instance.content:
                field.stream_block.validate_stored_for_saving(
                    instance.content[field.name], publishing=False
                )
        except StoryValidationError as error:
            error.error_dict = {field.name: list(error.error_list)}
            raise


def connect_story_validation() -> None:
    """Connected once, in the app's ``ready()``: every model with a story body, and revisions."""
    pre_save.connect(
        validate_stories_before_saving,
        dispatch_uid="wagtail_newsblocks.validate_stories_before_saving",
    )
    pre_save.connect(
        validate_stories_of_revision,
        sender=Revision,
        dispatch_uid="wagtail_newsblocks.validate_stories_of_revision",
    )
