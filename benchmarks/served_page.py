#!/usr/bin/env python
"""The render cache on the whole served page: JSON-LD in the head, the body, the rest.

Serves the seed story (``story_blocks.seed_unit``, repeated) at each size
through the example site's view with Django's test client, as a reader's
request is served, in one process and one run, the cases taking turns:

* cache off: every request converts the story, loads its experts and
  images, renders every block and builds the JSON-LD;
* cache on, cold: the render cache emptied before each request (what the
  first reader after an edit pays: the same work, plus writing the entries);
* cache on, warm: the entries there, as for every later reader.

Prints the median server CPU time per request (``time.process_time``, so
that waiting on nothing counts for nothing) and the ratios warm / off and
cold / off; a warm served story should cost at most a third of the cache-off
one. The database queries of one request in each case, too.

First the same page with an empty story: what every request costs whatever
the story holds (Wagtail's routing and view-restriction checks, the site
settings, the site's own template and language switcher, the middleware).
No render cache can take that away, so the last column is the ratio of what
the story adds: (warm - empty) / (off - empty). ::

    python benchmarks/served_page.py [--repeat 15] [--sizes 10,100,300]

This machine is noisy: read the medians and the ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from benchmarks.story_blocks import (
    RENDER_CACHE_ALIAS,
    benchmark_database,
    build,
    forget_memoised,
    machine,
)

CASES = ("off", "cold", "warm")
TARGET = 1 / 3


def newsblocks_settings(on: bool) -> dict:
    return {
        **settings.WAGTAIL_NEWSBLOCKS,
        "RENDER_CACHE": on,
        "RENDER_CACHE_ALIAS": RENDER_CACHE_ALIAS,
    }


def serve(env, case: str):
    page = env.served["ours"]
    render_cache = caches[RENDER_CACHE_ALIAS]

    def go() -> None:
        if case == "cold":
            render_cache.clear()
        with override_settings(WAGTAIL_NEWSBLOCKS=newsblocks_settings(case != "off")):
            response = env.client.get(page.url)
        assert response.status_code == 200, response.status_code
        assert b"application/ld+json" in response.content

    return go


def measure(env, size: int, repeat: int) -> tuple[dict[str, float], dict[str, int]]:
    env.write(json.loads(env.stored["ours"][size]) if size else [], env.served["ours"])
    functions = {case: serve(env, case) for case in CASES}
    for function in functions.values():
        forget_memoised()
        function()  # warm-up: templates, renditions, the cache's entries
    times: dict[str, list[float]] = {case: [] for case in CASES}
    for _ in range(repeat):
        for case, function in functions.items():
            forget_memoised()
            start = time.process_time()
            function()
            times[case].append(time.process_time() - start)
    queries = {}
    for case, function in functions.items():
        with CaptureQueriesContext(connection) as captured:
            function()
        queries[case] = len(captured)
    return {case: statistics.median(values) * 1000 for case, values in times.items()}, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="10,100,300")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with benchmark_database():
        env = build(sizes)
        print(f"Machine: {machine()}")
        print(
            f"Served story page, server CPU ms per request: median of {args.repeat} runs "
            "after one warm-up, the cases taking turns.\n"
        )
        header = (
            f"{'blocks':>7}{'off ms':>10}{'cold ms':>10}{'warm ms':>10}"
            f"{'cold/off':>10}{'warm/off':>10}{'queries off/cold/warm':>24}"
            f"{'story part warm/off':>21}"
        )
        print(header)
        print("-" * len(header))
        empty, _queries = measure(env, 0, args.repeat)
        floor = empty["off"]
        worst = worst_story_part = 0.0
        for size in [0, *sizes]:
            medians, queries = measure(env, size, args.repeat) if size else (empty, _queries)
            warm_ratio = medians["warm"] / medians["off"]
            counts = "/".join(str(queries[case]) for case in CASES)
            story_part = ""
            if size:
                worst = max(worst, warm_ratio)
                part = (medians["warm"] - floor) / (medians["off"] - floor)
                worst_story_part = max(worst_story_part, part)
                story_part = f"{part:.2f}"
            print(
                f"{size or 'empty':>7}{medians['off']:>10.1f}{medians['cold']:>10.1f}"
                f"{medians['warm']:>10.1f}{medians['cold'] / medians['off']:>10.2f}"
                f"{warm_ratio:>10.2f}{counts:>24}{story_part:>21}"
            )
        verdict = "met" if worst <= TARGET else "NOT met"
        print(f"\nWarm at most {TARGET:.2f} of off at every size: {verdict} (worst {worst:.2f}).")
        print(
            f"What the story adds to the empty page's {floor:.1f} ms, warm against off: at most "
            f"{worst_story_part:.2f}."
        )


if __name__ == "__main__":
    main()
