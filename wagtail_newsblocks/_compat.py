"""Every use of Wagtail's internals, in one place, each with the reason it is needed.

The rest of the package uses Wagtail's public API only. What is here has no
public equivalent in the supported versions (Wagtail 7.4 LTS and 8.x);
``tests/test_compat.py`` runs each function on whichever version is
installed, and the test matrix runs it on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wagtail.blocks import Block, StreamValue

__all__ = ["declared_required", "stream_items"]


def stream_items(value: StreamValue) -> Iterator[tuple[dict | None, Any]]:
    """``(stored item, None)`` for each child never converted, ``(None, child)`` for the others.

    Why: a child that was never converted is still exactly its stored JSON
    (what the render cache keys on and what saving writes back, cleaned,
    without converting it); a converted child may have been changed in
    place since, and only its ``StreamChild`` knows. Wagtail's public
    ``raw_data`` cannot tell the two apart: it returns the JSON as loaded
    even for a child changed since. Stored items are the list's own dicts,
    so giving one an id sticks.
    """
    raw_data = value._raw_data
    for index, child in enumerate(value._bound_blocks):
        if child is not None:
            yield None, child
        else:
            yield raw_data[index], None


def declared_required(block: Block) -> bool:
    """Whether ``block`` is declared required, also while Wagtail defers validation.

    Why: while a draft is validated, Wagtail switches ``required`` off on the
    blocks and keeps the declared value in ``_original_required``; whether
    the stored data must hold the field is what was declared.
    """
    if getattr(block, "is_deferred_validation", False) and hasattr(block, "_original_required"):
        return bool(block._original_required)
    return bool(getattr(block, "required", False))
