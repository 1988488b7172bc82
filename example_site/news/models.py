from django.db import models
from django.utils import translation
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_newsblocks.blocks import NewsStoryBlock


class NewsIndexPage(Page):
    """The newsroom's front page: every story, newest first."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.NewsStoryPage"]
    max_count = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            NewsStoryPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("locale")
            .order_by("-first_published_at")
        )
        return context


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
    api_fields = [APIField("kicker"), APIField("lead"), APIField("body")]
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
        return response
