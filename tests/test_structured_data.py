"""The story's JSON-LD, read as search engines read it: extruct, then pyld.

Pages are rendered through the test app (tests/testapp); the JSON-LD is taken out with
extruct and expanded with pyld against schema.org's context, served from
``tests/data`` while every network connection fails (tests/jsonld.py).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.template import engines
from django.test import override_settings

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
)
from wagtail_newsblocks.page_story import find_story
from wagtail_newsblocks.structured_data import story_structured_data

pytestmark = pytest.mark.django_db

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
            search_description=f"Lead </SCRIPT > {HOSTILE}",
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


def test_the_story_field_may_have_any_name(make_story):
    from wagtail.fields import StreamField
    from wagtail.models import Page

    from wagtail_newsblocks.blocks import NewsStoryBlock, ParagraphBlock

    page = make_story([("paragraph", "<p>Words.</p>")])
    other = StreamField([("text", ParagraphBlock())])
    other.name = "sidebar"
    story = StreamField(NewsStoryBlock())
    story.name = "story"
    fields = [Page._meta.get_field("search_description"), other, story]
    renamed = SimpleNamespace(
        _meta=SimpleNamespace(get_fields=lambda: fields),
        search_description=page.search_description,
        sidebar=None,
        story=page.body,
    )
    assert find_story(renamed) is page.body
    assert find_story(SimpleNamespace(_meta=SimpleNamespace(get_fields=list))) is None


def test_queries_do_not_grow_with_the_story(make_story, rf):
    """Experts, portraits, images and renditions are fetched in bulk, as for the body."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

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
        story_structured_data(Page.objects.get(pk=page.pk).specific)
        page = Page.objects.get(pk=page.pk).specific
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


@pytest.mark.parametrize(
    ("typed_role", "shown", "job_title", "affiliation"),
    [
        ("", "Research Associate, IISS", "Research Associate", "IISS"),
        # A typed role stands for "role, organization" as a whole, everywhere.
        ("Kremlin adviser", "Kremlin adviser", "Kremlin adviser", None),
    ],
)
def test_a_quotes_role_and_organization_are_the_same_on_every_output(
    make_story, client, typed_role, shown, job_title, affiliation
):
    from wagtail_newsblocks.models import Expert

    expert = Expert.objects.create(
        name="Joseph Dempsey", role="Research Associate", organization="IISS"
    )
    quote = pull_quote_value(
        quote="Not much will change", attribution="", role=typed_role, speaker=expert.pk
    )
    page = make_story([("pull_quote", quote)])
    _html, soup, _item = read_page(client, page)
    assert soup.select_one(".newsblocks-pull-quote__role").get_text() == shown
    creator = story_structured_data(page)["hasPart"][0]["creator"]
    assert creator.get("jobTitle") == job_title
    assert (creator.get("affiliation") or {}).get("name") == affiliation
    api = find_story(page).stream_block.get_api_representation(find_story(page))[0]["value"]
    assert api["role"] == shown
