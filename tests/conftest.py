import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from news.models import NewsIndexPage, NewsStoryPage


@pytest.fixture
def demo_content(db):
    """The example site's demo newsroom, loaded as `make demo` loads it."""
    call_command("load_demo_content", stdout=_Null())
    return NewsIndexPage.objects.get(slug="newsroom")


@pytest.fixture(scope="session")
def rendered_site(django_db_setup, django_db_blocker):
    """Every page of the demo newsroom plus ``tests/pages.py``'s stories, as served: ``{name: html}``.

    Rendered once per test session and rolled back at once, so that the
    validity and outline tests share one render and no other test sees the data.
    """
    from django.core.cache import caches
    from django.db import transaction
    from django.test import Client, override_settings

    from tests.pages import LANGUAGES, add_extra_stories, site_urls

    pages = {}
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES),
        transaction.atomic(),
    ):
        call_command("load_demo_content", stdout=_Null())
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
def memory_storage(settings):
    """Files (quote cards, renditions) go to a storage with no file system behind it, as on S3."""
    from django.core.cache import cache

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    cache.clear()
    yield
    cache.clear()


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
    """Publish a story with the given body (and language) and return it."""

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


@pytest.fixture
def render_page(client):
    """GET a page through the site and return the parsed HTML."""

    def render(page):
        response = client.get(page.url)
        assert response.status_code == 200, response.content[:2000]
        return BeautifulSoup(response.content, "html.parser")

    return render


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def pytest_report_header(config):
    """Which package, versions and database the suite tests (the wheel job relies on the path)."""
    import django
    import wagtail
    from django.conf import settings

    import wagtail_newsblocks

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [
        f"wagtail_newsblocks {wagtail_newsblocks.__version__} from {Path(wagtail_newsblocks.__file__).parent}",
        f"Django {django.get_version()}, Wagtail {wagtail.__version__}, database: {database}",
    ]


def pytest_configure(config):
    # The wheel job (nox -s wheel) runs the suite from a copy of tests/ outside
    # the checkout: the package under test must then be the installed wheel.
    if os.environ.get("NEWSBLOCKS_EXPECT_INSTALLED"):
        import wagtail_newsblocks

        location = Path(wagtail_newsblocks.__file__).resolve()
        if "site-packages" not in location.parts:
            raise pytest.UsageError(
                f"expected the installed wagtail_newsblocks, imported {location}"
            )


def pytest_terminal_summary(terminalreporter):
    import sys

    docs_examples = sys.modules.get("tests.test_docs_examples")
    if docs_examples:
        skipped = docs_examples.SKIPPED
        terminalreporter.write_line(
            f"docs examples: {len(docs_examples.EXAMPLES) - len(skipped)} run, {len(skipped)} skipped"
            f" by '{docs_examples.SKIP_MARK}'" + (f": {', '.join(skipped)}" if skipped else "")
        )


@pytest.fixture(autouse=True)
def _language_of_each_test_is_its_own():
    """Each test starts and ends in the site's language.

    Django's LocaleMiddleware activates a request's language in the test's
    thread and nothing switches it back: a request with a German
    Accept-Language would otherwise make later tests' messages German.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
