from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ..blocks.story_facts import STORY_FACTS, story_context
from ..renditions import srcset_image
from ..sanitize import safe_url
from ..structured_data import jsonld_script, resolve_subject, story_structured_data

register = template.Library()


@register.simple_tag
def newsblocks_css() -> str:
    """The package's default stylesheet, as a ``<link>`` element.

    Opt-in: sites that style the blocks themselves leave it out.
    """
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_newsblocks/css/newsblocks.css")
    )


@register.filter
def newsblocks_safe_url(url: str | None) -> str:
    """The URL if it cannot run script (http, https, mailto, tel, relative), else "".

    Input is checked when it is written; this is the second lock, for content
    that reached the database by other roads.
    """
    return safe_url(url)


@register.simple_tag(takes_context=True)
def newsblocks_story(context, story) -> str:
    """``{% newsblocks_story page.body %}``: for templates that loop over a story's blocks themselves.

    ``{% include_block page.body %}`` hands every block the story's facts
    (unique anchors, the outline, which quotes repeat the story); a template
    that includes the blocks one by one says once, before the loop, which
    story they belong to.
    """
    if story is not None:
        context[STORY_FACTS] = story_context(story, context.flatten())[STORY_FACTS]
    return ""


@register.simple_tag
def newsblocks_srcset_image(image, spec: str, **attributes: str) -> str:
    """Wagtail's ``{% srcset_image image spec attr=… %}``, written the same, cheaper to repeat.

    Wagtail's tag makes (and inspects) new ``Filter`` objects each time it
    renders; in a story with hundreds of images and portraits that is a good
    part of the page's time. This one makes them once per spec. Attributes
    are written in the order given, as Wagtail's tag writes them.
    """
    return srcset_image(image, spec, attributes)


@register.simple_tag(takes_context=True)
def newsblocks_jsonld(
    context,
    subject=None,
    *,
    description: str | None = None,
    image=None,
    comment_count: int | None = None,
) -> str:
    """The story's structured data: ``{% newsblocks_jsonld page %}``.

    ``subject`` is a story page (its first ``NewsStoryBlock`` field is used) or
    a story value such as ``page.body`` (the page then comes from the
    context); left out, the context's ``page``. See docs/structured-data.md.
    """
    page, story = resolve_subject(subject, context)
    return jsonld_script(
        story_structured_data(
            page,
            story=story,
            request=context.get("request"),
            description=description,
            image=image,
            comment_count=comment_count,
        )
    )
