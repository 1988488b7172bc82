"""The headless API emits only URLs the HTML would link, in the story's language.

A JavaScript front end puts the API's URLs in ``href`` and ``src``: a stored
``javascript:`` URL that the HTML filters out must not reach it through the
API either. Odd values are put in with the ORM (``QuerySet.update``), which
skips validation, as a data migration or a script would. The API also speaks
the story's language, as the page does, whatever language the request has.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Site

from tests.factories import (
    comment_policy_value,
    expert_opinion_value,
    pull_quote_value,
    stored_body,
)
from tests.testapp.models import StoryPage
from wagtail_newsblocks.api import PageAwareStreamFieldSerializer
from wagtail_newsblocks.models import CommentPolicySettings, Expert
from wagtail_newsblocks.sanitize import safe_url

pytestmark = pytest.mark.django_db

UNSAFE = "javascript:alert(1)"
HAS_V3 = importlib.util.find_spec("wagtail.api.v3") is not None
URL_KEYS = ("url", "href", "src")


def bodies(client, page) -> Iterator[tuple[str, list]]:
    """The story's body through every road: v2 detail, v2 listing, v3 detail."""
    detail = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    assert detail.status_code == 200, detail.content[:500]
    yield "v2 detail", detail.json()["body"]
    listing = client.get("/api/v2/pages/", {"type": "testapp.StoryPage", "fields": "body"})
    assert listing.status_code == 200, listing.content[:500]
    (item,) = [item for item in listing.json()["items"] if item["id"] == page.pk]
    yield "v2 listing", item["body"]
    if HAS_V3:
        v3 = client.get(f"/api/v3/pages/{page.pk}/")
        assert v3.status_code == 200, v3.content[:500]
        yield "v3 detail", v3.json()["body"]


def urls_in(data, path="") -> Iterator[tuple[str, str]]:
    """Every string under a key that names a URL (``url``, ``*_url``, …), with where it is."""
    if isinstance(data, dict):
        for key, item in data.items():
            where = f"{path}.{key}"
            if isinstance(item, str) and key.endswith(URL_KEYS):
                yield where, item
            else:
                yield from urls_in(item, where)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from urls_in(item, f"{path}[{index}]")


def assert_only_safe_urls(body: list, road: str) -> None:
    unsafe = [(where, url) for where, url in urls_in(body) if safe_url(url) != url]
    assert not unsafe, f"{road}: {unsafe}"


def values_of(body: list, block_type: str) -> list[dict]:
    return [item["value"] for item in body if item["type"] == block_type]


def set_stored(page, change) -> None:
    """Change the stored body with ``change(body)``, behind validation's back."""
    body = stored_body(page)
    change(body)
    StoryPage.objects.filter(pk=page.pk).update(body=json.dumps(body))


@pytest.fixture
def expert(db):
    return Expert.objects.create(
        name="Lena Fischer",
        role="Rail economist",
        organization="Institute for Rail and Mobility Research",
        profile_url="https://example.org/experts/lena-fischer",
    )


@pytest.fixture
def guidelines(news_index):
    """The site's comment policy, with a guidelines URL (changed later through the ORM)."""
    site = Site.objects.get(is_default_site=True)
    settings = CommentPolicySettings.for_site(site)
    settings.guidelines_url = "https://example.org/community-guidelines"
    settings.save()
    return settings


class TestUrls:
    def test_roster_profile_url_set_through_the_orm(self, make_story, expert, client):
        story = make_story(
            [
                ("expert_opinion", expert_opinion_value(expert=expert, statement="<p>Ja.</p>")),
                ("pull_quote", pull_quote_value(quote="Züge fahren", speaker=expert)),
            ]
        )
        Expert.objects.filter(pk=expert.pk).update(profile_url=UNSAFE)
        html = client.get(story.url).content.decode()
        assert "javascript:" not in html
        for road, body in bodies(client, story):
            (box,) = values_of(body, "expert_opinion")
            (quote,) = values_of(body, "pull_quote")
            assert box["expert"]["profile_url"] is None, road
            assert quote["speaker"]["profile_url"] is None, road
            assert_only_safe_urls(body, road)

    def test_deleted_experts_snapshot_with_an_unsafe_profile_url(self, make_story, expert, client):
        story = make_story(
            [("expert_opinion", expert_opinion_value(expert=expert, statement="<p>Ja.</p>"))]
        )

        def change(body):
            body[0]["value"]["expert"] = None
            body[0]["value"]["expert_snapshot"]["profile_url"] = UNSAFE

        set_stored(story, change)
        assert client.get(story.url).status_code == 200
        for road, body in bodies(client, story):
            (box,) = values_of(body, "expert_opinion")
            assert box["expert"]["source"] == "snapshot", road
            assert box["expert"]["profile_url"] is None, road
            assert_only_safe_urls(body, road)

    def test_stored_source_url_of_a_pull_quote(self, make_story, client):
        story = make_story(
            [("pull_quote", pull_quote_value(quote="Ja", source_url="https://example.org/"))]
        )

        def change(body):
            body[0]["value"]["source_url"] = UNSAFE

        set_stored(story, change)
        html = client.get(story.url).content.decode()
        assert "javascript:" not in html
        for road, body in bodies(client, story):
            (quote,) = values_of(body, "pull_quote")
            assert quote["source_url"] is None, road
            assert_only_safe_urls(body, road)

    @pytest.mark.parametrize("unsafe", [UNSAFE, "JaVa\tScript:alert(1)", "data:text/html,x"])
    def test_guidelines_url_of_the_comment_policy(self, make_story, guidelines, client, unsafe):
        story = make_story([("comment_policy", comment_policy_value())])
        CommentPolicySettings.objects.filter(pk=guidelines.pk).update(guidelines_url=unsafe)
        soup = BeautifulSoup(client.get(story.url).content, "html.parser")
        assert soup.select_one("[data-comments-state]")["data-comments-state"] == "open"
        assert not soup.select(".newsblocks-comment-policy__guidelines a")
        for road, body in bodies(client, story):
            (policy,) = values_of(body, "comment_policy")
            assert policy["state"] == "open", road
            assert policy["guidelines_url"] is None, road
            assert_only_safe_urls(body, road)

    def test_safe_urls_stay(self, make_story, expert, guidelines, client):
        """The filter keeps what the HTML links: nothing sound goes missing."""
        story = make_story(
            [
                ("expert_opinion", expert_opinion_value(expert=expert, statement="<p>Ja.</p>")),
                ("pull_quote", pull_quote_value(quote="Ja", source_url="/quellen/1")),
                ("comment_policy", comment_policy_value()),
            ]
        )
        for road, body in bodies(client, story):
            (box,) = values_of(body, "expert_opinion")
            (quote,) = values_of(body, "pull_quote")
            (policy,) = values_of(body, "comment_policy")
            assert box["expert"]["profile_url"] == expert.profile_url, road
            assert quote["speaker"] is None and quote["source_url"] == "/quellen/1", road
            assert policy["guidelines_url"] == guidelines.guidelines_url, road

    def test_media_urls_go_through_the_filter(self, make_story, expert, client, monkeypatch):
        """Image, portrait and placeholder URLs come from the storage, which a site may swap."""
        from django.core.files.storage import FileSystemStorage

        story = make_story(
            [("expert_opinion", expert_opinion_value(name="Jo Doe", statement="<p>Ja.</p>"))]
        )
        assert client.get(story.url).status_code == 200  # draws the placeholder
        monkeypatch.setattr(FileSystemStorage, "url", lambda self, name: f"{UNSAFE}//{name}")
        from django.core.cache import caches

        for cache in caches.all():
            cache.clear()
        for road, body in bodies(client, story):
            (box,) = values_of(body, "expert_opinion")
            placeholder = box["expert"]["placeholder"]
            assert placeholder["url"] is None and placeholder["full_url"] is None, road
            assert_only_safe_urls(body, road)


class TestLanguage:
    @pytest.fixture
    def german_story(self, make_story):
        return make_story(
            [
                ("subhead", {"text": "Erstens", "level": "h2", "anchor": ""}),
                ("table_of_contents", {"title": "", "max_level": "h3"}),
                (
                    "expert_opinion",
                    expert_opinion_value(
                        name="Lena Fischer",
                        statement="<p>Ja.</p>",
                        quote="Nachtzüge sind zurück",
                        how_obtained="told_us",
                    ),
                ),
            ],
            language="de",
        )

    @pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", ""])
    def test_german_story_in_german_whatever_the_request(self, german_story, client, accept):
        headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
        soup = BeautifulSoup(client.get(german_story.url, **headers).content, "html.parser")
        assert soup.select_one(".newsblocks-toc").get_text(" ", strip=True).startswith("Inhalt")
        assert "im Gespräch mit uns" in soup.select_one(".newsblocks-expert").get_text()
        detail = client.get(f"/api/v2/pages/{german_story.pk}/", **headers)
        assert detail.status_code == 200
        roads = [("v2 detail", detail.json()["body"])]
        listing = client.get("/api/v2/pages/", {"fields": "body", "type": "testapp.StoryPage"})
        roads.append(("v2 listing", listing.json()["items"][0]["body"]))
        if HAS_V3:
            roads.append(
                ("v3 detail", client.get(f"/api/v3/pages/{german_story.pk}/").json()["body"])
            )
        for road, body in roads:
            (toc,) = values_of(body, "table_of_contents")
            (box,) = values_of(body, "expert_opinion")
            assert toc["title"] == "Inhalt", road
            assert box["how_obtained_text"] == "im Gespräch mit uns", road
            assert box["quote_with_marks"] == "„Nachtzüge sind zurück“", road

    def test_english_story_stays_english_under_a_german_request(self, make_story, client):
        story = make_story(
            [
                ("table_of_contents", {"title": "", "max_level": "h3"}),
                (
                    "expert_opinion",
                    expert_opinion_value(
                        name="Lena Fischer", statement="<p>Yes.</p>", how_obtained="interview"
                    ),
                ),
            ],
            language="en",
        )
        body = client.get(f"/api/v2/pages/{story.pk}/", HTTP_ACCEPT_LANGUAGE="de").json()["body"]
        assert values_of(body, "table_of_contents")[0]["title"] == "Contents"
        assert values_of(body, "expert_opinion")[0]["how_obtained_text"] == "in an interview"

    def test_serializer_leaves_the_active_language_as_it_was(self, make_story):
        story = make_story([("table_of_contents", {"title": "", "max_level": "h3"})], language="de")
        serializer = PageAwareStreamFieldSerializer()
        serializer.bind(field_name="body", parent=None)
        with translation.override("en"):
            body = serializer.to_representation(serializer.get_attribute(story))
            assert translation.get_language() == "en"
        assert values_of(body, "table_of_contents")[0]["title"] == "Inhalt"

    def test_blocks_speak_the_story_language_without_the_serializer(self, make_story):
        """A site calling the stream's get_api_representation with the page gets the same words."""
        story = make_story(
            [
                ("table_of_contents", {"title": "", "max_level": "h3"}),
                (
                    "expert_opinion",
                    expert_opinion_value(name="Jo", statement="<p>Ja.</p>", how_obtained="wrote"),
                ),
            ],
            language="de",
        )
        with translation.override("en"):
            body = story.body.stream_block.get_api_representation(story.body, {"page": story})
        assert values_of(body, "table_of_contents")[0]["title"] == "Inhalt"
        assert values_of(body, "expert_opinion")[0]["how_obtained_text"] == "schriftlich"
