#!/usr/bin/env python
"""How many articles per second the importer reads and saves.

Imports the test articles (tests/data/import and the seed story) again and
again into a throwaway SQLite database and prints the median rate of several
runs, for parsing alone and for parsing and saving (a new published page per
article, as in a migration). A script, not a test: run it with
``make bench-import`` or::

    .venv/bin/python benchmarks/import_articles.py --runs 5 --repeat 10

The rich-text cleaner's cache is emptied before every article, so that the
same article read again costs what a new one would.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
DATA = ROOT / "tests" / "data"
IMAGES = DATA / "import" / "images"
# The old CMS's export needs the rules a newsroom would configure for it.
RULES = {
    "de-old-cms-tables.html": {
        "ROOT": ["td.artikel"],
        "KICKER": "font.dachzeile",
        "HEADLINE": "font.titel",
        "LEAD": "font.vorspann",
    }
}


def articles() -> list[Path]:
    found = sorted((DATA / "import").glob("*.html")) + sorted((DATA / "import").glob("*.txt"))
    return [*found, DATA / "story-de-kim-putin.txt"]


def configure(database: Path) -> None:
    # The test settings (the example site, a temporary media folder), with a
    # database file of our own: writing to disk is part of what saving costs.
    import tests.settings as settings_module

    settings_module.DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(database),
            "TEST": {"NAME": str(database)},
        }
    }
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of")
    parser.add_argument(
        "--repeat", type=int, default=10, help="times each article is imported per run"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsblocks-bench-") as folder:
        configure(Path(folder) / "bench.sqlite3")
        run(options.runs, options.repeat)


def run(runs: int, repeat: int) -> None:
    import django
    import wagtail
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Page, Site

    from news.models import NewsIndexPage
    from wagtail_newsblocks import sanitize
    from wagtail_newsblocks.importer import import_article, parse_article

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root = Page.get_first_root_node()
        index = root.add_child(instance=NewsIndexPage(title="Benchmark", slug="benchmark"))
        Site.objects.update(root_page=index)
        sources = articles()
        per_run = len(sources) * repeat

        def parse_once(path: Path) -> None:
            sanitize._clean.cache_clear()
            parse_article(path, rules=RULES.get(path.name), images_dir=IMAGES)

        def save_once(path: Path, run_number: int, number: int) -> None:
            sanitize._clean.cache_clear()
            import_article(
                path,
                parent=index,
                rules=RULES.get(path.name),
                images_dir=IMAGES,
                source_id=f"bench-{run_number}-{number}-{path.name}",
            )

        # Imports, compiled selectors and the first queries are not what we measure.
        for path in sources:
            parse_once(path)
            save_once(path, -1, 0)

        parse_rates, save_rates = [], []
        for run_number in range(runs):
            started = time.perf_counter()
            for _ in range(repeat):
                for path in sources:
                    parse_once(path)
            parse_rates.append(per_run / (time.perf_counter() - started))

            started = time.perf_counter()
            for number in range(repeat):
                for path in sources:
                    save_once(path, run_number, number)
            save_rates.append(per_run / (time.perf_counter() - started))
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        teardown_test_environment()

    def line(label: str, rates: list[float]) -> str:
        return (
            f"{label:<14} median {statistics.median(rates):7.1f} articles/s "
            f"(min {min(rates):.1f}, max {max(rates):.1f})"
        )

    print(
        f"Importer throughput: {len(articles())} test articles × {repeat} per run, {runs} runs, "
        f"SQLite file database; Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, {os.cpu_count()} CPUs"
    )
    print(line("parse only", parse_rates))
    print(line("parse + save", save_rates))


# A row for ``make bench`` (benchmarks/story_blocks.py): importing the seed
# story as a new published page, against publishing a new page with the same
# story in core blocks, which is what any import into plain Wagtail ends with.


_NUMBERS = itertools.count()  # unique slugs and source ids across sizes and sides


def _import_seed(env, side: str, size: int):
    import json

    from news.models import NewsStoryPage
    from wagtail_newsblocks import sanitize
    from wagtail_newsblocks.importer import import_article

    parent = env.served["ours"].get_parent()
    if side == "ours":

        def go():
            sanitize._clean.cache_clear()
            import_article(
                DATA / "story-de-kim-putin.txt", parent=parent, source_id=f"bench-{next(_NUMBERS)}"
            )

        return go
    body = NewsStoryPage._meta.get_field("body")
    core_story = json.loads(env.stored["core"][10])

    def go():
        body.stream_block = env.blocks["core"]
        try:
            page = parent.add_child(
                instance=NewsStoryPage(
                    title="Kim unterstützt Putin",
                    slug=f"core-import-{next(_NUMBERS)}",
                    lead="Lead",
                    locale=env.page.locale,
                    body=core_story,
                )
            )
            page.save_revision().publish()
        finally:
            body.stream_block = env.blocks["ours"]

    return go


STORY_MEASURES = [
    {
        "name": "import an article",
        "make": _import_seed,
        "note": "importing the seed story (parse, build, sanitise, publish), against "
        "publishing a new page with the seed story's ten blocks in core blocks",
    }
]


if __name__ == "__main__":
    main()
