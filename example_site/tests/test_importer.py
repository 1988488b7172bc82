"""The importer: article HTML and plain text become story pages in the demo newsroom (issue #9).

In the example site's suite: it fills the demo page's kicker and lead and uses the
demo's seed story and roster."""

from __future__ import annotations

import datetime
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup, Comment
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

from news.demo_content import EXPERTS, SEED_STORY
from news.models import NewsStoryPage
from tests.xss import dangerous_markup, url_vectors, vectors
from wagtail_newsblocks.importer import (
    ArticleImportError,
    ImportRules,
    import_article,
    parse_article,
)
from wagtail_newsblocks.importer.attribution import Speaker, SuggestedPullQuote
from wagtail_newsblocks.importer.html import decode_html
from wagtail_newsblocks.models import Expert, ImportedStory

# The importer fixtures are the package suite's (tests/data).
DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
FIXTURES = DATA / "import"
IMAGES = FIXTURES / "images"
SEED = DATA / "story-de-kim-putin.txt"

# The old CMS marks its article cell and head fields with classes of its own:
# what a newsroom would put into WAGTAIL_NEWSBLOCKS["IMPORT_RULES"].
OLD_CMS_RULES = {
    "ROOT": ["td.artikel"],
    "KICKER": "font.dachzeile",
    "HEADLINE": "font.titel",
    "LEAD": "font.vorspann",
}
SEED_FOOTER = [
    "Kommentare",
    "Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.",
    "Wir laden Sie ein, bei einer aktuelleren themenrelevanten Story mitzudiskutieren: Themenübersicht.",
    "Bei Fragen können Sie sich gern an das Community-Team per Mail an forum@krone.at wenden.",
]


@dataclass(frozen=True)
class Case:
    """A source written for the tests, and what it must become."""

    file: str
    language: str  # the locale the story gets
    outline: tuple[str, ...]
    rules: dict | None = None
    # Where a reader sees the article's text in the source (the word test).
    root: str = "body"
    # Page furniture the rules drop on purpose (listed in the report instead).
    furniture: tuple[str, ...] = ()
    # Comment notices the comment-policy footer replaces (kept in the report).
    notices: tuple[str, ...] = ()
    path: Path = FIXTURES

    @property
    def source(self) -> Path:
        return self.path / self.file

    @property
    def is_html(self) -> bool:
        return self.file.endswith(".html")


SEED_CASE = Case(
    "story-de-kim-putin.txt",
    "de",
    tuple(block_type for block_type, _ in SEED_STORY["body"]),
    notices=tuple(SEED_FOOTER),
    path=DATA,
)
CASES = [
    SEED_CASE,
    Case(
        "en-wrapped-story.txt",
        "en",
        (
            "paragraph",
            "pull_quote",
            "subhead",
            "paragraph",
            "paragraph",
            "expert_opinion",
            "comment_policy",
        ),
        notices=("Comments", "Comments on this story are closed."),
    ),
    # Semantic HTML5: <article>, <figure>/<figcaption>, <blockquote cite>, an expert <aside>.
    Case(
        "en-semantic-article.html",
        "en",
        (
            "paragraph",
            "image",
            "paragraph",
            "subhead",
            "paragraph",
            "pull_quote",
            "subhead",
            "paragraph",  # the list
            "paragraph",  # the fares table, kept as text
            "expert_opinion",
            "paragraph",
            "comment_policy",
        ),
        root="article",
        furniture=(".byline",),
    ),
    # WordPress: wp-block-pullquote, an expert <aside>, an embed, share buttons, reader comments.
    Case(
        "de-wordpress-export.html",
        "de",
        (
            "paragraph",
            "pull_quote",
            "subhead",
            "paragraph",
            "image",
            "paragraph",  # the video embed's caption
            "expert_opinion",
            "paragraph",  # the list
            "comment_policy",
        ),
        root="article",
        furniture=(".entry-meta", ".sharedaddy"),
    ),
    # French, with quotations nested in quotations.
    Case(
        "fr-nested-quotes.html",
        "fr",
        (
            "paragraph",
            "pull_quote",
            "paragraph",
            "subhead",
            "paragraph",
            "pull_quote",
            "expert_opinion",
            "comment_policy",
        ),
        root="article",
        notices=("Commentaires", "Les commentaires sont fermés pour cet article."),
    ),
    # A CMS from 2003: tables for layout, <font>, <br><br> paragraphs, bold subheads, windows-1252.
    Case(
        "de-old-cms-tables.html",
        "de",
        (
            "paragraph",
            "paragraph",
            "pull_quote",  # from the quotation the text attributes to the mayor
            "subhead",
            "paragraph",
            "paragraph",  # the cost table, kept as text
            "paragraph",  # the caption of an image without a local file
            "paragraph",
            "comment_policy",
        ),
        rules=OLD_CMS_RULES,
        root="td.artikel",
        notices=("Kommentare", "Die Kommentarfunktion ist für diesen Artikel deaktiviert."),
    ),
    # Unclosed tags, stray end tags, script, iframes, tracking pixels, event handlers.
    Case(
        "en-malformed.html",
        "en",
        (
            "paragraph",
            "paragraph",
            "subhead",
            "paragraph",
            "paragraph",  # the list of unclosed <li>s
            "pull_quote",
            "paragraph",
            # The newsletter form ("Get updates about the bridge", a button) is
            # page furniture: the extraction library leaves it out.
            "paragraph",
            "comment_policy",
        ),
        furniture=(".comments-closed", "form"),
    ),
]
HTML_CASES = [case for case in CASES if case.is_html]


def case_id(case: Case) -> str:
    return case.file


def parse(case: Case, **kwargs):
    return parse_article(case.source, rules=case.rules, images_dir=IMAGES, **kwargs)


def import_case(case: Case, parent, **kwargs):
    return import_article(case.source, parent=parent, rules=case.rules, images_dir=IMAGES, **kwargs)


# -- words -------------------------------------------------------------------------------

# Not text a reader sees: the importer drops these, and the word test leaves them out.
INVISIBLE = (
    "title",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "video",
    "audio",
    "canvas",
    "input",
)


def words(text: str) -> Counter:
    """Words, case- and punctuation-blind: quotation marks, dashes and hyphens separate words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u00ad\u200b\u2060]", "", text)
    return Counter(re.findall(r"\w+", text))


def source_text(case: Case) -> str:
    if not case.is_html:
        text = case.source.read_text(encoding="utf-8")
        for notice in case.notices:
            assert notice in text, notice
            text = text.replace(notice, " ", 1)
        return text
    # Decoded as the importer decodes (UTF-8 first): BeautifulSoup's own guess
    # differs with chardet installed.
    soup = BeautifulSoup(decode_html(case.source.read_bytes()), "html.parser")
    for node in soup.find_all(string=lambda string: isinstance(string, Comment)):
        node.extract()
    for element in soup.find_all(INVISIBLE):
        element.decompose()
    root = soup.select_one(case.root)
    for selector in case.furniture:
        for element in root.select(selector):
            element.decompose()
    text = root.get_text(" ")
    text = re.sub(r"\s+", " ", text)
    for notice in case.notices:
        assert notice in text, notice
        text = text.replace(notice, " ", 1)
    return text


def missing_words(case: Case, rendered: str) -> dict[str, int]:
    have = words(rendered)
    return {
        word: count - have[word]
        for word, count in words(source_text(case)).items()
        if have[word] < count
    }


# -- parsing ------------------------------------------------------------------------------


def test_seed_text_gives_the_demo_story_outline():
    article = parse_article(SEED)
    assert article.block_types == [block_type for block_type, _ in SEED_STORY["body"]]
    assert article.block_types == [
        "paragraph",
        "pull_quote",
        "paragraph",
        "subhead",
        "paragraph",
        "expert_opinion",
        "comment_policy",
    ]
    assert (article.kicker, article.title, article.lead) == (
        SEED_STORY["kicker"],
        SEED_STORY["title"],
        SEED_STORY["lead"],
    )
    assert article.language == "de"


def test_seed_text_blocks_match_the_hand_built_ones():
    article = parse_article(SEED)
    demo = dict(enumerate(SEED_STORY["body"]))
    for index, (block_type, value) in enumerate(article.blocks):
        expected_type, expected = demo[index]
        assert block_type == expected_type
        if block_type == "paragraph":
            assert value == expected
        elif block_type == "pull_quote":
            # The demo repeats Kim's first quotation; the rule finds the same one
            # and completes "Kim" from the lead ("Nordkoreas Machthaber Kim Jong Un").
            for field in ("quote", "attribution", "role", "source_url", "alignment"):
                assert value[field] == expected[field], field
        elif block_type == "subhead":
            assert (value["text"], value["level"]) == (expected["text"], expected["level"])
        elif block_type == "expert_opinion":
            roster = EXPERTS[expected["expert"]]
            for field in ("label", "headline", "level", "statement", "how_obtained"):
                assert value[field] == expected[field], field
            assert (value["name"], value["role"], value["organization"]) == (
                roster["name"],
                roster["role"],
                roster["organization"],
            )
        elif block_type == "comment_policy":
            assert value["mode"] == "auto"


def test_seed_text_report_keeps_the_comment_notice_and_explains_the_pull_quote():
    report = parse_article(SEED).report.as_text()
    for line in SEED_FOOTER:
        assert line in report
    assert "Pull quote 2" in report
    assert "Kim Jong Un, Machthaber Nordkoreas" in report


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_outline(case):
    article = parse(case)
    assert tuple(article.block_types) == case.outline, [str(item) for item in article.outline]


def test_parsing_touches_no_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        for case in CASES:
            parse(case)


def test_semantic_article_details():
    article = parse(CASES[2])
    assert article.kicker == "Rail travel"
    assert article.title == "Sleeper trains return to the Alps as three operators join forces"
    assert article.lead.startswith("Three European rail operators")
    # The canonical URL without its fragment is the id; <html lang="en-GB"> the language.
    assert article.source_id == "https://courier.example.org/travel/2024/03/sleeper-trains-return"
    assert article.language == "en-gb"
    assert article.published_at == datetime.datetime(
        2024, 3, 14, 8, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    blocks = dict(enumerate(article.blocks))
    first = blocks[0][1]
    # Links keep their address without campaign parameters; formatting survives.
    assert '<a href="https://example.org/cologne?ref=story">Cologne</a>' in first
    assert "<b>sleeper cars</b>" in first and "<i>dining car</i>" in first
    image = blocks[1][1]
    assert image["image"]["image"].path == (IMAGES / "sleeper-train.png").resolve()
    assert image["image"]["alt_text"] == "A blue sleeper car at a platform at dusk"
    assert image["caption"] == "The operators bought the sleeper cars jointly."
    assert image["credit"] == "Photo: Example Rail Archive"
    assert "javascript" not in blocks[2][1] and "booking portal" in blocks[2][1]
    quote = blocks[5][1]
    assert quote["quote"] == (
        "People don't just want to get there. They want to wake up in the mountains."
    )
    assert (quote["attribution"], quote["role"]) == (
        "Maren Holt",
        "head of long-distance services at Alpine Night Rail",
    )
    assert quote["source_url"] == "https://example.org/press/alpine-night-rail-launch"
    assert [blocks[3][1]["level"], blocks[6][1]["level"]] == ["h2", "h3"]
    assert blocks[7][1].startswith("<ul><li>Amsterdam Centraal, dep. 19:40</li>")
    assert "<ul><li>connection to Salzburg, 06:32</li></ul>" in blocks[7][1]
    expert = blocks[9][1]
    assert (expert["label"], expert["headline"], expert["level"]) == (
        "Expert view",
        "Sleepers pay off only when they run full both ways",
        "h3",
    )
    assert (expert["name"], expert["role"], expert["organization"]) == (
        "Lena Fischer",
        "transport economist",
        "Institute for Rail and Mobility Research",
    )
    assert expert["statement"].startswith("<p>A sleeper that runs half empty")


def test_wordpress_export_details():
    article = parse(CASES[3])
    assert (article.kicker, article.language) == ("Energiewende", "de-de")
    assert article.source_id == (
        "https://ostsee-kurier.example.de/2023/11/windpark-ruegen-erster-strom/"
    )
    assert article.lead.startswith("Der neue Offshore-Windpark")
    blocks = dict(enumerate(article.blocks))
    quote = blocks[1][1]
    assert (quote["quote"], quote["attribution"], quote["role"]) == (
        "Heute beginnt für die Insel ein neues Kapitel",
        "Eva Brandt",
        "Bürgermeisterin von Sassnitz",
    )
    expert = blocks[6][1]
    assert (expert["label"], expert["headline"]) == (
        "Energieexpertin",
        "Netzausbau an Land ist der Engpass",
    )
    assert (expert["name"], expert["role"], expert["organization"]) == (
        "Dr. Anna Berger",
        # The person line leaves the statement: its role keeps every word.
        "Professorin für Energiesysteme an der Universität Rostock",
        "",
    )
    # The reader comments are not story text; the report keeps them.
    assert "Endlich geht es voran!" in article.report.as_text()
    assert "Endlich" not in str(article.blocks)
    report = article.report
    assert report.dropped["<iframe>"] == 1
    assert report.dropped["tracking pixel"] == 1
    assert ("<iframe>", "https://www.youtube.com/embed/example?feature=oembed") in (
        report.dropped_text
    )
    assert [item.element for item in report.unmapped] == ["figure.wp-block-embed.is-type-video"]
    assert report.unmapped[0].position == 6


def test_nested_quotations_stay_in_the_quote():
    article = parse(CASES[4])
    quotes = [value for block_type, value in article.blocks if block_type == "pull_quote"]
    assert quotes[0]["quote"] == (
        "Quand le ministre m'a répondu “nous ne céderons pas sur le calendrier”, j'ai compris "
        "que la grève durerait. Mes collègues m'ont dit « on tiendra » et je les crois."
    )
    assert (quotes[0]["attribution"], quotes[0]["role"]) == (
        "Sophie Martin",
        "secrétaire générale du syndicat des contrôleurs",
    )
    assert quotes[1]["quote"] == (
        "Le ministre nous a écrit, je cite : « Le calendrier de la réforme n'est pas "
        "négociable. » Voilà pourquoi nous continuons."
    )
    assert quotes[1]["attribution"] == "Marc Petit"
    expert = next(value for block_type, value in article.blocks if block_type == "expert_opinion")
    assert (expert["label"], expert["name"], expert["role"], expert["organization"]) == (
        "L'avis de l'expert",
        "Pierre Lefèvre",
        "économiste",
        "Université de Lyon",
    )


def test_old_cms_export_details():
    article = parse(CASES[5])
    assert (article.kicker, article.title) == (
        "STADTRAT",
        "Neues Hallenbad kommt 2026 – aber teurer",
    )
    assert article.lead.startswith("Der Stadtrat hat am Donnerstagabend")
    assert article.language == "de"
    quote = article.blocks[2][1]
    assert (quote["attribution"], quote["role"]) == ("Eva Huber", "Bürgermeisterin")
    assert article.blocks[3][1]["text"] == "Streit um die Finanzierung"
    assert "Außenanlagen | 2,5" in article.blocks[5][1]
    report = article.report
    assert [(item.element, item.position) for item in report.unmapped] == [
        ("table", 6),
        ("img", None),
    ]
    assert "/bilder/2023/hallenbad-entwurf.jpg" in report.as_text()
    assert report.dropped["event-handler attribute"] == 2
    assert report.dropped["tracking pixel"] == 1


def test_old_cms_export_without_its_rules_still_keeps_every_word():
    # The default rules do not know the old CMS: navigation and footer become
    # paragraphs, but nothing is lost.
    article = parse_article(CASES[5].source)
    text = " ".join([article.kicker, article.title, article.lead, str(article.blocks)])
    for word in ("Hallenbad", "Finanzierung", "Kämmerer", "Impressum"):
        assert word in text


def test_malformed_document():
    article = parse(CASES[6])
    assert (article.kicker, article.title) == ("Transport", "Harbour bridge to close for six weeks")
    assert article.lead.endswith("the council said on Monday.")
    report = article.report
    for kind, count in {
        "<script>": 3,
        "<style>": 1,
        "<iframe>": 1,
        "<noscript>": 1,
        "<svg>": 1,
        "<object>": 1,
        "tracking pixel": 1,
        "link with an unsafe address": 2,
        "HTML comment": 1,
    }.items():
        assert report.dropped[kind] == count, kind
    assert report.dropped["event-handler attribute"] == 3
    # The newsletter form and the broken image (no address a file could have)
    # are page furniture to the extraction library: neither reaches the story.
    assert {item.element for item in report.unmapped} == set()
    assert "Subscribe" not in str(article.blocks)
    # The <h4> after the <h1> became an h2: the outline has no gaps.
    assert article.blocks[2][1]["level"] == "h2"
    assert "<script" not in str(article.blocks)
    # Escaped markup in the source is text, and stays text.
    assert '&lt;script&gt;alert("this is text, not code")&lt;/script&gt;' in article.blocks[6][1]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "„Der Zugang dürfte den Konflikt verlängern“, sagt Joseph Dempsey, Forscher für "
            "Verteidigung am International Institute for Strategic Studies.",
            "de",
            Speaker(
                "Joseph Dempsey",
                "Forscher für Verteidigung",
                "International Institute for Strategic Studies",
            ),
        ),
        (
            "Lena Fischer, Ökonomin an der Universität Hamburg, rechnet damit, dass die Preise "
            "steigen.",
            "de",
            Speaker("Lena Fischer", "Ökonomin", "Universität Hamburg"),
        ),
        (
            "“Swifts need insects,” said Tom Reed, an ecologist at the University of Northfield.",
            "en",
            Speaker("Tom Reed", "ecologist", "University of Northfield"),
        ),
        ("“It works,” Reed said.", "en", Speaker("Reed")),
        (
            "Der Sprecher Dmitri Peskow sagte lediglich: „Dazu äußern wir uns nicht.“",
            "de",
            Speaker("Dmitri Peskow", "Sprecher"),
        ),
        (
            "« La grève va durer », estime Jean Dupont, chercheur au CNRS.",
            "fr",
            Speaker("Jean Dupont", "chercheur", "CNRS"),
        ),
        # Described, not named; a sentence that opens with a comma; no quotation at all.
        ("„Das ist falsch“, sagte der Minister.", "de", None),
        ("Allerdings, sagte er, sei das nicht sicher.", "de", None),
        ("The council will publish weekly reports.", "en", None),
    ],
)
def test_who_is_speaking(text, language, expected):
    from wagtail_newsblocks.importer.attribution import find_person

    assert find_person(text, language=language, rules=ImportRules.build()) == expected


def test_attribution_lines_split_at_the_first_comma():
    from wagtail_newsblocks.importer.attribution import split_attribution

    assert split_attribution("— Kim Jong Un, Machthaber Nordkoreas") == Speaker(
        "Kim Jong Un", "Machthaber Nordkoreas"
    )
    assert split_attribution("– Maren Holt, head of services, Alpine Night Rail.") == Speaker(
        "Maren Holt", "head of services, Alpine Night Rail"
    )
    assert split_attribution("—") is None


def test_images_only_from_the_images_folder_and_only_raster_images(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    shutil.copy(IMAGES / "wind-farm.png", folder / "lazy.png")
    (folder / "not-an-image.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    (folder / "drawing.svg").write_text('<svg onload="alert(1)"></svg>', encoding="utf-8")
    (tmp_path / "secret.png").write_bytes((IMAGES / "wind-farm.png").read_bytes())
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    html = (
        "<h1>Images</h1><p class='lead'>Lead.</p>"
        "<figure><img src='placeholder.gif' data-src='/uploads/lazy.png' alt='Lazy'>"
        "<img src='not-an-image.png' alt='Fake'><img src='drawing.svg' alt='Drawing'>"
        "<img src='link.png' alt='Outside'><img src='../secret.png' alt='Up'>"
        "<figcaption>A gallery</figcaption></figure>"
    )
    article = parse_article(html, images_dir=folder)
    assert article.block_types == ["image"]
    assert article.blocks[0][1]["image"]["image"].path == (folder / "lazy.png").resolve()
    assert article.blocks[0][1]["caption"] == "A gallery"
    assert [item.text for item in article.report.unmapped] == [
        "not-an-image.png Fake",
        "drawing.svg Drawing",
        "link.png Outside",
        "../secret.png Up",
    ]


def test_custom_elements_and_boxes_are_kept_and_reported():
    html = (
        "<article><h1>Boxes</h1><p class='lead'>Lead.</p>"
        "<x-factbox><p>Fact one.</p><p>Fact two.</p></x-factbox>"
        "<aside class='infobox'><h3>Background</h3><p>Some history.</p></aside>"
        "<dl><dt>Term</dt><dd>Definition</dd></dl></article>"
    )
    # With the import rules alone, nothing is dropped for being unknown …
    article = parse_article(html, rules={"EXTRACTOR": None})
    assert article.block_types == ["paragraph", "paragraph", "paragraph", "paragraph"]
    assert [(item.element, item.position) for item in article.report.unmapped] == [
        ("x-factbox", None),
        ("aside.infobox", 3),
        ("dl", 4),
    ]
    text = str(article.blocks)
    for words_ in ("Fact one.", "Fact two.", "Background", "Some history.", "Term", "Definition"):
        assert words_ in text
    # … while the extraction library takes a box beside the story for page furniture.
    extracted = str(parse_article(html).blocks)
    assert "Fact one." in extracted and "Definition" in extracted
    assert "Some history." not in extracted


def test_plain_text_format_is_chosen_by_content_or_by_name():
    text = SEED.read_text(encoding="utf-8")
    assert parse_article(text).format == "text"
    assert parse_article(f"<h1>{SEED_STORY['title']}</h1><p>Lead.</p>").format == "html"
    # Forced: a text file read as HTML keeps its words as one paragraph.
    assert parse_article(text, format="html").format == "html"
    with pytest.raises(ValueError, match="format must be one of"):
        parse_article(text, format="markdown")


# -- importing -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_word_of_the_source_reaches_the_page(case, news_index, render_page):
    result = import_case(case, news_index)
    assert result.action == "created"
    page = render_page(result.page)
    article = page.select_one("article.story")
    assert missing_words(case, article.get_text(" ")) == {}
    # What the comment-policy footer replaced is in the report, not lost.
    report = result.report.as_text()
    for notice in case.notices:
        assert " ".join(notice.split()) in report
    assert result.page.locale.language_code == case.language


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_imported_stories_render_no_markup_that_could_run(case, news_index, client):
    result = import_case(case, news_index)
    html = client.get(result.page.url).content.decode()
    assert dangerous_markup(html, "article.story") == []


def xss_article() -> str:
    parts = []
    for index, vector in enumerate(vectors()):
        parts.append(f"<p>Paragraph {index}: {vector}</p>")
        position = index % 5
        if position == 0:
            parts.append(f"<h2>Heading {index} {vector}</h2>")
        elif position == 1:
            parts.append(
                f"<blockquote cite='{vector}'><p>Quote {index} {vector}</p>"
                f"<footer>— Speaker {vector}, role {vector}</footer></blockquote>"
            )
        elif position == 2:
            parts.append(
                f"<aside class='expert'><h3>Expert view: {vector}</h3>"
                f"<p><strong>Name {index}</strong>, role {vector}</p><p>Statement {vector}</p></aside>"
            )
        elif position == 3:
            parts.append(
                f"<figure><img src='{vector}' alt='{vector}'><figcaption>Caption {vector}"
                f"</figcaption></figure>"
            )
        else:
            parts.append(f"<ul><li>{vector}</li></ul><table><tr><th>{vector}</th></tr></table>")
    links = "".join(
        f'<p><a href="{url}">link {index}</a></p>' for index, url in enumerate(url_vectors())
    )
    return (
        "<html><head><title>t</title></head><body><article>"
        "<p class='kicker'><img src=x onerror=alert(1)>Kicker</p>"
        "<h1>Headline <script>alert(1)</script><img src=x onerror=alert(1)></h1>"
        "<p class='lead'>Lead <svg onload=alert(1)></svg></p>"
        f"{''.join(parts)}{links}</article></body></html>"
    )


@pytest.mark.django_db
def test_xss_in_the_source_never_reaches_the_stored_story(news_index, client):
    result = import_article(xss_article(), parent=news_index, source_id="xss-corpus")
    page = NewsStoryPage.objects.get(pk=result.page.pk)
    for child in page.body.raw_data:
        value = child["value"]
        for html in (
            [value] if isinstance(value, str) else [v for v in value.values() if isinstance(v, str)]
        ):
            assert dangerous_markup(html) == [], child
    html = client.get(page.url).content.decode()
    assert dangerous_markup(html, "article.story") == []
    assert "<script" not in html.split('<article class="story">')[1].split("</article>")[0]


@pytest.mark.django_db
def test_import_saves_a_published_page_with_its_fields(news_index):
    result = import_case(CASES[2], news_index)
    page = result.page
    assert isinstance(page, NewsStoryPage) and page.live
    assert page.get_parent().pk == news_index.pk
    assert page.title == "Sleeper trains return to the Alps as three operators join forces"
    assert page.slug == "sleeper-trains-return-to-the-alps-as-three-operators-join-forces"
    assert (page.kicker, page.locale.language_code) == ("Rail travel", "en")
    assert [child.block_type for child in page.body] == list(CASES[2].outline)
    # The source's publication date: the comment policy counts from it.
    assert page.first_published_at == datetime.datetime(2024, 3, 14, 7, 15, tzinfo=datetime.UTC)
    record = ImportedStory.objects.get()
    assert record.source_id == "https://courier.example.org/travel/2024/03/sleeper-trains-return"
    assert record.page_id == page.pk
    assert record.content_hash == result.article.content_hash()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=ZoneInfo("Europe/Berlin")))
def test_an_old_story_arrives_with_its_comments_closed(news_index, render_page):
    result = import_case(CASES[3], news_index)
    footer = render_page(result.page).select_one(".newsblocks-comment-policy")
    # Published on 21 November 2023: 18 months later, in May 2025, comments closed.
    assert footer["data-comments-state"] == "closed"


@pytest.mark.django_db
def test_images_become_wagtail_images_once(news_index):
    image_model = get_image_model()
    first = import_case(CASES[2], news_index)
    image = first.page.body[1].value["image"]
    assert image.title == "A blue sleeper car at a platform at dusk"
    assert first.page.body[1].value.alt_text == "A blue sleeper car at a platform at dusk"
    # The same file in another story is the same Wagtail image.
    import_article(CASES[2].source, parent=news_index, images_dir=IMAGES, source_id="another-story")
    assert image_model.objects.count() == 1


@pytest.mark.django_db
def test_expert_from_the_roster_is_chosen(news_index):
    german = Locale.objects.get_or_create(language_code="de")[0]
    dempsey = Expert.objects.create(
        name="Joseph Dempsey",
        role="Forscher für Verteidigung",
        organization="International Institute for Strategic Studies",
        locale=german,
    )
    # Same name, other locale: not the German story's expert.
    Expert.objects.create(name="Joseph Dempsey", locale=Locale.objects.get(language_code="en"))
    result = import_article(SEED, parent=news_index)
    box = next(child.value for child in result.page.body if child.block_type == "expert_opinion")
    assert box["expert"] == dempsey
    assert (box["name"], box["role"], box["organization"]) == ("", "", "")
    assert f"id {dempsey.pk}" in result.report.as_text()


@pytest.mark.django_db
def test_expert_not_in_the_roster_is_a_one_off(news_index, render_page):
    result = import_article(SEED, parent=news_index)
    box = render_page(result.page).select_one("aside.newsblocks-expert")
    assert box.select_one(".newsblocks-expert__name").get_text() == "Joseph Dempsey"
    assert box.select_one(".newsblocks-expert__role").get_text() == (
        "Forscher für Verteidigung, International Institute for Strategic Studies"
    )


@pytest.mark.django_db
def test_seed_import_renders_like_the_demo_story(demo_content, render_page):
    result = import_article(SEED, parent=demo_content, source_id="seed")
    demo = NewsStoryPage.objects.get(slug=SEED_STORY["slug"])
    imported, hand_built = render_page(result.page), render_page(demo)
    assert [child.block_type for child in result.page.body] == [
        child.block_type for child in demo.body
    ]

    def headings(soup):
        return [h.get_text() for h in soup.select(".story__body h2")]

    assert headings(imported)[:2] == headings(hand_built)[:2]
    for selector in (".newsblocks-pull-quote", ".newsblocks-expert__statement", ".story__lead"):
        assert (
            imported.select_one(selector).get_text() == hand_built.select_one(selector).get_text()
        )


@pytest.mark.django_db
def test_reimporting_the_same_source_updates_the_story(news_index, tmp_path):
    source = tmp_path / "story.html"
    source.write_bytes(CASES[2].source.read_bytes())
    first = import_article(source, parent=news_index, images_dir=IMAGES)
    revisions = Revision.page_revisions.filter(object_id=str(first.page.pk)).count()
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "with stops in", "with a new stop in Utrecht and stops in"
        ),
        encoding="utf-8",
    )
    second = import_article(source, parent=news_index, images_dir=IMAGES)
    assert second.action == "updated"
    assert second.page.pk == first.page.pk
    assert NewsStoryPage.objects.count() == 1 and ImportedStory.objects.count() == 1
    page = NewsStoryPage.objects.get()
    assert "a new stop in Utrecht" in page.body[0].value.source
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    assert ImportedStory.objects.get().content_hash == second.article.content_hash()


@pytest.mark.django_db
def test_unchanged_reimport_makes_no_revision(news_index):
    first = import_article(SEED, parent=news_index)
    revisions = Revision.page_revisions.count()
    imported_at = ImportedStory.objects.get().imported_at
    again = import_article(SEED, parent=news_index)
    assert again.action == "unchanged"
    assert again.page.pk == first.page.pk
    assert Revision.page_revisions.count() == revisions
    assert ImportedStory.objects.get().imported_at == imported_at


@pytest.mark.django_db
def test_unchanged_reimport_costs_two_queries(news_index, django_assert_num_queries):
    import_article(SEED, parent=news_index)
    # The import record, and the page it points to.
    with django_assert_num_queries(2):
        assert import_article(SEED, parent=news_index).action == "unchanged"


@pytest.mark.django_db
def test_dry_run_writes_nothing(news_index):
    counts = (Page.objects.count(), Revision.objects.count(), Locale.objects.count())
    result = import_case(CASES[4], news_index, dry_run=True)
    assert result.action == "would create" and result.page is None
    assert tuple(result.article.block_types) == CASES[4].outline
    assert (Page.objects.count(), Revision.objects.count(), Locale.objects.count()) == counts
    assert not ImportedStory.objects.exists()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_draft_import_and_draft_update(news_index):
    draft = import_article(SEED, parent=news_index, source_id="seed", publish=False)
    page = NewsStoryPage.objects.get(pk=draft.page.pk)
    assert not page.live and page.has_unpublished_changes
    published = import_article(SEED, parent=news_index, source_id="seed-2")
    changed = SEED.read_text(encoding="utf-8").replace("40 Sekunden", "30 Sekunden")
    update = import_article(changed, parent=news_index, source_id="seed-2", publish=False)
    assert update.action == "updated"
    live = NewsStoryPage.objects.get(pk=published.page.pk)
    # The published version is untouched until an editor publishes the draft.
    assert "40 Sekunden" in str(live.body.raw_data)
    assert "30 Sekunden" in str(live.get_latest_revision_as_object().body.raw_data)


@pytest.mark.django_db
def test_parent_by_slug_path_and_page_model_by_name(news_index):
    result = import_article(
        SEED, parent="test-newsroom", page_model="news.NewsStoryPage", source_id="seed"
    )
    assert result.page.get_parent().pk == news_index.pk
    with pytest.raises(ArticleImportError, match="No page has the slug path"):
        import_article(SEED, parent="no-such-section")
    with pytest.raises(ArticleImportError, match="no StreamField built on NewsStoryBlock"):
        import_article(SEED, parent=news_index, page_model="news.TopicsPage")


@pytest.mark.django_db
def test_source_without_headline_is_refused(news_index):
    with pytest.raises(ArticleImportError, match="No headline"):
        import_article("<p>Just a paragraph without a headline.</p>", parent=news_index)
    assert not NewsStoryPage.objects.exists()


# -- rules -----------------------------------------------------------------------------------


def find_standfirst(root):
    """A rule as a callable: the old CMS's lead is the first bold font run."""
    return [font for font in root.select("font.vorspann")]


def test_rules_from_settings_and_callables_by_dotted_path():
    rules = {**OLD_CMS_RULES, "LEAD": f"{__name__}.find_standfirst"}
    with override_settings(WAGTAIL_NEWSBLOCKS={"IMPORT_RULES": rules}):
        article = parse_article(CASES[5].source)
    assert article.kicker == "STADTRAT"
    assert article.lead.startswith("Der Stadtrat hat am Donnerstagabend")
    # Back to the defaults once the setting is gone: no headline rule for the
    # old CMS, so the page's <title> is the headline.
    assert parse_article(CASES[5].source).title == "Stadtanzeiger Online - Lokales"


def test_selectors_that_look_like_dotted_paths_are_selectors():
    rules = ImportRules.build({"KICKER": "font.dachzeile", "LEAD": "html.vorspann"})
    soup = BeautifulSoup('<font class="dachzeile">K</font>', "html.parser")
    assert [tag.get_text() for tag in rules.select("KICKER", soup)] == ["K"]
    assert rules.select("LEAD", soup) == []


def test_bad_rules_are_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="unknown keys: KICKR"):
        ImportRules.build({"KICKR": ".kicker"})
    with pytest.raises(ImproperlyConfigured, match="cannot be imported"):
        ImportRules.build({"KICKER": f"{__name__}.no_such_function"})
    with pytest.raises(ImproperlyConfigured, match="not a valid regular expression"):
        ImportRules.build({"EXPERT_LABEL": "(unclosed"})


def test_pull_quotes_from_the_text_can_be_switched_off():
    article = parse_article(SEED, rules={"PULL_QUOTE_FROM_TEXT": None})
    assert "pull_quote" not in article.block_types


def test_expert_labels_are_a_rule():
    article = parse_article(SEED, rules={"EXPERT_LABEL": r"^Kreml$"})
    # "Kreml: …" is now an expert section (its paragraph names Dmitri Peskow)
    # and "Militärexperte: …" a plain subhead.
    types = article.block_types
    assert types.count("expert_opinion") == 1 and types.count("subhead") == 1
    expert = next(value for block_type, value in article.blocks if block_type == "expert_opinion")
    assert (expert["label"], expert["name"], expert["role"]) == (
        "Kreml",
        "Dmitri Peskow",
        "Präsidialamtssprecher",
    )


def overlong_pull_quote(draft):
    """A custom PULL_QUOTE_FROM_TEXT rule that ignores the pull quote's length limit."""
    if not draft.paragraphs:
        return None
    index, text = draft.paragraphs[0]
    return SuggestedPullQuote(after=index, quote=text * 3, speaker=Speaker("Someone"), note="")


# -- the command -------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("newsblocks_import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_command_dry_run_prints_the_outline_and_creates_nothing(news_index):
    pages = Page.objects.count()
    out, _ = run(SEED, "--parent", news_index.pk, "--dry-run")
    assert "would create: “Kim unterstützt Putin im „heiligen Krieg“” [de]" in out
    outline = [
        line.split(". ", 1)[1].split(":")[0]
        for line in out.splitlines()
        if re.match(r"^\s+\d+\. ", line)
    ]
    assert outline == list(SEED_CASE.outline)
    assert "kicker: Treffen in Russland" in out
    assert "Kommentare Da dieser Artikel älter als 18 Monate ist" in out
    assert Page.objects.count() == pages
    assert not ImportedStory.objects.exists()


@pytest.mark.django_db
def test_command_imports_a_folder_and_reimports_without_duplicates(news_index, tmp_path):
    for case in HTML_CASES:
        if case.rules is None:
            shutil.copy(case.source, tmp_path)
    out, err = run(tmp_path, "--parent", "test-newsroom", "--images-dir", IMAGES)
    assert err == ""
    assert out.count("\n  created: ") == 4
    assert "4 files read (created: 4)." in out
    assert NewsStoryPage.objects.count() == 4
    assert {page.locale.language_code for page in NewsStoryPage.objects.all()} == {"en", "de", "fr"}
    assert "<table.fares> (a data table), block 9" in out
    revisions = Revision.objects.count()
    out, _ = run(tmp_path, "--parent", "test-newsroom", "--images-dir", IMAGES)
    assert "4 files read (unchanged: 4)." in out
    assert NewsStoryPage.objects.count() == 4 and Revision.objects.count() == revisions


@pytest.mark.django_db
def test_command_source_id_and_draft(news_index):
    out, _ = run(SEED, "--parent", news_index.pk, "--source-id", "krone-123", "--draft")
    assert "source id: krone-123" in out
    page = ImportedStory.objects.get(source_id="krone-123").page.specific
    assert not page.live
    with pytest.raises(CommandError, match="exactly one file"):
        run(SEED, CASES[1].source, "--parent", news_index.pk, "--source-id", "x")


@pytest.mark.django_db
def test_command_reports_a_failing_file_and_goes_on(news_index, tmp_path):
    overlong = tmp_path / "a-headline-that-never-ends.html"
    overlong.write_text(f"<h1>{'Very long headline ' * 20}</h1><p>Text.</p>", encoding="utf-8")
    rules = {"PULL_QUOTE_FROM_TEXT": f"{__name__}.overlong_pull_quote"}
    out, err = StringIO(), StringIO()
    with (
        override_settings(WAGTAIL_NEWSBLOCKS={"IMPORT_RULES": rules}),
        pytest.raises(CommandError, match="2 of 3 files could not be imported") as error,
    ):
        call_command(
            "newsblocks_import",
            str(overlong),
            str(SEED),
            str(CASES[1].source),
            "--parent",
            str(news_index.pk),
            stdout=out,
            stderr=err,
        )
    assert str(SEED) in str(error.value) and str(overlong) in str(error.value)
    messages = err.getvalue()
    assert f"Not imported: {overlong}" in messages
    assert "title: Ensure this value has at most 255 characters" in messages
    # The story's own validation, with the block's position and field.
    assert f"Not imported: {SEED}" in messages
    assert "Block 2 (Pull quote), “Quote”: Pull quote: the quote has" in messages
    # The file between them was imported.
    assert "created: “Volunteers count a record number of swifts over the city”" in out.getvalue()
    assert NewsStoryPage.objects.count() == 1


@pytest.mark.django_db
def test_command_refuses_what_it_cannot_read(news_index):
    with pytest.raises(CommandError, match="not a file or folder"):
        run("https://example.org/story.html", "--parent", news_index.pk)
    with pytest.raises(CommandError, match="No page has the id 999999"):
        run(SEED, "--parent", "999999")
