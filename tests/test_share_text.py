"""What the share page and the card say and link to: marks, apostrophes, ways to share.

Issue 20, items 6 and 7: a German headline holding a quotation is itself
quoted in the share page's description, so its inner pair must become ‚…‘;
typed apostrophes must not stand beside the card's typographic marks; and the
share page offers a copy-link field, a native-share button and plain links
to the usual networks, all pointing at the share page itself.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from tests.factories import pull_quote_value
from wagtail_newsblocks.quote_cards.content import card_for, find_quote
from wagtail_newsblocks.quote_cards.drawing import layout_card
from wagtail_newsblocks.quote_cards.links import share_url
from wagtail_newsblocks.share_links import network_links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_storage")]

GERMAN_HEADLINE = "Kim unterstützt Putin im „heiligen Krieg“"


def share_page(client, story, block_id=None):
    response = client.get(share_url(story.pk, block_id or story.body[0].id))
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, name):
    tag = soup.find("meta", property=name) or soup.find("meta", attrs={"name": name})
    return tag["content"]


def drawn_quote(story) -> str:
    card = card_for(*find_quote(story.pk, story.body[0].id))
    return " ".join(line.text for line in layout_card(card).lines("quote"))


# -- a headline with a quotation in it -------------------------------------------------------


def test_a_german_headline_quoted_in_the_description_nests_its_marks(client, make_story):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Wir stehen bereit", attribution="Kim Jong-un"))],
        language="de",
        title=GERMAN_HEADLINE,
    )
    soup = share_page(client, story)
    expected = "Kim Jong-un in „Kim unterstützt Putin im ‚heiligen Krieg‘“"
    assert meta(soup, "og:description") == meta(soup, "twitter:description") == expected
    assert meta(soup, "description") == expected
    # Standing alone, the headline keeps the primary marks.
    story_link = soup.select_one(".newsblocks-share__story a")
    assert story_link.get_text(strip=True) == f"Zum Artikel: {GERMAN_HEADLINE}"
    assert "„heiligen Krieg““" not in str(soup)


@pytest.mark.parametrize(
    ("language", "title", "speaker_role", "expected"),
    [
        ("de", 'Kim im "heiligen Krieg"', "", "Kim in „Kim im ‚heiligen Krieg‘“"),
        (
            "de",
            "Kim im »heiligen Krieg«",
            "Sprecher",
            "Kim (Sprecher) in „Kim im ‚heiligen Krieg‘“",
        ),
        ("en", 'Kim backs Putin in "holy war"', "", "Kim in “Kim backs Putin in ‘holy war’”"),
        ("en", "Kim backs Putin in “holy war”", "", "Kim in “Kim backs Putin in ‘holy war’”"),
    ],
)
def test_quotations_in_any_typed_marks_nest_in_the_description(
    client, make_story, language, title, speaker_role, expected
):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Ja", attribution="Kim", role=speaker_role))],
        language=language,
        title=title,
    )
    assert meta(share_page(client, story), "og:description") == expected


def test_a_story_link_shows_the_headline_with_the_language_marks(client, make_story):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Yes"))], title='Kim backs Putin in "holy war"'
    )
    link = share_page(client, story).select_one(".newsblocks-share__story a")
    assert link.get_text(strip=True) == "Read the story: Kim backs Putin in “holy war”"


def test_without_a_speaker_the_description_nests_too(client, make_story):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Yes"))], title='Kim backs Putin in "holy war"'
    )
    assert meta(share_page(client, story), "og:description") == (
        "From “Kim backs Putin in ‘holy war’”"
    )


# -- apostrophes beside typographic marks ---------------------------------------------------


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        (
            "en",
            "People don't just want to get there 'fast'",
            "“People don’t just want to get there ‘fast’”",
        ),
        (
            "en",
            "rock 'n' roll is back, the Kims' train",
            "“rock ’n’ roll is back, the Kims’ train”",
        ),
        ("fr", "Enfin, l'avion reste au sol", "«\u202fEnfin, l’avion reste au sol\u202f»"),
        ("de", "Wie geht's? Er sagte 'Nein'", "„Wie geht’s? Er sagte ‚Nein‘“"),
        # Hebrew types ' for the geresh, which is not an apostrophe.
        ("he", "צ'יפס", "”צ'יפס”"),
    ],
)
def test_cards_and_share_titles_set_typed_apostrophes(client, make_story, language, typed, shown):
    story = make_story([("pull_quote", pull_quote_value(quote=typed))], language=language)
    assert card_for(*find_quote(story.pk, story.body[0].id)).quotation == shown
    assert meta(share_page(client, story), "og:title") == shown
    if language != "he":  # the card's fonts have no Hebrew, which is left off
        assert drawn_quote(story).replace(" ", "") == shown.replace(" ", "")


def test_the_card_alt_text_and_title_say_the_same(client, make_story):
    story = make_story([("pull_quote", pull_quote_value(quote="I don't fly", attribution="Kim"))])
    soup = share_page(client, story)
    assert meta(soup, "og:title") == "“I don’t fly” – Kim"
    assert meta(soup, "og:image:alt") == "Quote card: “I don’t fly” – Kim"
    assert soup.title.get_text().startswith("“I don’t fly” – Kim · ")


# -- ways to share ----------------------------------------------------------------------------

NETWORKS = {
    "bluesky": ("bsky.app", "text"),
    "x": ("x.com", "url"),
    "facebook": ("www.facebook.com", "u"),
    "linkedin": ("www.linkedin.com", "url"),
    "whatsapp": ("wa.me", "text"),
}


def test_the_share_page_links_to_the_networks_with_its_own_url(client, make_story):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Wir stehen bereit", attribution="Kim"))],
        title=GERMAN_HEADLINE,
    )
    soup = share_page(client, story)
    own_url = meta(soup, "og:url")
    title = meta(soup, "og:title")
    links = {
        next(c for c in a["class"] if c.startswith("newsblocks-share__network--")).split("--")[1]: a
        for a in soup.select(".newsblocks-share__networks a")
    }
    assert set(links) == {*NETWORKS, "email"}
    for network, (host, parameter) in NETWORKS.items():
        href = urlsplit(links[network]["href"])
        assert (href.scheme, href.netloc) == ("https", host)
        assert own_url in parse_qs(href.query)[parameter][0]
        assert links[network].get_text(strip=True).startswith("Share on ")
    assert parse_qs(urlsplit(links["x"]["href"]).query)["text"] == [title]
    mail = urlsplit(links["email"]["href"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query)["subject"] == [title]
    assert own_url in parse_qs(mail.query)["body"][0]
    # Spaces as %20: a + would show literally in mail clients.
    assert "+" not in links["email"]["href"]


def test_the_copy_field_and_buttons_carry_the_share_url(client, make_story):
    story = make_story([("pull_quote", pull_quote_value(quote="Yes", attribution="Kim"))])
    soup = share_page(client, story)
    own_url = meta(soup, "og:url")
    actions = soup.select_one("[data-newsblocks-share]")
    assert actions["data-url"] == own_url
    field = actions.select_one("input#newsblocks-share-url")
    assert field["value"] == own_url and field.has_attr("readonly")
    assert soup.find("label", attrs={"for": "newsblocks-share-url"})
    # Shown by the script only where the browser can copy or share.
    buttons = actions.find_all("button")
    assert [b.get_text(strip=True) for b in buttons] == ["Copy link", "Share…"]
    assert all(b.has_attr("hidden") and b["type"] == "button" for b in buttons)
    assert actions.select_one("[role=status]") is not None


def test_no_inline_script_and_the_script_is_a_static_file(client, make_story, settings):
    story = make_story([("pull_quote", pull_quote_value(quote="Yes"))])
    soup = share_page(client, story)
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == [
        f"{settings.STATIC_URL}wagtail_newsblocks/js/share-page.js"
    ]
    assert all(not s.string for s in scripts)
    assert not any(
        attribute.startswith("on") for tag in soup.find_all(True) for attribute in tag.attrs
    )


def test_the_share_labels_are_in_the_story_language(client, make_story):
    story = make_story([("pull_quote", pull_quote_value(quote="Ja"))], language="de")
    soup = share_page(client, story)
    with translation.override("de"):
        expected = [link.label for link in network_links("https://example.org/", "x")]
        copy = translation.gettext("Copy link")
    assert [
        a.get_text(strip=True) for a in soup.select(".newsblocks-share__networks a")
    ] == expected
    assert soup.select_one("[data-newsblocks-share-copy]").get_text(strip=True) == copy
