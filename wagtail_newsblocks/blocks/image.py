"""Story images: a Wagtail image with alt text, caption and credit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.models import Filter

from .. import render_cache
from ..absolute_urls import context_base_url
from ..renditions import prefetch_renditions, rendition_as_dict
from . import previews
from .base import PREVIEW_TEMPLATE, NewsblocksStructBlock
from .choosers import StoryImageFieldBlock

__all__ = ["StoryImageBlock", "StoryImageValue"]

# The widths of blocks/image.html's srcset; the API's main rendition is 1200 wide.
SRCSET_SPEC = "width-{480,800,1200,1600}"
SRCSET_SPECS = tuple(Filter.expand_spec(SRCSET_SPEC))
API_SPEC = "width-1200"


class StoryImageValue(blocks.StructValue):
    @property
    def alt_text(self) -> str:
        image = self.get("image")
        if image is None or getattr(image, "decorative", False):
            return ""
        return getattr(image, "contextual_alt_text", None) or ""


class StoryImageBlock(NewsblocksStructBlock):
    """An image in the story, with a visible caption and a photo credit."""

    image = StoryImageFieldBlock(
        label=_("Image"),
        help_text=_(
            "Describe what the image shows in the alternative text, for readers who cannot see it."
        ),
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=500,
        label=_("Caption"),
        help_text=_("Shown below the image."),
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Credit"),
        help_text=_("Photographer or agency, e.g. “Foto: AFP/Sputnik”."),
    )

    searchable_fields = ("caption", "credit")
    counted_fields = ("caption",)

    render_cache = render_cache.BLOCK

    class Meta:
        icon = "image"
        label = _("Image")
        help_text = _("A photo or graphic with alternative text, caption and credit.")
        template = "wagtail_newsblocks/blocks/image.html"
        value_class = StoryImageValue
        label_format = "{caption}"
        preview_template = PREVIEW_TEMPLATE
        description = _("An image with alternative text, a caption and the photographer's credit.")

    def bulk_to_python(self, values: list) -> list:
        converted = super().bulk_to_python(values)
        # One query for the renditions of every image in the story.
        prefetch_renditions(value.get("image") for value in converted)
        return converted

    def get_preview_value(self) -> Any:
        # An image must exist in the database; show the newest one, if any,
        # preferring a landscape picture: in a newsroom the newest upload is
        # often a roster portrait, which the chooser's small preview would
        # crop to a face and hide the caption under.
        from django.db.models import F
        from wagtail.images import get_image_model

        images = get_image_model().objects.order_by("-created_at")
        image = images.filter(width__gt=F("height")).first() or images.first()
        if image is not None:
            image.contextual_alt_text = image.default_alt_text
            image.decorative = False
        return self.normalize(
            {
                "image": image,
                **previews.image(),
            }
        )

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        image = value.get("image")
        data = {
            "image": None,
            "alt_text": value.alt_text,
            "decorative": bool(getattr(image, "decorative", False)),
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
        }
        if image is not None:
            base = context_base_url(context)
            renditions = image.get_renditions(*SRCSET_SPECS)
            data["image"] = {
                "id": image.pk,
                "title": image.title,
                **rendition_as_dict(renditions[API_SPEC], base),
                # The page's srcset, smallest first.
                "srcset": [rendition_as_dict(renditions[spec], base) for spec in SRCSET_SPECS],
            }
        return data
