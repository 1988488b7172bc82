"""An article as the importer understood it, before anything is saved."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from .report import ImportReport, excerpt

__all__ = ["Article", "LocalImage", "OutlineItem"]

# Part of every content hash: a new importer that maps sources differently
# updates stories imported before instead of calling them unchanged.
IMPORTER_VERSION = 3


@dataclass(frozen=True)
class LocalImage:
    """An image file found under the images folder; it becomes a Wagtail image when saved."""

    path: Path
    alt_text: str = ""
    title: str = ""

    @cached_property
    def file_hash(self) -> str:
        # SHA-1, as Wagtail's own Image.file_hash, so that a file imported
        # before is found again instead of uploaded twice.
        digest = hashlib.sha1(usedforsecurity=False)
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
        return digest.hexdigest()


@dataclass(frozen=True)
class OutlineItem:
    """One block of the outline: its type and a line describing it."""

    type: str
    summary: str

    def __str__(self) -> str:
        return f"{self.type}: {self.summary}" if self.summary else self.type


@dataclass
class Article:
    """The page fields and body blocks the importer made from one source.

    ``blocks`` are ``(type, value)`` pairs for ``NewsStoryBlock``, as a page's
    ``body`` accepts them; image values hold a :class:`LocalImage` until the
    article is saved. ``report`` lists what could not be mapped.
    """

    title: str
    kicker: str
    lead: str
    blocks: list[tuple[str, Any]]
    report: ImportReport
    source_id: str | None
    language: str
    format: str  # "html" or "text"
    # When the source says the story was first published; the comment policy counts from it.
    published_at: datetime | None = None
    # When the source says it was last changed (reported; pages keep their own history).
    modified_at: datetime | None = None
    # Who the source says wrote it (reported: story pages have no author field).
    authors: list[str] = field(default_factory=list)
    # The page's slug, when the source names one (a WordPress post's post_name).
    slug: str = ""

    @property
    def block_types(self) -> list[str]:
        return [block_type for block_type, _ in self.blocks]

    @property
    def outline(self) -> list[OutlineItem]:
        return [OutlineItem(block_type, _summary(block_type, value)) for block_type, value in self]

    def __iter__(self):
        return iter(self.blocks)

    def content_hash(self) -> str:
        """A hash of everything the import would write: same hash, nothing to update."""
        payload = {
            "version": IMPORTER_VERSION,
            "title": self.title,
            "kicker": self.kicker,
            "lead": self.lead,
            "language": self.language,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "slug": self.slug,
            "body": [[block_type, _hashable(value)] for block_type, value in self.blocks],
        }
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _hashable(value: Any) -> Any:
    if isinstance(value, LocalImage):
        return {"file": value.file_hash, "alt": value.alt_text, "title": value.title}
    if isinstance(value, dict):
        return {key: _hashable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_hashable(item) for item in value]
    return value


def _plain(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["br", "p", "li"]):
        tag.insert_before(" ")
    return soup.get_text()


def _summary(block_type: str, value: Any) -> str:
    if block_type == "paragraph":
        return excerpt(_plain(value), 70)
    if block_type == "subhead":
        return f"{value['level']} {value['text']}"
    if block_type == "pull_quote":
        speaker = ", ".join(part for part in (value.get("attribution"), value.get("role")) if part)
        quote = excerpt(value["quote"], 60)
        return f"“{quote}” — {speaker}" if speaker else f"“{quote}”"
    if block_type == "expert_opinion":
        heading = ": ".join(part for part in (value.get("label"), value.get("headline")) if part)
        expert = value.get("expert")
        if expert is not None:
            who = f"{expert} (roster)"
        else:
            who = ", ".join(
                part
                for part in (value.get("name"), value.get("role"), value.get("organization"))
                if part
            )
        return f"{value['level']} {heading} — {who}" if heading else who
    if block_type == "image":
        image = value["image"]["image"]
        name = image.path.name if isinstance(image, LocalImage) else str(image)
        return " — ".join(part for part in (name, value.get("caption")) if part)
    if block_type == "comment_policy":
        return value.get("mode", "auto")
    return ""


@dataclass
class Segment:
    """A piece of the source, recognised but not yet a block (shared by the HTML and text readers)."""

    kind: str  # heading, paragraph, quote, expert, comment, image, unmapped
    text: str = ""  # plain text
    html: str = ""  # rich text, for paragraphs and unmapped elements
    level: int = 2  # headings: 1–6 as in the source; 7 for bold paragraphs
    data: dict[str, Any] = field(default_factory=dict)
