"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

The browser is the machine's /usr/bin/chromium (`make test` installs it where
it can). When it is missing the tests skip with that reason on a developer's
machine and fail under CI=true, so CI never passes without running them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM would
# then refuse to run here, although nothing is actually asynchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("NEWSBLOCKS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
EDITOR = ("editor", "newsroom")


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: run `make test-tools` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A Playwright page plus what went wrong on it (console errors, failed requests)."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("requestfailed", lambda request: self.failed_requests.append(request.url))
        page.on(
            "response",
            lambda response: (
                self.failed_requests.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server, settings, wagtail_root):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    yield BrowserPage(context.new_page())
    context.close()


@pytest.fixture
def wagtail_root(transactional_db):
    """Wagtail's root page, default locale and site, which a transactional test's flush removes."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale, content_type=_page_type())
    )
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    return root


def _page_type():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page)


@pytest.fixture
def demo_site(wagtail_root, live_server):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get(slug="newsroom")


@pytest.fixture
def editor(wagtail_root):
    username, password = EDITOR
    return get_user_model().objects.create_superuser(username, "editor@example.org", password)


@pytest.fixture
def admin_page(page, editor):
    """A page logged in to the Wagtail admin as the demo editor."""
    username, password = EDITOR
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def vnu_jar() -> Path | None:
    jar = (
        Path(__file__).resolve().parents[2]
        / "node_modules"
        / "vnu-jar"
        / "build"
        / "dist"
        / "vnu.jar"
    )
    return jar if jar.exists() and shutil.which("java") else None
