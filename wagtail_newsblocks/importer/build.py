"""From recognised pieces of a source to story blocks, for HTML and plain text alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..blocks.expert_opinion import STATEMENT_FEATURES
from ..blocks.paragraph import PARAGRAPH_FEATURES
from ..conf import newsblocks_settings
from ..quotation_marks import strip_quotation_marks
from ..sanitize import clean_rich_text
from .article import LocalImage, Segment
from .attribution import Speaker, StoryDraft, is_attribution_line, split_attribution
from .report import ImportReport, Unmapped, excerpt
from .rules import ImportRules

__all__ = ["assemble", "ends_with_full_stop", "plain_text_of_html", "take_first_paragraph_lead"]

# The expert box's field limits (ExpertOpinionBlock): longer text is no label.
EXPERT_LABEL_MAX = 60
EXPERT_LABEL_MAX_WORDS = 5
EXPERT_HEADLINE_MAX = 140
CAPTION_MAX = 500
CREDIT_MAX = 255
SPEAKER_MAX = 255
# Raw level of a subhead made from a bold paragraph: below any real heading.
BOLD_PARAGRAPH_LEVEL = 7

_CLOSING = "\"'“”„»«’‘)]}›‹」』 \u00a0\u202f"


def ends_with_full_stop(text: str) -> bool:
    """True for "… sollten.“" and "… Themenübersicht.", False for "Kreml: „Kooperation …“"."""
    stripped = text.rstrip(_CLOSING)
    return stripped.endswith((".", "…")) and not stripped.endswith("..")


_TAG = re.compile(r"<[^>]*>")

# A paragraph of at least this many words (or, in Chinese, Japanese and
# Korean, which need no spaces, this many of their characters) reads as a
# story's opening even without a full stop; a shorter one must end a sentence.
LEAD_MIN_WORDS = 8
LEAD_MIN_CJK_CHARACTERS = 15
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# The paragraphs looked at, in order, for a source that marks no lead.
LEAD_CANDIDATES = 3
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？", "؟")
_MID_SENTENCE = (",", ";", ":", ".", ")", "]", "、", "，", "。")
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)


def _opens_a_story(segment: Segment) -> bool:
    """Whether a paragraph reads as a story's first words: a sentence, not a dateline or link bar."""
    text = segment.text.strip()
    # A copyright line; a fragment that starts mid-sentence (what is left of
    # a paragraph whose formula or widget was taken out).
    if not text or text.startswith(("©", *_MID_SENTENCE)):
        return False
    linked = sum(len(_TAG.sub("", inner).strip()) for inner in _LINK.findall(segment.html))
    if linked >= 0.5 * len(text):
        return False
    return (
        len(text.split()) >= LEAD_MIN_WORDS
        or len(_CJK.findall(text)) >= LEAD_MIN_CJK_CHARACTERS
        or text.rstrip(_CLOSING).endswith(_SENTENCE_ENDS)
    )


def take_first_paragraph_lead(segments: list[Segment]) -> Segment | None:
    """The paragraph that opens the story, taken out of ``segments``, for a source that marks no lead.

    The first of the first few paragraphs before any heading, quotation,
    expert box or comment notice that reads as a sentence: a dateline, a
    copyright line or a bar of links above the story does not open it (and
    stays where it is).
    """
    candidates = 0
    for index, segment in enumerate(segments):
        if segment.kind in ("heading", "quote", "expert", "comment"):
            break
        if segment.kind != "paragraph" or segment.data.get("bold_only"):
            continue
        if _opens_a_story(segment):
            return segments.pop(index)
        candidates += 1
        if candidates == LEAD_CANDIDATES:
            break
    return None


_MARKS = '"“”„«»‹›‟❝❞〝〞＂'


def strip_stray_marks(text: str) -> str:
    """``text`` without a quotation mark at its start or end that has no partner in it.

    A pull quote's marks are the template's: ``“"Essentially, …`` came from a
    source whose closing mark stood after the attribution, or whose marks
    were typed twice.
    """
    # Marks typed twice ("“\"Essentially"): the run goes, whatever follows.
    text = re.sub(f"^[{_MARKS}]{{2,}}\\s*", "", text)
    text = re.sub(f"\\s*[{_MARKS}]{{2,}}$", "", text)
    for _round in range(3):
        changed = False
        if text and text[0] in _MARKS and sum(text.count(mark) for mark in _MARKS) % 2:
            text, changed = text[1:].lstrip(), True
        if text and text[-1] in _MARKS and sum(text.count(mark) for mark in _MARKS) % 2:
            text, changed = text[:-1].rstrip(), True
        if not changed:
            break
        text = strip_quotation_marks(text)
    return text


def plain_text_of_html(html: str) -> str:
    """The text of rich text the importer made (well-formed, cleaned), without parsing it."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def _anchor(value: str) -> str:
    """A source's heading anchor as a subhead takes it: letters, digits, "-" and "_" (else none)."""
    value = (value or "").strip()
    return value if re.fullmatch(r"[A-Za-z][\w-]{0,79}", value) else ""


def comment_policy_value() -> dict[str, Any]:
    # "auto": the site's comment policy decides, as for stories written here.
    return {
        "mode": "auto",
        "message": "",
        "close_after_months": None,
        "discussion_page": None,
        "contact_email": "",
    }


@dataclass
class _Draft:
    type: str
    value: Any
    level: int | None = None  # raw heading level, for subheads and expert boxes
    explicit_quote: bool = False
    unmapped: Unmapped | None = None
    text: str = ""


@dataclass
class _Assembler:
    segments: list[Segment]
    title: str
    lead: str
    rules: ImportRules
    language: str
    report: ImportReport
    drafts: list[_Draft] = field(default_factory=list)

    # -- the walk ----------------------------------------------------------------------

    def run(self) -> list[tuple[str, Any]]:
        index = 0
        while index < len(self.segments):
            index = self.handle(index)
        self.suggest_pull_quote()
        self.normalise_levels()
        self.comment_policy_last()
        blocks = []
        for position, draft in enumerate(self.drafts, start=1):
            if draft.unmapped is not None:
                draft.unmapped.position = position
            if draft.type in ("subhead", "expert_opinion"):
                draft.value["level"] = f"h{draft.level}"
            blocks.append((draft.type, draft.value))
        return blocks

    def handle(self, index: int) -> int:
        segment = self.segments[index]
        handler = getattr(self, f"on_{segment.kind}")
        return handler(index, segment)

    def on_heading(self, index: int, segment: Segment) -> int:
        text = " ".join(segment.text.split())
        if not text:
            return index + 1
        if self.rules.test("COMMENT_HEADING", text):
            return self.comment_section(index, text)
        expert_end = self.expert_section(index, text, segment.level)
        if expert_end is not None:
            return expert_end
        self.subhead(text, segment.level, segment.html, anchor=segment.data.get("anchor", ""))
        return index + 1

    def on_paragraph(self, index: int, segment: Segment) -> int:
        text = segment.text.strip()
        if not text:
            return index + 1
        previous = self.drafts[-1] if self.drafts else None
        if (
            previous is not None
            and previous.explicit_quote
            and not previous.value["attribution"]
            and is_attribution_line(text)
        ):
            speaker = split_attribution(text)
            if speaker is not None and len(speaker.name) <= SPEAKER_MAX:
                previous.value["attribution"] = speaker.name
                previous.value["role"] = speaker.role[:SPEAKER_MAX]
                return index + 1
        if (
            segment.data.get("bold_only")
            and self.rules["SUBHEAD_FROM_BOLD_PARAGRAPH"]
            and len(text) <= newsblocks_settings.SUBHEAD_MAX_LENGTH
            and not ends_with_full_stop(text)
            and not text.endswith((":", ","))
        ):
            heading = Segment("heading", text=text, level=BOLD_PARAGRAPH_LEVEL, html=segment.html)
            return self.on_heading(index, heading)
        self.paragraph(segment.html, text)
        return index + 1

    def on_quote(self, index: int, segment: Segment) -> int:
        quote = strip_stray_marks(strip_quotation_marks(" ".join(segment.text.split())))
        speaker: Speaker | None = segment.data.get("speaker")
        if not quote:
            return index + 1
        if len(quote) > newsblocks_settings.PULL_QUOTE_MAX_LENGTH:
            self.unmapped(
                segment.html or f"<p>{escape(segment.text)}</p>",
                segment.data.get("element", "blockquote"),
                _("longer than a pull quote may be"),
                segment.text,
            )
            return index + 1
        self.drafts.append(
            _Draft(
                "pull_quote",
                {
                    "quote": quote,
                    "attribution": (speaker.name if speaker else "")[:SPEAKER_MAX],
                    "role": (speaker.role if speaker else "")[:SPEAKER_MAX],
                    "speaker": None,
                    "source_url": segment.data.get("source_url", ""),
                    "language": "",
                    "alignment": "inline",
                },
                explicit_quote=True,
                text=quote,
            )
        )
        return index + 1

    def on_expert(self, index: int, segment: Segment) -> int:
        data = segment.data
        speaker = data.get("speaker") or self.find_person(segment.text)
        statement = data.get("statement_html", "")
        if speaker is None or not plain_text_of_html(statement):
            reason = (
                _("an expert box that names nobody")
                if speaker is None
                else _("an expert box without an assessment")
            )
            self.unmapped(segment.html, data.get("element", "aside"), reason, segment.text)
            return index + 1
        self.expert(
            label=data.get("label", ""),
            headline=data.get("headline", ""),
            level=data.get("level"),
            speaker=speaker,
            statement_html=statement,
            quote=data.get("quote", ""),
        )
        return index + 1

    def on_comment(self, index: int, segment: Segment) -> int:
        self.comment_policy(segment.text)
        return index + 1

    def on_image(self, index: int, segment: Segment) -> int:
        data = segment.data
        image: LocalImage = data["image"]
        caption = " ".join(data.get("caption", "").split())
        credit = " ".join(data.get("credit", "").split())
        if len(caption) > CAPTION_MAX or len(credit) > CREDIT_MAX:
            self.unmapped(
                f"<p>{escape(caption)} {escape(credit)}</p>",
                "figcaption",
                _("a caption too long for an image block"),
                f"{caption} {credit}",
            )
            caption, credit = "", ""
        alt = image.alt_text or caption
        if not image.alt_text:
            self.report.note(
                _("Image “%(file)s” has no alternative text; its caption describes it. Check it.")
                % {"file": image.path.name}
                if caption
                else _(
                    "Image “%(file)s” has neither alternative text nor caption; it is marked "
                    "decorative. Describe it if it shows something readers need."
                )
                % {"file": image.path.name}
            )
        self.drafts.append(
            _Draft(
                "image",
                {
                    "image": {"image": image, "decorative": not alt, "alt_text": alt},
                    "caption": caption,
                    "credit": credit,
                },
            )
        )
        return index + 1

    def on_unmapped(self, index: int, segment: Segment) -> int:
        self.unmapped(
            segment.html,
            segment.data.get("element", "?"),
            segment.data.get("reason", ""),
            " — ".join(part for part in (segment.text, segment.data.get("detail", "")) if part),
        )
        return index + 1

    # -- sections that span several pieces --------------------------------------------

    def following_paragraphs(self, index: int) -> list[Segment]:
        found = []
        for segment in self.segments[index + 1 :]:
            if segment.kind != "paragraph" or (
                segment.data.get("bold_only") and not ends_with_full_stop(segment.text)
            ):
                break
            found.append(segment)
        return found

    def comment_section(self, index: int, heading: str) -> int:
        end = index + 1
        texts = [heading]
        while end < len(self.segments) and self.segments[end].kind in ("paragraph", "unmapped"):
            texts.append(self.segments[end].text)
            end += 1
        self.comment_policy(" ".join(texts))
        return end

    def expert_section(self, index: int, text: str, level: int) -> int | None:
        label, colon, headline = text.partition(":")
        label, headline = label.strip(), headline.strip()
        if not colon:
            label, headline = text, ""
        if (
            not label
            or len(label) > EXPERT_LABEL_MAX
            or len(label.split()) > EXPERT_LABEL_MAX_WORDS
            or len(headline) > EXPERT_HEADLINE_MAX
            or not self.rules.test("EXPERT_LABEL", label)
        ):
            return None
        paragraphs = self.following_paragraphs(index)
        section_text = " ".join(segment.text for segment in paragraphs)
        speaker = self.find_person(section_text) if paragraphs else None
        if speaker is None:
            self.report.note(
                _(
                    "“%(heading)s” looks like an expert section, but its text names nobody; it "
                    "was kept as a subhead and paragraphs."
                )
                % {"heading": text}
            )
            return None
        self.expert(
            label=label,
            headline=headline,
            level=level,
            speaker=speaker,
            statement_html="".join(segment.html for segment in paragraphs),
            quote="",
        )
        return index + 1 + len(paragraphs)

    def find_person(self, text: str) -> Speaker | None:
        if not text.strip():
            return None
        return self.rules.person_parser(
            text, language=self.language, rules=self.rules, context=self.story_text
        )

    @property
    def story_text(self) -> str:
        parts = [self.title, self.lead]
        parts += [segment.text for segment in self.segments if segment.kind == "paragraph"]
        return "\n".join(parts)

    # -- making blocks ------------------------------------------------------------------

    def paragraph(self, html: str, text: str) -> None:
        cleaned = clean_rich_text(html, PARAGRAPH_FEATURES)
        if plain_text_of_html(cleaned):
            self.drafts.append(_Draft("paragraph", cleaned, text=text))

    def subhead(self, text: str, level: int, html: str = "", *, anchor: str = "") -> None:
        if len(text) > newsblocks_settings.SUBHEAD_MAX_LENGTH:
            self.unmapped(
                f"<p><b>{escape(text)}</b></p>",
                f"h{min(level, 6)}",
                _("too long for a subhead"),
                text,
            )
            return
        self.drafts.append(
            _Draft(
                "subhead",
                {"text": text, "level": "h2", "anchor": _anchor(anchor)},
                level=level,
                text=text,
            )
        )

    def expert(
        self,
        *,
        label: str,
        headline: str,
        level: int | None,
        speaker: Speaker,
        statement_html: str,
        quote: str,
    ) -> None:
        self.drafts.append(
            _Draft(
                "expert_opinion",
                {
                    "label": label,
                    "headline": headline,
                    "level": "h2",
                    "expert": None,
                    "name": speaker.name[:SPEAKER_MAX],
                    "role": speaker.role[:SPEAKER_MAX],
                    "organization": speaker.organization[:SPEAKER_MAX],
                    "portrait": None,
                    "statement": clean_rich_text(
                        statement_as_paragraphs(statement_html), STATEMENT_FEATURES
                    ),
                    "quote": strip_quotation_marks(quote),
                    "how_obtained": "said",
                    "disclosure": "",
                },
                level=level,
                text=plain_text_of_html(statement_html),
            )
        )

    def comment_policy(self, notice: str) -> None:
        if any(draft.type == "comment_policy" for draft in self.drafts):
            self.report.note(
                _("A second comment notice was merged into the story's one footer: %(text)s")
                % {"text": excerpt(notice)}
            )
            return
        self.report.note(
            _(
                "The source's comment notice was replaced by a comment-policy footer that "
                "follows the site's policy: %(text)s"
            )
            % {"text": excerpt(notice, 500)}
        )
        self.drafts.append(_Draft("comment_policy", comment_policy_value()))

    def unmapped(self, html: str, element: str, reason: str, text: str) -> None:
        # Listed in the report in any case; a paragraph only where there is text
        # a reader saw (an image without a file has none).
        cleaned = clean_rich_text(html, PARAGRAPH_FEATURES) if html else ""
        item = self.report.add_unmapped(element, reason, text)
        if cleaned and plain_text_of_html(cleaned):
            self.drafts.append(_Draft("paragraph", cleaned, unmapped=item, text=text))

    # -- whole-story passes ---------------------------------------------------------

    def suggest_pull_quote(self) -> None:
        rule = self.rules.pull_quote_from_text
        if rule is None or any(draft.type == "pull_quote" for draft in self.drafts):
            return
        draft = StoryDraft(
            paragraphs=[
                (position, item.text)
                for position, item in enumerate(self.drafts)
                if item.type == "paragraph" and item.unmapped is None
            ],
            story_text=self.story_text,
            language=self.language,
            rules=self.rules,
        )
        suggestion = rule(draft)
        if suggestion is None:
            return
        speaker = suggestion.speaker
        self.drafts.insert(
            suggestion.after + 1,
            _Draft(
                "pull_quote",
                {
                    "quote": suggestion.quote,
                    "attribution": speaker.name[:SPEAKER_MAX],
                    "role": speaker.role_and_organization[:SPEAKER_MAX],
                    "speaker": None,
                    "source_url": "",
                    "language": "",
                    "alignment": "inline",
                },
                text=suggestion.quote,
            ),
        )
        self.report.note(
            _(
                "Pull quote %(position)d repeats a quotation from the text, attributed to "
                "%(speaker)s%(how)s. Check the speaker and role."
            )
            % {
                "position": suggestion.after + 2,
                "speaker": ", ".join(
                    part for part in (speaker.name, speaker.role_and_organization) if part
                ),
                "how": (
                    _(" (named elsewhere in the same paragraph)")
                    if suggestion.note == "paragraph"
                    else ""
                ),
            }
        )

    def normalise_levels(self) -> None:
        # The source's levels, ranked: a story whose sections are h3s gets h2s.
        headed = [draft for draft in self.drafts if draft.type in ("subhead", "expert_opinion")]
        raw_levels = sorted({draft.level for draft in headed if draft.level is not None})
        rank = {level: position + 2 for position, level in enumerate(raw_levels)}
        allowed = [
            int(level[1])
            for level in newsblocks_settings.SUBHEAD_LEVELS
            if len(level) == 2 and level[1].isdigit()
        ]
        deepest = max(allowed or [2])
        previous = 1
        fixed = 0
        for draft in headed:
            if draft.level is None:
                # A box without a heading level of its own sits inside the current section.
                level = previous + 1 if previous > 1 else 2
            else:
                level = rank[draft.level]
                if level > previous + 1:
                    fixed += 1
                    level = previous + 1
            draft.level = max(2, min(level, deepest))
            previous = draft.level
        if fixed:
            self.report.note(
                ngettext(
                    "%(count)d heading skipped a level in the source; it was moved up so that "
                    "the story's outline has no gaps.",
                    "%(count)d headings skipped a level in the source; they were moved up so "
                    "that the story's outline has no gaps.",
                    fixed,
                )
                % {"count": fixed}
            )

    def comment_policy_last(self) -> None:
        footers = [draft for draft in self.drafts if draft.type == "comment_policy"]
        if footers and self.drafts[-1] is not footers[0]:
            self.drafts.remove(footers[0])
            self.drafts.append(footers[0])


def statement_as_paragraphs(html: str) -> str:
    """Lists become paragraphs: an expert box's assessment has no list feature."""
    if "<li" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for item in soup.find_all("li"):
        item.name = "p"
    for wrapper in soup.find_all(["ul", "ol"]):
        wrapper.unwrap()
    return str(soup)


def assemble(
    segments: list[Segment],
    *,
    title: str,
    lead: str,
    rules: ImportRules,
    language: str,
    report: ImportReport,
) -> list[tuple[str, Any]]:
    """The story's ``(type, value)`` blocks for the recognised ``segments``."""
    return _Assembler(
        segments=segments,
        title=title,
        lead=lead,
        rules=rules,
        language=language,
        report=report,
    ).run()
