import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale, Page, Site


@pytest.fixture
def page_types():
    """The page models the page-making fixtures use: the test app's; the example site's suite overrides it.

    ``index`` is a story's parent (a plain Wagtail page: the package has no
    opinion on it), ``topics`` the page closed discussions point to, ``story``
    the story page, ``story_fields`` what every story is given besides its body.
    """
    from tests.testapp.models import StoryPage

    return {"index": Page, "topics": Page, "story": StoryPage, "story_fields": {}}


@pytest.fixture
def news_index(db, page_types):
    root = Page.get_first_root_node()
    index = root.add_child(
        instance=page_types["index"](title="Test newsroom", slug="test-newsroom")
    )
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
def site_policy(news_index, page_types):
    """The default site's comment policy, filled in as a newsroom would."""
    from wagtail_newsblocks.models import CommentPolicySettings

    topics = news_index.add_child(
        instance=page_types["topics"](title="Themenübersicht", slug="themen")
    )
    topics.save_revision().publish()
    settings = CommentPolicySettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "community@example.org"
    settings.guidelines_url = "https://example.org/community-guidelines"
    settings.discussion_page = topics
    settings.save()
    return settings


@pytest.fixture
def make_story(news_index, page_types):
    """Publish a story with the given body (and language) and return it."""
    model = page_types["story"]

    def make(body, *, language="en", title="A story", slug=None, **fields):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        story = news_index.add_child(
            instance=model(
                title=title,
                slug=slug or f"story-{model.objects.count() + 1}",
                locale=locale,
                body=body,
                **{**page_types["story_fields"], **fields},
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

    # The docs examples run in the example site's suite (example_site/tests).
    docs_examples = sys.modules.get("test_docs_examples")
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


@pytest.fixture(autouse=True)
def _caches_of_each_test_are_its_own():
    """Each test starts with empty caches.

    A test's rows are rolled back, and the next test's rows get the same
    primary keys (SQLite counts again from the same number): render-cache
    entries keyed on an object's pk would otherwise outlive the object
    they describe, which a real database never gives them a chance to.
    """
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
