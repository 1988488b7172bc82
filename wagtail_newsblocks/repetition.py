"""Whether a pull quote repeats words the story already says.

A pull quote that repeats the story's text is a typographic device: screen
readers should announce it as such, so that listeners can skip words they
have just heard. A quotation that appears only in the pull quote is a real
quotation (a ``<blockquote>``). The pull quote decides which it is by looking
for its words in the story's text (:class:`StoryText`), ignoring what editors
and typesetting change between the two:

* quotation marks, apostrophes, dashes and all other punctuation (the story
  says „…erhoben“, sagte Kim; the pull quote says …erhoben.);
* upper and lower case (``casefold``, so ß matches ss);
* whitespace of any kind, including no-break spaces and line breaks, and
  invisible characters such as soft hyphens;
* compatibility forms (NFKC: full-width letters, ligatures, ``…`` and ``...``).

An ellipsis in the pull quote (``…``, ``...``, ``[…]``, ``(…)``) stands for
left-out words: the parts around it must appear in the story in that order.
Words are matched whole, so "Ja" is not found in "Japan".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from html import unescape

from django.utils.html import strip_tags

from .quotation_marks import strip_quotation_marks

__all__ = ["StoryText", "normalize_text", "quote_segments", "rich_text_passages"]

# After NFKC, which turns "…" into "...".
_ELLIPSIS_RE = re.compile(r"[\[(]?\s*\.\s*\.\s*\.\s*[\])]?")
# Ends of block elements: a quotation cannot run from one paragraph, list item
# or heading into the next.
_BLOCK_END_RE = re.compile(r"</(?:p|h[1-6]|li|blockquote|div|ul|ol)\s*>", re.IGNORECASE)
# Readers see a line break inside a paragraph as a space.
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Passages are joined with this; normalised text never contains it, so no
# match can span two passages.
_PASSAGE_SEPARATOR = "\n"
# What passages are joined with while a whole story is normalised in one go: a
# control character, which normalize_text turns into a space anyway, so
# replacing any in the text by a space first changes nothing.
_BATCH_SEPARATOR = "\x00"
# Tags as bleach writes them (quoted attribute values without < or >), and
# elements whose content HTML's parser reads as text rather than markup.
_PLAIN_TAG_RE = re.compile(
    r"<(?:/[a-zA-Z][a-zA-Z0-9]*\s*"
    r"|[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*\"[^\"<>]*\")?)*\s*/?)>"
)
_RAW_TEXT_RE = re.compile(
    r"<\s*/?\s*(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)",
    re.IGNORECASE,
)


class _NormalizingTable(dict):
    """``str.translate`` table for :func:`normalize_text`, filled in per character.

    Each character's fate depends only on its Unicode category, so it is
    worked out the first time the character is met and then looked up in C;
    a per-character loop in Python was the costliest step of rendering a
    story with pull quotes (docs/performance.md).
    """

    def __missing__(self, ordinal: int) -> str | int | None:
        character = chr(ordinal)
        category = unicodedata.category(character)
        if category == "Cf":
            result = None
        elif category[0] in "PZ" or character.isspace() or category == "Cc":
            result = " "
        else:
            result = ordinal
        self[ordinal] = result
        return result


_NORMALIZING_TABLE = _NormalizingTable()
# The same, keeping the batch separator (see StoryText).
_BATCH_TABLE = _NormalizingTable({ord(_BATCH_SEPARATOR): _BATCH_SEPARATOR})


# Bytes that are characters of their own in UTF-8 and that no table changes.
_ASCII_KEPT = b" 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _translate(text: str, table: _NormalizingTable) -> str:
    """``text.translate(table)``, a few times faster on a whole story.

    ``str.translate`` looks every character up in the table, one Python call
    each once the text is not pure ASCII (German text never is). A story has
    a few dozen distinct characters, of which a handful change; replacing
    those one by one gives the same result, since no replacement (a space,
    or nothing) can make a character that would be mapped again.

    ASCII letters, digits and the space map to themselves, and they are most
    of a story: they are dropped (bytewise, in C) before the distinct
    characters are collected, which otherwise cost as much as the rest.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_KEPT)
    for character in set(rest.decode("utf-8", "surrogatepass")):
        ordinal = ord(character)
        result = table[ordinal]
        if result != ordinal and result != character:
            text = text.replace(character, result or "")
    return text


def normalize_text(text: str) -> str:
    """``text`` reduced to casefolded words separated by single spaces.

    Punctuation of every kind (category ``P*``: quotation marks, dashes,
    apostrophes, …) and whitespace become a single space; format characters
    (soft hyphen, zero-width space, …) disappear.
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.translate(_NORMALIZING_TABLE).split())


def quote_segments(quote: str) -> list[str]:
    """The normalised parts of a pull quote between its ellipses, in order."""
    return list(_quote_segments(quote or ""))


@lru_cache(maxsize=1024)
def _quote_segments(quote: str) -> tuple[str, ...]:
    quote = unicodedata.normalize("NFKC", strip_quotation_marks(quote))
    segments = (normalize_text(part) for part in _ELLIPSIS_RE.split(quote))
    return tuple(segment for segment in segments if segment)


def rich_text_passages(html: str) -> list[str]:
    """The plain text of rich-text HTML, one string per paragraph, list item or heading."""
    html = _BREAK_RE.sub(" ", html or "")
    passages = (unescape(_strip_tags(part)).strip() for part in _BLOCK_END_RE.split(html))
    return [passage for passage in passages if passage]


def _strip_tags(html: str) -> str:
    """Django's ``strip_tags``, without its HTML parser for the usual, plain markup.

    Stored rich text is bleach's output: well-formed tags with quoted
    attributes. Where every ``<`` starts such a tag and there are no entities
    (which ``strip_tags`` keeps as written) or raw-text elements, removing the
    tags is exactly what the parser does; anything else takes Django's road.
    Running Python's HTML parser over every paragraph was the costliest step
    of finding out whether pull quotes repeat the story (docs/performance.md).
    """
    if "<" not in html:
        return html
    if "&" in html or _RAW_TEXT_RE.search(html):
        return strip_tags(html)
    stripped = _PLAIN_TAG_RE.sub("", html)
    return stripped if "<" not in stripped else strip_tags(html)


class StoryText:
    """A story's readable text, normalised once, to look pull quotes up in.

    Built in one pass over the story; each look-up is a few substring searches,
    so checking every pull quote of a story stays linear in the story's length
    per quote rather than comparing quotes and paragraphs pairwise.
    """

    def __init__(self, passages: Iterable[str]):
        # normalize_text for each passage, in one pass over the whole story:
        # NFKC, casefolding and the table work character by character, and
        # the separator (a control character) composes with nothing.
        passages = list(passages)
        joined = _BATCH_SEPARATOR.join(passages)
        if _BATCH_SEPARATOR in joined:
            joined = _BATCH_SEPARATOR.join(
                passage.replace(_BATCH_SEPARATOR, " ") for passage in passages
            )
        joined = _translate(unicodedata.normalize("NFKC", joined).casefold(), _BATCH_TABLE)
        normalised = (" ".join(passage.split()) for passage in joined.split(_BATCH_SEPARATOR))
        # Spaces at both ends let " word " match whole words at a passage's edges.
        self._text = _PASSAGE_SEPARATOR.join(f" {text} " for text in normalised if text)

    def __bool__(self) -> bool:
        return bool(self._text)

    def __repr__(self) -> str:
        return f"<StoryText {len(self._text)} characters>"

    def contains(self, quote: str) -> bool:
        """Whether the story has the quote's words, in order (an ellipsis skips words)."""
        segments = _quote_segments(quote or "")
        if not segments:
            return False
        position = 0
        for segment in segments:
            found = self._text.find(f" {segment} ", position)
            if found < 0:
                return False
            # The space after this segment may begin the next one.
            position = found + len(segment) + 1
        return True
