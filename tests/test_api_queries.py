"""The pages API makes as many queries for a long story as for a short one (issue 21).

Counted with Django's query log around real API requests, on the test app's
``StoryPage``: stories of 8 and of 80 blocks with pull quotes, expert boxes
(roster entries with portraits, and people typed in) and images must cost the
same, whether listed or fetched one by one, and no more than the page itself.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import expert_opinion_value, make_image, pull_quote_value
from wagtail_newsblocks.models import Expert

pytestmark = pytest.mark.django_db

UNIT = 8


def story_body(units: int, experts: list, images: list) -> list:
    """``units`` × 8 blocks, every expert and image used, each text different."""
    body = []
    for index in range(units):
        expert = experts[index % len(experts)]
        image = images[index % len(images)]
        body += [
            ("paragraph", f"<p>Absatz {index}: Züge fahren wieder.</p>"),
            ("pull_quote", pull_quote_value(quote=f"Züge fahren {index}", speaker=expert.pk)),
            ("subhead", {"text": f"Teil {index}", "level": "h2", "anchor": ""}),
            (
                "image",
                {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Ein Zug"},
                    "caption": f"Bild {index}",
                    "credit": "Foto",
                },
            ),
            (
                "expert_opinion",
                expert_opinion_value(expert=expert.pk, statement=f"<p>Ja {index}.</p>"),
            ),
            ("pull_quote", pull_quote_value(quote=f"Nachtzüge {index}", attribution="Jo Doe")),
            ("paragraph", f"<p>Noch ein Absatz {index}.</p>"),
            (
                "expert_opinion",
                expert_opinion_value(name=f"Person {index}", statement=f"<p>Nein {index}.</p>"),
            ),
        ]
    assert len(body) == units * UNIT
    # The stored (JSON) form, with ids, as a site's database holds it.
    return [{"type": kind, "value": value} for kind, value in body]


@pytest.fixture
def roster(db):
    images = [make_image(f"Bild {n}") for n in range(3)]
    experts = [
        Expert.objects.create(
            name=f"Expert {n}",
            role="Rail economist",
            organization="Institute",
            portrait=make_image(f"Portrait {n}", size=(200, 200)),
        )
        for n in range(3)
    ]
    return experts, images


def queries(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return [query["sql"] for query in captured.captured_queries]


def summary(sqls: list[str]) -> str:
    """How many queries read each table first named, for a failing assertion's message."""
    counts: dict[str, int] = {}
    for sql in sqls:
        table = sql.split(" FROM ", 1)[-1].split()[0].strip('"') if " FROM " in sql else sql[:40]
        counts[table] = counts.get(table, 0) + 1
    return ", ".join(f"{table}: {count}" for table, count in sorted(counts.items()))


# What the story's blocks read; Wagtail's API finds and filters its pages
# with queries of its own (view restrictions, the site's tree), not the package's.
CONTENT_TABLES = ("wagtail_newsblocks_", "wagtailimages_", "wagtailcore_site", "wagtailcore_locale")


def content(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if any(f'FROM "{table}' in sql for table in CONTENT_TABLES)]


def warm_up(client, *urls) -> None:
    # Renditions and placeholder portraits are made on first use; the count
    # is about serving them, as every request after the first does.
    for url, params in urls:
        assert client.get(url, params).status_code == 200


LISTING = ("/api/v2/pages/", {"type": "testapp.StoryPage", "fields": "body"})


def test_detail_queries_do_not_grow_with_the_story(client, make_story, roster):
    experts, images = roster
    short = make_story(story_body(1, experts, images), slug="short")
    long = make_story(story_body(10, experts, images), slug="long")
    short_url, long_url = (f"/api/v2/pages/{page.pk}/" for page in (short, long))
    warm_up(client, (short_url, {"fields": "body"}), (long_url, {"fields": "body"}))
    short_detail = queries(client, short_url, {"fields": "body"})
    long_detail = queries(client, long_url, {"fields": "body"})
    assert len(long_detail) == len(short_detail), (summary(short_detail), summary(long_detail))
    # The site lookup once per request, not once per block.
    site_lookups = [sql for sql in long_detail if 'FROM "wagtailcore_site"' in sql]
    assert len(site_lookups) <= 1, site_lookups


def test_listing_queries_do_not_grow_with_the_stories(client, make_story, roster):
    experts, images = roster
    stories = [make_story(story_body(1, experts, images), slug=f"s{n}") for n in range(2)]
    warm_up(client, LISTING)
    short = queries(client, *LISTING)
    for story in stories:
        story.body = story_body(10, experts, images)
        story.save_revision().publish()
    warm_up(client, LISTING)
    long = queries(client, *LISTING)
    assert len(long) == len(short), (summary(short), summary(long))


def test_the_blocks_cost_no_more_queries_in_the_api_than_on_the_page(client, make_story, roster):
    experts, images = roster
    story = make_story(story_body(10, experts, images))
    detail = (f"/api/v2/pages/{story.pk}/", {"fields": "body"})
    warm_up(client, detail, (story.url, {}))
    page_queries = content(queries(client, story.url))
    api_queries = content(queries(client, *detail))
    assert len(api_queries) <= len(page_queries), (summary(page_queries), summary(api_queries))


def test_the_long_story_is_all_there(client, make_story, roster):
    """The counts above are of full answers: every block, with its people and images."""
    experts, images = roster
    story = make_story(story_body(10, experts, images))
    body = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"}).json()["body"]
    assert len(body) == 80
    boxes = [item["value"] for item in body if item["type"] == "expert_opinion"]
    assert {box["expert"]["name"] for box in boxes[::2]} == {e.name for e in experts}
    assert all(box["expert"]["portrait"]["small"]["url"] for box in boxes[::2])
    assert all(box["expert"]["placeholder"]["url"] for box in boxes[1::2])
    quotes = [item["value"] for item in body if item["type"] == "pull_quote"]
    assert all(quote["share_url"].startswith("http://") for quote in quotes)
