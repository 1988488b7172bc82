"""WordPress exports (WXR, the XML WordPress's own exporter writes) → one article per post.

The file is read as a stream (``lxml.etree.iterparse``): each ``<item>`` is
read, turned into an :class:`Article` and cleared, so that an export of many
thousand posts takes the memory of one post. No DTD, no entities, no
network: an export never has a DOCTYPE, and one that declares entities (the
"billion laughs") is refused before it is parsed.

Block posts are read by the block grammar (``gutenberg.py``); classic posts
(no ``<!-- wp:`` comments) through the HTML reader, as WordPress would show
them (``wpautop``: blank lines are paragraphs).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from django.utils.translation import gettext as _
from lxml import etree

from .article import Article, Segment
from .build import assemble, take_first_paragraph_lead
from .collector import collection_paused
from .errors import ArticleImportError, nesting_guard
from .extract import parse_moment
from .gutenberg import Block, has_blocks, parse_blocks
from .html import MAX_DEPTH, _depth, _Reader
from .language import guess_language
from .parse import normalise_source_id, size_limit
from .report import (
    CLASSIC_POST,
    GUTENBERG_BLOCKS,
    POST_CATEGORY,
    POST_DATE,
    POST_EXCERPT,
    POST_FIRST_PARAGRAPH,
    POST_GUID,
    ImportReport,
    excerpt,
)
from .rules import ImportRules, get_rules

__all__ = ["WxrItem", "WxrReading", "is_wxr", "read_wxr"]

_HEAD = 65536
# Statuses of posts a site has published; drafts come with --include-drafts.
PUBLISHED = frozenset({"publish"})
DRAFTS = frozenset({"draft", "pending", "future", "private"})
# Blocks that only lay out others: their inner blocks are read.
CONTAINERS = frozenset(
    {
        "core/group",
        "core/columns",
        "core/column",
        "core/cover",
        "core/media-text",
        "core/row",
        "core/stack",
    }
)
# Blocks whose HTML is story text: read as paragraphs (lists, tables included).
TEXT = frozenset(
    {
        "core/paragraph",
        "core/list",
        "core/list-item",
        "core/table",
        "core/verse",
        "core/preformatted",
        "core/code",
    }
)
QUOTES = frozenset({"core/quote", "core/pullquote"})
# Blocks that draw a line or a gap: nothing to keep.
LAYOUT = frozenset({"core/separator", "core/spacer", "core/more", "core/nextpage"})
_AUTOP_BLOCK = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|blockquote|figure|pre|hr|dl|section|aside|form|address)\b",
    re.IGNORECASE,
)


def is_wxr(path: str | os.PathLike) -> bool:
    """Whether the file is a WordPress export (WXR): RSS with WordPress's export namespace."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False
    return b"<rss" in head and b"wordpress.org/export/" in head


def autop(html: str) -> str:
    """Classic post content as WordPress shows it: blank lines make paragraphs, newlines breaks."""
    html = html.replace("\r\n", "\n").replace("<!--more-->", "")
    out = []
    for chunk in re.split(r"\n\s*\n", html):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _AUTOP_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


@dataclass
class WxrItem:
    """One ``<item>`` of the export: its article, or why it was not made into one."""

    post_id: str
    post_type: str
    status: str
    title: str
    article: Article | None = None
    error: ArticleImportError | None = None

    @property
    def publish(self) -> bool:
        return self.status in PUBLISHED

    @property
    def label(self) -> str:
        return f"post {self.post_id}" + (f" “{self.title}”" if self.title else "")


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return etree.QName(tag).namespace or "" if isinstance(tag, str) else ""


class WxrReading:
    """The posts of an export, read one at a time; ``skipped`` counts the items left out."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        include_drafts: bool = False,
        kicker_from_category: bool = False,
        images_dir: str | os.PathLike | None = None,
        rules: dict[str, Any] | ImportRules | None = None,
        language: str | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.include_drafts = include_drafts
        self.kicker_from_category = kicker_from_category
        self.images_dir = Path(images_dir) if images_dir else None
        self.rules = get_rules(rules)
        self.language = language
        self.max_bytes = size_limit(max_bytes)
        self.skipped: Counter = Counter()
        self.site_language = ""
        self.base_url = ""

    def check(self) -> None:
        """Refuse an export that declares a DTD or entities, before parsing it."""
        with self.path.open("rb") as handle:
            head = handle.read(_HEAD)
        if re.search(rb"<!(?:DOCTYPE|ENTITY)", head, re.IGNORECASE):
            raise ArticleImportError(
                [
                    _(
                        "The export declares a DTD or entities, which WordPress's exporter never "
                        "writes; it was not read (entity expansion can exhaust memory)."
                    )
                ]
            )

    def __iter__(self) -> Iterator[WxrItem]:
        self.check()
        context = etree.iterparse(
            str(self.path),
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        )
        try:
            for _event, element in context:
                name = _local(element.tag)
                parent = element.getparent()
                if name == "item":
                    item = self.item(element)
                    if item is not None:
                        yield item
                elif parent is not None and _local(parent.tag) == "channel":
                    if name == "language" and element.text:
                        self.site_language = element.text.strip().lower()
                    elif name in ("base_blog_url", "link") and element.text and not self.base_url:
                        self.base_url = element.text.strip()
                else:
                    continue
                # What was read is let go: memory stays that of one item.
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as error:
            raise ArticleImportError(
                [_("The export is not well-formed XML: %(error)s") % {"error": error}]
            ) from None
        finally:
            del context

    def item(self, element) -> WxrItem | None:
        fields: dict[str, str] = {}
        categories: list[str] = []
        for child in element:
            name, namespace = _local(child.tag), _ns(child.tag)
            text = child.text or ""
            if name == "encoded":
                fields["excerpt" if namespace.endswith("/excerpt/") else "content"] = text
            elif name == "category":
                if child.get("domain") == "category" and text.strip():
                    categories.append(" ".join(text.split()))
            elif name not in fields:
                fields[name] = text
        post_type = fields.get("post_type", "").strip() or "post"
        status = fields.get("status", "").strip() or "publish"
        item = WxrItem(
            post_id=fields.get("post_id", "").strip(),
            post_type=post_type,
            status=status,
            title=" ".join(fields.get("title", "").split()),
        )
        if post_type != "post":
            self.skipped[post_type] += 1
            return None
        if status not in PUBLISHED and not (self.include_drafts and status in DRAFTS):
            self.skipped[f"post ({status})"] += 1
            return None
        try:
            with nesting_guard(), collection_paused():
                item.article = self.article(fields, categories)
        except ArticleImportError as error:
            item.error = error
        return item

    def article(self, fields: dict[str, str], categories: list[str]) -> Article:
        content = fields.get("content", "")
        if self.max_bytes is not None and len(content.encode("utf-8")) > self.max_bytes:
            raise ArticleImportError(
                [
                    _(
                        "The post's content is larger than the import size limit of %(limit)s "
                        "bytes (IMPORT_MAX_BYTES, --max-bytes); it was not read."
                    )
                    % {"limit": f"{self.max_bytes:,}"}
                ]
            )
        report = ImportReport()
        language = (self.language or self.site_language or "").lower()
        if has_blocks(content):
            segments = BlockReader(self, report, language).read(parse_blocks(content))
            report.found["body"] = GUTENBERG_BLOCKS
        else:
            soup = BeautifulSoup(autop(content), "html.parser")
            if _depth(soup, MAX_DEPTH) > MAX_DEPTH:
                raise ArticleImportError(
                    [
                        _("The post nests its elements more than %(limit)s levels deep.")
                        % {"limit": f"{MAX_DEPTH:,}"}
                    ]
                )
            reader = _Reader(
                soup,
                rules=self.rules,
                report=report,
                language=language,
                images_dir=self.images_dir,
                base_url=self.base_url if self.base_url.startswith("http") else "",
            )
            reader.disarm()  # read_body expects markup disarmed, as extracted pages are
            segments = reader.read_body(soup)
            report.found["body"] = CLASSIC_POST
        title = fields.get("title", "").strip()
        lead = " ".join(
            BeautifulSoup(fields.get("excerpt", ""), "html.parser").get_text(" ").split()
        )
        if lead:
            report.found["lead"] = POST_EXCERPT
        kicker = ""
        if self.kicker_from_category and categories:
            kicker = categories[0]
            report.found["kicker"] = POST_CATEGORY
        if not lead and (opening := take_first_paragraph_lead(segments)) is not None:
            # As the HTML reader does: the first paragraph is the lead.
            lead = opening.text
            report.found["lead"] = POST_FIRST_PARAGRAPH
        if not language:
            language = guess_language(" ".join([title, lead, *(s.text for s in segments)]))
        blocks = assemble(
            segments, title=title, lead=lead, rules=self.rules, language=language, report=report
        )
        published_at = None
        for key, zone in (("post_date_gmt", UTC), ("post_date", None)):
            value = fields.get(key, "").strip()
            if not value or value.startswith("0000"):
                continue
            try:
                moment = datetime.fromisoformat(value.replace(" ", "T"))
            except ValueError:
                continue
            published_at = moment.replace(tzinfo=zone) if zone else parse_moment(moment.isoformat())
            break
        if published_at is not None:
            report.found["published"] = POST_DATE
        if published_at is not None and published_at > datetime.now(UTC):
            report.note(
                _("The post is scheduled for a later date; the story counts from its import.")
            )
            published_at = None
        source_id = normalise_source_id(fields.get("guid", "")) or normalise_source_id(
            f"{self.base_url}/?p={fields.get('post_id', '').strip()}"
        )
        report.found["source id"] = POST_GUID
        creator = " ".join(fields.get("creator", "").split())
        return Article(
            title=title,
            kicker=kicker,
            lead=lead,
            blocks=blocks,
            report=report,
            source_id=source_id,
            language=language,
            format="wxr",
            published_at=published_at,
            authors=[creator] if creator else [],
            slug=fields.get("post_name", "").strip(),
        )


class BlockReader:
    """Gutenberg blocks → the pieces the builder makes story blocks of."""

    def __init__(self, reading: WxrReading, report: ImportReport, language: str) -> None:
        self.reading = reading
        self.report = report
        self.reader = _Reader(
            BeautifulSoup("", "html.parser"),
            rules=reading.rules,
            report=report,
            language=language,
            images_dir=reading.images_dir,
            base_url=reading.base_url if reading.base_url.startswith("http") else "",
        )

    def soup(self, html: str) -> BeautifulSoup:
        soup = BeautifulSoup(html, "html.parser")
        self.reader.soup = soup
        self.reader.disarm()
        for key in ("EMBED", "COMMENT_NOTICE", "EXPERT_SECTION", "QUOTE"):
            self.reader.matches[key] = self.reader.rules.select_ids(key, soup)
        return soup

    def read(self, blocks: list[Block]) -> list[Segment]:
        stack = [iter(blocks)]
        while stack:
            block = next(stack[-1], None)
            if block is None:
                stack.pop()
                continue
            if block.name in CONTAINERS and block.inner_blocks:
                stack.append(iter(block.inner_blocks))
                continue
            self.block(block)
        return self.reader.segments

    def block(self, block: Block) -> None:
        name = block.name
        html = block.html()
        if name is None or name in CONTAINERS:
            self.reader.walk(self.soup(html))  # freeform (classic) HTML between blocks
        elif name == "core/heading":
            soup = self.soup(html)
            heading = soup.find(["h1", "h2", "h3", "h4", "h5", "h6"])
            text = " ".join((heading or soup).get_text(" ").split())
            if not text:
                return
            level = block.attrs.get("level")
            if not isinstance(level, int) or not 1 <= level <= 6:
                level = int(heading.name[1]) if heading is not None else 2
            anchor = block.attrs.get("anchor") or (heading.get("id") if heading is not None else "")
            self.reader.segments.append(
                Segment("heading", text=text, level=level, data={"anchor": str(anchor or "")})
            )
        elif name in QUOTES:
            soup = self.soup(html)
            element = soup.find(["figure", "blockquote"])
            if element is not None:
                self.reader.quote(element)
        elif name == "core/image":
            soup = self.soup(html)
            figure = soup.find("figure") or soup
            if figure.find("img") is None:
                return
            if figure.name == "figure":
                self.reader.figure(figure)
            else:
                self.reader.image(figure.find("img"))
        elif name == "core/table":
            soup = self.soup(html)
            table = soup.find("table")
            if table is None:
                return
            images: list = []
            rows = self.reader.flat(table, images)
            caption = soup.find("figcaption")
            if caption is not None:
                rows = f"{rows}<br>{self.reader.inline(list(caption.contents), images)}"
            text = " ".join(table.get_text(" ").split())
            if text:
                self.reader.segments.append(Segment("paragraph", text=text, html=f"<p>{rows}</p>"))
        elif name in TEXT:
            self.reader.walk(self.soup(html))
        elif name in LAYOUT:
            self.report.drop(f"wp:{name.removeprefix('core/')}")
        else:
            # Embeds and blocks with no equivalent: their text (an embed's
            # address) as a paragraph, listed in the report.
            soup = self.soup(html)
            label = f"wp:{name.removeprefix('core/')}"
            url = block.attrs.get("url") if isinstance(block.attrs.get("url"), str) else ""
            text = " ".join(soup.get_text(" ").split())
            if url and url not in text:
                text = f"{url} {text}".strip()
            reason = _("an embed") if "embed" in name else _("a block with no equivalent")
            self.reader.segments.append(
                Segment(
                    "unmapped",
                    text=text,
                    html=f"<p>{self.reader.flat(soup, [])}{'<br>' + url if url and url not in soup.get_text() else ''}</p>"
                    if text
                    else "",
                    data={
                        "element": label,
                        "reason": str(reason),
                        "detail": "" if url in text else url,
                    },
                )
            )


def read_wxr(path: str | os.PathLike, **options: Any) -> WxrReading:
    """The posts of the export at ``path``, read as a stream (see :class:`WxrReading`)."""
    return WxrReading(path, **options)


def describe_skipped(skipped: Counter) -> str:
    return ", ".join(f"{kind} × {count}" for kind, count in sorted(skipped.items()))


__all__ += ["autop", "describe_skipped", "excerpt"]
