"""The same story content in plain Wagtail core blocks: the benchmarks' yardstick.

Templates give the core blocks markup comparable to the package's, so that
the comparison is like for like (core StructBlocks would otherwise render a
bare definition list). The image and expert StructBlocks fetch their
images' renditions (and the experts' portraits) in one query per story, as
the package's blocks do and as a site that cares about speed would add to
core blocks: without it core blocks cost one query per image and per expert,
which would flatter the package's ratios on long stories.
"""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_newsblocks.blocks import PARAGRAPH_FEATURES


def prefetch_renditions(images) -> None:
    images = [image for image in {id(i): i for i in images if i is not None}.values()]
    if images:
        prefetch_related_objects(
            images,
            Prefetch(
                "renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
                to_attr="prefetched_renditions",
            ),
        )


class ImageStructBlock(blocks.StructBlock):
    def bulk_to_python(self, values):
        converted = super().bulk_to_python(values)
        prefetch_renditions(value.get("image") for value in converted)
        return converted


class ExpertStructBlock(blocks.StructBlock):
    def bulk_to_python(self, values):
        converted = super().bulk_to_python(values)
        experts = [value.get("expert") for value in converted if value.get("expert")]
        prefetch_related_objects(experts, "portrait")
        prefetch_renditions(expert.portrait for expert in experts)
        return converted


class CoreStoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    image = ImageStructBlock(
        [
            ("image", ImageBlock()),
            ("caption", blocks.CharBlock(required=False)),
            ("credit", blocks.CharBlock(required=False)),
        ],
        template="benchmarks/image.html",
    )
    pull_quote = blocks.StructBlock(
        [
            ("quote", blocks.TextBlock()),
            ("attribution", blocks.CharBlock(required=False)),
            ("role", blocks.CharBlock(required=False)),
            ("source_url", blocks.URLBlock(required=False)),
            (
                "alignment",
                blocks.ChoiceBlock(
                    choices=[("inline", "Inline"), ("wide", "Wide")], default="inline"
                ),
            ),
        ],
        template="benchmarks/pull_quote.html",
    )
    subhead = blocks.StructBlock(
        [("text", blocks.CharBlock()), ("anchor", blocks.CharBlock(required=False))],
        template="benchmarks/heading.html",
    )
    expert_opinion = ExpertStructBlock(
        [
            ("label", blocks.CharBlock(required=False)),
            ("headline", blocks.CharBlock(required=False)),
            ("expert", SnippetChooserBlock("wagtail_newsblocks.Expert", required=False)),
            ("statement", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ("quote", blocks.TextBlock(required=False)),
        ],
        template="benchmarks/expert.html",
    )
