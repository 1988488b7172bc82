"""A story's outline: the anchors of its subheads and the tree a table of contents shows.

Anchors follow three rules that newsroom sites rely on:

* an anchor the editor typed is kept exactly, because other sites link to it;
* otherwise the anchor is a slug of the text, transliterated the German way
  (ä → ae, ß → ss) so that ``#kreml-kooperation-in-sensiblen-bereichen`` reads
  naturally in a URL;
* anchors are unique within the story: a repeat gets ``-2``, ``-3``, …
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Heading",
    "Outline",
    "TocEntry",
    "clean_anchor",
    "slugify_anchor",
    "unique_anchors",
]

# German transliteration first: NFKD alone would turn "ä" into "a", which
# Germans read as a different word (Bär → bar).
_TRANSLITERATE = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
    }
)
_NOT_SLUG = re.compile(r"[^\w-]+", re.UNICODE)
_DASHES = re.compile(r"[-_\s]+")
_SUFFIXED = re.compile(r"^(?P<base>.+)-(?P<n>\d+)$")

FALLBACK_ANCHOR = "section"


def slugify_anchor(text: str) -> str:
    """Turn heading text into a URL-fragment-friendly anchor.

    Latin letters with diacritics lose them (after the German rules above);
    letters of other scripts (Cyrillic, Greek, CJK, …) are kept, since browsers
    show them readably and an empty or meaningless id helps nobody.
    """
    text = (text or "").translate(_TRANSLITERATE)
    if text.isascii():
        # Unicode normalisation leaves ASCII as it is, and it has no accents to drop.
        stripped = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        stripped = unicodedata.normalize("NFKC", stripped).lower()
    slug = _NOT_SLUG.sub("-", stripped)
    slug = _DASHES.sub("-", slug).strip("-")
    return slug or FALLBACK_ANCHOR


def clean_anchor(anchor: str) -> str:
    """Normalise an anchor typed by an editor ("#Kreml Reaktion" → "kreml-reaktion")."""
    anchor = (anchor or "").strip().lstrip("#").strip()
    return slugify_anchor(anchor) if anchor else ""


def unique_anchors(requested: Iterable[tuple[str, bool]]) -> list[str]:
    """Give each heading a unique anchor.

    ``requested`` holds ``(anchor, explicit)`` pairs in story order. Explicit
    (editor-typed) anchors are reserved first so that an automatic slug never
    takes an anchor an editor chose for a later heading; the first heading to
    claim an anchor keeps it and later ones get ``-2``, ``-3``, …

    Linear in the number of headings: the anchors taken only ever grow, so a
    number found taken stays taken, and the search for a free ``-n`` of the
    same anchor goes on from where the last one stopped instead of from
    ``-2`` again (a story of n identical subheads would otherwise cost n²).
    """
    requested = list(requested)
    reserved = {anchor for anchor, explicit in requested if explicit}

    used: set[str] = set()
    claimed_explicit: set[str] = set()
    # (anchor, explicit) -> the first number not yet found taken (1: the anchor itself).
    # An explicit repeat may take a reserved anchor, an automatic slug may
    # not: the two searches skip different anchors, so each keeps its own place.
    next_number: dict[tuple[str, bool], int] = {}
    result: list[str] = []
    for anchor, explicit in requested:
        if explicit and anchor not in claimed_explicit:
            claimed_explicit.add(anchor)
            used.add(anchor)
            result.append(anchor)
            continue
        key = (anchor, explicit)
        number = next_number.get(key, 1)
        candidate = anchor if number == 1 else f"{anchor}-{number}"
        while candidate in used or (not explicit and candidate in reserved):
            number += 1
            candidate = f"{anchor}-{number}"
        next_number[key] = number + 1
        used.add(candidate)
        result.append(candidate)
    return result


@dataclass(frozen=True)
class Heading:
    """One subhead of a story, as links and tables of contents need it."""

    anchor: str
    text: str
    level: int
    block_id: str | None = None

    @property
    def href(self) -> str:
        return f"#{self.anchor}"


@dataclass
class TocEntry:
    heading: Heading
    children: list[TocEntry] = field(default_factory=list)


class Outline(Sequence[Heading]):
    """The subheads of one story in order, with unique anchors.

    ``values`` are the block values the headings came from, so that a subhead
    being rendered can look up its own anchor by identity.
    """

    def __init__(self, headings: Sequence[Heading], values: Sequence[object] = ()):
        self._headings = list(headings)
        self._by_value = {id(v): h for v, h in zip(values, self._headings, strict=False)}

    def __getitem__(self, index):  # type: ignore[override]
        return self._headings[index]

    def __len__(self) -> int:
        return len(self._headings)

    def __iter__(self) -> Iterator[Heading]:
        return iter(self._headings)

    def __repr__(self) -> str:
        return f"<Outline {[h.anchor for h in self._headings]!r}>"

    def heading_for(self, value: object) -> Heading | None:
        return self._by_value.get(id(value))

    def tree(self, max_level: int = 6) -> list[TocEntry]:
        """Nest the headings by level for a table of contents.

        A heading that skips a level (h2 → h4, only possible in drafts or in
        content that never went through validation) is nested under the
        nearest shallower heading rather than dropped.
        """
        root: list[TocEntry] = []
        stack: list[TocEntry] = []
        for heading in self._headings:
            if heading.level > max_level:
                continue
            entry = TocEntry(heading)
            while stack and stack[-1].heading.level >= heading.level:
                stack.pop()
            (stack[-1].children if stack else root).append(entry)
            stack.append(entry)
        return root

    @classmethod
    def from_headings(
        cls,
        items: Iterable[tuple[object, str, int, str, str | None]],
    ) -> Outline:
        """Build an outline from ``(value, text, level, editor_anchor, block_id)``."""
        items = list(items)
        requested = []
        for _value, text, _level, editor_anchor, _block_id in items:
            explicit = clean_anchor(editor_anchor)
            requested.append((explicit or slugify_anchor(text), bool(explicit)))
        anchors = unique_anchors(requested)
        headings = [
            Heading(anchor=anchor, text=text, level=level, block_id=block_id)
            for anchor, (_v, text, level, _a, block_id) in zip(anchors, items, strict=True)
        ]
        return cls(headings, [item[0] for item in items])
