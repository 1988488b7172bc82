"""Plain-text stories → pieces for the shared builder.

The layout (that of ``tests/data/story-de-kim-putin.txt``)::

    Treffen in Russland                          ← kicker (optional)
    Kim unterstützt Putin im „heiligen Krieg“    ← headline
    Das mit großer Spannung erwartete …          ← lead
    „Russland hat sich …“, sagte …               ← paragraphs
    Kreml: „Kooperation in sensiblen Bereichen“  ← a short line without a final full stop: a subhead
    Militärexperte: Nordkoreanische Munition …   ← "Label: Headline" with an expert label: an expert box
    „Ein Satz, ganz in Anführungszeichen.“       ← a quotation on its own line …
    — Kim Jong Un, Machthaber Nordkoreas         ← … with a dash line after it: a pull quote
    - erstens                                    ← lines starting with "-", "*" or "•": a list
    Kommentare                                   ← a comment heading: the rest is the comment notice

Each line is a block. Where the text separates blocks with blank lines
instead, lines inside a block are joined (hard-wrapped text).
"""

from __future__ import annotations

import re
from html import escape as html_escape

from ..conf import newsblocks_settings
from ..quotation_marks import quotation_spans
from .article import Segment
from .attribution import is_attribution_line, split_attribution
from .build import ends_with_full_stop

__all__ = ["decode_text", "read_text"]

KICKER_MAX = 80
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
_ORDERED = re.compile(r"^\s*\d{1,3}[.)]\s")
_URL = re.compile(r"(?<![\w/])(https?://[^\s<>\"“”„«»]+[^\s<>\"“”„«».,;:!?)])")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, as old CMS exports on Windows wrote."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _blocks(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = [line.strip() for line in text.split("\n")]
    chunks = re.split(r"\n\s*\n", "\n".join(lines).strip())
    if len(chunks) > 1 and any("\n" in chunk for chunk in chunks[1:]):
        # Blank lines separate blocks: the text is hard-wrapped inside them.
        blocks = chunks[0].split("\n")  # the head is one line per field either way
        for chunk in chunks[1:]:
            lines = chunk.split("\n")
            if all(_LIST_ITEM.match(line) for line in lines):
                blocks.extend(lines)
            else:
                blocks.append(" ".join(line for line in lines if line))
        return [block for block in blocks if block]
    return [line for line in lines if line]


def _is_heading(line: str) -> bool:
    return (
        len(line) <= newsblocks_settings.SUBHEAD_MAX_LENGTH
        and not ends_with_full_stop(line)
        and not line.endswith((",", ";"))
        and not _LIST_ITEM.match(line)
        and not is_attribution_line(line)
    )


def _whole_quotation(line: str) -> bool:
    spans = quotation_spans(line)
    return len(spans) == 1 and spans[0] == (0, len(line) - 1)


def _paragraph_html(text: str) -> str:
    escaped = html_escape(text, quote=False)
    # Web addresses in plain text become links, as a reader would expect.
    return "<p>" + _URL.sub(r'<a href="\1">\1</a>', escaped) + "</p>"


def read_text(text: str) -> tuple[str, str, str, list[Segment]]:
    """``(kicker, title, lead, pieces)`` for a story in the plain-text layout."""
    blocks = _blocks(text)
    kicker = ""
    if (
        len(blocks) >= 3
        and len(blocks[0]) <= KICKER_MAX
        and not ends_with_full_stop(blocks[0])
        and not ends_with_full_stop(blocks[1])
    ):
        kicker, blocks = blocks[0], blocks[1:]
    title = blocks[0] if blocks else ""
    lead = blocks[1] if len(blocks) > 1 else ""
    body = blocks[2:]
    segments: list[Segment] = []
    index = 0
    while index < len(body):
        line = body[index]
        following = body[index + 1] if index + 1 < len(body) else ""
        if _whole_quotation(line) and following and is_attribution_line(following):
            segments.append(
                Segment(
                    "quote",
                    text=line,
                    html=_paragraph_html(f"{line} {following}"),
                    data={"speaker": split_attribution(following), "element": "text"},
                )
            )
            index += 2
            continue
        if _LIST_ITEM.match(line):
            items = []
            ordered = bool(_ORDERED.match(line))
            while index < len(body) and _LIST_ITEM.match(body[index]):
                items.append(_LIST_ITEM.match(body[index]).group("text"))
                index += 1
            tag = "ol" if ordered else "ul"
            html = (
                f"<{tag}>"
                + "".join(f"<li>{html_escape(item, quote=False)}</li>" for item in items)
                + f"</{tag}>"
            )
            segments.append(Segment("paragraph", text=" ".join(items), html=html))
            continue
        if _is_heading(line):
            segments.append(Segment("heading", text=line, level=2))
        else:
            segments.append(Segment("paragraph", text=line, html=_paragraph_html(line)))
        index += 1
    return kicker, title, lead, segments
