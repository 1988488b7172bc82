"""Trust nothing that is stored (issue 17).

Content reaches the database on roads the blocks never see: ``QuerySet.update``,
raw SQL, data migrations, restored backups, content written before the package
was installed. Output must be safe and must not fail whatever the database
holds, and nothing stored may switch validation off.
"""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from tests.factories import (
    expert_opinion_value,
    pull_quote_value,
    stored_body,
    write_stored_body,
)
from tests.testapp.models import StoryPage
from tests.xss import dangerous_markup, vectors
from wagtail_newsblocks.blocks import StoryValidationError

pytestmark = pytest.mark.django_db

HOSTILE_PARAGRAPH = '<p>Text <img src=x onerror="alert(1)"><a href="javascript:alert(2)">l</a></p>'
HOSTILE_STATEMENT = '<p>Said <a href="javascript:alert(3)">this</a><script>alert(4)</script></p>'


def hostile_body():
    return [
        {"type": "paragraph", "value": HOSTILE_PARAGRAPH, "id": "p1"},
        {
            "type": "expert_opinion",
            "value": expert_opinion_value(name="Joseph Dempsey", statement=HOSTILE_STATEMENT),
            "id": "e1",
        },
        {
            "type": "pull_quote",
            "value": pull_quote_value(quote="Q", source_url="javascript:alert(5)"),
            "id": "q1",
        },
    ]


def write_with_update(page, body):
    StoryPage.objects.filter(pk=page.pk).update(body=json.dumps(body))


@pytest.fixture
def story(make_story):
    return make_story([("paragraph", RichText("<p>Original text.</p>"))], slug="stored")


ROADS = {"queryset-update": write_with_update, "raw-sql": write_stored_body}


@pytest.mark.parametrize("road", ROADS)
def test_content_the_blocks_never_saw_is_cleaned_on_output(road, story, client):
    ROADS[road](story, hostile_body())
    html = client.get(story.url).content.decode()
    assert dangerous_markup(html, "article.story") == []
    assert "Text" in html and "Said" in html
    body = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"}).json()["body"]
    as_text = json.dumps(body)
    assert "onerror" not in as_text and "javascript:" not in as_text and "<script" not in as_text
    expanded = client.get(
        f"/api/v2/pages/{story.pk}/", {"fields": "body", "rich_text_format": "html"}
    )
    if expanded.status_code == 200:
        as_text = json.dumps(expanded.json()["body"])
        assert "onerror" not in as_text and "javascript:" not in as_text


@pytest.mark.parametrize("road", ROADS)
def test_the_xss_corpus_through_roads_the_blocks_do_not_see(road, story, client):
    body = []
    for index, vector in enumerate(vectors()):
        body.append({"type": "paragraph", "value": f"<p>{vector}</p>", "id": f"p{index}"})
        body.append({"type": "paragraph", "value": vector, "id": f"r{index}"})
        body.append(
            {
                "type": "expert_opinion",
                "value": expert_opinion_value(name="X", statement=f"<p>{vector}</p>"),
                "id": f"e{index}",
            }
        )
    ROADS[road](story, body)
    html = client.get(story.url).content.decode()
    problems = dangerous_markup(html, "article.story")
    assert problems == [], problems[:20]
    api = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"}).json()["body"]
    for item in api:
        value = item["value"]
        html = value if isinstance(value, str) else value.get("statement") or ""
        if isinstance(html, dict):
            html = json.dumps(html)
        assert dangerous_markup(html) == [], (item["id"], html[:200])


def test_a_stored_checked_marker_does_not_switch_validation_off(story, settings):
    too_long = "Wort " * 1200  # 6,000 characters
    raw = stored_body(story)
    raw.append(
        {
            "type": "pull_quote",
            "value": pull_quote_value(quote=too_long),
            "id": "x",
            "checked": True,
        }
    )
    story.body = raw
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision()
    assert caught.value.messages[0].startswith("Block 2 (Pull quote), “Quote”:")


def test_stored_markers_are_not_written_back(story):
    raw = stored_body(story)
    raw[0]["checked"] = True
    raw[0]["found_in_story"] = True
    write_with_update(story, raw)
    page = StoryPage.objects.get(pk=story.pk)
    page.save_revision().publish()
    assert set(stored_body(page)[0]) == {"type", "value", "id"}


def test_a_live_page_saved_from_python_gets_the_publish_rules(story):
    story.body = [{"type": "pull_quote", "value": pull_quote_value(quote="")}]
    with pytest.raises(StoryValidationError) as caught:
        story.save()
    assert caught.value.messages == ["Block 1 (Pull quote), “Quote”: This field is required."]
    fresh = StoryPage.objects.get(pk=story.pk)
    assert stored_body(fresh)[0]["value"] == "<p>Original text.</p>"


def test_a_draft_saved_from_python_may_be_unfinished(story):
    story.body = [{"type": "subhead", "value": {"text": "", "level": "h2", "anchor": ""}}]
    story.save_revision()  # a draft: no error
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision().publish()
    [message] = caught.value.messages
    assert message.startswith("Block 1 (Subhead), “") and message.endswith(
        "This field is required."
    )


ODD_ITEMS = {
    "item-without-value": {"type": "paragraph", "id": "odd"},
    "item-that-is-not-an-object": "just a string",
    "item-without-type": {"value": "<p>x</p>", "id": "odd"},
}


@pytest.mark.parametrize("odd", ODD_ITEMS)
def test_odd_stored_items_degrade_with_a_warning(odd, story, client, caplog):
    raw = stored_body(story)
    raw.insert(0, ODD_ITEMS[odd])
    write_with_update(story, raw)
    with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
        response = client.get(story.url)
        api = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"})
    assert response.status_code == 200
    assert b"Original text." in response.content
    assert api.status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(f"page {story.pk}" in message and "Block 1:" in message for message in warnings), (
        warnings
    )


@pytest.mark.parametrize("odd", ODD_ITEMS)
def test_odd_items_are_refused_on_writing(odd, story):
    story.body = [ODD_ITEMS[odd], {"type": "paragraph", "value": "<p>Fine.</p>"}]
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision()
    assert caught.value.messages[0].startswith("Block 1:")


LONE_SURROGATE = "Wir werden \ud800 zusammenstehen"


def test_a_lone_surrogate_degrades_on_every_output(story, client):
    raw = stored_body(story)
    raw.append({"type": "pull_quote", "value": pull_quote_value(quote=LONE_SURROGATE), "id": "s"})
    # json.dumps escapes it as \ud800, which the database keeps.
    write_with_update(story, raw)
    page = client.get(story.url)
    assert page.status_code == 200
    assert "Wir werden \ufffd zusammenstehen" in page.content.decode()
    assert client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"}).status_code == 200
    share = client.get(f"/newsblocks/quotes/{story.pk}/s/")
    assert share.status_code == 200
    card = client.get(f"/newsblocks/quotes/{story.pk}/s/card.png")
    assert card.status_code in (200, 302)


def test_a_lone_surrogate_is_refused_on_writing(story):
    story.body = [{"type": "pull_quote", "value": pull_quote_value(quote=LONE_SURROGATE)}]
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision()
    assert caught.value.messages[0].startswith("Block 1 (Pull quote), “Quote”:")


def test_the_html_cleaned_on_output_is_what_the_write_road_stores(story, client):
    write_with_update(story, hostile_body())
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    shown = soup.select_one("article.story .story__body")
    page = StoryPage.objects.get(pk=story.pk)
    page.save_revision().publish()
    assert stored_body(page)[0]["value"] == "<p>Text <a>l</a></p>"
    assert stored_body(page)[2]["value"]["source_url"] == ""
    again = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert str(again.select_one("article.story .story__body")) == str(shown)


@pytest.fixture
def render_cache_on(settings):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "newsblocks-preview-test": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.WAGTAIL_NEWSBLOCKS = {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE": True,
        "RENDER_CACHE_ALIAS": "newsblocks-preview-test",
    }
    caches["newsblocks-preview-test"].clear()
    yield


def share_links(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [a["href"] for a in soup.select("a[href*='/quotes/']")]


def test_a_preview_never_changes_what_readers_get_from_the_render_cache(
    render_cache_on, make_story, client
):
    story = make_story([{"type": "pull_quote", "value": pull_quote_value(quote="Wir stehen")}])
    assert len(share_links(client, story)) == 1
    preview = StoryPage.objects.get(pk=story.pk).make_preview_request()
    assert preview.status_code == 200
    assert b"/quotes/" not in preview.content  # no share links in a preview
    assert len(share_links(client, story)) == 1
    # The other way round: a preview first, then readers.
    render_cache_on_clear = __import__("django.core.cache", fromlist=["caches"]).caches
    render_cache_on_clear["newsblocks-preview-test"].clear()
    StoryPage.objects.get(pk=story.pk).make_preview_request()
    assert len(share_links(client, story)) == 1


def test_a_quote_is_a_repeat_only_while_the_story_has_its_words(make_story, client):
    words = "Wir werden im Kampf gegen den Imperialismus zusammenstehen"
    story = make_story(
        [
            {"type": "paragraph", "value": f"<p>„{words}“, sagte Kim.</p>"},
            {"type": "pull_quote", "value": pull_quote_value(quote=words)},
        ]
    )

    def rendered_as_repeat():
        soup = BeautifulSoup(client.get(story.url).content, "html.parser")
        return soup.select_one(".newsblocks-pull-quote").name == "aside"

    assert rendered_as_repeat()
    page = StoryPage.objects.get(pk=story.pk)
    page.body = [stored_body(page)[1]]
    page.save_revision().publish()
    assert not rendered_as_repeat()
    # The same through a road the blocks do not see.
    write_with_update(
        story, [{"type": "paragraph", "value": f"<p>{words}</p>"}, *stored_body(story)]
    )
    assert rendered_as_repeat()


# A URL no parser can read ("http://[::1/…": an IPv6 host with no closing
# bracket) is no address a reader can follow either: urllib refuses it with a
# ValueError, which made every output that joined or split it fail.
BROKEN_HOST = "http://[::1/quelle"


def test_a_stored_address_no_parser_reads_degrades_on_every_output(story, client):
    raw = stored_body(story)
    raw.append(
        {
            "type": "pull_quote",
            "value": pull_quote_value(quote="Q", source_url=BROKEN_HOST),
            "id": "u",
        }
    )
    raw.append(
        {"type": "paragraph", "value": f'<p>See <a href="{BROKEN_HOST}">it</a>.</p>', "id": "v"}
    )
    write_with_update(story, raw)
    page = client.get(story.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "[::1" not in html and "See" in html
    api = client.get(f"/api/v2/pages/{story.pk}/", {"fields": "body"})
    assert api.status_code == 200 and "[::1" not in json.dumps(api.json())
    assert client.get(f"/newsblocks/quotes/{story.pk}/u/").status_code == 200
