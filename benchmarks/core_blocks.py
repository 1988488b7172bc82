"""The same story content in plain Wagtail core blocks: the benchmarks' yardstick.

Templates give the core blocks markup comparable to the package's, so that
the comparison is like for like (core StructBlocks would otherwise render a
bare definition list).
"""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_newsblocks.blocks import PARAGRAPH_FEATURES


class CoreStoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    image = blocks.StructBlock(
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
    expert_opinion = blocks.StructBlock(
        [
            ("label", blocks.CharBlock(required=False)),
            ("headline", blocks.CharBlock(required=False)),
            ("expert", SnippetChooserBlock("wagtail_newsblocks.Expert", required=False)),
            ("statement", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ("quote", blocks.TextBlock(required=False)),
        ],
        template="benchmarks/expert.html",
    )
