"""The pull quote as readers, editors and API clients meet it."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from wagtail.blocks.struct_block import StructBlockValidationError

from tests.factories import pull_quote_value
from wagtail_newsblocks.blocks import NewsStoryBlock, PullQuoteBlock

# Blocks with a roster chooser look their experts up (Wagtail's in_bulk), which
# on Django 6 touches the database connection even for an empty choice.
pytestmark = pytest.mark.django_db

KIM = "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit gegen die hegemonialen Kräfte erhoben"


def pull_quote(**overrides):
    fields = {"quote": KIM, "attribution": "Kim Jong Un", "role": "Machthaber Nordkoreas"}
    return ("pull_quote", pull_quote_value(**{**fields, **overrides}))


def quote_text(soup):
    return soup.select_one(".newsblocks-pull-quote__text").get_text()


@pytest.mark.django_db
class TestPullQuoteMarkup:
    def test_figure_blockquote_figcaption(self, make_story, render_page):
        soup = render_page(
            make_story([pull_quote(source_url="https://example.org/statement")], language="de")
        )
        figure = soup.select_one("figure.newsblocks-pull-quote")
        blockquote = figure.find("blockquote")
        caption = figure.find("figcaption")
        # The speaker is outside the blockquote, as the HTML spec asks.
        assert caption is not None and caption.find_parent("blockquote") is None
        assert caption.select_one(".newsblocks-pull-quote__speaker").get_text() == "Kim Jong Un"
        assert (
            caption.select_one(".newsblocks-pull-quote__role").get_text() == "Machthaber Nordkoreas"
        )
        assert blockquote["cite"] == "https://example.org/statement"
        assert (
            caption.select_one("a.newsblocks-pull-quote__source")["href"]
            == "https://example.org/statement"
        )
        assert "newsblocks-pull-quote--inline" in figure["class"]

    def test_german_story_gets_german_marks(self, make_story, render_page):
        soup = render_page(make_story([pull_quote()], language="de"))
        assert quote_text(soup) == f"„{KIM}“"
        # Same language as the page: no lang attribute needed.
        assert not soup.select_one("blockquote").has_attr("lang")

    def test_marks_typed_by_the_editor_are_replaced(self, make_story, render_page):
        for typed in (f'"{KIM}"', f"„{KIM}“", f"»{KIM}«", f"“{KIM}”", f"  « {KIM} »  "):
            soup = render_page(make_story([pull_quote(quote=typed)], language="de"))
            assert quote_text(soup) == f"„{KIM}“", typed

    def test_override_language_sets_marks_and_lang(self, make_story, render_page):
        soup = render_page(
            make_story([pull_quote(quote="Une excellente nouvelle", language="fr")], language="en")
        )
        assert quote_text(soup) == "«\u202fUne excellente nouvelle\u202f»"
        assert soup.select_one("blockquote")["lang"] == "fr"
        # The attribution stays in the page's language.
        assert not soup.select_one("figcaption").has_attr("lang")

    @pytest.mark.parametrize(
        ("page_language", "quote_language", "direction"),
        [
            ("en", "ar", "rtl"),  # lang alone would leave an Arabic quote running left to right
            ("ar", "en", "ltr"),
            ("en", "fr", None),
            ("ar", "fa", None),
            ("en", "ar-dz", "rtl"),  # a regional variant counts as its language
        ],
    )
    def test_quote_in_a_language_running_the_other_way_gets_dir(
        self, make_story, render_page, settings, page_language, quote_language, direction
    ):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
            ("en", "English"),
            ("ar", "العربية"),
        ]
        soup = render_page(
            make_story([pull_quote(quote="Ja", language=quote_language)], language=page_language)
        )
        blockquote = soup.select_one("blockquote")
        assert blockquote["lang"] == quote_language
        assert blockquote.get("dir") == direction
        assert not soup.select_one("figcaption").has_attr("dir")

    def test_nested_quotation_gets_alternate_marks(self, make_story, render_page):
        soup = render_page(
            make_story([pull_quote(quote='They feel they\'ve "already arrived"')], language="en")
        )
        assert quote_text(soup) == "“They feel they've ‘already arrived’”"

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("de", "„Ja“"),
            ("en", "“Ja”"),
            ("it", "«Ja»"),
            ("pl", "„Ja”"),
            ("ja", "「Ja」"),
            ("ru", "«Ja»"),
            # CLDR: Swiss German uses the German marks (only fr-CH differs from fr).
            ("de-ch", "„Ja“"),
            ("fr-ch", "«Ja»"),
        ],
    )
    def test_page_locale_decides_marks(self, make_story, render_page, language, expected, settings):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
            ("en", "English"),
            (language, language),
        ]
        soup = render_page(make_story([pull_quote(quote="Ja")], language=language))
        assert quote_text(soup) == expected

    def test_alignment_class(self, make_story, render_page):
        soup = render_page(make_story([pull_quote(alignment="wide")]))
        assert "newsblocks-pull-quote--wide" in soup.select_one("figure")["class"]

    def test_no_caption_without_speaker(self, make_story, render_page):
        soup = render_page(make_story([pull_quote(attribution="", role="")]))
        assert soup.select_one("figure.newsblocks-pull-quote figcaption") is None

    def test_text_is_escaped(self, make_story, render_page):
        soup = render_page(
            make_story(
                [pull_quote(quote="<b>bold</b> & <script>x()</script>", attribution="<i>A</i>")]
            )
        )
        assert soup.select_one("figure script") is None
        assert soup.select_one("figure b") is None
        assert "<b>bold</b> & <script>x()</script>" in quote_text(soup)

    def test_without_page_context_uses_active_language(self):
        from django.utils import translation

        block = PullQuoteBlock()
        value = block.to_python(pull_quote(quote="Ja")[1])
        with translation.override("de"):
            html = block.render(value)
        assert "„</span>Ja<span" in html


class TestPullQuoteValidation:
    def clean(self, **overrides):
        block = PullQuoteBlock()
        return block.clean(block.to_python(pull_quote(**overrides)[1]))

    def errors(self, **overrides):
        with pytest.raises(StructBlockValidationError) as caught:
            self.clean(**overrides)
        return {name: error.messages for name, error in caught.value.block_errors.items()}

    def test_quote_is_required(self):
        assert self.errors(quote="")["quote"] == ["This field is required."]

    def test_length_limit(self):
        errors = self.errors(quote="x" * 281)
        assert errors["quote"] == [
            "Pull quote: the quote has 281 characters; the limit is 280. Shorten it by 1 character."
        ]

    def test_exactly_at_the_limit_passes(self):
        assert self.clean(quote="x" * 280)["quote"] == "x" * 280

    def test_typed_marks_do_not_count(self):
        self.clean(quote=f"„{'x' * 280}“")

    @override_settings(WAGTAIL_NEWSBLOCKS={"PULL_QUOTE_MAX_LENGTH": 20})
    def test_limit_is_configurable(self):
        assert "the limit is 20" in self.errors(quote="x" * 25)["quote"][0]

    def test_url_is_validated(self):
        assert self.errors(source_url="not a url")["source_url"] == ["Enter a valid URL."]

    def test_german_messages(self):
        from django.utils import translation

        with translation.override("de"):
            errors = self.errors(quote="x" * 290)
        assert errors["quote"][0].startswith("Zitat:")


class TestPullQuoteData:
    def test_api_representation(self):
        block = NewsStoryBlock()
        value = block.to_python(
            [{"type": "pull_quote", "value": pull_quote(quote=f'"{KIM}"', language="de")[1]}]
        )
        data = block.get_api_representation(value)[0]["value"]
        # Without a portrait: the initials image the page would show.
        placeholder = data["speaker"].pop("placeholder")
        assert placeholder["initials"] == "KU" and placeholder["width"] == 192
        assert placeholder["url"].endswith(".png")
        assert data == {
            "quote": KIM,
            "quote_with_marks": f"„{KIM}“",
            "open_mark": "„",
            "quote_inner": KIM,
            "close_mark": "“",
            "language": "de",
            "effective_language": "de",
            "attribution": "Kim Jong Un",
            "role": "Machthaber Nordkoreas",
            "speaker": {
                "id": None,
                "source": "inline",
                "name": "Kim Jong Un",
                "role": "Machthaber Nordkoreas",
                "organization": "",
                "bio": "",
                "profile_url": None,
                "portrait": None,
            },
            "source_url": None,
            "alignment": "inline",
            # Stored before the choice existed: detected, and the story has no paragraph.
            "presentation": "auto",
            "repeats_story_text": False,
        }

    def test_searchable_content_is_what_readers_read(self):
        block = PullQuoteBlock()
        value = block.to_python(pull_quote(alignment="wide", language="de")[1])
        assert block.get_searchable_content(value) == [KIM, "Kim Jong Un", "Machthaber Nordkoreas"]

    def test_widget_shows_live_counter_with_current_limit(self):
        block = PullQuoteBlock()
        html = block.child_blocks["quote"].field.widget.render("q", "", attrs={"id": "q"})
        assert 'data-controller="w-autosize newsblocks-count"' in html
        assert 'data-newsblocks-count-max-value="280"' in html
        assert "maxlength" not in html
        with override_settings(WAGTAIL_NEWSBLOCKS={"PULL_QUOTE_MAX_LENGTH": 140}):
            html = block.child_blocks["quote"].field.widget.render("q", "", attrs={"id": "q"})
        assert 'data-newsblocks-count-max-value="140"' in html


def test_validation_error_is_a_django_validation_error():
    assert issubclass(StructBlockValidationError, ValidationError)
