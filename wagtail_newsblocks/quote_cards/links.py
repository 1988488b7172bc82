"""The share page's and card's URLs: kept here for imports from before they moved.

They live in :mod:`wagtail_newsblocks.share_links`, below the blocks, which
write the share links into pull quotes.
"""

from ..share_links import (  # noqa: F401
    _page_url,
    card_url,
    quote_links,
    served_by_a_site,
    share_url,
    share_url_in_context,
    shareable,
)

__all__ = ["card_url", "quote_links", "served_by_a_site", "share_url", "share_url_in_context"]
