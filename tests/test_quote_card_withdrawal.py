"""Quote cards are public only while their quote is (docs/quote-cards.md, "When a quote is withdrawn").

A withdrawn quote (story unpublished, restricted, deleted, the quote removed
or edited) answers 404 on its share page and card URL and its stored card
file is deleted; cards are served only by the checking view, from storage
names nobody can derive; the views serve only pages of the requesting site.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.urls import resolve
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import pull_quote_value
from tests.testapp.models import StoryPage
from wagtail_newsblocks.quote_cards.content import card_for, find_quote
from wagtail_newsblocks.quote_cards.links import card_url, quote_links, share_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_storage")]

FOLDER = "wagtail_newsblocks/quote-cards"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what follows as its own committed transaction: on-commit work happens."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def stored_cards(folder: str = FOLDER) -> dict[str, bytes]:
    """Every file under the cards' folder, at any depth: ``{path: bytes}``."""
    if not default_storage.exists(folder):
        return {}
    directories, files = default_storage.listdir(folder)
    found = {f"{folder}/{name}": default_storage.open(f"{folder}/{name}").read() for name in files}
    for directory in directories:
        found.update(stored_cards(f"{folder}/{directory}"))
    return found


def quote_story(make_story, quote="Die Nachtzüge kommen zurück", **fields):
    story = make_story([("pull_quote", pull_quote_value(quote=quote, language="de"))], **fields)
    return story, story.body[0].id


def key_of(story, block_id) -> str:
    return card_for(*find_quote(story.pk, block_id)).key


def shared(client, story, block_id, **headers):
    """Fetch the share page and its og:image so that the card is drawn and stored."""
    share = client.get(share_url(story.pk, block_id), **headers)
    assert share.status_code == 200
    image = BeautifulSoup(share.content, "html.parser").find("meta", property="og:image")
    url = urlparse(image["content"])
    card = client.get(f"{url.path}?{url.query}", **headers)
    assert card.status_code == 200 and card.content.startswith(b"\x89PNG")
    return card


def assert_withdrawn(client, story_pk, block_id, key, **headers):
    urls = [
        share_url(story_pk, block_id),
        card_url(story_pk, block_id),
        card_url(story_pk, block_id, key),
    ]
    for url in urls:
        assert client.get(url, **headers).status_code == 404, url
    # A conditional request for the card a cache still holds is no way round the check.
    conditional = client.get(card_url(story_pk, block_id), HTTP_IF_NONE_MATCH=f'"{key}"', **headers)
    assert conditional.status_code == 404


# -- withdrawn quotes: their card files are deleted, the views answer 404 -------------


def test_unpublishing_the_story_deletes_its_cards(client, make_story, commit):
    story, block_id = quote_story(make_story)
    key = key_of(story, block_id)
    shared(client, story, block_id)
    assert len(stored_cards()) == 1
    with commit():
        story.unpublish()
    assert stored_cards() == {}
    assert_withdrawn(client, story.pk, block_id, key)


def test_a_view_restriction_deletes_the_cards(client, make_story, commit):
    story, block_id = quote_story(make_story)
    key = key_of(story, block_id)
    shared(client, story, block_id)
    with commit():
        PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert stored_cards() == {}
    assert_withdrawn(client, story.pk, block_id, key)


def test_a_view_restriction_on_a_section_deletes_the_cards_below_it(
    client, make_story, news_index, commit
):
    story, block_id = quote_story(make_story)
    other, other_block = quote_story(make_story, quote="Andere Worte")
    key = key_of(story, block_id)
    shared(client, story, block_id)
    shared(client, other, other_block)
    assert len(stored_cards()) == 2
    with commit():
        PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    assert stored_cards() == {}
    assert_withdrawn(client, story.pk, block_id, key)


def test_removing_the_quote_and_publishing_deletes_its_card_only(client, make_story, commit):
    story = make_story(
        [
            ("pull_quote", pull_quote_value(quote="Wird gestrichen", language="de")),
            ("pull_quote", pull_quote_value(quote="Bleibt stehen", language="de")),
        ]
    )
    removed, kept = story.body[0].id, story.body[1].id
    removed_key = key_of(story, removed)
    shared(client, story, removed)
    kept_card = shared(client, story, kept)
    assert len(stored_cards()) == 2
    del story.body[0]
    with commit():
        story.save_revision().publish()
    # The kept quote's card is still stored, and still the one served.
    assert list(stored_cards().values()) == [kept_card.content]
    assert_withdrawn(client, story.pk, removed, removed_key)
    assert client.get(card_url(story.pk, kept)).content == kept_card.content


def test_editing_the_quote_and_publishing_deletes_the_old_card(client, make_story, commit):
    story, block_id = quote_story(make_story, quote="Erste Fassung, die so nicht stimmt")
    old_key = key_of(story, block_id)
    old_card = shared(client, story, block_id).content
    story.body[0].value["quote"] = "Zweite Fassung"
    with commit():
        story.save_revision().publish()
    assert stored_cards() == {}
    # The old card's URL (a social network kept it) shows the quote as it stands now.
    response = client.get(card_url(story.pk, block_id, old_key))
    assert response.status_code == 200 and response.content != old_card
    assert response["ETag"] == f'"{key_of(story, block_id)}"' != f'"{old_key}"'
    assert old_card not in stored_cards().values() and len(stored_cards()) == 1


def test_deleting_the_story_deletes_its_cards(client, make_story, commit):
    story, block_id = quote_story(make_story)
    key = key_of(story, block_id)
    shared(client, story, block_id)
    story_pk = story.pk
    with commit():
        story.delete()
    assert stored_cards() == {}
    assert_withdrawn(client, story_pk, block_id, key)


def test_deleting_a_section_deletes_the_cards_of_its_stories(
    client, make_story, news_index, commit
):
    section = news_index.add_child(instance=Page(title="Section", slug="section"))
    story = section.add_child(
        instance=StoryPage(
            title="Deep story",
            slug="deep",
            body=[("pull_quote", pull_quote_value(quote="Tief unten"))],
        )
    )
    story.save_revision().publish()
    block_id = story.body[0].id
    shared(client, story, block_id)
    with commit():
        section.delete()
    assert stored_cards() == {}


def test_a_failing_storage_never_fails_the_publish(client, make_story, commit, monkeypatch):
    story, block_id = quote_story(make_story)
    shared(client, story, block_id)

    def broken(*args, **kwargs):
        raise OSError("storage down")

    monkeypatch.setattr(InMemoryStorage, "listdir", broken)
    with commit():
        story.unpublish()
    assert Page.objects.get(pk=story.pk).live is False


# -- roads no signal sees: the view is the guarantee, and a sweep tidies up ----------


def test_changes_no_signal_sees_still_withdraw_the_card(client, make_story):
    unpublished, unpublished_block = quote_story(make_story)
    restricted, restricted_block = quote_story(make_story, quote="Hinter dem Passwort")
    emptied, emptied_block = quote_story(make_story, quote="Gleich weg")
    keys = {
        page.pk: key_of(page, block)
        for page, block in (
            (unpublished, unpublished_block),
            (restricted, restricted_block),
            (emptied, emptied_block),
        )
    }
    for page, block in (
        (unpublished, unpublished_block),
        (restricted, restricted_block),
        (emptied, emptied_block),
    ):
        shared(client, page, block)
    assert len(stored_cards()) == 3

    Page.objects.filter(pk=unpublished.pk).update(live=False)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=restricted, restriction_type="password", password="x")]
    )
    StoryPage.objects.filter(pk=emptied.pk).update(body=[("paragraph", "<p>Nur Text</p>")])

    for page, block in (
        (unpublished, unpublished_block),
        (restricted, restricted_block),
        (emptied, emptied_block),
    ):
        assert_withdrawn(client, page.pk, block, keys[page.pk])

    from wagtail_newsblocks.quote_cards.withdrawal import prune_cards

    assert prune_cards() == 3
    assert stored_cards() == {}


def test_the_sweep_keeps_public_cards_and_removes_the_old_layout(client, make_story):
    story, block_id = quote_story(make_story)
    card = shared(client, story, block_id)
    # A card stored by an older version, under its public content hash.
    default_storage.save(f"{FOLDER}/{key_of(story, block_id)}.png", ContentFile(card.content))
    assert len(stored_cards()) == 2

    from wagtail_newsblocks.quote_cards.withdrawal import prune_cards

    assert prune_cards() == 1
    assert list(stored_cards().values()) == [card.content]


# -- storage names nobody can derive, and only the view's URL is ever given out -------


def test_storage_names_cannot_be_derived_from_what_is_public(client, make_story, settings):
    story, block_id = quote_story(make_story)
    key = key_of(story, block_id)
    shared(client, story, block_id)
    (name,) = stored_cards()
    # Neither the content hash (the ETag, the og:image's ?v=) nor the ids make the name.
    assert key not in name and block_id not in name
    # It takes the SECRET_KEY: another secret, another name.
    cache.clear()
    settings.SECRET_KEY = django_settings.SECRET_KEY + "-rotated"
    shared(client, story, block_id)
    assert len(stored_cards()) == 2 and name in stored_cards()


def test_every_card_url_a_page_gives_out_is_the_checking_view(client, make_story, settings):
    story, block_id = quote_story(make_story)
    share = client.get(share_url(story.pk, block_id))
    shared(client, story, block_id)
    (name,) = stored_cards()
    stem = name.rsplit("/", 1)[-1].removesuffix(".png")
    soup = BeautifulSoup(share.content, "html.parser")
    urls = [soup.find("meta", property="og:image")["content"]]
    urls.append(soup.find("meta", attrs={"name": "twitter:image"})["content"])
    urls.append(soup.find("img", class_="newsblocks-share__card")["src"])
    urls.append(quote_links(story, block_id, "http://testserver/")["card_url"])
    for url in urls:
        path = urlparse(url).path
        assert not path.startswith(settings.MEDIA_URL), url
        assert resolve(path).url_name == "quote_card", url
    story_html = client.get(story.url).content.decode()
    for html in (share.content.decode(), story_html):
        assert stem not in html and settings.MEDIA_URL + FOLDER not in html


def test_a_card_that_can_be_withdrawn_is_not_cached_as_immutable(client, make_story):
    story, block_id = quote_story(make_story)
    for url in (
        card_url(story.pk, block_id),
        card_url(story.pk, block_id, key_of(story, block_id)),
    ):
        control = client.get(url)["Cache-Control"]
        assert "immutable" not in control and "public" in control
        max_age = int(control.split("max-age=")[1].split(",")[0])
        assert 0 < max_age <= 300


# -- only pages of the requesting site --------------------------------------------------


@pytest.fixture
def other_site(settings, db):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.test"]
    root = Page.get_first_root_node()
    index = root.add_child(instance=Page(title="Other paper", slug="other-paper"))
    Site.objects.create(hostname="other.test", port=80, root_page=index, site_name="Other")
    return index


def publish_under(parent, quote: str):
    story = parent.add_child(
        instance=StoryPage(
            title="Elsewhere",
            slug=f"elsewhere-{StoryPage.objects.count() + 1}",
            body=[("pull_quote", pull_quote_value(quote=quote))],
        )
    )
    story.save_revision().publish()
    return story, story.body[0].id


def test_a_live_page_outside_every_site_is_404(client, make_story):
    story, block_id = publish_under(Page.get_first_root_node(), "Nowhere to be seen")
    assert Page.objects.live().public().filter(pk=story.pk).exists()
    key = key_of(story, block_id)
    assert_withdrawn(client, story.pk, block_id, key)
    assert stored_cards() == {}
    # Nor do the API and JSON-LD give it links that would 404.
    assert quote_links(story, block_id, "http://testserver/") == {}


def test_another_sites_pages_are_404_on_this_sites_host(client, make_story, other_site):
    ours, our_block = quote_story(make_story)
    theirs, their_block = publish_under(other_site, "Their words")
    # Each site serves its own pages…
    shared(client, ours, our_block)
    shared(client, theirs, their_block, HTTP_HOST="other.test")
    # …and not the other's.
    assert_withdrawn(client, ours.pk, our_block, key_of(ours, our_block), HTTP_HOST="other.test")
    assert_withdrawn(client, theirs.pk, their_block, key_of(theirs, their_block))


def test_an_unknown_host_is_the_default_site(client, make_story, other_site, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "alias.test"]
    ours, our_block = quote_story(make_story)
    theirs, their_block = publish_under(other_site, "Their words")
    assert client.get(share_url(ours.pk, our_block), HTTP_HOST="alias.test").status_code == 200
    assert client.get(share_url(theirs.pk, their_block), HTTP_HOST="alias.test").status_code == 404


def test_moving_the_story_out_of_its_site_deletes_its_cards(client, make_story, commit):
    story, block_id = quote_story(make_story)
    key = key_of(story, block_id)
    shared(client, story, block_id)
    with commit():
        story.move(Page.get_first_root_node(), pos="last-child")
    assert stored_cards() == {}
    assert_withdrawn(client, story.pk, block_id, key)


def test_stories_under_a_translation_of_the_site_root_are_the_sites(client, news_index, settings):
    # With Wagtail's i18n, the site serves its root page's translations too.
    assert settings.WAGTAIL_I18N_ENABLED
    from wagtail.models import Locale

    german = Locale.objects.get_or_create(language_code="de")[0]
    german_index = news_index.copy_for_translation(german)
    german_index.save_revision().publish()
    story, block_id = publish_under(german_index, "Wir stehen bereit")
    assert client.get(share_url(story.pk, block_id)).status_code == 200
    shared(client, story, block_id)
