"""Reading a source into an :class:`Article`: no database, no network."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from ..conf import newsblocks_settings
from .article import Article
from .build import assemble
from .collector import collection_paused
from .errors import ArticleImportError, nesting_guard
from .html import read_html
from .language import guess_language
from .report import ImportReport
from .rules import ImportRules, get_rules
from .text import decode_text, read_text

__all__ = ["detect_format", "normalise_source_id", "parse_article", "read_source", "size_limit"]

FORMATS = ("auto", "html", "text")
SOURCE_ID_MAX = 500
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype|html|head|body|article|main|div|p|h[1-6]|table|span|br|font|section)\b",
    re.IGNORECASE,
)

Source = str | bytes | os.PathLike


def size_limit(max_bytes: int | None = None) -> int | None:
    """The most bytes a source may have: ``max_bytes``, else ``IMPORT_MAX_BYTES`` (None: no limit)."""
    limit = newsblocks_settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ImproperlyConfigured(
            f"The importer's size limit must be a whole number of bytes above 0, or None; "
            f"got {limit!r}."
        )
    return limit


def _too_large(limit: int, size: int | None) -> ArticleImportError:
    if size is None:
        # A stream says nothing of its size (it was read one byte past the
        # limit), and a long str is not encoded only to count its bytes.
        message = _(
            "The source is larger than the import size limit of %(limit)s bytes "
            "(IMPORT_MAX_BYTES, --max-bytes); it was not read."
        )
    else:
        message = _(
            "The source is %(size)s bytes, larger than the import size limit of %(limit)s bytes "
            "(IMPORT_MAX_BYTES, --max-bytes); it was not read."
        )
    return ArticleImportError([message % {"size": f"{size or 0:,}", "limit": f"{limit:,}"}])


def read_source(source: Source, *, max_bytes: int | None = None) -> tuple[str | bytes, str]:
    """The source's content and its file name ("" for content passed directly).

    Only ``os.PathLike`` objects are read as files: a ``str`` is content, so
    that a story's text can never be mistaken for a path. A source larger
    than :func:`size_limit` raises :class:`ArticleImportError`; a file is
    refused by its size before any of it is read, and anything else that is
    read as a file (a pipe, a device) is read one byte past the limit at most.
    """
    limit = size_limit(max_bytes)
    if isinstance(source, os.PathLike):
        path = Path(source)
        with path.open("rb") as handle:
            # Parsing takes many times a page's size in memory (a dry run of
            # a 10 MB page of paragraphs took 750 MB): refused unread.
            size = os.fstat(handle.fileno()).st_size
            if limit is not None and size > limit:
                raise _too_large(limit, size)
            data = handle.read() if limit is None else handle.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise _too_large(limit, None)  # it grew, or it is not a regular file
        return data, path.name
    if limit is not None:
        # A str has at least as many bytes in UTF-8 as characters; count exactly only when it may fit.
        if len(source) > limit:
            raise _too_large(limit, len(source) if isinstance(source, bytes) else None)
        size = len(source.encode("utf-8")) if isinstance(source, str) else len(source)
        if size > limit:
            raise _too_large(limit, size)
    return source, ""


def detect_format(content: str | bytes, name: str = "") -> str:
    """``"html"`` or ``"text"``, from the file name, else from the content."""
    lowered = name.lower()
    if lowered.endswith(_HTML_SUFFIXES):
        return "html"
    if lowered.endswith((".txt", ".text")):
        return "text"
    head = content[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    return "html" if _LOOKS_LIKE_HTML.search(head) else "text"


def normalise_source_id(source_id: str | None) -> str:
    """The id as stored: trimmed, a URL without its #fragment, hashed if longer than 500 characters."""
    source_id = (source_id or "").strip()
    if re.match(r"^https?://", source_id, re.IGNORECASE):
        source_id = source_id.split("#", 1)[0]
    if len(source_id) > SOURCE_ID_MAX:
        source_id = "sha256:" + hashlib.sha256(source_id.encode("utf-8")).hexdigest()
    return source_id


def _content_id(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return "sha256:" + hashlib.sha256(data).hexdigest()


def parse_article(
    source: Source,
    *,
    format: str = "auto",
    source_id: str | None = None,
    language: str | None = None,
    rules: dict[str, Any] | ImportRules | None = None,
    images_dir: str | os.PathLike | None = None,
    max_bytes: int | None = None,
) -> Article:
    """Read article HTML or the plain-text layout into page fields and body blocks.

    ``source`` is the content (``str`` or ``bytes``) or a path (``pathlib.Path``).
    ``format`` is ``"html"``, ``"text"`` or ``"auto"`` (by file name, else by
    content). The source id is ``source_id``, else the page's canonical URL
    (``<link rel="canonical">`` or ``og:url``), else a hash of the content.
    ``language`` overrides ``<html lang>`` and the guess from the text.
    ``rules`` overrides ``WAGTAIL_NEWSBLOCKS["IMPORT_RULES"]`` key by key.
    Images are looked up under ``images_dir``; without it, or when the file is
    not there, an image's caption is kept as a paragraph and reported.

    A source larger than ``max_bytes`` (default: ``IMPORT_MAX_BYTES``) is
    refused unread, and one nested too deeply to read is refused too, with
    :class:`ArticleImportError`.

    Pure: reads the source (and image files), touches no database.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    content, name = read_source(source, max_bytes=max_bytes)
    with nesting_guard(), collection_paused():
        return _parse(
            content,
            name,
            format=format,
            source_id=source_id,
            language=language,
            rules=rules,
            images_dir=images_dir,
        )


def _parse(
    content: str | bytes,
    name: str,
    *,
    format: str,
    source_id: str | None,
    language: str | None,
    rules: dict[str, Any] | ImportRules | None,
    images_dir: str | os.PathLike | None,
) -> Article:
    if format == "auto":
        format = detect_format(content, name)
    resolved_rules = get_rules(rules)
    report = ImportReport()
    published_at: datetime | None = None
    modified_at: datetime | None = None
    authors: list[str] = []
    if format == "html":
        reading = read_html(
            content,
            rules=resolved_rules,
            report=report,
            language=language,
            images_dir=Path(images_dir) if images_dir else None,
        )
        kicker, title, lead, segments = (
            reading.kicker,
            reading.title,
            reading.lead,
            reading.segments,
        )
        found_language = reading.language
        found_id = reading.canonical_url
        published_at = reading.published_at
        modified_at = reading.modified_at
        authors = reading.authors
        report.found.update({name: where for name, where in reading.sources.items() if where})
    else:
        text = decode_text(content) if isinstance(content, bytes) else content
        kicker, title, lead, segments = read_text(text)
        found_language, found_id = "", ""
    story_language = language or found_language
    if not story_language:
        sample = " ".join([title, lead, *(segment.text for segment in segments)])
        story_language = guess_language(sample)
        if story_language:
            report.note(
                _("The source does not say its language; it reads like “%(language)s”.")
                % {"language": story_language}
            )
    blocks = assemble(
        segments,
        title=title,
        lead=lead,
        rules=resolved_rules,
        language=story_language,
        report=report,
    )
    final_id = normalise_source_id(source_id or found_id)
    if not final_id:
        final_id = _content_id(content)
        report.note(
            _(
                "The source has no id (no canonical URL, no --source-id): it is identified by its "
                "content, so a changed version of it would become a new story."
            )
        )
    if not title:
        report.note(_("No headline found."))
    article = Article(
        title=title,
        kicker=kicker,
        lead=lead,
        blocks=blocks,
        report=report,
        source_id=final_id,
        language=story_language.lower(),
        format=format,
        published_at=published_at,
        modified_at=modified_at,
        authors=authors,
    )
    return article
