"""Quote cards: a shareable 1200×630 image for every pull quote, and its share page.

``content`` works out what a card shows (and its content hash), ``drawing``
draws it with Pillow, ``storage`` keeps it in Django's default storage,
``views`` serves the image and the share page, ``links`` makes their URLs.
See docs/quote-cards.md.
"""

CARD_WIDTH = 1200
CARD_HEIGHT = 630
