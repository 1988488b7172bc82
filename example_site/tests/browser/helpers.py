"""What the browser tests do in Wagtail's admin, in the admin's own terms.

Selectors come from Wagtail's markup (``data-contentpath``, ``data-streamfield-*``,
``w-combobox`` roles), not from layout classes that change between releases.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"


def screenshots_enabled() -> bool:
    return os.environ.get("NEWSBLOCKS_SCREENSHOTS") == "1"


# The admin's sticky action bar would cover the bottom of a block pictured on
# its own.
HIDE_ACTION_BAR = "footer.footer { visibility: hidden !important; }"


def screenshot(target, name: str, *, height: int | None = None, **options) -> None:
    """Save ``docs/img/<name>.png`` when NEWSBLOCKS_SCREENSHOTS=1 (``make screenshots``).

    Otherwise nothing happens, so the tests stay fast and the working tree
    clean. ``target`` is a page (the viewport, or ``full_page=True``) or a
    locator (that element alone). The admin scrolls inside its layout, not the
    document, so a page is made ``height`` pixels tall, and an element taller
    than the viewport gets a viewport that fits it. Images are reduced to 256
    colours: screens are flat colours and text, and the docs should not carry
    megabytes of PNG.
    """
    if not screenshots_enabled():
        return
    from PIL import Image

    is_element = isinstance(target, Locator)
    page = target.page if is_element else target
    viewport = page.viewport_size
    if is_element:
        box = target.bounding_box()
        if box and box["height"] + 160 > viewport["height"]:
            height = int(box["height"]) + 160
        # No focus ring or caret on the field typed into last.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        options.setdefault("style", HIDE_ACTION_BAR)
    if height:
        page.set_viewport_size({"width": viewport["width"], "height": height})
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    path = DOCS_IMG / f"{name}.png"
    try:
        target.screenshot(path=str(path), animations="disabled", caret="hide", **options)
    finally:
        if height:
            page.set_viewport_size(viewport)
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256)
    reduced.save(path, optimize=True)


def field(scope: Page | Locator, name: str) -> Locator:
    """A block child's wrapper: label, help text, errors and input of ``name``."""
    return scope.locator(f'[data-contentpath="{name}"]').first


def field_input(scope: Page | Locator, name: str) -> Locator:
    return field(scope, name).locator("input:not([type=hidden]), textarea, select").first


def field_errors(scope: Page | Locator, name: str) -> Locator:
    return field(scope, name).locator("[data-field-errors]").first


def rich_text(scope: Locator, name: str | None = None) -> Locator:
    """The Draftail editor of a rich-text child (or of a rich-text block itself)."""
    container = field(scope, name) if name else scope
    return container.locator("[contenteditable=true]").first


def type_rich_text(page: Page, editor: Locator, text: str) -> None:
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    # Draftail writes the form's hidden input a moment after the keystrokes;
    # a save sent before that would carry the old value.
    stored = editor.locator("xpath=ancestor::*[@data-field-input][1]//input[@type='hidden']")
    expect(stored).to_have_value(re.compile(re.escape(json.dumps(text, ensure_ascii=False)[1:-1])))


class StreamField:
    """A StreamField in the page editor, e.g. ``StreamField(page, "body")``."""

    def __init__(self, page: Page, name: str):
        self.page = page
        self.root = page.locator(f'[data-contentpath="{name}"]').first

    @property
    def children(self) -> Locator:
        return self.root.locator("[data-streamfield-child]")

    def block(self, block_id: str) -> Locator:
        return self.root.locator(f'[data-streamfield-child][data-contentpath="{block_id}"]')

    def open_chooser(self) -> Locator:
        """Open the block chooser at the end of the stream; returns its listbox."""
        self.root.locator("button.c-sf-add-button").last.click()
        chooser = self.page.get_by_role("listbox")
        expect(chooser).to_be_visible()
        return chooser

    def option(self, label: str) -> Locator:
        return self.page.get_by_role("option", name=label, exact=True)

    def show_preview(self, label: str) -> tuple[Locator, Locator]:
        """Show the chooser's preview of ``label``: (its iframe body, its description)."""
        row = self.page.locator(".w-combobox__option-row", has=self.option(label))
        row.locator(".w-combobox__option-preview").click()
        preview = self.page.locator(".w-combobox-preview")
        expect(preview.locator(".w-combobox-preview__label")).to_have_text(label)
        frame = preview.frame_locator("iframe")
        return frame.locator("body"), preview.locator(".w-combobox-preview__description")

    def add(self, label: str) -> Locator:
        """Choose ``label`` in the open chooser; returns the new block, by its id."""
        count = self.children.count()
        self.option(label).click()
        expect(self.children).to_have_count(count + 1)
        new = self.children.last
        block_id = new.get_attribute("data-contentpath")
        return self.block(block_id)

    @property
    def type_labels(self) -> Locator:
        """The blocks' type labels, top to bottom, as the editor sees them."""
        return self.children.locator(":scope > section > .w-panel__header .c-sf-block__type")


def heading(block: Locator) -> Locator:
    """The block's panel heading: type label, then the collapsed summary."""
    return block.locator(":scope > section > .w-panel__header [data-panel-heading]")


def summary(block: Locator) -> Locator:
    return heading(block).locator("[data-panel-heading-text]")


def collapse(block: Locator) -> None:
    toggle = block.locator(":scope > section > .w-panel__header [data-panel-toggle]")
    if toggle.get_attribute("aria-expanded") == "true":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def choose_in_modal(page: Page, link_text: str) -> None:
    """Pick ``link_text`` in the open chooser modal (images, snippets, pages)."""
    modal = page.locator(".modal")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=link_text).first.click()
    expect(modal).to_be_hidden()


def publish(page: Page) -> None:
    """Publish from the footer's action menu (the arrow beside "Save draft")."""
    footer = page.locator("footer")
    footer.locator("[data-w-dropdown-target=toggle]").first.click()
    footer.locator("button[name=action-publish]").click()
