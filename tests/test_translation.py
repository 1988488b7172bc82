"""Translating stories: wagtail-localize's segments, the translated story, Wagtail's own i18n."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from tests.factories import expert_opinion_value, make_image, stored_body
from tests.xss import dangerous_markup
from wagtail_newsblocks.blocks.story_facts import story_context
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.quote_cards.content import card_for, find_quote
from wagtail_newsblocks.share_links import share_url

GERMAN_STORY = {
    "paragraph": (
        "<p>Der Kremlchef empfing seinen Gast am <b>Weltraumbahnhof</b>, wie die "
        '<a href="https://example.org/quelle">Agentur</a> meldet.</p>'
    ),
    "caption": "Putin empfängt Kim am Weltraumbahnhof Wostotschny.",
    "credit": "Foto: Beispiel-Agentur",
    "alt_text": "Zwei Männer schütteln sich vor einer Rakete die Hand.",
    "quote": "Wir werden alle diese Themen besprechen",
    "attribution": "Wladimir Putin",
    "role": "Kremlchef",
    "subhead_auto": "Kreml: „Kooperation in sensiblen Bereichen“",
    "subhead_set": "Was Lieferungen bewirken könnten",
    "toc_title": "Inhalt dieses Artikels",
    "label": "Militärexperte",
    "headline": "Nordkoreanische Munition würde nicht viel ändern",
    "statement": "<p>Den Krieg entscheiden dürfte das <i>nicht</i>.</p>",
    "expert_quote": "Am Ausgang wird sich wahrscheinlich nichts ändern",
    "disclosure": "Sein Institut wird von Rüstungsfirmen mitfinanziert.",
    "one_off_name": "Ana Ruiz",
    "one_off_role": "Historikerin",
    "one_off_organization": "Universität Wien",
    "one_off_statement": "<p>Solche Treffen gab es schon 2019.</p>",
    "message": "Diskutieren Sie mit, {months} Monate lang.",
}

# What a translator would type for each German string (rich text keeps its tags).
ENGLISH = {
    "Der Kremlchef empfing seinen Gast am <b>Weltraumbahnhof</b>, wie die "
    '<a id="a1">Agentur</a> meldet.': 'The Kremlin leader received his guest at the <b>cosmodrome</b>, the <a id="a1">agency</a> reports.',
    "Putin empfängt Kim am Weltraumbahnhof Wostotschny.": "Putin receives Kim at the Vostochny cosmodrome.",
    "Foto: Beispiel-Agentur": "Photo: Example Agency",
    "Zwei Männer schütteln sich vor einer Rakete die Hand.": "Two men shake hands in front of a rocket.",
    "Wir werden alle diese Themen besprechen": "We will discuss all these topics",
    "Wladimir Putin": "Vladimir Putin",
    "Kremlchef": "Kremlin leader",
    "Kreml: „Kooperation in sensiblen Bereichen“": "Kremlin: “Cooperation in sensitive areas”",
    "Was Lieferungen bewirken könnten": "What deliveries could do",
    "Inhalt dieses Artikels": "In this story",
    "Militärexperte": "Military expert",
    "Nordkoreanische Munition würde nicht viel ändern": "North Korean ammunition would not change much",
    "Den Krieg entscheiden dürfte das <i>nicht</i>.": "That is <i>unlikely</i> to decide the war.",
    "Am Ausgang wird sich wahrscheinlich nichts ändern": "It will probably not change the outcome",
    "Sein Institut wird von Rüstungsfirmen mitfinanziert.": "His institute is part-funded by arms makers.",
    "Ana Ruiz": "Ana Ruiz",
    "C&#x27;est une bonne nouvelle": "C&#x27;est une bonne nouvelle",
    "C'est une bonne nouvelle": "C'est une bonne nouvelle",
    "Historikerin": "Historian",
    "Universität Wien": "University of Vienna",
    "Solche Treffen gab es schon 2019.": "There were such meetings as early as 2019.",
    "Diskutieren Sie mit, {months} Monate lang.": "Join the discussion for {months} months.",
    # The page's own fields.
    "Kim unterstützt Putin": "Kim backs Putin",
    "kim-unterstuetzt-putin": "kim-backs-putin",
    "The lead.": "The lead.",
    # The roster entry (translated as a snippet).
    "Joseph Dempsey": "Joseph Dempsey",
    "Forscher für Verteidigung": "Defence researcher",
    "International Institute for Strategic Studies": "International Institute for Strategic Studies",
    "Forscht zu militärischen Fähigkeiten.": "Researches military capabilities.",
}

# Values that must reach the translation unchanged and never be offered as text.
KEPT = [
    "lieferungen",  # the editor's anchor
    "https://example.org/kreml",  # the pull quote's source URL
    "forum@example.org",
    "right",
    "h3",
    "interview",
    "auto",
    "fr",
]


@pytest.fixture
def locales(db):
    german, _ = Locale.objects.get_or_create(language_code="de")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return german, english


@pytest.fixture
def german_expert(locales):
    return Expert.objects.create(
        locale=locales[0],
        name="Joseph Dempsey",
        role="Forscher für Verteidigung",
        organization="International Institute for Strategic Studies",
        bio="Forscht zu militärischen Fähigkeiten.",
    )


def every_block(expert, image, **texts) -> list:
    t = {**GERMAN_STORY, **texts}
    return [
        ("paragraph", t["paragraph"]),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": t["alt_text"]},
                "caption": t["caption"],
                "credit": t["credit"],
            },
        ),
        (
            "pull_quote",
            {
                "quote": t["quote"],
                "attribution": t["attribution"],
                "role": t["role"],
                "speaker": expert,
                "source_url": "https://example.org/kreml",
                "language": "",
                "alignment": "right",
                "presentation": "standalone",
            },
        ),
        ("table_of_contents", {"title": t["toc_title"], "max_level": "h3"}),
        ("subhead", {"text": t["subhead_auto"], "level": "h2", "anchor": ""}),
        ("subhead", {"text": t["subhead_set"], "level": "h3", "anchor": "lieferungen"}),
        (
            "expert_opinion",
            expert_opinion_value(
                label=t["label"],
                headline=t["headline"],
                expert=expert,
                statement=t["statement"],
                quote=t["expert_quote"],
                how_obtained="interview",
                disclosure=t["disclosure"],
            ),
        ),
        (
            "expert_opinion",
            expert_opinion_value(
                name=t["one_off_name"],
                role=t["one_off_role"],
                organization=t["one_off_organization"],
                statement=t["one_off_statement"],
            ),
        ),
        (
            "pull_quote",
            {
                "quote": "C'est une bonne nouvelle",
                "attribution": "",
                "role": "",
                "speaker": None,
                "source_url": "",
                "language": "fr",
                "alignment": "inline",
                "presentation": "standalone",
            },
        ),
        (
            "comment_policy",
            {
                "mode": "auto",
                "message": t["message"],
                "close_after_months": 6,
                "discussion_page": None,
                "contact_email": "forum@example.org",
            },
        ),
    ]


@pytest.fixture
def german_story(make_story, german_expert):
    image = make_image("Treffen")
    return make_story(
        every_block(german_expert, image),
        language="de",
        title="Kim unterstützt Putin",
        slug="kim-unterstuetzt-putin",
    )


def strings_by_field(segments) -> dict[str, set[str]]:
    """``{"quote": {"Wir werden …"}, …}``: each string segment under its field's name."""
    found: dict[str, set[str]] = {}
    for segment in segments:
        if isinstance(segment, StringSegmentValue) and segment.path.startswith("body."):
            field = segment.path.removeprefix("body.")
            found.setdefault(field, set()).add(segment.render_text())
    return found


def translate(source_object, english_locale, translations=ENGLISH, *, strict=True):
    """Enter a translation for each of the object's strings, as translators do in the editor."""
    source = TranslationSource.objects.get_for_instance(source_object)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        original = segment.string.data
        if original not in translations:
            assert not strict, f"no translation for {original!r}"
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english_locale,
            context=segment.context,
            defaults={"data": translations[original]},
        )


@pytest.fixture
def translated_story(german_story, locales, django_capture_on_commit_callbacks):
    """The German story translated into English with wagtail-localize, and published."""
    german, english = locales
    with django_capture_on_commit_callbacks(execute=True):
        # What "Translate this page" does: the page and the roster entries it uses.
        TranslationCreator(None, [english]).create_translations(german_story)
    expert_de = Expert.objects.get(locale=german)
    translate(expert_de, english)
    translate(german_story, english)
    with django_capture_on_commit_callbacks(execute=True):
        for source_object in (expert_de, german_story):
            source = TranslationSource.objects.get_for_instance(source_object)
            Translation.objects.get(source=source, target_locale=english).save_target(publish=True)
    return german_story.get_translation(english).specific


class TestSegmentExtraction:
    def test_every_translatable_string_is_a_segment(self, german_story):
        found = strings_by_field(extract_segments(german_story))
        image, quote, toc, auto, subhead, expert, one_off, french, policy = (
            child.id for child in german_story.body[1:]
        )
        expected = {
            f"{image}.caption": {GERMAN_STORY["caption"]},
            f"{image}.credit": {GERMAN_STORY["credit"]},
            f"{image}.image.alt_text": {GERMAN_STORY["alt_text"]},
            f"{quote}.quote": {GERMAN_STORY["quote"]},
            f"{quote}.attribution": {GERMAN_STORY["attribution"]},
            f"{quote}.role": {GERMAN_STORY["role"]},
            f"{toc}.title": {GERMAN_STORY["toc_title"]},
            f"{auto}.text": {GERMAN_STORY["subhead_auto"]},
            f"{subhead}.text": {GERMAN_STORY["subhead_set"]},
            f"{expert}.label": {GERMAN_STORY["label"]},
            f"{expert}.headline": {GERMAN_STORY["headline"]},
            f"{expert}.statement": {"Den Krieg entscheiden dürfte das nicht."},
            f"{expert}.quote": {GERMAN_STORY["expert_quote"]},
            f"{expert}.disclosure": {GERMAN_STORY["disclosure"]},
            f"{one_off}.name": {GERMAN_STORY["one_off_name"]},
            f"{one_off}.role": {GERMAN_STORY["one_off_role"]},
            f"{one_off}.organization": {GERMAN_STORY["one_off_organization"]},
            f"{one_off}.statement": {"Solche Treffen gab es schon 2019."},
            f"{french}.quote": {"C'est une bonne nouvelle"},
            f"{policy}.message": {GERMAN_STORY["message"]},
        }
        paragraph = german_story.body[0].id
        assert found.pop(paragraph) == {
            "Der Kremlchef empfing seinen Gast am Weltraumbahnhof, wie die Agentur meldet."
        }
        assert found == expected

    def test_nothing_that_must_stay_is_offered_as_text(self, german_story):
        segments = extract_segments(german_story)
        texts = {s.render_text() for s in segments if isinstance(s, StringSegmentValue)}
        for kept in KEPT:
            assert not any(kept == text for text in texts), kept
        fields = {
            s.path.rsplit(".", 1)[-1]
            for s in segments
            if isinstance(s, StringSegmentValue) and s.path.startswith("body.")
        }
        assert not fields & {
            "anchor",
            "source_url",
            "contact_email",
            "language",
            "alignment",
            "presentation",
            "level",
            "max_level",
            "how_obtained",
            "mode",
            "close_after_months",
            "decorative",
        }

    def test_references_and_anchors(self, german_story, german_expert):
        segments = extract_segments(german_story)
        body = german_story.body
        related = {
            s.path: (s.content_type.model_class(), s.translation_key)
            for s in segments
            if isinstance(s, RelatedObjectSegmentValue)
        }
        key = german_expert.translation_key
        assert related == {
            f"body.{body[2].id}.speaker": (Expert, key),
            f"body.{body[6].id}.expert": (Expert, key),
        }
        overridable = {s.path: s.data for s in segments if isinstance(s, OverridableSegmentValue)}
        assert overridable == {
            f"body.{body[0].id}.'https://example.org/quelle'": "https://example.org/quelle",
            f"body.{body[1].id}.image.image": body[1].value["image"].pk,
            # As wagtail-localize offers every EmailBlock: kept unless overridden.
            f"body.{body[9].id}.contact_email": "forum@example.org",
        }
        # The automatic anchor travels to translations as the source resolved it;
        # the editor's anchor is no segment at all and is copied with the block.
        anchors = {
            s.path: s.template
            for s in segments
            if isinstance(s, TemplateSegmentValue) and s.format == "newsblocks-anchor"
        }
        assert anchors == {f"body.{body[4].id}.anchor": "kreml-kooperation-in-sensiblen-bereichen"}

    @override_settings(WAGTAIL_NEWSBLOCKS={"TRANSLATION_ANCHORS": "translated"})
    def test_translated_anchor_mode_sends_no_anchor(self, german_story):
        segments = extract_segments(german_story)
        assert not [
            s for s in segments if isinstance(s, TemplateSegmentValue) and s.format != "html"
        ]

    @override_settings(WAGTAIL_NEWSBLOCKS={"TRANSLATION_ANCHORS": "slugged"})
    def test_unknown_anchor_mode_is_named(self, german_story):
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured, match=r"TRANSLATION_ANCHORS.*'slugged'"):
            extract_segments(german_story)


class TestTranslatedStory:
    def test_blocks_keep_ids_choices_urls_and_anchors(self, translated_story, german_story):
        german, english = german_story.body, translated_story.body
        assert [c.id for c in english] == [c.id for c in german]
        assert [c.block_type for c in english] == [c.block_type for c in german]
        quote = english[2].value
        assert quote["quote"] == "We will discuss all these topics"
        assert (quote["source_url"], quote["alignment"], quote["presentation"]) == (
            "https://example.org/kreml",
            "right",
            "standalone",
        )
        assert english[8].value["language"] == "fr"
        assert english[4].value["anchor"] == "kreml-kooperation-in-sensiblen-bereichen"
        assert english[5].value["anchor"] == "lieferungen"
        assert english[5].value["level"] == "h3"
        assert english[6].value["how_obtained"] == "interview"
        policy = english[9].value
        assert (policy["mode"], policy["close_after_months"], policy["contact_email"]) == (
            "auto",
            6,
            "forum@example.org",
        )
        assert english[1].value["image"].pk == german[1].value["image"].pk

    def test_roster_entries_point_at_the_english_entry(self, translated_story, locales):
        english_expert = Expert.objects.get(locale=locales[1])
        assert english_expert.role == "Defence researcher"
        assert translated_story.body[2].value["speaker"] == english_expert
        assert translated_story.body[6].value["expert"] == english_expert

    def test_renders_in_english(self, translated_story, render_page):
        soup = render_page(translated_story)
        assert soup.html["lang"] == "en"
        story = soup.select_one("article.story")
        quote = story.select_one(".newsblocks-pull-quote blockquote")
        assert quote.get_text().strip() == "“We will discuss all these topics”"
        assert "Vladimir Putin" in story.select_one(".newsblocks-pull-quote").get_text()
        assert story.select_one(".newsblocks-image img")["alt"] == (
            "Two men shake hands in front of a rocket."
        )
        assert "Photo: Example Agency" in story.select_one(".newsblocks-image").get_text()
        paragraph = story.select_one(".story__body p")
        assert paragraph.select_one("b").get_text() == "cosmodrome"
        assert paragraph.select_one("a")["href"] == "https://example.org/quelle"
        # The block's own words are English too.
        toc = story.select_one(".newsblocks-toc")
        assert toc.get_text(" ", strip=True).startswith("In this story")
        assert [a["href"] for a in toc.select("a")][:2] == [
            "#kreml-kooperation-in-sensiblen-bereichen",
            "#lieferungen",
        ]
        headings = {h.get_text(" ", strip=True): h.get("id") for h in story.select("h2, h3")}
        assert headings["Kremlin: “Cooperation in sensitive areas”"] == (
            "kreml-kooperation-in-sensiblen-bereichen"
        )
        assert headings["What deliveries could do"] == "lieferungen"
        expert = story.select(".newsblocks-expert")[0]
        assert "Defence researcher" in expert.get_text()
        assert "Forscher" not in expert.get_text()
        assert "in an interview" in expert.get_text()
        assert "“It will probably not change the outcome”" in expert.get_text()
        assert "University of Vienna" in story.select(".newsblocks-expert")[1].get_text()
        french = story.select_one("blockquote[lang=fr]")
        assert french.get_text().strip().startswith("«\u202f")

    def test_german_original_is_untouched(self, translated_story, german_story, render_page):
        german_story.refresh_from_db()
        soup = render_page(german_story)
        story = soup.select_one("article.story")
        quote = story.select_one(".newsblocks-pull-quote blockquote")
        assert quote.get_text().strip() == "„Wir werden alle diese Themen besprechen“"
        assert "Forscher für Verteidigung" in story.select_one(".newsblocks-expert").get_text()
        assert (
            story.select_one(".newsblocks-toc")
            .get_text(" ", strip=True)
            .startswith("Inhalt dieses Artikels")
        )

    def test_comment_footer_speaks_each_language(self, translated_story, german_story, render_page):
        english = render_page(translated_story).select_one(".newsblocks-comment-policy")
        german = render_page(german_story).select_one(".newsblocks-comment-policy")
        assert english.select_one("h2").get_text() == "Comments"
        assert german.select_one("h2").get_text() == "Kommentare"
        assert "Join the discussion for 6 months." in english.get_text()
        assert "Diskutieren Sie mit, 6 Monate lang." in german.get_text()
        english_date = english.select_one("time").get_text()
        german_date = german.select_one("time").get_text()
        assert re.fullmatch(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}", english_date), english_date
        assert re.fullmatch(r"\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}", german_date), german_date

    def test_translation_editor_opens(self, translated_story, admin_client):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[translated_story.pk]))
        assert response.status_code == 200
        assert b"What deliveries could do" in response.content

    def test_resync_after_the_source_changes(
        self, translated_story, german_story, locales, django_capture_on_commit_callbacks
    ):
        """The German subhead's text changes: its automatic anchor, and the English one, follow."""
        german_story.body[4].value["text"] = "Kreml: Zusammenarbeit"
        german_story.save_revision().publish()
        german_story.refresh_from_db()
        source = TranslationSource.objects.get_for_instance(german_story)
        source.update_from_db()
        translate(
            german_story, locales[1], {**ENGLISH, "Kreml: Zusammenarbeit": "Kremlin: Cooperation"}
        )
        with django_capture_on_commit_callbacks(execute=True):
            Translation.objects.get(source=source, target_locale=locales[1]).save_target(
                publish=True
            )
        translated_story.refresh_from_db()
        subhead = translated_story.body[4].value
        assert (subhead["text"], subhead["anchor"]) == (
            "Kremlin: Cooperation",
            "kreml-zusammenarbeit",
        )

    def test_repeated_headings_keep_the_sources_anchors(
        self, make_story, locales, django_capture_on_commit_callbacks, render_page
    ):
        """Two subheads with the same text: the translation has the source's two anchors."""
        _german, english = locales
        story = make_story(
            [
                ("subhead", {"text": "Reaktionen", "level": "h2", "anchor": ""}),
                ("paragraph", "<p>Erste Reaktionen aus Berlin.</p>"),
                ("subhead", {"text": "Hintergrund", "level": "h2", "anchor": "reaktionen-2"}),
                ("subhead", {"text": "Reaktionen", "level": "h2", "anchor": ""}),
                ("paragraph", "<p>Reaktionen aus Seoul.</p>"),
            ],
            language="de",
            title="Zweimal Reaktionen",
            slug="zweimal-reaktionen",
        )
        german_ids = [h["id"] for h in render_page(story).select("article h2")]
        assert german_ids == ["reaktionen", "reaktionen-2", "reaktionen-3"]
        with django_capture_on_commit_callbacks(execute=True):
            TranslationCreator(None, [english]).create_translations(story)
        translate(
            story,
            english,
            {
                "Zweimal Reaktionen": "Reactions, twice",
                "zweimal-reaktionen": "reactions-twice",
                "Reaktionen": "Reactions",
                "Hintergrund": "Background",
                "Erste Reaktionen aus Berlin.": "First reactions from Berlin.",
                "Reaktionen aus Seoul.": "Reactions from Seoul.",
            },
        )
        source = TranslationSource.objects.get_for_instance(story)
        with django_capture_on_commit_callbacks(execute=True):
            Translation.objects.get(source=source, target_locale=english).save_target(publish=True)
        english_story = story.get_translation(english).specific
        headings = render_page(english_story).select("article h2")
        assert [(h.get_text(strip=True), h["id"]) for h in headings] == [
            ("Reactions", "reaktionen"),
            ("Background", "reaktionen-2"),
            ("Reactions", "reaktionen-3"),
        ]
        # The source keeps its automatic anchors, free to follow its text.
        story.refresh_from_db()
        assert [c.value["anchor"] for c in story.body if c.block_type == "subhead"] == [
            "",
            "reaktionen-2",
            "",
        ]


class TestTranslatorsCannotInjectScript:
    def test_every_segment(self, german_story, locales, django_capture_on_commit_callbacks, client):
        english = locales[1]
        with django_capture_on_commit_callbacks(execute=True):
            TranslationCreator(None, [english]).create_translations(german_story)
        source = TranslationSource.objects.get_for_instance(german_story)
        payloads = [
            '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
            # Within every field's length limit: an over-long translation is refused.
            '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
            "<svg onload=alert(1)>",
        ]
        paragraph = german_story.body[0].id
        for index, segment in enumerate(
            StringSegment.objects.filter(source=source).select_related("context")
        ):
            if segment.context.path == f"body.{paragraph}":
                # Rich text: what a translator's HTML could smuggle in.
                data = '<b onmouseover="alert(1)">x</b><a id="a1" href="javascript:alert(1)">y</a>'
            else:
                # Plain text, as the translation editor stores what translators type.
                data = StringValue.from_plaintext(payloads[index % len(payloads)]).data
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                defaults={"data": data},
            )
        # The link in the paragraph, pointed somewhere else by the translator.
        href = OverridableSegment.objects.get(source=source, context__path__endswith="quelle'")
        SegmentOverride.objects.create(
            locale=english, context=href.context, data_json='"javascript:alert(1)"'
        )
        translation = Translation.objects.get(source=source, target_locale=english)

        # The preview of an unsaved translation is built the same way.
        preview = source.get_ephemeral_translated_instance(english, fallback=True)
        for html in (str(preview.body[0].value), str(preview.body[6].value["statement"])):
            assert not dangerous_markup(html), html

        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
        translated = german_story.get_translation(english)
        html = client.get(translated.url).content.decode()
        story = str(BeautifulSoup(html, "html.parser").select_one("article.story"))
        assert not dangerous_markup(story), story
        assert "&lt;script&gt;" in story  # plain-text fields show the words, escaped

    def test_anchor_override_is_cleaned(self, german_story, locales):
        from wagtail_newsblocks.localize import restore_subhead

        value = german_story.body[4].value
        restored = restore_subhead(
            value,
            [
                StringSegmentValue("text", StringValue.from_plaintext("Zeile\neins")),
                OverridableSegmentValue("anchor", '"><script>alert(1)</script>'),
            ],
        )
        assert restored["text"] == "Zeile eins"
        assert restored["anchor"] == "script-alert-1-script"


class TestWagtailI18n:
    """Translations made with Wagtail's own tools (copy for translation), without wagtail-localize."""

    @pytest.fixture
    def english_expert(self, german_expert, locales):
        english_expert = german_expert.copy_for_translation(locales[1])
        english_expert.role = "Defence researcher"
        english_expert.save()
        return english_expert

    @pytest.fixture
    def english_copy(self, german_story, locales):
        copy = german_story.copy_for_translation(locales[1])
        copy.save_revision().publish()
        return copy

    def test_copy_shows_the_expert_in_the_pages_language(
        self, english_expert, english_copy, german_expert, render_page
    ):
        copy = english_copy
        # The copy still names the German entry; readers see the English one.
        assert copy.body[6].value["expert"] == german_expert
        story = render_page(copy).select_one("article.story")
        assert "Defence researcher" in story.select_one(".newsblocks-expert").get_text()
        # The quote's typed role wins over the roster's, in every language.
        assert "Kremlchef" in story.select_one(".newsblocks-pull-quote").get_text()
        assert story.select_one(".newsblocks-pull-quote blockquote").get_text().strip()[0] == "“"

    def test_a_quote_names_the_same_person_on_every_output(
        self, english_expert, english_copy, render_page, client
    ):
        # The speaker's role from the roster, not typed: the English entry's,
        # on the page, the card, the share page, the JSON-LD and in the API.
        copy = english_copy
        index, child = next((i, c) for i, c in enumerate(copy.body) if c.block_type == "pull_quote")
        child.value["role"] = ""
        copy.save_revision().publish()
        copy.refresh_from_db()
        block_id = copy.body[index].id
        role = "Defence researcher, International Institute for Strategic Studies"
        page = render_page(copy)
        assert page.select_one(".newsblocks-pull-quote__role").get_text() == role
        found_page, quote = find_quote(copy.pk, block_id)
        assert card_for(found_page, quote).role == role
        share = client.get(share_url(copy.pk, block_id)).content.decode()
        assert role in share
        jsonld = json.loads(page.select_one('script[type="application/ld+json"]').string)
        creators = [part.get("creator", {}) for part in jsonld["hasPart"]]
        assert "Defence researcher" in [creator.get("jobTitle") for creator in creators]
        data = client.get(f"/api/v2/pages/{copy.pk}/", {"fields": "body"}).json()
        assert data["body"][index]["value"]["role"] == role
        assert data["body"][index]["value"]["speaker"]["id"] == english_expert.pk

    def test_falls_back_to_the_chosen_entry(self, english_copy, render_page):
        expert = render_page(english_copy).select_one("article.story .newsblocks-expert")
        assert "Forscher für Verteidigung" in expert.get_text()

    def test_api_names_the_expert_in_the_pages_language(self, english_expert, english_copy, client):
        data = client.get(f"/api/v2/pages/{english_copy.pk}/", {"fields": "body"}).json()
        box = next(item for item in data["body"] if item["type"] == "expert_opinion")
        assert box["value"]["expert"]["role"] == "Defence researcher"
        assert box["value"]["expert"]["id"] == english_expert.pk


class TestRosterChooser:
    def test_lists_each_language_version_with_its_language(
        self, german_expert, locales, admin_client
    ):
        german_expert.copy_for_translation(locales[1]).save()
        url = reverse(Expert.snippet_viewset.chooser_viewset.get_url_name("choose"))
        html = admin_client.get(url).json()["html"]
        soup = BeautifulSoup(html, "html.parser")
        rows = [row.get_text(" ", strip=True) for row in soup.select("tbody tr")]
        assert len(rows) == 2
        assert any("Deutsch" in row for row in rows) and any("English" in row for row in rows)
        assert any("Forscher für Verteidigung" in row for row in rows)
        assert soup.select_one("select[name=locale]") is not None

    def test_filters_by_language(self, german_expert, locales, admin_client):
        german_expert.copy_for_translation(locales[1]).save()
        url = reverse(Expert.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
        html = admin_client.get(url, {"locale": "en"}).content.decode()
        rows = BeautifulSoup(html, "html.parser").select("tbody tr")
        assert len(rows) == 1 and "English" in rows[0].get_text()


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


class TestAnchorsOfCopies:
    def test_copy_for_translation_pins_automatic_anchors(self, german_story, locales):
        copy = german_story.copy_for_translation(locales[1])
        for candidate in (copy, copy.get_latest_revision_as_object()):
            anchors = [c.value["anchor"] for c in candidate.body if c.block_type == "subhead"]
            assert anchors == ["kreml-kooperation-in-sensiblen-bereichen", "lieferungen"]
        # The translator rewrites the subhead in the admin: the anchor stays.
        copy.body[4].value["text"] = "Kremlin: “Cooperation in sensitive areas”"
        copy.save_revision().publish()
        copy.refresh_from_db()
        assert copy.body[4].value.anchor_for(story_context(copy.body)) == (
            "kreml-kooperation-in-sensiblen-bereichen"
        )
        # The source keeps its automatic anchor, free to follow its text.
        german_story.refresh_from_db()
        assert german_story.body[4].value["anchor"] == ""

    @override_settings(WAGTAIL_NEWSBLOCKS={"TRANSLATION_ANCHORS": "translated"})
    def test_translated_mode_leaves_copies_alone(self, german_story, locales):
        copy = german_story.copy_for_translation(locales[1])
        assert copy.body[4].value["anchor"] == ""

    def test_aliases_are_left_alone(self, german_story, locales):
        alias = german_story.copy_for_translation(locales[1], alias=True)
        assert alias.body[4].value["anchor"] == ""


class TestStoredFormOfTranslations:
    def test_translation_keeps_snapshots_and_unknown_data(
        self, german_story, locales, django_capture_on_commit_callbacks
    ):
        # Data from an older field layout and a block type this version does not know.
        raw = stored_body(german_story)
        raw[2]["value"]["legacy_note"] = "aus dem alten CMS"
        raw.append({"type": "poll", "value": {"question": "?"}, "id": "poll-1", "checked": True})
        german_story.body = raw
        german_story.save_revision().publish()
        german_story.refresh_from_db()

        english = locales[1]
        with django_capture_on_commit_callbacks(execute=True):
            TranslationCreator(None, [english]).create_translations(german_story)
        translate(Expert.objects.get(locale=locales[0]), english)
        translate(german_story, english)
        with django_capture_on_commit_callbacks(execute=True):
            for source_object in (Expert.objects.get(locale=locales[0]), german_story):
                source = TranslationSource.objects.get_for_instance(source_object)
                Translation.objects.get(source=source, target_locale=english).save_target()

        stored = stored_body(german_story.get_translation(english))
        # Wagtail's keys only; the item of an unknown type is kept exactly as it was.
        assert all(set(item) == {"type", "value", "id"} for item in stored[:-1])
        assert stored[2]["value"]["legacy_note"] == "aus dem alten CMS"
        assert stored[2]["value"]["quote"] == "We will discuss all these topics"
        assert stored[-1] == {
            "type": "poll",
            "value": {"question": "?"},
            "id": "poll-1",
            "checked": True,
        }
        snapshot = stored[6]["value"]["expert_snapshot"]
        assert snapshot["role"] == "Defence researcher"
