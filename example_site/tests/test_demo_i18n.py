"""The demo newsroom in German and English: the seed story's translation and the language switcher."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import _Null
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from news.models import NewsIndexPage, NewsStoryPage
from wagtail_newsblocks.models import Expert

GERMAN_SLUG = "kim-unterstuetzt-putin-im-heiligen-krieg"
ENGLISH_SLUG = "kim-backs-putin-in-holy-war"


def seed_stories():
    return (
        NewsStoryPage.objects.get(slug=GERMAN_SLUG),
        NewsStoryPage.objects.get(slug=ENGLISH_SLUG),
    )


class TestSeedTranslation:
    def test_is_the_german_pages_english_translation(self, demo_content):
        german, english = seed_stories()
        assert english.locale.language_code == "en"
        assert english.translation_key == german.translation_key
        assert german.get_translation(english.locale).pk == english.pk
        assert [c.id for c in english.body] == [c.id for c in german.body]
        assert [c.block_type for c in english.body] == [c.block_type for c in german.body]
        assert english.first_published_at == german.first_published_at

    def test_names_the_english_roster_entry(self, demo_content):
        german, english = seed_stories()
        expert_de = german.body[5].value["expert"]
        expert_en = english.body[5].value["expert"]
        assert (expert_de.locale.language_code, expert_en.locale.language_code) == ("de", "en")
        assert expert_en.translation_key == expert_de.translation_key
        assert expert_en.role == "Defence researcher"

    def test_renders_in_english(self, demo_content, render_page):
        soup = render_page(seed_stories()[1])
        assert soup.html["lang"] == "en"
        story = soup.select_one("article.story")
        assert story.select_one(".story__date").get_text() == "Sept. 13, 2023"
        quote = story.select_one(".newsblocks-pull-quote").get_text(" ", strip=True)
        assert "“ Russia has risen" in quote and "forces ”" in quote
        # A repeat of the first paragraph, in English as in German.
        assert story.select_one("aside.newsblocks-pull-quote") is not None
        assert story.select_one("h2#kreml-kooperation-in-sensiblen-bereichen").get_text() == (
            "Kremlin: “Cooperation in sensitive areas”"
        )
        expert = story.select_one(".newsblocks-expert")
        assert "Defence researcher" in expert.get_text()
        footer = story.select_one(".newsblocks-comment-policy")
        assert footer["data-comments-state"] == "closed"
        assert footer.select_one("h2").get_text() == "Comments"

    def test_german_original_keeps_its_words(self, demo_content, render_page):
        soup = render_page(seed_stories()[0])
        story = soup.select_one("article.story")
        assert story.select_one(".story__date").get_text() == "13. September 2023"
        quote = story.select_one(".newsblocks-pull-quote").get_text(" ", strip=True)
        assert "„ Russland hat sich" in quote and "erhoben “" in quote
        assert "Forscher für Verteidigung" in story.select_one(".newsblocks-expert").get_text()
        assert story.select_one(".newsblocks-comment-policy h2").get_text() == "Kommentare"

    def test_shared_anchor_links_work_in_both_languages(self, demo_content, render_page):
        for page in seed_stories():
            soup = render_page(page)
            assert soup.select_one("#kreml-kooperation-in-sensiblen-bereichen") is not None

    def test_loading_again_changes_nothing(self, demo_content):
        counts = (NewsStoryPage.objects.count(), Expert.objects.count())
        english = seed_stories()[1]
        revision = english.latest_revision_id
        call_command("load_demo_content", stdout=_Null())
        assert (NewsStoryPage.objects.count(), Expert.objects.count()) == counts
        english.refresh_from_db()
        assert english.latest_revision_id == revision

    def test_refresh_rewrites_the_translation(self, demo_content):
        english = seed_stories()[1]
        english.title = "Edited"
        english.save_revision().publish()
        call_command("load_demo_content", "--refresh", stdout=_Null())
        english.refresh_from_db()
        assert english.title == "Kim backs Putin in “holy war”"
        assert NewsStoryPage.objects.filter(translation_key=english.translation_key).count() == 2

    @override_settings(WAGTAIL_I18N_ENABLED=False)
    def test_single_language_demo_has_no_translation(self, db, render_page):
        call_command("load_demo_content", stdout=_Null())
        assert not NewsStoryPage.objects.filter(slug=ENGLISH_SLUG).exists()
        soup = render_page(NewsStoryPage.objects.get(slug=GERMAN_SLUG))
        assert soup.select_one("nav.language-switcher") is None
        assert not soup.select("link[hreflang]")


class TestLanguageSwitcher:
    def test_alternate_links_in_head(self, demo_content, render_page):
        german, english = seed_stories()
        for page in (german, english):
            soup = render_page(page)
            alternates = {
                link["hreflang"]: link["href"]
                for link in soup.head.select('link[rel="alternate"][hreflang]')
            }
            assert alternates == {
                "en": english.get_full_url(),
                "de": german.get_full_url(),
            }
            assert all(re.match(r"https?://", href) for href in alternates.values())

    def test_switcher_names_each_language_in_itself(self, demo_content, render_page):
        german, english = seed_stories()
        soup = render_page(german)
        nav = soup.select_one("nav.language-switcher")
        assert nav["aria-label"] == "Language"
        links = nav.select("a")
        assert [(a.get_text(), a["lang"], a["hreflang"]) for a in links] == [
            ("English", "en", "en"),
            ("Deutsch", "de", "de"),
        ]
        current = nav.select("[aria-current=page]")
        assert len(current) == 1 and current[0]["href"] == german.url
        other = nav.select_one('a[rel="alternate"]')
        assert other["href"] == english.url

    def test_no_switcher_without_a_translation(self, demo_content, render_page):
        soup = render_page(NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps"))
        assert soup.select_one("nav.language-switcher") is None
        assert not soup.select("link[hreflang]")

    def test_front_page_shows_each_story_once_with_its_translations(
        self, demo_content, render_page
    ):
        soup = render_page(demo_content)
        headlines = [h.get_text() for h in soup.select(".teaser__headline")]
        assert "Kim backs Putin in “holy war”" not in headlines
        teaser = next(t for t in soup.select(".teaser") if t["lang"] == "de")
        link = teaser.select_one(".teaser__languages a")
        assert (link.get_text(), link["hreflang"], link["lang"]) == ("English", "en", "en")
        assert link["href"] == seed_stories()[1].url


def german_edition() -> NewsIndexPage:
    return NewsIndexPage.objects.get(slug="newsroom").get_children().get(slug="de").specific


GERMAN_BODY = [
    ("table_of_contents", {"title": "", "max_level": "h3"}),
    ("paragraph", "<p>Der Zug fährt wieder, sagte die Sprecherin: „Wir sind zurück.“</p>"),
    ("subhead", {"text": "Die Strecke", "level": "h2", "anchor": ""}),
    (
        "pull_quote",
        {
            "quote": '"Wir sind zurück"',
            "attribution": "Anna Berger",
            "role": "Sprecherin",
            "language": "",
            "alignment": "inline",
        },
    ),
    ("comment_policy", {"mode": "open", "message": ""}),
]


class TestGermanEdition:
    """#20.1: a German newsroom an editor reaches in the explorer, whose new stories are German."""

    def test_is_a_german_section_of_the_newsroom(self, demo_content):
        edition = german_edition()
        assert edition.locale.language_code == "de"
        assert edition.live
        assert edition.get_parent().pk == demo_content.pk

    def test_loading_again_keeps_one_edition(self, demo_content):
        call_command("load_demo_content", stdout=_Null())
        assert demo_content.get_children().filter(slug="de").count() == 1

    def test_a_story_added_there_is_german_throughout(self, demo_content, render_page):
        edition = german_edition()
        # No locale given: Wagtail gives the page its parent's, as "Add child page" does.
        story = edition.add_child(
            instance=NewsStoryPage(
                title="Der Nachtzug ist zurück",
                slug="nachtzug",
                lead="Nach zwanzig Jahren fährt er wieder.",
                body=GERMAN_BODY,
            )
        )
        story.save_revision().publish()
        assert story.locale.language_code == "de"
        soup = render_page(story)
        assert soup.html["lang"] == "de"
        article = soup.select_one("article.story")
        assert article.select_one(".newsblocks-toc h2").get_text(strip=True) == "Inhalt"
        quote = article.select_one(".newsblocks-pull-quote").get_text(" ", strip=True)
        assert "„ Wir sind zurück “" in quote
        assert article.select_one(".newsblocks-comment-policy h2").get_text() == "Kommentare"
        assert "Zitat teilen" in article.get_text()
        graph = [
            json.loads(script.string)
            for script in soup.select('script[type="application/ld+json"]')
        ]
        assert '"inLanguage": "de"' in json.dumps(graph)
        assert '"inLanguage": "en"' not in json.dumps(graph)

    def test_edition_lists_the_newsrooms_german_stories(self, demo_content, render_page):
        soup = render_page(german_edition())
        assert soup.html["lang"] == "de"
        teasers = soup.select(".teaser")
        assert teasers and all(teaser["lang"] == "de" for teaser in teasers)
        assert "Kim unterstützt Putin im „heiligen Krieg“" in soup.get_text()


class TestGermanRosterEntry:
    """New roster entries can be created in the editor's chosen language."""

    @pytest.fixture
    def admin(self, client, db):
        user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
        client.force_login(user)
        return client

    def test_add_form_offers_every_content_language(self, demo_content, admin):
        response = admin.get(reverse("wagtailsnippets_wagtail_newsblocks_expert:add"))
        soup = BeautifulSoup(response.content, "html.parser")
        switch = {
            link.get_text(" ", strip=True): link["href"]
            for link in soup.select("a[href*='locale=']")
        }
        assert any("Deutsch" in label or "German" in label for label in switch), switch

    def test_an_expert_added_in_german_is_german(self, demo_content, admin):
        url = reverse("wagtailsnippets_wagtail_newsblocks_expert:add") + "?locale=de"
        response = admin.post(
            url,
            {
                "name": "Anna Berger",
                "role": "Sprecherin",
                "organization": "ÖBB",
                "bio": "",
                "profile_url": "",
                "locale": "de",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Expert.objects.get(name="Anna Berger").locale.language_code == "de"
