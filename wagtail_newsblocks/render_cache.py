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

Whether the cache is on or off, a story renders through the same template
(``news_story.html``), which writes its :class:`StoryChildren`: each child's
HTML is taken from the cache or rendered by the child's own block, once.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.cache import caches
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import __version__
from ._compat import stream_items
from .conf import newsblocks_settings
from .languages import page_language
from .share_links import shareable

__all__ = [
    "BLOCK",
    "STORY",
    "StoryChild",
    "StoryChildren",
    "applies_to",
    "forget_references",
    "is_enabled",
]

# Values of a block class's ``render_cache`` attribute.
BLOCK = "block"  # output depends on the block's own content (and languages, references)
STORY = "story"  # ... and on the rest of the story

# Bump when what a key covers (or the markup it keeps) changes.
KEY_SCHEME = 3
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


_as_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str).encode


def _serialised(data: Any) -> bytes:
    """``data`` (a stored item) as bytes that differ whenever the content does.

    In stored order: the same content stored in another order only misses
    the cache, it never hits a wrong entry. marshal's format 2 (which, unlike
    later formats, never refers back to an object written before, so equal
    content always gives equal bytes) takes a third of the time JSON takes,
    which was half of a warm render; values marshal cannot write (lazy
    strings in a value built by code) fall back to JSON.
    """
    try:
        return marshal.dumps(data, 2)
    except ValueError:
        return _as_json(data).encode("utf-8", "surrogatepass")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class StoryChild:
    """One block of a story as the story's template writes it.

    ``block_type`` and ``id`` come from the story as stored; ``html`` is the
    block rendered by its own block class (or kept from the render cache),
    worked out when the template first asks for it; ``value`` converts the
    stored content, for templates that want more than the markup.
    """

    __slots__ = ("_children", "_html", "_index", "_key", "block_type", "id")

    def __init__(self, children: StoryChildren, index: int, block_type: str, block_id: str | None):
        self._children = children
        self._index = index
        self._html: str | None = None
        self._key: str | None = None
        self.block_type = block_type
        self.id = block_id

    def __repr__(self) -> str:
        return f"<StoryChild {self.block_type} {self.id}>"

    @property
    def value(self) -> Any:
        return self._children.story[self._index].value

    @property
    def html(self) -> SafeString:
        if self._html is None:
            child = self._children.story[self._index]
            context = {**self._children.context, "block_id": child.id}
            self._html = str(child.render(context=context))
            if self._key is not None:
                self._children.fresh[self._key] = self._html
        return mark_safe(self._html)

    def __str__(self) -> str:
        return self.html


class StoryChildren(Sequence):
    """The children of a story, each rendered once, from the render cache where it applies.

    With the cache on, the blocks whose output the cache may keep are looked
    up before anything is converted; a story whose every block is found
    renders without reading a single block. :meth:`keep` stores what had to
    be rendered.
    """

    def __init__(self, story_block: Any, story: Any, context: dict):
        self.story = story
        self.context = context
        self.fresh: dict[str, str] = {}
        self._story_key: str | None = None
        self._keyed: list[StoryChild] = []
        stored = []
        children = []
        for index, (raw, child) in enumerate(stream_items(story)):
            if child is None:
                block_type, block_id = raw.get("type"), raw.get("id")
            else:
                block_type, block_id = child.block_type, child.id
                raw = None
            children.append(StoryChild(self, index, block_type, block_id))
            stored.append((raw, child))
        self._children = children
        if applies_to(context):
            self._look_up(story_block, stored)

    def __getitem__(self, index):
        return self._children[index]

    def __len__(self) -> int:
        return len(self._children)

    def __iter__(self) -> Iterator[StoryChild]:
        return iter(self._children)

    def __html__(self) -> str:
        """Every block, one per line: what ``{{ children }}`` writes."""
        return "".join(f"{child.html}\n" for child in self._children)

    def __str__(self) -> str:
        return mark_safe(self.__html__())

    def _look_up(self, story_block: Any, stored: list) -> None:
        context = self.context
        languages = (page_language(context), translation.get_language() or "")
        # Blocks may link to their page (share links, anchors): the page's
        # identity and address are part of every key, so a moved page renders
        # anew; and whether its quotes may be shared decides their share links.
        page = context.get("page")
        page_identity = ":".join(
            [
                str(getattr(page, "pk", "")),
                str(getattr(page, "url_path", "")),
                str(shareable(page, context.get("request"))),
            ]
        )
        texts = []
        cacheable = []
        for story_child, (raw, child) in zip(self._children, stored, strict=True):
            if child is not None:
                # Converted, and maybe changed in place: the value as it would be stored.
                raw = child.get_prep_value()
            serialised = _serialised(raw)
            text = hashlib.sha256(serialised).hexdigest()
            texts.append(text)
            block = story_block.child_blocks.get(story_child.block_type)
            kind = getattr(block, "render_cache", None)
            # Links to pages and documents: their URLs change without the block changing.
            if kind in (BLOCK, STORY) and b"linktype" not in serialised:
                references = set(block.render_cache_references(raw.get("value")))
                cacheable.append((story_child, kind, text, references))
        if not cacheable:
            return
        story_hash = (
            _hash("\n".join(texts)) if any(kind == STORY for _c, kind, _t, _r in cacheable) else ""
        )
        tokens = _reference_tokens(set().union(*(refs for _c, _k, _t, refs in cacheable)))
        for story_child, kind, text, references in cacheable:
            named = sorted(
                f"{label}:{pk}:{tokens.get((label, pk), '')}" for label, pk in references
            )
            story_child._key = f"{PREFIX}:{KEY_SCHEME}:" + _hash(
                "|".join(
                    [
                        __version__,
                        *languages,
                        page_identity,
                        text,
                        *named,
                        story_hash if kind == STORY else "",
                    ]
                )
            )
        keyed = [story_child for story_child, *_rest in cacheable]
        # First the story's blocks all at once (one entry, found with one
        # look-up however long the story), then block by block: an edit to
        # one block re-renders that block (and those that depend on the
        # whole story), not every block.
        self._story_key = f"{PREFIX}:{KEY_SCHEME}:story:" + _hash(
            "|".join(story_child._key for story_child in keyed)
        )
        self._keyed = keyed
        whole = _cache().get(self._story_key)
        if isinstance(whole, list) and len(whole) == len(keyed):
            for story_child, html in zip(keyed, whole, strict=True):
                story_child._html = html
            self._story_key = None
            return
        found = _cache().get_many([story_child._key for story_child in keyed])
        for story_child in keyed:
            story_child._html = found.get(story_child._key)

    def keep(self) -> None:
        """Store the blocks rendered since the look-up, and the story's blocks as one entry."""
        entries = dict(self.fresh)
        if self._story_key is not None and all(c._html is not None for c in self._keyed):
            entries[self._story_key] = [story_child._html for story_child in self._keyed]
            self._story_key = None
        if entries:
            _cache().set_many(entries, timeout=newsblocks_settings.RENDER_CACHE_TIMEOUT)
        self.fresh = {}
