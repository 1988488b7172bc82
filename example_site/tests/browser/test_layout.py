"""The default stylesheet where readers meet it: phones, 200 % zoom, right-to-left pages, paper, dark mode."""

import pytest
from pages import LANGUAGES, RIGHT_TO_LEFT_SLUG, add_extra_stories, site_urls

pytestmark = pytest.mark.browser

NIGHT_TRAINS = "/night-trains-return-to-the-alps/"
BOXES = (".newsblocks-pull-quote", ".newsblocks-expert", ".newsblocks-comment-policy")

# Where each pull quote sits in the story column: offsets of its edges from
# the column's, in CSS pixels, and its float.
QUOTE_GEOMETRY = """() => {
    const column = document.querySelector('.story__body').getBoundingClientRect();
    return [...document.querySelectorAll('.newsblocks-pull-quote')].map(quote => {
        const box = quote.getBoundingClientRect();
        return {
            alignment: [...quote.classList].find(c => /--(inline|left|right|wide)$/.test(c)).split('--')[1],
            left: Math.round(box.left - column.left),
            right: Math.round(column.right - box.right),
            width: Math.round(box.width),
            column: Math.round(column.width),
            float: getComputedStyle(quote).float,
        };
    });
}"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def checked_site(demo_site, settings):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
    add_extra_stories(demo_site)
    return site_urls(demo_site)


def test_narrow_screens_and_zoom_never_scroll_sideways(browser, live_server, checked_site, page):
    # 200 % zoom of a 1280 px window is a 640 px layout at two device pixels
    # per CSS pixel; 320 px is WCAG's reflow width (400 % of 1280 px); at
    # 800 px wide pull quotes have little room beside the column.
    problems = []
    for width, scale in ((320, 1), (375, 1), (640, 2), (800, 1)):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 800},
            device_scale_factor=scale,
        )
        narrow = context.new_page()
        for name, url in checked_site.items():
            for theme in ("default", "evening"):
                narrow.goto(f"{url}?theme={theme}")
                overflow = narrow.evaluate(OVERFLOW)
                if overflow > 0:
                    problems.append(f"{name} [{theme}, {width}px]: {overflow}px sideways")
                if width < 768 and narrow.locator(".story__body").count():
                    # Below 48rem every alignment falls back to the full column.
                    for quote in narrow.evaluate(QUOTE_GEOMETRY):
                        if quote["float"] != "none" or abs(quote["width"] - quote["column"]) > 1:
                            problems.append(f"{name} [{theme}, {width}px]: {quote}")
        context.close()
    assert not problems, "\n".join(problems)


def test_text_grows_with_zoom(browser, live_server, demo_site, page):
    # Sizes in vw shrink as zoom narrows the layout; the stylesheet's are in rem.
    sizes = {}
    for width, scale in ((1280, 1), (640, 2)):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 800},
            device_scale_factor=scale,
        )
        zoomed = context.new_page()
        zoomed.goto(NIGHT_TRAINS)
        sizes[scale] = zoomed.evaluate(
            """() => ['.newsblocks-pull-quote__quote', '.story__headline', '.newsblocks-expert__heading']
                .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize) * devicePixelRatio)"""
        )
        context.close()
    assert all(zoomed >= 2 * normal for normal, zoomed in zip(sizes[1], sizes[2], strict=True))


def test_floats_on_desktop_follow_the_text_direction(page, checked_site):
    page.goto(NIGHT_TRAINS)
    english = {quote["alignment"]: quote for quote in page.evaluate(QUOTE_GEOMETRY)}
    assert english["left"]["left"] == 0 and english["left"]["right"] > 100
    assert english["right"]["right"] == 0 and english["right"]["left"] > 100
    # Wide: out beyond the column on both sides, but inside the window.
    assert english["wide"]["left"] < 0 and english["wide"]["right"] < 0
    assert page.evaluate(OVERFLOW) <= 0

    page.goto(checked_site[RIGHT_TO_LEFT_SLUG])
    assert page.evaluate("document.documentElement.dir") == "rtl"
    arabic = {quote["alignment"]: quote for quote in page.evaluate(QUOTE_GEOMETRY)}
    # "Left" is the start of the line: on the right in Arabic, and vice versa.
    assert arabic["left"]["right"] == 0 and arabic["left"]["left"] > 100
    assert arabic["right"]["left"] == 0 and arabic["right"]["right"] > 100
    # The pull quote's rule and the table of contents' bar sit at the start side.
    bar = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.newsblocks-toc'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; })()"
    )
    assert bar == ["3px", "0px"]


def test_print(page, checked_site):
    page.goto(NIGHT_TRAINS)
    page.emulate_media(media="print")
    styles = page.evaluate(
        """selectors => selectors.map(s => [...document.querySelectorAll(s)]
            .map(e => getComputedStyle(e).breakInside))""",
        list(BOXES),
    )
    # Boxes are never split across two pages.
    assert all(value == "avoid" for values in styles for value in values)
    assert all(styles)
    state = page.evaluate(
        """() => ({
            toc: getComputedStyle(document.querySelector('.newsblocks-toc')).display,
            comments: getComputedStyle(document.querySelector('.newsblocks-comment-policy__comment-system')).display,
            floats: [...document.querySelectorAll('.newsblocks-pull-quote')].map(q => getComputedStyle(q).float),
            source: getComputedStyle(document.querySelector('.newsblocks-pull-quote__source'), '::after').content,
            expert: getComputedStyle(document.querySelector('a.newsblocks-expert__name'), '::after').content,
            guidelines: getComputedStyle(document.querySelector('.newsblocks-comment-policy__link'), '::after').content,
            subhead: getComputedStyle(document.querySelector('.newsblocks-subhead')).breakAfter,
        })"""
    )
    assert state == {
        "toc": "none",
        "comments": "none",
        "floats": ["none", "none", "none"],
        # On paper, links show where they lead.
        "source": '" (https://example.org/press/alpine-night-rail-launch)"',
        "expert": '" (https://example.org/experts/lena-fischer)"',
        "guidelines": '" (https://example.org/community-guidelines)"',
        "subhead": "avoid",
    }
    assert page.evaluate(OVERFLOW) <= 0


def test_dark_mode_and_themes_change_the_colours(page, demo_site):
    colours = {}
    for theme in ("default", "evening"):
        page.goto(f"{NIGHT_TRAINS}?theme={theme}")
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            colours[theme, scheme] = page.evaluate(
                """() => [
                    getComputedStyle(document.body).backgroundColor,
                    getComputedStyle(document.querySelector('.newsblocks-expert')).backgroundColor,
                    getComputedStyle(document.querySelector('.newsblocks-pull-quote__mark')).color,
                ]"""
            )
    assert colours["default", "light"][1] == "rgb(244, 241, 234)"
    assert colours["default", "dark"][1] == "rgb(38, 36, 32)"
    # Four different looks, none of them a copy of another.
    assert len({tuple(value) for value in colours.values()}) == 4
