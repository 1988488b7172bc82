"""What wagtail-localize extracts from story blocks, and how translations come back.

wagtail-localize walks a StreamField and turns every CharBlock, TextBlock and
RichTextBlock into a segment for translators; blocks can take part through two
hooks, ``get_translatable_segments(value)`` and
``restore_translated_segments(value, segments)``. The blocks call the
functions here from those hooks, so that this module is the only one that
imports wagtail-localize (an optional dependency: the hooks only run when it is
installed and translating).

What translation keeps:

* rich text is cleaned with the block's features when it comes back, exactly
  as on every save: a translator cannot add script, event handlers or
  ``javascript:`` links, not even to the unsaved preview of a translation;
* a subhead's anchor that the editor set is not a segment: the translation
  keeps it as it is;
* an automatic anchor (made from the subhead's text) is copied from the
  source story as it was resolved there (``TRANSLATION_ANCHORS = "source"``,
  the default), so that ``#kreml-kooperation-in-sensiblen-bereichen`` jumps to
  the same section in every language; with ``"translated"`` each translation
  makes its own from its own text;
* URLs, choices (levels, alignment, languages) and ids are not segments.

wagtail-localize hands each block to its hooks on its own, without its story,
so a subhead's segment can only carry the anchor the subhead makes alone. Where
the source story had to number a repeated heading (``reaktionen``,
``reaktionen-2``), the translation would receive the same anchor twice; when
it is saved, :func:`source_story` gives the signal handler the story it was
translated from, and the translation gets the numbered anchors the source
resolved (``signal_handlers.follow_source_anchors``). wagtail-localize has no
hook for a StreamField's own block to take part as a whole.

Translations made with Wagtail's own tools ("Translate" in
``wagtail.contrib.simple_translation``, ``page.copy_for_translation()``) copy
the whole story; :func:`pin_anchors_of_copy` then writes each automatic
anchor into the copy, so that rewriting a subhead in the other language keeps
its anchor there too.
"""

from __future__ import annotations

import re
from typing import Any

from wagtail.rich_text import RichText

from .conf import newsblocks_settings
from .outline import clean_anchor
from .sanitize import safe_url

__all__ = [
    "ANCHOR_TEMPLATE_FORMAT",
    "TRANSLATION_ANCHOR_MODES",
    "restore_rich_text",
    "restore_subhead",
    "restore_url",
    "source_story",
    "subhead_segments",
]

# A template segment carries data from the source to every translation without
# showing it to translators: the anchor the source story resolved.
ANCHOR_TEMPLATE_FORMAT = "newsblocks-anchor"
TRANSLATION_ANCHOR_MODES = ("source", "translated")

_WHITESPACE = re.compile(r"\s+")


def subhead_segments(value) -> list:
    """The subhead's text for translators, and its source anchor for the translation."""
    from wagtail_localize.segments import StringSegmentValue, TemplateSegmentValue

    segments = []
    text = value.get("text") or ""
    if text.strip():
        segments.append(StringSegmentValue("text", text))
    if not clean_anchor(value.get("anchor") or "") and anchors_follow_source():
        # Wagtail-localize hands each block over on its own, without its story:
        # the anchor is the subhead's own (a repeated heading's "-2" is worked
        # out again where the translation renders).
        anchor = value.anchor_for(None)
        if anchor:
            segments.append(TemplateSegmentValue("anchor", ANCHOR_TEMPLATE_FORMAT, anchor, 0))
    return segments


def restore_subhead(value, segments) -> Any:
    """Put a translated subhead's text (on one line) and its anchor into ``value``."""
    from wagtail_localize.segments import (
        OverridableSegmentValue,
        StringSegmentValue,
        TemplateSegmentValue,
    )

    for segment in segments:
        name, inner = segment.unwrap()
        if name == "text" and isinstance(inner, StringSegmentValue):
            # A subhead is one line; a translator's line break is not refused
            # (the translation would be lost) but joined.
            value["text"] = _WHITESPACE.sub(" ", inner.render_text()).strip()
        elif name == "anchor":
            if isinstance(inner, TemplateSegmentValue):
                anchor = inner.template
            elif isinstance(inner, OverridableSegmentValue):
                anchor = inner.data
            else:
                anchor = inner.render_text()
            value["anchor"] = clean_anchor(str(anchor or ""))
    return value


def restore_rich_text(block, segments) -> RichText:
    """wagtail-localize's rich text recombination, cleaned as every save is."""
    from wagtail_localize.segments.ingest import organise_template_segments
    from wagtail_localize.strings import restore_strings

    segment_format, template, strings = organise_template_segments(list(segments))
    if segment_format != "html":
        raise ValueError(
            f"{block.__class__.__name__} can only contain HTML segments. Found {segment_format}"
        )
    return RichText(block.clean_source(restore_strings(template, strings)))


def restore_url(value: str, segments) -> str:
    """A URL overridden for a translation: blanked when it could run script."""
    from wagtail_localize.segments import OverridableSegmentValue

    for segment in segments:
        if isinstance(segment, OverridableSegmentValue):
            return safe_url(str(segment.data or ""))
    return value


def anchors_follow_source() -> bool:
    mode = newsblocks_settings.TRANSLATION_ANCHORS
    if mode not in TRANSLATION_ANCHOR_MODES:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"WAGTAIL_NEWSBLOCKS['TRANSLATION_ANCHORS'] must be one of "
            f"{', '.join(repr(m) for m in TRANSLATION_ANCHOR_MODES)}, not {mode!r}."
        )
    return mode == "source"


def source_story(instance: Any, field_name: str) -> Any | None:
    """The story ``instance`` (a translation made by wagtail-localize) was translated from.

    The source's body as wagtail-localize keeps it for translators (the
    state it was last synced in), or ``None`` when ``instance`` is not such a
    translation or wagtail-localize is not installed.
    """
    from django.apps import apps

    if not apps.is_installed("wagtail_localize"):
        return None
    translation_key = getattr(instance, "translation_key", None)
    locale_id = getattr(instance, "locale_id", None)
    if translation_key is None or locale_id is None:
        return None
    from wagtail_localize.models import Translation

    translation = (
        Translation.objects.filter(source__object_id=translation_key, target_locale_id=locale_id)
        .select_related("source")
        .first()
    )
    if translation is None:
        return None
    return getattr(translation.source.as_instance(), field_name, None)
