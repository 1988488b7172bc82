from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_newsblocks.api import PageAwareStreamFieldSerializer
from wagtail_newsblocks.blocks import NewsStoryBlock
from wagtail_newsblocks.comment_policy import comment_state, seconds_until_comment_state_changes

# How long browsers and shared caches may keep a story page, in seconds. A
# story whose discussion closes sooner is cached only until then.
STORY_CACHE_MAX_AGE = 300


class NewsIndexPage(Page):
    """The newsroom's front page: every story, newest first.

    One under the front page is an edition: the newsroom in the edition's
    language (its locale). Stories added under it get that locale, as
    Wagtail gives every new page its parent's, and it lists the newsroom's
    stories in its language.
    """

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Editions are the site builder's to add (load_demo_content makes the
    # German one): "Add child page" goes straight to a new story.
    subpage_types = ["news.NewsStoryPage", "news.TopicsPage"]
    max_count = None

    @property
    def newsroom(self) -> Page:
        """The front page this edition belongs to (itself, for the front page)."""
        parent = self.get_parent()
        return parent if isinstance(parent.specific, NewsIndexPage) else self

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            NewsStoryPage.objects.live()
            .public()
            .descendant_of(self.newsroom)
            .select_related("locale")
            .order_by("-first_published_at")
        )
        if self.newsroom != self:
            context["stories"] = list(stories.filter(locale=self.locale))
        else:
            context["stories"] = one_per_story(stories)
        return context

    def serve(self, request, *args, **kwargs):
        if self.newsroom == self:
            return super().serve(request, *args, **kwargs)
        # An edition's dates and words are in its language.
        with translation.override(self.locale.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.headers.setdefault("Content-Language", self.locale.language_code)
        return response


def one_per_story(stories):
    """Each story once, in its original language, with its translations beside it.

    The original is the version created first; ``story.translations`` lists the
    others (in the order of ``WAGTAIL_CONTENT_LANGUAGES``) for "Also in …" links.
    """
    by_key: dict = {}
    for story in stories:
        by_key.setdefault(story.translation_key, []).append(story)
    order = {code: i for i, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
    shown = []
    for versions in by_key.values():
        original = min(versions, key=lambda version: version.pk)
        original.translations = sorted(
            (version for version in versions if version is not original),
            key=lambda version: order.get(version.locale.language_code, len(order)),
        )
        shown.append(original)
    return shown


class NewsStoryPage(Page):
    """A story: kicker above the headline (the page title), lead, body."""

    kicker = models.CharField(
        max_length=80,
        blank=True,
        help_text="A few words above the headline, e.g. “Treffen in Russland”.",
    )
    lead = models.TextField(
        help_text="The opening summary, shown under the headline and on the front page."
    )
    body = StreamField(NewsStoryBlock(), blank=True)

    content_panels = [
        FieldPanel("kicker"),
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("kicker"),
        index.SearchField("lead"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("kicker"),
        APIField("lead"),
        # The blocks see the page: a comment-policy footer needs its publication date.
        APIField("body", serializer=PageAwareStreamFieldSerializer()),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    @property
    def language_code(self) -> str:
        return self.locale.language_code

    def serve(self, request, *args, **kwargs):
        # The story's own language for everything on the page: the blocks'
        # words ("Inhalt"), dates and quotation marks.
        with translation.override(self.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.headers.setdefault("Content-Language", self.language_code)
        patch_cache_control(response, max_age=self.cache_max_age(request))
        return response

    def cache_max_age(self, request) -> int:
        # A cached page must not show "comments open" long after they closed.
        seconds = seconds_until_comment_state_changes(self, request=request)
        if seconds is None:
            return STORY_CACHE_MAX_AGE
        return min(STORY_CACHE_MAX_AGE, seconds)


class TopicsPage(Page):
    """Where current discussions live (the "Themenübersicht"): stories open for comments.

    The site's comment policy links here from every story whose comments have closed.
    """

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            NewsStoryPage.objects.live()
            .public()
            .select_related("locale")
            .order_by("-first_published_at")
        )
        context["stories"] = [
            story for story in stories if comment_state(story, request=request).is_open
        ]
        return context
