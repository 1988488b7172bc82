"""The story's JSON-LD, read as search engines read it: extruct, then pyld.

Pages are rendered through the example site; the JSON-LD is taken out with
extruct and expanded with pyld against schema.org's context, served from
``tests/data`` while every network connection fails (tests/jsonld.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.template import engines
from django.test import override_settings

from news.models import NewsStoryPage
from tests.factories import make_image, pull_quote_value
from tests.jsonld import (
    CONTEXT_URLS,
    LocalDocumentLoader,
    build_schemaorg_context,
    expand,
    extract_jsonld,
    no_network,
    schemaorg_context,
    types,
    unknown_terms,
    value,
    values,
)
from wagtail_newsblocks.page_story import find_story
from wagtail_newsblocks.structured_data import story_structured_data

pytestmark = pytest.mark.django_db

SEED_SLUG = "kim-unterstuetzt-putin-im-heiligen-krieg"
NIGHT_TRAIN_SLUG = "night-trains-return-to-the-alps"
HOSTILE = "</script><script>alert(1)</script>"


def read_page(client, page) -> tuple[str, BeautifulSoup, dict]:
    """The page as served, its soup, and its one JSON-LD item (via extruct)."""
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    items = extract_jsonld(html, page.get_full_url())
    assert len(items) == 1, items
    return html, BeautifulSoup(html, "html.parser"), items[0]


def expanded_article(item: dict) -> dict:
    """The NewsArticle node, expanded without the network."""
    assert not unknown_terms(item), "not schema.org terms: " + ", ".join(
        sorted(unknown_terms(item))
    )
    loader = LocalDocumentLoader()
    with no_network() as attempts:
        expanded = expand(item, loader)
    assert attempts == []
    assert loader.requested and set(loader.requested) <= CONTEXT_URLS
    assert len(expanded) == 1
    return expanded[0]


def by_type(nodes: list[dict], type_name: str) -> list[dict]:
    return [node for node in nodes if type_name in types(node)]


def test_the_shipped_context_is_the_generated_one():
    shipped = schemaorg_context()["@context"]
    built = build_schemaorg_context()["@context"]
    # A later rdflib may know newer schema.org terms; none may have gone.
    assert {term: built.get(term) for term in shipped} == shipped
    assert len(shipped) > 2500


def test_the_loader_refuses_other_documents_and_sockets_are_closed():
    loader = LocalDocumentLoader()
    with pytest.raises(AssertionError, match=r"other than schema\.org"):
        loader("https://example.org/context.jsonld")
    import socket

    with no_network() as attempts, pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9))
    assert attempts


def test_an_invented_property_is_caught():
    item = {"@context": "https://schema.org", "@type": "NewsArticle", "commentStatus": "open"}
    assert unknown_terms(item) == {"commentStatus"}
    # Without @vocab the expansion drops it, as a strict consumer would.
    node = expand(item, LocalDocumentLoader())[0]
    assert not any("commentStatus" in key for key in node)


class TestSeedStory:
    """The German seed story: one pull quote, one roster expert, comments long closed."""

    def test_article(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        _html, soup, item = read_page(client, page)
        article = expanded_article(item)
        assert types(article) == ["NewsArticle"]
        assert value(article, "headline") == soup.select_one("h1").get_text() == page.title
        assert value(article, "headline") == "Kim unterstützt Putin im „heiligen Krieg“"
        assert value(article, "description") == page.lead
        assert value(article, "inLanguage") == "de"
        published = datetime.fromisoformat(value(article, "datePublished"))
        assert published == datetime(2023, 9, 13, 10, 30, tzinfo=ZoneInfo("Europe/Vienna"))
        assert published.utcoffset().total_seconds() == 2 * 3600  # the site's time zone
        assert datetime.fromisoformat(value(article, "dateModified")) >= published
        assert value(article, "url") == page.get_full_url()
        assert value(article, "mainEntityOfPage") == page.get_full_url()
        publisher = value(article, "publisher")
        assert types(publisher) == ["NewsMediaOrganization"]
        assert value(publisher, "name") == "Newsblocks Demo Newsroom"

    def test_quotation_and_speaker(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        _html, soup, item = read_page(client, page)
        quotations = by_type(values(expanded_article(item), "hasPart"), "Quotation")
        assert len(quotations) == 1
        quotation = quotations[0]
        shown = soup.select_one(".newsblocks-pull-quote__text").get_text()
        assert shown == f"„{value(quotation, 'text')}“"
        assert value(quotation, "text").startswith("Russland hat sich zu einem heiligen Kampf")
        assert value(quotation, "inLanguage") == "de"
        speaker = value(quotation, "creator")
        assert types(speaker) == ["Person"]
        assert value(speaker, "name") == "Kim Jong Un"
        assert value(speaker, "jobTitle") == "Machthaber Nordkoreas"

    def test_quotation_links_its_share_page_and_card(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        _html, soup, item = read_page(client, page)
        (quotation,) = by_type(values(expanded_article(item), "hasPart"), "Quotation")
        shown = soup.select_one("a.newsblocks-pull-quote__share")["href"]
        assert value(quotation, "url") == f"http://localhost{shown}"
        assert value(quotation, "image") == f"http://localhost{shown}card.png"

    def test_expert(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        _html, _soup, item = read_page(client, page)
        experts = values(expanded_article(item), "mentions")
        assert len(experts) == 1
        expert = experts[0]
        assert types(expert) == ["Person"]
        assert value(expert, "name") == "Joseph Dempsey"
        assert value(expert, "jobTitle") == "Forscher für Verteidigung"
        affiliation = value(expert, "affiliation")
        assert types(affiliation) == ["Organization"]
        assert value(affiliation, "name") == "International Institute for Strategic Studies"
        assert expert["@id"].startswith("http")

    def test_closed_discussion_offers_no_commenting(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        _html, soup, item = read_page(client, page)
        assert soup.select_one('[data-comments-state="closed"]') is not None
        article = expanded_article(item)
        assert values(article, "discussionUrl") == []
        assert values(article, "potentialAction") == []


class TestEnglishStory:
    """The night-train story: every block, a roster expert with a portrait, comments open."""

    def test_article_and_image(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        _html, soup, item = read_page(client, page)
        article = expanded_article(item)
        assert value(article, "headline") == page.title
        assert value(article, "inLanguage") == "en"
        assert value(article, "description") == page.lead
        # Whole seconds, in the site's time zone.
        published = datetime.fromisoformat(value(article, "datePublished"))
        assert published == page.first_published_at.replace(microsecond=0)
        image = value(article, "image")
        assert types(image) == ["ImageObject"]
        url = value(image, "url")
        assert url.startswith("http://") and "demo-sleeper-train" in url
        img = soup.select_one("figure.newsblocks-image img")
        assert url.rsplit("/", 1)[-1] in img["srcset"]
        assert (value(image, "width"), value(image, "height")) == (1200, 675)
        assert value(image, "caption") == "A sleeper car of the kind the new service will use."
        assert value(image, "creditText") == "Illustration: Newsblocks demo"

    def test_quotations_speakers_and_languages(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        _html, _soup, item = read_page(client, page)
        quotations = by_type(values(expanded_article(item), "hasPart"), "Quotation")
        found = {
            value(value(q, "creator"), "name"): (value(q, "text"), value(q, "inLanguage"))
            for q in quotations
        }
        assert set(found) == {"Maren Holt", "Lena Fischer", "Claire Dubois", "Tom Berger"}
        # Nested quotation marks are the story language's; the outer ones are not text.
        assert found["Maren Holt"] == (
            "People don't just want to get there. They want to wake up in the mountains "
            "and feel they've ‘already arrived’",
            "en",
        )
        assert found["Claire Dubois"][1] == "fr"
        holt = next(q for q in quotations if value(value(q, "creator"), "name") == "Maren Holt")
        assert value(holt, "isBasedOn") == "https://example.org/press/alpine-night-rail-launch"
        assert value(value(holt, "creator"), "jobTitle") == (
            "head of long-distance services, Alpine Night Rail"
        )

    def test_expert_is_one_person_in_the_box_and_behind_the_quote(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        _html, soup, item = read_page(client, page)
        article = expanded_article(item)
        (expert,) = values(article, "mentions")
        assert value(expert, "name") == "Lena Fischer"
        assert value(expert, "jobTitle") == "Transport economist"
        assert value(value(expert, "affiliation"), "name") == (
            "Institute for Rail and Mobility Research"
        )
        assert value(expert, "url") == "https://example.org/experts/lena-fischer"
        assert "fill-400x400" in value(expert, "image")
        quote = next(
            q
            for q in values(article, "hasPart")
            if value(value(q, "creator"), "name") == "Lena Fischer"
        )
        assert value(quote, "creator")["@id"] == expert["@id"]
        assert value(quote, "text") in soup.select_one(".newsblocks-expert").get_text()

    def test_open_discussion(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        _html, soup, item = read_page(client, page)
        article = expanded_article(item)
        url = value(article, "discussionUrl")
        assert url == f"{page.get_full_url()}#newsblocks-comments"
        section = soup.select_one(f"#{url.split('#')[1]}")
        assert section["data-comments-state"] == "open"
        action = value(article, "potentialAction")
        assert types(action) == ["CommentAction"]
        assert value(action, "target") == url


def test_every_demo_page_uses_only_schema_org_terms(rendered_site):
    stories = {name: html for name, html in rendered_site.items() if "application/ld+json" in html}
    assert len(stories) >= 4, sorted(rendered_site)
    for name, html in stories.items():
        items = extract_jsonld(html, "http://localhost/")
        assert len(items) == 1, name
        assert not unknown_terms(items[0]), (name, unknown_terms(items[0]))
        assert types(expanded_article(items[0])) == ["NewsArticle"], name


def test_pages_without_a_story_have_no_jsonld(rendered_site):
    assert "application/ld+json" not in rendered_site["front page"]
    assert "application/ld+json" not in rendered_site["topics page"]


class TestHostileText:
    def story(self, make_story):
        return make_story(
            [
                ("paragraph", "<p>Nothing to see.</p>"),
                (
                    "pull_quote",
                    pull_quote_value(
                        quote=f"Quote {HOSTILE} <!-- and\u2028line\u2029para &amp; ",
                        attribution=f"Mallory {HOSTILE}",
                        role="<!--<script>",
                    ),
                ),
            ],
            title=f"Headline {HOSTILE}",
            lead=f"Lead </SCRIPT > {HOSTILE}",
        )

    def test_stays_inside_the_json_as_data(self, make_story, client):
        page = self.story(make_story)
        _html, soup, item = read_page(client, page)
        scripts = soup.find_all("script")
        assert [s.get("type") for s in scripts] == ["application/ld+json"]
        raw = scripts[0].string
        for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
            assert forbidden not in raw
        assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in raw
        assert item["headline"] == f"Headline {HOSTILE}"
        assert item["description"] == f"Lead </SCRIPT > {HOSTILE}"
        quotation = item["hasPart"][0]
        assert quotation["text"] == f"Quote {HOSTILE} <!-- and\u2028line\u2029para &amp;"
        assert quotation["creator"]["name"] == f"Mallory {HOSTILE}"
        assert quotation["creator"]["jobTitle"] == "<!--<script>"
        article = expanded_article(item)
        assert value(value(value(article, "hasPart"), "creator"), "name") == f"Mallory {HOSTILE}"


class TestTheTag:
    def render(self, template: str, **context) -> str:
        return (
            engines["django"]
            .from_string("{% load wagtail_newsblocks_tags %}" + template)
            .render(context)
        )

    def data(self, html: str) -> dict | None:
        script = BeautifulSoup(html, "html.parser").select_one('script[type="application/ld+json"]')
        return json.loads(script.string) if script else None

    def test_from_the_page_from_its_story_and_from_the_context(self, demo_content):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        from_page = self.data(self.render("{% newsblocks_jsonld page %}", page=page))
        from_story = self.data(self.render("{% newsblocks_jsonld page.body %}", page=page))
        from_context = self.data(self.render("{% newsblocks_jsonld %}", page=page))
        assert from_page == from_story == from_context
        assert from_page["headline"] == page.title

    def test_a_story_without_its_page(self, demo_content):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        data = self.data(self.render("{% newsblocks_jsonld story %}", story=page.body))
        assert "headline" not in data and "datePublished" not in data
        assert data["hasPart"][0]["creator"]["name"] == "Kim Jong Un"
        assert data["mentions"][0]["name"] == "Joseph Dempsey"

    def test_nothing_to_describe(self):
        assert self.render("{% newsblocks_jsonld %}") == ""
        assert self.render("{% newsblocks_jsonld page %}", page=None) == ""

    def test_options(self, make_story):
        image = make_image("Teaser", size=(1600, 900))
        page = make_story([("paragraph", "<p>The first paragraph says it all. More.</p>")])
        plain = self.data(self.render("{% newsblocks_jsonld page %}", page=page))
        assert plain["description"] == "The first paragraph says it all. More."
        assert "image" not in plain and "commentCount" not in plain
        data = self.data(
            self.render(
                '{% newsblocks_jsonld page description="Short." image=image comment_count=12 %}',
                page=page,
                image=image,
            )
        )
        assert data["description"] == "Short."
        assert data["commentCount"] == 12
        assert data["image"][0]["width"] == 1200 and data["image"][0]["height"] == 675

    def test_an_unknown_option_is_a_template_error(self):
        from django.template import TemplateSyntaxError

        with pytest.raises(TemplateSyntaxError):
            self.render("{% newsblocks_jsonld page colour='red' %}")

    @override_settings(
        WAGTAIL_NEWSBLOCKS={
            "PUBLISHER": {
                "name": "Die Zeitung",
                "url": "https://zeitung.example/",
                "logo": "/static/logo.png",
            }
        }
    )
    def test_publisher_from_the_settings(self, make_story):
        page = make_story([])
        publisher = story_structured_data(page)["publisher"]
        assert publisher["name"] == "Die Zeitung"
        assert publisher["url"] == "https://zeitung.example/"
        assert publisher["logo"] == {
            "@type": "ImageObject",
            "url": f"{page.get_site().root_url}/static/logo.png",
        }

    def test_publisher_from_the_site(self, make_story):
        page = make_story([])
        site = page.get_site()
        site.site_name = "Abendblatt"
        site.save()
        assert story_structured_data(page)["publisher"]["name"] == "Abendblatt"


def test_the_story_field_may_have_any_name(demo_content):
    from wagtail.fields import StreamField

    from wagtail_newsblocks.blocks import NewsStoryBlock, ParagraphBlock

    page = NewsStoryPage.objects.get(slug=SEED_SLUG)
    other = StreamField([("text", ParagraphBlock())])
    other.name = "sidebar"
    story = StreamField(NewsStoryBlock())
    story.name = "story"
    fields = [NewsStoryPage._meta.get_field("lead"), other, story]
    renamed = SimpleNamespace(
        _meta=SimpleNamespace(get_fields=lambda: fields),
        lead=page.lead,
        sidebar=None,
        story=page.body,
    )
    assert find_story(renamed) is page.body
    assert find_story(SimpleNamespace(_meta=SimpleNamespace(get_fields=list))) is None


def test_queries_do_not_grow_with_the_story(make_story, rf):
    """Experts, portraits, images and renditions are fetched in bulk, as for the body."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.test_expert_opinion import expert_box, make_expert

    def story(size: int):
        body = []
        for number in range(size):
            expert = make_expert(f"Expert {size}-{number}", portrait=True)
            image = make_image(f"Image {size}-{number}", size=(1600, 900))
            body += [
                ("paragraph", f"<p>Paragraph {number}.</p>"),
                ("pull_quote", pull_quote_value(quote=f"Quote {number}", speaker=expert)),
                expert_box(expert, quote=f"Assessment {number}"),
                ("image", {"image": {"image": image, "decorative": True, "alt_text": ""}}),
            ]
        return make_story(body, slug=f"size-{size}")

    counts = {}
    for size in (2, 8):
        page = story(size)
        # Renditions are made once, on a first view. (Read afresh, as then: the
        # renditions cache may hold entries for images of rolled-back tests
        # with the same ids, which a page just saved would trust.)
        story_structured_data(NewsStoryPage.objects.get(pk=page.pk))
        page = NewsStoryPage.objects.get(pk=page.pk)
        request = rf.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            data = story_structured_data(page, request=request)
        assert len(data["hasPart"]) == 2 * size and len(data["image"]) == size
        assert all("image" in person for person in data["mentions"])
        counts[size] = len(queries)
    assert counts[2] == counts[8], counts


def test_an_expert_with_two_boxes_is_mentioned_once(make_story):
    from tests.test_expert_opinion import expert_box, make_expert

    expert = make_expert()
    other = make_expert("Ana Ruiz")
    page = make_story([expert_box(expert), expert_box(other), expert_box(expert, quote="Ja")])
    data = story_structured_data(page)
    assert [person["name"] for person in data["mentions"]] == ["Joseph Dempsey", "Ana Ruiz"]
    assert data["hasPart"][0]["creator"] == data["mentions"][0]


def test_the_translation_names_the_same_expert_in_its_language(demo_content, client):
    german = NewsStoryPage.objects.get(slug=SEED_SLUG)
    english = NewsStoryPage.objects.get(slug="kim-backs-putin-in-holy-war")
    (expert_de,) = values(expanded_article(read_page(client, german)[2]), "mentions")
    article_en = expanded_article(read_page(client, english)[2])
    assert value(article_en, "inLanguage") == "en"
    (expert_en,) = values(article_en, "mentions")
    assert value(expert_en, "jobTitle") == "Defence researcher"
    assert value(expert_de, "jobTitle") == "Forscher für Verteidigung"
    # One person in both languages: the roster entry's translations share an id.
    assert expert_en["@id"] == expert_de["@id"]
