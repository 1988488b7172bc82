"""Keeping script out of stories: rich-text cleaning and URL checks.

The package's rule: **plain text is escaped on output** (Django's autoescape;
nothing is marked safe), **rich text is cleaned when it is written** (here,
with bleach, against the tags the block's editor features can produce), and
**URLs are checked on input and again on output** (only http, https, mailto,
tel and relative URLs).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

import bleach
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SAFE_URL_SCHEMES",
    "clean_rich_text",
    "is_safe_url",
    "safe_url",
    "scrub_stored_text",
    "split_url",
    "validate_safe_url",
    "without_lone_surrogates",
]

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Browsers ignore ASCII tab, newline and carriage return anywhere in a URL and
# leading control characters and spaces, so "java\tscript:" and
# " javascript:" run as "javascript:". Compare what the browser would see.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def _as_browser_sees_it(url: str) -> str:
    previous = None
    # Entities may be nested ("&amp;#106;avascript:"); decode until stable.
    while previous != url:
        previous = url
        url = html.unescape(url)
    url = unicodedata.normalize("NFKC", url)
    return _IGNORED_IN_URLS.sub("", url)


def split_url(url: str) -> SplitResult | None:
    """``url`` split by urllib, or None when urllib cannot read it.

    ``"http://[::1/a"`` (an IPv6 host without its closing bracket) makes
    urllib raise ValueError in every function that splits or joins it; it is
    no address a reader could follow either.
    """
    try:
        return urlsplit(url)
    except ValueError:
        return None


def is_safe_url(url: str | None) -> bool:
    """True for http(s), mailto, tel and relative URLs; False for anything that can run script.

    Relative URLs (``/path``, ``#anchor``, ``?q=1``, ``page.html``) and
    protocol-relative ones (``//example.org``) are safe. ``javascript:``,
    ``data:``, ``vbscript:`` and every other scheme are not, however they are
    disguised (entities, whitespace, control characters, mixed case,
    full-width letters); nor is what urllib cannot read (:func:`split_url`).
    """
    if not url:
        return True
    if split_url(str(url)) is None:
        return False  # not an address: output that joins or splits it would fail
    seen = _as_browser_sees_it(str(url))
    match = _SCHEME.match(seen)
    if match is None:
        # No scheme before the first ":" — but "javascript&colon;" decodes to
        # one above, and a colon after "/", "?" or "#" is path or query.
        head = re.split(r"[/?#]", seen, maxsplit=1)[0]
        return ":" not in head
    return match.group(1).lower() in SAFE_URL_SCHEMES


def safe_url(url: str | None) -> str:
    """``url`` if it is safe to put in ``href``/``src``/``cite``, else ``""``."""
    return url if url and is_safe_url(url) else ""


_http_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()
_TEL = re.compile(r"^tel:\+?[0-9().\- /]{3,32}$", re.IGNORECASE)


def validate_safe_url(value: str) -> None:
    """Django validator: http(s), mailto:, tel: or a relative URL, nothing else."""
    if not value:
        return
    if not is_safe_url(value):
        raise ValidationError(
            _(
                "This address cannot be used: only web (http, https), mailto:, tel: and "
                "relative addresses are allowed."
            ),
            code="unsafe_url",
        )
    stripped = value.strip()
    scheme_match = _SCHEME.match(stripped)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in ("http", "https") or stripped.startswith("//"):
        _http_url(stripped if scheme else f"https:{stripped}")
    elif scheme == "mailto":
        address = stripped[len("mailto:") :].split("?", 1)[0]
        try:
            _email(address)
        except ValidationError:
            raise ValidationError(
                _("Enter a valid email address after “mailto:”."), code="invalid_mailto"
            ) from None
    elif scheme == "tel" and not _TEL.match(stripped):
        raise ValidationError(
            _("Enter a phone number after “tel:”, e.g. “tel:+43 1 234567”."), code="invalid_tel"
        )
    elif any(ch.isspace() for ch in stripped):
        raise ValidationError(_("Enter a valid URL."), code="invalid")


# -- rich text ------------------------------------------------------------------

# What each Draftail feature stores in Wagtail's rich-text format. Tags that
# are always allowed: paragraphs and line breaks, which every editor produces.
_BASE_TAGS = {"p", "br"}
_FEATURE_TAGS: dict[str, set[str]] = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "link": {"a"},
    "document-link": {"a"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "superscript": {"sup"},
    "subscript": {"sub"},
    "strikethrough": {"s"},
    "code": {"code"},
    "blockquote": {"blockquote"},
    "hr": {"hr"},
    "image": {"embed"},
    "embed": {"embed"},
    **{f"h{level}": {f"h{level}"} for level in range(1, 7)},
}
_LINK_TYPES = {"link": "page", "document-link": "document"}
_EMBED_TYPES = {"image": "image", "embed": "media"}
_DIGITS = re.compile(r"^\d+$")
_WORD = re.compile(r"^[\w-]+$")


def _attribute_filter(link_types: frozenset[str], embed_types: frozenset[str]):
    def allowed(tag: str, name: str, value: str) -> bool:
        if tag == "a":
            if name == "href":
                return is_safe_url(value)
            if name == "linktype":
                return value in link_types
            if name == "id":
                return bool(_DIGITS.match(value))
            return False
        if tag == "embed":
            if name == "embedtype":
                return value in embed_types
            if name == "id":
                return bool(_DIGITS.match(value))
            if name == "format":
                return bool(_WORD.match(value))
            if name == "alt":
                return True
            if name == "url":
                return is_safe_url(value)
            return False
        return False

    return allowed


@lru_cache(maxsize=64)
def _cleaner(features: tuple[str, ...]) -> bleach.Cleaner:
    tags = set(_BASE_TAGS)
    for feature in features:
        tags |= _FEATURE_TAGS.get(feature, set())
    link_types = frozenset(_LINK_TYPES[f] for f in features if f in _LINK_TYPES)
    embed_types = frozenset(_EMBED_TYPES[f] for f in features if f in _EMBED_TYPES)
    return bleach.Cleaner(
        tags=tags,
        attributes=_attribute_filter(link_types, embed_types),
        protocols=sorted(SAFE_URL_SCHEMES),
        strip=True,
        strip_comments=True,
    )


# bleach serialises void elements as HTML ("<embed …>"), but Wagtail's
# rich-text expander only finds "<embed …/>".
_EMBED = re.compile(r"""<embed((?:[^>"']|"[^"]*"|'[^']*')*?)\s*/?>""")


@lru_cache(maxsize=4096)
def _clean(source: str, features: tuple[str, ...]) -> str:
    if _already_clean(source, features):
        return source
    if "data-block-key" in source:
        # The admin's editor writes its block keys on every paragraph, list
        # and item; the cleaner drops them, and without them the text is
        # often exactly what the cleaner would write.
        without_keys = _BLOCK_KEY.sub(r"<\1>", source)
        if _already_clean(without_keys, features):
            return without_keys
    cleaned = _cleaner(features).clean(source)
    return _EMBED.sub(r"<embed\1/>", cleaned)


# -- rich text that needs no cleaning ----------------------------------------------
#
# Cleaning with bleach (html5lib, pure Python) costs about half a millisecond
# per paragraph, and most rich text that is saved is already exactly what
# bleach would write: it was cleaned when it was last saved. A strict reader
# recognises that case and returns the text as it is. It accepts only a
# narrow form (the tags the features allow, properly nested in the places
# HTML allows them, no attributes but a link's, each checked by the
# cleaner's own rules, text without control characters and only the
# entities bleach keeps); anything else goes through bleach. Tests compare
# the two on generated and hostile input (tests/test_sanitize_fast_path.py).

_TEXT_CHARACTERS = r"[^<>&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
# Its groups in this order: _already_clean unpacks them.
_FAST_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-z][a-z0-9]*)"
    r"(?P<attrs>(?: [a-z]+=\"(?:[^\"<>&\x00-\x1f\x7f]|&amp;)*\")*)>"
    rf"|(?P<text>{_TEXT_CHARACTERS}+)"
    r"|(?P<entity>&(?:amp|lt|gt|quot|nbsp);)"
)
# A block element's only attribute, the editor's block key (Draftail writes
# them). Text cannot hold "<", so this only ever matches a tag.
_BLOCK_KEY = re.compile(r'<(p|ul|ol|li)(?: data-block-key="[A-Za-z0-9]{1,32}")>')
_FAST_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')
# Link targets made only of characters that bleach writes back unchanged
# (an ampersand only as _query_ampersands lets it through, written "&amp;").
_FAST_HREF = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$")
_FAST_BLOCKS = frozenset({"p", "ul", "ol"})
_FAST_INLINE = frozenset({"b", "strong", "i", "em", "sup", "sub", "s", "code", "a"})
_FAST_PARENTS = {
    # tag -> where it may appear (None: at the top level)
    "p": {None},
    "ul": {None, "li"},
    "ol": {None, "li"},
    "li": {"ul", "ol"},
    **{tag: {"p", "li", *_FAST_INLINE} for tag in _FAST_INLINE},
    "br": {"p", "li", *_FAST_INLINE},
}


@lru_cache(maxsize=64)
def _fast_rules(features: tuple[str, ...]):
    cleaner = _cleaner(features)
    tags = frozenset(cleaner.tags)
    return tags, cleaner.attributes, _plain_paragraphs(tags)


def _plain_paragraphs(allowed_tags: frozenset[str]) -> re.Pattern | None:
    """A pattern for the commonest clean text: paragraphs of text, each inline tag bare and unnested.

    What it matches, the reader below accepts too; matching it in one C call
    instead of a Python step per tag halves the check of a story's paragraphs,
    which every render pays for text read from the database. Possessive
    quantifiers keep it linear on text that almost matches.
    """
    if "p" not in allowed_tags:
        return None
    text = rf"{_TEXT_CHARACTERS}++|&(?:amp|lt|gt|quot|nbsp);" + (
        "|<br>" if "br" in allowed_tags else ""
    )
    inline = sorted(allowed_tags & (_FAST_INLINE - {"a"}))
    element = rf"|<({'|'.join(inline)})>(?:{text})*+</\1>" if inline else ""
    return re.compile(rf"(?:<p>(?:{text}{element})*+</p>\n?)++")


def _query_ampersands(href: str) -> str | None:
    """The link ``href`` (as written, "&amp;" and all) decoded, if its ampersands need no cleaning.

    Bleach decodes character references in a link again before it checks the
    scheme, and writes back a "&" that begins one ("&lt;") as it is. An
    ampersand only in the query string or the fragment, with no ";" anywhere
    after decoding, can neither change the scheme nor begin a reference:
    bleach writes it back as "&amp;", as it was. Any other is left to bleach.
    """
    decoded = href.replace("&amp;", "&")
    # Where the query or the fragment begins: a scheme can only stand before it.
    begins = min((at for at in (decoded.find("?"), decoded.find("#")) if at >= 0), default=-1)
    if ";" in decoded or not 0 <= begins < decoded.find("&"):
        return None
    return decoded


def _already_clean(source: str, features: tuple[str, ...]) -> bool:
    """Whether bleach would return ``source`` unchanged, by a reader that only says yes when sure."""
    allowed_tags, allowed_attribute, plain_paragraphs = _fast_rules(features)
    if plain_paragraphs is not None and plain_paragraphs.fullmatch(source):
        return True
    stack: list[str] = []
    position = 0
    for match in _FAST_TOKEN.finditer(source):
        start, end = match.span()
        if start != position:
            return False
        position = end
        parent = stack[-1] if stack else None
        # One call for every group: a token's groups are read several times.
        close, tag, attrs, text, entity = match.groups()
        if text is not None or entity is not None:
            # Text may stand anywhere except directly in a list.
            if parent in ("ul", "ol"):
                return False
            continue
        if tag not in allowed_tags or tag not in _FAST_PARENTS:
            return False
        if close:
            if parent != tag or tag == "br" or attrs:
                return False
            stack.pop()
            continue
        if parent not in _FAST_PARENTS[tag] or (tag == "a" and "a" in stack):
            return False
        attributes = _FAST_ATTRIBUTE.findall(attrs)
        if attributes and tag != "a":
            return False
        if len({name for name, _value in attributes}) != len(attributes):
            return False
        for name, value in attributes:
            if "&" in value:
                if name != "href":
                    return False
                value = _query_ampersands(value)
                if value is None:
                    return False
            if not allowed_attribute(tag, name, value):
                return False
            if name == "href" and not _FAST_HREF.match(value):
                return False
        if tag != "br":
            stack.append(tag)
    return position == len(source) and not stack


def clean_rich_text(source: str | None, features: Iterable[str] | None = None) -> str:
    """``source`` in Wagtail's rich-text format, with everything the features cannot produce removed.

    Wagtail's own markup survives: internal links (``<a linktype="page"
    id="3">``), document links and image embeds (``<embed embedtype="image"
    id="1" format="left" alt="…"/>``). Text is never dropped: a disallowed tag
    goes, its text stays. Results are cached, so saving an unchanged story
    again costs next to nothing.
    """
    if not source:
        return ""
    if features is None:
        from wagtail.rich_text import features as registry

        features = registry.get_default_features()
    return _clean(source, tuple(sorted(features)))


# -- text that cannot be encoded -------------------------------------------------

# A lone surrogate (U+D800–U+DFFF outside a pair) is a Python string that no
# UTF-8 page, JSON response or image can carry: Python code and JSON with
# "\ud800" escapes can store one, and every output then fails to encode.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _encodes(text: str) -> bool:
    # UTF-8's encoder, in C, fails on a lone surrogate and on nothing else; it
    # reads text several times faster than a search for the surrogates does.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, the replacement character."""
    if text.isascii() or _encodes(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def _has_lone_surrogate(data) -> bool:
    if isinstance(data, str):
        return not data.isascii() and not _encodes(data)
    if isinstance(data, dict):
        return any(_has_lone_surrogate(item) for item in data.values())
    if isinstance(data, list):
        return any(_has_lone_surrogate(item) for item in data)
    return False


def scrub_stored_text(data):
    """``data`` (stored JSON) with every string made encodable; the same object when it already is."""
    # Looked for first, without copying anything: stored text almost never has one.
    if not _has_lone_surrogate(data):
        return data
    if isinstance(data, str):
        return without_lone_surrogates(data)
    if isinstance(data, list):
        scrubbed = [scrub_stored_text(item) for item in data]
        return data if all(a is b for a, b in zip(scrubbed, data, strict=True)) else scrubbed
    if isinstance(data, dict):
        scrubbed = {key: scrub_stored_text(item) for key, item in data.items()}
        return data if all(scrubbed[key] is data[key] for key in data) else scrubbed
    return data
