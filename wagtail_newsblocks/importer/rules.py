"""The importer's mapping rules: how an old CMS's markup becomes newsblocks.

Every old CMS marks kickers, quotes and expert boxes differently, so every
rule can be replaced in the settings, key by key::

    WAGTAIL_NEWSBLOCKS = {
        "IMPORT_RULES": {
            "ROOT": ["td.story"],
            "KICKER": "font.dachzeile",
            "EXPERT_SECTION": "newsroom.importing.expert_boxes",  # a callable
        }
    }

or per call, with ``import_article(..., rules={...})``. An unknown key raises
``ImproperlyConfigured``. See docs/importer.md for every key.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import soupsieve
from bs4 import Tag
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from ..conf import SETTING_NAME, newsblocks_settings

__all__ = ["DEFAULT_RULES", "ImportRules", "get_rules", "is_layout_table"]

# Keys whose value finds elements: a CSS selector (or, for ROOT, a list tried in
# order), a callable ``f(root: Tag) -> Iterable[Tag]``, or its dotted path.
SELECTOR_KEYS = (
    "ROOT",
    "HEADLINE",
    "KICKER",
    "LEAD",
    "PUBLISHED",
    "QUOTE",
    "ATTRIBUTION",
    "EXPERT_SECTION",
    "EXPERT_NAME",
    "EXPERT_ROLE",
    "EXPERT_ORGANIZATION",
    "COMMENT_NOTICE",
    "CREDIT",
    "EMBED",
    "DROP",
)
# Keys whose value tests text: a regular expression (searched, case-insensitive)
# or a callable ``f(text: str) -> bool``, or its dotted path.
PATTERN_KEYS = ("EXPERT_LABEL", "COMMENT_HEADING")
# Keys whose value is a callable or its dotted path (or None to switch it off).
HOOK_KEYS = ("LAYOUT_TABLE", "PERSON_PARSER", "PULL_QUOTE_FROM_TEXT")

DEFAULT_RULES: dict[str, Any] = {
    # Who finds the article in a whole web page: "trafilatura" (the default)
    # decides what is main content and what is page furniture; None reads the
    # page with the rules below alone. A site that sets ROOT says where its
    # articles are, and the rules alone read its pages too.
    "EXTRACTOR": "trafilatura",
    # Where the article is. Tried in order: the first selector that matches an
    # element containing a headline wins, else the first that matches at all.
    "ROOT": [
        "article",
        "[itemtype$='Article']",
        "[itemtype$='NewsArticle']",
        ".article",
        ".post",
        ".hentry",
        "main",
        "#content",
        "body",
    ],
    "HEADLINE": "h1, .headline, .entry-title, .article-title, [itemprop='headline']",
    # The kicker ("Dachzeile", "surtitre"): a few words above the headline.
    "KICKER": ".kicker, .overline, .dachzeile, .roofline, .topline, .surtitre, .eyebrow",
    # The lead. Without one, the first paragraph of the body becomes the lead.
    "LEAD": (
        ".lead, .intro, .standfirst, .teaser-text, .chapeau, .article-lead, .summary, .dek, "
        "[itemprop='description']"
    ),
    # When the story was first published: the element's ``content`` or
    # ``datetime`` attribute, else its text, as an ISO 8601 date. Read from the
    # whole page (meta tags are in the head).
    "PUBLISHED": (
        "meta[property='article:published_time'], meta[itemprop='datePublished'], "
        "[itemprop='datePublished'], time[pubdate], article time[datetime]"
    ),
    # Quotations that become pull quotes. Social-media embeds are matched by
    # EMBED first, so a tweet's blockquote is not taken for one.
    "QUOTE": "blockquote, .wp-block-pullquote, .pullquote, .pull-quote",
    # Inside a quote: who said it. "— Name, role" after the quote works too.
    "ATTRIBUTION": "footer, figcaption, cite, .attribution, .quote-author, .quote-source",
    # Boxes with an expert's view. A heading "Label: Headline" whose label
    # matches EXPERT_LABEL, followed by paragraphs naming a person, is one too.
    "EXPERT_SECTION": (
        "aside.expert, aside.expert-opinion, .expert-box, .expert-view, .wp-block-expert, "
        "aside[class*='expert']"
    ),
    "EXPERT_NAME": ".expert-name, .expert__name, [itemprop='name']",
    "EXPERT_ROLE": ".expert-role, .expert__role, .job-title, [itemprop='jobTitle']",
    "EXPERT_ORGANIZATION": (
        ".expert-organization, .expert__organization, .affiliation, [itemprop='affiliation'], "
        "[itemprop='worksFor']"
    ),
    # Labels that make a "Label: Headline" heading an expert section.
    "EXPERT_LABEL": r"expert|analyst|fachmann|fachfrau",
    # Comment sections: replaced by a comment-policy footer that follows the
    # site's policy; their text goes to the report, not into the story.
    "COMMENT_NOTICE": (
        "#comments, .comments, .comment-notice, .comments-closed, .comments-area, "
        ".comment-respond, #respond, .kommentare, .commentaires"
    ),
    "COMMENT_HEADING": (
        r"^\s*(?:\d+\s+)?(?:kommentare?|leserkommentare|comments?|reader comments|"
        r"commentaires?|réactions|discussion|diskussion|forum)\s*:?\s*$"
    ),
    # In a figure's caption: the photo credit.
    "CREDIT": ".credit, .copyright, .photo-credit, .wp-caption-credit, small",
    # Embedded posts and widgets: their visible text is kept as a paragraph and
    # listed in the report, so an editor can embed them again.
    "EMBED": (
        "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed, "
        ".wp-block-embed, .embed, .social-embed, .fb-post"
    ),
    # Page furniture inside the article that is not story text. Removed, with
    # its text listed in the report.
    "DROP": (
        "nav, .share, .sharing, .share-buttons, .social-share, .sharedaddy, .ad, .ads, "
        ".advertisement, .ad-slot, .newsletter-signup, .related, .related-articles, "
        ".jp-relatedposts, .byline, .dateline, .entry-meta, .post-meta, .article-meta, "
        ".entry-footer, .breadcrumbs, .tags, [hidden], [aria-hidden='true']"
    ),
    # Image hosts (and paths) of web-analytics services: their images are
    # tracking pixels, dropped wherever they are.
    "TRACKER_HOSTS": [
        "google-analytics.com",
        "googletagmanager.com",
        "doubleclick.net",
        "facebook.com/tr",
        "scorecardresearch.com",
        "quantserve.com",
        "pixel.wp.com",
        "stats.wp.com",
        "chartbeat.net",
        "hotjar.com",
        "bat.bing.com",
        "analytics.twitter.com",
        "ioam.de",
        "xiti.com",
        "omtrdc.net",
        "2o7.net",
    ],
    # Query parameters removed from links: campaign and click tracking.
    "TRACKING_PARAMETERS": [
        "utm_*",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "yclid",
        "igshid",
    ],
    # A paragraph that is all bold, short and without a final full stop is a
    # subhead (old CMSs had no heading elements).
    "SUBHEAD_FROM_BOLD_PARAGRAPH": True,
    # Whether a table is layout (read its cells as story text) or data (kept as
    # a paragraph and reported). ``f(table: Tag) -> bool``.
    "LAYOUT_TABLE": "wagtail_newsblocks.importer.rules.is_layout_table",
    # Who is speaking in a passage: ``f(text, *, language, rules, context) -> Person | None``.
    "PERSON_PARSER": "wagtail_newsblocks.importer.attribution.find_person",
    # A pull quote for stories whose source has none: ``f(article_draft) -> PullQuote | None``.
    # None switches it off.
    "PULL_QUOTE_FROM_TEXT": "wagtail_newsblocks.importer.attribution.first_attributed_quotation",
    # Shortest quotation (in words) PULL_QUOTE_FROM_TEXT takes.
    "PULL_QUOTE_MIN_WORDS": 6,
    # Words that introduce or follow a quotation, by language ("", any language).
    "SPEECH_VERBS": {
        "de": [
            "sagte",
            "sagt",
            "so",
            "erklärte",
            "erklärt",
            "betonte",
            "betont",
            "meinte",
            "meint",
            "antwortete",
            "warnte",
            "warnt",
            "schrieb",
            "schreibt",
            "sagte dazu",
            "fügte hinzu",
            "laut",
        ],
        "en": [
            "said",
            "says",
            "told",
            "added",
            "explained",
            "stated",
            "wrote",
            "writes",
            "argued",
            "argues",
            "noted",
            "warned",
            "according to",
        ],
        "fr": [
            "a déclaré",
            "a dit",
            "a affirmé",
            "a expliqué",
            "a ajouté",
            "a souligné",
            "a indiqué",
            "a précisé",
            "déclare",
            "affirme",
            "explique",
            "estime",
            "ajoute",
            "souligne",
            "indique",
            "précise",
            "dit",
            "selon",
            "d'après",
        ],
    },
    # Words that join a role to an organisation ("Forscher … am International
    # Institute …"), by language.
    "ORGANIZATION_MARKERS": {
        "de": [" am ", " an der ", " beim ", " bei der ", " bei ", " vom ", " von der "],
        "en": [" at the ", " at "],
        "fr": [" à l'", " à la ", " au ", " à "],
    },
}

# Tag names, so that a CSS selector such as "html.lead" is not mistaken for a
# dotted path to a callable in the stdlib's ``html`` module.
_DOTTED_PATH = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def _load_callable(value: str, key: str) -> Callable | None:
    """The callable ``value`` names, or None if it does not name one."""
    if not _DOTTED_PATH.match(value):
        return None
    top = value.split(".", 1)[0]
    try:
        found = importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        return None
    try:
        loaded = import_string(value)
    except ImportError:
        # "html.lead" is a selector (an <html class="lead">), not html.lead().
        if top in _HTML_LIKE_MODULES:
            return None
        raise ImproperlyConfigured(
            f"{SETTING_NAME}['IMPORT_RULES']['{key}'] = {value!r} looks like a dotted path "
            f"to a callable, but it cannot be imported."
        ) from None
    if not callable(loaded):
        raise ImproperlyConfigured(
            f"{SETTING_NAME}['IMPORT_RULES']['{key}'] = {value!r} is not callable."
        )
    return loaded


# Standard-library modules that share their name with an HTML element.
_HTML_LIKE_MODULES = frozenset({"html", "code", "select", "time", "string", "array", "main"})


class _CSS:
    """A CSS selector rule; ``first()`` stops at the first match, which most rules need."""

    def __init__(self, selector: str) -> None:
        self.selector = selector

    @cached_property
    def compiled(self):
        # Compiled once: BeautifulSoup's select() looks the selector up in
        # soupsieve's cache on every call, which a WordPress post's many
        # blocks (each read on its own) pay for again and again.
        return soupsieve.compile(self.selector)

    def __call__(self, root: Tag) -> list[Tag]:
        return self.compiled.select(root)

    def first(self, root: Tag) -> Tag | None:
        return self.compiled.select_one(root)


def _selector(key: str, value: Any) -> Callable[[Tag], list[Tag]]:
    if callable(value):
        return lambda root: list(value(root))
    if isinstance(value, str):
        loaded = _load_callable(value, key)
        if loaded is not None:
            return lambda root: list(loaded(root))
        if not value.strip():
            return lambda root: []
        return _CSS(value)
    if isinstance(value, (list, tuple)):
        parts = [_selector(key, part) for part in value]
        return lambda root: [element for part in parts for element in part(root)]
    if value is None:
        return lambda root: []
    raise ImproperlyConfigured(
        f"{SETTING_NAME}['IMPORT_RULES']['{key}'] must be a CSS selector, a callable or a "
        f"dotted path to one; got {type(value).__name__}."
    )


def _pattern(key: str, value: Any) -> Callable[[str], bool]:
    if callable(value):
        return lambda text: bool(value(text))
    if isinstance(value, str):
        loaded = _load_callable(value, key)
        if loaded is not None:
            return lambda text: bool(loaded(text))
        try:
            compiled = re.compile(value, re.IGNORECASE)
        except re.error as error:
            raise ImproperlyConfigured(
                f"{SETTING_NAME}['IMPORT_RULES']['{key}'] is not a valid regular expression: "
                f"{error}"
            ) from None
        return lambda text: compiled.search(text) is not None
    if value is None:
        return lambda text: False
    raise ImproperlyConfigured(
        f"{SETTING_NAME}['IMPORT_RULES']['{key}'] must be a regular expression, a callable or "
        f"a dotted path to one; got {type(value).__name__}."
    )


def _hook(key: str, value: Any) -> Callable | None:
    if value is None or callable(value):
        return value
    if isinstance(value, str):
        try:
            loaded = import_string(value)
        except ImportError:
            raise ImproperlyConfigured(
                f"{SETTING_NAME}['IMPORT_RULES']['{key}'] = {value!r} cannot be imported."
            ) from None
        if callable(loaded):
            return loaded
    raise ImproperlyConfigured(
        f"{SETTING_NAME}['IMPORT_RULES']['{key}'] must be a callable or a dotted path to one."
    )


@dataclass(frozen=True)
class ImportRules:
    """The mapping rules in force: the defaults, the settings and a call's overrides, resolved.

    ``select(key, root)`` finds the elements a selector rule matches;
    ``test(key, text)`` applies a pattern rule; hooks are plain attributes
    (``rules.person_parser``). ``raw`` keeps the merged values.
    """

    raw: Mapping[str, Any]
    selectors: Mapping[str, Callable[[Tag], list[Tag]]]
    patterns: Mapping[str, Callable[[str], bool]]
    layout_table: Callable[[Tag], bool]
    person_parser: Callable[..., Any]
    pull_quote_from_text: Callable[..., Any] | None

    @classmethod
    def build(cls, *overrides: Mapping[str, Any] | None) -> ImportRules:
        merged = dict(DEFAULT_RULES)
        for override in overrides:
            if not override:
                continue
            unknown = set(override) - set(DEFAULT_RULES)
            if unknown:
                raise ImproperlyConfigured(
                    f"{SETTING_NAME}['IMPORT_RULES'] has unknown keys: "
                    f"{', '.join(sorted(unknown))}. Known keys: {', '.join(DEFAULT_RULES)}."
                )
            merged.update(override)
        hooks = {key: _hook(key, merged[key]) for key in HOOK_KEYS}
        for key in ("LAYOUT_TABLE", "PERSON_PARSER"):
            if hooks[key] is None:
                raise ImproperlyConfigured(
                    f"{SETTING_NAME}['IMPORT_RULES']['{key}'] cannot be None."
                )
        return cls(
            raw=merged,
            selectors={key: _selector(key, merged[key]) for key in SELECTOR_KEYS},
            patterns={key: _pattern(key, merged[key]) for key in PATTERN_KEYS},
            layout_table=hooks["LAYOUT_TABLE"],
            person_parser=hooks["PERSON_PARSER"],
            pull_quote_from_text=hooks["PULL_QUOTE_FROM_TEXT"],
        )

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    @property
    def uses_extractor(self) -> bool:
        """Whether trafilatura finds the article (EXTRACTOR set, ROOT not the site's own)."""
        return bool(self.raw["EXTRACTOR"]) and self.raw["ROOT"] == DEFAULT_RULES["ROOT"]

    def select(self, key: str, root: Tag) -> list[Tag]:
        return self.selectors[key](root)

    def first(self, key: str, root: Tag) -> Tag | None:
        """The first element ``key`` matches under ``root``, or None."""
        selector = self.selectors[key]
        if isinstance(selector, _CSS):
            return selector.first(root)
        return next(iter(selector(root)), None)

    def select_ids(self, key: str, root: Tag) -> set[int]:
        """``id()`` of every element the rule matches under ``root``, for fast membership tests."""
        return {id(element) for element in self.selectors[key](root)}

    def root_candidates(self, soup: Tag) -> Iterable[list[Tag]]:
        """ROOT's matches, selector by selector, in the order the rule lists them."""
        value = self.raw["ROOT"]
        parts = value if isinstance(value, (list, tuple)) else [value]
        for part in parts:
            yield _selector("ROOT", part)(soup)

    def test(self, key: str, text: str) -> bool:
        return self.patterns[key](text)

    def words_for(self, key: str, language: str) -> list[str]:
        """A per-language word list: the language's words, else every language's."""
        table = self.raw[key] or {}
        base = (language or "").split("-")[0].lower()
        if base in table:
            return list(table[base])
        return [word for words in table.values() for word in words]


_cache: dict[str, ImportRules] = {}


def get_rules(overrides: Mapping[str, Any] | ImportRules | None = None) -> ImportRules:
    """The rules in force: defaults, then ``IMPORT_RULES`` from the settings, then ``overrides``."""
    if isinstance(overrides, ImportRules):
        return overrides
    if "settings" not in _cache:
        _cache["settings"] = ImportRules.build(newsblocks_settings.IMPORT_RULES)
    if not overrides:
        return _cache["settings"]
    return ImportRules.build(newsblocks_settings.IMPORT_RULES, overrides)


@receiver(setting_changed)
def _forget_rules(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTING_NAME:
        _cache.clear()


_STRUCTURE = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "div"}
)
_TABLE = frozenset({"table"})
_DATA_TABLE = frozenset({"th", "caption", "thead"})


def first_descendant(element: Tag, names: frozenset[str]) -> Tag | None:
    """``element``'s first descendant named one of ``names``: ``element.find(names)``, faster.

    ``find`` builds a matcher on every call; the importer asks this of
    nearly every element it walks.
    """
    for node in element.descendants:
        if isinstance(node, Tag) and node.name in names:
            return node
    return None


def is_layout_table(table: Tag) -> bool:
    """True for a table used to lay out a page (read its cells as text), False for data.

    Old CMSs put whole stories into table cells. A table is layout when it
    says so (``role="presentation"``), when its cells hold paragraphs,
    headings, lists or further tables, or when it has a single column; a
    table with header cells or a caption of its own is data.
    """
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    if first_descendant(table, _TABLE) is not None:
        # A table of tables lays out a page: the header cells found below
        # would be a nested (data) table's.
        return True
    if first_descendant(table, _DATA_TABLE) is not None:
        return False
    for cell in table.find_all("td"):
        if first_descendant(cell, _STRUCTURE) is not None:
            return True
    rows = table.find_all("tr")
    return all(len(row.find_all("td", recursive=False)) <= 1 for row in rows)
