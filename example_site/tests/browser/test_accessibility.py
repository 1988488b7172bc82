"""axe-core over every page of the demo newsroom: phone and desktop, light and dark, both themes.

axe-core 4.12 (bundled with axe-playwright-python) checks the WCAG 2.0, 2.1
and 2.2 A and AA rules in Debian's Chromium. Each page is loaded once per
theme; widths and colour schemes change in place, which is what a reader
does when turning a phone or switching the system to dark.
"""

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from pages import LANGUAGES, add_extra_stories, site_urls

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
THEMES = ("default", "evening")


def axe_violations(page, options=AXE_OPTIONS) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def describe(violation: dict) -> str:
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"


@pytest.fixture
def checked_site(demo_site, settings):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
    add_extra_stories(demo_site)
    return site_urls(demo_site)


def test_no_violations_on_any_page_width_scheme_or_theme(page, checked_site):
    failures = []
    runs = 0
    for name, url in checked_site.items():
        for theme in THEMES:
            page.goto(f"{url}?theme={theme}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for scheme in SCHEMES:
                    page.emulate_media(color_scheme=scheme)
                    runs += 1
                    failures += [
                        f"{name} [{theme} theme, {width}px, {scheme}] {describe(violation)}"
                        for violation in axe_violations(page)
                    ]
            # Lazy images the narrow layout revealed finish loading here, not
            # aborted by the next page (which would count as failed requests).
            page.wait_for_load_state("networkidle")
    assert runs == len(checked_site) * len(THEMES) * len(WIDTHS) * len(SCHEMES) >= 48
    assert not failures, "axe found violations:\n" + "\n".join(failures)
    assert (page.console_errors, page.failed_requests) == ([], [])


def test_a_site_without_dark_mode_keeps_light_boxes(page, demo_site):
    # A site that never declares color-scheme has no dark mode: the default
    # stylesheet must not paint dark boxes under its dark text when the
    # reader's system is dark.
    page.emulate_media(color_scheme="dark")
    page.goto("/night-trains-return-to-the-alps/")
    page.evaluate("document.querySelector('link[href$=\"news/css/site.css\"]').remove()")
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "normal"
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.newsblocks-expert')).backgroundColor"
    )
    assert background == "rgb(244, 241, 234)"  # the light box, #f4f1ea
    options = {**AXE_OPTIONS, "runOnly": {"type": "rule", "values": ["color-contrast"]}}
    assert [describe(v) for v in axe_violations(page, options)] == []


def test_the_checker_reports_violations(page, demo_site):
    # Guards the guard: grey on grey must fail with the element named.
    page.goto("/night-trains-return-to-the-alps/")
    # Through the CSSOM, which a Content-Security-Policy without inline styles allows.
    page.evaluate(
        "document.querySelector('.newsblocks-expert__role')"
        ".style.setProperty('color', '#ccc', 'important')"
    )
    (violation,) = axe_violations(page)
    assert violation["id"] == "color-contrast"
    assert ".newsblocks-expert__role" in describe(violation)
