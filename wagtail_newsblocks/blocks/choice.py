"""Choice blocks whose values are text, as all of the package's are."""

from __future__ import annotations

from typing import Any

from wagtail import blocks

__all__ = ["TextChoiceBlock"]


class TextChoiceBlock(blocks.ChoiceBlock):
    """A ``ChoiceBlock`` for choices whose values are strings.

    Wagtail turns every stored value back into "its" choice by walking the
    whole choice list (for callable choices, building it anew each time): a
    hundred languages for every pull quote of a story. With string values the
    walk can only ever return the value itself, so it is skipped; anything
    else (``None``, numbers from hand-written JSON) takes Wagtail's road.
    Migrations record it as a plain ``wagtail.blocks.ChoiceBlock``.
    """

    def normalize_choice(self, value: Any) -> Any:
        if type(value) is str:
            return value
        return super().normalize_choice(value)
