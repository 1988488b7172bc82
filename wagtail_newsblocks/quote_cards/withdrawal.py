"""Deleting the stored cards of quotes that readers can no longer see.

The guarantee that a withdrawn quote's card is not public is the card view:
it checks the quote on every request, and the stored file's name cannot be
derived (see :mod:`.storage`). Content changes on roads no signal sees
(``QuerySet.update()``, raw SQL, a ``bulk_create()`` of view restrictions),
so deleting files cannot be the guarantee. It is hygiene: a withdrawn quote's
card should not linger in the storage. The package's signal handlers
(``wagtail_newsblocks.signal_handlers``) call these functions after a story
is published, unpublished, moved or deleted and after a view restriction is
saved; :func:`prune_cards` without arguments sweeps the whole folder, for a
scheduled job after such changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.models import Page

from ..share_links import served_by_a_site
from .content import card_for, pull_quotes_in_context
from .storage import (
    card_path,
    delete_stored,
    legacy_files,
    stored_files,
    stored_page_ids,
)

__all__ = ["current_card_paths", "prune_cards", "prune_page_cards", "prune_page_tree"]

# Up to this many pages, their folders are listed one by one; above it, the
# cards' folder is listed once to find the pages that have cards at all.
_LIST_EACH_UP_TO = 20


def current_card_paths(page_id: int) -> set[str]:
    """The storage paths of the cards the card view serves for page ``page_id`` now.

    None for a page that does not exist, is not live, is behind a view
    restriction or is outside every Wagtail Site; else one per pull quote
    in its published content.
    """
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not served_by_a_site(page):
        return set()
    page = page.specific
    return {
        card_path(card_for(page, quote, context), page.pk, block_id)
        for block_id, quote, context in pull_quotes_in_context(page)
    }


def prune_page_cards(page_id: int) -> int:
    """Delete page ``page_id``'s stored cards that the view would not serve now; how many."""
    stored = stored_files(page_id)
    if not stored:
        return 0
    keep = current_card_paths(page_id)
    return delete_stored(path for path in stored if path not in keep)


def prune_cards(page_ids: Iterable[int] | None = None) -> int:
    """:func:`prune_page_cards` for each of ``page_ids``; how many cards were deleted.

    Without ``page_ids``, every page that has stored cards, and the files an
    earlier development version kept directly in the folder under their
    public content hash.
    """
    count = 0
    if page_ids is None:
        count += delete_stored(legacy_files())
        ids = stored_page_ids()
    else:
        wanted = {int(page_id) for page_id in page_ids}
        if len(wanted) <= _LIST_EACH_UP_TO:
            ids = sorted(wanted)
        else:
            ids = [page_id for page_id in stored_page_ids() if page_id in wanted]
    for page_id in ids:
        count += prune_page_cards(page_id)
    return count


def prune_page_tree(page_id: int) -> int:
    """:func:`prune_cards` for page ``page_id`` and every page below it (a restriction, a move)."""
    page = Page.objects.filter(pk=page_id).only("path").first()
    if page is None:
        return prune_cards([page_id])
    ids = Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    return prune_cards(ids)
