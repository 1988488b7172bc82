"""The demo newsroom in German and English: the seed story's translation and the language switcher."""

from __future__ import annotations

import re

from conftest import _Null
from django.core.management import call_command
from django.test import override_settings

from news.models import NewsStoryPage
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
