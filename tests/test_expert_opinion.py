"""Expert boxes and the expert roster."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from tests.factories import expert_opinion_value, make_image, pull_quote_value
from wagtail_newsblocks.blocks import (
    ExpertOpinionBlock,
    NewsStoryBlock,
    PullQuoteBlock,
    StoryImageBlock,
)
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.portraits import initials, placeholder_colour

# Blocks with a roster chooser look their experts up (Wagtail's in_bulk), which
# on Django 6 touches the database connection even for an empty choice.
pytestmark = pytest.mark.django_db


def make_expert(name="Joseph Dempsey", portrait=False, **fields):
    defaults = {
        "role": "Defence researcher",
        "organization": "International Institute for Strategic Studies",
    }
    defaults.update(fields)
    return Expert.objects.create(
        name=name, portrait=make_image(f"{name} portrait") if portrait else None, **defaults
    )


def expert_box(expert=None, **overrides):
    value = expert_opinion_value(
        label="Militärexperte",
        headline="Nordkoreanische Munition würde nicht viel ändern",
        expert=expert,
        statement="<p>Den Krieg entscheiden dürfte das nicht.</p>",
    )
    value.update(overrides)
    return ("expert_opinion", value)


@pytest.mark.django_db
class TestExpertBoxMarkup:
    def test_roster_expert_with_portrait(self, make_story, render_page):
        expert = make_expert(portrait=True, profile_url="https://example.org/dempsey")
        soup = render_page(make_story([expert_box(expert)], language="de"))
        box = soup.select_one("aside.newsblocks-expert")
        heading = box.find("h2")
        assert (
            box["aria-labelledby"]
            == heading["id"]
            == ("militaerexperte-nordkoreanische-munition-wuerde-nicht-viel-aendern")
        )
        assert heading.select_one(".newsblocks-expert__label").get_text() == "Militärexperte"
        assert (
            heading.get_text() == "Militärexperte: Nordkoreanische Munition würde nicht viel ändern"
        )
        portrait = box.select_one("img.newsblocks-expert__portrait")
        assert portrait["alt"] == "Joseph Dempsey"
        assert "96w" in portrait["srcset"] and "192w" in portrait["srcset"]
        name = box.select_one(".newsblocks-expert__name")
        assert name.name == "a" and name["href"] == "https://example.org/dempsey"
        assert box.select_one(".newsblocks-expert__role").get_text() == (
            "Defence researcher, International Institute for Strategic Studies"
        )
        assert box.select_one(".newsblocks-expert__statement p").get_text() == (
            "Den Krieg entscheiden dürfte das nicht."
        )

    def test_one_off_expert_gets_placeholder_initials(self, make_story, render_page):
        soup = render_page(
            make_story([expert_box(name="Anna Berg", role="Ökonomin", organization="IfW Kiel")])
        )
        img = soup.select_one("img.newsblocks-expert__portrait--placeholder")
        assert img["alt"] == ""  # the name stands right beside it
        path = img["src"].removeprefix("/media/")
        assert default_storage.exists(path)
        with default_storage.open(path) as stored:
            picture = PILImage.open(stored)
            picture.load()
        assert picture.size == (192, 192)
        assert picture.getpixel((2, 2)) == placeholder_colour("Anna Berg")
        # Generated once, then reused.
        again = render_page(make_story([expert_box(name="Anna Berg")]))
        assert again.select_one("img.newsblocks-expert__portrait--placeholder")["src"] == img["src"]

    def test_quote_marks_how_obtained_and_disclosure_in_german(self, make_story, render_page):
        soup = render_page(
            make_story(
                [
                    expert_box(
                        make_expert(),
                        quote='"Der Zugang dürfte den Konflikt verlängern"',
                        how_obtained="interview",
                        disclosure="Das Institut wird von Rüstungsfirmen mitfinanziert.",
                    )
                ],
                language="de",
            )
        )
        figure = soup.select_one(".newsblocks-expert__quote")
        assert (
            figure.find("blockquote").get_text().strip()
            == "„Der Zugang dürfte den Konflikt verlängern“"
        )
        assert figure.find("figcaption").get_text() == "Joseph Dempsey, in einem Interview"
        disclosure = soup.select_one(".newsblocks-expert__disclosure")
        assert (
            disclosure.get_text()
            == "Offenlegung: Das Institut wird von Rüstungsfirmen mitfinanziert."
        )

    def test_english_phrases(self, make_story, render_page):
        soup = render_page(
            make_story([expert_box(make_expert(), quote="Yes", how_obtained="told_us")])
        )
        assert soup.select_one(".newsblocks-expert__quote figcaption").get_text() == (
            "Joseph Dempsey, speaking to us"
        )
        assert soup.select_one(".newsblocks-expert__quote blockquote").get_text().strip() == "“Yes”"

    def test_without_heading_the_box_is_named_after_the_expert(self, make_story, render_page):
        soup = render_page(make_story([expert_box(make_expert(), label="", headline="")]))
        box = soup.select_one("aside.newsblocks-expert")
        assert box["aria-label"] == "Expert view: Joseph Dempsey"
        assert box.find(["h2", "h3", "h4"]) is None

    def test_expert_heading_is_part_of_the_outline(self, make_story, render_page):
        story = make_story(
            [
                ("table_of_contents", {"title": "", "max_level": "h3"}),
                ("subhead", {"text": "Kreml", "level": "h2", "anchor": ""}),
                expert_box(make_expert(), level="h3", label="Expert view", headline="Kreml"),
            ]
        )
        soup = render_page(story)
        assert [a["href"] for a in soup.select(".newsblocks-toc a")] == [
            "#kreml",
            "#expert-view-kreml",
        ]
        assert soup.select_one("aside h3")["id"] == "expert-view-kreml"

    def test_text_is_escaped(self, make_story, render_page):
        soup = render_page(
            make_story([expert_box(name="<script>alert(1)</script>", label="<b>x</b>")])
        )
        assert soup.select_one("aside script") is None and soup.select_one("aside b") is None


class TestExpertBoxValidation:
    def clean(self, block=None, **overrides):
        block = block or ExpertOpinionBlock()
        return block.clean(block.to_python(_raw(expert_box(**overrides)[1])))

    def errors(self, **overrides):
        with pytest.raises(StructBlockValidationError) as caught:
            self.clean(**overrides)
        return {name: e.messages for name, e in caught.value.block_errors.items()}

    def test_an_expert_is_required(self):
        assert self.errors() == {
            "expert": [
                "Expert box: choose an expert from the roster, or type the name of a one-off expert."
            ]
        }

    @pytest.mark.django_db
    def test_roster_and_inline_name_is_refused(self):
        expert = make_expert()
        errors = self.errors(expert=expert.pk, name="Someone", organization="Elsewhere")
        assert errors == {
            "name": [
                "Expert box, “Name (one-off expert)”: filled in by the roster entry “Joseph Dempsey”. "
                "Clear this field, or remove the roster expert to describe a one-off expert."
            ],
            "organization": [
                "Expert box, “Organization (one-off expert)”: filled in by the roster entry "
                "“Joseph Dempsey”. Clear this field, or remove the roster expert to describe a "
                "one-off expert."
            ],
        }

    def test_inline_expert_is_enough(self):
        assert self.clean(name="Anna Berg")["name"] == "Anna Berg"

    def test_drafts_may_leave_the_expert_out(self):
        block = ExpertOpinionBlock()
        block.defer_required_validation()
        try:
            self.clean(block=block, statement="")
        finally:
            block.restore_deferred_validation()

    def test_statement_is_required(self):
        assert self.errors(name="Anna Berg", statement="")["statement"] == [
            "This field is required."
        ]

    def test_skipped_level_names_the_expert_box(self):
        story = NewsStoryBlock()
        value = story.to_python(
            [{"type": "expert_opinion", "value": _raw(expert_box(name="A", level="h3")[1])}]
        )
        with pytest.raises(StreamBlockValidationError) as caught:
            story.clean(value)
        message = caught.value.block_errors[0].block_errors["level"].messages[0]
        assert message.startswith(
            "Block 1 (Expert box “Militärexperte: Nordkoreanische Munition würde nicht viel ändern”) is an h3"
        )


def _raw(value):
    """A block value as stored in JSON (ids for choosers)."""
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in value.items()}


@pytest.mark.django_db
class TestQueries:
    def story_body(self, count):
        body = []
        for i in range(count):
            expert = make_expert(f"Expert {i}", portrait=True)
            body.append(expert_box(expert, headline=f"View {i}"))
            body.append(
                expert_box(
                    name=f"One-off {i}", portrait=make_image(f"inline {i}"), headline=f"Inline {i}"
                )
            )
            body.append(("pull_quote", pull_quote_value(speaker=expert)))
            body.append(_story_image(make_image(f"story image {i}")))
        return body

    def count_render_queries(self, client, story):
        client.get(story.url)  # warm-up: renditions are created once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.url)
        assert response.status_code == 200
        return len(queries)

    def test_queries_do_not_grow_with_expert_boxes_and_images(self, make_story, client):
        few = make_story(self.story_body(1), slug="few")
        many = make_story(self.story_body(8), slug="many")
        assert self.count_render_queries(client, many) == self.count_render_queries(client, few)

    def test_nor_in_a_story_whose_experts_are_in_another_language(self, make_story, client):
        # English roster entries in German stories: each page looks for the
        # entries' German translations, all at once.
        few = make_story(self.story_body(1), slug="few", language="de")
        many = make_story(self.story_body(8), slug="many", language="de")
        assert {expert.locale.language_code for expert in Expert.objects.all()} == {"en"}
        assert self.count_render_queries(client, many) == self.count_render_queries(client, few)


def _story_image(image):
    return (
        "image",
        {
            "image": {"image": image, "decorative": False, "alt_text": "A picture"},
            "caption": "",
            "credit": "",
        },
    )


@pytest.mark.django_db
class TestDeletedExpert:
    def test_story_still_renders_with_the_stored_name(self, make_story, render_page):
        expert = make_expert(portrait=True)
        story = make_story([expert_box(expert), ("pull_quote", pull_quote_value(speaker=expert))])
        expert.delete()
        soup = render_page(story.__class__.objects.get(pk=story.pk))
        assert soup.select_one(".newsblocks-expert__name").get_text() == "Joseph Dempsey"
        assert soup.select_one(".newsblocks-expert__role").get_text() == (
            "Defence researcher, International Institute for Strategic Studies"
        )
        assert soup.select_one(".newsblocks-pull-quote__speaker").get_text() == "Joseph Dempsey"
        # No broken image: the initials stand in for the lost portrait link.
        assert soup.select_one("img.newsblocks-expert__portrait--placeholder") is not None

    def test_snapshot_survives_another_save(self, make_story):
        expert = make_expert()
        story = make_story([expert_box(expert)])
        expert.delete()
        story = story.__class__.objects.get(pk=story.pk)
        story.title = "Edited after the expert left the roster"
        story.save_revision().publish()
        story = story.__class__.objects.get(pk=story.pk)
        person = story.body[0].value.person_for({"page": story})
        assert (person.name, person.source) == ("Joseph Dempsey", "snapshot")

    def test_api_reports_the_snapshot(self, make_story, client):
        expert = make_expert()
        story = make_story([expert_box(expert)])
        expert.delete()
        data = client.get(f"/api/v2/pages/{story.pk}/?fields=body").json()
        expert = data["body"][0]["value"]["expert"]
        assert expert.pop("placeholder")["initials"] == "JD"
        assert expert == {
            "id": None,
            "source": "snapshot",
            "name": "Joseph Dempsey",
            "role": "Defence researcher",
            "organization": "International Institute for Strategic Studies",
            "bio": "",
            "profile_url": None,
            "portrait": None,
        }


@pytest.mark.django_db
class TestApi:
    def test_expert_with_portrait_renditions(self, make_story, client):
        expert = make_expert(portrait=True)
        story = make_story(
            [expert_box(expert, quote="Nein", how_obtained="statement")], language="de"
        )
        data = client.get(f"/api/v2/pages/{story.pk}/?fields=body").json()["body"][0]["value"]
        assert data["expert"]["id"] == expert.pk
        assert data["expert"]["source"] == "roster"
        assert set(data["expert"]["portrait"]) == {"small", "medium", "large"}
        assert data["expert"]["portrait"]["small"]["width"] == 96
        assert data["expert"]["portrait"]["small"]["url"].startswith("/media/images/")
        assert (
            data["anchor"] == "militaerexperte-nordkoreanische-munition-wuerde-nicht-viel-aendern"
        )
        assert data["level"] == 2
        assert data["quote"] == "Nein"
        assert data["how_obtained"] == "statement"
        assert data["statement"] == "<p>Den Krieg entscheiden dürfte das nicht.</p>"


@pytest.mark.django_db
class TestPullQuoteSpeakerFromRoster:
    def test_roster_speaker_fills_name_and_role(self, make_story, render_page):
        expert = make_expert()
        soup = render_page(make_story([("pull_quote", pull_quote_value(speaker=expert))]))
        assert soup.select_one(".newsblocks-pull-quote__speaker").get_text() == "Joseph Dempsey"
        assert soup.select_one(".newsblocks-pull-quote__role").get_text() == (
            "Defence researcher, International Institute for Strategic Studies"
        )

    def test_typed_attribution_wins_but_keeps_the_identity(self):
        expert = make_expert()
        block = PullQuoteBlock()
        value = block.to_python(
            _raw(pull_quote_value(speaker=expert, attribution="J. Dempsey", role="then at IISS"))
        )
        data = block.get_api_representation(value)
        assert (data["attribution"], data["role"]) == ("J. Dempsey", "then at IISS")
        assert data["speaker"]["id"] == expert.pk


@pytest.mark.django_db
class TestRosterAdmin:
    def test_listing_search_and_filter(self, admin_client):
        make_expert(portrait=True)
        make_expert("Anna Berg", role="Economist", organization="IfW Kiel")
        response = admin_client.get("/admin/snippets/wagtail_newsblocks/expert/")
        soup = BeautifulSoup(response.content, "html.parser")
        rows = soup.select("tbody tr")
        assert [
            row.select_one("td a").get_text(strip=True) for row in rows if row.select_one("td a")
        ] == [
            "Anna Berg",
            "Joseph Dempsey",
        ]
        assert len(soup.select("tbody img.newsblocks-roster-portrait")) == 2
        response = admin_client.get("/admin/snippets/wagtail_newsblocks/expert/", {"q": "Dempsey"})
        assert (
            "Joseph Dempsey" in response.content.decode()
            and "Anna Berg" not in response.content.decode()
        )
        response = admin_client.get(
            "/admin/snippets/wagtail_newsblocks/expert/", {"organization": "IfW Kiel"}
        )
        assert (
            "Anna Berg" in response.content.decode()
            and "Joseph Dempsey" not in response.content.decode()
        )

    def test_create_in_the_admin(self, admin_client):
        portrait = make_image("Uploaded portrait")
        response = admin_client.post(
            "/admin/snippets/wagtail_newsblocks/expert/add/",
            {
                "name": "Maria Lopez",
                "role": "Climate scientist",
                "organization": "Potsdam Institute",
                "portrait": portrait.pk,
                "bio": "",
                "profile_url": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Expert.objects.get(name="Maria Lopez").portrait == portrait


@pytest.mark.parametrize(
    ("block", "name", "limit"),
    [
        (ExpertOpinionBlock(), "label", 60),
        (ExpertOpinionBlock(), "headline", 140),
        (StoryImageBlock(), "caption", 500),
    ],
)
def test_limited_one_line_fields_show_live_counters(block, name, limit):
    html = block.child_blocks[name].field.widget.render(name, "", attrs={"id": name})
    assert 'data-controller="newsblocks-count"' in html
    assert f'data-newsblocks-count-max-value="{limit}"' in html
    # The browser's maxlength counts UTF-16 units of the untrimmed text, not
    # as clean() does: the counter warns instead (tests/test_length_limits.py).
    assert "maxlength" not in html
    assert f"At most {limit} characters." in str(block.child_blocks[name].field.help_text)


def test_initials():
    assert initials("Joseph Dempsey") == "JD"
    assert initials("Kim Jong Un") == "KU"
    assert initials("Madonna") == "M"
    assert initials("  ") == "?"
    assert initials("Jean-Luc Picard") == "JP"


class TestRosterChooser:
    """#20.5: the chooser shows the chosen expert's portrait, and its words in the editor's language."""

    def chooser_html(self, value=None):
        widget = ExpertOpinionBlock().child_blocks["expert"].field.widget
        return BeautifulSoup(
            widget.render("expert", value, attrs={"id": "id_expert"}), "html.parser"
        )

    def test_says_choose_expert_in_the_editors_language(self, db):
        from django.utils import translation

        with translation.override("de"):
            soup = self.chooser_html()
        assert soup.select_one(".chooser__choose-button").get_text(strip=True) == (
            "Experte auswählen"
        )
        with translation.override("en"):
            soup = self.chooser_html()
        assert soup.select_one(".chooser__choose-button").get_text(strip=True) == "Choose expert"

    def test_has_a_portrait_instead_of_an_icon(self, db):
        expert = make_expert(portrait=True)
        soup = self.chooser_html(expert)
        chooser = soup.select_one("#id_expert-chooser")
        assert chooser["data-controller"] == "newsblocks-portrait"
        assert chooser["data-newsblocks-portrait-input-value"] == "id_expert"
        url = chooser["data-newsblocks-portrait-url-value"]
        image = chooser.select_one(".chosen img[data-newsblocks-portrait-target=image]")
        assert image["alt"] == ""
        assert chooser.select_one(".chosen .chooser__preview svg") is None
        assert url + f"{expert.pk}/" == f"/admin/newsblocks/portrait/{expert.pk}/"

    def test_portrait_url_answers_with_the_portrait_or_the_initials(self, admin_client):
        with_portrait = make_expert(portrait=True)
        without = make_expert("Anna Berg")
        response = admin_client.get(f"/admin/newsblocks/portrait/{with_portrait.pk}/")
        assert response.status_code == 302
        assert response["Location"] == with_portrait.portrait.get_rendition("fill-80x80").url
        response = admin_client.get(f"/admin/newsblocks/portrait/{without.pk}/")
        assert response.status_code == 302
        assert "wagtail_newsblocks/portraits/" in response["Location"]
        assert admin_client.get("/admin/newsblocks/portrait/999999/").status_code == 404

    def test_portrait_url_is_for_editors_only(self, client, db):
        expert = make_expert(portrait=True)
        response = client.get(f"/admin/newsblocks/portrait/{expert.pk}/")
        assert response.status_code == 302 and "/login/" in response["Location"]
