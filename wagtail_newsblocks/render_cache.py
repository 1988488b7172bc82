"""The optional per-block render cache (``WAGTAIL_NEWSBLOCKS["RENDER_CACHE"]``).

Off by default. When on, a story's blocks are looked up in Django's cache
(``RENDER_CACHE_ALIAS``) before anything is loaded or rendered, and only the
blocks not found there are converted and rendered. A block's entry is keyed
by:

* the package version and the block's type;
* its stored content, including its id (a hash of the JSON as stored, or of
  the value as it would be stored if code has changed it since loading);
* the page's language and the active language, the page's id and address;
* a token for each expert and image it refers to, replaced whenever that
  expert or image is saved or deleted (and an expert's token when their
  portrait image is): the tokens live in the same cache, so every app server
  sees an edit at once;
* for blocks whose output depends on the rest of the story (subhead anchors,
  tables of contents, pull quotes that may repeat the story, expert boxes
  with a heading), a hash of the whole story.

Blocks whose output depends on the time, the request or on objects outside
these keys are never cached: comment-policy footers, rich text with links to
pages or documents (their URLs change when the page moves), and blocks a site
adds that do not declare themselves cacheable (``render_cache``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from . import __version__
from .conf import newsblocks_settings
from .languages import page_language
from .quote_cards.links import shareable

__all__ = [
    "BLOCK",
    "STORY",
    "connect_invalidation_signals",
    "forget_references",
    "is_enabled",
    "render_story",
]

# Values of a block class's ``render_cache`` attribute.
BLOCK = "block"  # output depends on the block's own content (and languages, references)
STORY = "story"  # ... and on the rest of the story

# Bump when what a key covers changes.
KEY_SCHEME = 2
PREFIX = "wagtail_newsblocks:render"


def is_enabled() -> bool:
    return bool(newsblocks_settings.RENDER_CACHE)


def applies_to(context: dict | None) -> bool:
    """Whether a render with ``context`` may read and write the cache.

    Never for previews: a preview renders unsaved content and leaves out what
    only a live page has (share links), and must change nothing readers get.
    """
    request = (context or {}).get("request")
    return is_enabled() and not getattr(request, "is_preview", False)


def _cache():
    return caches[newsblocks_settings.RENDER_CACHE_ALIAS]


def _reference_key(label: str, pk: Any) -> str:
    return f"{PREFIX}:ref:{label}:{pk}"


def forget_references(label: str, pks: Sequence[Any]) -> None:
    """Give fresh tokens to the objects ``label``/``pks``: blocks showing them render anew.

    A random token rather than a counter: a counter evicted from the cache
    would start again from where stale entries were keyed.
    """
    if not pks:
        return
    _cache().set_many(
        {_reference_key(label, pk): uuid.uuid4().hex for pk in pks},
        timeout=newsblocks_settings.RENDER_CACHE_TIMEOUT,
    )


def _reference_tokens(references: set[tuple[str, Any]]) -> dict[tuple[str, Any], str]:
    if not references:
        return {}
    cache = _cache()
    keys = {_reference_key(label, pk): (label, pk) for label, pk in references}
    found = cache.get_many(list(keys))
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        # add(), not set(): another server may have created the token meanwhile.
        timeout = newsblocks_settings.RENDER_CACHE_TIMEOUT
        for key, token in missing.items():
            cache.add(key, token, timeout=timeout)
        found.update(cache.get_many(list(missing)))
    return {keys[key]: token for key, token in found.items() if key in keys}


def _as_text(data: Any) -> str:
    # Keys in stored order: the same content stored in another order only
    # misses the cache, it never hits a wrong entry.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _Child:
    """One block of the story as far as the cache is concerned."""

    __slots__ = ("block", "html", "index", "key", "kind", "raw", "references", "text")

    def __init__(self, index: int, block, raw: dict | None):
        self.index = index
        self.block = block
        self.raw = raw
        self.kind = getattr(block, "render_cache", None) if block is not None else None
        self.text = _as_text(raw)
        self.key: str | None = None
        self.html: str | None = None
        self.references: set[tuple[str, Any]] = set()


def _stored_form(story, index: int) -> dict | None:
    # The JSON as loaded while the block is untouched; once code has converted
    # it (and may have changed it in place) the value as it would be stored.
    bound = story._bound_blocks[index]
    if bound is None:
        return story._raw_data[index]
    return {
        "type": bound.block_type,
        "value": bound.block.get_prep_value(bound.value),
        "id": bound.id,
    }


def render_story(story_block, story, context: dict | None) -> str:
    """``story`` rendered with ``story_block``'s template, cached block by block."""
    languages = (page_language(context), translation.get_language() or "")
    # Blocks may link to their page (share links, anchors): the page's identity
    # and address are part of every key, so a moved page renders anew.
    page = (context or {}).get("page")
    # Whether the page's quotes may be shared decides their share links: a
    # page unpublished or restricted since must not be served the links it had.
    page_identity = ":".join(
        [
            str(getattr(page, "pk", "")),
            str(getattr(page, "url_path", "")),
            str(shareable(page, (context or {}).get("request"))),
        ]
    )
    children = []
    for index in range(len(story)):
        raw = _stored_form(story, index)
        block = story_block.child_blocks.get(raw.get("type")) if isinstance(raw, dict) else None
        child = _Child(index, block, raw)
        if child.kind in (BLOCK, STORY):
            # Links to pages and documents: their URLs change without the block changing.
            if "linktype" in child.text:
                child.kind = None
            else:
                child.references = set(block.render_cache_references(raw.get("value")))
        children.append(child)

    cacheable = [child for child in children if child.kind]
    if cacheable:
        story_hash = (
            _hash("\n".join(child.text for child in children))
            if any(child.kind == STORY for child in cacheable)
            else ""
        )
        tokens = _reference_tokens(set().union(*(child.references for child in cacheable)))
        for child in cacheable:
            references = sorted(
                f"{label}:{pk}:{tokens.get((label, pk), '')}" for label, pk in child.references
            )
            child.key = f"{PREFIX}:{KEY_SCHEME}:" + _hash(
                "|".join(
                    [
                        __version__,
                        *languages,
                        page_identity,
                        child.text,
                        *references,
                        story_hash if child.kind == STORY else "",
                    ]
                )
            )
        found = _cache().get_many([child.key for child in cacheable])
        for child in cacheable:
            child.html = found.get(child.key)

    if all(child.html is not None for child in children) and _is_own_story_template(
        story_block.meta.template
    ):
        # Exactly what news_story.html writes, without running its loop.
        return mark_safe("".join(f"{child.html}\n" for child in children) + "\n")

    rendered = _RenderedStory(story, children)
    new_context = story_block.get_context(story, parent_context=dict(context or {}))
    new_context["value"] = rendered
    html = render_to_string(story_block.meta.template, new_context)
    if rendered.fresh:
        _cache().set_many(rendered.fresh, timeout=newsblocks_settings.RENDER_CACHE_TIMEOUT)
    return mark_safe(html)


STORY_TEMPLATE = "wagtail_newsblocks/blocks/news_story.html"
_OWN_TEMPLATES = str(Path(__file__).resolve().parent / "templates")


def _is_own_story_template(name: str) -> bool:
    """Whether ``name`` is the package's story template, not one a site put in its place."""
    if name != STORY_TEMPLATE:
        return False
    origin = getattr(get_template(name), "origin", None)
    return str(getattr(origin, "name", "")).startswith(_OWN_TEMPLATES)


class _RenderedStory(Sequence):
    """What the story template loops over: the story's children, cached ones already rendered.

    Anything else a template asks of it (``value.outline``, …) comes from the story.
    """

    def __init__(self, story, children: list[_Child]):
        self._story = story
        self._children = [_CachedChild(self, child) for child in children]
        self.fresh: dict[str, str] = {}

    def __getitem__(self, index):
        return self._children[index]

    def __len__(self) -> int:
        return len(self._children)

    def __iter__(self) -> Iterator[_CachedChild]:
        return iter(self._children)

    def __getattr__(self, name: str):
        return getattr(self._story, name)


class _CachedChild:
    """Stands in for a ``StreamChild``; the real one is only made if something needs it."""

    def __init__(self, rendered: _RenderedStory, child: _Child):
        self._rendered = rendered
        self._child = child
        self._bound = None

    @property
    def bound(self):
        if self._bound is None:
            self._bound = self._rendered._story[self._child.index]
        return self._bound

    @property
    def id(self):
        raw = self._child.raw
        return raw.get("id") if isinstance(raw, dict) else self.bound.id

    @property
    def block_type(self):
        raw = self._child.raw
        return raw.get("type") if isinstance(raw, dict) else self.bound.block_type

    @property
    def block(self):
        return self.bound.block

    @property
    def value(self):
        return self.bound.value

    def render(self, context=None):
        return self._render(context, "render")

    def render_as_block(self, context=None):
        return self._render(context, "render_as_block")

    def _render(self, context, method: str):
        child = self._child
        if child.html is not None:
            return mark_safe(child.html)
        html = getattr(self.bound, method)(context=context)
        if child.key is not None:
            child.html = str(html)
            self._rendered.fresh[child.key] = child.html
        return html

    def __str__(self) -> str:
        return str(self.bound)


# -- invalidation ---------------------------------------------------------------


def _forget_on_commit(label: str, pks: list) -> None:
    # After the commit: a render in between would otherwise cache the old
    # content under the new token (or, on a rollback, content that never was).
    if pks:
        transaction.on_commit(lambda: forget_references(label, pks))


def _with_translations(experts) -> list:
    from .models import Expert

    keys = experts.values("translation_key")
    return list(Expert.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def _on_expert_change(sender, instance, **kwargs) -> None:
    # A story stores one language's entry and shows the page language's: a
    # change to any translation changes what some page shows.
    siblings = sender.objects.filter(translation_key=instance.translation_key)
    pks = {instance.pk, *siblings.values_list("pk", flat=True)}
    _forget_on_commit(sender._meta.label_lower, sorted(pks))


def _on_image_change(sender, instance, **kwargs) -> None:
    from .models import Expert

    _forget_on_commit(sender._meta.label_lower, [instance.pk])
    # Experts' boxes show their portraits: a new file or focal point changes them.
    portrayed = getattr(instance, "_newsblocks_portrayed", None)
    if portrayed is None:
        portrayed = _with_translations(Expert.objects.filter(portrait=instance))
    _forget_on_commit(Expert._meta.label_lower, portrayed)


def _before_image_delete(sender, instance, **kwargs) -> None:
    from .models import Expert

    # Deleting the image empties the experts' portrait field without saving them.
    instance._newsblocks_portrayed = _with_translations(Expert.objects.filter(portrait=instance))


def _when_enabled(receiver):
    def receive(sender, instance, **kwargs):
        if is_enabled() and instance.pk is not None:
            receiver(sender, instance, **kwargs)

    return receive


def connect_invalidation_signals() -> None:
    """Connected in the app's ``ready()``; with the cache off, an edit costs nothing."""
    from wagtail.images import get_image_model

    from .models import Expert

    image_model = get_image_model()
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _when_enabled(_on_expert_change),
            sender=Expert,
            weak=False,
            dispatch_uid=f"newsblocks-render-cache-expert-{name}",
        )
        signal.connect(
            _when_enabled(_on_image_change),
            sender=image_model,
            weak=False,
            dispatch_uid=f"newsblocks-render-cache-image-{name}",
        )
    pre_delete.connect(
        _when_enabled(_before_image_delete),
        sender=image_model,
        weak=False,
        dispatch_uid="newsblocks-render-cache-image-pre-delete",
    )
