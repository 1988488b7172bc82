"""What the block chooser's previews show: the seed story, shortened, in the admin's language.

Each function is a block's ``Meta.preview_value``. Wagtail calls it whenever
it renders a preview, so the words are the active language's (the editor's
admin language): an English admin shows an English example with “…”, a German
one a German example with „…“. The examples are short enough that the chooser's
preview shows each block whole, speaker, contact or caption included
(``example_site/tests/browser/test_admin_previews.py`` measures it).

The words follow the demo's seed story (``example_site/news/demo_content.py``)
and its English translation.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext

__all__ = [
    "comment_policy",
    "expert_opinion",
    "image",
    "outline",
    "paragraph",
    "pull_quote",
    "subhead",
]


def paragraph() -> str:
    return str(
        format_html(
            "<p>{}</p>",
            gettext(
                "Kremlin chief Vladimir Putin has received North Korea's leader Kim Jong Un "
                "at the new Vostochny spaceport."
            ),
        )
    )


def image() -> dict[str, Any]:
    """The caption and credit; the image is the newest one uploaded (see ``StoryImageBlock``)."""
    return {
        "caption": gettext("Putin receives Kim Jong Un at the Vostochny spaceport."),
        "credit": gettext("Photo: Example Agency"),
    }


def subhead() -> dict[str, Any]:
    return {
        "text": gettext("Kremlin: “Cooperation in sensitive areas”"),
        "level": "h2",
        "anchor": "",
    }


def outline() -> list[tuple[str, str]]:
    """The subheads a table of contents lists in its preview: ``(text, level)``."""
    return [
        (gettext("Kremlin: “Cooperation in sensitive areas”"), "h2"),
        (gettext("Military expert: North Korean shells would change little"), "h2"),
        (gettext("What deliveries could do"), "h3"),
    ]


def pull_quote() -> dict[str, Any]:
    return {
        "quote": gettext("We will always support the decisions of the Russian leadership"),
        "attribution": "Kim Jong Un",
        "role": gettext("North Korea's leader"),
        "speaker": None,
        "source_url": "",
        # No language of its own: the marks are the admin's language's, as a
        # story's quotes are its language's.
        "language": "",
        "alignment": "inline",
        "presentation": "auto",
    }


def expert_opinion() -> dict[str, Any]:
    return {
        "label": gettext("Military expert"),
        "headline": gettext("North Korean shells would change little"),
        "level": "h2",
        "expert": None,
        "name": "Joseph Dempsey",
        "role": gettext("Defence researcher"),
        "organization": "IISS",
        "portrait": None,
        "statement": str(
            format_html(
                "<p>{}</p>",
                gettext("Supplies could refill Russia's stocks; they would hardly decide the war."),
            )
        ),
        "quote": gettext("It prolongs the conflict, but hardly changes its outcome"),
        "how_obtained": "told_us",
        "disclosure": "",
    }


def comment_policy() -> dict[str, Any]:
    return {
        "mode": "auto",
        "message": "",
        "close_after_months": None,
        "discussion_page": None,
        "contact_email": "community@example.org",
    }
