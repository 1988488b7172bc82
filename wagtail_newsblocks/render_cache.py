"""The optional per-block render cache (``WAGTAIL_NEWSBLOCKS["RENDER_CACHE"]``).

Off by default. When on, a story's blocks are looked up in Django's cache
(``RENDER_CACHE_ALIAS``) before anything is loaded or rendered, and only the
blocks not found there are converted and rendered. A block's entry is keyed
by:

* the package version and the block's type;
* its stored content, including its id (a hash of the JSON as stored, or of
  the value as it would be stored if code has changed it since loading);
* the page's language and the active language, the page's id and address;
* a token for each expert and image it refers to, in two parts: one replaced
  whenever that expert or image is saved or deleted (and an expert's when
  their portrait image is), so that every app server sees an edit at once;
  and a digest of the object's database row (an expert's: of every
  translation's row), read again at most :data:`ROW_CHECK_SECONDS` after it
  was last read, so that a change no signal sees (``QuerySet.update()``,
  raw SQL, another application writing the table) shows within that time;
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

The keys of a story are worked out once per story value and languages
(:func:`story_keys`), before anything converts it, and every output of the
page that the cache keeps takes them from there: the body's blocks and
what :func:`remembered` keeps for the whole story (the JSON-LD), so that
neither depends on which ran first. Every cache call goes through
:mod:`.caches`: with the cache server down, stories render uncached.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import __version__
from ._compat import stream_items
from .caches import cache_add, cache_delete_many, cache_get, cache_get_many, cache_set_many
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
    "remembered",
    "story_keys",
]

# Values of a block class's ``render_cache`` attribute.
BLOCK = "block"  # output depends on the block's own content (and languages, references)
STORY = "story"  # ... and on the rest of the story

# Bump when what a key covers (or the markup it keeps) changes.
KEY_SCHEME = 4
PREFIX = "wagtail_newsblocks:render"
# How long a referenced object's row digest is trusted before it is read
# again: the bound on how late a change made behind the signals' back (a
# ``QuerySet.update()`` of the roster) reaches rendered stories.
ROW_CHECK_SECONDS = 60


def is_enabled() -> bool:
    return bool(newsblocks_settings.RENDER_CACHE)


def applies_to(context: dict | None) -> bool:
    """Whether a render with ``context`` may read and write the cache.

    Never for previews: a preview renders unsaved content and leaves out what
    only a live page has (share links), and must change nothing readers get.
    """
    request = (context or {}).get("request")
    return is_enabled() and not getattr(request, "is_preview", False)


def _alias() -> str:
    return newsblocks_settings.RENDER_CACHE_ALIAS


def _reference_key(label: str, pk: Any) -> str:
    return f"{PREFIX}:ref:{label}:{pk}"


def _row_key(label: str, pk: Any) -> str:
    return f"{PREFIX}:row:{label}:{pk}"


def forget_references(label: str, pks: Sequence[Any]) -> None:
    """Give fresh tokens to the objects ``label``/``pks``: blocks showing them render anew.

    A random token rather than a counter: a counter evicted from the cache
    would start again from where stale entries were keyed. Their rows are
    read again, too.
    """
    if not pks:
        return
    cache_set_many(
        {_reference_key(label, pk): uuid.uuid4().hex for pk in pks},
        newsblocks_settings.RENDER_CACHE_TIMEOUT,
        alias=_alias(),
    )
    cache_delete_many([_row_key(label, pk) for pk in pks], alias=_alias())


def _row_digests(label: str, pks: set[Any]) -> dict[Any, str]:
    """A digest of each object's database row; of every translation's, for translatable ones.

    One query per model, however many objects: a story shows an expert's
    translation in its page's language, so a change to any translation
    changes what some page shows.
    """
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return {}
    manager = model._default_manager
    pk_name = model._meta.pk.attname
    names = {field.name for field in model._meta.concrete_fields}
    if "translation_key" in names:
        chosen = manager.filter(pk__in=pks).values("translation_key")
        rows = list(manager.filter(translation_key__in=chosen).order_by("pk").values())
        groups: dict[Any, list] = {}
        for row in rows:
            groups.setdefault(row["translation_key"], []).append(row)
        of_pk = {row[pk_name]: groups[row["translation_key"]] for row in rows}
    else:
        of_pk = {row[pk_name]: [row] for row in manager.filter(pk__in=pks).order_by("pk").values()}
    return {
        pk: _hash(repr([sorted(row.items()) for row in of_pk[pk]])) if pk in of_pk else "gone"
        for pk in pks
    }


def _reference_tokens(references: set[tuple[str, Any]]) -> dict[tuple[str, Any], str]:
    if not references:
        return {}
    alias = _alias()
    tokens = {_reference_key(label, pk): (label, pk) for label, pk in references}
    rows = {_row_key(label, pk): (label, pk) for label, pk in references}
    found = cache_get_many([*tokens, *rows], alias=alias)
    missing = {key: uuid.uuid4().hex for key in tokens if key not in found}
    if missing:
        # add(), not set(): another server may have created the token meanwhile.
        timeout = newsblocks_settings.RENDER_CACHE_TIMEOUT
        for key, token in missing.items():
            cache_add(key, token, timeout, alias=alias)
        again = cache_get_many(list(missing), alias=alias)
        # With the cache down, this render's own tokens: nothing is kept anyway.
        found.update({key: again.get(key, token) for key, token in missing.items()})
    unread: dict[str, set] = {}
    for key, (label, pk) in rows.items():
        if key not in found:
            unread.setdefault(label, set()).add(pk)
    if unread:
        digests = {}
        for label, pks in unread.items():
            for pk, digest in _row_digests(label, pks).items():
                digests[_row_key(label, pk)] = digest
        cache_set_many(digests, ROW_CHECK_SECONDS, alias=alias)
        found.update(digests)
    return {
        (label, pk): f"{found.get(key, '')}.{found.get(_row_key(label, pk), '')}"
        for key, (label, pk) in tokens.items()
    }


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
        children = []
        for index, (raw, child) in enumerate(stream_items(story)):
            if child is None:
                block_type, block_id = raw.get("type"), raw.get("id")
            else:
                block_type, block_id = child.block_type, child.id
            children.append(StoryChild(self, index, block_type, block_id))
        self._children = children
        if applies_to(context):
            self._look_up(story_block)

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

    def _look_up(self, story_block: Any) -> None:
        keys = story_keys(story_block, self.story, self.context)
        keyed = [child for child, key in zip(self._children, keys.blocks, strict=True) if key]
        if not keyed:
            return
        for story_child in keyed:
            story_child._key = keys.blocks[story_child._index]
        # First the story's blocks all at once (one entry, found with one
        # look-up however long the story), then block by block: an edit to
        # one block re-renders that block (and those that depend on the
        # whole story), not every block.
        self._story_key = keys.whole
        self._keyed = keyed
        whole = cache_get(self._story_key, alias=_alias())
        if isinstance(whole, list) and len(whole) == len(keyed):
            for story_child, html in zip(keyed, whole, strict=True):
                story_child._html = html
            self._story_key = None
            return
        found = cache_get_many([story_child._key for story_child in keyed], alias=_alias())
        for story_child in keyed:
            story_child._html = found.get(story_child._key)

    def keep(self) -> None:
        """Store the blocks rendered since the look-up, and the story's blocks as one entry."""
        entries = dict(self.fresh)
        if self._story_key is not None and all(c._html is not None for c in self._keyed):
            entries[self._story_key] = [story_child._html for story_child in self._keyed]
            self._story_key = None
        if entries:
            cache_set_many(entries, newsblocks_settings.RENDER_CACHE_TIMEOUT, alias=_alias())
        self.fresh = {}


class StoryKeys:
    """The render cache's keys for one story, in one page's languages.

    ``blocks[i]`` is the key of child ``i``, ``None`` for one never cached;
    ``whole`` the key of the entry holding every cached child's HTML;
    :meth:`entry` the key of something else kept for the whole story.
    """

    __slots__ = ("_story", "blocks", "whole")

    def __init__(self, blocks: list[str | None], story: str):
        self.blocks = blocks
        self._story = story
        self.whole = f"{PREFIX}:{KEY_SCHEME}:story:" + _hash("|".join(key or "" for key in blocks))

    def entry(self, purpose: str) -> str:
        return f"{PREFIX}:{KEY_SCHEME}:{purpose}:" + _hash(f"{self._story}|{purpose}")


def _languages_and_page(context: dict) -> tuple[str, str, str]:
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
    return (page_language(context), translation.get_language() or "", page_identity)


def story_keys(story_block: Any, story: Any, context: dict) -> StoryKeys:
    """The keys of ``story`` rendered with ``context``, worked out once per story and request.

    From the story as stored where a child was never converted, from its
    value as it would be stored where it was. Remembered for the request
    (never on the story value, which stays data), so that whatever asks
    first (the JSON-LD in the page's head, which then converts the story, or
    the body) every output of the request gets the same keys; the next
    request reads the tokens anew.
    """
    where = _languages_and_page(context)
    request = context.get("request")
    known = (
        request.__dict__.setdefault("_newsblocks_render_keys", {}) if request is not None else {}
    )
    # Keyed by the story object, held in the entry so that its id is not reused.
    remembered_keys = known.get((id(story), where))
    if remembered_keys is not None and remembered_keys[0] is story:
        return remembered_keys[1]
    texts = []
    cacheable = []
    references: set[tuple[str, Any]] = set()
    for raw, child in stream_items(story):
        block_type = raw.get("type") if child is None else child.block_type
        if child is not None:
            # Converted, and maybe changed in place: the value as it would be stored.
            raw = child.get_prep_value()
        serialised = _serialised(raw)
        text = hashlib.sha256(serialised).hexdigest()
        texts.append(text)
        block = story_block.child_blocks.get(block_type)
        kind = getattr(block, "render_cache", None)
        if kind not in (BLOCK, STORY):
            cacheable.append(None)
            continue
        if b"linktype" in serialised:
            # Links to pages and documents: their URLs change without the block
            # changing. Never cached, so no token or row of theirs is read.
            cacheable.append(None)
            continue
        own = set(block.render_cache_references(raw.get("value")))
        references |= own
        cacheable.append((kind, text, own))
    story_hash = _hash("\n".join(texts))
    tokens = _reference_tokens(references)

    def named(refs) -> list[str]:
        return sorted(f"{label}:{pk}:{tokens.get((label, pk), '')}" for label, pk in refs)

    blocks = [
        None
        if entry is None
        else f"{PREFIX}:{KEY_SCHEME}:"
        + _hash(
            "|".join(
                [
                    __version__,
                    *where,
                    entry[1],
                    *named(entry[2]),
                    story_hash if entry[0] == STORY else "",
                ]
            )
        )
        for entry in cacheable
    ]
    keys = StoryKeys(blocks, _hash("|".join([__version__, *where, story_hash, *named(references)])))
    known[(id(story), where)] = (story, keys)
    return keys


def remembered(story: Any, context: dict, purpose: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the render cache for ``story`` rendered with ``context``.

    For what a page derives from the whole story besides its blocks' HTML
    (its JSON-LD): keyed as the story's blocks are (its content, languages,
    page, and every expert and image it refers to), plus ``purpose``, which
    names what else the result depends on. Not kept where the cache does
    not apply (off, previews); ``compute()`` must return something picklable.
    """
    if story is None or not applies_to(context):
        return compute()
    key = story_keys(story.stream_block, story, context).entry(purpose)
    found = cache_get(key, alias=_alias())
    if found is not None:
        return found
    value = compute()
    cache_set_many({key: value}, newsblocks_settings.RENDER_CACHE_TIMEOUT, alias=_alias())
    return value
