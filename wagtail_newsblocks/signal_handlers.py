"""Signal handlers: the package's reactions to changes elsewhere, connected in ``apps.py``.

The top layer: blocks and models never import this module.

Story bodies saved from code (docs/security.md, "Validation of content written from code"): a page
saved as live passes every publish rule, a draft the draft rules, as in the
admin.

The render cache (docs/performance.md): saving or deleting an expert or an
image gives it a fresh token, so every rendered block that shows it renders
anew; with the cache off, an edit costs nothing.

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
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import render_cache
from .blocks.story import NewsStoryBlock, StoryValidationError
from .blocks.story_facts import story_context
from .blocks.subhead import SubheadValue
from .localize import anchors_follow_source, source_story
from .models import Expert
from .outline import clean_anchor
from .quote_cards.withdrawal import prune_page_cards, prune_page_tree

__all__ = [
    "connect_invalidation_signals",
    "connect_quote_card_signals",
    "connect_story_validation",
    "follow_source_anchors",
    "pin_anchors",
    "pin_anchors_of_copy",
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
    # Cached on the class itself (not inherited from a parent model, which
    # has other fields): a model's fields do not change while it runs.
    fields = vars(model).get("_newsblocks_story_fields")
    if fields is None:
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
        follow_source_anchors(instance, field.name, value)
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


# -- the render cache: edits to experts and images reach rendered stories -----------


def _forget_on_commit(label: str, pks: list) -> None:
    # After the commit: a render in between would otherwise cache the old
    # content under the new token (or, on a rollback, content that never was).
    if pks:
        transaction.on_commit(lambda: render_cache.forget_references(label, pks))


def _with_translations(experts) -> list:
    keys = experts.values("translation_key")
    return list(Expert.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def _on_expert_change(sender, instance, **kwargs) -> None:
    # A story stores one language's entry and shows the page language's: a
    # change to any translation changes what some page shows.
    siblings = sender.objects.filter(translation_key=instance.translation_key)
    pks = {instance.pk, *siblings.values_list("pk", flat=True)}
    _forget_on_commit(sender._meta.label_lower, sorted(pks))


def _on_image_change(sender, instance, **kwargs) -> None:
    _forget_on_commit(sender._meta.label_lower, [instance.pk])
    # Experts' boxes show their portraits: a new file or focal point changes them.
    portrayed = getattr(instance, "_newsblocks_portrayed", None)
    if portrayed is None:
        portrayed = _with_translations(Expert.objects.filter(portrait=instance))
    _forget_on_commit(Expert._meta.label_lower, portrayed)


def _before_image_delete(sender, instance, **kwargs) -> None:
    # Deleting the image empties the experts' portrait field without saving them.
    instance._newsblocks_portrayed = _with_translations(Expert.objects.filter(portrait=instance))


def _when_enabled(receiver):
    def receive(sender, instance, **kwargs):
        if render_cache.is_enabled() and instance.pk is not None:
            receiver(sender, instance, **kwargs)

    return receive


def connect_invalidation_signals() -> None:
    """Connected in the app's ``ready()``; with the cache off, an edit costs nothing."""
    image_model = get_image_model()
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _when_enabled(_on_expert_change),
            sender=Expert,
            weak=False,
            dispatch_uid=f"newsblocks-render-cache-expert-{name}",
        )
        signal.connect(
            _when_enabled(_on_image_change),
            sender=image_model,
            weak=False,
            dispatch_uid=f"newsblocks-render-cache-image-{name}",
        )
    pre_delete.connect(
        _when_enabled(_before_image_delete),
        sender=image_model,
        weak=False,
        dispatch_uid="newsblocks-render-cache-image-pre-delete",
    )


# -- translations: copies keep the source's automatic anchors ---------------------


def pin_anchors(story) -> bool:
    """Write each subhead's resolved automatic anchor into its ``anchor`` field.

    ``story`` is a ``NewsStoryBlock`` value; returns whether anything changed.
    Pinning does not move any anchor (editor-set anchors win over automatic
    ones either way), so the story's outline stays as it is.
    """
    context = story_context(story)
    pinned = [
        (child.value, child.value.anchor_for(context))
        for child in story
        if isinstance(child.value, SubheadValue)
        and not clean_anchor(child.value.get("anchor") or "")
    ]
    for value, anchor in pinned:
        value["anchor"] = anchor
    return bool(pinned)


def _editor_anchors(story) -> list[str]:
    return [
        anchor
        for child in story
        if isinstance(child.value, SubheadValue)
        and (anchor := clean_anchor(child.value.get("anchor") or ""))
    ]


def follow_source_anchors(instance: Any, field_name: str, story) -> None:
    """A translation's repeated headings get the numbered anchors its source resolved.

    Each subhead's segment carries the anchor it makes on its own (see
    :mod:`.localize`): a heading the source story had to number arrives with
    another heading's anchor. Only then (one anchor twice, which no valid
    story has) is the source looked up, and each subhead that still holds
    the anchor its source block makes alone gets the one the source resolved.
    """
    anchors = _editor_anchors(story)
    if len(anchors) == len(set(anchors)) or not anchors_follow_source():
        return
    source = source_story(instance, field_name)
    if source is None:
        return
    context = story_context(source)
    resolved = {
        child.id: (child.value.anchor_for(None), child.value.anchor_for(context))
        for child in source
        if isinstance(child.value, SubheadValue)
        and not clean_anchor(child.value.get("anchor") or "")
    }
    for child in story:
        alone, in_story = resolved.get(child.id, (None, None))
        if alone and isinstance(child.value, SubheadValue) and child.value.get("anchor") == alone:
            child.value["anchor"] = in_story


def pin_anchors_of_copy(sender=None, source_obj=None, target_obj=None, **kwargs) -> None:
    """``copy_for_translation_done``: the copy's subheads keep the source's automatic anchors."""
    if target_obj is None or getattr(target_obj, "alias_of_id", None):
        return
    if not anchors_follow_source():
        return
    changed = [
        field.name
        for field in story_fields(type(target_obj))
        if pin_anchors(getattr(target_obj, field.name))
    ]
    if not changed:
        return
    # Written as a copy is, without validating again what the source published.
    if isinstance(target_obj, Page):
        target_obj.save(update_fields=changed, clean=False)
    else:
        target_obj.save(update_fields=changed)
    if hasattr(target_obj, "save_revision"):
        # Editors open the copy's latest revision: it gets the anchors too.
        target_obj.save_revision(changed=False, clean=False, log_action=False)
