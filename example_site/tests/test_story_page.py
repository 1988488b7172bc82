"""The example site's story page: Wagtail's own checks and the demo content."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsIndexPage, NewsStoryPage, TopicsPage
from wagtail_newsblocks.models import CommentPolicySettings

# A copy of shared/seed/story-de-kim-putin.txt, so that a fresh clone can run the tests.
SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "story-de-kim-putin.txt"


# The seed names a real newsroom's address; the demo uses example.org's.
SEED_ADDRESS = "forum@krone.at"
DEMO_ADDRESS = "community@example.org"


def _seed_lines():
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_story_lines():
    """The seed story's lines up to its comments footer."""
    lines = _seed_lines()
    return lines[: lines.index("Kommentare")]


def seed_footer_lines():
    """The comments footer: heading, then its sentences, with the demo's address."""
    lines = _seed_lines()
    return [line.replace(SEED_ADDRESS, DEMO_ADDRESS) for line in lines[lines.index("Kommentare") :]]


def text_of(soup):
    """The visible text, with inline elements' seams ("Label :  Headline") closed."""
    text = re.sub(r"\s+", " ", soup.get_text(" ")).strip()
    return re.sub(r" ([:,.;!?“])", r"\1", text)


@pytest.mark.django_db
class TestDemoContent:
    def test_seed_story_is_reproduced_in_full(self, demo_content, client):
        story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
        soup = BeautifulSoup(client.get(story.url).content, "html.parser")
        article = soup.select_one("article.story")
        text = text_of(article)
        lines = seed_story_lines()
        assert lines, "the seed story file should be readable"
        for line in lines:
            assert re.sub(r"\s+", " ", line) in text, line
        assert article.select_one(".story__kicker").get_text() == "Treffen in Russland"
        assert article.select_one("h1").get_text() == "Kim unterstützt Putin im „heiligen Krieg“"
        # The section headings: a subhead, the expert box that heads the
        # expert section (issue #3) and the comments footer (issue #4).
        assert [h.get_text() for h in article.select(".story__body h2")] == [
            "Kreml: „Kooperation in sensiblen Bereichen“",
            "Militärexperte: Nordkoreanische Munition würde nicht viel ändern",
            "Kommentare",
        ]
        expert = article.select_one("aside.newsblocks-expert")
        assert expert["aria-labelledby"] == expert.find("h2")["id"]
        assert expert.select_one(".newsblocks-expert__name").get_text() == "Joseph Dempsey"
        assert expert.select_one(".newsblocks-expert__role").get_text() == (
            "Forscher für Verteidigung, International Institute for Strategic Studies"
        )
        quote = article.select_one(".newsblocks-pull-quote")
        assert quote.select_one(".newsblocks-pull-quote__text").get_text() == (
            "„Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und "
            "Sicherheit gegen die hegemonialen Kräfte erhoben“"
        )
        assert quote.select_one(".newsblocks-pull-quote__speaker").get_text() == "Kim Jong Un"
        assert (
            quote.select_one(".newsblocks-pull-quote__role").get_text() == "Machthaber Nordkoreas"
        )
        assert soup.html["lang"] == "de"
        assert story.locale.language_code == "de"
        assert story.first_published_at.date().isoformat() == "2023-09-13"

    def test_seed_story_footer_is_closed_after_18_months(self, demo_content, render_page):
        story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
        footer = render_page(story).select_one("article.story .newsblocks-comment-policy")
        heading, *sentences = seed_footer_lines()
        assert footer["data-comments-state"] == "closed"
        assert footer.select_one("h2").get_text() == heading
        assert [re.sub(r"\s+", " ", p.get_text()).strip() for p in footer.select("p")] == sentences
        assert "18 Monate" in sentences[0]
        topics = footer.select_one(".newsblocks-comment-policy__invitation a")
        assert topics.get_text() == "Themenübersicht"
        assert topics["href"] == TopicsPage.objects.get().url
        assert footer.select_one("a[href^=mailto]")["href"] == f"mailto:{DEMO_ADDRESS}"
        assert SEED_ADDRESS not in str(render_page(story))

    def test_english_story_footer_is_open(self, demo_content, render_page):
        story = NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps")
        footer = render_page(story).select_one("article.story .newsblocks-comment-policy")
        assert footer["data-comments-state"] == "open"
        assert footer.select_one("h2").get_text() == "Comments"
        assert "open for 18 months after publication" in footer.get_text()
        assert footer.select_one("time[datetime]") is not None
        assert footer.select_one(".newsblocks-comment-policy__comment-system") is not None

    def test_topics_page_lists_stories_open_for_comments(self, demo_content, render_page):
        soup = render_page(TopicsPage.objects.get())
        assert soup.select_one("h1").get_text() == "Themenübersicht"
        assert [a.get_text() for a in soup.select(".teaser__headline a")] == [
            "Night trains return to the Alps as operators join forces"
        ]

    def test_english_story_uses_every_block(self, demo_content, render_page):
        from wagtail_newsblocks.blocks import NewsStoryBlock

        story = NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps")
        used = {child.block_type for child in story.body}
        assert used == set(NewsStoryBlock().child_blocks), used
        soup = render_page(story)
        assert soup.html["lang"] == "en"
        assert soup.select_one(".newsblocks-image img")["alt"].startswith(
            "Illustration of a blue sleeper train"
        )
        assert soup.select_one(".newsblocks-image img").has_attr("srcset")
        assert soup.select_one(".newsblocks-toc") is not None
        french = soup.select("blockquote[lang=fr]")
        assert len(french) == 1 and french[0].get_text().strip().startswith("«\u202f")

    def test_front_page_lists_stories_newest_first(self, demo_content, render_page):
        soup = render_page(demo_content)
        teasers = soup.select(".teaser")
        assert [t.select_one(".teaser__headline").get_text() for t in teasers] == [
            "Night trains return to the Alps as operators join forces",
            "Kim unterstützt Putin im „heiligen Krieg“",
        ]
        assert teasers[1].select_one(".teaser__kicker").get_text() == "Treffen in Russland"
        assert teasers[1]["lang"] == "de"
        assert Site.objects.get(is_default_site=True).root_page.specific == demo_content

    def test_loader_is_idempotent(self, demo_content):
        counts = (Page.objects.count(), NewsStoryPage.objects.count(), _image_count())
        revisions = _revision_count()
        policy = _comment_policy()
        call_command("load_demo_content", stdout=_Null())
        call_command("load_demo_content", stdout=_Null())
        assert (Page.objects.count(), NewsStoryPage.objects.count(), _image_count()) == counts
        assert _revision_count() == revisions
        # The front page and its German edition.
        assert NewsIndexPage.objects.count() == 2
        assert TopicsPage.objects.count() == 1
        assert CommentPolicySettings.objects.count() == 1
        assert (
            _comment_policy()
            == policy
            == {
                "close_after_months": 18,
                "contact_email": "community@example.org",
                "guidelines_url": "https://example.org/community-guidelines",
                "discussion_page": TopicsPage.objects.get().pk,
            }
        )

    def test_loader_keeps_an_editors_comment_policy(self, demo_content):
        settings = CommentPolicySettings.objects.get()
        settings.contact_email = "leserforum@example.org"
        settings.save()
        call_command("load_demo_content", stdout=_Null())
        assert CommentPolicySettings.objects.get().contact_email == "leserforum@example.org"
        call_command("load_demo_content", "--refresh", stdout=_Null())
        assert CommentPolicySettings.objects.get().contact_email == "community@example.org"

    def test_refresh_rewrites_without_duplicating(self, demo_content):
        story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
        story.kicker = "Edited"
        story.save_revision().publish()
        count = NewsStoryPage.objects.count()
        call_command("load_demo_content", "--refresh", stdout=_Null())
        story.refresh_from_db()
        assert story.kicker == "Treffen in Russland"
        assert story.first_published_at.date().isoformat() == "2023-09-13"
        assert NewsStoryPage.objects.count() == count

    def test_demo_editor_login(self, db, settings):
        from django.contrib.auth import get_user_model
        from django.core.management.base import CommandError

        settings.DEBUG = True
        call_command("ensure_demo_editor", stdout=_Null())
        call_command("ensure_demo_editor", stdout=_Null())
        user = get_user_model().objects.get(username="editor")
        assert user.check_password("newsroom") and user.is_superuser
        settings.DEBUG = False
        get_user_model().objects.all().delete()
        with pytest.raises(CommandError):
            call_command("ensure_demo_editor", stdout=_Null())


def _comment_policy():
    settings = CommentPolicySettings.objects.get()
    return {
        "close_after_months": settings.close_after_months,
        "contact_email": settings.contact_email,
        "guidelines_url": settings.guidelines_url,
        "discussion_page": settings.discussion_page_id,
    }


def _image_count():
    from wagtail.images import get_image_model

    return get_image_model().objects.count()


def _revision_count():
    from wagtail.models import Revision

    return Revision.objects.count()


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


class TestStoryPageWithWagtailChecks(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=_Null())
        cls.index = NewsIndexPage.objects.get(slug="newsroom")
        cls.story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")

    def setUp(self):
        self.login()

    def post_data(self, **overrides):
        data = nested_form_data(
            {
                "title": "Kim unterstützt Putin im „heiligen Krieg“",
                "slug": "kim-unterstuetzt-putin-im-heiligen-krieg",
                "kicker": "Treffen in Russland",
                "lead": "Das mit großer Spannung erwartete Aufeinandertreffen.",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Ein Absatz.</p>")),
                        (
                            "pull_quote",
                            {
                                "quote": "Wir werden im Kampf gegen den Imperialismus zusammenstehen.",
                                "attribution": "Kim Jong Un",
                                "role": "Machthaber Nordkoreas",
                                "source_url": "",
                                "language": "",
                                "alignment": "inline",
                                "presentation": "auto",
                            },
                        ),
                        ("subhead", {"text": "Kreml", "level": "h2", "anchor": ""}),
                        ("table_of_contents", {"title": "", "max_level": "h3"}),
                        (
                            "comment_policy",
                            {
                                "mode": "closed",
                                "message": "",
                                "close_after_months": "6",
                                "discussion_page": "",
                                "contact_email": "leserforum@example.org",
                            },
                        ),
                    ]
                ),
            }
        )
        data.update(overrides)
        return data

    def test_renderable(self):
        self.assertPageIsRenderable(self.story)

    def test_editable(self):
        self.assertPageIsEditable(self.story, post_data=self.post_data())

    def test_previewable(self):
        self.assertPageIsPreviewable(self.story, post_data=self.post_data())

    def test_can_create(self):
        self.assertCanCreate(
            self.index, NewsStoryPage, self.post_data(slug="a-new-story", title="A new story")
        )
        created = NewsStoryPage.objects.get(slug="a-new-story")
        assert [child.block_type for child in created.body] == [
            "paragraph",
            "pull_quote",
            "subhead",
            "table_of_contents",
            "comment_policy",
        ]
        footer = created.body[-1].value
        assert (footer["mode"], footer["close_after_months"]) == ("closed", 6)
        assert footer["contact_email"] == "leserforum@example.org"

    def test_publish_with_skipped_level_is_refused_with_message_beside_field(self):
        data = self.post_data()
        data.update(
            nested_form_data(
                {
                    "body": streamfield(
                        [("subhead", {"text": "Zu tief", "level": "h4", "anchor": ""})]
                    )
                }
            )
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/{self.story.pk}/edit/", data)
        assert response.status_code == 200
        errors = response.context["form"].errors["body"].as_data()[0].as_json_data()
        assert errors["blockErrors"][0]["blockErrors"]["level"]["messages"] == [
            "Block 1 (Subhead “Zu tief”) is an h4 straight after an h1. Choose h2, or add an h2 "
            "subhead before it, so that screen-reader users can follow the outline."
        ]
        # Nothing was published or saved.
        live_revision = self.story.live_revision_id
        self.story.refresh_from_db()
        assert self.story.live_revision_id == live_revision
        assert "Zu tief" not in str(self.story.body.raw_data)
        assert not self.story.has_unpublished_changes


@pytest.mark.django_db
def test_wagtail_search_finds_block_text(demo_content):
    from wagtail.search.backends import get_search_backend

    # Pages are indexed on publish; the demo loader publishes.
    backend = get_search_backend()
    results = [page.slug for page in backend.search("hegemonialen", NewsStoryPage)]
    assert results == ["kim-unterstuetzt-putin-im-heiligen-krieg"]
    results = [page.slug for page in backend.search("Maren Holt", NewsStoryPage)]
    assert results == ["night-trains-return-to-the-alps"]
    # Choice labels are not indexed as if readers saw them.
    assert [page.slug for page in backend.search("Floated", NewsStoryPage)] == []
