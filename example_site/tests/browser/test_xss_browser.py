"""The XSS corpus in a real browser: nothing runs, and the CSP is never violated."""

import pytest

from tests.factories import make_image
from tests.test_xss import BATCH, blocks_for
from tests.xss import vectors

pytestmark = pytest.mark.browser

# Runs before any page script: records what script managed to call, and CSP violations.
INSTRUMENT = """
window.__calls = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__calls.push(name + '(' + args.join(',') + ')'); };
}
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""

# Hover, click and focus everything, so that event-handler vectors get their chance.
PROVOKE = """
() => {
  const types = ['mouseover', 'mouseenter', 'click', 'focus', 'toggle', 'dragstart', 'error', 'load'];
  for (const element of document.querySelectorAll('article *')) {
    for (const type of types) element.dispatchEvent(new Event(type));
  }
}
"""


@pytest.fixture
def image(wagtail_root):
    return make_image("XSS test image", size=(64, 48))


@pytest.fixture
def news_index(wagtail_root):
    from wagtail.models import Site

    from news.models import NewsIndexPage

    index = wagtail_root.add_child(
        instance=NewsIndexPage(title="XSS newsroom", slug="xss-newsroom")
    )
    Site.objects.filter(is_default_site=True).update(root_page=index)
    return index


@pytest.fixture
def stories(transactional_db, live_server, image, settings, news_index):
    from wagtail.models import Locale

    from news.models import NewsStoryPage

    settings.WAGTAIL_NEWSBLOCKS = {"PULL_QUOTE_MAX_LENGTH": 10_000, "SUBHEAD_MAX_LENGTH": 10_000}
    locale = Locale.objects.get_or_create(language_code="en")[0]
    pages = []
    size = BATCH * 4
    all_vectors = vectors()
    for number, start in enumerate(range(0, len(all_vectors), size)):
        chunk = all_vectors[start : start + size]
        body = [
            item for index, vector in enumerate(chunk) for item in blocks_for(vector, image, index)
        ]
        story = news_index.add_child(
            instance=NewsStoryPage(
                title=f"XSS {number}", slug=f"xss-{number}", lead="Lead", locale=locale, body=body
            )
        )
        story.save_revision().publish()
        pages.append(story)
    return pages


def test_no_vector_runs_and_the_csp_holds(page, stories):
    page.add_init_script(INSTRUMENT)
    for story in stories:
        response = page.goto(story.url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        page.evaluate(PROVOKE)
        page.wait_for_timeout(50)  # let event handlers and timers that slipped through fire
        assert page.evaluate("window.__calls") == [], story.url
        assert page.evaluate("window.__csp") == [], story.url
        # Images load from the site itself: nothing reached out elsewhere.
    assert [
        url for url in page.failed_requests if "127.0.0.1" not in url and "localhost" not in url
    ] == []


def test_demo_story_pages_raise_no_csp_violation(page, demo_site):
    from news.models import NewsStoryPage

    page.add_init_script(INSTRUMENT)
    for story in NewsStoryPage.objects.live():
        page.goto(story.url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], story.url
    page.goto("/")
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []


def test_the_instrumentation_would_notice(page, live_server):
    """A control: if a vector did run, the checks above would see it."""
    page.add_init_script(INSTRUMENT)
    page.goto("/static/wagtail_newsblocks/css/newsblocks.css")
    page.set_content(
        '<article><img src="x" onerror="alert(1)"><b onclick="confirm(2)">b</b></article>'
    )
    page.wait_for_timeout(100)
    page.evaluate(PROVOKE)
    assert set(page.evaluate("window.__calls")) == {"alert(1)", "confirm(2)"}
