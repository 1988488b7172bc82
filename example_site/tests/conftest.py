"""Fixtures of the example site's suite: the demo newsroom, its page types, its content.

The package's generic fixtures and hooks (``render_page``, ``memory_storage``,
the report header, each test's language) come from ``tests/conftest.py``; the
ones that create pages are the example site's here, with its ``news`` models.
"""

import pytest
from django.core.management import call_command

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
def page_types():
    """The demo's page types for the package's page-making fixtures (``tests/conftest.py``)."""
    from news.models import TopicsPage

    return {
        "index": NewsIndexPage,
        "topics": TopicsPage,
        "story": NewsStoryPage,
        "story_fields": {"lead": "The lead."},
    }


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
