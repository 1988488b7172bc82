"""Saving an :class:`Article` as a story page: created once, updated on every later import."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from ..blocks import NewsStoryBlock, StoryValidationError
from ..models import Expert, ImportedStory
from .article import Article, LocalImage, OutlineItem
from .errors import ArticleImportError, nesting_guard
from .parse import Source, parse_article
from .report import ImportReport
from .rules import ImportRules

__all__ = [
    "ArticleImportError",
    "ImportResult",
    "import_article",
    "resolve_parent",
    "save_article",
]


@dataclass
class ImportResult:
    """What ``import_article`` did.

    ``action`` is ``"created"``, ``"updated"`` or ``"unchanged"``; with
    ``dry_run`` it is ``"would create"``, ``"would update"`` or ``"unchanged"``
    and ``page`` is the existing page or None.
    """

    article: Article
    action: str
    page: Page | None
    source_id: str

    @property
    def report(self) -> ImportReport:
        return self.article.report

    @property
    def outline(self) -> list[OutlineItem]:
        return self.article.outline


def resolve_parent(parent: Page | int | str) -> Page:
    """A page, from a page, its id, or its slug path ("newsroom" or "/home/newsroom/")."""
    if isinstance(parent, Page):
        return parent
    if isinstance(parent, int) or (isinstance(parent, str) and parent.strip().isdigit()):
        try:
            return Page.objects.get(pk=int(parent))
        except Page.DoesNotExist:
            raise ArticleImportError([_("No page has the id %(id)s.") % {"id": parent}]) from None
    path = "/".join(part for part in str(parent).strip().split("/") if part)
    if not path:
        raise ArticleImportError([_("Give the parent page's id or slug path.")])
    matches = list(Page.objects.filter(url_path__endswith=f"/{path}/")[:2])
    if len(matches) == 1:
        return matches[0]
    raise ArticleImportError(
        [
            (
                _("No page has the slug path “%(path)s”.")
                if not matches
                else _("More than one page has the slug path “%(path)s”; give its id.")
            )
            % {"path": path}
        ]
    )


def _story_field(model: type[Page]) -> str | None:
    for field in model._meta.get_fields():
        if isinstance(field, StreamField) and isinstance(field.stream_block, NewsStoryBlock):
            return field.name
    return None


def resolve_page_model(page_model: type[Page] | str | None, parent: Page) -> type[Page]:
    """The page model to create: the one given, else the parent's only child type with a story body."""
    if isinstance(page_model, str):
        try:
            page_model = apps.get_model(page_model)
        except (LookupError, ValueError):
            raise ArticleImportError(
                [
                    _("Unknown page model “%(model)s”; write it as app_label.ModelName.")
                    % {"model": page_model}
                ]
            ) from None
    if page_model is not None:
        if _story_field(page_model) is None:
            raise ArticleImportError(
                [
                    _("%(model)s has no StreamField built on NewsStoryBlock.")
                    % {"model": page_model.__name__}
                ]
            )
        return page_model
    candidates = [
        model
        for model in parent.specific_class.allowed_subpage_models()
        if _story_field(model) is not None
    ]
    if len(candidates) == 1:
        return candidates[0]
    raise ArticleImportError(
        [
            _(
                "Cannot tell which page type to create under “%(parent)s”; give one "
                "(--page-model app_label.ModelName)."
            )
            % {"parent": parent.title}
        ]
    )


def _language_code(language: str, article: Article) -> str:
    if not language:
        return Locale.get_default().language_code
    try:
        return get_supported_content_language_variant(language)
    except LookupError:
        base = language.split("-")[0]
        article.report.note(
            _(
                "The story's language “%(language)s” is not among the site's content languages "
                "(WAGTAIL_CONTENT_LANGUAGES); its locale was created anyway."
            )
            % {"language": base}
        )
        return base


def _resolve_blocks(
    article: Article, language_code: str, *, dry_run: bool, uploaded: list | None = None
) -> list[tuple[str, Any]]:
    """The blocks with images uploaded (or found again) and experts looked up in the roster.

    Images uploaded are added to ``uploaded``, so that a story that fails can
    take their files out of storage again.
    """
    image_model = get_image_model()
    blocks = []
    for block_type, value in article.blocks:
        if block_type == "image" and isinstance(value["image"]["image"], LocalImage):
            local: LocalImage = value["image"]["image"]
            image = image_model.objects.filter(file_hash=local.file_hash).first()
            if image is None and not dry_run:
                with local.path.open("rb") as handle:
                    # Wagtail's upload form fills in hash and size; so must we, or
                    # the next import would not find this image again.
                    image = image_model(
                        title=local.title or local.path.stem,
                        file_hash=local.file_hash,
                        file_size=local.path.stat().st_size,
                    )
                    image.file = ImageFile(handle, name=local.path.name)
                    image.save()
                if uploaded is not None:
                    uploaded.append(image)
            value = {**value, "image": {**value["image"], "image": image or local}}
        elif block_type == "expert_opinion" and value.get("name"):
            expert = (
                Expert.objects.filter(
                    name__iexact=value["name"], locale__language_code=language_code
                )
                .order_by("pk")
                .first()
            )
            if expert is not None:
                article.report.note(
                    _("The expert “%(name)s” is the roster's entry (id %(id)d).")
                    % {"name": expert.name, "id": expert.pk}
                )
                value = {
                    **value,
                    "expert": expert,
                    "name": "",
                    "role": "",
                    "organization": "",
                    "portrait": None,
                }
        blocks.append((block_type, value))
    return blocks


def _page_fields(model: type[Page], article: Article, blocks: list) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": article.title}
    names = {field.name: field for field in model._meta.get_fields()}
    prefix = []
    for name, value in (("kicker", article.kicker), ("lead", article.lead)):
        field = names.get(name)
        limit = getattr(field, "max_length", None)
        if field is not None and (limit is None or len(value) <= limit):
            fields[name] = value
        elif value:
            # No field for it (or too long for the field): the story keeps it as text.
            prefix.append(("paragraph", f"<p>{escape(value)}</p>"))
            article.report.add_unmapped(
                name, _("no field on the page for it"), value
            ).position = len(prefix)
    fields[_story_field(model)] = prefix + blocks
    return fields


def import_article(
    source: Source,
    *,
    parent: Page | int | str,
    page_model: type[Page] | str | None = None,
    format: str = "auto",
    source_id: str | None = None,
    language: str | None = None,
    rules: dict[str, Any] | ImportRules | None = None,
    dry_run: bool = False,
    images_dir: str | os.PathLike | None = None,
    publish: bool = True,
    user: Any = None,
    max_bytes: int | None = None,
) -> ImportResult:
    """Import one article as a story page under ``parent``; importing it again updates that page.

    Reads ``source`` with :func:`parse_article` (same arguments), then creates
    a page of ``page_model`` (default: the one type of story page ``parent``
    allows) with a published revision, or a draft with ``publish=False``. A
    source imported before (same source id) updates its page with a new
    revision instead, or does nothing if what it would write is unchanged.

    ``dry_run`` reads, checks and reports without writing anything. Raises
    :class:`ArticleImportError` when the article cannot be read (larger than
    ``max_bytes``, nested too deeply) or saved (e.g. ``StoryValidationError``
    from the story's blocks, or no headline). Whatever fails, nothing of the
    story is left in the database, nor its uploaded image files in storage.
    """
    with nesting_guard():
        return _import_article(
            source,
            parent=parent,
            page_model=page_model,
            format=format,
            source_id=source_id,
            language=language,
            rules=rules,
            dry_run=dry_run,
            images_dir=images_dir,
            publish=publish,
            user=user,
            max_bytes=max_bytes,
        )


def _import_article(
    source: Source,
    *,
    parent: Page | int | str,
    page_model: type[Page] | str | None,
    format: str,
    source_id: str | None,
    language: str | None,
    rules: dict[str, Any] | ImportRules | None,
    dry_run: bool,
    images_dir: str | os.PathLike | None,
    publish: bool,
    user: Any,
    max_bytes: int | None,
) -> ImportResult:
    article = parse_article(
        source,
        format=format,
        source_id=source_id,
        language=language,
        rules=rules,
        images_dir=images_dir,
        max_bytes=max_bytes,
    )
    return save_article(
        article, parent=parent, page_model=page_model, dry_run=dry_run, publish=publish, user=user
    )


def save_article(
    article: Article,
    *,
    parent: Page | int | str,
    page_model: type[Page] | str | None = None,
    dry_run: bool = False,
    publish: bool = True,
    user: Any = None,
) -> ImportResult:
    """Save an :class:`Article` read before (``parse_article``, a WordPress export's post).

    Created once, updated when its source id was imported before and what it
    would write changed, else ``"unchanged"``; as :func:`import_article`.
    """
    if not article.title:
        raise ArticleImportError(
            [_("No headline found, so the story has no title.")], article=article
        )
    parent_page = resolve_parent(parent)
    model = resolve_page_model(page_model, parent_page)
    content_hash = article.content_hash()
    record = (
        ImportedStory.objects.filter(source_id=article.source_id).select_related("page").first()
    )
    if record is not None and record.content_hash == content_hash:
        return ImportResult(article, "unchanged", record.page.specific, article.source_id)
    language_code = _language_code(article.language, article)
    if dry_run:
        blocks = _resolve_blocks(article, language_code, dry_run=True)
        action = "would update" if record is not None else "would create"
        _check(model, article, blocks)
        return ImportResult(
            article, action, record.page.specific if record else None, article.source_id
        )
    uploaded: list = []
    try:
        with transaction.atomic():
            # Inside the transaction: a story that fails leaves no image rows behind.
            blocks = _resolve_blocks(article, language_code, dry_run=False, uploaded=uploaded)
            if record is not None:
                page = _update(record, model, article, blocks, publish=publish, user=user)
                action = "updated"
            else:
                locale, _created = Locale.objects.get_or_create(language_code=language_code)
                page = _create(
                    parent_page, model, locale, article, blocks, publish=publish, user=user
                )
                action = "created"
            if publish and article.published_at is not None:
                _set_first_published(page, article.published_at)
            ImportedStory.objects.update_or_create(
                source_id=article.source_id,
                defaults={
                    "page": page,
                    "content_hash": content_hash,
                    "imported_at": timezone.now(),
                },
            )
    except BaseException as error:
        # The rollback took the image rows; their files stay in storage unless taken out.
        _delete_files(uploaded)
        if isinstance(error, StoryValidationError):
            raise ArticleImportError(str(error).splitlines(), article=article) from error
        if isinstance(error, ValidationError):
            raise ArticleImportError(_validation_messages(error), article=article) from error
        raise
    return ImportResult(article, action, page, article.source_id)


def _delete_files(images: list) -> None:
    for image in images:
        # The story's own error is the one to report, not a storage's on cleaning up.
        with contextlib.suppress(Exception):
            image.file.storage.delete(image.file.name)


def _check(model: type[Page], article: Article, blocks: list) -> None:
    """Validate the story body as saving would, without saving (for dry runs)."""
    # Images not uploaded yet cannot be checked; the importer built them valid.
    pending = [
        (block_type, value)
        for block_type, value in blocks
        if not (block_type == "image" and isinstance(value["image"]["image"], LocalImage))
    ]
    field_name = _story_field(model)
    block = model._meta.get_field(field_name).stream_block
    body = _page_fields(model, article, pending)[field_name]
    try:
        block.get_prep_value(block.to_python(body))
    except StoryValidationError as error:
        raise ArticleImportError(str(error).splitlines(), article=article) from error


def _create(parent, model, locale, article, blocks, *, publish: bool, user) -> Page:
    page = model(locale=locale, **_page_fields(model, article, blocks))
    if article.slug:
        # The old system's slug (a WordPress post_name), if no sibling has it.
        slug = slugify(unquote(article.slug), allow_unicode=True)[:255]
        if slug and not parent.get_children().filter(slug=slug).exists():
            page.slug = slug
    page.live = publish
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return page


def _update(record, model, article, blocks, *, publish: bool, user) -> Page:
    page = record.page.specific
    if (
        page.locale.language_code.split("-")[0] != (article.language or "").split("-")[0]
        and article.language
    ):
        article.report.note(
            _(
                "The source's language changed to “%(language)s”; the story keeps its locale “%(locale)s”."
            )
            % {"language": article.language, "locale": page.locale.language_code}
        )
    for name, value in _page_fields(type(page), article, blocks).items():
        setattr(page, name, value)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return page


def _set_first_published(page: Page, published_at) -> None:
    # The comment policy counts from first publication: the source's date, not today's.
    Page.objects.filter(pk=page.pk).update(
        first_published_at=published_at,
        last_published_at=max(published_at, page.last_published_at or published_at),
    )
    page.first_published_at = published_at


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
