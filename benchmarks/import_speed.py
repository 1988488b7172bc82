#!/usr/bin/env python
"""The importer against the extraction library alone: pages per second and peak memory.

On the development corpus's real pages (Mozilla Readability's test pages), in
the same run and on the same pages:

* **trafilatura alone**: ``trafilatura.extract(page)`` with its defaults;
* **trafilatura, the importer's settings**: the same call with the options
  the importer uses (HTML output with formatting, tables, images and links);
* **the importer**: ``parse_article(page)``, metadata, extraction, mapping to
  blocks and sanitising included (no database).

Each is run several times over all pages, alternating, and the median rate
is quoted (the machine is noisy); the ratio is importer / library. Peak
memory is Python's (tracemalloc) over one pass, per page at most.

Then a WordPress export of many thousand posts, made in a temporary folder
by repeating the corpus export's posts with new ids, is read as a stream:
the peak memory of reading it all against that of reading one post's worth.

    .venv/bin/python benchmarks/import_speed.py [CORPUS] [--runs 5] [--posts 5000]

CORPUS: the corpus folder (default ``$NEWSBLOCKS_CORPUS``, else ``../shared/corpus``).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site"), str(ROOT / "benchmarks")]

from import_quality import corpus_folder, setup_django, unpack  # noqa: E402


def timed(function, pages: list[bytes]) -> float:
    started = time.perf_counter()
    for page in pages:
        function(page)
    return len(pages) / (time.perf_counter() - started)


def peak(function, pages: list[bytes]) -> int:
    """The highest memory one page took (tracemalloc, bytes)."""
    highest = 0
    for page in pages:
        gc.collect()
        tracemalloc.start()
        function(page)
        highest = max(highest, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return highest


def synthetic_export(source: Path, posts: int, folder: Path) -> Path:
    """A WXR of ``posts`` posts: the source export's posts again and again, with new ids."""
    text = source.read_text(encoding="utf-8")
    head, _sep, rest = text.partition("<item>")
    items = re.findall(r"<item>.*?</item>", "<item>" + rest, re.DOTALL)
    post_items = [
        item
        for item in items
        if "<wp:post_type><![CDATA[post]]>" in item or "<wp:post_type>post<" in item
    ]
    tail = text[text.rindex("</item>") + len("</item>") :]
    path = folder / "synthetic-export.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for number in range(posts):
            item = post_items[number % len(post_items)]
            item = re.sub(
                r"<guid[^>]*>.*?</guid>",
                f'<guid isPermaLink="false">https://example.org/?p={number}</guid>',
                item,
                count=1,
                flags=re.DOTALL,
            )
            item = item.replace("<wp:status><![CDATA[draft]]>", "<wp:status><![CDATA[publish]]>")
            out.write(item + "\n")
        out.write(tail)
    return path


def wxr_memory(export: Path) -> tuple[int, int, float]:
    """Posts read, tracemalloc peak while reading all of them, seconds."""
    from wagtail_newsblocks.importer import read_wxr

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    count = 0
    for item in read_wxr(export):
        count += item.article is not None
    elapsed = time.perf_counter() - started
    highest = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, highest, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help="the corpus folder (default: ../shared/corpus)")
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of")
    parser.add_argument("--posts", type=int, default=5000, help="posts in the synthetic export")
    options = parser.parse_args()
    corpus = corpus_folder(options.corpus)
    setup_django()

    import django
    import trafilatura

    from wagtail_newsblocks import sanitize
    from wagtail_newsblocks.importer import parse_article
    from wagtail_newsblocks.importer.extract import EXTRACT_OPTIONS

    with tempfile.TemporaryDirectory(prefix="newsblocks-speed-") as folder:
        folder = Path(folder)
        pages = [(page / "source.html").read_bytes() for page in unpack(corpus, folder)]

        def library(page: bytes) -> None:
            trafilatura.extract(page.decode("utf-8", "replace"))

        def library_settings(page: bytes) -> None:
            trafilatura.extract(page.decode("utf-8", "replace"), **EXTRACT_OPTIONS)

        def importer(page: bytes) -> None:
            sanitize._clean.cache_clear()
            parse_article(page, format="html", max_bytes=None)

        sides = {
            "trafilatura alone (defaults)": library,
            "trafilatura, importer's options": library_settings,
            "importer (parse_article)": importer,
        }
        for function in sides.values():  # imports, caches, compiled selectors
            for page in pages[:10]:
                function(page)
        rates: dict[str, list[float]] = {name: [] for name in sides}
        for _run in range(options.runs):
            for name, function in sides.items():
                rates[name].append(timed(function, pages))
        peaks = {name: peak(function, pages) for name, function in sides.items()}

        print(
            f"Importer against trafilatura {trafilatura.__version__}: {len(pages)} real pages, "
            f"{options.runs} runs, median pages/s; Python {platform.python_version()}, "
            f"Django {django.get_version()}, {os.cpu_count()} CPUs"
        )
        reference = rates["trafilatura alone (defaults)"]
        base = statistics.median(reference)
        for name in sides:
            median = statistics.median(rates[name])
            # Each run's own ratio as well: both sides of a run share the
            # machine's state then, which drifts between runs.
            ratios = [rate / alone for rate, alone in zip(rates[name], reference, strict=True)]
            print(
                f"  {name:<34} {median:7.1f} pages/s (min {min(rates[name]):.1f}, max "
                f"{max(rates[name]):.1f}), ×{median / base:.2f} (run by run: median "
                f"×{statistics.median(ratios):.2f}, ×{min(ratios):.2f}–×{max(ratios):.2f}); "
                f"peak memory per page {peaks[name] / 2**20:6.1f} MiB"
            )

        source = corpus / "wordpress-theme-unit-test.xml"
        if source.is_file():
            (folder / "small").mkdir()
            small = synthetic_export(source, 20, folder / "small")
            large_folder = folder / "large"
            large_folder.mkdir()
            large = synthetic_export(source, options.posts, large_folder)
            few, few_peak, _seconds = wxr_memory(small)
            many, many_peak, seconds = wxr_memory(large)
            size = large.stat().st_size
            print(
                f"WordPress export, streamed: {many} posts ({size / 2**20:.0f} MiB) in {seconds:.1f} s, "
                f"{many / seconds:.0f} posts/s; peak memory {many_peak / 2**20:.1f} MiB, against "
                f"{few_peak / 2**20:.1f} MiB for {few} posts (×{many_peak / few_peak:.2f} for "
                f"×{many / few:.0f} the posts)"
            )


if __name__ == "__main__":
    main()
