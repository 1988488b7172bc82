"""The default stylesheet where readers meet it: phones, 200 % zoom, right-to-left pages, paper, dark mode."""

import pytest
from pages import LANGUAGES, RIGHT_TO_LEFT_SLUG, _pull_quote, add_extra_stories, site_urls

from .helpers import screenshot

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
    assert english["right"]["right"] == 0 and english["right"]["left"] > 100
    # One paragraph behind the right quote, the left one would collide with
    # it (issue 20): it stands in the column instead.
    assert english["left"]["float"] == "none"
    assert english["left"]["left"] == english["left"]["right"] == 0
    # Wide: out beyond the column on both sides, but inside the window.
    assert english["wide"]["left"] < 0 and english["wide"]["right"] < 0
    assert page.evaluate(OVERFLOW) <= 0

    page.goto(checked_site[RIGHT_TO_LEFT_SLUG])
    assert page.evaluate("document.documentElement.dir") == "rtl"
    arabic = {quote["alignment"]: quote for quote in page.evaluate(QUOTE_GEOMETRY)}
    # "Left" is the start of the line: on the right in Arabic, and vice versa.
    assert arabic["left"]["right"] == 0 and arabic["left"]["left"] > 100
    # The right quote, close behind it, stands in the column (see above).
    assert arabic["right"]["float"] == "none"
    assert arabic["right"]["left"] == arabic["right"]["right"] == 0
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


# -- floats that never collide (issue 20, item 8) ----------------------------------------------

FLOATS_SLUG = "alternating-pull-quotes"
_WORDS = (
    "Night trains return to the Alps as three operators pool their sleeper cars, "
    "their timetables and their ticket offices for a line that runs every night "
    "of the year between the North Sea and the mountains "
)


def _paragraph(words: int) -> tuple[str, str]:
    text = (_WORDS * 8).split()[:words]
    return ("paragraph", f"<p>{' '.join(text)}.</p>")


_QUOTE_WORDS = (
    "Passengers want to fall asleep in one country and wake up in another, rested, "
    "with breakfast on a folding table and the peaks outside the window, and they "
    "will pay for a proper bed if the ticket is simple enough to buy online"
)


def _side_quote(alignment: str, words: int):
    # Each quote its own words: none repeats the story or another quote.
    text = f"Quote {words}: " + " ".join(_QUOTE_WORDS.split()[:words])
    return _pull_quote(text, alignment=alignment, attribution="Maren Holt", role="planner")


def alternating_quotes_body() -> list:
    """Left and right pull quotes in turn, with short and long text between them.

    The short stretches are where floats collided: a quote taller than the
    text between it and the next one.
    """
    return [
        _paragraph(60),
        _side_quote("right", 30),
        _paragraph(25),
        # Close behind the first: stands in the column.
        _side_quote("left", 24),
        _paragraph(90),
        _paragraph(12),
        _paragraph(70),
        _side_quote("left", 18),
        _paragraph(140),
        _side_quote("right", 22),
        _paragraph(8),
        _paragraph(8),
        _paragraph(70),
        _paragraph(30),
        _side_quote("right", 26),
        _paragraph(70),
        _paragraph(70),
    ]


# Every line of text in the story column as a box, with how many characters
# it holds, found word by word; and every pull quote's box.
LINES_AND_QUOTES = """() => {
    const body = document.querySelector('.story__body');
    const lines = [];
    const paragraphs = [...body.querySelectorAll(':scope > p, :scope > * > p')]
        .filter(p => !p.closest('.newsblocks-pull-quote'));
    paragraphs.forEach((p, paragraph) => {
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const words = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const box = range.getClientRects()[0];
                if (box) words.push({box, length: match[0].length});
            }
        }
        let line = null;
        for (const {box, length} of words) {
            if (!line || Math.abs(box.top - line.top) > box.height / 2) {
                line = {paragraph, top: box.top + scrollY, bottom: box.bottom + scrollY,
                        left: box.left, right: box.right, characters: length};
                lines.push(line);
            } else {
                line.left = Math.min(line.left, box.left);
                line.right = Math.max(line.right, box.right);
                line.characters += length + 1;
            }
        }
        if (lines.length) lines[lines.length - 1].last = true;
    });
    const quotes = [...body.querySelectorAll('.newsblocks-pull-quote')].map(q => {
        const box = q.getBoundingClientRect();
        // The first line of the text that follows the quote in the story.
        const next = document.createRange();
        if (q.nextElementSibling) next.selectNodeContents(q.nextElementSibling);
        const firstLine = q.nextElementSibling ? next.getClientRects()[0] : null;
        return {
            alignment: [...q.classList].find(c => /--(inline|left|right|wide)$/.test(c)).split('--')[1],
            float: getComputedStyle(q).float,
            top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left, right: box.right,
            nextLineBottom: firstLine ? firstLine.bottom + scrollY : null,
            index: [...body.children].indexOf(q),
        };
    });
    const column = body.getBoundingClientRect();
    return {lines, quotes, column: {left: column.left, right: column.right}};
}"""
# Fewer characters than this on a line beside a quote reads as a stranded word.
MIN_LINE_CHARACTERS = 25


def _overlap(a, b, edge: float = 0.5) -> bool:
    return (
        a["left"] < b["right"] - edge
        and b["left"] < a["right"] - edge
        and a["top"] < b["bottom"] - edge
        and b["top"] < a["bottom"] - edge
    )


def _collisions(layout) -> list[str]:
    lines, quotes = layout["lines"], layout["quotes"]
    problems = []
    for n, quote in enumerate(quotes):
        for other in quotes[n + 1 :]:
            if _overlap(quote, other):
                problems.append(f"quotes overlap: {quote} and {other}")
        for line in lines:
            if _overlap(quote, line):
                problems.append(f"a line runs into a quote: {line} / {quote}")
        # The quote stands where the editor put it: no line of the text that
        # follows it in the story comes before it on the screen.
        if quote["nextLineBottom"] is not None and quote["nextLineBottom"] <= quote["top"]:
            problems.append(f"text that follows the quote starts above it: {quote}")
    for line in lines:
        beside = [
            q
            for q in quotes
            if q["float"] != "none" and q["top"] < line["bottom"] and line["top"] < q["bottom"]
        ]
        sides = {"left" if q["right"] <= line["left"] + 1 else "right" for q in beside}
        if len(sides) > 1:
            problems.append(f"a line between two quotes: {line}")
        if beside and not line.get("last") and line["characters"] < MIN_LINE_CHARACTERS:
            problems.append(f"a short line beside a quote: {line}")
    return problems


@pytest.fixture
def alternating_story(demo_site):
    from pages import add_story

    story = add_story(
        demo_site,
        alternating_quotes_body(),
        language="en",
        slug=FLOATS_SLUG,
        title="Left and right pull quotes in turn",
        lead="A story for the layout tests.",
    )
    return story.url


@pytest.mark.screenshots
@pytest.mark.parametrize("width", [1440, 1024, 375])
def test_alternating_floats_never_collide(browser, live_server, alternating_story, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    try:
        page.goto(alternating_story)
        layout = page.evaluate(LINES_AND_QUOTES)
        screenshot(page, f"layout-alternating-quotes-{width}", full_page=True)
    finally:
        context.close()
    assert len(layout["quotes"]) == 5 and len(layout["lines"]) > 30, [
        (q["index"], q["alignment"]) for q in layout["quotes"]
    ]
    floated = [q for q in layout["quotes"] if q["float"] != "none"]
    if width >= 1024:
        # Side by side with the text where there is room, not merely stacked.
        assert len(floated) >= 3, layout["quotes"]
    else:
        assert floated == []
    problems = _collisions(layout)
    assert not problems, "\n".join(problems)
