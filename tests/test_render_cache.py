"""The optional per-block render cache: correct output, whatever is edited (docs/performance.md)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_image, pull_quote_value
from wagtail_newsblocks import render_cache
from wagtail_newsblocks.conf import newsblocks_settings
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.templatetags import wagtail_newsblocks_tags as tags

BERLIN = ZoneInfo("Europe/Berlin")
RENDER_CACHE = "newsblocks-render-test"


@pytest.fixture
def render_cache_on(settings):
    """The render cache on, in a cache of its own (a file cache, as several servers could share)."""
    settings.CACHES = {
        **settings.CACHES,
        RENDER_CACHE: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{settings.MEDIA_ROOT}/render-cache",
        },
    }
    settings.WAGTAIL_NEWSBLOCKS = {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE": True,
        "RENDER_CACHE_ALIAS": RENDER_CACHE,
    }
    caches[RENDER_CACHE].clear()
    yield caches[RENDER_CACHE]
    caches[RENDER_CACHE].clear()


@pytest.fixture
def expert(db):
    return Expert.objects.create(
        name="Joseph Dempsey",
        role="Forscher",
        organization="IISS",
        portrait=make_image("Dempsey", size=(200, 200)),
    )


def story_body(expert, image) -> list:
    return [
        {"type": kind, "value": value}
        for kind, value in [
            ("subhead", {"text": "Kreml", "level": "h2", "anchor": ""}),
            ("paragraph", "<p>Putin empfing Kim am Weltraumbahnhof.</p>"),
            ("pull_quote", pull_quote_value(quote="Ein heiliger Kampf", attribution="Kim Jong Un")),
            (
                "image",
                {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Putin und Kim"},
                    "caption": "Am Weltraumbahnhof",
                    "credit": "Foto: Agentur",
                },
            ),
            (
                "expert_opinion",
                {
                    "label": "Militärexperte",
                    "headline": "Munition ändert wenig",
                    "level": "h2",
                    "expert": expert.pk,
                    "statement": "<p>Der Krieg wird länger.</p>",
                    "quote": "Der Zugang dürfte den Konflikt verlängern",
                    "how_obtained": "said",
                },
            ),
            ("subhead", {"text": "Kreml", "level": "h2", "anchor": ""}),
        ]
    ]


def body_html(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="story__body">')
    return html[start : html.index("</article>", start)]


def blocks_only(writes: list[list[str]]) -> list[list[str]]:
    """The writes of the body's blocks, without the JSON-LD's entry (kept beside them)."""
    kept = [[key for key in keys if ":jsonld:" not in key] for keys in writes]
    return [keys for keys in kept if keys]


def record_writes(cache, monkeypatch) -> list[list[str]]:
    """The keys of each ``set_many`` call on ``cache`` from now on (sorted per call)."""
    writes: list[list[str]] = []
    real_set_many = cache.set_many

    def set_many(data, **kwargs):
        writes.append(sorted(data))
        return real_set_many(data, **kwargs)

    monkeypatch.setattr(cache, "set_many", set_many)
    return writes


def get(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return body_html(response)


def test_off_by_default(settings, client, make_story, expert):
    assert newsblocks_settings.RENDER_CACHE is False
    settings.CACHES = {
        **settings.CACHES,
        RENDER_CACHE: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "x"},
    }
    settings.WAGTAIL_NEWSBLOCKS = {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE_ALIAS": RENDER_CACHE,
    }
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)
    assert not caches[RENDER_CACHE]._cache


def test_a_cache_hit_returns_the_same_html(
    settings, client, make_story, expert, render_cache_on, monkeypatch
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "RENDER_CACHE": False}
    uncached = get(client, story)
    # The page's JSON-LD in <head> reads its experts on its own; left out
    # here, what remains is the body.
    monkeypatch.setattr(tags, "story_structured_data", lambda *args, **kwargs: {})
    settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "RENDER_CACHE": True}
    first = get(client, story)
    with CaptureQueriesContext(connection) as warm_queries:
        second = get(client, story)
    assert first == uncached
    assert second == uncached
    # All six blocks came from the cache: no experts, images or renditions were queried.
    assert not any("wagtail_newsblocks_expert" in q["sql"] for q in warm_queries.captured_queries)
    assert not any("wagtailimages" in q["sql"] for q in warm_queries.captured_queries)


def test_hits_are_served_from_the_cache(client, make_story, expert, render_cache_on, monkeypatch):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)
    served = []
    real_get_many = render_cache_on.get_many

    def get_many(keys, **kwargs):
        found = real_get_many(keys, **kwargs)
        block_keys = [key for key in found if ":ref:" not in key and ":row:" not in key]
        served.extend(block_keys)
        return {
            key: ("<p>FROM THE CACHE</p>" if key in block_keys else value)
            for key, value in found.items()
        }

    monkeypatch.setattr(render_cache_on, "get_many", get_many)
    real_get = render_cache_on.get

    def get_one(key, *args, **kwargs):
        found = real_get(key, *args, **kwargs)
        if ":story:" in key and isinstance(found, list):
            served.append(key)
            return ["<p>FROM THE CACHE</p>"] * len(found)
        return found

    monkeypatch.setattr(render_cache_on, "get", get_one)
    html = get(client, story)
    # The story's six cacheable blocks, found with one look-up.
    assert len(served) == 1
    assert html.count("FROM THE CACHE") == 6


def test_one_edited_block_is_rendered_again_the_others_are_found(
    client, make_story, expert, render_cache_on, monkeypatch
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)
    body = list(story.body.raw_data)
    body[1] = {**body[1], "value": "<p>Kim reiste im Panzerzug an.</p>"}
    story.body = body
    story.save_revision().publish()
    writes = record_writes(render_cache_on, monkeypatch)
    assert "Panzerzug" in get(client, story)
    (entries,) = blocks_only(writes)
    # The edited paragraph, the blocks that depend on the whole story, and
    # the story's entry; the other paragraph and the image were found.
    assert sum(":story:" in key for key in entries) == 1
    assert len(entries) < 7


def test_editing_a_block_changes_the_output(client, make_story, expert, render_cache_on):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    assert "Weltraumbahnhof." in get(client, story)
    body = list(story.body.raw_data)
    body[1] = {**body[1], "value": "<p>Kim reiste im Panzerzug an.</p>"}
    story.body = body
    story.save_revision().publish()
    html = get(client, story)
    assert "Panzerzug" in html
    assert "Weltraumbahnhof." not in html


def test_editing_the_expert_changes_the_output(
    client, make_story, expert, render_cache_on, django_capture_on_commit_callbacks
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    assert "Joseph Dempsey" in get(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        expert.name = "Dana Dempsey"
        expert.role = "Direktorin"
        expert.save()
    html = get(client, story)
    assert "Dana Dempsey" in html
    assert "Direktorin" in html
    assert "Joseph Dempsey" not in html


def test_a_new_portrait_changes_the_output(
    client, make_story, expert, render_cache_on, django_capture_on_commit_callbacks
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    before = get(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        portrait = expert.portrait
        portrait.set_focal_point(None)
        portrait.focal_point_x, portrait.focal_point_y = 10, 10
        portrait.focal_point_width, portrait.focal_point_height = 20, 20
        portrait.save()
    after = get(client, story)
    assert after != before
    settings_off = {**newsblocks_settings._merged(), "RENDER_CACHE": False}
    from django.test import override_settings

    with override_settings(WAGTAIL_NEWSBLOCKS=settings_off):
        assert get(client, story) == after


def test_a_deleted_expert_falls_back_to_the_snapshot(
    client, make_story, expert, render_cache_on, django_capture_on_commit_callbacks
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        Expert.objects.filter(pk=expert.pk).update(role="Geändert in der Datenbank")
        expert.delete()
    html = get(client, story)
    # The roster entry is gone: the snapshot's role, not the edited one, and no portrait.
    assert "Joseph Dempsey" in html
    assert "Geändert" not in html
    assert "newsblocks-expert__portrait--placeholder" in html


def test_languages_do_not_collide(client, make_story, expert, render_cache_on):
    body = story_body(expert, make_image("Bild"))
    german = make_story(body, language="de", slug="de")
    # The same blocks, ids included, in an English story.
    english = make_story(german.body.raw_data, language="en", slug="en")
    assert [c["id"] for c in english.body.raw_data] == [c["id"] for c in german.body.raw_data]
    de = get(client, german)
    en = get(client, english)
    assert "„" in de and "“" in de
    assert "„" not in en
    assert "Expertensicht" in de or "Militärexperte" in de
    assert get(client, german) == de
    assert get(client, english) == en


def test_anchors_follow_edits_elsewhere_in_the_story(client, make_story, expert, render_cache_on):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    html = get(client, story)
    assert 'id="kreml"' in html and 'id="kreml-2"' in html
    # Removing the first subhead gives the second (unchanged) one the plain anchor.
    story.body = list(story.body.raw_data)[1:]
    story.save_revision().publish()
    html = get(client, story)
    assert 'id="kreml"' in html
    assert 'id="kreml-2"' not in html


def test_the_comment_footer_is_never_cached(client, make_story, expert, render_cache_on):
    footer = (
        "comment_policy",
        {
            "mode": "auto",
            "message": "",
            "close_after_months": 1,
            "discussion_page": None,
            "contact_email": "",
        },
    )
    with time_machine.travel(datetime.datetime(2025, 1, 10, 12, tzinfo=BERLIN), tick=False):
        story = make_story(
            [
                {"type": "paragraph", "value": "<p>Ein Absatz.</p>"},
                dict(zip(("type", "value"), footer, strict=True)),
            ],
            language="de",
        )
        assert 'data-comments-state="open"' in get(client, story)
    with time_machine.travel(datetime.datetime(2025, 3, 10, 12, tzinfo=BERLIN), tick=False):
        assert 'data-comments-state="closed"' in get(client, story)


def test_links_to_pages_follow_the_page(client, make_story, news_index, render_cache_on):
    target = make_story([{"type": "paragraph", "value": "<p>Ziel.</p>"}], language="de", slug="alt")
    story = make_story(
        [
            {
                "type": "paragraph",
                "value": f'<p>Siehe <a linktype="page" id="{target.pk}">hier</a>.</p>',
            }
        ],
        language="de",
    )
    assert "/alt/" in get(client, story)
    target.slug = "neu"
    target.save_revision().publish()
    html = get(client, story)
    assert "/neu/" in html
    assert "/alt/" not in html


def test_entries_live_in_the_configured_cache(client, make_story, expert, render_cache_on):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)
    keys = [key for key in _keys(render_cache_on) if key]
    assert keys, "nothing was written to the configured cache"
    # Emptying the shared cache is all it takes to render everything anew.
    render_cache_on.clear()
    assert get(client, story) == get(client, story)


def _keys(cache) -> list:
    return cache._list_cache_files()


def test_render_cache_keys_name_what_they_depend_on(make_story, expert, render_cache_on):
    image = make_image("Bild")
    story = make_story(story_body(expert, image), language="de")
    block = story.body.stream_block
    references = set(
        block.child_blocks["expert_opinion"].render_cache_references(
            story.body.raw_data[4]["value"]
        )
    )
    assert references == {
        ("wagtail_newsblocks.expert", expert.pk),
    }
    assert set(
        block.child_blocks["image"].render_cache_references(story.body.raw_data[3]["value"])
    ) == {("wagtailimages.image", image.pk)}
    assert block.child_blocks["comment_policy"].render_cache is None
    assert render_cache.is_enabled()


def test_a_site_story_template_is_still_used(
    settings, client, make_story, expert, render_cache_on, tmp_path
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    get(client, story)  # every block cached
    folder = tmp_path / "wagtail_newsblocks" / "blocks"
    folder.mkdir(parents=True)
    (folder / "news_story.html").write_text(
        '{% load wagtailcore_tags %}{% for child in value %}<section data-type="{{ child.block_type }}">'
        "{% include_block child %}</section>{% endfor %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = get(client, story)
    assert html.count("<section data-type=") == 6
    assert '<section data-type="pull_quote">' in html


def test_a_moved_page_renders_anew(client, make_story, expert, render_cache_on, monkeypatch):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    first = get(client, story)
    writes = record_writes(render_cache_on, monkeypatch)
    assert get(client, story) == first
    assert blocks_only(writes) == []  # all hits
    story.slug = "verschoben"
    story.save_revision().publish()
    story.refresh_from_db()
    assert "/verschoben/" in story.url
    assert get(client, story) == first
    # Rendered and stored again under the page's new address: six blocks and
    # the story's entry that holds them all.
    assert [len(keys) for keys in blocks_only(writes)] == [7]


def test_editing_the_experts_translation_changes_the_output(
    client, make_story, expert, render_cache_on, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    # The story stores one language's roster entry and shows the page language's.
    other = "de" if expert.locale.language_code != "de" else "en"
    locale, _ = Locale.objects.get_or_create(language_code=other)
    translated = expert.copy_for_translation(locale)
    translated.role = "Übersetzte Rolle"
    translated.save()
    story = make_story(story_body(expert, make_image("Bild")), language=other)
    assert "Übersetzte Rolle" in get(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        translated.role = "Neue Rolle"
        translated.save()
    html = get(client, story)
    assert "Neue Rolle" in html and "Übersetzte Rolle" not in html


def test_a_roster_change_behind_the_signals_back_shows_within_the_stated_time(
    client, make_story, expert, render_cache_on
):
    """``QuerySet.update()`` sends no signal: the rows are read again after ROW_CHECK_SECONDS."""
    start = datetime.datetime(2025, 5, 1, 12, tzinfo=BERLIN)
    with time_machine.travel(start, tick=False):
        story = make_story(story_body(expert, make_image("Bild")), language="de")
        assert "Joseph Dempsey" in get(client, story)
        Expert.objects.filter(pk=expert.pk).update(name="Dana Dempsey", role="Direktorin")
    later = start + datetime.timedelta(seconds=render_cache.ROW_CHECK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        html = get(client, story)
    assert "Dana Dempsey" in html and "Direktorin" in html
    assert "Joseph Dempsey" not in html


def test_an_unchanged_roster_is_not_rendered_again_when_its_rows_are_read_again(
    client, make_story, expert, render_cache_on, monkeypatch
):
    start = datetime.datetime(2025, 5, 1, 12, tzinfo=BERLIN)
    with time_machine.travel(start, tick=False):
        story = make_story(story_body(expert, make_image("Bild")), language="de")
        first = get(client, story)
    stored = record_writes(render_cache_on, monkeypatch)
    later = start + datetime.timedelta(seconds=render_cache.ROW_CHECK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert get(client, story) == first
    # Only the rows' digests were written again, no block.
    assert stored and all(":row:" in key for keys in stored for key in keys)


def jsonld_of(response) -> dict:
    import json

    from bs4 import BeautifulSoup

    (script,) = BeautifulSoup(response.content, "html.parser").select(
        'script[type="application/ld+json"]'
    )
    return json.loads(script.string)


def test_a_warm_served_story_reads_no_block_content_for_its_json_ld_either(
    settings, client, make_story, expert, render_cache_on
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "RENDER_CACHE": False}
    uncached = client.get(story.url)
    settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "RENDER_CACHE": True}
    cold = client.get(story.url)
    with CaptureQueriesContext(connection) as warm_queries:
        warm = client.get(story.url)
    assert jsonld_of(cold) == jsonld_of(uncached) == jsonld_of(warm)
    assert jsonld_of(warm)["mentions"][0]["name"] == "Joseph Dempsey"
    assert body_html(warm) == body_html(uncached)
    sql = [q["sql"] for q in warm_queries.captured_queries]
    assert not any("wagtail_newsblocks_expert" in q for q in sql), sql
    assert not any("wagtailimages" in q for q in sql), sql


def test_the_json_ld_follows_an_edit_of_the_expert(
    client, make_story, expert, render_cache_on, django_capture_on_commit_callbacks
):
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    assert jsonld_of(client.get(story.url))["mentions"][0]["name"] == "Joseph Dempsey"
    with django_capture_on_commit_callbacks(execute=True):
        expert.name = "Dana Dempsey"
        expert.save()
    assert jsonld_of(client.get(story.url))["mentions"][0]["name"] == "Dana Dempsey"


def test_keys_do_not_depend_on_what_converted_the_story_first(
    client, make_story, expert, render_cache_on, monkeypatch
):
    """The JSON-LD in the head converts the story before the body renders: same keys either way."""
    story = make_story(story_body(expert, make_image("Bild")), language="de")
    writes = record_writes(render_cache_on, monkeypatch)

    def block_keys() -> set[str]:
        written = [key for keys in writes for key in keys]
        return {key for key in written if ":ref:" not in key and ":row:" not in key} - {
            key for key in written if ":jsonld:" in key
        }

    with monkeypatch.context() as without_jsonld:
        without_jsonld.setattr(tags, "story_structured_data", lambda *args, **kwargs: {})
        body_alone = get(client, story)
    alone = block_keys()
    # The blocks' entries gone, the experts' and images' tokens kept.
    render_cache_on.delete_many(list(alone))
    writes.clear()
    assert get(client, story) == body_alone
    assert block_keys() == alone
    assert len(alone) == 7  # six blocks and the story's entry
