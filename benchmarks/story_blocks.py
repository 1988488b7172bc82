#!/usr/bin/env python
"""Newsblocks against plain Wagtail core blocks carrying the same content.

Builds the seed story (repeated, each repetition's paragraphs numbered so
that no two blocks are the same) at 10, 100 and 1,000 blocks, once with the
package's blocks and once with core blocks (``core_blocks.py``), in one
process and one run, and prints the median time of each measure for both,
their ratio (newsblocks / core) and newsblocks' time per block:

* rendering the story body cold: from the stored JSON, no render cache;
* rendering it with the render cache on and warm, against core's cold render;
* serving the whole page through the example site's view (Django's test client);
* saving: the admin's road (the editor's form data, validation, sanitising,
  serialising, writing the field), new content saved from code (newsblocks
  validates and sanitises it; core blocks are validated by calling ``clean()``
  as careful code would, since Wagtail itself does not), and a loaded story
  saved again unchanged;
* the database queries per render (with expert boxes and images);
* making subhead anchors unique, ten per block, when every subhead is the
  same (``a``, ``a-2``, ``a-3``, …), against as many different subheads,
  per anchor: the figure stays flat as the story grows if the cost is linear.

The package's memoised cleaners are emptied before every timed run, so a
run costs what new content would. ::

    python benchmarks/story_blocks.py [--repeat 7] [--sizes 10,100,1000]
    python benchmarks/story_blocks.py --profile render --sizes 100,1000

Other benchmark modules add rows by listing ``Measure`` fields (dicts) in a
module attribute ``STORY_MEASURES`` and naming the module in ``EXTRA_MODULES``.

This machine is noisy: read the medians and the ratios, not single runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

UNIT_SIZE = 10
# Modules whose ``STORY_MEASURES`` join the table, if they exist.
EXTRA_MODULES = ["benchmarks.quote_cards", "benchmarks.import_articles"]
SIDES = ("core", "ours")
# The render cache's own in-memory cache, large enough for the longest story
# (Django's default in-memory cache keeps only 300 entries; Redis or
# Memcached, as a site would use, have no such limit).
RENDER_CACHE_ALIAS = "newsblocks-bench-render"
CACHES = {
    **settings.CACHES,
    RENDER_CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": RENDER_CACHE_ALIAS,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}


def seed_unit(index: int, expert_id: int, image_id: int) -> tuple[list[dict], list[dict]]:
    """Ten blocks of the seed story, as stored JSON, for newsblocks and for core blocks."""
    from news.demo_content import SEED_STORY

    def numbered(html: str) -> str:
        # Distinct text in every repetition, as in a real long story: nothing
        # may profit from having seen the same paragraph before.
        return html.replace("</p>", f" ({index + 1})</p>", 1)

    paragraphs = [numbered(value) for kind, value in SEED_STORY["body"] if kind == "paragraph"]
    quote = f"Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit gegen die hegemonialen Kräfte erhoben ({index + 1})"
    statement = numbered(
        "<p>Lieferungen aus Nordkorea könnten Russland helfen, seine schwindenden Munitionsbestände wieder aufzufüllen.</p>"
    )
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
                "presentation": "auto",
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
                "quote": f"Der Zugang dürfte den Konflikt verlängern ({index + 1})",
                "how_obtained": "said",
                "disclosure": "",
            },
        },
        {"type": "paragraph", "value": numbered(paragraphs[0].replace("<p>", "<p>Erneut: ", 1))},
        {"type": "paragraph", "value": numbered(paragraphs[1].replace("<p>", "<p>Erneut: ", 1))},
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


def forget_memoised() -> None:
    """Empty what the package memoises by content, so that a run costs what new content would."""
    from wagtail_newsblocks import quotation_marks, repetition, sanitize

    for memoised in (
        sanitize._clean,
        quotation_marks.strip_quotation_marks,
        quotation_marks.quotation_parts,
        repetition._quote_segments,
    ):
        memoised.cache_clear()


@dataclass
class Env:
    """Everything the measures share: blocks, the page, stories at each size."""

    blocks: dict
    page: object
    request: object
    client: object
    served: dict = field(default_factory=dict)  # side -> the page the view serves
    # side -> size -> JSON text
    stored: dict = field(default_factory=dict)  # as the block writes it (what the database holds)
    new: dict = field(default_factory=dict)  # as code hands it over, never validated
    form_data: dict = field(default_factory=dict)  # side -> size -> the admin form's POST data

    def context(self) -> dict:
        return {"page": self.page, "request": self.request}

    def write(self, prep, page=None) -> None:
        page = page or self.page
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {type(page)._meta.db_table} SET body = %s WHERE page_ptr_id = %s",
                [json.dumps(prep), page.pk],
            )


@dataclass
class Measure:
    """One row per size: ``make(env, side, size)`` returns the function to time.

    ``core`` times core's side with another function, or (a row's name) reuses
    that row's core figure; ``ours`` reuses a row's newsblocks figure.
    """

    name: str
    make: Callable
    core: Callable | str | None = None
    ours: str | None = None
    note: str = ""
    # How many of what the row handles (anchors, say) each block of the size
    # stands for; the row's µs columns are then per one of them.
    per_block: int = 1


def render_cold(env: Env, side: str, size: int):
    block, stored, context = env.blocks[side], env.stored[side][size], env.context()
    return lambda: block.render(block.to_python(json.loads(stored)), context)


def render_warm(env: Env, side: str, size: int):
    cold = render_cold(env, side, size)
    cached = {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE": True,
        "RENDER_CACHE_ALIAS": RENDER_CACHE_ALIAS,
    }

    def go():
        with override_settings(WAGTAIL_NEWSBLOCKS=cached):
            cold()

    go()  # fills the cache
    return go


def serve_page(env: Env, side: str, size: int):
    page = env.served[side]
    body = page._meta.get_field("body")

    def go():
        # One page per side; the model's field reads the body with that side's block.
        body.stream_block = env.blocks[side]
        try:
            response = env.client.get(page.url)
        finally:
            body.stream_block = env.blocks["ours"]
        assert response.status_code == 200, response.status_code

    env.write(json.loads(env.stored[side][size]), page)
    return go


def save_admin(env: Env, side: str, size: int):
    block, data = env.blocks[side], env.form_data[side][size]

    def go():
        value = block.value_from_datadict(data, {}, "body")
        env.write(block.get_prep_value(block.clean(value)))

    return go


def save_new(env: Env, side: str, size: int):
    block, new = env.blocks[side], env.new[side][size]
    if side == "ours":
        # Validated and sanitised inside get_prep_value: every road into the database.
        return lambda: env.write(block.get_prep_value(block.to_python(json.loads(new))))
    return lambda: env.write(block.get_prep_value(block.clean(block.to_python(json.loads(new)))))


def save_new_unvalidated_core(env: Env, side: str, size: int):
    block, new = env.blocks[side], env.new[side][size]
    return lambda: env.write(block.get_prep_value(block.to_python(json.loads(new))))


def resave(env: Env, side: str, size: int):
    block, stored = env.blocks[side], env.stored[side][size]
    return lambda: env.write(block.get_prep_value(block.to_python(json.loads(stored))))


def build_jsonld(env: Env, side: str, size: int):
    from wagtail_newsblocks.structured_data import jsonld_script, story_structured_data

    block, stored = env.blocks[side], env.stored[side][size]
    # A story already read, as on a served page, where the body's render shares the value.
    story = block.to_python(json.loads(stored))
    list(story)
    return lambda: jsonld_script(story_structured_data(env.page, story=story, request=env.request))


ANCHORS_PER_BLOCK = 10


def make_anchors_unique(env: Env, side: str, size: int):
    """``unique_anchors`` for ten subheads per block: all the same ("Update"), against all different."""
    from wagtail_newsblocks.outline import unique_anchors

    count = size * ANCHORS_PER_BLOCK
    if side == "ours":
        requested = [("update", False)] * count
    else:
        requested = [(f"update-{number}", False) for number in range(count)]
    return lambda: unique_anchors(requested)


MEASURES = [
    Measure("render body (cold)", render_cold),
    Measure(
        "render body, warm cache",
        render_warm,
        core="render body (cold)",
        note="newsblocks with RENDER_CACHE on and warm, against core's cold render",
    ),
    Measure("serve page (test client)", serve_page),
    Measure(
        "save, admin form",
        save_admin,
        note="form data -> value, clean (newsblocks: and sanitise), serialise, write",
    ),
    Measure(
        "save new content from code",
        save_new,
        note="newsblocks validates and sanitises; core calls clean() first",
    ),
    Measure(
        "  core without clean()",
        save_new,
        core=save_new_unvalidated_core,
        ours="save new content from code",
        note="the same, against core blocks written unvalidated (Wagtail's default)",
    ),
    Measure("save loaded story again", resave, note="sanitised again (newsblocks)"),
    Measure(
        "JSON-LD ({% newsblocks_jsonld %})",
        build_jsonld,
        core="serve page (test client)",
        note="building the story's JSON-LD, against core's whole served page",
    ),
    Measure(
        "anchors: same subhead",
        make_anchors_unique,
        per_block=ANCHORS_PER_BLOCK,
        note=f"making {ANCHORS_PER_BLOCK} anchors per block unique (1,000 at 100 blocks, "
        "10,000 at 1,000), every subhead the same (a-2, a-3, ...), against as many different "
        "subheads; its µs columns are per anchor, flat across sizes when the cost is linear",
    ),
]


def median_ms(function, repeat: int) -> float:
    return paired_medians({"one": function}, repeat)["one"]


def paired_medians(functions: dict[str, Callable], repeat: int) -> dict[str, float]:
    """Median milliseconds of each function, the runs taking turns.

    Taking turns (core, newsblocks, core, …) rather than running one side's
    runs and then the other's keeps a burst of load on the machine from
    landing on one side only.
    """
    for function in functions.values():
        forget_memoised()
        function()  # warm-up: template loading, renditions
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            forget_memoised()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def extra_measures() -> list[Measure]:
    found = []
    for name in EXTRA_MODULES:
        module = importlib.import_module(name)
        found += [Measure(**fields) for fields in getattr(module, "STORY_MEASURES", [])]
    return found


def machine() -> str:
    import wagtail

    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"database {connection.vendor}"
    )


def build(sizes: list[int]) -> Env:
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client, RequestFactory
    from wagtail.models import Locale, Site
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from benchmarks.core_blocks import CoreStoryBlock
    from news.models import NewsIndexPage, NewsStoryPage
    from tests.factories import make_image
    from wagtail_newsblocks.blocks import NewsStoryBlock
    from wagtail_newsblocks.models import Expert

    locale, _ = Locale.objects.get_or_create(language_code="de")
    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=NewsIndexPage(title="Bench", slug="bench"))
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
    served = {}
    for side in SIDES:
        served[side] = index.add_child(
            instance=NewsStoryPage(
                title="Bench story", slug=f"story-{side}", lead="Lead", locale=locale, body=[]
            )
        )
        served[side].save_revision().publish()
    page = served["ours"]
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    env = Env(
        blocks={"core": CoreStoryBlock(), "ours": NewsStoryBlock()},
        page=page,
        request=request,
        client=Client(),
        served=served,
    )
    for side in SIDES:
        env.stored[side], env.new[side], env.form_data[side] = {}, {}, {}
    for size in sizes:
        raw = {"core": [], "ours": []}
        for unit in range(size // UNIT_SIZE):
            ours, core = seed_unit(unit, experts[unit % 10].pk, images[unit % 10].pk)
            raw["ours"] += ours
            raw["core"] += core
        for side in SIDES:
            block = env.blocks[side]
            env.new[side][size] = json.dumps(raw[side])
            value = block.to_python(json.loads(env.new[side][size]))
            env.stored[side][size] = json.dumps(block.get_prep_value(value))
            env.form_data[side][size] = nested_form_data(
                {"body": streamfield([_form_item(block, item, rich_text) for item in raw[side]])}
            )
    return env


def _form_item(stream_block, item: dict, rich_text) -> tuple:
    """One stream item as the admin form posts it (rich text as the editor's JSON)."""
    from wagtail.blocks import RichTextBlock, StructBlock
    from wagtail.images.blocks import ImageBlock

    def form_value(block, value):
        if isinstance(block, RichTextBlock):
            return rich_text(value, features=block.features)
        if isinstance(block, ImageBlock):
            return (
                {k: v for k, v in value.items() if v is not None}
                if isinstance(value, dict)
                else value
            )
        if isinstance(block, StructBlock):
            return {
                name: form_value(child, value.get(name))
                for name, child in block.child_blocks.items()
                if value.get(name) is not None
            }
        return value

    block = stream_block.child_blocks[item["type"]]
    return (item["type"], form_value(block, item["value"]))


def count_queries(env: Env, side: str, size: int) -> int:
    """Queries of a cold render, with the page loaded afresh as each request loads it."""
    block, stored = env.blocks[side], env.stored[side][size]

    def render() -> None:
        page = type(env.page).objects.get(pk=env.page.pk)
        block.render(block.to_python(json.loads(stored)), {"page": page, "request": env.request})

    render()  # renditions are made once
    with CaptureQueriesContext(connection) as captured:
        render()
    return len(captured) - 1  # loading the page


@contextmanager
def benchmark_database():
    """A throwaway test database, the benchmark templates and caches: what every run sets up."""
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    templates = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], ROOT / "benchmarks" / "templates"],
        }
    ]
    with override_settings(TEMPLATES=templates, ALLOWED_HOSTS=["*"], CACHES=CACHES):
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument(
        "--profile",
        metavar="MEASURE",
        help="profile newsblocks' side of one measure (a name's first word, e.g. render or "
        "save) with pyinstrument instead of timing",
    )
    parser.add_argument(
        "--only",
        metavar="MEASURE",
        help="time only the measures whose name starts with this (e.g. render)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with benchmark_database():
        env = build(sizes)
        if args.profile:
            profile(env, sizes, args.profile, args.repeat)
        else:
            run(env, sizes, args.repeat, args.only)


def profile(env: Env, sizes: list[int], name: str, repeat: int) -> None:
    from pyinstrument import Profiler

    measure = next(m for m in MEASURES + extra_measures() if m.name.startswith(name))
    for size in sizes:
        go = measure.make(env, "ours", size)
        go()
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(repeat):
            forget_memoised()
            go()
        profiler.stop()
        print(f"\n=== {measure.name}, {size} blocks, {repeat} runs")
        print(profiler.output_text(unicode=False, color=False))


def run(env: Env, sizes: list[int], repeat: int, only: str | None = None) -> None:
    measures = MEASURES + extra_measures()
    if only:
        measures = [m for m in measures if m.name.strip().startswith(only)]
    print(f"Machine: {machine()}")
    print(f"Median of {repeat} runs after one warm-up; ratio = newsblocks / core.\n")
    header = f"{'measure':<32}{'blocks':>7}{'core ms':>10}{'ours ms':>10}{'ratio':>8}{'core µs/block':>15}{'ours µs/block':>15}"
    print(header)
    print("-" * len(header))
    results: dict[tuple[str, int], tuple[float, float]] = {}
    for size in sizes:
        for measure in measures:
            timed = {}
            if not isinstance(measure.core, str):
                timed["core"] = (measure.core or measure.make)(env, "core", size)
            if not measure.ours:
                timed["ours"] = measure.make(env, "ours", size)
            medians = paired_medians(timed, repeat)
            core_ms = medians.get("core") or results[(measure.core, size)][0]
            ours_ms = medians.get("ours") or results[(measure.ours, size)][1]
            results[(measure.name, size)] = (core_ms, ours_ms)
            items = size * measure.per_block
            digits = 1 if measure.per_block == 1 else 3  # per anchor: fractions of a µs
            print(
                f"{measure.name:<32}{size:>7}{core_ms:>10.2f}{ours_ms:>10.2f}{ours_ms / core_ms:>8.2f}"
                f"{core_ms * 1000 / items:>15.{digits}f}{ours_ms * 1000 / items:>15.{digits}f}"
            )
        queries = [count_queries(env, side, size) for side in SIDES]
        print(f"{'queries per render':<32}{size:>7}{queries[0]:>10}{queries[1]:>10}")
        print()
    print("Notes:")
    for measure in measures:
        if measure.note:
            print(f"  {measure.name.strip()}: {measure.note}")


if __name__ == "__main__":
    main()
