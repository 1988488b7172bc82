"""Quote cards: the image, its storage under a content hash, the share page and the share link."""

from __future__ import annotations

import io
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InMemoryStorage, default_storage
from fontTools.ttLib import TTFont
from PIL import Image
from wagtail.models import PageViewRestriction

from tests.factories import make_image, pull_quote_value
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.quotation_marks import quotation_parts
from wagtail_newsblocks.quote_cards import CARD_HEIGHT, CARD_WIDTH, drawing
from wagtail_newsblocks.quote_cards.content import QuoteCard, card_for, find_quote
from wagtail_newsblocks.quote_cards.drawing import draw_card, layout_card
from wagtail_newsblocks.quote_cards.glyphs import font_codepoints
from wagtail_newsblocks.quote_cards.links import card_url, share_url
from wagtail_newsblocks.quote_cards.storage import card_path
from wagtail_newsblocks.quote_cards.style import DEFAULT_STYLE, FONTS_FOLDER, card_style

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_storage")]

TEXTS = {
    "de": "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität erhoben – „wir“ stehen bereit",
    "fr": "Une excellente nouvelle pour les voyageurs qui refusent de prendre l'avion : « enfin » !",
    "pl": "Zażółć gęślą jaźń – pociągi nocne wracają, bo ludzie chcą podróżować ekologicznie",
    "ru": "Это очень важный шаг для развития железнодорожного сообщения между странами Европы",
    "el": "Η Ελλάδα είναι έτοιμη για τα νυχτερινά τρένα, είπε ο υπουργός μεταφορών",
}
SPEAKERS = {
    "de": ("Jürgen Weiß", "Sprecher für Außenpolitik"),
    "fr": ("Françoise Lefèvre", "porte-parole, Fédération européenne des voyageurs"),
    "pl": ("Łukasz Żółkiewski", "rzecznik prasowy"),
    "ru": ("Сергей Иванов", "министр транспорта"),
    "el": ("Γιώργος Παπαδόπουλος", "υπουργός μεταφορών"),
}


def card(text, language="en", speaker="", role="", site="The Daily Test", **fields):
    open_mark, inner, close_mark = quotation_parts(text, language)
    return QuoteCard(
        open_mark=open_mark,
        text=inner,
        close_mark=close_mark,
        language=language,
        right_to_left=language in ("ar", "he"),
        speaker=speaker,
        role=role,
        site_name=site,
        style=card_style(),
        **fields,
    )


def cmap(path: str) -> set[int]:
    return set(TTFont(path).getBestCmap())


def missing_glyphs(layout) -> list[tuple[str, str]]:
    """Every (role, character) drawn that its font has no glyph for, by fontTools."""
    return [
        (text.role, char)
        for text in layout.texts
        for char in text.text
        if ord(char) not in cmap(text.font_path)
    ]


def quote_story(make_story, **quote):
    story = make_story([("pull_quote", pull_quote_value(**quote))])
    return story, story.body[0].id


def png(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


# -- the image ------------------------------------------------------------------


def test_the_shipped_fonts_cover_latin_greek_and_cyrillic():
    for path in (DEFAULT_STYLE["quote_font"], DEFAULT_STYLE["label_font"]):
        codepoints = cmap(path)
        # Basic Latin, Latin-1, Latin Extended-A (Polish, Czech, …), Greek, Cyrillic.
        for first, last in (
            (0x20, 0x7E),
            (0xA0, 0xFF),
            (0x100, 0x17F),
            (0x391, 0x3C9),
            (0x410, 0x44F),
        ):
            assert all(cp in codepoints for cp in range(first, last + 1) if cp != 0x3A2), path
        assert {ord(c) for c in "„“‚‘«»‹›…–—\u202f\u00a0"} <= codepoints


def test_the_fonts_and_their_licence_ship_in_the_wheel():
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["wagtail_newsblocks"]
    for path in (
        DEFAULT_STYLE["quote_font"],
        DEFAULT_STYLE["label_font"],
        FONTS_FOLDER / "LICENSE-DejaVu.txt",
    ):
        name = Path(path).relative_to(FONTS_FOLDER.parent).as_posix()
        assert Path(path).is_file() and any(fnmatch(name, pattern) for pattern in patterns), name


def test_the_glyph_reader_agrees_with_fonttools():
    for path in (DEFAULT_STYLE["quote_font"], DEFAULT_STYLE["label_font"]):
        assert font_codepoints(path) == cmap(path)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_character_drawn_has_a_glyph(language):
    speaker, role = SPEAKERS[language]
    quote = card(TEXTS[language], language, speaker, role, site="Ελληνικά · Русский · Żółć")
    layout = layout_card(quote)
    assert missing_glyphs(layout) == []
    # Nothing was left out: every word, the marks, the speaker, the role, the site.
    drawn = " ".join(text.text for text in layout.lines("quote"))
    assert drawn == quote.quotation
    assert [t.text for t in layout.lines("speaker")] == [speaker]
    assert [t.text for t in layout.lines("role")] == [role]
    assert [t.text for t in layout.lines("site_name")] == ["Ελληνικά · Русский · Żółć"]
    assert not layout.truncated


def test_the_marks_are_those_of_the_rendered_pull_quote():
    german = layout_card(card('Er sagte "Nein"', "de")).lines("quote")
    assert german[0].text == "„Er sagte ‚Nein‘“"
    french = layout_card(card("Enfin", "fr")).lines("quote")
    assert french[0].text == "«\u202fEnfin\u202f»"


def test_the_card_is_a_1200_by_630_rgb_png():
    data, complete = draw_card(card(TEXTS["de"], "de", *SPEAKERS["de"]))
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size, image.mode, complete) == ("PNG", (1200, 630), "RGB", True)
    # Text was drawn: the quote's area is not all background.
    colours = image.crop((64, 140, 1136, 420)).getcolors(maxcolors=100_000)
    assert len(colours) > 10


def assert_inside(layout):
    for text in layout.texts:
        left, top, right, bottom = text.box_on_card()
        assert 0 <= left <= right <= CARD_WIDTH and 0 <= top <= bottom <= CARD_HEIGHT, text
    box_left, box_top, box_right, box_bottom = layout.quote_box
    for line in layout.lines("quote"):
        assert text_width(line) <= box_right - box_left, line
        left, top, right, bottom = line.box_on_card()
        assert box_left <= left and right <= box_right, line
        assert box_top <= top and bottom <= box_bottom, line


def text_width(text) -> float:
    return text.font.getlength(text.text, **text.options)


def test_longer_quotes_shrink_to_fit():
    short = layout_card(card("Yes", "en", "A. Speaker"))
    medium = layout_card(card("word " * 40, "en", "A. Speaker"))
    assert short.quote_size == DEFAULT_STYLE["max_font_size"]
    assert DEFAULT_STYLE["min_font_size"] < medium.quote_size < DEFAULT_STYLE["max_font_size"]
    assert not medium.truncated
    assert " ".join(t.text for t in medium.lines("quote")) == "“" + ("word " * 40).strip() + "”"
    assert_inside(short)
    assert_inside(medium)


def test_too_long_quotes_are_cut_with_an_ellipsis_inside_the_marks():
    text = "Это очень длинная цитата, которая не помещается на карточке никогда. " * 12
    layout = layout_card(card(text, "ru", *SPEAKERS["ru"]))
    lines = layout.lines("quote")
    assert layout.truncated and layout.quote_size == DEFAULT_STYLE["min_font_size"]
    assert lines[0].text.startswith("«Это")
    assert lines[-1].text.endswith("…»")
    assert_inside(layout)
    assert missing_glyphs(layout) == []


def test_long_words_are_broken_and_never_overflow():
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellerverband"
    layout = layout_card(card(f"{word}{word} ist ein Wort", "de", "Hans Müller" * 8, "Rolle " * 40))
    quote = layout.lines("quote")
    assert len(quote) >= 2
    assert "".join(t.text for t in quote).replace(" ", "").startswith(f"„{word}{word}")
    # Speaker and role are cut to one line each.
    assert layout.lines("speaker")[0].text.endswith("…")
    assert layout.lines("role")[0].text.endswith("…")
    assert_inside(layout)


def test_french_marks_stay_with_their_words():
    # The narrow no-break space never lets a guillemet start or end a line alone.
    layout = layout_card(card("mot " * 60, "fr"))
    lines = [t.text for t in layout.lines("quote")]
    assert lines[0].startswith("«\u202fmot") and all(line not in ("«", "»") for line in lines)


def test_right_to_left_quotes_are_shaped_and_start_on_the_right():
    layout = layout_card(
        card("القطار الليلي جيد بقدر الاتصال الذي يوصلك إليه", "ar", "سارة", "متحدثة")
    )
    quote = layout.lines("quote")
    assert quote and all(t.direction == "rtl" and t.anchor == "rm" for t in quote)
    assert missing_glyphs(layout) == []
    assert_inside(layout)
    # Drawn right-aligned: the text ends at the right margin.
    right = max(t.box_on_card()[2] for t in quote)
    assert right > CARD_WIDTH - drawing.MARGIN - 5


def test_text_no_font_can_draw_is_left_off_rather_than_drawn_as_boxes():
    layout = layout_card(card("夜行列車が戻ってくる", "ja", "山田太郎", "広報担当"))
    assert layout.lines("quote") == [] and layout.lines("speaker") == []
    assert [t.text for t in layout.lines("mark")] == ["“"]
    assert missing_glyphs(layout) == []
    data, _complete = draw_card(card("夜行列車が戻ってくる", "ja"))
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_the_portrait_of_a_roster_speaker_is_drawn(make_story):
    portrait = make_image("Portrait", size=(400, 300), colour=(200, 30, 40))
    expert = Expert.objects.create(name="Lena Fischer", role="Economist", portrait=portrait)
    story, block_id = quote_story(make_story, quote="Trains", speaker=expert.pk)
    page, quote = find_quote(story.pk, block_id)
    quote_card = card_for(page, quote)
    assert (quote_card.speaker, quote_card.role) == ("Lena Fischer", "Economist")
    layout = layout_card(quote_card)
    left, top, right, bottom = layout.portrait_box
    image = Image.open(io.BytesIO(draw_card(quote_card)[0]))
    assert image.getpixel(((left + right) // 2, (top + bottom) // 2)) == (200, 30, 40)
    # Outside the circle, in the box's corner: the background.
    assert image.getpixel((left + 2, top + 2)) == card_style().background


def test_a_typed_speaker_without_roster_entry_has_no_portrait(make_story):
    story, block_id = quote_story(make_story, quote="Trains", attribution="Tom Berger")
    quote_card = card_for(*find_quote(story.pk, block_id))
    assert quote_card.portrait is None and layout_card(quote_card).portrait_box is None


def test_the_style_comes_from_settings(settings, make_story):
    story, block_id = quote_story(make_story, quote="Trains")
    before = card_for(*find_quote(story.pk, block_id))
    settings.WAGTAIL_NEWSBLOCKS = {"QUOTE_CARD_STYLE": {"background": "#0b3d2e"}}
    after = card_for(*find_quote(story.pk, block_id))
    assert after.key != before.key
    assert Image.open(io.BytesIO(draw_card(after)[0])).getpixel((5, 5)) == (11, 61, 46)
    settings.WAGTAIL_NEWSBLOCKS = {"QUOTE_CARD_STYLE": {"backgruond": "#000"}}
    with pytest.raises(ImproperlyConfigured, match="unknown keys: backgruond"):
        card_style()
    settings.WAGTAIL_NEWSBLOCKS = {"QUOTE_CARD_STYLE": {"text": "not a colour"}}
    with pytest.raises(ImproperlyConfigured, match=r"\['text'\] = 'not a colour' is not a colour"):
        card_style()
    settings.WAGTAIL_NEWSBLOCKS = {"QUOTE_CARD_STYLE": {"quote_font": "/nowhere/font.ttf"}}
    with pytest.raises(ImproperlyConfigured, match="is not a font file"):
        card_style()


# -- storage and caching -------------------------------------------------------------


def test_a_card_is_drawn_once_and_stored_under_a_secret_name(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja", attribution="Kim", language="de")
    url = card_url(story.pk, block_id)
    with mock.patch.object(drawing, "draw_card", wraps=drawing.draw_card) as draw:
        first = client.get(url)
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert draw.call_count == 1
    quote_card = card_for(*find_quote(story.pk, block_id))
    key = quote_card.key
    assert isinstance(default_storage._wrapped, InMemoryStorage)
    # One folder per page; the name is an HMAC (SECRET_KEY) of the ids and the content hash.
    folder = f"wagtail_newsblocks/quote-cards/{story.pk}"
    (name,) = default_storage.listdir(folder)[1]
    assert f"{folder}/{name}" == card_path(quote_card, story.pk, block_id)
    assert key not in name and len(name) == len("0123456789abcdef" * 2 + ".png")
    stored = default_storage.open(f"{folder}/{name}").read()
    body = second.content
    assert body == stored and Image.open(io.BytesIO(body)).size == (1200, 630)
    assert first["ETag"] == f'"{key}"'


def test_serving_a_stored_card_does_no_pillow_work(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja", attribution="Kim")
    assert client.get(card_url(story.pk, block_id)).status_code == 200
    # Another app server: its cache is empty, the storage has the card.
    cache.clear()
    with (
        mock.patch.object(drawing, "draw_card", side_effect=AssertionError("drawn")) as draw,
        mock.patch.object(drawing, "layout_card", side_effect=AssertionError("laid out")) as layout,
        mock.patch("PIL.Image.new", side_effect=AssertionError("Pillow")) as new,
        mock.patch("PIL.Image.open", side_effect=AssertionError("Pillow")) as pil_open,
    ):
        response = client.get(card_url(story.pk, block_id))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert (draw.call_count, layout.call_count, new.call_count, pil_open.call_count) == (0, 0, 0, 0)


def test_an_edit_makes_a_new_card_under_a_new_url(client, make_story):
    story, block_id = quote_story(make_story, quote="Erste Fassung", language="de")
    share = share_url(story.pk, block_id)
    first_image = og(client.get(share))["og:image"]
    client.get(first_image)

    story.body[0].value["quote"] = "Zweite Fassung"
    story.save_revision().publish()
    second_image = og(client.get(share))["og:image"]
    assert second_image != first_image
    with mock.patch.object(drawing, "draw_card", wraps=drawing.draw_card) as draw:
        response = client.get(second_image)
    assert response.status_code == 200 and draw.call_count == 1
    # Without a publish signal seen through (the test's transaction never
    # commits), the old card stays stored, but no URL serves it any more.
    assert len(default_storage.listdir(f"wagtail_newsblocks/quote-cards/{story.pk}")[1]) == 2
    card = card_for(*find_quote(story.pk, block_id))
    assert card.text == "Zweite Fassung" and second_image.endswith(f"?v={card.key}")


def test_caching_headers_and_conditional_requests(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja")
    key = card_for(*find_quote(story.pk, block_id)).key
    # A card can be withdrawn: never immutable, with or without its content hash.
    versioned = client.get(card_url(story.pk, block_id, key))
    assert versioned["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    plain = client.get(card_url(story.pk, block_id))
    assert plain["Cache-Control"] == versioned["Cache-Control"]
    assert versioned.content == plain.content
    with mock.patch.object(default_storage, "open", side_effect=AssertionError("read")):
        not_modified = client.get(card_url(story.pk, block_id), HTTP_IF_NONE_MATCH=f'"{key}"')
    assert not_modified.status_code == 304


def test_a_card_deleted_from_storage_is_drawn_again(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja")
    client.get(card_url(story.pk, block_id))
    path = card_path(card_for(*find_quote(story.pk, block_id)), story.pk, block_id)
    assert default_storage.exists(path)
    default_storage.delete(path)
    response = client.get(card_url(story.pk, block_id))
    assert default_storage.exists(path)
    assert response.status_code == 200 and png(response).size == (1200, 630)


def test_a_portrait_that_cannot_be_read_is_not_stored(client, make_story):
    portrait = make_image("Portrait")
    expert = Expert.objects.create(name="Lena Fischer", portrait=portrait)
    story, block_id = quote_story(make_story, quote="Ja", speaker=expert.pk)
    with mock.patch.object(drawing, "_paste_portrait", return_value=False):
        response = client.get(card_url(story.pk, block_id))
    assert response.status_code == 200 and png(response).size == (1200, 630)
    assert "immutable" not in response["Cache-Control"]
    assert not default_storage.exists("wagtail_newsblocks/quote-cards")


# -- 404s: nothing that readers cannot see ----------------------------------------------


def test_unknown_quotes_and_unpublished_pages_are_404(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja")
    paragraph_story = make_story([("paragraph", "<p>Text</p>")])
    paragraph_id = paragraph_story.body[0].id
    urls = [
        share_url(story.pk, "00000000-0000-0000-0000-000000000000"),
        share_url(story.pk + 1000, block_id),
        share_url(paragraph_story.pk, paragraph_id),
        share_url(paragraph_story.pk, block_id),
        card_url(story.pk, "not-a-block"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    story.unpublish()
    assert client.get(share_url(story.pk, block_id)).status_code == 404
    assert client.get(card_url(story.pk, block_id)).status_code == 404


def test_private_pages_are_404(client, make_story):
    story, block_id = quote_story(make_story, quote="Geheim")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert client.get(share_url(story.pk, block_id)).status_code == 404
    assert client.get(card_url(story.pk, block_id)).status_code == 404


def test_drafts_are_never_shown(client, make_story):
    story, block_id = quote_story(make_story, quote="Published words")
    draft = story.get_latest_revision_as_object()
    draft.body[0].value["quote"] = "Secret draft words"
    draft.body.append(("pull_quote", pull_quote_value(quote="A quote only in the draft")))
    draft.save_revision()
    draft_only_id = draft.get_latest_revision_as_object().body[1].id
    html = client.get(share_url(story.pk, block_id)).content.decode()
    assert "Published words" in html and "Secret draft" not in html
    assert client.get(share_url(story.pk, draft_only_id)).status_code == 404
    assert client.get(card_url(story.pk, draft_only_id)).status_code == 404
    assert card_for(*find_quote(story.pk, block_id)).text == "Published words"


def test_only_reading_methods(client, make_story):
    story, block_id = quote_story(make_story, quote="Ja")
    assert client.post(share_url(story.pk, block_id)).status_code == 405
    assert client.head(card_url(story.pk, block_id)).status_code == 200


# -- the share page ------------------------------------------------------------------------


def og(response) -> dict[str, str]:
    assert response.status_code == 200, response.content[:500]
    soup = BeautifulSoup(response.content, "html.parser")
    tags = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.find_all("meta", content=True)
    }
    tags["canonical"] = soup.find("link", rel="canonical")["href"]
    return tags


def test_the_share_page_carries_the_card_for_social_networks(client, make_story):
    story, block_id = quote_story(
        make_story,
        quote="Wir stehen bereit",
        attribution="Jürgen Weiß",
        role="Sprecher",
        language="de",
    )
    response = client.get(share_url(story.pk, block_id))
    tags = og(response)
    key = card_for(*find_quote(story.pk, block_id)).key
    image = f"http://testserver{card_url(story.pk, block_id, key)}"
    assert tags["og:image"] == tags["twitter:image"] == image
    assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == (
        "1200",
        "630",
        "image/png",
    )
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:title"] == tags["twitter:title"] == "„Wir stehen bereit“ – Jürgen Weiß"
    assert tags["og:description"] == "Jürgen Weiß (Sprecher) in “A story”"
    assert tags["og:url"] == f"http://testserver{share_url(story.pk, block_id)}"
    assert tags["canonical"] == story.get_full_url()
    assert tags["og:site_name"]
    assert "„Wir stehen bereit“" in tags["og:image:alt"]
    # The image the tags name is there.
    assert png(client.get(image)).size == (1200, 630)


def test_the_share_page_reads_as_a_quote_for_people(client, make_story):
    story, block_id = quote_story(
        make_story, quote="Enfin", attribution="Claire Dubois", role="porte-parole", language="fr"
    )
    soup = BeautifulSoup(client.get(share_url(story.pk, block_id)).content, "html.parser")
    assert soup.html["lang"] == "en"
    quote = soup.find("blockquote")
    assert quote["lang"] == "fr" and quote.get_text(strip=True) == "«\u202fEnfin\u202f»"
    assert " ".join(soup.find("figcaption").get_text().split()) == "Claire Dubois, porte-parole"
    assert soup.find("h1").get_text(strip=True) == "A quote from Claire Dubois"
    story_link = soup.find("a", href=story.get_full_url())
    assert story_link.get_text(strip=True) == "Read the story: A story"
    assert soup.find("img", class_="newsblocks-share__card")["alt"] == ""


def test_the_share_page_speaks_the_story_language(client, make_story):
    story = make_story(
        [("pull_quote", pull_quote_value(quote="Ja", attribution="Kim"))], language="de"
    )
    soup = BeautifulSoup(client.get(share_url(story.pk, story.body[0].id)).content, "html.parser")
    assert soup.html["lang"] == "de"
    assert soup.find("h1").get_text(strip=True) == "Ein Zitat von Kim"
    assert soup.find("meta", property="og:description")["content"] == "Kim in „A story“"


def test_script_in_a_quote_stays_text_on_the_share_page(client, make_story):
    story, block_id = quote_story(
        make_story, quote='</script><script>alert(1)</script>"', attribution="<b>X</b>"
    )
    html = client.get(share_url(story.pk, block_id)).content.decode()
    assert "<script>alert(1)" not in html and "<b>X</b>" not in html


# -- the share link in the story ---------------------------------------------------------------


def test_pull_quotes_link_to_their_share_page(make_story, render_page):
    story = make_story(
        [
            (
                "pull_quote",
                pull_quote_value(
                    quote="One two three four five six seven eight", attribution="Kim"
                ),
            ),
            ("pull_quote", pull_quote_value(quote="No speaker here")),
        ]
    )
    page = render_page(story)
    links = page.select("a.newsblocks-pull-quote__share")
    assert [a["href"] for a in links] == [share_url(story.pk, child.id) for child in story.body]
    # Real link text, and the quote's first words tell the links apart.
    assert [a.get_text(" ", strip=True) for a in links] == [
        "Share quote “One two three four five six …”",
        "Share quote “No speaker here”",
    ]
    # A quote without speaker or source: no caption (it would name the figure
    # "Share quote"), the link on a line of its own.
    assert links[0].parent.name == "figcaption"
    assert links[1].parent["class"] == ["newsblocks-pull-quote__actions"]
    assert links[1].find_parent("figure").find("figcaption") is None


def test_no_share_link_where_it_cannot_work(make_story, render_page, settings, client):
    story, _block_id = quote_story(make_story, quote="Ja", attribution="Kim")
    settings.WAGTAIL_NEWSBLOCKS = {"QUOTE_SHARE_LINKS": False}
    assert render_page(story).select("a.newsblocks-pull-quote__share") == []
    settings.WAGTAIL_NEWSBLOCKS = {}
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    response = client.get(story.url)
    assert b"newsblocks-pull-quote__share" not in response.content


def test_without_the_urls_pull_quotes_render_without_a_link(make_story, render_page, settings):
    story, _block_id = quote_story(make_story, quote="Ja", attribution="Kim")
    settings.ROOT_URLCONF = "tests.urls_without_newsblocks"
    page = render_page(story)
    assert page.select("a.newsblocks-pull-quote__share") == []
    assert page.select_one(".newsblocks-pull-quote__speaker").get_text() == "Kim"


def test_share_and_card_urls_reversed_once_per_page_equal_reverse(db):
    from types import SimpleNamespace

    from django.urls import reverse, set_script_prefix

    from wagtail_newsblocks.quote_cards.links import _page_url

    page = SimpleNamespace(pk=42)
    block_ids = ["0a86e70a-7729-474b-a593-51d0608279db", "abc", "with space", "ü..x", "%2F"]
    try:
        for prefix in ("/", "/zeitung/"):
            set_script_prefix(prefix)
            for name in ("quote_share", "quote_card"):
                for block_id in block_ids:
                    expected = reverse(f"wagtail_newsblocks:{name}", args=[42, block_id])
                    assert _page_url(page, name, block_id) == expected
    finally:
        set_script_prefix("/")
