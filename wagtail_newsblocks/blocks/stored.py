"""Working with story content in its stored (JSON) form."""

from __future__ import annotations

from typing import Any

from wagtail import blocks

from ..sanitize import clean_rich_text, safe_url

__all__ = ["CHECKED_KEY", "FOUND_IN_STORY_KEY", "sanitize_stored_value"]

# Set on every stream item that NewsStoryBlock wrote after validating it. Items
# without it (raw JSON from code or other systems) are validated before they
# are written; items with it were valid when written, so a reference that has
# since gone stale degrades on rendering instead of blocking the save.
CHECKED_KEY = "checked"
# Set on pull quote items whenever a story is written: whether the story's
# text has the quote's words (see repetition.py). Finding out means reading
# the whole story, once per save instead of once per render; a story changed
# after loading works it out again.
FOUND_IN_STORY_KEY = "found_in_story"


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
