"""The demo stories' JSON-LD, read as search engines read it: extruct, then pyld.

Moved from tests/test_structured_data.py: these check the example site's demo
content (its seed story, its English translation, every page it serves);
the package's own JSON-LD tests stay there, against tests/testapp.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.template import engines

from news.models import NewsStoryPage
from tests.jsonld import extract_jsonld, types, unknown_terms, value, values
from tests.test_structured_data import by_type, expanded_article, read_page

pytestmark = pytest.mark.django_db

SEED_SLUG = "kim-unterstuetzt-putin-im-heiligen-krieg"
NIGHT_TRAIN_SLUG = "night-trains-return-to-the-alps"


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
        assert value(quotation, "url") == f"http://127.0.0.1:8000{shown}"
        assert value(quotation, "image") == f"http://127.0.0.1:8000{shown}card.png"

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
        items = extract_jsonld(html, "http://127.0.0.1:8000/")
        assert len(items) == 1, name
        assert not unknown_terms(items[0]), (name, unknown_terms(items[0]))
        assert types(expanded_article(items[0])) == ["NewsArticle"], name


def test_pages_without_a_story_have_no_jsonld(rendered_site):
    assert "application/ld+json" not in rendered_site["front page"]
    assert "application/ld+json" not in rendered_site["topics page"]


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
