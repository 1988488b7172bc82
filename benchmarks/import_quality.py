#!/usr/bin/env python
"""How well the importer finds an article's main text and head fields, against the library raw.

Over the development corpus (Mozilla Readability's test pages: each a real
page with its expected main content and metadata; and WordPress's theme unit
test export), for every page:

* **main text**: token recall, precision and F1 of the story's text against
  the text of ``expected.html``. Tokens are words (``\\w+`` after NFKC and
  case folding), counted as a multiset: a word the reference has twice must
  be found twice. The story's text is its headline, lead and every block's
  text; the library's is trafilatura's own ``extract()`` (its defaults,
  plain text) of the same page.
* **headline** and **lead**: whether they match ``expected-metadata.json``'s
  ``title`` and ``excerpt`` (same words in the same order, or one the start
  of the other — Readability's titles keep a site name now and then).
* **WordPress export**: posts read and blocks made, by type.

The figures are printed side by side; medians and means over the pages.
A script, not a test (``make bench-import`` runs it)::

    .venv/bin/python benchmarks/import_quality.py [CORPUS]

CORPUS is the folder of the corpus (default: ``$NEWSBLOCKS_CORPUS``, else
``../shared/corpus``); the archive in it is unpacked into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tarfile
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_folder(argument: str | None) -> Path:
    folder = Path(argument or os.environ.get("NEWSBLOCKS_CORPUS") or DEFAULT_CORPUS)
    if not folder.is_dir():
        sys.exit(f"No corpus at {folder}: give its folder, or set NEWSBLOCKS_CORPUS.")
    return folder


def unpack(corpus: Path, into: Path) -> list[Path]:
    """The test pages' folders, unpacked from the corpus archive into ``into``."""
    archive = corpus / "readability-test-pages.tar.xz"
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    pages = into / "test" / "test-pages"
    return sorted(path for path in pages.iterdir() if (path / "source.html").is_file())


def tokens(text: str) -> Counter:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return Counter(re.findall(r"\w+", text))


def scores(found: str, expected: str) -> tuple[float, float, float]:
    got, want = tokens(found), tokens(expected)
    shared = sum((got & want).values())
    precision = shared / sum(got.values()) if got else 0.0
    recall = shared / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").casefold())


def matches(found: str, expected: str) -> bool:
    a, b = words(found), words(expected)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return longer[: len(shorter)] == shorter and len(shorter) >= max(1, len(longer) // 2)


def html_text(html: str) -> str:
    from lxml import html as lxml_html

    if not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return " ".join(root.itertext())


def story_text(article) -> str:
    from wagtail_newsblocks.importer.build import plain_text_of_html

    parts = [article.title, article.lead]
    for block_type, value in article.blocks:
        if block_type == "paragraph":
            parts.append(plain_text_of_html(value))
        elif block_type == "subhead":
            parts.append(value["text"])
        elif block_type == "pull_quote":
            parts += [value["quote"], value.get("attribution", ""), value.get("role", "")]
        elif block_type == "expert_opinion":
            parts += [
                value.get("label", ""),
                value.get("headline", ""),
                value.get("name", ""),
                value.get("role", ""),
                value.get("organization", ""),
                plain_text_of_html(value.get("statement", "")),
            ]
        elif block_type == "image":
            parts += [value.get("caption", ""), value.get("credit", "")]
    return " ".join(parts)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def measure_pages(pages: list[Path]) -> dict:
    import trafilatura

    from wagtail_newsblocks.importer import parse_article

    rows = []
    for page in pages:
        source = (page / "source.html").read_bytes()
        expected = html_text((page / "expected.html").read_text(encoding="utf-8"))
        metadata = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        article = parse_article(source, format="html", max_bytes=None)
        raw = trafilatura.extract(
            source.decode("utf-8", "replace"), with_metadata=True, output_format="json"
        )
        raw = json.loads(raw) if raw else {}
        rows.append(
            {
                "page": page.name,
                "ours": scores(story_text(article), expected),
                "library": scores(
                    " ".join([raw.get("title") or "", raw.get("text") or ""]), expected
                ),
                "title": (
                    matches(article.title, metadata.get("title") or ""),
                    matches(raw.get("title") or "", metadata.get("title") or ""),
                ),
                "lead": (
                    matches(article.lead, metadata.get("excerpt") or ""),
                    matches(
                        raw.get("excerpt") or raw.get("description") or "",
                        metadata.get("excerpt") or "",
                    ),
                ),
                "has_title": bool(metadata.get("title")),
                "has_lead": bool(metadata.get("excerpt")),
                "kicker": bool(article.kicker),
                "published": article.published_at is not None,
                "authors": bool(article.authors),
            }
        )
    return {"rows": rows}


def summary(rows: list[dict]) -> None:
    def column(side: int, index: int, function) -> float:
        return function([row["ours" if side == 0 else "library"][index] for row in rows])

    print(f"Main text over {len(rows)} pages (token-based, vs expected.html):")
    print(f"  {'':<26}{'importer':>12}{'trafilatura raw':>18}")
    for index, name in enumerate(("precision", "recall", "F1")):
        for label, function in (("mean", statistics.fmean), ("median", statistics.median)):
            print(
                f"  {name + ' (' + label + ')':<26}{column(0, index, function):>12.3f}{column(1, index, function):>18.3f}"
            )
    titled = [row for row in rows if row["has_title"]]
    led = [row for row in rows if row["has_lead"]]
    for name, subset in (("title", titled), ("lead", led)):
        ours = sum(row[name][0] for row in subset)
        raw = sum(row[name][1] for row in subset)
        label = "headline" if name == "title" else "lead vs excerpt"
        print(f"  {label + ' matches':<26}{ours:>7}/{len(subset):<4}{raw:>13}/{len(subset):<4}")
    for name in ("kicker", "published", "authors"):
        print(f"  {name + ' found':<26}{sum(row[name] for row in rows):>7}/{len(rows):<4}")
    worst = sorted(rows, key=lambda row: row["ours"][2])[:8]
    print(
        "  lowest F1 (importer / library): "
        + ", ".join(f"{row['page']} {row['ours'][2]:.2f}/{row['library'][2]:.2f}" for row in worst)
    )


def measure_wxr(corpus: Path) -> None:
    from wagtail_newsblocks.importer.wxr import read_wxr

    export = corpus / "wordpress-theme-unit-test.xml"
    if not export.is_file():
        return
    blocks: Counter = Counter()
    posts = 0
    reading = read_wxr(export, include_drafts=False)
    for item in reading:
        if item.article is not None:
            posts += 1
            blocks.update(item.article.block_types)
    skipped = ", ".join(f"{kind} × {count}" for kind, count in sorted(reading.skipped.items()))
    print(f"WordPress export ({export.name}): {posts} posts read; skipped: {skipped}")
    print("  blocks: " + ", ".join(f"{kind} × {count}" for kind, count in blocks.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help="the corpus folder (default: ../shared/corpus)")
    parser.add_argument("--pages", type=int, default=0, help="measure only the first N pages")
    options = parser.parse_args()
    corpus = corpus_folder(options.corpus)
    setup_django()
    with tempfile.TemporaryDirectory(prefix="newsblocks-corpus-") as folder:
        pages = unpack(corpus, Path(folder))
        if options.pages:
            pages = pages[: options.pages]
        summary(measure_pages(pages)["rows"])
    measure_wxr(corpus)


if __name__ == "__main__":
    main()
