"""Chooser blocks that validate a story's chosen objects (experts, images) in bulk.

Wagtail's chooser blocks check each chosen object with a query of its own
when they are cleaned, so validating a story cost one query per image and
expert box. A story's chosen objects are checked together instead (one query
per chooser field, :func:`checked_choices`) and each chooser then accepts an
object found there without asking the database again; anything else takes
Wagtail's own road, with its messages. Converting a story skips the lookup
for choosers with nothing chosen (every pull quote without a roster speaker).

They are subclasses of Wagtail's chooser blocks that deconstruct as Wagtail's,
so that sites' migrations record Wagtail's classes, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Model
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from ..widgets import RosterChooser

__all__ = [
    "BulkCheckedChooserMixin",
    "RosterChooserBlock",
    "StoryImageChooserBlock",
    "StoryImageFieldBlock",
    "checked_choices",
]

# id(chooser block) -> primary keys found in its queryset, while a story is cleaned.
_FOUND: ContextVar[dict[int, set] | None] = ContextVar("newsblocks_found_choices", default=None)


class BulkCheckedChooserMixin:
    """For Wagtail chooser blocks: accept an object :func:`checked_choices` found; skip empty look-ups."""

    # The Wagtail class this one stands for in migrations.
    wagtail_class_path: str

    def clean(self, value: Any) -> Any:
        found = _FOUND.get()
        if (
            found is not None
            and isinstance(value, self.model_class)
            # Validators a site added still run, on Wagtail's road.
            and not self.field.validators
            and value.pk in found.get(id(self), ())
        ):
            return value
        return super().clean(value)

    def bulk_to_python(self, values: Any) -> list:
        values = list(values)
        # Wagtail builds and compiles an in_bulk query even for a list of
        # Nones: a quarter of converting a short story, for no row.
        if all(value is None for value in values):
            return [None] * len(values)
        return super().bulk_to_python(values)

    def deconstruct(self) -> tuple:
        _path, args, kwargs = super().deconstruct()
        return self.wagtail_class_path, args, kwargs


class RosterChooserBlock(BulkCheckedChooserMixin, SnippetChooserBlock):
    """A roster expert (a snippet), checked in bulk, chosen with their portrait in view."""

    wagtail_class_path = "wagtail.snippets.blocks.SnippetChooserBlock"

    @cached_property
    def widget(self) -> RosterChooser:
        if not self.has_explicit_icon:
            # As Wagtail's: the icon of the model's snippet viewset.
            self.set_meta_options({"icon": self.target_model.snippet_viewset.icon})
        return RosterChooser(self.target_model, icon=self.meta.icon)


class StoryImageChooserBlock(BulkCheckedChooserMixin, ImageChooserBlock):
    """An image, checked in bulk."""

    wagtail_class_path = "wagtail.images.blocks.ImageChooserBlock"


class StoryImageFieldBlock(ImageBlock):
    """Wagtail's ImageBlock (image with alt text), its image checked in bulk."""

    def __init__(self, required: bool = True, **kwargs: Any) -> None:
        super().__init__(required=required, **kwargs)
        chooser = StoryImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser

    def deconstruct(self) -> tuple:
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageBlock", args, kwargs


def _chosen(block: blocks.Block, value: Any, wanted: dict[int, tuple[blocks.Block, set]]) -> None:
    if value is None:
        return
    if isinstance(block, BulkCheckedChooserMixin):
        if isinstance(value, Model) and value.pk is not None:
            wanted.setdefault(id(block), (block, set()))[1].add(value.pk)
    elif isinstance(block, ImageBlock):
        # Its value is the image itself, with the alt text on it.
        _chosen(block.child_blocks["image"], value, wanted)
    elif isinstance(block, blocks.StructBlock) and hasattr(value, "get"):
        for name, child in block.child_blocks.items():
            _chosen(child, value.get(name), wanted)


@contextmanager
def checked_choices(stream_value: Any) -> Iterator[None]:
    """While cleaning ``stream_value``, its chosen objects count as checked if they exist."""
    wanted: dict[int, tuple[blocks.Block, set]] = {}
    for child in stream_value:
        _chosen(child.block, child.value, wanted)
    found = {
        key: set(chooser.field.queryset.filter(pk__in=pks).values_list("pk", flat=True))
        for key, (chooser, pks) in wanted.items()
    }
    token = _FOUND.set(found)
    try:
        yield
    finally:
        _FOUND.reset(token)
