"""Validating a story's chosen objects (experts, images, pages) in bulk.

Wagtail's chooser blocks check each chosen object with a query of its own
when they are cleaned, so validating a story cost one query per image and
expert box. A story's chosen objects are checked together instead (one query
per chooser field) and each chooser then accepts an object found there
without asking the database again; anything else takes Wagtail's own road,
with its messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import MethodType
from typing import Any

from django.db.models import Model
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

__all__ = ["check_choices_in_bulk", "checked_choices", "skip_empty_lookups"]

# id(chooser block) -> primary keys found in its queryset, while a story is cleaned.
_FOUND: ContextVar[dict[int, set] | None] = ContextVar("newsblocks_found_choices", default=None)


def check_choices_in_bulk(block: blocks.Block) -> None:
    """Let ``block`` (a chooser block) accept objects checked by :func:`checked_choices`.

    Set on the instance, like the widgets swapped in after construction, so
    that migrations still record Wagtail's own chooser classes.
    """
    if "clean" in vars(block):
        return
    wagtail_clean = type(block).clean

    def clean(value):
        found = _FOUND.get()
        if (
            found is not None
            and isinstance(value, block.model_class)
            and not block._validators
            and value.pk in found.get(id(block), ())
        ):
            return value
        return wagtail_clean(block, value)

    clean.newsblocks_bulk = True
    block.clean = clean


def skip_empty_lookups(block: blocks.Block) -> None:
    """Let ``block`` (a chooser block) convert a story's values without SQL when none is chosen.

    Wagtail builds and compiles an ``in_bulk`` query even for a list of Nones
    (every pull quote without a roster speaker, every expert box without an
    own portrait): a quarter of converting a short story, for no row.
    """
    if "bulk_to_python" not in vars(block):
        # A bound method, so that a deep copy of the block binds to the copy.
        block.bulk_to_python = MethodType(_bulk_to_python_skipping_empty, block)


def _bulk_to_python_skipping_empty(block: blocks.Block, values: Any) -> list:
    values = list(values)
    if all(value is None for value in values):
        return [None] * len(values)
    return type(block).bulk_to_python(block, values)


def _chooser_of(block: blocks.Block) -> blocks.Block | None:
    clean = vars(block).get("clean")
    return block if getattr(clean, "newsblocks_bulk", False) else None


def _chosen(block: blocks.Block, value: Any, wanted: dict[int, tuple[blocks.Block, set]]) -> None:
    if value is None:
        return
    if (chooser := _chooser_of(block)) is not None:
        if isinstance(value, Model) and value.pk is not None:
            wanted.setdefault(id(chooser), (chooser, set()))[1].add(value.pk)
    elif isinstance(block, ImageBlock):
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
