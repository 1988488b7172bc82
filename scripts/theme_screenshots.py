"""Screenshots of the demo's two themes for docs/theming.md.

Run against the demo newsroom (`make demo` in another terminal):

    .venv/bin/python scripts/theme_screenshots.py [http://127.0.0.1:8000]

Writes docs/img/theme-<theme>-<scheme>.png: the English story from its first
subhead to the end of the expert box, in Debian's Chromium at 960 px. The
images are reduced to 64 colours so that the repository stays small.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
STORY = "/night-trains-return-to-the-alps/"
CHROMIUM = "/usr/bin/chromium"


def main(base_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 960, "height": 900})
        for theme in ("default", "evening"):
            page.goto(f"{base_url.rstrip('/')}{STORY}?theme={theme}")
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                start = page.locator("#why-sleepers").bounding_box()
                end = page.locator(".newsblocks-expert").bounding_box()
                top = start["y"] - 24
                clip = {
                    "x": 0,
                    "y": top,
                    "width": 960,
                    "height": end["y"] + end["height"] + 24 - top,
                }
                png = page.screenshot(clip=clip, full_page=True)
                image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
                path = OUT / f"theme-{theme}-{scheme}.png"
                image.save(path, optimize=True)
                print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
