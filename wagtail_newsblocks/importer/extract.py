"""A whole web page → its main content (by trafilatura) and what the page says about itself.

The page is parsed once, with lxml. From that tree:

* :func:`read_metadata` reads the headline, lead candidates, kicker, dates,
  authors, canonical URL and language from what the page declares (JSON-LD,
  Open Graph and ``<meta>``, the article's ``h1``, breadcrumbs, the section
  label above the headline), noting where each came from;
* :func:`extract_main` takes out what never reaches a story (counted in the
  report), protects the markup the package maps to blocks of its own (expert
  boxes, figures, quotations, embeds) and lets trafilatura decide what is the
  article and what is page furniture (navigation, menus, related lists,
  newsletter boxes, share bars, footers). The protected elements come back
  where they stood, in their original markup, if trafilatura kept the place
  they stood in.

The HTML reader (``html.py``) then maps the result to blocks with the same
rules, sanitising and report as any other source.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property, lru_cache
from typing import Any

import lxml.html
import trafilatura
from dateutil import parser as date_parser
from django.utils import timezone
from django.utils.dateparse import parse_date as parse_iso_date
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree
from lxml.cssselect import CSSSelector, LxmlHTMLTranslator

from ..sanitize import split_url
from .report import (
    ARTICLE_H1,
    AS_THE_H1_HAS_IT,
    BREADCRUMBS,
    CANONICAL_LINK,
    LABEL_ABOVE_HEADLINE,
    STANDFIRST,
    ImportReport,
)
from .rules import SELECTOR_KEYS, ImportRules

__all__ = [
    "PageMetadata",
    "extract_main",
    "page_tree",
    "read_metadata",
    "strip_site_name",
]

# trafilatura's settings for the importer: its XML (here as HTML) keeps
# headings, quotations, lists, tables, images and links in order. No
# fallback extractors (``fast``): the protected markup and the builder do
# what they would add, at a fraction of the time (docs/importer.md).
EXTRACT_OPTIONS = {
    "output_format": "html",
    "fast": True,
    "include_formatting": True,
    "include_tables": True,
    "include_images": True,
    "include_links": True,
    "include_comments": False,
    "with_metadata": False,
    "deduplicate": False,
    "favor_recall": True,
}
# Elements whose markup the package maps itself; trafilatura would flatten
# them (an expert box in an <aside> it drops, a quotation's <cite> and source
# URL, a figure's caption and credit, an embed's address).
PROTECTED = (
    "figure, aside, blockquote, .wp-block-pullquote, .pullquote, .pull-quote, "
    "table:has(th), table:has(caption), table:has(thead)"
)
# Where a page keeps its article: what the DROP rule removes inside is reported with its text.
ARTICLE_CONTAINERS = "article, main, [itemprop='articleBody']"
PLACEHOLDER = "nbkeep{}x"
# The attribute that carries, into the extracted HTML, the rule a protected element matched.
MARK = "data-newsblocks-rule"
MARKED = ("EMBED", "EXPERT_SECTION", "QUOTE")
_PLACEHOLDER = re.compile(r"<p>\s*nbkeep(\d+)x\s*</p>|nbkeep(\d+)x")
DANGEROUS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "template",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "map",
    "input",
    "amp-analytics",
    "amp-pixel",
    "amp-ad",
)
# The head's machinery, read already (read_metadata); nothing a reader ever saw.
_HEAD = frozenset({"title", "meta", "link", "base"})
_WITH_ADDRESS = ("iframe", "frame", "object", "embed", "video", "audio")
WHITESPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_WORD = re.compile(r"\w+", re.UNICODE)
# Between a headline and the site's name in <title> and og:title.
SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " // ", " » ", " « ", " • ", " ~ ")
# A kicker is a label: a few words.
KICKER_MAX = 40
KICKER_MAX_WORDS = 4
_HOME = frozenset({"home", "startseite", "accueil", "inicio", "start", "homepage", "index"})
# Texts that introduce links to other stories, not a quotation.
_BOILERPLATE_TAGS = ("nav", "footer", "aside", "menu", "form")


def collapse(text: str | None) -> str:
    """``text`` on one line: no invisible characters, one space for each run of whitespace."""
    return WHITESPACE.sub(" ", without_invisible(text or "")).strip()


def without_invisible(text: str) -> str:
    """``text`` without soft hyphens, zero-width spaces and byte-order marks."""
    # None of them is ASCII, which a string knows of itself: most texts need no search.
    return text if text.isascii() else INVISIBLE.sub("", text)


def casefolded_words(text: str) -> list[str]:
    """``text``'s words, casefolded: what two texts that say the same share."""
    return _WORD.findall(text.casefold())


# Plain strings (smart_strings=False): lxml's default results each make a
# Python object of their text's element, which nothing here asks for.
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
    "or ancestor::template)]",
    smart_strings=False,
)
_ALL_TEXT = etree.XPath(".//text()", smart_strings=False)  # plain strings, as _VISIBLE_TEXT


_HIDING = ("script", "style", "noscript", "template")


def _text(element) -> str:
    # lxml's text_content() glues "a</p><p>b" and keeps scripts' code; this does neither.
    # Asking each text node for its ancestors is most of the cost, and most
    # elements (all, once a page is disarmed) have no hiding element in or
    # around them: their text is all their text nodes.
    if next(element.iter(_HIDING), None) is None and not any(
        parent.tag in _HIDING for parent in element.iterancestors()
    ):
        return collapse(" ".join(_ALL_TEXT(element)))
    return collapse(" ".join(_VISIBLE_TEXT(element)))


@lru_cache(maxsize=256)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except Exception:
        # A selector only soupsieve understands: applied later, on the article.
        return None


# ``tag``, ``.class``, ``#id`` and their compounds (``aside.expert``): most of
# the rules' selectors. cssselect makes each class test string functions that
# XPath runs on every element, once per selector; reading the page's class and
# id attributes once and testing their words in Python is several times faster.
_SIMPLE = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:[.#][\w-]+)*)$", re.IGNORECASE)
_PART = re.compile(r"([.#])([\w-]+)")
# The same with attribute conditions (``meta[property='og:title']``,
# ``[aria-hidden='true']``): each is an XPath walk over the whole page when
# cssselect matches it, and only a few elements carry the attribute. They are
# found among the elements the selection read for the part's first attribute
# and tested by cssselect's own translation, one element at a time.
_CONDITION = r"""\[\s*{name}\s*(?:[~|^$*]?=\s*(?:"[^"\]]*"|'[^'\]]*'|[\w-]+)\s*)?\]"""
_ATTRIBUTE_NAME = re.compile(_CONDITION.format(name=r"([\w-]+)"))
_ANY_CONDITION = _CONDITION.format(name=r"[\w-]+")
_WITH_ATTRIBUTES = re.compile(
    rf"^([a-z][a-z0-9]*)?(?:[.#][\w-]+|{_ANY_CONDITION})+$", re.IGNORECASE
)
_TO_SELF = LxmlHTMLTranslator()


def _split_selector_list(selector: str) -> list[str]:
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(selector):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector[start:index].strip())
            start = index + 1
    parts.append(selector[start:].strip())
    return [part for part in parts if part]


def _simple_part(part: str) -> tuple[str, frozenset[str], tuple[str, ...]] | None:
    """``(tag, classes, ids)`` of a simple selector, or None when ``part`` is not one."""
    match = _SIMPLE.match(part)
    if match is None or not (match.group("tag") or match.group("rest")):
        return None
    pieces = _PART.findall(match.group("rest"))
    return (
        (match.group("tag") or "").lower(),
        frozenset(name for kind, name in pieces if kind == "."),
        tuple(dict.fromkeys(name for kind, name in pieces if kind == "#")),
    )


def _attributed_part(part: str) -> tuple[str, str, Callable] | None:
    """``(tag, first attribute, test of one element)`` of a compound with attribute conditions.

    None for any other part, and for one without a tag whose first condition
    is on ``class`` or ``id``: every element may have those, and cssselect's
    walk over the page is as fast as testing them all.
    """
    match = _WITH_ATTRIBUTES.match(part)
    name = _ATTRIBUTE_NAME.search(part) if match else None
    if name is None:
        return None
    tag, attribute = (match.group(1) or "").lower(), name.group(1).lower()
    if not tag and attribute in ("class", "id"):
        return None
    try:
        # cssselect's own translation, asked of the element itself.
        test = etree.XPath(_TO_SELF.css_to_xpath(part, prefix="self::"))
    except Exception:
        return None  # as _compiled: a selector only soupsieve understands
    return tag, attribute, test


class _Plan:
    """One CSS selector list, matched against a :class:`Selection` of the page.

    Tag-only parts are found by lxml's own walk; class and id parts among the
    elements the selection read for their words; parts with attribute
    conditions among the elements it read for the attribute, when it read
    them; the parts only cssselect can translate by its XPath.
    """

    def __init__(self, selector: str):
        tags, others, attributed, self.tested, self.attributed = [], [], [], [], []
        for part in _split_selector_list(selector):
            simple = _simple_part(part)
            if simple is not None:
                (self.tested if simple[1] or simple[2] else tags).append(simple)
            elif (with_attributes := _attributed_part(part)) is not None:
                self.attributed.append(with_attributes)
                attributed.append(part)
            else:
                others.append(part)
        self.tags = tuple(dict.fromkeys(tag for tag, _classes, _ids in tags))
        # A part with a tag is looked for among the tag's elements, by lxml's walk.
        self.attributes = frozenset(name for tag, name, _matches in self.attributed if not tag)
        self.other = _compiled(", ".join(others)) if others else None
        # For a selection that did not read those attributes.
        either = [*others, *attributed]
        self.other_or_attributed = _compiled(", ".join(either)) if either else None

    def _tested(self, element) -> bool:
        classes = None
        for tag, wanted, ids in self.tested:
            if tag and element.tag != tag:
                continue
            if ids and (len(ids) > 1 or element.get("id") != ids[0]):
                continue
            if wanted:
                if classes is None:
                    classes = set((element.get("class") or "").split())
                if not wanted <= classes:
                    continue
            return True
        return False

    def select(self, selection: Selection) -> list:
        """The elements of ``selection``'s page that the selector matches, in document order."""
        # Tags are matched by lxml's own walk, in C.
        found = set(selection.root.iter(*self.tags)) if self.tags else set()
        for _tag, classes, ids in self.tested:
            if ids:
                candidates = selection.by_id.get(ids[0], ())
            else:
                candidates = min((selection.by_class.get(word, ()) for word in classes), key=len)
            found.update(
                element
                for element in candidates
                if self._tested(element) and selection.attached(element)
            )
        other = self.other_or_attributed
        if self.attributes <= selection.by_attribute.keys():
            other = self.other
            for tag, name, matches in self.attributed:
                if tag:
                    # Every condition needs its attribute: asking for it is cheaper than the test.
                    found.update(
                        element
                        for element in selection.root.iter(tag)
                        if element.get(name) is not None and matches(element)
                    )
                else:
                    found.update(
                        element
                        for element in selection.by_attribute[name]
                        if matches(element) and selection.attached(element)
                    )
        if other is not None:
            found.update(other(selection.root))
        last = len(selection.position)
        return sorted(found, key=lambda element: selection.position.get(element, last))


@lru_cache(maxsize=256)
def _plan(selector: str) -> _Plan:
    return _Plan(selector)


def _usable(selector: Any) -> bool:
    return isinstance(selector, str) and bool(selector.strip()) and not _looks_like_path(selector)


class Selection:
    """The page's elements that CSS-string rules match: its class words and ids read once.

    Matching each selector on its own would walk the whole page again (a
    rule's class words tested on every class attribute); one walk serves every rule
    asked of the page as it is read (its metadata, the rules that remove
    parts, the parts the extractor must not judge). Parts may be removed in
    between: what is no longer under the root is not found, as a new walk
    would not find it. Class and id attributes must not change meanwhile, nor
    the ``attributes`` the walk reads too (see :func:`attributes_asked`), and
    no element may gain an event handler (:func:`disarm` takes them from here).
    """

    def __init__(self, root, attributes: Iterable[str] = ()):
        self.root = root
        elements = list(root.iter(etree.Element))
        self.position = dict(zip(elements, itertools.count()))
        by_class: dict[str, list] = {}
        by_id: dict[str, list] = {}
        wanted = frozenset(name.lower() for name in attributes)
        by_attribute: dict[str, list] = {name: [] for name in wanted}
        handled = []
        for element in elements:
            names = element.keys()
            if not names:
                continue
            if classes := element.get("class"):
                for word in classes.split():
                    by_class.setdefault(word, []).append(element)
            if name := element.get("id"):
                by_id.setdefault(name, []).append(element)
            if wanted:
                for name in wanted.intersection(names):
                    by_attribute[name].append(element)
            for name in names:
                if name.startswith("on"):
                    handled.append(element)
                    break
        self.by_class, self.by_id, self.by_attribute = by_class, by_id, by_attribute
        # The elements with event-handler attributes, for disarm(): asking
        # the page for every attribute's name again costs as much as this walk.
        self.with_handlers = handled

    def __call__(self, selector: Any) -> list:
        """What a rule matches, in document order; callable rules match nothing here."""
        if isinstance(selector, (list, tuple)):
            return [element for part in selector for element in self(part)]
        return _plan(selector).select(self) if _usable(selector) else []

    def attached(self, element) -> bool:
        """Whether ``element`` is still in the page (not removed since the walk)."""
        node = element
        while (parent := node.getparent()) is not None:
            node = parent
        return node is self.root


def attributes_asked(rules: ImportRules) -> frozenset[str]:
    """The attributes that the rules' selectors (and this module's own) test, for a Selection."""
    names: set[str] = set()
    own = (PROTECTED, BREADCRUMB_TRAILS, ARTICLE_CONTAINERS, HEADLINE_PROPERTY, BYLINES)
    for selector in [*(rules[key] for key in SELECTOR_KEYS), *own]:
        for part in selector if isinstance(selector, (list, tuple)) else [selector]:
            if _usable(part):
                names |= _plan(part).attributes
    return frozenset(names)


def _looks_like_path(value: str) -> bool:
    # "newsroom.importing.find_lead" is a callable's dotted path, not a selector.
    return re.match(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,}$", value) is not None


def _outermost(elements: Iterable) -> list:
    chosen = list(dict.fromkeys(elements))
    ids = {id(element) for element in chosen}
    return [
        element
        for element in chosen
        if not any(id(parent) in ids for parent in element.iterancestors())
    ]


# lxml.html's parser asks a Python function which class each element is,
# every time one is touched from Python (a third of a million times over the
# development corpus); only form elements get classes of their own, which
# nothing here uses. libxml2's own lookup gives every element HtmlElement,
# as trafilatura needs, without calling back into Python. A copy of the tree
# (trafilatura works on one) keeps its parser, and so this lookup too.
_PAGE_PARSER = lxml.html.HTMLParser()
_PAGE_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def page_tree(text: str):
    """The page parsed by lxml, or None when lxml cannot build a tree of it."""
    # lxml refuses str with an encoding declaration: the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text[:1024]) + text[1024:]
    if not text.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(text, parser=_PAGE_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


# -- metadata ---------------------------------------------------------------------------------


@dataclass
class PageMetadata:
    """What a page says about itself; ``sources`` names where each field came from."""

    title: str = ""
    kicker: str = ""
    lead_candidates: list[tuple[str, str]] = field(default_factory=list)  # (text, source)
    published: list[tuple[str, str]] = field(default_factory=list)  # (raw value, source)
    modified: list[tuple[str, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    canonical_url: str = ""
    language: str = ""
    site_names: list[str] = field(default_factory=list)
    h1: str = ""  # the article's h1, which the extracted text repeats
    sources: dict[str, str] = field(default_factory=dict)


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object on the page, @graph members included."""
    found: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return found


def _types(item: dict) -> set[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(value).rsplit("/", 1)[-1] for value in values if value}


_ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
    "LiveBlogPosting",
    "WebPage",
}


def _names(value: Any) -> list[str]:
    """Names of a JSON-LD person/organisation value (a string, an object, a list)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return [collapse(name) for name in names if collapse(name)]


def _string(value: Any) -> str:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), "")
    return collapse(value) if isinstance(value, str) else ""


def _meta(tree) -> dict[str, str]:
    """``<meta>`` values by lowercased name/property/itemprop; the first of each wins."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in values and content.strip():
                values[key] = content.strip()
    return values


def readable_address(value: str | None) -> str:
    """``value`` stripped, if urllib can read it as an address; else "" (both readers' canonical URL)."""
    value = (value or "").strip()
    return value if value and split_url(value) is not None else ""


def _host_name(url: str) -> str:
    address = split_url(url)
    host = ((address.hostname if address else "") or "").lower()
    parts = [part for part in host.split(".") if part not in ("www", "m", "amp")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _squash(text: str) -> str:
    return "".join(casefolded_words(text))


def strip_site_name(title: str, site_names: Iterable[str], url: str = "") -> str:
    """``title`` without the site's name before or after a separator ("Story · Site" → "Story")."""
    title = collapse(title)
    names = {_squash(name) for name in site_names if _squash(name)}
    host = _host_name(url)
    for _round in range(2):  # "Story | Section | Site"
        for separator in SITE_SEPARATORS:
            if separator not in title:
                continue
            head, _sep, tail = title.rpartition(separator)
            first, _sep2, rest = title.partition(separator)
            for kept, cut in ((head, tail), (rest, first)):
                squashed = _squash(cut)
                if not kept.strip() or not squashed:
                    continue
                if (
                    squashed in names
                    or (host and squashed == host)
                    or (host and len(host) > 3 and squashed.startswith(host))
                ):
                    title = kept.strip()
                    break
            else:
                continue
            break
    return title


# More words than this, and a "site name" is a sentence (often the page's title).
SITE_NAME_WORDS = 6
TITLE_WORDS_TO_JUDGE = 3


def _shares_words(heading: str, title: str) -> bool:
    """Whether ``heading`` has a word of the page's ``<title>``.

    Always true when the title is too short to judge by: a title of a few
    words may be the site's name alone.
    """
    title_words = set(casefolded_words(title))
    if len(title_words) < TITLE_WORDS_TO_JUDGE:
        return True
    return not title_words.isdisjoint(casefolded_words(heading))


def _page_heading(elements: list, title: str) -> str:
    """The text of the first element a HEADLINE rule matched that heads this page.

    Outside the page's furniture (its header, navigation, footers, asides): a
    site's logo is often the first ``h1``. One that shares a word with the
    ``<title>`` before one that does not (a section's name, "Gesundheit").
    """
    heads = [
        element
        for element in elements
        if not _in_boilerplate(element) and not _in_page_header(element)
    ]
    for element in heads:
        if _shares_words(_text(element), title):
            return _text(element)
    return _text(heads[0]) if heads else ""


def _in_page_header(element) -> bool:
    # The site's <header> (not an article's own): no <article> or <main> around it.
    ancestors = list(element.iterancestors())
    return any(parent.tag == "header" for parent in ancestors) and not any(
        parent.tag in ("article", "main") for parent in ancestors
    )


HEADLINE_PROPERTY = "[itemprop='headline']"
BYLINES = "[itemprop='author'], a[rel='author']"


def _article_h1(select: Selection):
    """The first ``h1`` in an article, else in ``main``, else the headline's element, else any."""
    # One walk for the page's h1s; their ancestors answer the first two.
    headings = [
        (heading, {parent.tag for parent in heading.iterancestors()})
        for heading in select.root.iter("h1")
    ]
    for candidates in (
        [heading for heading, around in headings if "article" in around],
        [heading for heading, around in headings if "main" in around],
        select(HEADLINE_PROPERTY),
        [heading for heading, _around in headings],
    ):
        for element in candidates:
            if _text(element):
                return element
    return None


def _in_boilerplate(element) -> bool:
    return any(parent.tag in _BOILERPLATE_TAGS for parent in element.iterancestors())


def _link_share(element) -> float:
    text = len(_text(element)) or 1
    linked = sum(len(_text(link)) for link in element.iter("a"))
    return linked / text


def _beside_headline(element, h1) -> bool:
    """Whether ``element`` is in the headline's own container (not another story's teaser)."""
    if h1 is None:
        return any(parent.tag in ("article", "main") for parent in element.iterancestors())
    ancestors = list(h1.iterancestors())[:4]
    ids = {id(parent) for parent in ancestors}
    for parent in element.iterancestors():
        if parent.tag in ("body", "html"):
            return False
        if id(parent) in ids:
            return True
    return False


_LABEL_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "p", "span", "div", "a", "strong", "b"})


def _kicker_above(h1) -> str:
    """A short label just before the headline, in the same header (a section name)."""
    node = h1
    for _level in range(3):
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            text = _text(sibling)
            if not text:
                continue
            if (
                sibling.tag in _LABEL_TAGS
                and len(text) <= KICKER_MAX
                and len(text.split()) <= KICKER_MAX_WORDS
                and not re.search(r"\d{1,4}[./:-]\d{1,2}", text)
                and sibling.find(".//time") is None
                and sibling.find(".//img") is None
                and len(sibling) <= 2
            ):
                return text.strip(" :|·»›>")
            return ""
        node = node.getparent()
        if node is None or node.tag in ("body", "article", "main", "html"):
            return ""
    return ""


def read_metadata(tree, rules: ImportRules, select: Selection | None = None) -> PageMetadata:
    """What ``tree`` says about itself, and where it says it (before anything is removed).

    ``select``: the page's :class:`Selection`, where the caller reads the
    page further with it.
    """
    meta = _meta(tree)
    ld = _json_ld(tree)
    select = select or Selection(tree, attributes_asked(rules))
    articles = [item for item in ld if _types(item) & _ARTICLE_TYPES]
    # An article type before a plain WebPage.
    articles.sort(key=lambda item: "WebPage" in _types(item) and len(_types(item)) == 1)
    found = PageMetadata()
    sources = found.sources

    # Site names, so that "Story · Site" loses " · Site".
    for key in ("og:site_name", "application-name", "twitter:site"):
        if meta.get(key):
            found.site_names.append(meta[key].lstrip("@"))
    for item in ld:
        if _types(item) & {"WebSite", "Organization", "NewsMediaOrganization"}:
            found.site_names.extend(_names(item))
        for article in articles[:1]:
            found.site_names.extend(_names(article.get("publisher")))
    # A page's own title given as its application's name is no site name
    # (and would hide the headline it repeats); nor is a sentence.
    own_titles = {
        _squash(meta.get(key, "")) for key in ("og:title", "twitter:title") if meta.get(key)
    } | {_squash(_string(article.get("headline"))) for article in articles}
    found.site_names = [
        name
        for name in dict.fromkeys(found.site_names)
        if len(name.split()) <= SITE_NAME_WORDS and _squash(name) not in own_titles
    ]

    # Canonical URL: the source id.
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and (href := readable_address(link.get("href"))):
            found.canonical_url, sources["source id"] = href, CANONICAL_LINK
            break
    if not found.canonical_url and (og_url := readable_address(meta.get("og:url"))):
        found.canonical_url, sources["source id"] = og_url, "og:url"
    if not found.canonical_url:
        for article in articles:
            url = _string(article.get("url")) or _string(
                (article.get("mainEntityOfPage") or {}).get("@id")
                if isinstance(article.get("mainEntityOfPage"), dict)
                else article.get("mainEntityOfPage")
            )
            if url.startswith(("http://", "https://")) and readable_address(url):
                found.canonical_url, sources["source id"] = url, "JSON-LD url"
                break

    # Language.
    html = tree if tree.tag == "html" else tree.find(".//html")
    candidates = []
    if html is not None:
        candidates += [
            html.get("lang"),
            html.get("{http://www.w3.org/XML/1998/namespace}lang"),
            html.get("xml:lang"),
        ]
    candidates += [meta.get("content-language"), meta.get("og:locale")]
    candidates += [_string(article.get("inLanguage")) for article in articles]
    for candidate in candidates:
        if isinstance(candidate, str) and _LANG.match(candidate.strip()):
            found.language = candidate.strip().replace("_", "-").lower()
            break

    # Headline.
    h1 = _article_h1(select)
    h1_text = _text(h1) if h1 is not None else ""
    found.h1 = h1_text
    title_tag = tree.find(".//title")
    title_text = collapse(title_tag.text_content()) if title_tag is not None else ""
    host = _host_name(found.canonical_url)
    # The <title> judges headings, unless it is only the site's name.
    judge = (
        ""
        if _squash(title_text) in {_squash(name) for name in found.site_names}
        or (host and _squash(title_text) == host)
        else title_text
    )
    rule_headline = _page_heading(
        [element for element in select(rules["HEADLINE"]) if _text(element)], judge
    )
    title_candidates = [
        (_string(article.get("headline")), "JSON-LD headline") for article in articles
    ]
    title_candidates += [
        (meta.get("og:title", ""), "og:title"),
        (meta.get("twitter:title", ""), "twitter:title"),
        # Parse.ly's and Dublin Core's tags, which many news CMSs write.
        (meta.get("parsely-title", ""), "parsely-title"),
        (meta.get("dc.title", "") or meta.get("dcterms.title", ""), "Dublin Core title"),
        (rule_headline or h1_text, ARTICLE_H1 if not rule_headline else "HEADLINE rule"),
        (title_text, "<title>"),
    ]
    site_squashed = {_squash(name) for name in found.site_names}
    for text, source in title_candidates:
        text = collapse(text)
        if not text or _squash(text) in site_squashed:
            continue
        stripped = strip_site_name(text, found.site_names, found.canonical_url)
        heading = rule_headline or h1_text
        if (
            heading
            and stripped != heading
            and _squash(stripped).startswith(_squash(heading))
            and len(heading) >= 10
        ):
            # og:title "Story | Section | Site" when the h1 says "Story".
            stripped, source = heading, f"{source}{AS_THE_H1_HAS_IT}"
        elif (
            heading
            and len(heading) > len(stripped)
            and _squash(heading).startswith(_squash(stripped))
            and len(heading) <= 300
        ):
            # A social title cut short of the h1 ("Sleeper trains return to the Alps").
            stripped, source = heading, ARTICLE_H1
        found.title, sources["headline"] = stripped, source
        break

    # Kicker.
    kicker_candidates: list[tuple[str, str]] = []
    rule_kicker = next((_text(e) for e in select(rules["KICKER"]) if _text(e)), "")
    kicker_candidates.append((rule_kicker, "KICKER rule"))
    for article in articles:
        kicker_candidates.append((_string(article.get("articleSection")), "JSON-LD articleSection"))
    kicker_candidates.append((meta.get("article:section", ""), "article:section"))
    kicker_candidates.append((_breadcrumb(select, ld, found.title), BREADCRUMBS))
    if h1 is not None:
        kicker_candidates.append((_kicker_above(h1), LABEL_ABOVE_HEADLINE))
    for text, source in kicker_candidates:
        text = collapse(text)
        if (
            text
            and len(text) <= KICKER_MAX * 2
            and _squash(text) not in site_squashed
            and _squash(text) != _squash(found.title)
            and text.casefold() not in _HOME
        ):
            found.kicker, sources["kicker"] = text, source
            break

    # Lead candidates: judged against the article's text once it is known.
    for element in select(rules["LEAD"]):
        text = _text(element)
        if (
            text
            and not _in_boilerplate(element)
            and _link_share(element) < 0.5
            and _beside_headline(element, h1)
        ):
            found.lead_candidates.append((text, STANDFIRST))
            break
    for article in articles:
        found.lead_candidates.append((_string(article.get("description")), "JSON-LD description"))
    for key in ("og:description", "description", "twitter:description"):
        found.lead_candidates.append((meta.get(key, ""), key))

    # Dates.
    for article in articles:
        found.published.append((_string(article.get("datePublished")), "JSON-LD datePublished"))
        found.modified.append((_string(article.get("dateModified")), "JSON-LD dateModified"))
    for key in ("article:published_time", "og:published_time", "datepublished", "date", "dc.date"):
        found.published.append((meta.get(key, ""), key))
    for key in ("article:modified_time", "og:updated_time", "datemodified", "last-modified"):
        found.modified.append((meta.get(key, ""), key))
    for element in select(rules["PUBLISHED"]):
        value = element.get("content") or element.get("datetime") or _text(element)
        found.published.append((value, "PUBLISHED rule"))
    found.published = [(value, source) for value, source in found.published if value]
    found.modified = [(value, source) for value, source in found.modified if value]

    # Authors.
    authors: list[tuple[str, str]] = []
    for article in articles:
        authors += [(name, "JSON-LD author") for name in _names(article.get("author"))]
    if not authors:
        for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            value = meta.get(key, "")
            if value and not value.startswith(("http://", "https://")):
                authors += [
                    (name.strip(), key) for name in re.split(r"\s*[,;]\s*|\s+and\s+", value)
                ]
    if not authors:
        for element in select(BYLINES):
            name = element.xpath(".//*[@itemprop='name']")
            text = _text(name[0]) if name else _text(element)
            if text and len(text) <= 80:
                authors.append((re.sub(r"^(?:by|von|par)\s+", "", text, flags=re.I), "byline"))
    seen: set[str] = set()
    for name, source in authors:
        if name and name.casefold() not in seen and _squash(name) not in site_squashed:
            seen.add(name.casefold())
            found.authors.append(name)
            sources.setdefault("authors", source)
    if found.authors:
        sources["authors"] = f"{sources['authors']}: {', '.join(found.authors)}"
    return found


BREADCRUMB_TRAILS = (
    "nav[aria-label*='readcrumb'], .breadcrumb, .breadcrumbs, [itemtype$='BreadcrumbList'], "
    "#breadcrumbs, .crumbs"
)


def _breadcrumb(select: Selection, ld: list[dict], title: str) -> str:
    """The section the breadcrumbs put the article in: their last item before the article."""
    trails: list[list[str]] = []
    for item in ld:
        if "BreadcrumbList" in _types(item) and isinstance(item.get("itemListElement"), list):
            names = []
            for entry in item["itemListElement"]:
                if isinstance(entry, dict):
                    inner = entry.get("item")
                    name = entry.get("name") or (
                        inner.get("name") if isinstance(inner, dict) else ""
                    )
                    if isinstance(name, str):
                        names.append(collapse(name))
            trails.append(names)
    for container in select(BREADCRUMB_TRAILS)[:1]:
        links = [_text(link) for link in container.iter("a")] or [
            _text(item) for item in container.iter("li")
        ]
        trails.append([link for link in links if link])
    for names in trails:
        names = [name for name in names if name and name.casefold() not in _HOME]
        if names and _squash(names[-1]) == _squash(title):
            names = names[:-1]
        if names and len(names[-1]) <= KICKER_MAX:
            return names[-1]
    return ""


def parse_moment(value: str | None) -> datetime | None:
    """An aware datetime from ISO 8601 ("2023-09-13T10:30:00+02:00" or "2023-09-13"), else None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_iso_date(value[:10])
            moment = datetime.combine(day, time(12)) if day else None
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
    except (ValueError, OverflowError):
        return None
    return moment


def parse_date(value: str) -> datetime | None:
    """An aware datetime from a page's date (ISO 8601 or a written date), else None."""
    moment = parse_moment(value)
    if moment is not None:
        return moment
    try:
        moment = date_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def find_date(tree) -> str:
    """The page's publication date as htmldate finds it in its markup and text ("" if none)."""
    from htmldate import find_date as htmldate_find

    try:
        return htmldate_find(tree, extensive_search=False, original_date=True) or ""
    except Exception:
        return ""


def choose_lead(
    candidates: list[tuple[str, str]], title: str, main: MainContent
) -> tuple[str, str]:
    """The first candidate that belongs to this article: its words are the article's words.

    A site-wide description, a menu's text or another story's teaser shares
    few words with the article (``main``); a standfirst or the article's own
    summary shares most.
    """
    article_words: set[str] | None = None  # read once a candidate needs them
    for text, source in candidates:
        text = collapse(text)
        if source == STANDFIRST and text:
            return text, source  # in the headline's container: the article's own
        words = [word for word in casefolded_words(text) if len(word) > 3]
        if len(text.split()) < 5 or not words or _squash(text) == _squash(title):
            continue
        if article_words is None:
            article_words = set(casefolded_words(f"{title} {main.text}"))
        shared = sum(word in article_words for word in words) / len(words)
        if shared >= 0.6:
            return text, source
    return "", ""


# -- main content ---------------------------------------------------------------------------------


def hidden_by_style(element) -> bool:
    """Whether ``element``'s own ``style`` hides it (``display: none``, ``visibility: hidden``).

    For lxml and BeautifulSoup elements alike.
    """
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def is_tracking_pixel(image, rules: ImportRules) -> bool:
    """Whether ``image`` (an lxml or BeautifulSoup ``img``) is a tracking pixel, not a picture."""
    style = (image.get("style") or "").replace(" ", "").lower()

    def size(name: str) -> int | None:
        value = image.get(name)
        if value is None and name in style:
            match = re.search(rf"(?:^|;){name}:(\d+)px", style)
            value = match.group(1) if match else None
        try:
            return int(str(value).strip().rstrip("px"))
        except (TypeError, ValueError):
            return None

    width, height = size("width"), size("height")
    if width is not None and height is not None and width <= 2 and height <= 2:
        return True
    if hidden_by_style(image):
        return True
    parts = split_url((image.get("src") or "").strip())
    if parts is None:
        return False
    trackers = _trackers(tuple(rules["TRACKER_HOSTS"]))
    path = parts.path.lstrip("/")
    # "google-analytics.com." (the root's dot written out) is the same host.
    labels = (parts.hostname or "").lower().rstrip(".").split(".")
    # The host and each domain it is under: "ssl.google-analytics.com" is
    # under "google-analytics.com", "notgoogle-analytics.com" is not.
    for start in range(len(labels)):
        for tracker_path in trackers.get(".".join(labels[start:]), ()):
            if not tracker_path or path == tracker_path or path.startswith(f"{tracker_path}/"):
                return True
    return False


@lru_cache(maxsize=16)
def _trackers(hosts: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """TRACKER_HOSTS ("facebook.com/tr") by host name, with the paths under each ("" for all)."""
    by_host: dict[str, list[str]] = {}
    for tracker in hosts:
        host, _slash, path = tracker.partition("/")
        by_host.setdefault(host.lower(), []).append(path.strip("/"))
    return {host: tuple(paths) for host, paths in by_host.items()}


def _remove(element) -> None:
    """Take ``element`` out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


_STYLED = etree.XPath("descendant-or-self::*[@style]")
# Elements with event-handler attributes (onclick, ONLOAD), found by libxml2 itself. Its
# HTML parser writes every attribute name in lower case (page_tree), so no
# name needs translating first: a third of this walk's time.
_WITH_HANDLERS = etree.XPath("descendant-or-self::*[@*[starts-with(name(), 'on')]]")


def disarm(tree, rules: ImportRules, report: ImportReport, select: Selection | None = None) -> None:
    """Remove what never reaches a story, counting it in the report (as the HTML reader does).

    ``select``: the page's :class:`Selection`, if the caller made one of this
    ``tree``; its walk found the elements with event handlers already.
    """
    # One walk finds the three kinds (none holds another: comments and the
    # head's elements hold no elements), which are taken out in turn.
    comments, dangerous = 0, []
    for node in list(tree.iter(etree.Comment, etree.ProcessingInstruction, *_HEAD, *DANGEROUS)):
        if node.tag in _HEAD:
            _remove(node)
        elif isinstance(node.tag, str):
            dangerous.append(node)
        else:
            comments += isinstance(node, etree._Comment)
            _remove(node)
    if comments:
        # Counted once: a page has dozens, and each label is a catalogue lookup.
        report.drop(_("HTML comment"), count=comments)
    for element in _outermost(dangerous):
        detail = ""
        if element.tag in _WITH_ADDRESS:
            detail = element.get("src") or element.get("data") or ""
        report.drop(f"<{element.tag}>", text=str(detail))
        _remove(element)
    # What readers never see; images are judged as pixels below.
    hidden = [
        element for element in _STYLED(tree) if element.tag != "img" and hidden_by_style(element)
    ]
    for element in _outermost(hidden):
        report.drop(_("an element its style hides"), text=_text(element))
        _remove(element)
    handlers = 0
    if select is not None and select.root is tree:
        # The page's walk; what was taken out with what held it is left out.
        handled = [element for element in select.with_handlers if select.attached(element)]
    else:
        handled = _WITH_HANDLERS(tree)
    for element in handled:
        for name in [name for name in element.attrib if name.startswith("on")]:
            del element.attrib[name]
            handlers += 1
    if handlers:
        report.drop(_("event-handler attribute"), count=handlers)
    for image in list(tree.iter("img")):
        if is_tracking_pixel(image, rules):
            report.drop(_("tracking pixel"))
            _remove(image)


@dataclass
class MainContent:
    html: str  # the article's main content as HTML, protected markup restored
    comments: list[str]  # the texts of the page's comment sections
    read_text: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        """Its plain text, for judging lead candidates: read when first asked for."""
        return self.read_text()


def _protected(select: Selection, held: dict[str, list]) -> list:
    """What trafilatura must see as it is: ``held`` has what the MARKED rules matched."""
    label = held["EXPERT_LABEL"]
    chosen = []
    # The lists stay referenced while ids are compared: lxml's element
    # proxies (and so their ids) live only as long as someone holds them.
    embeds = {id(element) for element in held["EMBED"]}
    experts = {id(element) for element in held["EXPERT_SECTION"]}
    candidates = [
        *held["EMBED"],
        *held["EXPERT_SECTION"],
        *held["QUOTE"],
        *select(PROTECTED),
    ]
    for element in candidates:
        if element.tag == "aside" and id(element) not in experts | embeds:
            # Only an expert box: other asides are page furniture trafilatura judges.
            heading = next(element.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
            if heading is None or not label(_text(heading).partition(":")[0]):
                continue
        if (
            element.tag == "figure"
            and next(element.iter("img", "blockquote"), None) is None
            and id(element) not in embeds
        ):
            continue
        if element.tag == "table" and next(element.iterdescendants("table"), None) is not None:
            # A table of tables lays out a page (menus and all; its header
            # cells are a nested table's): the extractor judges it, and the
            # data tables inside are protected on their own.
            continue
        if _in_boilerplate(element) and element.tag != "aside":
            continue
        chosen.append(element)
    return _outermost(chosen)


# Less main text than this share of the page's words, or than this many
# words (1,500 characters), and trafilatura is asked again with its
# fallback extractors.
SHORT_SHARE = 0.25
SHORT_WORDS = 250
# Where a Discourse forum keeps its posts (trafilatura reads them there).
_POSTS_IN_AN_ATTRIBUTE = './/div[@id="data-preloaded"]'


def _trafilatura(tree, **overrides):
    """The main content trafilatura finds in ``tree``, as an HTML ``<body>`` (see as_html), or None."""
    # bare_extraction, not extract(): extract() also works out a fingerprint
    # of the text for deduplicating collections (a sixth of its time here),
    # which an import never asks for.
    try:
        document = trafilatura.bare_extraction(tree, **{**EXTRACT_OPTIONS, **overrides})
    except (ValueError, RecursionError, etree.LxmlError):
        return None
    if document is None or document.body is None:
        return None
    return _html_body(document.body)


# trafilatura's XML (https://trafilatura.readthedocs.io/en/latest/outputs.html)
# in HTML, as its own HTML output writes it.
_XML_AS_HTML = {
    "list": "ul",
    "item": "li",
    "code": "pre",
    "quote": "blockquote",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "row": "tr",
}
_REND_AS_HTML = {
    "#i": "i",
    "#b": "strong",
    "#u": "u",
    "#t": "var",
    "#sub": "sub",
    "#sup": "sup",
}
_ELEMENTS_OF_XML = (*_XML_AS_HTML, "head", "hi", "cell")


def as_html(body) -> str:
    """trafilatura's XML body as HTML: what ``extract(output_format="html")`` returns."""
    return _written(_html_body(body))


def _html_body(body):
    """trafilatura's XML ``body``, turned into HTML elements in place, in an ``<html>``."""
    for element in body.iter(_ELEMENTS_OF_XML):
        tag = element.tag
        if tag == "head":
            rend = element.get("rend") or "h3"
            element.tag = f"h{rend[1:]}" if rend[1:].isdigit() else "h3"
        elif tag == "hi":
            element.tag = _REND_AS_HTML.get(element.get("rend") or "#i", "i")
        elif tag == "cell":
            element.tag = "th" if element.get("role") == "head" else "td"
        else:
            element.tag = _XML_AS_HTML[tag]
        if element.tag == "a":
            target = element.get("target", "")
            element.attrib.clear()
            element.set("href", target)
        elif element.tag != "img":
            element.attrib.clear()
    body.tag = "body"
    etree.Element("html").append(body)
    return body


def _written(body) -> str:
    # The whole document, as trafilatura writes it; NFC, as it normalises its output.
    return unicodedata.normalize(
        "NFC", etree.tostring(body.getparent(), pretty_print=True, encoding="unicode").strip()
    )


def _page_words(tree) -> int:
    """The words of a disarmed page's body (scripts, styles and templates are gone).

    Every text node is visible text then, so libxml2 need not look for a
    script among each one's ancestors; joined with spaces, no word spans two
    of them, and invisible characters are taken out only where there are any.
    """
    body = tree.find("body")
    if body is None:
        return 0
    text = " ".join(_ALL_TEXT(body))
    return len(without_invisible(text).split())


def _words_of(html: str) -> int:
    return len(_TAGS.sub(" ", html).split())


def _short(found: int, page: int) -> bool:
    """Whether ``found`` words of main content are little for a page of ``page`` words."""
    return found < SHORT_WORDS or found < SHORT_SHARE * page


_TAGS = re.compile(r"<[^>]*>")
# A page of fewer words than this has no furniture worth an extractor: when
# trafilatura keeps less than half of it, the rules read it all.
SMALL_PAGE = 100


def _too_little(found: int, page: int) -> bool:
    return page < SMALL_PAGE and found < page / 2


def extract_main(
    tree, rules: ImportRules, report: ImportReport, select: Selection | None = None
) -> MainContent | None:
    """The page's main content as trafilatura finds it, or None when it finds none.

    ``select``: the page's :class:`Selection`, if the caller made one.
    """
    select = select or Selection(tree, attributes_asked(rules))
    comments = []
    for element in _outermost(select(rules["COMMENT_NOTICE"])):
        text = _text(element)
        if text:
            comments.append(text)
        _remove(element)
    articles = select(ARTICLE_CONTAINERS)
    in_article = {id(element) for element in articles}  # ids of held proxies (see _protected)
    for element in _outermost(select(rules["DROP"])):
        inside = any(id(parent) in in_article for parent in element.iterancestors())
        report.drop(_("removed by the DROP rule"), text=_text(element) if inside else "")
        _remove(element)
    kept: list[str] = []  # the protected parts' markup and text, by placeholder number
    kept_text: list[str] = []
    # Nothing more is removed until the protected parts are chosen.
    held = {key: select(rules[key]) for key in MARKED}
    matched = {key: {id(element) for element in elements} for key, elements in held.items()}
    for element in _protected(select, {**held, "EXPERT_LABEL": rules.patterns["EXPERT_LABEL"]}):
        if element.getparent() is None:
            continue
        # Marked with the rule that matched, so that the HTML reader need not
        # match the page's selectors again on the article (html.py, read_body).
        kinds = [key for key, found in matched.items() if id(element) in found]
        if kinds:
            element.set(MARK, kinds[0])
        markup = lxml.html.tostring(element, encoding="unicode", with_tail=False)
        placeholder = etree.Element("p")
        placeholder.text = PLACEHOLDER.format(len(kept))
        placeholder.tail = element.tail
        element.getparent().replace(element, placeholder)
        kept.append(markup)
        kept_text.append(_text(element))
    page = _page_words(tree)
    # Whatever the fast pass found on a page this small would be short (it
    # finds no more words than the page has, but for a forum's posts kept in
    # an attribute): the fallbacks at once, and the fast pass only if they
    # find nothing, as when it comes first.
    at_once = page < SHORT_WORDS and tree.find(_POSTS_IN_AN_ATTRIBUTE) is None
    article = _trafilatura(tree, fast=False) if at_once else None
    html, found = None, 0
    if article is None:
        article = _trafilatura(tree)
        if article is not None:
            html = _written(article)
            found = _words_of(html)
            if not at_once and _short(found, page):
                # Little text for the page's size: trafilatura's own fallbacks
                # (readability, jusText) are worth their time on this page.
                fallback = _trafilatura(tree, fast=False)
                if fallback is not None:
                    article, html = fallback, None
    if article is None:
        return None
    if html is None:
        html = _written(article)
        found = _words_of(html)
    if _too_little(found, page):
        return None

    def restorer(parts: list[str]) -> Callable[[re.Match], str]:
        def restore(match: re.Match) -> str:
            number = int(match.group(1) or match.group(2))
            return parts[number] if number < len(parts) else ""

        return restore

    # The extractor's own tree, not its markup parsed again.
    if _drop_link_lists(article, report):
        html = _written(article)
    html = _PLACEHOLDER.sub(restorer(kept), html)

    def read_text() -> str:
        text = unicodedata.normalize("NFC", " ".join(_text(child) for child in article))
        return _PLACEHOLDER.sub(restorer(kept_text), text)

    return MainContent(html=html, comments=comments, read_text=read_text)


# A list this much of whose text is its links' (and of at least this many
# items) points to other pages: related stories, a menu, a site's sections.
LINK_LIST_SHARE = 0.8
LINK_LIST_ITEMS = 3


def _drop_link_lists(article, report: ImportReport) -> bool:
    """Take the lists that only link elsewhere out of the extracted ``article``; whether any were.

    The extractor is asked to favour recall, so that no paragraph of the story
    is lost; the price is the link lists it then keeps (a site's "related"
    list beside the article, its menu). They are never story text.
    """
    dropped = False
    for element in list(article.iter("ul", "ol")):
        if any(parent.tag in ("ul", "ol") for parent in element.iterancestors()):
            continue  # judged with the list it is in
        if _links_elsewhere(element):
            report.drop(_("a list of links to other pages"), text=_text(element))
            _remove(element)
            dropped = True
    return dropped


def _links_elsewhere(element) -> bool:
    return len(element.findall("li")) >= LINK_LIST_ITEMS and _link_share(element) >= LINK_LIST_SHARE


def iter_text_blocks(html: str) -> Iterator[str]:
    """The texts of an HTML fragment's paragraphs, headings and list items (for measuring)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"):
        text = _text(element)
        if text:
            yield text
