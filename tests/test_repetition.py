"""Pull quotes that repeat the story: detection, markup, the editor's override, the admin's check."""

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories import pull_quote_value
from wagtail_newsblocks.blocks import NewsStoryBlock
from wagtail_newsblocks.blocks.story_facts import STORY_FACTS, story_context
from wagtail_newsblocks.repetition import (
    StoryText,
    normalize_text,
    quote_segments,
    rich_text_passages,
)

# Blocks with a roster chooser look their experts up (Wagtail's in_bulk), which
# on Django 6 touches the database connection even for an empty choice.
pytestmark = pytest.mark.django_db

KIM = (
    "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit "
    "gegen die hegemonialen Kräfte erhoben"
)
# The seed story's first paragraph, where Kim's words appear inside „…“, sagte.
KIM_PARAGRAPH = (
    f"<p>„{KIM}“, sagte der nordkoreanische Präsident zu Putin. „Wir werden die "
    "Entscheidungen von Präsident Putin und der russischen Führung immer unterstützen“, so "
    "Kim.</p>"
)


class TestNormalisation:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("„Ja“, sagte er.", "ja sagte er"),
            ("»Nein!« – so Kim", "nein so kim"),
            ("« Une  excellente\u202fnouvelle »", "une excellente nouvelle"),
            ("Straße STRASSE", "strasse strasse"),
            ("militärisch-technischen Zusammenarbeit", "militärisch technischen zusammenarbeit"),
            (
                "militärisch–technischen\u00a0Zusammenarbeit",
                "militärisch technischen zusammenarbeit",
            ),
            ("Kriegs\u00adpartei", "kriegspartei"),
            ("zero\u200bwidth", "zerowidth"),
            ("Ｆｕｌｌ width", "full width"),
            ("line\nbreak\t tab", "line break tab"),
            ("they've ‘already arrived’", "they ve already arrived"),
            ("they’ve 'already arrived'", "they ve already arrived"),
            ("10 000 Schuss, 19:40 Uhr", "10 000 schuss 19 40 uhr"),
            ("", ""),
        ],
    )
    def test_normalize_text(self, text, expected):
        assert normalize_text(text) == expected

    def test_quote_segments_split_at_ellipses(self):
        for quote in (
            "Russland hat sich … erhoben",
            "Russland hat sich ... erhoben",
            "Russland hat sich […] erhoben",
            "Russland hat sich (...) erhoben",
            "„Russland hat sich … erhoben“",
        ):
            assert quote_segments(quote) == ["russland hat sich", "erhoben"], quote

    def test_leading_and_trailing_ellipses_leave_no_empty_segment(self):
        assert quote_segments("… und wir werden …") == ["und wir werden"]

    def test_rich_text_passages(self):
        html = (
            "<p>Ein <b>fetter</b> Satz&nbsp;&amp; mehr.<br/>Zweite Zeile.</p>"
            '<ul><li>Eins</li><li>Zwei <a href="/x/">Link</a></li></ul>'
        )
        assert rich_text_passages(html) == [
            "Ein fetter Satz\u00a0& mehr. Zweite Zeile.",
            "Eins",
            "Zwei Link",
        ]


class TestStoryText:
    story = StoryText(rich_text_passages(KIM_PARAGRAPH))

    @pytest.mark.parametrize(
        "quote",
        [
            KIM,
            f"„{KIM}“",
            f'"{KIM}."',
            KIM.upper(),
            "Russland hat sich zu einem heiligen Kampf … gegen die hegemonialen Kräfte erhoben",
            "Wir werden die Entscheidungen … immer unterstützen",
            "sagte der nordkoreanische Präsident",
            "Putin. „Wir",  # across a sentence and a quotation: the words are there
        ],
    )
    def test_found(self, quote):
        assert self.story.contains(quote)

    @pytest.mark.parametrize(
        "quote",
        [
            "Russland hat sich zu einem heiligen Krieg erhoben",  # a word changed
            "erhoben … Russland",  # the parts out of order
            "Präsiden",  # words are matched whole
            "",
            "„“",
        ],
    )
    def test_not_found(self, quote):
        assert not self.story.contains(quote)

    def test_no_match_across_paragraphs(self):
        story = StoryText(
            rich_text_passages("<p>Das Ende des einen.</p><p>Anfang des anderen.</p>")
        )
        assert story.contains("Das Ende des einen")
        assert not story.contains("des einen Anfang des")
        assert story.contains("des einen … Anfang des")  # an ellipsis may skip to the next

    def test_empty_story(self):
        assert not StoryText([]).contains("Ja")
        assert not StoryText([])


def story(*children):
    block = NewsStoryBlock()
    return block, block.to_python([{"type": name, "value": value} for name, value in children])


def pull_quote(quote=KIM, presentation=None, **fields):
    speaker = {"attribution": "Kim Jong Un", "role": "Machthaber Nordkoreas"}
    value = pull_quote_value(quote=quote, **{**speaker, **fields})
    if presentation is not None:
        value["presentation"] = presentation
    return ("pull_quote", value)


def expert(statement="<p>Eine Einschätzung.</p>", quote="", **fields):
    return (
        "expert_opinion",
        {
            "label": "Militärexperte",
            "headline": "Munition",
            "level": "h2",
            "expert": None,
            "name": "Joseph Dempsey",
            "role": "",
            "organization": "",
            "portrait": None,
            "statement": statement,
            "quote": quote,
            "how_obtained": "said",
            "disclosure": "",
            **fields,
        },
    )


def quote_values(value):
    return [child.value for child in value if child.block_type == "pull_quote"]


def repeats(value):
    """Whether each pull quote of the story ``value`` repeats it, as the story renders them."""
    context = story_context(value)
    return [quote.repeats_story_text_for(context) for quote in quote_values(value)]


class TestDetection:
    def test_stored_quote_without_the_choice_is_automatic(self):
        _, value = story(("paragraph", KIM_PARAGRAPH), pull_quote())
        (quote,) = quote_values(value)
        assert "presentation" not in value.raw_data[1]["value"]
        assert quote.presentation == "auto"
        context = story_context(value)
        assert quote.found_in_story_for(context) and quote.repeats_story_text_for(context)

    def test_quote_not_in_the_story_is_standalone(self):
        _, value = story(("paragraph", "<p>Ein anderer Absatz.</p>"), pull_quote())
        (quote,) = quote_values(value)
        context = story_context(value)
        assert not quote.found_in_story_for(context)
        assert not quote.repeats_story_text_for(context)

    def test_a_quote_later_in_the_story_counts_too(self):
        # Pull quotes often come before the paragraph they repeat.
        _, value = story(pull_quote(), ("paragraph", KIM_PARAGRAPH))
        assert quote_values(value)[0].repeats_story_text_for(story_context(value))

    def test_expert_statements_and_quotes_count(self):
        _, value = story(
            expert(statement=f"<p>Er sagte: „{KIM}“.</p>"),
            pull_quote(),
            expert(quote="Der Zugang zu diesen Vorräten dürfte den Konflikt verlängern"),
            pull_quote("Der Zugang zu diesen Vorräten dürfte den Konflikt verlängern."),
        )
        assert repeats(value) == [True, True]

    def test_other_blocks_do_not_count(self):
        _, value = story(
            ("subhead", {"text": KIM, "level": "h2", "anchor": ""}),
            pull_quote(),
            pull_quote(KIM, alignment="wide"),  # another pull quote is no story text
        )
        assert repeats(value) == [False, False]

    def test_the_editor_overrides_detection(self):
        _, value = story(
            ("paragraph", KIM_PARAGRAPH),
            pull_quote(presentation="standalone"),
            pull_quote("Nirgends im Text", presentation="repeats"),
        )
        standalone, marked = quote_values(value)
        context = story_context(value)
        assert standalone.found_in_story_for(context)
        assert not standalone.repeats_story_text_for(context)
        assert not marked.found_in_story_for(context)
        assert marked.repeats_story_text_for(context)

    def test_unknown_stored_choice_is_automatic(self):
        _, value = story(("paragraph", KIM_PARAGRAPH), pull_quote(presentation="bogus"))
        assert quote_values(value)[0].presentation == "auto"

    def test_quote_outside_a_story_is_standalone(self):
        from wagtail_newsblocks.blocks import PullQuoteBlock

        value = PullQuoteBlock().to_python(pull_quote()[1])
        assert not value.repeats_story_text_for(None)
        assert not value.repeats_story_text_for({"page": None})

    def test_story_text_is_worked_out_from_the_story_as_it_is(self):
        block, value = story(("paragraph", "<p>Erst.</p>"), pull_quote("Später"))
        context = story_context(value)
        text = context[STORY_FACTS].running_text
        assert context[STORY_FACTS].running_text is text  # once per story context
        assert not quote_values(value)[0].found_in_story_for(context)
        value.append(("paragraph", block.child_blocks["paragraph"].to_python("<p>Später.</p>")))
        assert quote_values(value)[0].found_in_story_for(story_context(value))
        del value[-1]
        assert not quote_values(value)[0].found_in_story_for(story_context(value))

    def test_story_text_is_read_once_per_story(self, monkeypatch):
        # Linear, not quadratic: many pull quotes share one normalised text.
        from wagtail_newsblocks.blocks import story_facts as story_module

        calls = []
        original = story_module.rich_text_passages
        monkeypatch.setattr(
            story_module,
            "rich_text_passages",
            lambda html: calls.append(html) or original(html),
        )
        children = []
        for n in range(30):
            children += [("paragraph", f"<p>Satz Nummer {n}.</p>"), pull_quote(f"Satz Nummer {n}")]
        _, value = story(*children)
        assert all(repeats(value))
        assert len(calls) == 30

    def test_api_reports_the_choice_and_the_result(self):
        block, value = story(("paragraph", KIM_PARAGRAPH), pull_quote(), pull_quote("Anders"))
        data = [child["value"] for child in block.get_api_representation(value)]
        assert [(d.get("presentation"), d.get("repeats_story_text")) for d in data[1:]] == [
            ("auto", True),
            ("auto", False),
        ]


@pytest.mark.django_db
class TestMarkup:
    def test_repeat_is_a_named_aside_without_blockquote(self, make_story, render_page):
        soup = render_page(make_story([("paragraph", KIM_PARAGRAPH), pull_quote()], language="de"))
        quote = soup.select_one(".newsblocks-pull-quote")
        assert quote.name == "aside"
        assert quote["class"] == [
            "newsblocks-pull-quote",
            "newsblocks-pull-quote--repeat",
            "newsblocks-pull-quote--inline",
        ]
        # Named for what it is and whose words, so that two differ in a list of landmarks.
        assert quote["aria-label"] == "Wiederholtes Zitat aus dem Text: Kim Jong Un"
        assert quote.find("blockquote") is None and quote.find("figure") is None
        assert quote.select_one(".newsblocks-pull-quote__text").get_text() == f"„{KIM}“"
        attribution = quote.select_one("p.newsblocks-pull-quote__attribution")
        assert attribution.select_one(".newsblocks-pull-quote__speaker").get_text() == "Kim Jong Un"

    @pytest.mark.parametrize("cache", [False, True], ids=["uncached", "render cache"])
    def test_removing_the_paragraph_it_repeats_makes_it_a_quotation(
        self, make_story, render_page, settings, cache
    ):
        # Worked out from the story as it is: nothing stored goes stale, on
        # an edit or on an unchanged re-save, with the render cache or without.
        settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "RENDER_CACHE": cache}
        story = make_story([("paragraph", KIM_PARAGRAPH), pull_quote()], language="de")
        assert render_page(story).select_one(".newsblocks-pull-quote").name == "aside"
        del story.body[0]
        story.save_revision().publish()
        story.refresh_from_db()
        assert render_page(story).select_one(".newsblocks-pull-quote").name == "figure"
        story.save_revision().publish()  # saved again unchanged
        story.refresh_from_db()
        assert render_page(story).select_one(".newsblocks-pull-quote").name == "figure"

    def test_standalone_keeps_figure_and_blockquote(self, make_story, render_page):
        soup = render_page(
            make_story(
                [
                    ("paragraph", "<p>Ein anderer Absatz.</p>"),
                    pull_quote(source_url="https://example.org/rede"),
                ],
                language="de",
            )
        )
        quote = soup.select_one(".newsblocks-pull-quote")
        assert quote.name == "figure"
        assert "newsblocks-pull-quote--repeat" not in quote["class"]
        assert quote.select_one("blockquote")["cite"] == "https://example.org/rede"
        assert quote.select_one("figcaption.newsblocks-pull-quote__attribution") is not None
        assert soup.find("aside", attrs={"aria-label": True}) is None

    def test_repeat_keeps_language_and_source(self, make_story, render_page):
        soup = render_page(
            make_story(
                [
                    ("paragraph", "<p lang='fr'>« Une excellente nouvelle », dit-elle.</p>"),
                    pull_quote(
                        "Une excellente nouvelle",
                        language="fr",
                        source_url="https://example.org/fr",
                    ),
                ],
                language="en",
            )
        )
        quote = soup.select_one("aside.newsblocks-pull-quote")
        assert quote["aria-label"] == "Quote repeated from the story: Kim Jong Un"
        assert quote.select_one(".newsblocks-pull-quote__quote")["lang"] == "fr"
        assert quote.select_one("a.newsblocks-pull-quote__source")["href"] == (
            "https://example.org/fr"
        )
        assert not quote.has_attr("lang")

    def test_name_follows_the_story_language_without_a_language_switch(self):
        # A site that does not activate the story's language still gets the
        # accessible name in it, as with the blocks' other words.
        from django.utils import translation

        from wagtail_newsblocks.blocks import PullQuoteBlock

        _, value = story(("paragraph", KIM_PARAGRAPH), pull_quote())
        quote = quote_values(value)[0]

        class Page:
            class locale:
                language_code = "de"

        with translation.override("en"):
            html = PullQuoteBlock().render(quote, context=story_context(value, {"page": Page()}))
        assert 'aria-label="Wiederholtes Zitat aus dem Text: Kim Jong Un"' in html

    def test_name_without_a_speaker(self, make_story, render_page):
        soup = render_page(
            make_story([("paragraph", KIM_PARAGRAPH), pull_quote(attribution="", role="")])
        )
        quote = soup.select_one("aside.newsblocks-pull-quote")
        assert quote["aria-label"] == "Quote repeated from the story"
        assert quote.select_one(".newsblocks-pull-quote__attribution") is None


def post_data(*children, publish=True):
    data = nested_form_data(
        {
            "title": "Eine Story",
            "slug": "eine-story",
            "kicker": "",
            "lead": "Der Vorspann.",
            "body": streamfield(list(children)),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def form_pull_quote(quote, presentation):
    return (
        "pull_quote",
        {
            "quote": quote,
            "attribution": "Kim Jong Un",
            "role": "",
            "speaker": "",
            "source_url": "",
            "language": "",
            "alignment": "inline",
            "presentation": presentation,
        },
    )


class TestEditorCheck:
    def errors(self, *children):
        block, value = story(*children)
        with pytest.raises(StreamBlockValidationError) as caught:
            block.clean(value)
        return {
            index: {name: e.messages for name, e in error.block_errors.items()}
            for index, error in caught.value.block_errors.items()
        }

    def test_repeats_not_in_the_story_is_refused_on_the_field(self):
        errors = self.errors(
            ("paragraph", "<p>Ein Absatz.</p>"),
            ("paragraph", "<p>Noch einer.</p>"),
            pull_quote("Das steht nirgends", presentation="repeats"),
        )
        assert list(errors) == [2]
        (message,) = errors[2]["presentation"]
        assert message.startswith("Block 3 (Pull quote): “Das steht nirgends” is marked as")
        assert "“Automatic”" in message

    def test_repeats_found_and_other_choices_pass(self):
        block, value = story(
            ("paragraph", KIM_PARAGRAPH),
            pull_quote(presentation="repeats"),
            pull_quote("Nirgends", presentation="standalone"),
            pull_quote("Auch nirgends", presentation="auto"),
        )
        block.clean(value)

    def test_long_quotes_are_shortened_in_the_message(self):
        errors = self.errors(pull_quote("Wort " * 40, presentation="repeats"))
        assert "Wort Wort Wort" in errors[0]["presentation"][0]
        assert "…”" in errors[0]["presentation"][0]

    def test_german_message(self):
        from django.utils import translation

        with translation.override("de"):
            errors = self.errors(pull_quote("Das steht nirgends", presentation="repeats"))
        assert errors[0]["presentation"][0].startswith("Block 1 (Zitat): „Das steht nirgends“")


@pytest.mark.django_db
class TestInTheAdmin:
    @pytest.fixture
    def story_page(self, make_story):
        return make_story([("paragraph", "<p>Ein Absatz.</p>")], language="de", slug="eine-story")

    def test_publishing_is_refused_beside_the_field(self, admin_client, story_page):
        response = admin_client.post(
            f"/admin/pages/{story_page.pk}/edit/",
            post_data(
                ("paragraph", rich_text("<p>Ein Absatz.</p>")),
                form_pull_quote("Das steht nirgends", "repeats"),
            ),
        )
        assert response.status_code == 200
        error = response.context["form"].errors["body"].as_data()[0].as_json_data()
        (message,) = error["blockErrors"][1]["blockErrors"]["presentation"]["messages"]
        assert message.startswith("Block 2 (Pull quote): “Das steht nirgends”")

    def test_a_draft_may_be_saved(self, admin_client, story_page):
        response = admin_client.post(
            f"/admin/pages/{story_page.pk}/edit/",
            post_data(
                ("paragraph", rich_text("<p>Ein Absatz.</p>")),
                form_pull_quote("Das steht nirgends", "repeats"),
                publish=False,
            ),
        )
        assert response.status_code == 302
        story_page.refresh_from_db()
        draft = story_page.get_latest_revision_as_object()
        assert quote_values(draft.body)[0].presentation == "repeats"

    def test_publishing_with_the_words_in_the_story(self, admin_client, story_page):
        response = admin_client.post(
            f"/admin/pages/{story_page.pk}/edit/",
            post_data(
                ("paragraph", rich_text(KIM_PARAGRAPH)),
                form_pull_quote(f"„{KIM}“", "repeats"),
            ),
        )
        assert response.status_code == 302
        story_page.refresh_from_db()
        assert repeats(story_page.body)[0]


def test_blocks_speak_the_story_language_without_a_language_switch():
    # A site that does not activate each story's language still gives a
    # German story German words: the contents' title, an expert box's name.
    from django.utils import translation

    block, value = story(
        ("table_of_contents", {"title": "", "max_level": "h3"}),
        ("subhead", {"text": "Kreml", "level": "h2", "anchor": ""}),
        expert(label="", headline=""),
    )

    class Page:
        class locale:
            language_code = "de"

    with translation.override("en"):
        html = block.render(value, context={"page": Page()})
    assert ">Inhalt</h2>" in html
    assert 'aria-label="Expertenmeinung: Joseph Dempsey"' in html
