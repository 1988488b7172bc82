"""Structured data (schema.org JSON-LD) for a story page.

``{% newsblocks_jsonld page %}`` renders what :func:`story_structured_data`
builds: a ``NewsArticle`` with the page's headline, description, dates,
language, images and publisher, each pull quote (and each expert's quote) as a
``Quotation`` whose ``creator`` is a ``Person``, each expert as a ``Person``
with an ``Organization`` as ``affiliation``, and the discussion while it is
open. Every property is schema.org's own (tests check the names against the
vocabulary); docs/structured-data.md lists them.

The JSON is escaped for the inside of a ``<script>`` element the way Django's
``json_script`` does it, plus U+2028 and U+2029, so that no text an editor
typed can end the element or be read as markup.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.blocks import StreamValue

from . import render_cache
from ._compat import stream_items
from .absolute_urls import absolute_url, base_url
from .blocks.base import story_language
from .blocks.comment_policy import CommentPolicyValue, iso_local
from .blocks.expert_opinion import ExpertOpinionValue
from .blocks.image import StoryImageValue
from .blocks.pull_quote import PullQuoteValue
from .blocks.roster import Person
from .blocks.story_facts import story_context
from .conf import newsblocks_settings
from .languages import page_language
from .page_story import find_story
from .quotation_marks import typeset_quotation_marks
from .renditions import rendition
from .repetition import rich_text_passages
from .share_links import quote_links
from .sites import site_name

__all__ = ["jsonld_script", "resolve_subject", "story_structured_data"]

SCHEMA_CONTEXT = "https://schema.org"

# The comment-policy footer's id (blocks/comment_policy.html): where the
# discussion is on the story's page.
COMMENTS_FRAGMENT = "newsblocks-comments"
# Longest description made from the story's first paragraph, in characters.
DESCRIPTION_LENGTH = 300
IMAGE_RENDITION = "width-1200"
PORTRAIT_RENDITION = "fill-400x400"

# Django's json_script escapes, and the two line terminators that JavaScript
# before ES2019 did not allow in strings (some consumers still parse JSON-LD
# with such engines).
# ``str.replace`` per character, not ``str.translate`` with a table: on the
# JSON-LD of a long story (hundreds of kilobytes) the table costs 4x as much.
_SCRIPT_ESCAPES = (
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def jsonld_script(data: dict | None) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element; "" for nothing."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def resolve_subject(subject: Any, context: dict | None = None) -> tuple[Any, StreamValue | None]:
    """``(page, story)`` for the tag's argument: a page, a story value, or nothing.

    Given a story value, the page comes from the template context; given a
    page, the story is its first ``NewsStoryBlock`` StreamField.
    """
    context = context or {}
    if subject is None:
        subject = context.get("page")
    if hasattr(subject, "stream_block"):
        return context.get("page"), subject
    return subject, find_story(subject)


def story_structured_data(
    page: Any = None,
    *,
    story: StreamValue | None = None,
    request: Any = None,
    description: str | None = None,
    image: Any = None,
    comment_count: int | None = None,
) -> dict | None:
    """The ``NewsArticle`` for ``page`` (and/or ``story``), as a JSON-ready dict.

    ``description`` defaults to the page's search description, else the start
    of the story's first paragraph; ``image`` (a Wagtail image) goes before the
    story's own images; ``comment_count``, where the site's comment system
    knows it, becomes ``commentCount``. Returns ``None`` with neither a page
    nor a story.
    """
    if story is None and page is not None:
        story = find_story(page)
    if page is None and story is None:
        return None
    base = base_url(page, request)
    article: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "NewsArticle"}
    page_url = _page_url(page, request)
    if page_url:
        article["@id"] = f"{page_url}#newsblocks-article"
        article["url"] = page_url
        article["mainEntityOfPage"] = page_url
    if page is not None:
        # As the share page quotes it: a quotation in the title has the language's marks.
        article["headline"] = typeset_quotation_marks(page.title, page_language({"page": page}))
    # What the page's blocks render with, so that every quote names the same
    # person in the same language as the page does. What comes from the
    # story's blocks is kept in the render cache beside the blocks' HTML,
    # under the same keys (render_cache.remembered): with the cache warm, a
    # served story converts no block and loads no expert or image for it.
    context = story_context(story, {"page": page, "request": request})
    with story_language(context):
        parts = render_cache.remembered(
            story,
            context,
            f"jsonld:{base}",
            lambda: _story_parts(page, story, context, base, request),
        )
    description = description or getattr(page, "search_description", "") or parts["description"]
    if description:
        article["description"] = description
    if published := iso_local(getattr(page, "first_published_at", None)):
        article["datePublished"] = published
    modified = getattr(page, "last_published_at", None) or getattr(
        page, "latest_revision_created_at", None
    )
    if modified := iso_local(modified):
        article["dateModified"] = modified
    language = page_language({"page": page})
    article["inLanguage"] = language
    images = [_image_node(image, base)] if image is not None else []
    if images := [node for node in [*images, *parts["images"]] if node]:
        article["image"] = images
    if publisher := _publisher(page, request, base):
        article["publisher"] = publisher
    if parts["quotations"]:
        article["hasPart"] = parts["quotations"]
    if parts["experts"]:
        article["mentions"] = parts["experts"]

    policy_value = _comment_policy(story)
    if policy_value is not None and page_url and policy_value.policy(context).is_open:
        # schema.org has no "comments closed" property: an open discussion is
        # said with where it is and what readers can do there; a closed or
        # disabled one by leaving both out (docs/structured-data.md).
        discussion_url = f"{page_url}#{COMMENTS_FRAGMENT}"
        article["discussionUrl"] = discussion_url
        article["potentialAction"] = {"@type": "CommentAction", "target": discussion_url}
    if comment_count is not None:
        article["commentCount"] = int(comment_count)
    return article


def _story_parts(page: Any, story: StreamValue | None, context: dict, base: str, request) -> dict:
    """What the article takes from the story's blocks, as JSON-ready data (cacheable)."""
    images = [
        _image_node(value.get("image"), base, value) for value in _values(story, StoryImageValue)
    ]
    quotations = []
    experts = []
    for child in _children(story, PullQuoteValue, ExpertOpinionValue):
        value = child.value
        if isinstance(value, PullQuoteValue):
            quotation = _pull_quotation(value, context, base)
            if quotation is not None:
                # The quote's share page and card (docs/quote-cards.md).
                links = quote_links(page, child.id, base, request)
                if links:
                    quotation["url"] = links["share_url"]
                    quotation["image"] = links["card_url"]
            quotations.append(quotation)
        else:
            person = _expert_person(value, context, base)
            # An expert with two boxes is one person.
            if person is not None and person not in experts:
                experts.append(person)
            if value.get("quote"):
                quotations.append(_expert_quotation(value, person, context))
    return {
        "description": _first_words(story),
        "images": [node for node in images if node],
        "quotations": [q for q in quotations if q],
        "experts": experts,
    }


# -- pieces ---------------------------------------------------------------------


def _comment_policy(story: StreamValue | None) -> CommentPolicyValue | None:
    """The story's comment-policy footer, converting no other block.

    Whether the discussion is open depends on the time: worked out on every
    request, while the rest of the story's part comes from the render cache.
    """
    if story is None:
        return None
    names = {
        name
        for name, block in story.stream_block.child_blocks.items()
        if getattr(block.meta, "value_class", None) is not None
        and issubclass(block.meta.value_class, CommentPolicyValue)
    }
    for index, (raw, child) in enumerate(stream_items(story)):
        if (child.block_type if child is not None else raw.get("type")) in names:
            return story[index].value
    return None


def _children(story: StreamValue | None, *types: type) -> list:
    if story is None:
        return []
    return [child for child in story if isinstance(child.value, types)]


def _values(story: StreamValue | None, *types: type) -> list:
    return [child.value for child in _children(story, *types)]


def _page_url(page: Any, request: Any) -> str | None:
    if page is None or not getattr(page, "pk", None):
        return None
    return page.get_full_url(request)


def _first_words(story: StreamValue | None) -> str:
    if story is None:
        return ""
    for child in story:
        if child.block_type != "paragraph":
            continue
        text = " ".join(rich_text_passages(child.value.source)).strip()
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def _image_node(image: Any, base: str, value: StoryImageValue | None = None) -> dict | None:
    if image is None:
        return None
    rendered = rendition(image, IMAGE_RENDITION)
    node: dict[str, Any] = {
        "@type": "ImageObject",
        "url": absolute_url(rendered.url, base),
        "width": rendered.width,
        "height": rendered.height,
    }
    if value is not None:
        if caption := value.get("caption"):
            node["caption"] = caption
        if credit := value.get("credit"):
            node["creditText"] = credit
    return node


def _publisher(page: Any, request: Any, base: str) -> dict:
    configured = newsblocks_settings.PUBLISHER or {}
    name = configured.get("name") or site_name(page, request)
    if not name:
        return {}
    node: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": name}
    node["url"] = absolute_url(configured.get("url") or "/", base)
    node["@id"] = f"{node['url'].rstrip('/')}/#newsblocks-publisher"
    if logo := absolute_url(configured.get("logo"), base):
        node["logo"] = {"@type": "ImageObject", "url": logo}
    return node


def _person_node(person: Person, base: str, *, roster_entry: Any = None) -> dict:
    """A person as ``value.person_for(context)`` gives them: the page shows the same."""
    node: dict[str, Any] = {"@type": "Person"}
    if roster_entry is not None:
        # The roster entry's translations are one person: one id for all.
        key = getattr(roster_entry, "translation_key", None) or roster_entry.pk
        node["@id"] = f"{base}#newsblocks-expert-{key}"
    node["name"] = person.name
    if person.role:
        node["jobTitle"] = person.role
    if person.organization:
        node["affiliation"] = {"@type": "Organization", "name": person.organization}
    if url := absolute_url(person.profile_url, base):
        node["url"] = url
    if person.bio:
        node["description"] = person.bio
    if person.portrait is not None:
        node["image"] = absolute_url(rendition(person.portrait, PORTRAIT_RENDITION).url, base)
    return node


def _pull_quotation(value: PullQuoteValue, context: dict, base: str) -> dict | None:
    rendering = value.rendering(context)
    if not rendering["inner"].strip():
        return None
    node: dict[str, Any] = {
        "@type": "Quotation",
        "text": rendering["inner"],
        "inLanguage": rendering["language"],
    }
    speaker = value.person_for(context)
    if speaker is not None:
        node["creator"] = _person_node(speaker, base, roster_entry=value.roster_expert_for(context))
    if source := absolute_url(value.get("source_url"), base):
        node["isBasedOn"] = source
    return node


def _expert_person(value: ExpertOpinionValue, context: dict, base: str) -> dict | None:
    roster_entry = value.roster_expert_for(context)
    person = value.person_for(context)
    if person is None:
        return None
    return _person_node(person, base, roster_entry=roster_entry)


def _expert_quotation(value: ExpertOpinionValue, person: dict | None, context: dict) -> dict:
    quote = value.quote_rendering(context)
    node: dict[str, Any] = {
        "@type": "Quotation",
        "text": quote["inner"],
        "inLanguage": quote["language"],
    }
    if person is not None:
        node["creator"] = person
    return node
