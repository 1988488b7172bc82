#!/usr/bin/env python
"""Newsblocks against plain Wagtail core blocks carrying the same content.

Builds the seed story (repeated) at 10, 100 and 1,000 blocks, once with the
package's blocks and once with core blocks (``core_blocks.py``), in one
process, and prints medians and ratios for: rendering the body cold, serving
the whole page through the example site's view, saving (admin path: clean +
serialise + write; Python path: serialise + write, which for newsblocks
includes validation and sanitising), the queries per render, and building the
story's JSON-LD (``{% newsblocks_jsonld %}``) as a share of serving the page.

    python benchmarks/story_blocks.py [--repeat 7] [--sizes 10,100,1000]

This machine is noisy: read the medians and the ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402

UNIT_SIZE = 10


def seed_unit(index: int, expert_id: int, image_id: int) -> tuple[list[dict], list[dict]]:
    """Ten blocks of the seed story, as stored JSON, for newsblocks and for core blocks."""
    from news.demo_content import SEED_STORY

    paragraphs = [value for kind, value in SEED_STORY["body"] if kind == "paragraph"]
    quote = "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit gegen die hegemonialen Kräfte erhoben"
    statement = "<p>Lieferungen aus Nordkorea könnten Russland helfen, seine schwindenden Munitionsbestände wieder aufzufüllen.</p>"
    ours = [
        {"type": "paragraph", "value": paragraphs[0]},
        {
            "type": "pull_quote",
            "value": {
                "quote": quote,
                "attribution": "Kim Jong Un",
                "role": "Machthaber Nordkoreas",
                "speaker": None,
                "source_url": "",
                "language": "",
                "alignment": "inline",
            },
        },
        {"type": "paragraph", "value": paragraphs[1]},
        {
            "type": "subhead",
            "value": {
                "text": f"Kreml: „Kooperation in sensiblen Bereichen“ {index}",
                "level": "h2",
                "anchor": "",
            },
        },
        {"type": "paragraph", "value": paragraphs[2]},
        {
            "type": "image",
            "value": {
                "image": {"image": image_id, "decorative": False, "alt_text": "Putin und Kim"},
                "caption": "Am Weltraumbahnhof",
                "credit": "Foto: Agentur",
            },
        },
        {
            "type": "subhead",
            "value": {"text": f"Militärexperte {index}", "level": "h2", "anchor": ""},
        },
        {
            "type": "expert_opinion",
            "value": {
                "label": "Militärexperte",
                "headline": "Munition würde nicht viel ändern",
                "level": "h3",
                "expert": expert_id,
                "name": "",
                "role": "",
                "organization": "",
                "portrait": None,
                "statement": statement,
                "quote": "Der Zugang dürfte den Konflikt verlängern",
                "how_obtained": "said",
                "disclosure": "",
            },
        },
        {"type": "paragraph", "value": paragraphs[0]},
        {"type": "paragraph", "value": paragraphs[1]},
    ]
    core = []
    for item in ours:
        value = item["value"]
        if item["type"] == "pull_quote":
            value = {
                k: value[k] for k in ("quote", "attribution", "role", "source_url", "alignment")
            }
        elif item["type"] == "subhead":
            value = {"text": value["text"], "anchor": ""}
        elif item["type"] == "expert_opinion":
            value = {k: value[k] for k in ("label", "headline", "expert", "statement", "quote")}
        core.append({"type": item["type"], "value": value})
    return ours, core


def median_ms(function, repeat: int) -> float:
    function()  # warm-up: template loading, renditions, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    templates = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], ROOT / "benchmarks" / "templates"],
        }
    ]
    with override_settings(TEMPLATES=templates):
        run(sizes, args.repeat)


def run(sizes: list[int], repeat: int) -> None:
    from wagtail.models import Locale, Page

    from benchmarks.core_blocks import CoreStoryBlock
    from news.models import NewsIndexPage, NewsStoryPage
    from tests.factories import make_image
    from wagtail_newsblocks.blocks import NewsStoryBlock
    from wagtail_newsblocks.models import Expert
    from wagtail_newsblocks.structured_data import jsonld_script, story_structured_data

    locale, _ = Locale.objects.get_or_create(language_code="de")
    index = Page.get_first_root_node().add_child(
        instance=NewsIndexPage(title="Bench", slug="bench")
    )
    experts = [
        Expert.objects.create(
            name=f"Expert {i}",
            role="Forscher",
            organization="IISS",
            portrait=make_image(f"portrait {i}", size=(200, 200)),
        )
        for i in range(10)
    ]
    images = [make_image(f"story image {i}", size=(1600, 900)) for i in range(10)]
    page = index.add_child(
        instance=NewsStoryPage(
            title="Bench story", slug="bench-story", lead="Lead", locale=locale, body=[]
        )
    )
    request = RequestFactory().get(page.url or "/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    ours_block, core_block = NewsStoryBlock(), CoreStoryBlock()
    rows = []
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Django {django.get_version()}, Wagtail {__import__('wagtail').__version__}"
    )
    print(f"Median of {repeat} runs after one warm-up; ratio = newsblocks / core.\n")
    print(
        f"{'measure':<34}{'blocks':>7}{'core ms':>10}{'ours ms':>10}{'ratio':>8}{'ours µs/block':>15}"
    )
    for size in sizes:
        ours_raw, core_raw = [], []
        for unit in range(size // UNIT_SIZE):
            ours, core = seed_unit(unit, experts[unit % 10].pk, images[unit % 10].pk)
            ours_raw += ours
            core_raw += core
        context = {"page": page, "request": request}

        def render(block, raw, context=context):
            return lambda: block.render(block.to_python(json.loads(json.dumps(raw))), context)

        def serve(block, raw):
            def go():
                page.__dict__["body"] = block.to_python(json.loads(json.dumps(raw)))
                page.serve(request)

            return go

        def save_admin(block, raw):
            value = block.to_python(json.loads(json.dumps(raw)))

            def go():
                cleaned = block.clean(value)
                write(block.get_prep_value(cleaned))

            return go

        def save_python(block, raw):
            def go():
                write(block.get_prep_value(block.to_python(json.loads(json.dumps(raw)))))

            return go

        def write(prep):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {NewsStoryPage._meta.db_table} SET body = %s WHERE page_ptr_id = %s",
                    [json.dumps(prep), page.pk],
                )

        for name, make in (
            ("render body (cold)", render),
            ("serve page (view)", serve),
            ("save, admin path", save_admin),
            ("save, Python path", save_python),
        ):
            core_ms = median_ms(make(core_block, core_raw), repeat)
            ours_ms = median_ms(make(ours_block, ours_raw), repeat)
            rows.append((name, size, core_ms, ours_ms))
            print(
                f"{name:<34}{size:>7}{core_ms:>10.2f}{ours_ms:>10.2f}{ours_ms / core_ms:>8.2f}{ours_ms * 1000 / size:>15.1f}"
            )
        queries = []
        for block, raw in ((core_block, core_raw), (ours_block, ours_raw)):
            render(block, raw)()
            with CaptureQueriesContext(connection) as captured:
                render(block, raw)()
            queries.append(len(captured))
        print(f"{'queries per render':<34}{size:>7}{queries[0]:>10}{queries[1]:>10}")

        # The story's JSON-LD ({% newsblocks_jsonld %}) on a story already read
        # from JSON, as on a served page, where the body's render shares the
        # value: its own cost, against serving the whole page (which includes it).
        story_value = ours_block.to_python(json.loads(json.dumps(ours_raw)))
        list(story_value)

        def jsonld(value=story_value):
            jsonld_script(story_structured_data(page, story=value, request=request))

        serve_ms = next(o for name, n, _c, o in rows if n == size and name.startswith("serve"))
        jsonld_ms = median_ms(jsonld, repeat)
        print(
            f"{'JSON-LD (ratio: share of serve)':<34}{size:>7}{'':>10}{jsonld_ms:>10.2f}{jsonld_ms / serve_ms:>8.2f}{jsonld_ms * 1000 / size:>15.1f}"
        )
    page.__dict__.pop("body", None)


if __name__ == "__main__":
    main()
