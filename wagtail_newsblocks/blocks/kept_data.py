"""Stored data the admin's form cannot show, carried through it unchanged.

Wagtail's StreamField form is built in the browser from each block's form
state and read back from the form's fields, so whatever has no field is lost
on an admin save: items of a block type the story no longer knows, keys from
an older field layout, the snapshot of a roster expert since deleted. The
blocks put such data in their form state under :data:`FORM_STATE_KEY`; the
package's admin script (``js/kept-data.js``) takes it out before Wagtail
builds the form, shows the editor a note about it and writes it into a
hidden field, ``<prefix>-newsblocks-kept``, which :func:`from_form_data`
reads back when the form is saved. The data is only ever written back as it
was; it is validated with the rest of the block.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["FORM_STATE_KEY", "discard_requested", "field_name", "form_state", "from_form_data"]

# The key in a block's form state, and the suffix of the hidden field.
FORM_STATE_KEY = "newsblocks-kept"


def field_name(prefix: str) -> str:
    return f"{prefix}-{FORM_STATE_KEY}"


def form_state(data: Any, notice: str, discard_label: str = "") -> dict:
    """What the admin script needs: the data to carry, and what to tell the editor.

    With ``discard_label``, the note has a checkbox of that label: data that
    cannot be saved as it is (an item that is no block) would otherwise stop
    every save with an error the editor has no field to fix.
    """
    state = {"data": data, "notice": str(notice)}
    if discard_label:
        state["discardLabel"] = str(discard_label)
    return state


def discard_requested(form_data: Any, prefix: str) -> bool:
    """Whether the editor ticked the note's checkbox to drop what cannot be kept."""
    return bool(hasattr(form_data, "get") and form_data.get(f"{field_name(prefix)}-discard"))


def from_form_data(form_data: Any, prefix: str) -> Any:
    """The kept data a submitted form carries for the block at ``prefix``, or None."""
    raw = form_data.get(field_name(prefix)) if hasattr(form_data, "get") else None
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None
