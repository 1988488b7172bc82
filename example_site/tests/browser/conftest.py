"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

The browser is the machine's /usr/bin/chromium (`make test` installs it where
it can). When it is missing the tests skip with that reason on a developer's
machine and fail under CI=true, so CI never passes without running them.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

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


# The live server and the tests share one in-memory SQLite connection, so they
# take turns: the server's application runs only while a test waits on the
# browser (inside a Playwright call), and a test's own database work
# (fixtures, ORM calls, the flush between tests) runs while it is idle. Without
# turns, a request the browser was still finishing (an editing session's
# release as the page closed) collided with the flush: "cannot start a
# transaction within a transaction", or a test starting on a half-flushed
# database. Connections are still accepted and read in threads of their own,
# so a connection Chromium opens ahead and leaves idle blocks nobody. A test
# that fetches from the live server without Playwright (urllib, requests)
# would wait for an answer that waits for its turn: the server gives up
# waiting after TURN_PATIENCE seconds and answers anyway.
SERVER_TURN = threading.Lock()
TURN_PATIENCE = 30


class TurnTakingWSGIServer(ThreadedWSGIServer):
    def set_app(self, application):
        super().set_app(_OnItsTurn(application))


class _OnItsTurn:
    """A WSGI application that runs, response and all, on the server's turn."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        on_turn = SERVER_TURN.acquire(timeout=TURN_PATIENCE)
        try:
            return _EndsTheTurn(self.application(environ, start_response), on_turn)
        except BaseException:
            if on_turn:
                SERVER_TURN.release()
            raise


class _EndsTheTurn:
    # The WSGI server closes the response once it is sent, or has failed;
    # Django's request_finished (closing old connections) runs in that close.
    def __init__(self, response, on_turn):
        self.response = response
        self.open = on_turn

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            if self.open:
                self.open = False
                SERVER_TURN.release()


def _waits_give_the_server_its_turn(wait_for_future):
    depth = 0

    def wait(*args, **kwargs):
        nonlocal depth
        outermost = depth == 0
        depth += 1
        if outermost:
            SERVER_TURN.release()
        try:
            return wait_for_future(*args, **kwargs)
        finally:
            depth -= 1
            if outermost:
                SERVER_TURN.acquire()

    return wait


@pytest.fixture(scope="session", autouse=True)
def _turn_taking_live_server():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", TurnTakingWSGIServer)
        yield


@pytest.fixture(scope="session")
def _server_turns(live_server):
    """Turns between the tests and the live server (see SERVER_TURN).

    Every blocking call of Playwright's sync API waits in ``wait_for_future``
    (in older releases, in ``SyncBase._sync``); that is where the server gets
    its turn. Set up after the live server, so that the server, stopping, is
    not left waiting for a turn.
    """
    from playwright._impl import _sync_base

    with pytest.MonkeyPatch.context() as patch:
        if hasattr(_sync_base, "wait_for_future"):
            waiting = _waits_give_the_server_its_turn(_sync_base.wait_for_future)
            patch.setattr(_sync_base, "wait_for_future", waiting)
        else:  # pragma: no cover - Playwright before wait_for_future
            waiting = _waits_give_the_server_its_turn(_sync_base.SyncBase._sync)
            patch.setattr(_sync_base.SyncBase, "_sync", waiting)
        SERVER_TURN.acquire()
        try:
            yield
        finally:
            SERVER_TURN.release()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: run `make test-tools` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What Chromium logs for any response with this status, next to the response itself.
FAILED_400 = "Failed to load resource: the server responded with a status of 400"


class BrowserPage:
    """A Playwright page plus what went wrong on it (console errors, failed requests).

    Wagtail's autosave posts the form while the editor types and gets a 400
    with a JSON "validation_error" for as long as the draft is incomplete (a
    new block's required field still empty): that is the admin working as
    designed, so those answers are kept apart in ``autosave_rejections``
    rather than counted as failures.
    """

    def __init__(self, page):
        self.page = page
        self._console: list[tuple[str, str]] = []
        self.failed_requests: list[str] = []
        self.autosave_rejections: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._console.append((f"pageerror: {error}", "")))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            self._console.append((message.text, message.location.get("url", "")))

    def _on_request_failed(self, request):
        # Leaving a page cancels what it was still loading (an editing-session
        # ping, a lazy image): Chromium reports that as ERR_ABORTED, which is
        # no fault of the server.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.failure} {request.method} {request.url}")

    def _on_response(self, response):
        if response.status < 400:
            return
        request = response.request
        if (
            response.status == 400
            and request.method == "POST"
            and "application/json" in (request.headers.get("accept") or "")
            and (response.headers.get("content-type") or "").startswith("application/json")
        ):
            self.autosave_rejections.append(response.url)
        else:
            self.failed_requests.append(f"{response.status} {request.method} {response.url}")

    @property
    def console_errors(self) -> list[str]:
        rejected = set(self.autosave_rejections)
        return [
            text
            for text, url in self._console
            if not (text.startswith(FAILED_400) and url in rejected)
        ]

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server, _server_turns, settings, wagtail_root):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    yield BrowserPage(context.new_page())
    context.close()


@pytest.fixture
def reader_page(browser, live_server, _server_turns):
    """A reader's browser beside the editor's: not logged in, so no Wagtail userbar."""
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
        Path(__file__).resolve().parents[3]
        / "node_modules"
        / "vnu-jar"
        / "build"
        / "dist"
        / "vnu.jar"
    )
    return jar if jar.exists() and shutil.which("java") else None
