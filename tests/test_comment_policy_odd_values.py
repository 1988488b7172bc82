"""Odd stored comment-policy values degrade with a warning; no write road lets them in.

A publication date in year 9999, a story's "Close after (months)" of
``10**12`` or ``"abc"``, or a site limit of that kind: stored behind
validation's back (``QuerySet.update``, raw SQL, an old release), each must
leave the story readable on every road (page, share page, the discussions
page, API v2 and v3), the footer showing what is sound, and a warning in the
log that names the page and the block. Validation refuses the same values
with a message naming the block and the field.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import comment_policy_value, pull_quote_value, stored_body
from tests.testapp.models import STORY_CACHE_MAX_AGE, StoryPage
from wagtail_newsblocks.api import PageAwareStreamFieldSerializer
from wagtail_newsblocks.blocks import StoryValidationError
from wagtail_newsblocks.comment_policy import (
    DEFAULT_CLOSE_AFTER_MONTHS,
    add_months,
    comment_state,
    sound_months,
)
from wagtail_newsblocks.models import CommentPolicySettings

pytestmark = pytest.mark.django_db

HAS_V3 = importlib.util.find_spec("wagtail.api.v3") is not None
UTC = datetime.UTC
MONTHS_REFUSED = (
    "Block 3 (Comment policy), “Close after (months)”: Comment policy: close comments after "
    "1 to 120 months, or leave “Close after (months)” empty to follow the site's rule."
)
ODD_MONTHS = [10**12, "abc", 0, -3, 121, 1.5, True, [18], {"months": 18}]


def body(**footer_overrides) -> list:
    return [
        ("paragraph", "<p>Nachtzüge fahren wieder.</p>"),
        ("pull_quote", pull_quote_value(quote="Nachtzüge fahren wieder", attribution="Kim")),
        ("comment_policy", comment_policy_value(**footer_overrides)),
    ]


@pytest.fixture
def story(make_story, site_policy):
    story = make_story(body(), language="de", title="Nachtzüge", slug="nachtzuege")
    # Publishing works on a copy from the revision; read back what it stored.
    story.refresh_from_db()
    return story


def store_footer(story, **changes) -> None:
    """Change the stored footer (block 3) with ``QuerySet.update``, as a script would."""
    stored = stored_body(story)
    stored[2]["value"].update(changes)
    StoryPage.objects.filter(pk=story.pk).update(body=json.dumps(stored))


def store_site_months(settings, months) -> None:
    """The site's limit straight into the database (the ORM refuses a non-number)."""
    if isinstance(months, int):
        CommentPolicySettings.objects.filter(pk=settings.pk).update(close_after_months=months)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CommentPolicySettings._meta.db_table} SET close_after_months = %s "
            "WHERE id = %s",
            [months, settings.pk],
        )


def every_view(client, story, *, pages=True) -> dict:
    """GET everything that shows the story; all must answer 200. Returns what was read.

    ``pages=False``: the package's parts only, the story body rendered as the
    page template includes it and serialised as the API does, for a date that
    the example site's templates and Wagtail's API (its page ``meta``) cannot
    show.
    """
    if pages:
        response = client.get(story.url)
        assert response.status_code == 200, response.content[:3000]
        soup = BeautifulSoup(response.content, "html.parser")
        max_age = response.headers["Cache-Control"]
        share = soup.select_one("a.newsblocks-pull-quote__share")["href"]
        assert client.get(share).status_code == 200
        for url in ("/themen/", "/"):
            assert client.get(url).status_code == 200, url
    else:
        page = StoryPage.objects.get(pk=story.pk)
        html = page.body.render_as_block(context={"page": page, "request": None})
        soup = BeautifulSoup(str(html), "html.parser")
        max_age = f"max-age={page.cache_max_age(None)}"
        serializer = PageAwareStreamFieldSerializer()
        serializer.bind(field_name="body", parent=None)
        api = serializer.to_representation(serializer.get_attribute(page))[2]["value"]
        return {"footer": soup.select_one("[data-comments-state]"), "api": api, "max_age": max_age}
    detail = client.get(f"/api/v2/pages/{story.pk}/")
    assert detail.status_code == 200, detail.content[:3000]
    listing = client.get("/api/v2/pages/", {"type": "testapp.StoryPage", "fields": "body"})
    assert listing.status_code == 200, listing.content[:3000]
    apis = [detail.json()["body"], listing.json()["items"][0]["body"]]
    if HAS_V3:
        v3 = client.get(f"/api/v3/pages/{story.pk}/")
        assert v3.status_code == 200, v3.content[:3000]
        apis.append(v3.json()["body"])
    api = apis[0][2]["value"]
    for other in apis[1:]:
        assert other[2]["value"] == api
    return {
        "footer": soup.select_one("[data-comments-state]"),
        "api": api,
        "max_age": max_age,
    }


def warnings_about(caplog, story) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING
        and record.name.startswith("wagtail_newsblocks")
        and f"Page {story.pk}" in record.getMessage()
    ]


class TestStoredMonths:
    @pytest.mark.parametrize("months", ODD_MONTHS, ids=repr)
    def test_the_sites_limit_stands_in(self, story, client, caplog, months):
        store_footer(story, close_after_months=months)
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            seen = every_view(client, story)
        footer, api = seen["footer"], seen["api"]
        # Published just now, 18 months (the site's limit) to go.
        assert footer["data-comments-state"] == "open"
        assert "18 Monate" in footer.get_text()
        assert api["state"] == "open" and api["close_after_months"] == 18
        closes_at = datetime.datetime.fromisoformat(api["closes_at"])
        assert closes_at == add_months(story.first_published_at.replace(microsecond=0), 18)
        assert footer["data-comments-closes-at"] == api["closes_at"]
        warnings = warnings_about(caplog, story)
        assert warnings, caplog.text
        assert all("“Nachtzüge”" in w and "block 3 (Comment policy)" in w for w in warnings)
        assert all("“Close after (months)”" in w for w in warnings)
        if not isinstance(months, bool | list | dict):
            # Values of the wrong JSON type are set aside as the story loads.
            assert all(repr(months) in w for w in warnings)

    def test_a_number_stored_as_text_is_read_as_the_number(self, story, client, caplog):
        store_footer(story, close_after_months="6")
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            api = every_view(client, story)["api"]
        assert api["close_after_months"] == 6
        assert not warnings_about(caplog, story)

    @pytest.mark.parametrize("months", [10**12, 40_000, 0, "abc"], ids=repr)
    def test_an_odd_site_limit_gives_way_to_the_default(
        self, story, site_policy, client, caplog, months
    ):
        if connection.vendor != "sqlite" and not (isinstance(months, int) and months < 2**15):
            # Only SQLite lets such a value into a small-integer column; other
            # databases refuse it, so no page can meet it there.
            with pytest.raises(DatabaseError), transaction.atomic():
                store_site_months(site_policy, months)
            return
        store_site_months(site_policy, months)
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            seen = every_view(client, story)
        assert seen["api"]["close_after_months"] == DEFAULT_CLOSE_AFTER_MONTHS
        assert seen["footer"]["data-comments-state"] == "open"
        warnings = warnings_about(caplog, story)
        assert warnings, caplog.text
        assert all("“Nachtzüge”" in w and "block 3 (Comment policy)" in w for w in warnings)
        assert all("comment policy settings" in w for w in warnings)
        assert all(repr(months) in w for w in warnings)

    def test_a_sound_block_value_needs_no_sound_site_limit(self, story, site_policy, client):
        store_site_months(site_policy, 10**12 if connection.vendor == "sqlite" else 0)
        store_footer(story, close_after_months=6)
        assert every_view(client, story)["api"]["close_after_months"] == 6


class TestPublicationInYear9999:
    @pytest.mark.parametrize(
        "published",
        [
            datetime.datetime(9999, 6, 15, 10, 30, tzinfo=UTC),
            # Beyond the last moment the site's clock (Berlin, UTC+1) can show.
            datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        ],
        ids=["June", "last minute"],
    )
    def test_never_closes_by_age(self, story, client, caplog, published):
        StoryPage.objects.filter(pk=story.pk).update(first_published_at=published)
        # The example site's templates (Django's |date) and Wagtail's API (the
        # page's meta.first_published_at: 400 "Datetime value out of range")
        # cannot show the last minute in Berlin; the package's parts can.
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            seen = every_view(client, story, pages=published.month == 6)
        footer, api = seen["footer"], seen["api"]
        assert footer["data-comments-state"] == "open"
        assert not footer.has_attr("data-comments-closes-at")
        assert not footer.select(".newsblocks-comment-policy__closing")
        assert api["state"] == "open" and api["closes_at"] is None
        assert api["closing_date"] == "" and api["close_after_months"] == 18
        assert datetime.datetime.fromisoformat(api["published_at"]) == published
        # Nothing changes by itself: the page is cached as any other.
        assert seen["max_age"] == f"max-age={STORY_CACHE_MAX_AGE}"
        warnings = warnings_about(caplog, story)
        assert warnings, caplog.text
        assert all("“Nachtzüge”" in w and "block 3 (Comment policy)" in w for w in warnings)
        assert all("9999" in w for w in warnings)

    def test_with_an_odd_limit_too(self, story, client, caplog):
        StoryPage.objects.filter(pk=story.pk).update(
            first_published_at=datetime.datetime(9999, 12, 31, tzinfo=UTC)
        )
        store_footer(story, close_after_months=10**12)
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            api = every_view(client, story)["api"]
        assert (api["state"], api["closes_at"], api["close_after_months"]) == ("open", None, 18)

    def test_a_story_closed_by_hand_stays_closed(self, story, client):
        StoryPage.objects.filter(pk=story.pk).update(
            first_published_at=datetime.datetime(9999, 12, 31, 12, 0, tzinfo=UTC)
        )
        store_footer(story, mode="closed")
        api = every_view(client, story)["api"]
        assert (api["state"], api["closes_at"]) == ("closed", None)


class TestPureRules:
    @pytest.mark.parametrize(
        ("moment", "months"),
        [
            (datetime.datetime(9999, 6, 15, tzinfo=UTC), 18),
            (datetime.datetime(9999, 12, 31, 23, 59, tzinfo=UTC), 0),
            (datetime.datetime(2023, 9, 13, tzinfo=UTC), 10**12),
            (datetime.datetime(2023, 9, 13, tzinfo=UTC), -(10**12)),
        ],
    )
    def test_add_months_beyond_the_calendar_is_none(self, moment, months):
        assert add_months(moment, months) is None

    def test_add_months_up_to_the_last_year(self):
        # 12:30 in Berlin, summer time, to 12:30 in winter.
        last = add_months(datetime.datetime(9998, 6, 15, 10, 30, tzinfo=UTC), 18)
        assert last == datetime.datetime(9999, 12, 15, 11, 30, tzinfo=UTC)
        assert (last.hour, last.minute) == (12, 30)

    @pytest.mark.parametrize(
        ("value", "months"),
        [(18, 18), ("18", 18), (" 7 ", 7), (12.0, 12), (1, 1), (120, 120)]
        + [(odd, None) for odd in [*ODD_MONTHS, "", None]],
        ids=repr,
    )
    def test_sound_months(self, value, months):
        assert sound_months(value) == months

    def test_comment_state_without_a_page(self, db):
        state = comment_state(
            block_value=comment_policy_value(close_after_months="abc"),
            published_at=datetime.datetime(9999, 12, 31, tzinfo=UTC),
        )
        assert (state.state, state.closes_at, state.months) == ("open", None, 18)


class TestWriteRoads:
    """Each road into the database refuses the values the readers' roads survive."""

    @pytest.mark.parametrize("months", ODD_MONTHS, ids=repr)
    def test_python_road(self, story, months):
        story.body = [
            {"type": kind, "value": value} for kind, value in body(close_after_months=months)
        ]
        with pytest.raises(StoryValidationError) as caught:
            story.save_revision()
        messages = caught.value.messages
        if isinstance(months, list | dict | bool):
            # Not even a number: the type check names the block and field too.
            assert messages == [
                "Block 3 (Comment policy), “Close after (months)”: Comment policy: "
                "“Close after (months)” must be a number."
            ]
        else:
            assert messages == [MONTHS_REFUSED]
        assert StoryPage.objects.get(pk=story.pk).revisions.count() == 1

    @pytest.mark.parametrize("months", ["abc", "1000000000000", "0", "1.5"])
    def test_admin_road(self, story, admin_client, months):
        value = comment_policy_value(close_after_months=months)
        value["discussion_page"] = ""
        data = nested_form_data(
            {
                "title": story.title,
                "slug": story.slug,
                "body": streamfield([("comment_policy", value)]),
                "action-publish": "action-publish",
            }
        )
        response = admin_client.post(f"/admin/pages/{story.pk}/edit/", data)
        assert response.status_code == 200
        errors = response.context["form"].errors["body"].as_data()[0].as_json_data()
        assert errors["blockErrors"][0]["blockErrors"]["close_after_months"]["messages"] == [
            MONTHS_REFUSED.split(": ", 1)[1]
        ]

    @pytest.mark.parametrize("months", ["abc", "1000000000000", "0", "1.5", "40000"])
    def test_site_setting_in_the_admin(self, site_policy, admin_client, months):
        url = f"/admin/settings/wagtail_newsblocks/commentpolicysettings/{site_policy.site_id}/"
        response = admin_client.post(
            url,
            {
                "close_after_months": months,
                "contact_email": "",
                "guidelines_url": "",
                "discussion_page": "",
                "open_message": "",
                "closed_message": "",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["close_after_months"] == [
            "Comment policy: close comments after 1 to 120 months."
        ]
        assert CommentPolicySettings.objects.get(pk=site_policy.pk).close_after_months == 18

    @pytest.mark.parametrize("months", [10**12, "abc", 0])
    def test_site_setting(self, site_policy, months):
        site_policy.close_after_months = months
        with pytest.raises(ValidationError) as caught:
            site_policy.full_clean()
        assert caught.value.message_dict["close_after_months"] == [
            "Comment policy: close comments after 1 to 120 months."
        ]
