"""The package's public URLs: quote cards and their share pages.

Include them in the site's urls.py, before Wagtail's catch-all::

    path("newsblocks/", include("wagtail_newsblocks.urls")),

See docs/quote-cards.md.
"""

from django.urls import path

from .quote_cards.views import quote_card, quote_share

app_name = "wagtail_newsblocks"

urlpatterns = [
    path("quotes/<int:page_id>/<str:block_id>/", quote_share, name="quote_share"),
    path("quotes/<int:page_id>/<str:block_id>/card.png", quote_card, name="quote_card"),
]
