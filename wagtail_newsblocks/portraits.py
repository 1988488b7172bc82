"""Placeholder portraits: the expert's initials on a colour derived from the name.

Generated once with Pillow and stored through Django's default storage under a
name derived from their content, so they behave like renditions: the same on
every app server, on S3-like storage too, and never regenerated needlessly.
The cache only remembers their URLs: with it down they are looked up in the
storage (:mod:`.caches`).
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import unicodedata
from dataclasses import dataclass

from django.core.files.storage import default_storage

from .caches import cache_get, cache_set, store_once

__all__ = ["PlaceholderPortrait", "initials", "placeholder_colour", "placeholder_portrait"]

# Bump when the drawing changes, so that stored files are not reused.
DRAWING_VERSION = 1
STORAGE_FOLDER = "wagtail_newsblocks/portraits"


@dataclass(frozen=True)
class PlaceholderPortrait:
    url: str
    width: int
    height: int
    initials: str
    background: str


def initials(name: str) -> str:
    """Up to two initials: first and last name ("Joseph Dempsey" → "JD")."""
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def placeholder_colour(name: str) -> tuple[int, int, int]:
    """A stable colour for a name, dark enough for white initials (WCAG AA).

    The hue comes from a hash of the name; lightness and saturation are fixed
    so that every colour keeps a contrast ratio above 4.5:1 with white.
    """
    digest = hashlib.sha256((name or "").strip().casefold().encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 65535
    red, green, blue = colorsys.hls_to_rgb(hue, 0.32, 0.55)
    return round(red * 255), round(green * 255), round(blue * 255)


def _draw(text: str, colour: tuple[int, int, int], size: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=int(size * 0.42))
    draw.text((size / 2, size / 2), text, fill=(255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def placeholder_portrait(name: str, size: int = 192) -> PlaceholderPortrait:
    """The placeholder for ``name`` at ``size`` × ``size`` pixels, stored on first use."""
    text = unicodedata.normalize("NFC", initials(name))
    colour = placeholder_colour(name)
    key = hashlib.sha256(f"{DRAWING_VERSION}|{text}|{colour}|{size}".encode()).hexdigest()[:24]
    path = f"{STORAGE_FOLDER}/{key}.png"
    cache_key = f"wagtail_newsblocks:portrait:{key}"
    url = cache_get(cache_key)
    if url is None:
        # Drawn once however many requests ask at once, and always under its
        # own name: the URL kept is the one every server finds.
        store_once(default_storage, path, lambda: _draw(text, colour, size))
        url = default_storage.url(path)
        cache_set(cache_key, url, None)
    return PlaceholderPortrait(
        url=url,
        width=size,
        height=size,
        initials=text,
        background="#{:02x}{:02x}{:02x}".format(*colour),
    )
