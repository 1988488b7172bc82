"""Comment-policy footers: when a story's discussion closes, and what readers see."""

import datetime
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale, Page, Site

from tests.factories import comment_policy_value
from tests.testapp.models import STORY_CACHE_MAX_AGE, StoryPage
from wagtail_newsblocks.blocks import CommentPolicyBlock, NewsStoryBlock
from wagtail_newsblocks.blocks.comment_policy import policy_lines
from wagtail_newsblocks.comment_policy import (
    add_months,
    comment_state,
    comment_state_changes_at,
    seconds_until_comment_state_changes,
)
from wagtail_newsblocks.models import CommentPolicySettings

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
UTC = datetime.UTC

# The seed story's first publication and the moment 18 months later.
SEED_PUBLISHED = datetime.datetime(2023, 9, 13, 10, 30, tzinfo=VIENNA)
SEED_CLOSES = datetime.datetime(2025, 3, 13, 10, 30, tzinfo=BERLIN)


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def policy(**overrides):
    return ("comment_policy", comment_policy_value(**overrides))


def paragraph(text="<p>Ein Absatz.</p>"):
    return ("paragraph", text)


def text_of(element):
    return re.sub(r"\s+", " ", element.get_text()).strip()


@pytest.fixture
def story_at(make_story):
    """Publish a story as if at ``moment`` (time travel), with the given footer."""

    def make(moment, footer=None, *, language="de", **fields):
        with time_machine.travel(moment, tick=False):
            story = make_story([paragraph(), footer or policy()], language=language, **fields)
        # Publishing works on a copy from the revision; read back what it stored.
        story.refresh_from_db()
        return story

    return make


def footer_at(render_page, page, moment):
    with time_machine.travel(moment, tick=False):
        return render_page(page).select_one(".newsblocks-comment-policy")


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            # The seed story: 13 September 2023 + 18 months.
            (SEED_PUBLISHED, 18, SEED_CLOSES),
            # The day is clamped to the month's last day; leap years count.
            (berlin(2023, 8, 31, 9, 0), 6, berlin(2024, 2, 29, 9, 0)),
            (berlin(2022, 8, 31, 9, 0), 6, berlin(2023, 2, 28, 9, 0)),
            (berlin(2024, 2, 29, 12, 0), 12, berlin(2025, 2, 28, 12, 0)),
            (berlin(2024, 2, 29, 12, 0), 48, berlin(2028, 2, 29, 12, 0)),
            (berlin(2024, 1, 31, 8, 0), 1, berlin(2024, 2, 29, 8, 0)),
            (berlin(2023, 1, 31, 8, 0), 1, berlin(2023, 2, 28, 8, 0)),
            (berlin(2024, 3, 31, 8, 0), 1, berlin(2024, 4, 30, 8, 0)),
            (berlin(2023, 11, 30, 8, 0), 3, berlin(2024, 2, 29, 8, 0)),
            (berlin(2023, 12, 15, 8, 0), 1, berlin(2024, 1, 15, 8, 0)),
            (berlin(2023, 5, 15, 8, 0), 120, berlin(2033, 5, 15, 8, 0)),
            (berlin(2025, 3, 31, 8, 0), -1, berlin(2025, 2, 28, 8, 0)),
            # Winter to summer time and back: the wall-clock hour stays.
            (berlin(2024, 1, 15, 9, 0), 6, berlin(2024, 7, 15, 9, 0)),
            (berlin(2024, 7, 15, 9, 0), 6, berlin(2025, 1, 15, 9, 0)),
        ],
    )
    def test_calendar_months(self, start, months, expected):
        result = add_months(start, months, BERLIN)
        assert result == expected
        assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)

    def test_daylight_saving_keeps_the_local_hour(self):
        # 9:00 in January is 08:00 UTC; 9:00 in July is 07:00 UTC.
        result = add_months(berlin(2024, 1, 15, 9, 0), 6, BERLIN)
        assert result.astimezone(UTC).hour == 7
        assert result.utcoffset() == datetime.timedelta(hours=2)

    def test_onto_the_spring_forward_night(self):
        # 02:30 does not exist on 30 March 2025 in Berlin: it becomes 03:30 CEST.
        result = add_months(berlin(2024, 9, 30, 2, 30), 6, BERLIN)
        assert result.astimezone(UTC) == datetime.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
        assert (result.hour, result.minute) == (3, 30)

    def test_onto_the_fall_back_night(self):
        # 02:30 happens twice on 27 October 2024; the first (summer time) is taken.
        result = add_months(berlin(2024, 4, 27, 2, 30), 6, BERLIN)
        assert result.astimezone(UTC) == datetime.datetime(2024, 10, 27, 0, 30, tzinfo=UTC)

    def test_counts_on_the_site_clock_not_utc(self, settings):
        # 31 Jan 23:30 in Berlin is still 31 January there, but 22:30 UTC.
        settings.TIME_ZONE = "Europe/Berlin"
        start = datetime.datetime(2024, 1, 31, 22, 30, tzinfo=UTC)
        assert add_months(start, 1) == berlin(2024, 2, 29, 23, 30)

    def test_naive_times_are_site_times(self, settings):
        settings.TIME_ZONE = "Europe/Berlin"
        assert add_months(datetime.datetime(2023, 8, 31, 10, 0), 6) == berlin(2024, 2, 29, 10, 0)


@pytest.mark.django_db
class TestStateOverTime:
    @pytest.mark.parametrize(
        ("now", "state"),
        [
            (SEED_PUBLISHED, "open"),
            (berlin(2023, 9, 14, 0, 0), "open"),
            (berlin(2024, 2, 29, 12, 0), "open"),
            (berlin(2024, 9, 13, 10, 30), "open"),
            (berlin(2025, 3, 12, 23, 59), "open"),
            (SEED_CLOSES - datetime.timedelta(seconds=1), "open"),
            (SEED_CLOSES, "closed"),
            (SEED_CLOSES + datetime.timedelta(seconds=1), "closed"),
            (berlin(2025, 3, 14, 0, 0), "closed"),
            (berlin(2026, 11, 27, 12, 0), "closed"),
            (berlin(2033, 1, 1, 0, 0), "closed"),
        ],
    )
    def test_seed_story_closes_after_18_months(self, story_at, now, state):
        story = story_at(SEED_PUBLISHED)
        with time_machine.travel(now, tick=False):
            result = comment_state(story)
        assert result.state == state
        assert result.closes_at == SEED_CLOSES
        assert result.months == 18
        assert result.changes_at == (SEED_CLOSES if state == "open" else None)

    @pytest.mark.parametrize(
        ("mode", "now", "state"),
        [
            ("open", berlin(2030, 1, 1, 0, 0), "open"),
            ("closed", berlin(2023, 9, 13, 11, 0), "closed"),
            ("disabled", berlin(2023, 9, 13, 11, 0), "disabled"),
            ("disabled", berlin(2030, 1, 1, 0, 0), "disabled"),
        ],
    )
    def test_editors_choice_wins_over_age(self, story_at, mode, now, state):
        story = story_at(SEED_PUBLISHED, policy(mode=mode))
        result = comment_state(story, now=now)
        assert (result.state, result.mode) == (state, mode)
        # Nothing changes with time, so there is no closing moment to wait for.
        assert result.closes_at is None and result.changes_at is None

    def test_publication_date_counts_not_the_latest_edit(self, story_at):
        story = story_at(SEED_PUBLISHED)
        with time_machine.travel(berlin(2025, 1, 1, 0, 0), tick=False):
            story.save_revision().publish()
        story.refresh_from_db()
        assert comment_state(story, now=berlin(2025, 6, 1, 0, 0)).state == "closed"

    def test_scheduled_story_counts_from_go_live(self, db):
        story = StoryPage(title="Geplant", go_live_at=berlin(2024, 1, 10, 6, 0))
        result = comment_state(story, now=berlin(2024, 1, 1, 0, 0))
        assert result.closes_at == berlin(2025, 7, 10, 6, 0)

    def test_unpublished_preview_counts_from_now(self, db):
        now = berlin(2024, 8, 31, 18, 0)
        result = comment_state(StoryPage(title="Entwurf"), now=now)
        assert result.state == "open"
        assert result.published_at == now
        assert result.closes_at == berlin(2026, 2, 28, 18, 0)

    def test_without_a_page_or_site_the_defaults_apply(self, db):
        result = comment_state(None, now=berlin(2024, 1, 1, 0, 0))
        assert result.state == "open" and result.months == 18
        assert result.contact_email == "" and result.discussion_page is None


@pytest.mark.django_db
class TestOverrides:
    def test_months_from_the_site(self, story_at, site_policy):
        site_policy.close_after_months = 6
        site_policy.save()
        story = story_at(berlin(2023, 8, 31, 10, 0))
        result = comment_state(story, now=berlin(2024, 2, 29, 9, 59))
        assert result.closes_at == berlin(2024, 2, 29, 10, 0)
        assert result.state == "open"
        assert comment_state(story, now=berlin(2024, 2, 29, 10, 0)).state == "closed"

    def test_months_from_the_block_win(self, story_at, site_policy):
        story = story_at(SEED_PUBLISHED, policy(close_after_months=1))
        result = comment_state(story, now=berlin(2023, 10, 13, 10, 31))
        assert result.state == "closed"
        assert result.months == 1
        assert result.message == (
            "Da dieser Artikel älter als 1 Monat ist, ist zum jetzigen Zeitpunkt kein "
            "Kommentieren mehr möglich."
        )

    def test_block_message_contact_and_discussion_page(
        self, story_at, site_policy, news_index, render_page
    ):
        elsewhere = news_index.add_child(instance=Page(title="Debatte", slug="debatte"))
        elsewhere.save_revision().publish()
        story = story_at(
            SEED_PUBLISHED,
            policy(
                message="Nach {months} Monaten ist Schluss.",
                discussion_page=elsewhere,
                contact_email="leserbriefe@example.org",
            ),
        )
        footer = footer_at(render_page, story, berlin(2026, 1, 1, 0, 0))
        assert text_of(footer.select_one(".newsblocks-comment-policy__message")) == (
            "Nach 18 Monaten ist Schluss."
        )
        link = footer.select_one(".newsblocks-comment-policy__invitation a")
        assert (link.get_text(), link["href"]) == ("Debatte", "/debatte/")
        mail = footer.select_one(".newsblocks-comment-policy__contact a")
        assert mail["href"] == "mailto:leserbriefe@example.org"

    def test_site_texts_with_months(self, story_at, site_policy):
        site_policy.open_message = "Noch offen; nach {months} Monaten schließen wir."
        site_policy.closed_message = "Älter als {months} Monate: geschlossen."
        site_policy.save()
        story = story_at(SEED_PUBLISHED)
        assert comment_state(story, now=berlin(2024, 1, 1, 0, 0)).message == (
            "Noch offen; nach 18 Monaten schließen wir."
        )
        assert comment_state(story, now=berlin(2026, 1, 1, 0, 0)).message == (
            "Älter als 18 Monate: geschlossen."
        )

    def test_site_texts_describe_the_rule_not_an_editors_choice(self, story_at, site_policy):
        site_policy.closed_message = "Älter als {months} Monate: geschlossen."
        site_policy.save()
        story = story_at(SEED_PUBLISHED, policy(mode="closed"))
        result = comment_state(story, now=berlin(2023, 9, 14, 0, 0))
        assert result.message == "Die Kommentarfunktion ist für diesen Artikel geschlossen."

    def test_an_unpublished_discussion_page_is_not_linked(self, story_at, site_policy):
        site_policy.discussion_page.unpublish()
        story = story_at(SEED_PUBLISHED)
        assert comment_state(story, now=berlin(2026, 1, 1, 0, 0)).discussion_page is None


@pytest.mark.django_db
class TestPerSite:
    @pytest.fixture
    def second_site(self, db):
        from wagtail.models import Page

        root = Page.get_first_root_node()
        index = root.add_child(instance=Page(title="Regionalausgabe", slug="regional"))
        site = Site.objects.create(hostname="127.0.0.1", port=80, root_page=index)
        settings = CommentPolicySettings.for_site(site)
        settings.close_after_months = 3
        settings.contact_email = "region@example.org"
        settings.save()
        return index

    def test_each_site_has_its_own_policy(self, story_at, site_policy, second_site, client):
        main_story = story_at(SEED_PUBLISHED)
        with time_machine.travel(SEED_PUBLISHED, tick=False):
            regional = second_site.add_child(
                instance=StoryPage(title="Regional", slug="regional-story", body=[policy()])
            )
            regional.save_revision().publish()
        regional.refresh_from_db()
        now = berlin(2024, 1, 1, 0, 0)
        assert comment_state(main_story, now=now).state == "open"
        assert comment_state(regional, now=now).state == "closed"
        assert comment_state(regional, now=now).contact_email == "region@example.org"
        with time_machine.travel(now, tick=False):
            response = client.get("/regional-story/", HTTP_HOST="127.0.0.1")
        from bs4 import BeautifulSoup

        footer = BeautifulSoup(response.content, "html.parser").select_one(
            ".newsblocks-comment-policy"
        )
        assert footer["data-comments-state"] == "closed"
        assert "3 months" in text_of(footer)
        assert footer.select_one('a[href="mailto:region@example.org"]') is not None

    def test_settings_are_edited_per_site_in_the_admin(self, admin_client, second_site):
        site = Site.objects.get(hostname="127.0.0.1")
        url = f"/admin/settings/wagtail_newsblocks/commentpolicysettings/{site.pk}/"
        response = admin_client.get(url)
        assert response.status_code == 200
        data = {
            "close_after_months": "24",
            "contact_email": "forum@example.org",
            "guidelines_url": "",
            "discussion_page": "",
            "open_message": "",
            "closed_message": "",
        }
        response = admin_client.post(url, data)
        assert response.status_code == 302
        assert CommentPolicySettings.for_site(site).close_after_months == 24
        default = Site.objects.get(is_default_site=True)
        assert CommentPolicySettings.for_site(default).close_after_months == 18


@pytest.mark.django_db
class TestRenderedFooter:
    def test_german_closed_footer(self, story_at, site_policy, render_page):
        story = story_at(SEED_PUBLISHED)
        footer = footer_at(render_page, story, berlin(2026, 11, 27, 12, 0))
        assert footer.name == "section"
        assert footer["data-comments-state"] == "closed"
        assert "newsblocks-comment-policy--closed" in footer["class"]
        assert footer["data-comments-closes-at"] == "2025-03-13T10:30:00+01:00"
        assert [text_of(p) for p in footer.select("p")] == [
            "Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein "
            "Kommentieren mehr möglich.",
            "Wir laden Sie ein, bei einer aktuelleren themenrelevanten Story mitzudiskutieren: "
            "Themenübersicht.",
            "Bei Fragen können Sie sich gern an das Community-Team per Mail an "
            "community@example.org wenden.",
        ]
        assert footer.select_one(".newsblocks-comment-policy__invitation a")["href"] == "/themen/"
        assert footer.select_one("a[href^=mailto]")["href"] == "mailto:community@example.org"
        # No comment system once the discussion is closed.
        assert footer.select_one(".newsblocks-comment-policy__comment-system") is None

    def test_german_open_footer(self, story_at, site_policy, render_page):
        story = story_at(SEED_PUBLISHED)
        footer = footer_at(render_page, story, berlin(2024, 5, 1, 12, 0))
        assert footer["data-comments-state"] == "open"
        assert text_of(footer.select_one("h2")) == "Kommentare"
        assert [text_of(p) for p in footer.select("p")[:3]] == [
            "Diskutieren Sie mit: Dieser Artikel kann bis 18 Monate nach Erscheinen "
            "kommentiert werden.",
            "Die Kommentarfunktion wird am 13. März 2025 geschlossen.",
            "Bitte lesen Sie vor dem Kommentieren unsere Community-Richtlinien.",
        ]
        time = footer.select_one("time")
        assert time["datetime"] == "2025-03-13T10:30:00+01:00"
        guidelines = footer.select_one(".newsblocks-comment-policy__guidelines a")
        assert guidelines["href"] == "https://example.org/community-guidelines"

    def test_english_footers(self, story_at, site_policy, render_page):
        story = story_at(SEED_PUBLISHED, language="en")
        footer = footer_at(render_page, story, berlin(2024, 5, 1, 12, 0))
        assert text_of(footer.select_one("h2")) == "Comments"
        assert [text_of(p) for p in footer.select("p")[:3]] == [
            "Join the discussion: comments on this story are open for 18 months after publication.",
            "Comments close on March 13, 2025.",
            "Before you comment, please read our community guidelines.",
        ]
        footer = footer_at(render_page, story, berlin(2025, 3, 13, 10, 30))
        assert [text_of(p) for p in footer.select("p")] == [
            "As this story is older than 18 months, it can no longer be commented on.",
            "We invite you to join the discussion on a more recent story: Themenübersicht.",
            "If you have questions, write to the community team at community@example.org.",
        ]

    def test_a_discussion_page_in_another_language_is_linked_as_such(
        self, story_at, site_policy, render_page
    ):
        # The newsroom's discussion page exists only in German: an English
        # story links it with the page's language, so that screen readers say
        # "Themenübersicht" in German and browsers know where the link goes.
        german, _created = Locale.objects.get_or_create(language_code="de")
        Page.objects.filter(pk=site_policy.discussion_page_id).update(locale=german)
        closed = berlin(2025, 3, 13, 10, 30)
        english = story_at(SEED_PUBLISHED, language="en", slug="english")
        link = footer_at(render_page, english, closed).select_one(
            ".newsblocks-comment-policy__invitation a"
        )
        assert (link.get("lang"), link.get("hreflang"), text_of(link)) == (
            "de",
            "de",
            "Themenübersicht",
        )
        german_story = story_at(SEED_PUBLISHED, language="de", slug="deutsch")
        link = footer_at(render_page, german_story, closed).select_one(
            ".newsblocks-comment-policy__invitation a"
        )
        assert (link.get("lang"), link.get("hreflang")) == (None, None)
        # In the story's own locale the linked page's locale is not looked up:
        # the footer is rendered on every request.
        with time_machine.travel(closed, tick=False):
            state = comment_state(german_story)
        state = replace(state, discussion_page=Page.objects.get(pk=site_policy.discussion_page_id))
        with CaptureQueriesContext(connection) as queries:
            policy_lines(state, story_page=german_story)
        assert not [query for query in queries if 'FROM "wagtailcore_locale"' in query["sql"]]

    def test_singular_month(self, story_at, site_policy, render_page):
        story = story_at(SEED_PUBLISHED, policy(close_after_months=1), language="en")
        footer = footer_at(render_page, story, berlin(2024, 1, 1, 0, 0))
        assert "older than 1 month," in text_of(footer)

    def test_editor_closed_and_disabled(self, story_at, site_policy, render_page):
        closed = story_at(SEED_PUBLISHED, policy(mode="closed"), slug="closed")
        footer = footer_at(render_page, closed, berlin(2023, 9, 14, 0, 0))
        assert footer["data-comments-state"] == "closed"
        assert text_of(footer.select_one("p")) == (
            "Die Kommentarfunktion ist für diesen Artikel geschlossen."
        )
        disabled = story_at(SEED_PUBLISHED, policy(mode="disabled"), slug="disabled")
        footer = footer_at(render_page, disabled, berlin(2023, 9, 14, 0, 0))
        assert footer["data-comments-state"] == "disabled"
        assert footer.has_attr("hidden") and text_of(footer) == ""

    def test_disabled_with_a_reason(self, story_at, site_policy, render_page):
        reason = "Aus rechtlichen Gründen können Sie diesen Artikel nicht kommentieren."
        story = story_at(SEED_PUBLISHED, policy(mode="disabled", message=reason))
        footer = footer_at(render_page, story, berlin(2023, 9, 14, 0, 0))
        assert footer.name == "section" and not footer.has_attr("hidden")
        assert [text_of(p) for p in footer.select("p")] == [reason]
        assert footer.select_one("a") is None

    def test_accessible_markup(self, story_at, site_policy, render_page):
        story = story_at(SEED_PUBLISHED)
        with time_machine.travel(berlin(2024, 1, 1, 0, 0), tick=False):
            soup = render_page(story)
        footer = soup.select_one("section.newsblocks-comment-policy")
        heading = footer.select_one("h2")
        assert footer["aria-labelledby"] == heading["id"]
        assert soup.select(f"#{heading['id']}") == [heading]
        # The footer is a section of the story: the page title is the only h1.
        assert [h.get_text() for h in soup.select("h1")] == ["A story"]
        assert heading.name == "h2"
        assert footer.select("script, style") == []
        for element in footer.find_all(True):
            assert not element.has_attr("style")
            assert not any(name.startswith("on") for name in element.attrs)

    def test_comment_system_slot(self, story_at, site_policy, render_page, settings):
        story = story_at(SEED_PUBLISHED)
        footer = footer_at(render_page, story, berlin(2024, 1, 1, 0, 0))
        slot = footer.select_one(".newsblocks-comment-policy__comment-system")
        # The example site plugs in its stand-in through COMMENT_SYSTEM_TEMPLATE.
        assert slot.select_one(".testapp-comments")["data-story-id"] == str(story.pk)
        settings.WAGTAIL_NEWSBLOCKS = {}
        footer = footer_at(render_page, story, berlin(2024, 1, 1, 0, 0))
        slot = footer.select_one(".newsblocks-comment-policy__comment-system")
        assert text_of(slot) == "" and slot.find(True) is None

    def test_footer_without_site_settings(self, story_at, render_page):
        story = story_at(SEED_PUBLISHED)
        footer = footer_at(render_page, story, berlin(2026, 1, 1, 0, 0))
        # Nothing to link to: the message alone.
        assert len(footer.select("p")) == 1 and footer.select_one("a") is None


@pytest.mark.django_db
class TestAPI:
    def test_page_api_carries_state_moment_and_texts(self, story_at, site_policy, client):
        story = story_at(SEED_PUBLISHED)
        with time_machine.travel(berlin(2026, 1, 1, 0, 0), tick=False):
            response = client.get(f"/api/v2/pages/{story.pk}/")
        footer = response.json()["body"][-1]
        assert footer["type"] == "comment_policy"
        assert footer["value"] == {
            "mode": "auto",
            "state": "closed",
            "published_at": "2023-09-13T10:30:00+02:00",
            "closes_at": "2025-03-13T10:30:00+01:00",
            "close_after_months": 18,
            "message": "Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen "
            "Zeitpunkt kein Kommentieren mehr möglich.",
            "closing_date": "",
            "invitation": "Wir laden Sie ein, bei einer aktuelleren themenrelevanten Story "
            "mitzudiskutieren: Themenübersicht.",
            "discussion_url": "http://localhost/themen/",
            "discussion_title": "Themenübersicht",
            "contact": "Bei Fragen können Sie sich gern an das Community-Team per Mail an "
            "community@example.org wenden.",
            "contact_email": "community@example.org",
            "guidelines_url": "https://example.org/community-guidelines",
        }

    def test_open_state_in_the_api(self, story_at, site_policy, client):
        story = story_at(SEED_PUBLISHED, language="en")
        with time_machine.travel(berlin(2024, 1, 1, 0, 0), tick=False):
            value = client.get(f"/api/v2/pages/{story.pk}/").json()["body"][-1]["value"]
        assert value["state"] == "open"
        assert value["closing_date"] == "Comments close on March 13, 2025."
        assert value["invitation"] == "" and value["contact"] == ""

    def test_explicit_mode_has_no_closing_moment(self, story_at, site_policy, client):
        story = story_at(SEED_PUBLISHED, policy(mode="open"))
        value = client.get(f"/api/v2/pages/{story.pk}/").json()["body"][-1]["value"]
        assert (value["mode"], value["state"], value["closes_at"]) == ("open", "open", None)


@pytest.mark.django_db
class TestValidation:
    block = CommentPolicyBlock()

    def clean(self, **overrides):
        return self.block.clean(self.block.to_python(policy(**overrides)[1]))

    @pytest.mark.parametrize("months", [0, -3, 121])
    def test_months_out_of_range(self, months):
        with pytest.raises(StructBlockValidationError) as error:
            self.clean(close_after_months=months)
        [message] = error.value.block_errors["close_after_months"].messages
        assert message.startswith("Comment policy: close comments after 1 to 120 months")

    @pytest.mark.parametrize("months", [1, 18, 120, None])
    def test_months_in_range(self, months):
        assert self.clean(close_after_months=months)["close_after_months"] == months

    def test_message_placeholders(self):
        assert self.clean(message="Nach {months} Monaten geschlossen.")["message"]
        with pytest.raises(StructBlockValidationError) as error:
            self.clean(message="Nach {monate} Monaten geschlossen.")
        [message] = error.value.block_errors["message"].messages
        assert message == (
            "Comment policy: in the message, use {months} for the number of months; "
            "other curly braces are not allowed."
        )

    def test_contact_email(self):
        with pytest.raises(StructBlockValidationError) as error:
            self.clean(contact_email="community at example.org")
        assert "contact_email" in error.value.block_errors

    def test_one_footer_per_story(self):
        story = NewsStoryBlock()
        value = story.to_python(
            [{"type": "comment_policy", "value": policy()[1]} for _ in range(2)]
        )
        with pytest.raises(ValidationError):
            story.clean(value)

    def test_settings_texts_and_months(self, db):
        site = Site.objects.get(is_default_site=True)
        settings = CommentPolicySettings(
            site=site, close_after_months=0, closed_message="Älter als {monate} Monate."
        )
        with pytest.raises(ValidationError) as error:
            settings.full_clean()
        errors = error.value.message_dict
        assert errors["closed_message"] == [
            "Comment policy: use {months} for the number of months; other curly braces "
            "are not allowed in the text."
        ]
        assert errors["close_after_months"] == [
            "Comment policy: close comments after 1 to 120 months."
        ]

    def test_settings_form_in_the_admin_shows_the_message(self, admin_client):
        site = Site.objects.get(is_default_site=True)
        url = f"/admin/settings/wagtail_newsblocks/commentpolicysettings/{site.pk}/"
        response = admin_client.post(
            url,
            {
                "close_after_months": "18",
                "contact_email": "",
                "guidelines_url": "",
                "discussion_page": "",
                "open_message": "Offen für {Monate} Monate.",
                "closed_message": "",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["open_message"] == [
            "Comment policy: use {months} for the number of months; other curly braces "
            "are not allowed in the text."
        ]


@pytest.mark.django_db
class TestCacheLifetime:
    def test_seconds_until_closing(self, story_at):
        story = story_at(SEED_PUBLISHED)
        now = SEED_CLOSES - datetime.timedelta(minutes=1)
        assert comment_state_changes_at(story, now=now) == SEED_CLOSES
        assert seconds_until_comment_state_changes(story, now=now) == 60
        just_before = SEED_CLOSES - datetime.timedelta(milliseconds=300)
        assert seconds_until_comment_state_changes(story, now=just_before) == 1

    def test_nothing_changes_once_closed_or_chosen(self, story_at):
        story = story_at(SEED_PUBLISHED)
        assert seconds_until_comment_state_changes(story, now=SEED_CLOSES) is None
        chosen = story_at(SEED_PUBLISHED, policy(mode="open"), slug="chosen")
        assert seconds_until_comment_state_changes(chosen, now=SEED_PUBLISHED) is None

    def test_uses_the_pages_own_footer(self, story_at):
        story = story_at(SEED_PUBLISHED, policy(close_after_months=1))
        now = berlin(2023, 10, 13, 10, 29)
        assert seconds_until_comment_state_changes(story, now=now) == 60

    def test_story_one_minute_before_closing_is_cached_at_most_a_minute(self, story_at, client):
        story = story_at(SEED_PUBLISHED)
        with time_machine.travel(SEED_CLOSES - datetime.timedelta(minutes=1), tick=False):
            response = client.get(story.url)
        assert _max_age(response) <= 60
        with time_machine.travel(SEED_CLOSES - datetime.timedelta(days=3), tick=False):
            response = client.get(story.url)
        assert _max_age(response) == STORY_CACHE_MAX_AGE
        with time_machine.travel(SEED_CLOSES + datetime.timedelta(minutes=1), tick=False):
            response = client.get(story.url)
        assert _max_age(response) == STORY_CACHE_MAX_AGE


def _max_age(response) -> int:
    match = re.search(r"max-age=(\d+)", response.headers["Cache-Control"])
    return int(match.group(1))


def test_missing_settings_app_is_reported(monkeypatch):
    from django.apps import apps

    from wagtail_newsblocks.checks import check_settings_app_installed

    assert check_settings_app_installed() == []
    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail.contrib.settings" and installed(name)
    )
    [warning] = check_settings_app_installed()
    assert warning.id == "wagtail_newsblocks.W001"
    assert "wagtail.contrib.settings" in warning.msg
