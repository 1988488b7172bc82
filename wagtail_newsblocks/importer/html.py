"""Article HTML (a whole page or a fragment) → an :class:`Article`.

Parsed with BeautifulSoup and the standard library's ``html.parser``, which
copes with unclosed tags and stray markup without lxml. The reader works in
four passes:

1. take out what must never reach a story: scripts, styles, iframes,
   comments, tracking pixels, event-handler attributes (counted in the report);
2. find the article (``ROOT``) and drop page furniture in it (``DROP``);
3. take the kicker, headline and lead out;
4. walk the rest in document order, turning each element into a piece the
   shared builder (``build.py``) makes blocks of.

Text is never dropped for being unknown: an element no rule recognises is
kept as a sanitised paragraph and listed in the report.
"""

from __future__ import annotations

import errno
import fnmatch
import re
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape as html_escape
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TypeVar
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)
from django.core.files.images import get_image_dimensions
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree
from PIL import Image

from ..quotation_marks import marks_for, strip_quotation_marks
from ..sanitize import is_safe_url, split_url
from .article import LocalImage, Segment
from .attribution import Speaker, is_attribution_line, split_attribution
from .build import take_first_paragraph_lead
from .errors import ArticleImportError
from .extract import DANGEROUS as EXTRACTION_DROPS
from .extract import (
    WHITESPACE,
    casefolded_words,
    collapse,
    hidden_by_style,
    is_tracking_pixel,
    parse_date,
    parse_moment,
    readable_address,
    without_invisible,
)
from .report import FIRST_PARAGRAPH, HTMLDATE, ImportReport, excerpt
from .rules import ImportRules, first_descendant

__all__ = ["HtmlReading", "HtmlSource", "read_html"]

# Removed with everything inside, wherever they are: they run code, load
# third-party content or are invisible machinery.
# What the extraction drops (extract.DANGEROUS), and the head's machinery,
# which an article's markup from an old CMS may carry in its body.
DANGEROUS = (*EXTRACTION_DROPS, "link", "meta", "base")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        *HEADINGS,
    }
)
_BLOCK_OR_IMAGE = BLOCK_TAGS | {"img"}
# Inline, but shown apart from their neighbours: form controls.
SEPARATE = frozenset({"label", "button", "select", "option", "textarea", "output", "meter"})
# Kept as a paragraph of their visible text and reported: no block fits them.
UNMAPPED = {
    "dl": gettext_lazy("a definition list"),
    "pre": gettext_lazy("preformatted text"),
    "form": gettext_lazy("a form"),
    "fieldset": gettext_lazy("a form"),
    "details": gettext_lazy("a collapsible section"),
    "address": gettext_lazy("an address"),
    "dialog": gettext_lazy("a dialog"),
}
_CLOSING = "\"'“”„»«’‘)]}›‹ "
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The deepest nesting of elements the reader takes. Its walks are iterative,
# so this is no recursion limit: old exports with hundreds of unclosed
# <font>s or <p>s (one per paragraph) read fine. Deeper documents are
# refused before the walks begin, as these look at each element's subtree
# and cost the square of the depth: a second or so at this depth.
MAX_DEPTH = 1000
# Longer than any path a file system takes (Linux's PATH_MAX): tails of an
# image address longer than this are not tried as file names.
_PATH_MAX = 4096
# The report's reasons for an image not taken.
NO_LOCAL_FILE = gettext_lazy("an image without a local file")
BAD_ADDRESS = gettext_lazy("an image address that cannot name a file")
TOO_LARGE = gettext_lazy("image too large (decompression-bomb limit)")
UNREADABLE = gettext_lazy("an image file Pillow cannot read")
# Inline elements and the rich-text markup they become.
_WRAP = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "cite": "i",
    "dfn": "i",
    "var": "i",
    "s": "s",
    "strike": "s",
    "del": "s",
    "sup": "sup",
    "sub": "sub",
}


class _Closing(NamedTuple):
    """Markup to write once an element's children are written (on the walks' explicit stacks)."""

    markup: str


_Result = TypeVar("_Result")


def _unnested(steps: Callable[[Tag], Generator[Tag, Any, _Result]], element: Tag) -> _Result:
    """Run ``steps(element)``, where each element it yields is run the same way first.

    A step that would call itself for a nested element yields it instead and
    is sent what that run returned. The nesting lives on this list, not on
    Python's call stack, so that no depth of markup reaches the recursion limit.
    """
    stack = [steps(element)]
    sent: Any = None
    while True:
        try:
            nested = stack[-1].send(sent)
        except StopIteration as done:
            stack.pop()
            if not stack:
                return done.value
            sent = done.value
            continue
        stack.append(steps(nested))
        sent = None


def _depth(soup: BeautifulSoup, limit: int) -> int:
    """How deep elements nest in ``soup``, counted up to ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack and deepest <= limit:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element.contents if isinstance(child, Tag))
    return deepest


class HtmlSource:
    """What the page says about itself: language, canonical URL, title."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup

    @property
    def language(self) -> str:
        html = self.soup.find("html")
        candidates = [html.get("lang") if html else None, html.get("xml:lang") if html else None]
        for meta in self.soup.find_all("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language":
                candidates.append(meta.get("content"))
            if (meta.get("property") or "").lower() == "og:locale":
                candidates.append(meta.get("content"))
        for candidate in candidates:
            if isinstance(candidate, str) and _LANG.match(candidate.strip()):
                return candidate.strip().replace("_", "-").lower()
        return ""

    @property
    def canonical_url(self) -> str:
        for link in self.soup.find_all("link"):
            rel = link.get("rel") or []
            rel = rel if isinstance(rel, list) else rel.split()
            href = readable_address(link.get("href"))
            if "canonical" in [value.lower() for value in rel] and href:
                return href
        for meta in self.soup.find_all("meta"):
            content = readable_address(meta.get("content"))
            if (meta.get("property") or "").lower() == "og:url" and content:
                return content
        return ""

    @property
    def base_url(self) -> str:
        canonical = self.canonical_url
        if canonical and split_url(canonical).scheme in ("http", "https"):
            return canonical
        return ""

    def published_at(self, rules: ImportRules, report: ImportReport) -> datetime | None:
        candidates = (
            (element.get("content") or element.get("datetime") or element.get_text(), "")
            for element in rules.select("PUBLISHED", self.soup)
        )
        return _first_date(candidates, "publication", report, parse=parse_moment)[0]

    @property
    def title(self) -> str:
        for meta in self.soup.find_all("meta"):
            if (meta.get("property") or "").lower() == "og:title" and meta.get("content"):
                return collapse(meta["content"])
        title = self.soup.find("title")
        return collapse(title.get_text()) if title else ""


class _Reader:
    def __init__(
        self,
        soup: BeautifulSoup,
        *,
        rules: ImportRules,
        report: ImportReport,
        language: str,
        images_dir: Path | None,
        base_url: str,
    ) -> None:
        self.soup = soup
        self.rules = rules
        self.report = report
        self.language = language
        self.images_dir = images_dir.resolve() if images_dir else None
        self.base_url = base_url
        self.segments: list[Segment] = []
        self.run: list[NavigableString | Tag] = []
        self.matches: dict[str, set[int]] = {}

    # -- pass 1: what never reaches a story ------------------------------------------

    def disarm(self) -> None:
        # One walk over the document, then each kind in turn (the report lists
        # them in this order); a node inside one taken out before is skipped.
        strings, titles, dangerous, elements, images = [], [], [], [], []
        for node in self.soup.descendants:
            if not isinstance(node, Tag):
                if isinstance(node, Doctype | Declaration | ProcessingInstruction | Comment):
                    strings.append(node)
                continue
            elements.append(node)
            if node.name == "title":
                titles.append(node)
            elif node.name in DANGEROUS:
                dangerous.append(node)
            elif node.name == "img":
                images.append(node)
        for node in strings:
            if isinstance(node, Comment):
                self.report.drop(_("HTML comment"))
            node.extract()
        for element in titles:
            if not element.decomposed:
                element.decompose()  # read by HtmlSource already; not story text
        for element in dangerous:
            if element.decomposed or element.parent is None:
                continue
            if element.name in ("link", "meta", "base"):
                # The head's machinery, read already; nothing a reader ever saw.
                element.decompose()
                continue
            detail = ""
            if element.name in ("iframe", "frame", "object", "embed", "video", "audio"):
                # Where an editor could find the embedded thing again.
                detail = element.get("src") or element.get("data") or ""
            self.report.drop(f"<{element.name}>", text=str(detail))
            element.decompose()
        for element in elements:  # in document order: a hidden element's inside goes with it
            if element.decomposed:
                continue
            if element.name != "img" and hidden_by_style(element):
                # What readers never see (as extract.disarm); images are judged as pixels below.
                self.report.drop(_("an element its style hides"), text=_text(element))
                element.decompose()
                continue
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            if handlers:
                self.report.drop(_("event-handler attribute"), count=len(handlers))
                for name in handlers:
                    del element.attrs[name]
        for image in images:
            if not image.decomposed and self.is_tracking_pixel(image):
                self.report.drop(_("tracking pixel"))
                image.decompose()

    def is_tracking_pixel(self, image: Tag) -> bool:
        return is_tracking_pixel(image, self.rules)

    def find_root(self) -> Tag:
        headline_ids = self.rules.select_ids("HEADLINE", self.soup)
        first_match = None
        for matches in self.rules.root_candidates(self.soup):
            for candidate in matches:
                first_match = first_match or candidate
                if any(id(element) in headline_ids for element in candidate.find_all(True)):
                    return candidate
        return first_match or self.soup

    def drop_furniture(self, root: Tag) -> None:
        for element in self.rules.select("DROP", root):
            if element.decomposed or element.parent is None:
                continue
            self.report.drop(_("removed by the DROP rule"), text=_text(element))
            element.decompose()

    def take(self, key: str, root: Tag) -> str:
        """The text of the first element ``key`` matches, taken out of the tree."""
        seen: set[int] = set()
        while (element := self.rules.first(key, root)) is not None and id(element) not in seen:
            seen.add(id(element))
            if first_descendant(element, BLOCK_TAGS) is None:
                text = _text(element)
                element.decompose()
            else:
                # An unclosed <p class="lead"> swallows the story after it: take
                # only its own first line, and leave the rest where it is.
                head, _rest = _leading_inline(element)
                text = collapse(_plain(head))
                for child in head:
                    child.extract()
                element.unwrap()
            if text:
                return text
        return ""

    # -- pass 4: the walk ------------------------------------------------------------------

    def walk(self, container: Tag) -> None:
        # Containers nest in containers (an old export's unclosed <div>s and
        # <p>s hundreds deep): walked on a list, not by recursion.
        _unnested(self._walk, container)

    def _walk(self, container: Tag) -> Iterator[Tag]:
        """Walk ``container``'s children; yields the elements to walk where they stand."""
        for child in list(container.children):
            if isinstance(child, NavigableString):
                self.run.append(child)
            elif isinstance(child, Tag):
                if self.is_inline(child):
                    self.run.append(child)
                else:
                    self.flush()
                    yield from self.block(child)
        self.flush()

    def is_inline(self, element: Tag) -> bool:
        if element.name in BLOCK_TAGS or element.name == "img":
            return False
        if self.matched(element):
            return False
        # Old CMSs wrap whole stories in <font> and <span>: those are containers.
        return first_descendant(element, _BLOCK_OR_IMAGE) is None

    def matched(self, element: Tag) -> str | None:
        for key in ("EMBED", "COMMENT_NOTICE", "EXPERT_SECTION", "QUOTE"):
            if id(element) in self.matches[key]:
                return key
        return None

    def flush(self) -> None:
        if not self.run:
            return
        nodes, self.run = self.run, []
        # Two line breaks in a row end a paragraph, as old CMSs wrote them; so
        # does a line break after a bold line ("<b>Subhead</b><br>Text …").
        paragraph: list = []
        breaks = 0
        for node in nodes:
            if isinstance(node, Tag) and node.name == "br":
                breaks += 1
                if breaks == 2 or (breaks == 1 and self.is_bold_line(paragraph)):
                    self.inline_paragraph(paragraph)
                    paragraph = []
                    continue
            elif isinstance(node, NavigableString) and not node.strip():
                pass
            else:
                breaks = 0
            paragraph.append(node)
        self.inline_paragraph(paragraph)

    def is_bold_line(self, nodes: list) -> bool:
        if not self.rules["SUBHEAD_FROM_BOLD_PARAGRAPH"] or not _bold_only(nodes):
            return False
        text = collapse(_plain(nodes))
        return bool(text) and not text.rstrip(_CLOSING).endswith(".")

    def inline_paragraph(self, nodes: list) -> None:
        images: list[Tag] = []
        html = _trim_breaks(self.inline(nodes, images))
        text = collapse(_plain(nodes))
        if text:
            self.segments.append(
                Segment(
                    "paragraph",
                    text=text,
                    html=f"<p>{html}</p>",
                    data={"bold_only": _bold_only(nodes)},
                )
            )
        for image in images:
            self.image(image)

    def block(self, element: Tag) -> Iterator[Tag]:
        """Make pieces of a block element; yields the containers in it to walk next."""
        name = element.name
        match = self.matched(element)
        if match == "EMBED":
            self.unmapped(element, _("an embedded post or widget"))
        elif match == "COMMENT_NOTICE":
            self.segments.append(Segment("comment", text=_text(element)))
        elif match == "EXPERT_SECTION":
            self.expert_box(element)
        elif match == "QUOTE":
            self.quote(element)
        elif name in HEADINGS:
            # An unclosed heading swallows what follows: its first line is the heading.
            head, rest = _leading_inline(element)
            images: list[Tag] = []
            self.segments.append(
                Segment(
                    "heading",
                    text=collapse(_plain(head)),
                    html=self.inline(head, images),
                    level=int(name[1]),
                )
            )
            for image in images:
                self.image(image)
            if rest:
                for node in head:
                    node.extract()
                yield element
        elif name == "p" or name in ("li", "dt", "dd", "figcaption", "legend", "summary"):
            if first_descendant(element, BLOCK_TAGS) is not None:
                yield element  # malformed: a paragraph holding blocks
            else:
                self.inline_paragraph(list(element.contents))
        elif name in ("ul", "ol"):
            self.list(element)
        elif name == "figure":
            if first_descendant(element, _BLOCKQUOTE) is not None:
                self.quote(element)
            elif first_descendant(element, _IMG) is not None:
                self.figure(element)
            else:
                yield element
        elif name in ("img", "picture"):
            image = element if name == "img" else element.find("img")
            if image is not None:
                self.image(image)
        elif name == "table":
            if self.rules.layout_table(element):
                for cell in element.find_all(["td", "th"]):
                    if cell.find_parent("table") is element:
                        yield cell
            else:
                self.unmapped(element, _("a data table"))
        elif name == "aside":
            self.aside(element)
        elif name in UNMAPPED:
            self.unmapped(element, str(UNMAPPED[name]))
        elif name == "hr":
            pass
        else:
            if ("-" in name or ":" in name) and _text(element):
                # A custom element (<x-factbox>, <fb:post>): its text is kept, and listed.
                self.report.add_unmapped(
                    _describe(element), _("an element no rule knows, kept as text"), _text(element)
                )
            yield element

    def list(self, element: Tag) -> None:
        images: list[Tag] = []
        html = self.list_html(element, images)
        text = _text(element)
        if text:
            self.segments.append(Segment("paragraph", text=text, html=html))
        for image in images:
            self.image(image)

    def list_html(self, element: Tag, images: list[Tag]) -> str:
        # Unclosed <li>s nest in each other; the reader meant them as siblings.
        # In document order, each one's parent <li> has been moved out already,
        # so one pass puts every nested one after its parent.
        for nested in element.find_all("li"):
            parent = nested.parent
            if parent is not None and parent.name == "li":
                parent.insert_after(nested.extract())
        # Lists in lists: built on a list, not by recursion (see walk()).
        return _unnested(lambda nested: self._list_html(nested, images), element)

    def _list_html(self, element: Tag, images: list[Tag]) -> Generator[Tag, str, str]:
        """The list's rich text; yields each list inside it and is sent that one's."""
        items = []
        for item in element.find_all("li", recursive=False) or [element]:
            parts: list[str] = []
            inline: list = []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    parts.append(self.inline(inline, images))
                    inline = []
                    parts.append((yield child))
                elif isinstance(child, Tag) and child.name in BLOCK_TAGS:
                    parts.append(self.inline(inline, images))
                    inline = []
                    parts.append(self.flat(child, images) + "<br>")
                else:
                    inline.append(child)
            parts.append(self.inline(inline, images))
            content = _trim_breaks("".join(parts))
            if collapse(_strip_tags(content)):
                items.append(f"<li>{content}</li>")
        tag = "ol" if element.name == "ol" else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>"

    # -- pieces with structure of their own -----------------------------------------------

    def quote(self, element: Tag) -> None:
        if _is_link_box(element):
            # "Mehr lesen: <a>…</a>" in a blockquote: links to other stories, not a quotation.
            self.report.drop(_("box of links to other stories"), text=_text(element))
            return
        quote_element = element.find("blockquote") if element.name != "blockquote" else element
        quote_element = quote_element or element
        speaker: Speaker | None = None
        attribution = self.attribution_of(element, quote_element)
        if attribution is not None:
            speaker = split_attribution(_text(attribution))
            attribution.decompose()
        if speaker is None:
            # "<p>— Kim Jong Un, Machthaber Nordkoreas</p>" as the quote's last line.
            paragraphs = quote_element.find_all("p")
            if len(paragraphs) > 1 and is_attribution_line(_text(paragraphs[-1])):
                speaker = split_attribution(_text(paragraphs[-1]))
                paragraphs[-1].decompose()
        source_url = ""
        cite = (quote_element.get("cite") or "").strip()
        if cite and is_safe_url(cite) and split_url(cite).scheme in ("http", "https"):
            source_url = cite
        elif cite:
            self.report.drop(_("quotation source that is not a web address"), text=cite)
        # Quotations inside the quotation keep (or get) marks of their own, so
        # that the pull quote can give them the language's alternate ones.
        # Innermost first, so that an outer one includes the inner marks.
        for inner in reversed(quote_element.find_all(["q", "blockquote"])):
            inner_text = _text(inner)
            if strip_quotation_marks(inner_text) == inner_text:
                inner_text = f"“{inner_text}”"
            padding = " " if inner.name == "blockquote" else ""
            inner.replace_with(NavigableString(f"{padding}{inner_text}{padding}"))
        pieces = _pieces(quote_element)
        if len(pieces) > 1 and all(strip_quotation_marks(piece) != piece for piece in pieces):
            # „First paragraph.“ „Second paragraph.“ — one quotation in marks per paragraph.
            pieces = [strip_quotation_marks(piece) for piece in pieces]
        text = " ".join(pieces)
        images: list[Tag] = []
        fallback = self.flat(element, images)
        if speaker is not None:
            fallback += "<br>— " + escape(
                ", ".join(part for part in (speaker.name, speaker.role) if part)
            )
        self.segments.append(
            Segment(
                "quote",
                text=text,
                html=f"<p>{_trim_breaks(fallback)}</p>",
                data={
                    "speaker": speaker,
                    "source_url": source_url,
                    "element": _describe(element),
                },
            )
        )
        for image in images:
            self.image(image)

    def attribution_of(self, element: Tag, quote_element: Tag) -> Tag | None:
        dashes = " —–―-~"
        for candidate in reversed(self.rules.select("ATTRIBUTION", element)):
            if candidate.decomposed or candidate.parent is None:
                continue
            wanted = _text(candidate).strip(dashes)
            # A <cite> inside a sentence names a work, not the speaker; a
            # <footer>— <cite>…</cite></footer> is the attribution as a whole.
            while (
                candidate.parent is not quote_element
                and candidate.parent is not element
                and _text(candidate.parent).strip(dashes) == wanted
            ):
                candidate = candidate.parent
            if candidate.parent is quote_element or candidate.parent is element:
                return candidate
        return None

    def aside(self, element: Tag) -> None:
        heading = element.find(HEADINGS)
        if heading is not None:
            label, _colon, _headline = _text(heading).partition(":")
            if self.rules.test("EXPERT_LABEL", label):
                self.expert_box(element)
                return
        self.unmapped(element, _("a box beside the story"))

    def expert_box(self, element: Tag) -> None:
        text_before = _text(element)
        fallback_images: list[Tag] = []
        fallback = f"<p>{_trim_breaks(self.flat(element, fallback_images))}</p>"
        label = headline = ""
        level = None
        heading = element.find(HEADINGS)
        if heading is not None:
            heading_text = _text(heading)
            label, colon, headline = heading_text.partition(":")
            label, headline = label.strip(), headline.strip()
            if not colon and not self.rules.test("EXPERT_LABEL", label):
                label, headline = "", heading_text
            level = int(heading.name[1])
            heading.decompose()
        found = {}
        for key in ("EXPERT_NAME", "EXPERT_ROLE", "EXPERT_ORGANIZATION"):
            for match in self.rules.select(key, element):
                if not match.decomposed and match.parent is not None:
                    found[key] = _text(match)
                    parent = match.parent
                    match.decompose()
                    # "<p><b class=expert-name>…</b>, <span class=role>…</span></p>" leaves ", ".
                    if parent is not None and not collapse(_plain(parent.contents)).strip(" ,;–—-"):
                        parent.decompose()
                    break
        speaker = None
        if found.get("EXPERT_NAME"):
            speaker = Speaker(
                name=found["EXPERT_NAME"],
                role=found.get("EXPERT_ROLE", ""),
                organization=found.get("EXPERT_ORGANIZATION", ""),
            )
        else:
            speaker = self.person_line(element)
        quote = ""
        blockquote = element.find("blockquote")
        if blockquote is not None:
            quote = _text(blockquote)
            blockquote.decompose()
        images: list[Tag] = []
        paragraphs = []
        for child in element.find_all(["p", "ul", "ol"]):
            if child.find_parent(["ul", "ol"]) is not None or child.find_parent("p") is not None:
                continue
            if child.name == "p":
                paragraphs.append(f"<p>{self.inline(list(child.contents), images)}</p>")
            else:
                paragraphs.append(self.list_html(child, images))
        if not paragraphs and _text(element):
            paragraphs.append(f"<p>{_trim_breaks(self.flat(element, images))}</p>")
        self.segments.append(
            Segment(
                "expert",
                text=text_before,
                html=fallback,
                data={
                    "label": label,
                    "headline": headline,
                    "level": level,
                    "speaker": speaker,
                    "statement_html": "".join(paragraphs),
                    "quote": quote,
                    "element": _describe(element),
                },
            )
        )

    def person_line(self, element: Tag) -> Speaker | None:
        """A first paragraph "<b>Name</b>, role at organisation" names the box's expert."""
        first = element.find("p")
        if first is None:
            return None
        bold = first.find(["b", "strong"])
        text = _text(first)
        if bold is None or not text.startswith(_text(bold)) or len(text) > 250:
            return None
        name = _text(bold)
        rest = text[len(name) :].strip()
        if not rest.startswith(","):
            return None
        # The line leaves the statement, so the role keeps every word of it
        # ("Professorin … an der Universität Rostock"), unsplit.
        first.decompose()
        return Speaker(name=name, role=rest[1:].strip().rstrip("."))

    def figure(self, element: Tag) -> None:
        image, *more = element.find_all("img")
        caption_element = element.find("figcaption")
        credit = ""
        caption = ""
        if caption_element is not None:
            credit_element = self.rules.first("CREDIT", caption_element)
            if credit_element is not None:
                credit = _text(credit_element)
                credit_element.decompose()
            caption = _text(caption_element)
        local, reason = self.local_image(image)
        if local is not None:
            self.segments.append(
                Segment("image", data={"image": local, "caption": caption, "credit": credit})
            )
        else:
            visible = " ".join(part for part in (caption, credit) if part)
            self.unmapped_text("figure", reason, visible, detail=_printable(image.get("src") or ""))
        # A gallery: the caption went with the first image, the others follow it.
        for other in more:
            self.image(other)

    def image(self, image: Tag) -> None:
        if image.decomposed:
            return
        local, reason = self.local_image(image)
        if local is not None:
            self.segments.append(
                Segment("image", data={"image": local, "caption": "", "credit": ""})
            )
        else:
            detail = " ".join(
                part
                for part in (_printable(image.get("src") or ""), collapse(image.get("alt") or ""))
                if part
            )
            self.unmapped_text("img", reason, "", detail=detail)

    def local_image(self, image: Tag) -> tuple[LocalImage | None, str]:
        """The image's file under the images folder, or None and the reason to report."""
        if self.images_dir is None:
            return None, str(NO_LOCAL_FILE)
        candidates = []
        # Lazy-loading CMSs keep the real address in a data attribute.
        for attribute in ("data-src", "data-lazy-src", "data-original", "src"):
            src = (image.get(attribute) or "").strip()
            if not src:
                continue
            address = split_url(src)
            if address is None:
                continue  # no address: no file name either
            pure = PurePosixPath(unquote(address.path))
            relative = [part for part in pure.parts if part not in ("/", "..", ".")]
            # The URL's path under the folder, then shorter tails of it, down
            # to the file name; tails no file system takes are left out (and
            # not built: an address of thousands of parts costs no more).
            tails: list[Path] = []
            length = len(str(self.images_dir))
            for start in range(len(relative) - 1, -1, -1):
                length += len(relative[start]) + 1
                if length > _PATH_MAX:
                    break
                tails.append(self.images_dir.joinpath(*relative[start:]))
            candidates.extend(reversed(tails))
        if not candidates:
            return None, str(NO_LOCAL_FILE)
        unnameable = 0
        for candidate in candidates:
            if "\x00" in str(candidate) or "\ufffd" in str(candidate):
                # "%00" in the address, or a NUL byte the parser replaced: no file has that name
                unnameable += 1
                continue
            try:
                # One stat first: most candidates are not there, and resolving
                # a long path costs a look-up per part.
                if not candidate.is_file():
                    continue
                resolved = candidate.resolve()
                # Never outside the folder the command was given.
                if not (resolved.is_file() and resolved.is_relative_to(self.images_dir)):
                    continue
            except OSError as error:
                # A name longer than the file system takes; other errors are a
                # file that is not there for the importer.
                unnameable += error.errno == errno.ENAMETOOLONG
                continue
            problem = _not_an_image(resolved)
            if problem is not None:
                # SVG can carry script, and a decompression bomb would take
                # gigabytes once decoded (by every rendition Wagtail makes).
                if problem is NO_LOCAL_FILE:
                    continue
                return None, f"{problem}: {resolved.name}"
            alt = collapse(image.get("alt") or "")
            title = collapse(image.get("title") or "") or alt or resolved.stem
            return LocalImage(path=resolved, alt_text=alt, title=title[:255]), ""
        return None, str(BAD_ADDRESS if unnameable == len(candidates) else NO_LOCAL_FILE)

    def unmapped(self, element: Tag, reason: str) -> None:
        images: list[Tag] = []
        html = _trim_breaks(self.flat(element, images))
        text = _text(element)
        self.segments.append(
            Segment(
                "unmapped",
                text=text,
                html=f"<p>{html}</p>",
                data={"element": _describe(element), "reason": reason},
            )
        )
        for image in images:
            self.image(image)

    def unmapped_text(self, element: str, reason: str, text: str, *, detail: str = "") -> None:
        self.segments.append(
            Segment(
                "unmapped",
                text=text,
                html=f"<p>{escape(text)}</p>" if text else "",
                data={"element": element, "reason": reason, "detail": detail},
            )
        )

    # -- rich text ------------------------------------------------------------------------

    def inline(self, nodes: list, images: list[Tag]) -> str:
        out: list[str] = []
        for node in nodes:
            self._inline(node, out, images)
        return WHITESPACE.sub(" ", "".join(out))

    def _inline(self, node, out: list[str], images: list[Tag]) -> None:
        # An explicit stack, not recursion: unclosed <b>s and <font>s nest
        # hundreds deep in old exports. An element's closing markup goes on
        # the stack under its children, so it is written after them.
        stack: list = [node]
        while stack:
            node = stack.pop()
            if isinstance(node, _Closing):
                out.append(node.markup)
                continue
            if isinstance(node, NavigableString):
                out.append(html_escape(without_invisible(str(node)), quote=False))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name
            if name == "br":
                out.append("<br>")
                continue
            if name == "img":
                images.append(node)
                continue
            opening = closing = ""
            if name == "a" and (href := self.clean_link(node.get("href"))):
                opening, closing = f'<a href="{escape(href)}">', "</a>"
            elif name == "q":
                marks = marks_for(self.language)
                opening, closing = escape(marks.open_padded), escape(marks.close_padded)
            elif name in _WRAP:
                opening, closing = f"<{_WRAP[name]}>", f"</{_WRAP[name]}>"
            elif name in BLOCK_TAGS:
                opening = closing = "<br>"
            elif name in SEPARATE:
                opening = closing = " "
            out.append(opening)
            stack.append(_Closing(closing))
            stack.extend(reversed(node.contents))

    def flat(self, element: Tag, images: list[Tag]) -> str:
        """``element``'s visible text as one paragraph's rich text: blocks become line breaks."""
        if element.name == "table":
            rows = []
            for row in element.find_all("tr"):
                cells = [
                    self.inline(list(cell.contents), images).strip()
                    for cell in row.find_all(["td", "th"])
                    if cell.find_parent("tr") is row
                ]
                cells = [cell for cell in cells if collapse(_strip_tags(cell))]
                if cells:
                    rows.append(" | ".join(cells))
            caption = element.find("caption")
            head = [self.inline(list(caption.contents), images)] if caption else []
            return "<br>".join([*head, *rows])
        return self.inline(list(element.contents), images)

    def clean_link(self, href: str | None) -> str:
        if not href:
            return ""
        href = href.strip()
        if not is_safe_url(href):
            self.report.drop(_("link with an unsafe address"))
            return ""
        if href.startswith("#"):
            return ""  # anchors into the old page lead nowhere in the new one
        if self.base_url:
            href = urljoin(self.base_url, href)
        parts = urlsplit(href)
        if parts.query and parts.scheme in ("http", "https", ""):
            patterns = self.rules["TRACKING_PARAMETERS"]
            query = parse_qsl(parts.query, keep_blank_values=True)
            kept = [
                (key, value)
                for key, value in query
                if not any(fnmatch.fnmatchcase(key.lower(), pattern) for pattern in patterns)
            ]
            if len(kept) != len(query):
                self.report.drop(_("tracking parameter in a link"), count=len(query) - len(kept))
                href = urlunsplit(parts._replace(query=urlencode(kept)))
        return href if is_safe_url(href) else ""

    # -- the whole reading ---------------------------------------------------------------------

    def read(self) -> tuple[str, str, str, list[Segment]]:
        self.disarm()
        root = self.find_root()
        self.drop_furniture(root)
        kicker = self.take("KICKER", root)
        title = self.take("HEADLINE", root)
        if not title:
            title = self.take("HEADLINE", self.soup)
        lead = self.take("LEAD", root)
        for key in ("EMBED", "COMMENT_NOTICE", "EXPERT_SECTION", "QUOTE"):
            self.matches[key] = self.rules.select_ids(key, root)
        self.walk(root)
        # Comment sections often follow the article element rather than sit in it.
        outside = [
            element
            for element in self.rules.select("COMMENT_NOTICE", self.soup)
            if element.parent is not None
            and element is not root
            and not any(parent is root for parent in element.parents)
            and not any(parent is element for parent in root.parents)
        ]
        outside_ids = {id(element) for element in outside}
        for element in outside:
            if not any(id(parent) in outside_ids for parent in element.parents):
                self.segments.append(Segment("comment", text=_text(element)))
        if not lead:
            lead = self.lead_from_first_paragraph()
        return kicker, title, lead, self.segments

    def read_body(self, root: Tag) -> list[Segment]:
        """The pieces of an article found already (the extractor's output): no head fields taken.

        The markup must be disarmed already (:meth:`disarm`, or the page's
        ``extract.disarm`` before extraction).
        """
        from .extract import MARK, MARKED

        # Matched on the whole page already, and marked (extract.py): one
        # walk over the article finds the marks of every rule.
        marked: dict[str, set[int]] = {}
        for element in root.descendants:
            if isinstance(element, Tag) and (key := element.get(MARK)):
                marked.setdefault(key, set()).add(id(element))
        for key in ("EMBED", "COMMENT_NOTICE", "EXPERT_SECTION", "QUOTE"):
            if key in MARKED and isinstance(self.rules[key], str):
                self.matches[key] = marked.get(key, set())
            elif key == "COMMENT_NOTICE" and isinstance(self.rules[key], str):
                self.matches[key] = set()  # taken out of the page before extraction
            else:
                self.matches[key] = self.rules.select_ids(key, root)
        self.walk(root)
        return self.segments

    def lead_from_first_paragraph(self) -> str:
        segment = take_first_paragraph_lead(self.segments)
        if segment is None:
            return ""
        self.report.note(
            _("The source marks no lead; its first paragraph became the lead: %(text)s")
            % {"text": excerpt(segment.text, 100)}
        )
        return segment.text


def _text(element: Tag) -> str:
    return collapse(_plain([element]))


_BLOCKQUOTE = frozenset({"blockquote"})
_IMG = frozenset({"img"})


# Words that introduce links to other stories ("Mehr lesen: …", "Read more: …").
READ_MORE = re.compile(
    r"^\W*(?:mehr lesen|mehr dazu|mehr zum thema|lesen sie (?:auch|mehr)|weiterlesen|siehe auch|"
    r"read more|read also|also read|see also|related(?: coverage| stories| articles)?|more on this|"
    r"lire aussi|à lire aussi|lire la suite|voir aussi|leer más|lea también|lee también|leggi anche)"
    r"\b",
    re.IGNORECASE,
)


def _is_link_box(element: Tag) -> bool:
    """A quotation-like box that only points to other stories."""
    text = _text(element)
    if not text:
        return False
    linked = sum(len(_text(link)) for link in element.find_all("a"))
    return bool(READ_MORE.match(text)) or linked >= 0.6 * len(text)


def _plain(nodes: Iterable) -> str:
    """Visible text with a space at every block boundary (``get_text`` would glue "a</p><p>b")."""
    out: list[str] = []
    # Depth first on a list, not by recursion (see _Reader._inline).
    stack: list = list(nodes)
    stack.reverse()
    while stack:
        node = stack.pop()
        if isinstance(node, _Closing):
            out.append(node.markup)
        elif isinstance(node, NavigableString):
            if not isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
                out.append(str(node))
        elif isinstance(node, Tag):
            if node.name in BLOCK_TAGS or node.name in SEPARATE or node.name == "br":
                out.append(" ")
                stack.append(_Closing(" "))
            stack.extend(reversed(node.contents))
    return "".join(out)


def _leading_inline(element: Tag) -> tuple[list, list]:
    """``element``'s children up to its first block child, and the rest."""
    children = list(element.children)
    for index, child in enumerate(children):
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            return children[:index], children[index:]
    return children, []


def _pieces(element: Tag) -> list[str]:
    """The texts of ``element``'s paragraphs (and of the loose text between them)."""
    pieces: list[str] = []
    run: list = []
    for child in element.children:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            pieces.append(collapse(_plain(run)))
            run = []
            pieces.append(_text(child))
        else:
            run.append(child)
    pieces.append(collapse(_plain(run)))
    return [piece for piece in pieces if piece]


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _trim_breaks(html: str) -> str:
    if "<br>" not in html:
        return html.strip()  # most paragraphs: neither pattern can match
    html = _BREAKS_IN_A_ROW.sub("<br>", html)
    html = _BREAKS_AT_THE_ENDS.sub("", html.strip())
    return html.strip()


_BREAKS_IN_A_ROW = re.compile(r"(?:\s*<br>\s*){2,}")
_BREAKS_AT_THE_ENDS = re.compile(r"^(?:\s*<br>)+|(?:<br>\s*)+$")


def _bold_only(nodes: list) -> bool:
    """Whether every visible character of ``nodes`` is inside <b>/<strong>.

    Every element around the bold text must hold some of it: an empty <span>
    beside a bold line makes it no bold line.
    """
    # One frame per open element, on a list rather than the call stack (see
    # _Reader._inline): the element's remaining children, and whether bold
    # text was seen in it.
    stack: list[list] = [[iter(nodes), False]]
    while True:
        frame = stack[-1]
        node = next(frame[0], None)
        if node is None:
            stack.pop()
            if not stack:
                return frame[1]
            if not frame[1]:
                return False
            stack[-1][1] = True
        elif isinstance(node, NavigableString):
            if node.strip():
                return False
        elif isinstance(node, Tag):
            if node.name in ("b", "strong"):
                frame[1] = frame[1] or bool(node.get_text(strip=True))
            elif node.name != "br":
                stack.append([iter(node.children), False])


def _describe(element: Tag) -> str:
    classes = element.get("class") or []
    return ".".join([element.name, *classes[:2]])


@dataclass
class HtmlReading:
    """What the HTML reader found: the head fields, the body's pieces, what the page says of itself."""

    kicker: str
    title: str
    lead: str
    segments: list[Segment]
    language: str
    canonical_url: str
    published_at: datetime | None
    modified_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    # Where each head field came from ("headline": "JSON-LD headline", …).
    sources: dict[str, str] = field(default_factory=dict)


def decode_html(source: str | bytes) -> str:
    """The page as text: UTF-8 first, else the encoding it declares, else Windows-1252.

    UTF-8 is tried first and strictly: bytes that decode as UTF-8 are almost
    never another encoding, and guessing (BeautifulSoup's UnicodeDammit does
    it differently with and without chardet installed) would read a UTF-8
    page as mojibake.
    """
    if isinstance(source, str):
        return source
    data = source[3:] if source.startswith(b"\xef\xbb\xbf") else source
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(
        data, is_html=True, search_entire_document=False
    )
    for encoding in (declared, "windows-1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("windows-1252", "replace")


# Deeper than this, lxml's parser (libxml2) cuts the tree: the page is read
# by BeautifulSoup alone, which reads up to MAX_DEPTH.
LXML_DEPTH = 200


# An element with more ancestors than LXML_DEPTH, looked for by libxml2 itself:
# level by level from the root, each element visited once (asking every
# element for its ancestors visits each again at every level below it).
_TOO_DEEP = etree.XPath("boolean(/*" + "/*" * (LXML_DEPTH + 1) + ")")


def _too_deep(tree) -> bool:
    return bool(_TOO_DEEP(tree))


def read_html(
    source: str | bytes,
    *,
    rules: ImportRules,
    report: ImportReport,
    language: str | None,
    images_dir: Path | None,
) -> HtmlReading:
    """Read an HTML document or fragment into the pieces a story is built from.

    A whole page goes to trafilatura for its main content and is read for what
    it says about itself (``extract.py``); a page trafilatura finds nothing in
    (a fragment, a page of a few words), a page whose ROOT the site's rules
    name, and ``EXTRACTOR: None`` are read with the rules alone.
    """
    text = decode_html(source)
    if rules.uses_extractor:
        from . import extract

        tree = extract.page_tree(text)
        if tree is not None and not _too_deep(tree):
            reading = _read_extracted(
                tree, text, rules=rules, report=report, language=language, images_dir=images_dir
            )
            if reading is not None:
                return reading
            # What the extractor's pass counted, the rules' pass counts again.
            report.dropped.clear()
            report.dropped_text.clear()
            report.note(
                _(
                    "No main content was found by the extraction library (a fragment, or a page "
                    "of a few words): the whole page was read with the import rules."
                )
            )
    return _read_with_rules(
        text, rules=rules, report=report, language=language, images_dir=images_dir
    )


def _read_with_rules(
    text: str,
    *,
    rules: ImportRules,
    report: ImportReport,
    language: str | None,
    images_dir: Path | None,
) -> HtmlReading:
    soup = BeautifulSoup(text, "html.parser")
    depth = _depth(soup, MAX_DEPTH)
    if depth > MAX_DEPTH:
        raise ArticleImportError(
            [
                _(
                    "The source nests its elements more than %(limit)s levels deep, deeper than "
                    "the importer reads; unclosed tags in an old export do this."
                )
                % {"limit": f"{MAX_DEPTH:,}"}
            ]
        )
    # Read before the reader removes <link> and <meta>, which carry them.
    info = HtmlSource(soup)
    language = language or info.language
    canonical = info.canonical_url
    page_title = info.title
    published_at = info.published_at(rules, report)
    reader = _Reader(
        soup,
        rules=rules,
        report=report,
        language=language,
        images_dir=images_dir,
        base_url=info.base_url,
    )
    kicker, title, lead, segments = reader.read()
    return HtmlReading(
        kicker=kicker,
        title=title or page_title,
        lead=lead,
        segments=segments,
        language=language,
        canonical_url=canonical,
        published_at=published_at,
    )


def _words(text: str) -> str:
    return " ".join(casefolded_words(text))


# What the report says of a date a page cannot store, by which date it is:
# whole sentences, so that each language names the date in its own words.
_IMPLAUSIBLE_DATE = {
    "publication": gettext_lazy(
        "The source's publication date “%(date)s” %(problem)s; the story counts from "
        "its import instead."
    ),
    "modification": gettext_lazy(
        "The source's modification date “%(date)s” %(problem)s; it was left out."
    ),
}


def _first_date(
    candidates: Iterable[tuple[str, str]],
    what: str,
    report: ImportReport,
    *,
    parse: Callable[[str], datetime | None] = parse_date,
) -> tuple[datetime | None, str]:
    """The first of ``candidates`` (text, where it is from) that is a date a page can store.

    ``what`` is ``"publication"`` or ``"modification"``. A date a page cannot
    store would fail the save (or every later rendering): it is reported and
    the next one tried.
    """
    for value, source in candidates:
        moment = parse(value)
        if moment is None:
            continue
        problem = _implausible(moment)
        if problem:
            report.note(
                _IMPLAUSIBLE_DATE[what]
                % {"date": excerpt(_CONTROL.sub("", value), 60), "problem": problem}
            )
            continue
        return moment, source
    return None, ""


def _read_extracted(
    tree,
    text: str,
    *,
    rules: ImportRules,
    report: ImportReport,
    language: str | None,
    images_dir: Path | None,
) -> HtmlReading | None:
    from . import extract

    # One reading of the page's classes and ids for every rule asked of it.
    select = extract.Selection(tree, extract.attributes_asked(rules))
    meta = extract.read_metadata(tree, rules, select)
    sources = dict(meta.sources)
    published_candidates = list(meta.published)
    if not published_candidates:
        found = extract.find_date(tree)
        if found:
            published_candidates.append((found, HTMLDATE))
    published_at, published_source = _first_date(published_candidates, "publication", report)
    if published_at is not None:
        sources["published"] = published_source
    modified_at, modified_source = _first_date(meta.modified, "modification", report)
    if modified_at is not None:
        sources["modified"] = modified_source
    extract.disarm(tree, rules, report, select)
    main = extract.extract_main(tree, rules, report, select)
    if main is None:
        return None
    language = language or meta.language
    base_url = (
        meta.canonical_url if split_url(meta.canonical_url).scheme in ("http", "https") else ""
    )
    soup = _article_soup(main.html)
    reader = _Reader(
        soup,
        rules=rules,
        report=report,
        language=language,
        images_dir=images_dir,
        base_url=base_url,
    )
    title, kicker = meta.title, meta.kicker
    lead, lead_source = extract.choose_lead(meta.lead_candidates, title, main)
    # Head rules the site gave as callables see the article, not the page.
    for key, value in (("KICKER", kicker), ("HEADLINE", title), ("LEAD", lead)):
        if not value and callable(rules[key]):
            found = reader.take(key, soup)
            if found:
                sources[{"KICKER": "kicker", "HEADLINE": "headline", "LEAD": "lead"}[key]] = (
                    f"{key} rule"
                )
                kicker, title, lead = (
                    (found, title, lead)
                    if key == "KICKER"
                    else (kicker, found, lead)
                    if key == "HEADLINE"
                    else (kicker, title, found)
                )
    if lead:
        sources["lead"] = lead_source or sources.get("lead", "")
    # Not disarmed again: the page was, before the extractor saw it (and the
    # report counts what it took out), and the extractor writes no markup of
    # its own; the blocks' sanitiser still has the last word on every field.
    segments = reader.read_body(soup.body or soup)
    # The head fields are not story text too: the extracted text repeats them.
    head = {_words(value) for value in (title, kicker, lead, meta.h1) if value}
    segments = [
        segment
        for segment in segments
        if not (
            segment.kind in ("heading", "paragraph")
            and segment.text
            and _words(segment.text) in head
        )
    ]
    reader.segments = segments
    for notice in main.comments:
        reader.segments.append(Segment("comment", text=notice))
    if not lead:
        lead = reader.lead_from_first_paragraph()
        if lead:
            sources["lead"] = FIRST_PARAGRAPH
    return HtmlReading(
        kicker=kicker,
        title=title,
        lead=lead,
        segments=reader.segments,
        language=language,
        canonical_url=meta.canonical_url,
        published_at=published_at,
        modified_at=modified_at,
        authors=meta.authors,
        sources=sources,
    )


ARTICLE_PARSER = "lxml"


def _article_soup(html: str) -> BeautifulSoup:
    # The extractor's output is well-formed HTML: lxml's parser reads it as
    # the standard library's would, several times faster.
    return BeautifulSoup(html, ARTICLE_PARSER)


def _implausible(moment: datetime) -> str | None:
    """Why a page cannot take ``moment`` as its first publication, or None."""
    try:
        # Stored in UTC, shown in the site's time zone: 0001-01-01T00:00+05:00
        # and 9999-12-31T23:59-05:00 are dates only until converted.
        in_utc = moment.astimezone(UTC)
        moment.astimezone(timezone.get_default_timezone())
    except (OverflowError, ValueError):
        return str(_("is outside the dates a page can store"))
    # A story imported was published already; a date ahead of now (beyond a
    # day of clocks set wrong) is a broken one, and the comment policy would
    # count months from it past the end of the calendar.
    if in_utc > timezone.now() + timedelta(days=1):
        return str(_("lies in the future"))
    return None


def _not_an_image(path: Path) -> Promise | None:
    """None if Pillow reads ``path`` as a raster image within its pixel limit, else why not.

    ``NO_LOCAL_FILE`` means not a raster image at all (SVG, text): the
    importer goes on looking for the image's file.
    """
    with warnings.catch_warnings():
        # Between Image.MAX_IMAGE_PIXELS and twice that, Pillow only warns:
        # refused as well, the limit being what the site set it to.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            width, height = get_image_dimensions(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return TOO_LARGE
        except Exception:
            # Pillow's format plugins fail on a broken file in many ways;
            # whichever, it is one image of one story that cannot be taken.
            return UNREADABLE
    return None if width and height else NO_LOCAL_FILE


def _printable(text: str) -> str:
    """``text`` with control characters (a NUL byte) written out, for the report."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
