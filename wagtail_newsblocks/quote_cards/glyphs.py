"""Which characters a font can draw, read from its ``cmap`` table.

Pillow draws a missing character as an empty box (.notdef) without a word of
warning; a card must never show one. Reading the cmap costs a few
milliseconds once per font file, and needs no dependency beyond the standard
library (fontTools, which the tests compare against, is not a runtime need).
"""

from __future__ import annotations

import struct
import unicodedata
from functools import lru_cache

__all__ = ["covers", "drawable_text", "font_codepoints"]

# Characters that shape or direct text without a glyph of their own: joiners,
# bidi marks and isolates, zero-width spaces. Shaping (raqm) uses them, and
# where a font lacks them nothing would be drawn anyway; they are removed
# before drawing unless the font has them.
_FORMAT_CATEGORY = "Cf"

# (platform, encoding) of Unicode subtables, best first: full repertoire, BMP.
_PREFERRED = [(3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)]


def _format_4(data: bytes, offset: int) -> set[int]:
    seg_count = struct.unpack_from(">H", data, offset + 6)[0] // 2
    ends_at = offset + 14
    starts_at = ends_at + seg_count * 2 + 2
    deltas_at = starts_at + seg_count * 2
    range_offsets_at = deltas_at + seg_count * 2
    codepoints: set[int] = set()
    for segment in range(seg_count):
        end = struct.unpack_from(">H", data, ends_at + segment * 2)[0]
        start = struct.unpack_from(">H", data, starts_at + segment * 2)[0]
        delta = struct.unpack_from(">h", data, deltas_at + segment * 2)[0]
        range_offset_at = range_offsets_at + segment * 2
        range_offset = struct.unpack_from(">H", data, range_offset_at)[0]
        for codepoint in range(start, end + 1):
            if codepoint == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (codepoint + delta) & 0xFFFF
            else:
                glyph_at = range_offset_at + range_offset + (codepoint - start) * 2
                glyph = struct.unpack_from(">H", data, glyph_at)[0]
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                codepoints.add(codepoint)
    return codepoints


def _format_12(data: bytes, offset: int) -> set[int]:
    groups = struct.unpack_from(">I", data, offset + 12)[0]
    codepoints: set[int] = set()
    for group in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, offset + 16 + group * 12)
        codepoints.update(
            codepoint
            for index, codepoint in enumerate(range(start, end + 1))
            if glyph + index  # glyph 0 is .notdef
        )
    return codepoints


@lru_cache(maxsize=16)
def font_codepoints(path: str) -> frozenset[int]:
    """Every code point the TrueType/OpenType font at ``path`` maps to a glyph."""
    with open(path, "rb") as handle:
        data = handle.read()
    # A collection (.ttc): its first font.
    data_offset = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    num_tables = struct.unpack_from(">H", data, data_offset + 4)[0]
    cmap_at = None
    for table in range(num_tables):
        record = data_offset + 12 + table * 16
        if data[record : record + 4] == b"cmap":
            cmap_at = struct.unpack_from(">I", data, record + 8)[0]
            break
    if cmap_at is None:
        raise ValueError(f"{path} has no cmap table: it is not a font Pillow can draw text with.")
    subtables = {}
    for index in range(struct.unpack_from(">H", data, cmap_at + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_at + 4 + index * 8)
        subtable_format = struct.unpack_from(">H", data, cmap_at + offset)[0]
        subtables.setdefault((platform, encoding, subtable_format), cmap_at + offset)
    for platform, encoding in _PREFERRED:
        if (platform, encoding, 12) in subtables:
            return frozenset(_format_12(data, subtables[platform, encoding, 12]))
        if (platform, encoding, 4) in subtables:
            return frozenset(_format_4(data, subtables[platform, encoding, 4]))
    raise ValueError(f"{path} has no Unicode cmap subtable (format 4 or 12).")


def drawable_text(text: str, path: str) -> str:
    """``text`` in NFC, without the format characters the font has no glyph for."""
    codepoints = font_codepoints(path)
    return "".join(
        char
        for char in unicodedata.normalize("NFC", text)
        if ord(char) in codepoints or unicodedata.category(char) != _FORMAT_CATEGORY
    )


def covers(text: str, path: str) -> bool:
    """Whether the font at ``path`` has a glyph for every character of ``text`` (after :func:`drawable_text`)."""
    codepoints = font_codepoints(path)
    return all(ord(char) in codepoints for char in drawable_text(text, path))
