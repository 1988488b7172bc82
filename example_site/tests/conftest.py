"""Fixtures of the example site's suite: the demo newsroom, its page types, its content.

The package's generic fixtures and hooks (``render_page``, ``memory_storage``,
the report header, each test's language) come from ``tests/conftest.py``; the
ones that create pages are the example site's here, with its ``news`` models.
"""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from news.models import NewsIndexPage, NewsStoryPage

pytest_plugins = ["tests.conftest"]


@pytest.fixture
def demo_content(db):
    """The example site's demo newsroom, loaded as `make demo` loads it."""
    call_command("load_demo_content", port=8000, stdout=_Null())
    return NewsIndexPage.objects.get(slug="newsroom")


@pytest.fixture(scope="session")
def rendered_site(django_db_setup, django_db_blocker):
    """Every page of the demo newsroom plus ``example_site/tests/pages.py``'s stories, as served: ``{name: html}``.

    Rendered once per test session and rolled back at once, so that the
    validity and outline tests share one render and no other test sees the data.
    """
    from django.core.cache import caches
    from django.db import transaction
    from django.test import Client, override_settings
    from pages import LANGUAGES, add_extra_stories, site_urls

    pages = {}
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES),
        transaction.atomic(),
    ):
        call_command("load_demo_content", port=8000, stdout=_Null())
        index = NewsIndexPage.objects.get(slug="newsroom")
        add_extra_stories(index)
        client = Client()
        for name, url in site_urls(index).items():
            response = client.get(url)
            assert response.status_code == 200, (name, response.content[:2000])
            pages[name] = response.content.decode()
        evening = client.get(index.url, {"theme": "evening"})
        pages["front page, evening theme"] = evening.content.decode()
        transaction.set_rollback(True)
    # Cached renditions and portraits would point at rows that no longer exist.
    for cache in caches.all():
        cache.clear()
    return pages


@pytest.fixture
def news_index(db):
    root = Page.get_first_root_node()
    index = root.add_child(instance=NewsIndexPage(title="Test newsroom", slug="test-newsroom"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    return index


@pytest.fixture
def site_policy(news_index):
    """The default site's comment policy, filled in as a newsroom would."""
    from news.models import TopicsPage
    from wagtail_newsblocks.models import CommentPolicySettings

    topics = news_index.add_child(instance=TopicsPage(title="Themenübersicht", slug="themen"))
    topics.save_revision().publish()
    settings = CommentPolicySettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "community@example.org"
    settings.guidelines_url = "https://example.org/community-guidelines"
    settings.discussion_page = topics
    settings.save()
    return settings


@pytest.fixture
def make_story(news_index):
    """Publish a demo story (``news.NewsStoryPage``) with the given body and return it."""

    def make(body, *, language="en", title="A story", slug=None, **fields):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        story = news_index.add_child(
            instance=NewsStoryPage(
                title=title,
                slug=slug or f"story-{NewsStoryPage.objects.count() + 1}",
                lead=fields.pop("lead", "The lead."),
                locale=locale,
                body=body,
                **fields,
            )
        )
        story.save_revision().publish()
        return story

    return make


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
