"""A cache server that is down degrades the site to uncached, never to errors (issue 21).

``BrokenCache`` is a backend whose every call raises ``ConnectionError``, as
Django's ``RedisCache`` does while Redis is stopped. The package's own cache
calls (the render cache, placeholder portraits, stored cards' notes) must
tolerate it as it is; Wagtail's own calls (site lookups, renditions) go
through the default cache, which production settings wrap in
``wagtail_newsblocks.caches.TolerantCache``. Pages, the API, share pages,
cards and publishing must all work, and the log must say so once, not once
per call.
"""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import override_settings
from PIL import Image

from tests.factories import expert_opinion_value, make_image, pull_quote_value
from wagtail_newsblocks import caches as tolerant
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.portraits import placeholder_portrait

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_storage")]

RENDER_ALIAS = "newsblocks-broken-render"


class BrokenCache(BaseCache):
    """Every call fails, as a cache client does whose server is down."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        type(self).calls += 1
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set = add = delete = get_many = set_many = delete_many = has_key = _fail
    touch = incr = decr = clear = _fail


BROKEN = {"BACKEND": "tests.test_cache_outage.BrokenCache"}
TOLERANT_BROKEN = {
    "BACKEND": "wagtail_newsblocks.caches.TolerantCache",
    "LOCATION": "redis://127.0.0.1:6379/1",
    "OPTIONS": {"BACKEND": "tests.test_cache_outage.BrokenCache"},
}


@pytest.fixture
def experts(db):
    return [
        Expert.objects.create(
            name="Lena Fischer",
            role="Rail economist",
            organization="Institute",
            portrait=make_image("Fischer", size=(200, 200)),
        ),
        Expert.objects.create(name="Jo Doe", role="Researcher"),
    ]


def story_body(experts) -> list:
    return [
        {"type": "subhead", "value": {"text": "Züge", "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": "<p>Nachtzüge fahren wieder.</p>"},
        {
            "type": "pull_quote",
            "value": pull_quote_value(quote="Wir fahren wieder", speaker=experts[0].pk),
        },
        {
            "type": "expert_opinion",
            "value": expert_opinion_value(expert=experts[1].pk, statement="<p>Ja.</p>"),
        },
        {
            "type": "expert_opinion",
            "value": expert_opinion_value(name="Typed In", statement="<p>Nein.</p>"),
        },
    ]


@pytest.fixture
def cache_down(settings):
    """The default cache behind the tolerant wrapper, the render cache bare; both down."""
    settings.CACHES = {"default": TOLERANT_BROKEN, RENDER_ALIAS: BROKEN}
    settings.WAGTAIL_NEWSBLOCKS = {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE": True,
        "RENDER_CACHE_ALIAS": RENDER_ALIAS,
    }
    tolerant._last_logged.clear()
    BrokenCache.calls = 0
    yield
    tolerant._last_logged.clear()


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()]


def test_pages_api_share_pages_and_cards_answer_while_the_cache_is_down(
    client, make_story, experts, cache_down, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="wagtail_newsblocks")
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(story_body(experts), language="de")
    quote_id = story.body[2].id
    for _ in range(3):
        page = client.get(story.url)
        assert page.status_code == 200
        soup = BeautifulSoup(page.content, "html.parser")
        assert soup.select_one(".newsblocks-pull-quote")
        assert "Jo Doe" in soup.get_text()
        assert soup.select_one(".newsblocks-expert__portrait--placeholder")
        api = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"})
        assert api.status_code == 200
        assert len(api.json()["body"]) == 5
        listing = client.get("/api/v2/pages/", {"type": "testapp.StoryPage", "fields": "body"})
        assert listing.status_code == 200
        share = client.get(f"/newsblocks/quotes/{story.pk}/{quote_id}/")
        assert share.status_code == 200
        assert "Wir fahren wieder" in share.content.decode()
        card = client.get(f"/newsblocks/quotes/{story.pk}/{quote_id}/card.png")
        assert card.status_code == 200
        assert Image.open(__import__("io").BytesIO(card.content)).size == (1200, 630)
    assert BrokenCache.calls > 10, "the test's cache was never asked"
    # Once per cache, not once per call.
    lines = outage_lines(caplog)
    assert len(lines) == 2, lines
    assert any(RENDER_ALIAS in line for line in lines)
    assert any("TolerantCache" not in line and "BrokenCache" in line for line in lines)


def test_publishing_and_editing_work_while_the_cache_is_down(
    client, make_story, experts, cache_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(story_body(experts), language="de")
        story.body = [*story.body.raw_data, {"type": "paragraph", "value": "<p>Neu.</p>"}]
        story.save_revision().publish()
        experts[1].name = "Joanna Doe"
        experts[1].save()
        experts[0].portrait.title = "New title"
        experts[0].portrait.save()
    html = client.get(story.url).content.decode()
    assert "Neu." in html
    assert "Joanna Doe" in html


def test_the_package_tolerates_a_bare_failing_default_cache(caplog):
    """Sites that kept Django's own RedisCache: the package's calls degrade all the same."""
    tolerant._last_logged.clear()
    caplog.set_level(logging.WARNING, logger="wagtail_newsblocks")
    with override_settings(CACHES={"default": BROKEN}):
        first = placeholder_portrait("Lena Fischer")
        second = placeholder_portrait("Lena Fischer")
    assert first.url == second.url
    assert first.url.endswith(".png")
    assert len(outage_lines(caplog)) == 1
    tolerant._last_logged.clear()


def test_the_log_speaks_again_after_a_while(caplog, monkeypatch):
    tolerant._last_logged.clear()
    caplog.set_level(logging.WARNING, logger="wagtail_newsblocks")
    now = [1000.0]
    monkeypatch.setattr(tolerant.time, "monotonic", lambda: now[0])
    with override_settings(CACHES={"default": BROKEN}):
        for _ in range(5):
            assert tolerant.cache_get("x", "missing") == "missing"
        now[0] += tolerant.LOG_INTERVAL + 1
        tolerant.cache_set("x", 1)
    assert len(outage_lines(caplog)) == 2
    tolerant._last_logged.clear()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "wagtail_newsblocks.caches.TolerantCache",
            "OPTIONS": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "KEY_PREFIX": "p",
        }
    }
)
def test_the_tolerant_cache_is_its_backend_while_that_works():
    cache = caches["default"]
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache.add("a", 2) is False
    assert cache.get_many(["a", "b"]) == {"a": 1}
    assert cache.incr("a") == 2
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
    with pytest.raises(ValueError):
        cache.incr("missing")
