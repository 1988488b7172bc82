"""Headings, landmarks and languages of every page the demo newsroom serves."""

import random
import unicodedata

import pytest
from bs4 import BeautifulSoup
from pages import RIGHT_TO_LEFT_SLUG, VARIANTS_SLUG

from tests.markup import heading_levels, landmarks, outline_problems
from wagtail_newsblocks import outline

# The pages are rendered once per session (``rendered_site``); the mark makes
# pytest-django create the test database for it.
pytestmark = pytest.mark.django_db

SEED = "kim-unterstuetzt-putin-im-heiligen-krieg"
NIGHT_TRAINS = "night-trains-return-to-the-alps"


@pytest.fixture(scope="module")
def soups(rendered_site):
    return {name: BeautifulSoup(html, "html.parser") for name, html in rendered_site.items()}


def test_every_page_has_a_sound_outline(soups):
    problems = [
        f"{name}: {problem}" for name, soup in soups.items() for problem in outline_problems(soup)
    ]
    assert not problems, "\n".join(problems)


def test_the_pages_checked(soups):
    # A new demo story is checked by itself; these must always be among them.
    assert {
        "front page",
        "topics page",
        SEED,
        NIGHT_TRAINS,
        VARIANTS_SLUG,
        RIGHT_TO_LEFT_SLUG,
    } <= set(soups)


def test_story_outlines(soups):
    assert heading_levels(soups[SEED]) == [
        (1, "Kim unterstützt Putin im „heiligen Krieg“"),
        (2, "Kreml: „Kooperation in sensiblen Bereichen“"),
        (2, "Militärexperte: Nordkoreanische Munition würde nicht viel ändern"),
        (2, "Kommentare"),
    ]
    assert [level for level, _text in heading_levels(soups[NIGHT_TRAINS])] == [1, 2, 2, 3, 3, 2, 2]


def test_landmarks_are_few_and_named(soups):
    story = soups[NIGHT_TRAINS]
    assert [(landmark.role, landmark.name) for landmark in landmarks(story)] == [
        ("banner", ""),
        ("main", ""),
        ("navigation", "Contents"),
        ("complementary", "Expert view: Sleepers pay off only when they run full both ways"),
        ("complementary", "Quote repeated from the story: Tom Berger"),
        ("region", "Comments"),
        ("contentinfo", ""),
    ]
    # Quotations that appear only in the pull quote are no landmarks.
    assert len(story.select("figure.newsblocks-pull-quote > blockquote")) == 2


def test_languages_are_marked(soups):
    seed = soups[SEED]
    assert seed.html["lang"] == "de" and seed.html["dir"] == "ltr"
    # The newsroom's English chrome on a German page.
    assert seed.select_one(".site-footer")["lang"] == "en"
    assert seed.select_one(".skip-link")["lang"] == "en"
    repeat = seed.select_one("aside.newsblocks-pull-quote--repeat")
    assert repeat["aria-label"] == "Wiederholtes Zitat aus dem Text: Kim Jong Un"

    night = soups[NIGHT_TRAINS]
    # The French quote, and its first words in the link to its share page.
    assert [element["lang"] for element in night.select("article [lang]")] == ["fr", "fr"]
    assert night.select("article [lang]")[1].parent["class"] == ["newsblocks-pull-quote__share"]

    rtl = soups[RIGHT_TO_LEFT_SLUG]
    assert (rtl.html["lang"], rtl.html["dir"]) == ("ar", "rtl")
    english = rtl.select_one("blockquote.newsblocks-pull-quote__quote")
    assert (english["lang"], english["dir"]) == ("en", "ltr")
    assert rtl.select_one(".site-header")["dir"] == "ltr"

    front = soups["front page"]
    teasers = {teaser.select_one("a").get_text(): teaser for teaser in front.select(".teaser")}
    arabic = next(teaser for title, teaser in teasers.items() if "القطارات" in title)
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")


def test_pull_quote_variants(soups):
    variants = soups[VARIANTS_SLUG]
    quotes = variants.select(".newsblocks-pull-quote")
    assert [(quote.name, quote.get("aria-label")) for quote in quotes] == [
        ("aside", "Quote repeated from the story: Rita Planner"),  # detected
        ("aside", "Quote repeated from the story"),  # the editor's "repeats"
        ("figure", None),  # the editor's "standalone", although the words are there
        ("figure", None),  # found nowhere else
        ("figure", None),  # another language
    ]


def test_the_checker_finds_what_it_looks_for():
    soup = BeautifulSoup(
        """<html><body><header></header><main>
        <h1>One</h1><h1>Two</h1><h4>Skipped</h4>
        <nav aria-label="Contents"></nav><nav aria-label="Contents"></nav>
        <article><aside class="x">No name: not a landmark</aside>
        <aside aria-labelledby="gone">Points nowhere</aside></article>
        <section aria-label="Region"><aside aria-label="Inside a region"></aside></section>
        <a href="#nowhere">x</a><p id="twice"></p><p id="twice"></p>
        </main><footer></footer></body></html>""",
        "html.parser",
    )
    problems = "\n".join(outline_problems(soup))
    for expected in (
        "expected one h1, found 2",
        "h4 “Skipped” follows an h1",
        "navigation landmarks need distinct names: ['Contents', 'Contents']",
        "aria-labelledby points at a missing id: gone",
        "is nested in <section>",
        "in-page link to a missing id: #nowhere",
        "duplicate ids: ['twice']",
        "<html> has no lang",
    ):
        assert expected in problems, expected
    assert "No name" not in problems


def test_ascii_headings_slugify_as_the_unicode_road_would():
    # slugify_anchor skips Unicode normalisation for ASCII text; it must not matter.
    def by_normalising(text):
        text = text.translate(outline._TRANSLITERATE)
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        slug = outline._NOT_SLUG.sub("-", unicodedata.normalize("NFKC", stripped).lower())
        return outline._DASHES.sub("-", slug).strip("-") or outline.FALLBACK_ANCHOR

    rng = random.Random(3)
    alphabet = [chr(i) for i in range(128)] + list("äöüßÉç…„“–Крα漢\u0301\u00ad")
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert outline.slugify_anchor(text) == by_normalising(text), repr(text)
