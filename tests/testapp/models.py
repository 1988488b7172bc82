"""The smallest site the package's tests need: one page type with a ``NewsStoryBlock`` body.

Only what the package's documentation asks of a story page is here:

- ``body = StreamField(NewsStoryBlock())`` with a ``FieldPanel`` (docs/quickstart.md);
- ``api_fields`` with ``PageAwareStreamFieldSerializer``, so that the API's
  blocks see their page (docs/api.md);
- the body in ``search_fields``, so that Wagtail's search indexes block text;
- ``serve`` renders in the story's language (docs/languages.md) and bounds the
  cache lifetime by the comment policy's next change (docs/comment-policy.md).

Everything else the package reads of a page (locale, first_published_at,
search_description, url) is Wagtail's own ``Page``.
"""

from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_newsblocks.api import PageAwareStreamFieldSerializer
from wagtail_newsblocks.blocks import NewsStoryBlock
from wagtail_newsblocks.comment_policy import seconds_until_comment_state_changes

# How long browsers and shared caches may keep a story page, in seconds.
STORY_CACHE_MAX_AGE = 300


class StoryPage(Page):
    body = StreamField(NewsStoryBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body", serializer=PageAwareStreamFieldSerializer())]

    def serve(self, request, *args, **kwargs):
        language = self.locale.language_code
        with translation.override(language):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.headers.setdefault("Content-Language", language)
        patch_cache_control(response, max_age=self.cache_max_age(request))
        return response

    def cache_max_age(self, request) -> int:
        seconds = seconds_until_comment_state_changes(self, request=request)
        if seconds is None:
            return STORY_CACHE_MAX_AGE
        return min(STORY_CACHE_MAX_AGE, seconds)
