"""Working with story content in its stored (JSON) form."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from wagtail import blocks

from ..sanitize import clean_rich_text, safe_url

__all__ = ["describe_kept_item", "read_stored_items", "sanitize_stored_value"]


def read_stored_items(
    child_blocks: dict[str, blocks.Block], items: list
) -> tuple[list[dict], list[tuple[int, Any]]]:
    """Split stored stream items into those the blocks can read and those kept aside.

    Returns ``(readable, kept)``: ``readable`` holds ``{"type", "value", "id"}``
    items of known types (their values as stored: each block checks its own
    when it reads them); ``kept`` holds
    ``(position among the readable items, item)`` for everything else (a type
    the story does not know, an item without a value, something that is not
    an object at all), untouched, so that saving the story writes it back.

    Readable items keep Wagtail's keys only: releases before 0.2 also wrote
    "checked" and "found_in_story", which nothing may trust (anyone who can
    write the JSON can set them) and which are dropped here.
    """
    readable: list[dict] = []
    kept: list[tuple[int, Any]] = []
    for item in items:
        if isinstance(item, dict) and item.get("type") in child_blocks and "value" in item:
            if item.get("id") and item.keys() <= _WAGTAIL_KEYS:
                # Already Wagtail's form, id included (so Wagtail never writes
                # one into the caller's dict): taken as it is, not copied.
                readable.append(item)
                continue
            clean = {"type": item["type"], "value": item["value"]}
            if item.get("id"):
                clean["id"] = item["id"]
            readable.append(clean)
        else:
            kept.append((len(readable), item))
    return readable, kept


_WAGTAIL_KEYS = frozenset({"type", "value", "id"})


def describe_kept_item(item: Any, known_types: list[str]) -> tuple[str, bool]:
    """``(what is wrong with item, whether it can be kept as it is)`` for a kept stream item.

    An item of a type this version does not know (a block since removed,
    content from another system) is data: it is kept and written back. An item
    that is no block at all cannot be, and writing it is refused.
    """
    if not isinstance(item, dict):
        return (
            _("expected an object with “type” and “value”, not %(kind)s")
            % {"kind": type(item).__name__},
            False,
        )
    kind = item.get("type")
    if not isinstance(kind, str) or not kind:
        return _("the item has no block type (“type”)"), False
    if kind in known_types:
        return _("the %(type)s block has no value (“value”)") % {"type": kind}, False
    return (
        _("unknown block type “%(type)s” (known types: %(known)s); kept as stored, not shown")
        % {"type": kind, "known": ", ".join(known_types)},
        True,
    )


def sanitize_stored_value(block: blocks.Block, raw: Any) -> Any:
    """``raw`` (a block value as stored) with rich text cleaned and unsafe URLs blanked.

    Works on the JSON form without loading anything from the database, so it
    is cheap enough to run on every save.
    """
    own = getattr(block, "sanitize_raw", None)
    if own is not None:
        return own(raw)
    if isinstance(block, blocks.RichTextBlock):
        return clean_rich_text(raw, block.features) if isinstance(raw, str) else ""
    if isinstance(block, blocks.URLBlock):
        return safe_url(raw) if isinstance(raw, str) else ""
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            key: sanitize_stored_value(block.child_blocks[key], item)
            if key in block.child_blocks
            else item
            for key, item in raw.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [
            {**item, "value": sanitize_stored_value(block.child_block, item.get("value"))}
            if isinstance(item, dict) and item.get("type") == "item"
            else sanitize_stored_value(block.child_block, item)
            for item in raw
        ]
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {
                **item,
                "value": sanitize_stored_value(block.child_blocks[item["type"]], item.get("value")),
            }
            if isinstance(item, dict) and item.get("type") in block.child_blocks
            else item
            for item in raw
        ]
    return raw
