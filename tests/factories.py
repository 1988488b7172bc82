"""Small builders the tests share: images, block values and the stored form of a story."""

from __future__ import annotations

import io
import json

from django.core.files.images import ImageFile
from django.db import connection
from PIL import Image as PILImage
from wagtail.images import get_image_model


def make_image(title: str = "Test image", size=(300, 300), colour=(120, 80, 60)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    image.save()
    return image


def pull_quote_value(**overrides) -> dict:
    value = {
        "quote": "Ja",
        "attribution": "",
        "role": "",
        "speaker": None,
        "source_url": "",
        "language": "",
        "alignment": "inline",
    }
    value.update(overrides)
    return value


def expert_opinion_value(**overrides) -> dict:
    """An expert box's value with every field, empty unless given."""
    value = {
        "label": "",
        "headline": "",
        "level": "h2",
        "expert": None,
        "name": "",
        "role": "",
        "organization": "",
        "portrait": None,
        "statement": "",
        "quote": "",
        "how_obtained": "said",
        "disclosure": "",
    }
    value.update(overrides)
    return value


def comment_policy_value(**overrides) -> dict:
    """A comment-policy footer's value with every field, the site's defaults unless given."""
    value = {
        "mode": "auto",
        "message": "",
        "close_after_months": None,
        "discussion_page": None,
        "contact_email": "",
    }
    value.update(overrides)
    return value


def write_stored_body(page, body) -> None:
    """Put JSON straight into the database with raw SQL: no block sees it."""
    table = page.specific_class._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET body = %s WHERE page_ptr_id = %s",
            [json.dumps(body), page.pk],
        )


def stored_body(page) -> list:
    """The story's body exactly as the database holds it."""
    table = page.specific_class._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {table} WHERE page_ptr_id = %s", [page.pk])
        return json.loads(cursor.fetchone()[0])
