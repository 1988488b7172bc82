"""WordPress's block grammar: ``<!-- wp:name {json} -->…<!-- /wp:name -->`` → a tree of blocks.

A port of the grammar WordPress's own parsers use (``WP_Block_Parser`` and
``@wordpress/block-serialization-default-parser``): block comments open,
close or are void (``<!-- wp:name /-->``); the namespace ``core/`` is
implied; the attributes are JSON; blocks nest; HTML between top-level
blocks is "freeform" (classic content). Unbalanced delimiters are read as
WordPress reads them: a stray closer is ignored, an unclosed opener closes
at the end of the post.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Block", "has_blocks", "parse_blocks"]

# WordPress's own expression, with Python 3.11's possessive quantifier.
_TOKEN = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
# Deeper than this, a block's inner blocks are read as its HTML (no post nests so).
MAX_NESTING = 100


@dataclass
class Block:
    """One block: ``name`` ("core/paragraph"; None for freeform HTML), attributes, content."""

    name: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[Block] = field(default_factory=list)
    # The block's own HTML, with None where each inner block stands.
    inner_content: list[str | None] = field(default_factory=list)

    @property
    def inner_html(self) -> str:
        """The block's own HTML, without its inner blocks."""
        return "".join(part for part in self.inner_content if part is not None)

    def html(self) -> str:
        """The block's HTML with its inner blocks' HTML where they stand (as WordPress renders)."""
        out: list[str] = []
        # Depth first on a list (blocks nest at most MAX_NESTING deep, but a list costs nothing).
        stack: list[Any] = [iter([self])]
        while stack:
            item = next(stack[-1], StopIteration)
            if item is StopIteration:
                stack.pop()
                continue
            if isinstance(item, str):
                out.append(item)
                continue
            inner = iter(item.inner_blocks)
            parts: list[Any] = []
            for part in item.inner_content:
                parts.append(part if part is not None else next(inner, ""))
            stack.append(iter(parts))
        return "".join(out)


def has_blocks(content: str) -> bool:
    """Whether a post's content is block content (WordPress's ``has_blocks()``)."""
    return "<!-- wp:" in content


def _attrs(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def parse_blocks(content: str) -> list[Block]:
    """The top-level blocks of a post's content, inner blocks nested in them."""
    top: list[Block] = []
    stack: list[Block] = []
    position = 0

    def add_text(text: str) -> None:
        if not text:
            return
        if stack:
            stack[-1].inner_content.append(text)
        elif text.strip():
            top.append(Block(None, inner_content=[text]))

    def add_block(block: Block) -> None:
        if stack:
            stack[-1].inner_blocks.append(block)
            stack[-1].inner_content.append(None)
        else:
            top.append(block)

    for match in _TOKEN.finditer(content):
        add_text(content[position : match.start()])
        position = match.end()
        namespace = (match.group("namespace") or "core/").rstrip("/")
        name = f"{namespace}/{match.group('name')}"
        if match.group("closer"):
            if stack and stack[-1].name == name:
                add_block_done = stack.pop()
                add_block(add_block_done)
            elif any(block.name == name for block in stack):
                # Close the unclosed blocks inside it first, as WordPress does.
                while stack and stack[-1].name != name:
                    add_block(stack.pop())
                add_block(stack.pop())
            # a closer that closes nothing: ignored
            continue
        block = Block(name, attrs=_attrs(match.group("attrs")))
        if match.group("void"):
            add_block(block)
        elif len(stack) >= MAX_NESTING:
            stack[-1].inner_content.append(match.group(0))
        else:
            stack.append(block)
    add_text(content[position:])
    while stack:
        add_block(stack.pop())
    return top
