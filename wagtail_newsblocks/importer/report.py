"""What the importer could not map, what it dropped, and what an editor should check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

__all__ = ["ImportReport", "Unmapped", "excerpt"]

# Where the importer found a field, as ``ImportReport.found`` records it:
# data, in English, which code and tests compare. The report says these in
# its reader's language; the others name markup ("og:title", "JSON-LD
# headline") or a rule ("HEADLINE rule") and are said as they are.
CANONICAL_LINK = "canonical link"
ARTICLE_H1 = "the article's h1"
AS_THE_H1_HAS_IT = ", as the article's h1 has it"
BREADCRUMBS = "breadcrumbs"
LABEL_ABOVE_HEADLINE = "the label above the headline"
STANDFIRST = "the article's standfirst (LEAD rule)"
HTMLDATE = "htmldate (the page's markup and text)"
FIRST_PARAGRAPH = "the article's first paragraph"
GUTENBERG_BLOCKS = "Gutenberg blocks"
CLASSIC_POST = "classic post HTML"
POST_EXCERPT = "the post's excerpt"
POST_CATEGORY = "the post's first category"
POST_FIRST_PARAGRAPH = "the post's first paragraph"
POST_DATE = "the post's date"
POST_GUID = "the post's guid"

_SOURCE_NAMES = {
    CANONICAL_LINK: pgettext_lazy("where the importer found a field", "canonical link"),
    ARTICLE_H1: pgettext_lazy("where the importer found a field", "the article's h1"),
    BREADCRUMBS: pgettext_lazy("where the importer found a field", "breadcrumbs"),
    LABEL_ABOVE_HEADLINE: pgettext_lazy(
        "where the importer found a field", "the label above the headline"
    ),
    STANDFIRST: pgettext_lazy(
        "where the importer found a field", "the article's standfirst (LEAD rule)"
    ),
    HTMLDATE: pgettext_lazy(
        "where the importer found a field", "htmldate (the page's markup and text)"
    ),
    FIRST_PARAGRAPH: pgettext_lazy(
        "where the importer found a field", "the article's first paragraph"
    ),
    GUTENBERG_BLOCKS: pgettext_lazy("where the importer found a field", "Gutenberg blocks"),
    CLASSIC_POST: pgettext_lazy("where the importer found a field", "classic post HTML"),
    POST_EXCERPT: pgettext_lazy("where the importer found a field", "the post's excerpt"),
    POST_CATEGORY: pgettext_lazy("where the importer found a field", "the post's first category"),
    POST_FIRST_PARAGRAPH: pgettext_lazy(
        "where the importer found a field", "the post's first paragraph"
    ),
    POST_DATE: pgettext_lazy("where the importer found a field", "the post's date"),
    POST_GUID: pgettext_lazy("where the importer found a field", "the post's guid"),
}
_FIELD_NAMES = {
    "headline": pgettext_lazy("a field the importer found", "headline"),
    "lead": pgettext_lazy("a field the importer found", "lead"),
    "kicker": pgettext_lazy("a field the importer found", "kicker"),
    "source id": pgettext_lazy("a field the importer found", "source id"),
    "published": pgettext_lazy("a field the importer found", "published"),
    "modified": pgettext_lazy("a field the importer found", "modified"),
    "authors": pgettext_lazy("a field the importer found", "authors"),
    "body": pgettext_lazy("a field the importer found", "body"),
}


def _where(source: str) -> str:
    if source.endswith(AS_THE_H1_HAS_IT):
        return _("%(source)s, as the article's h1 has it") % {
            "source": _where(source[: -len(AS_THE_H1_HAS_IT)])
        }
    return str(_SOURCE_NAMES.get(source, source))


EXCERPT_LENGTH = 160


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``length``."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return f"{cut} …"


@dataclass
class Unmapped:
    """Source markup no rule recognised: kept as a sanitised paragraph at ``position``."""

    element: str  # "table", "form", "aside.factbox", …
    reason: str
    text: str
    position: int | None = None  # 1-based block position, once the blocks are built


@dataclass
class ImportReport:
    """Everything an editor should know about one article's import.

    * ``unmapped``: source elements that became plain paragraphs because no
      rule knew them (nothing is ever dropped for being unknown);
    * ``dropped``: what was removed on purpose, counted by kind (scripts,
      styles, iframes, tracking pixels, comments, event-handler attributes,
      elements matched by the ``DROP`` rule, …), with ``dropped_text`` keeping
      the visible text of elements removed by rule;
    * ``notes``: decisions to check (a pull quote made from a quotation in the
      text, a speaker's name completed, heading levels changed, the source's
      comment notice replaced by the site's policy).
    """

    unmapped: list[Unmapped] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    dropped_text: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Where each head field came from: {"headline": "JSON-LD headline", …}.
    found: dict[str, str] = field(default_factory=dict)

    def add_unmapped(self, element: str, reason: str, text: str) -> Unmapped:
        item = Unmapped(element=element, reason=reason, text=excerpt(text))
        self.unmapped.append(item)
        return item

    def drop(self, kind: str, count: int = 1, text: str = "") -> None:
        self.dropped[kind] += count
        if text.strip():
            self.dropped_text.append((kind, excerpt(text)))

    def note(self, message: str) -> None:
        self.notes.append(message)

    @property
    def is_clean(self) -> bool:
        """Nothing unmapped and nothing to check (dropped markup is expected)."""
        return not self.unmapped and not self.notes

    def lines(self) -> list[str]:
        """The report as lines of text, for the command's output and logs."""
        lines: list[str] = []
        if self.found:
            lines.append(
                _("Found: %(fields)s")
                % {
                    "fields": "; ".join(
                        _("%(field)s from %(source)s")
                        % {"field": _FIELD_NAMES.get(name, name), "source": _where(where)}
                        for name, where in self.found.items()
                    )
                }
            )
        if self.unmapped:
            lines.append(
                ngettext(
                    "%(count)d element no rule recognised (its text is kept as a paragraph):",
                    "%(count)d elements no rule recognised (their text is kept as paragraphs):",
                    len(self.unmapped),
                )
                % {"count": len(self.unmapped)}
            )
            for item in self.unmapped:
                where = (
                    ", " + _("block %(position)d") % {"position": item.position}
                    if item.position
                    else ""
                )
                lines.append(f"  - <{item.element}> ({item.reason}){where}: {item.text}")
        if self.dropped:
            summary = ", ".join(f"{kind} × {count}" for kind, count in sorted(self.dropped.items()))
            lines.append(_("Dropped: %(summary)s") % {"summary": summary})
            lines.extend(f"  - {kind}: {text}" for kind, text in self.dropped_text)
        if self.notes:
            lines.append(_("To check:"))
            lines.extend(f"  - {note}" for note in self.notes)
        return lines

    def as_text(self) -> str:
        return "\n".join(self.lines())
