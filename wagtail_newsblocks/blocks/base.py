"""Pieces every newsblocks block shares."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockAdapter, StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from .._compat import declared_required
from ..languages import page_language
from ..outline import clean_anchor, slugify_anchor
from ..sanitize import scrub_stored_text
from ..widgets import CharacterCountInput, CharacterCountMixin, CharacterCountTextarea
from . import kept_data
from .length_limits import LengthLimit
from .story_facts import facts_in

try:
    from wagtail.admin.telepath import register as register_telepath_adapter
except ImportError:  # pragma: no cover - Wagtail 7.4
    from wagtail.telepath import register as register_telepath_adapter

PREVIEW_TEMPLATE = "wagtail_newsblocks/previews/block_preview.html"


class StoryAwareStructValue(blocks.StructValue):
    """A struct value whose output may depend on the story it is in.

    The value itself knows only its own content; what follows from the story
    (its heading's unique anchor, whether a quote repeats it) is asked with
    the context the block is rendered in, which carries the story's facts
    (:mod:`.story_facts`).
    """

    def outline_entry(self) -> tuple[str, int, str] | None:
        """``(text, level, editor_anchor)`` if this block heads a section of the story."""
        return None

    def story_passages(self) -> list[str]:
        """The plain text this block adds to the story's running text.

        A pull quote counts as repeating the story when its words are found
        in these passages (see :mod:`wagtail_newsblocks.repetition`).
        """
        return []

    def anchor_for(self, context: dict | None) -> str:
        """The id this block's heading renders with: unique within its story."""
        facts = facts_in(context)
        if facts is not None:
            heading = facts.outline.heading_for(self)
            if heading is not None:
                return heading.anchor
        # Rendered on its own (a block preview, a custom template): only this
        # block is known, so uniqueness cannot be promised.
        entry = self.outline_entry()
        if entry is None:
            return ""
        text, _level, anchor = entry
        return clean_anchor(anchor) or slugify_anchor(text)


logger = logging.getLogger("wagtail_newsblocks")


@contextmanager
def story_language(context: dict | None) -> Iterator[None]:
    """The page's language active while a story (or one of its blocks) renders."""
    language = page_language(context)
    if language == translation.get_language():
        # Already active (the usual case on a served page): switching to it
        # and back would cost more than some blocks' markup.
        yield
        return
    with translation.override(language):
        yield


class StoryLanguageMixin:
    """Renders the block's own words ("Contents", "Source", …) in the story's language.

    Even where a site does not activate each story's language, readers of a
    German story get German words, and screen readers a matching voice; API
    clients get the same words as the page.
    """

    def render(self, value: Any, context: dict | None = None) -> str:
        with story_language(context):
            return super().render(value, context=context)

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        with story_language(context):
            return super().get_api_representation(value, context=context)


class NewsblocksStructBlock(blocks.StructBlock):
    """The StructBlock every newsblocks block builds on.

    * Search text is exactly what readers read (Wagtail's default would also
      index choice labels such as "Left" or "h3"); subclasses list the
      children that hold reader-facing text in :attr:`searchable_fields`.
    * Stored keys that are not (or no longer) children are kept and written
      back, so content from an older field layout is never silently dropped.
    * References to images, pages or experts that no longer exist are noted on
      the value (``value.missing_references``): rendering degrades and logs a
      warning, and validating new content names them.
    """

    searchable_fields: tuple[str, ...] = ()
    # Longest text, in characters, that a child contributes to the collapsed
    # summary (Meta.label_format); cut at a word boundary.
    label_lengths: dict[str, int] = {}
    # What the summary shows for a child left empty, where readers get a
    # default in its place (a table of contents without a title is "Contents").
    label_defaults: dict[str, Any] = {}
    # CharBlock children whose max_length editors actually run into: they get a
    # live counter and their limit in the help text.
    counted_fields: tuple[str, ...] = ()
    # Text children with a limit of the package's own (checked by
    # length_errors()), counted the same way by clean() and the counter.
    length_limits: dict[str, LengthLimit] = {}
    # Whether the optional render cache may keep this block's output: BLOCK
    # (it follows from the block's content), STORY (and from the rest of the
    # story) or None (never; e.g. it depends on the time or the request).
    render_cache: str | None = None

    def __init__(self, local_blocks: Any = None, **kwargs: Any) -> None:
        super().__init__(local_blocks, **kwargs)
        # Swapped after construction so that neither widget nor help text
        # reaches migrations. Declared children are shared by every instance
        # of the block, so each is swapped once.
        for name in self.counted_fields:
            field = self.child_blocks[name].field
            limit = LengthLimit(field.max_length)
            if not isinstance(field.widget, CharacterCountMixin):
                field.widget = CharacterCountInput(limit.counter_attrs, attrs=field.widget.attrs)
            self._show_limit(name, limit)
        for name, limit in self.length_limits.items():
            field = self.child_blocks[name].field
            if not isinstance(field.widget, CharacterCountMixin):
                field.widget = CharacterCountTextarea(limit.counter_attrs)
            self._show_limit(name, limit)

    def _show_limit(self, name: str, limit: LengthLimit) -> None:
        field = self.child_blocks[name].field
        # The help text as declared is kept, so that the limit is added once.
        declared = getattr(field, "newsblocks_declared_help_text", field.help_text)
        field.newsblocks_declared_help_text = declared
        field.help_text = lazy(limit.help_text, str)(declared)

    def length_errors(self, value: Any) -> dict[str, ValidationError]:
        """An error for each child in :attr:`length_limits` whose text is too long."""
        return {
            name: ValidationError(message, code="max_length")
            for name, limit in self.length_limits.items()
            if (message := limit.error(value.get(name)))
        }

    def render_cache_references(self, raw: Any) -> Iterator[tuple[str, Any]]:
        """``(model label, id)`` of each object (expert, image, …) the stored value ``raw`` shows."""
        if not isinstance(raw, dict):
            return
        for name, label, nested in self._references_by_child:
            reference = raw.get(name)
            if nested and isinstance(reference, dict):
                reference = reference.get("image")
            if reference not in (None, ""):
                yield label, reference

    @cached_property
    def _stored_kinds(self) -> dict[str, str | None]:
        # What JSON each child's stored value must be, worked out once per block.
        return {name: _stored_kind(child) for name, child in self.child_blocks.items()}

    @cached_property
    def _references_by_child(self) -> list[tuple[str, str, bool]]:
        # (child name, model label, whether the id sits in an ImageBlock's dict)
        found = []
        for name, child in self.child_blocks.items():
            nested = isinstance(child, ImageBlock)
            chooser = child.child_blocks["image"] if nested else child
            if isinstance(chooser, blocks.ChooserBlock):
                found.append((name, chooser.model_class._meta.label_lower, nested))
        return found

    def get_searchable_content(self, value: Any) -> list[str]:
        content: list[str] = []
        for name in self.searchable_fields:
            content.extend(self.child_blocks[name].get_searchable_content(value.get(name)))
        return [text for text in content if text]

    def bulk_to_python(self, values: list) -> list:
        values = list(values)
        # Wagtail would crash on a stored value that is not an object, or on a
        # chooser id that is not a number; convert what fits (the rest gets
        # defaults, so the block renders what it can) and let validation explain.
        usable = []
        problems = []
        for raw in values:
            if not isinstance(raw, dict):
                usable.append({})
                problems.append(({}, type(raw).__name__))
                continue
            # Text no page can encode (a lone surrogate) is shown replaced and
            # refused on writing, like a value of the wrong type.
            scrubbed = scrub_stored_text(raw)
            unencodable = {name for name in raw if scrubbed[name] is not raw[name]}
            raw = scrubbed
            kinds = self._stored_kinds
            type_errors = {
                name: expected
                for name, value in raw.items()
                if name in kinds and (expected := _type_error(kinds[name], value))
            }
            type_errors.update(
                (name, str(_("text without unpaired surrogate characters (U+D800–U+DFFF)")))
                for name in unencodable
                if name in self.child_blocks
            )
            usable.append(
                {k: v for k, v in raw.items() if k not in type_errors or k in unencodable}
            )
            # A required field missing from the data altogether is malformed
            # input, not an unfinished draft (that would have an empty value).
            # A field with a default (alignment, level, …) may be left out.
            for name, child in self.child_blocks.items():
                if name not in raw and declared_required(child) and not child.get_default():
                    type_errors[name] = None
            problems.append((type_errors, None))
        converted = super().bulk_to_python(usable)
        for raw, value, (type_errors, not_an_object) in zip(
            usable, converted, problems, strict=True
        ):
            if not_an_object:
                value.not_an_object = not_an_object
                continue
            value.type_errors = type_errors
            value.extra_data = {k: v for k, v in raw.items() if k not in self.child_blocks}
            missing = {
                name: raw[name]
                for name, child in self.child_blocks.items()
                if raw.get(name) and value.get(name) is None and _is_reference(child)
            }
            if missing:
                value.missing_references = missing
                logger.warning(
                    "%s refers to %s that no longer exist%s; it renders without them.",
                    self.__class__.__name__,
                    ", ".join(f"{name}={ref!r}" for name, ref in missing.items()),
                    "s" if len(missing) > 1 else "",
                )
        return converted

    def to_python(self, value: Any) -> Any:
        return self.bulk_to_python([value])[0]

    def get_prep_value(self, value: Any) -> Any:
        prep = super().get_prep_value(value)
        for key, data in (getattr(value, "extra_data", None) or {}).items():
            prep.setdefault(key, data)
        return prep

    # -- the admin form: stored keys without a field survive a save ------------

    def kept_data(self, value: Any) -> dict:
        """Stored keys of ``value`` that are no child: the form carries them back unchanged."""
        return dict(getattr(value, "extra_data", None) or {})

    def kept_notice(self, value: Any, kept: dict) -> str:
        return _(
            "This block holds data from an older version of its fields (%(keys)s). "
            "It is kept as it is when you save."
        ) % {"keys": ", ".join(sorted(kept))}

    def get_form_state(self, value: Any) -> Any:
        state = super().get_form_state(value)
        kept = self.kept_data(value)
        if kept:
            state[kept_data.FORM_STATE_KEY] = kept_data.form_state(
                kept, self.kept_notice(value, kept)
            )
        return state

    def value_from_datadict(self, data: Any, files: Any, prefix: str) -> Any:
        value = super().value_from_datadict(data, files, prefix)
        kept = kept_data.from_form_data(data, prefix)
        if isinstance(kept, dict):
            value.extra_data = {k: v for k, v in kept.items() if k not in self.child_blocks}
        return value

    def clean(self, value: Any) -> Any:
        extra_data = getattr(value, "extra_data", None)
        missing = getattr(value, "missing_references", None)
        if not_an_object := getattr(value, "not_an_object", None):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("%(block)s: expected an object with the fields %(fields)s, not %(type)s.")
                        % {
                            "block": self.label,
                            "fields": ", ".join(self.child_blocks),
                            "type": not_an_object,
                        },
                        code="not_an_object",
                    )
                ]
            )
        if type_errors := getattr(value, "type_errors", None):
            raise StructBlockValidationError(
                block_errors={
                    name: ValidationError(
                        _("%(block)s: “%(field)s” must be %(expected)s.")
                        % {
                            "block": self.label,
                            "field": self.child_blocks[name].label,
                            "expected": expected,
                        },
                        code="wrong_type",
                    )
                    if expected
                    else ValidationError(_("This field is required."), code="required")
                    for name, expected in type_errors.items()
                }
            )
        errors = {
            name: ValidationError(
                _("%(block)s: %(field)s %(reference)s does not exist (or has been deleted).")
                % {
                    "block": self.label,
                    "field": self.child_blocks[name].label,
                    "reference": _describe_reference(reference),
                },
                code="missing_reference",
            )
            for name, reference in (missing or {}).items()
            if not self.tolerates_missing_reference(value, name)
        }
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        cleaned = super().clean(value)
        cleaned.extra_data = extra_data
        return cleaned

    def tolerates_missing_reference(self, value, name: str) -> bool:
        """Whether a reference that no longer exists is acceptable in new content."""
        return False


def _stored_kind(block) -> str | None:
    """Which JSON values can be right for ``block``: see :func:`_type_error`."""
    if isinstance(block, blocks.BooleanBlock):
        return "boolean"
    if hasattr(block, "target_model"):
        return "id"
    if isinstance(block, blocks.StructBlock):
        return "object"
    if isinstance(block, blocks.IntegerBlock | blocks.FloatBlock | blocks.DecimalBlock):
        return "number"
    if isinstance(block, blocks.FieldBlock):
        return "text"
    return None


def _type_error(kind: str | None, raw: Any) -> str | None:
    """What ``raw`` should have been, if its JSON type cannot be right for a block of ``kind``."""
    if raw is None or kind is None:
        return None
    if kind == "text":
        return None if isinstance(raw, str) else str(_("text"))
    if kind == "boolean":
        return None if isinstance(raw, bool) else str(_("true or false"))
    if kind == "id":
        ok = (isinstance(raw, int) and not isinstance(raw, bool)) or (
            isinstance(raw, str) and raw.isdigit()
        )
        return None if ok else str(_("the id of an object (a number)"))
    if kind == "object":
        return None if isinstance(raw, dict | int) else str(_("an object"))
    ok = isinstance(raw, int | float | str) and not isinstance(raw, bool)
    return None if ok else str(_("a number"))


def _is_reference(block) -> bool:
    # Chooser blocks (images, pages, snippets) and ImageBlock, which wraps one.
    return hasattr(block, "target_model") or isinstance(block, ImageBlock)


def _describe_reference(reference: Any) -> str:
    if isinstance(reference, dict):
        reference = reference.get("image", reference.get("id", reference))
    return f"“{reference}”"


class NewsblocksStructBlockAdapter(StructBlockAdapter):
    """Wagtail's StructBlock form, with summaries that skip empty parts.

    See ``static/wagtail_newsblocks/js/block-summary.js`` for what changes.
    """

    js_constructor = "wagtail_newsblocks.blocks.StructBlock"

    def js_args(self, block: Any) -> list:
        name, children, meta = super().js_args(block)
        meta["newsblocksLabelLengths"] = dict(block.label_lengths)
        # Packed with each form, so in the editor's language.
        meta["newsblocksLabelDefaults"] = {
            name: str(text) for name, text in block.label_defaults.items()
        }
        return [name, children, meta]

    @cached_property
    def media(self) -> forms.Media:
        return super().media + forms.Media(
            js=["wagtail_newsblocks/js/kept-data.js", "wagtail_newsblocks/js/block-summary.js"]
        )


register_telepath_adapter(NewsblocksStructBlockAdapter(), NewsblocksStructBlock)
