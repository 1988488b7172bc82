"""``manage.py newsblocks_import``: bring stories from an old CMS in as newsblocks story pages."""

from __future__ import annotations

import argparse
import re
import traceback
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

try:
    from wagtail_newsblocks.importer import (
        ArticleImportError,
        ImportResult,
        import_article,
        is_wxr,
        read_wxr,
        save_article,
    )
    from wagtail_newsblocks.importer.save import resolve_parent
    from wagtail_newsblocks.importer.wxr import describe_skipped

    MISSING_EXTRA = ""
except ImportError as error:
    # Without the importer extra the command still loads, and says what to install.
    MISSING_EXTRA = str(error)

SOURCE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".xml")
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def byte_size(value: str) -> int:
    """``"5000000"``, ``"500K"``, ``"5M"`` (or ``5MB``, ``5MiB``) → bytes; K is 1024."""
    match = _SIZE.match(value)
    if not match or int(match.group(1)) < 1:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is no size; give bytes, or a number with K, M or G, e.g. 10M.")
            % {"value": value}
        )
    return int(match.group(1)) * 1024 ** "_kmg".index(match.group(2).lower() or "_")


def action_label(action: str) -> str:
    labels = {
        "created": _("created"),
        "updated": _("updated"),
        "unchanged": _("unchanged"),
        "would create": _("would create"),
        "would update": _("would update"),
    }
    return labels.get(action, action)


class Command(BaseCommand):
    help = (
        "Import stories from article HTML or plain text files as story pages with newsblocks. "
        "Importing a file again updates its story. Reads local files only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="FILE",
            help="Article files (.html, .htm, .txt), WordPress exports (.xml, WXR), or folders "
            "of them.",
        )
        parser.add_argument(
            "--parent",
            required=True,
            help="The page to put the stories under: its id or slug path, e.g. 'newsroom'.",
        )
        parser.add_argument(
            "--page-model",
            help="The page type to create, as app_label.ModelName (default: the one story "
            "page type the parent allows).",
        )
        parser.add_argument(
            "--format",
            choices=("auto", "html", "text"),
            default="auto",
            help="How to read the files (default: by file name, else by content).",
        )
        parser.add_argument(
            "--source-id",
            help="The story's id in the old system (one file only). Default: the page's "
            "canonical URL (<link rel=canonical> or og:url).",
        )
        parser.add_argument(
            "--language",
            help="The stories' language, e.g. 'de' (default: <html lang>, else guessed from the text).",
        )
        parser.add_argument(
            "--images-dir",
            help="Folder with the articles' image files; images found there become Wagtail images.",
        )
        parser.add_argument(
            "--max-bytes",
            type=byte_size,
            help="The largest file to read, in bytes or with K, M or G (default: "
            "WAGTAIL_NEWSBLOCKS['IMPORT_MAX_BYTES'], 5M). Larger files are refused unread.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the block outline and the report; write nothing.",
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="WordPress exports: import draft, pending, scheduled and private posts too "
            "(as drafts). Default: published posts only.",
        )
        parser.add_argument(
            "--kicker-from-category",
            action="store_true",
            help="WordPress exports: the post's first category becomes the story's kicker.",
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish",
            dest="publish",
            action="store_true",
            default=True,
            help="Publish the stories (the default).",
        )
        state.add_argument(
            "--draft",
            dest="publish",
            action="store_false",
            help="Save the stories as drafts; a story that is live keeps its published version.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if MISSING_EXTRA:
            raise CommandError(MISSING_EXTRA)
        files = self.files(options["sources"])
        if options["source_id"] and len(files) != 1:
            raise CommandError(_("--source-id names one story; give exactly one file with it."))
        images_dir = options["images_dir"]
        if images_dir and not Path(images_dir).is_dir():
            raise CommandError(
                _("The images folder “%(path)s” does not exist.") % {"path": images_dir}
            )
        try:
            parent = resolve_parent(options["parent"])
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        failed: list[str] = []
        counts: dict[str, int] = {}
        for number, path in enumerate(files, start=1):
            self.stdout.write(f"[{number}/{len(files)}] {path}")
            if is_wxr(path):
                self.import_wxr(path, parent, options, counts, failed)
                continue
            try:
                result = import_article(
                    path,
                    parent=parent,
                    page_model=options["page_model"],
                    format=options["format"],
                    source_id=options["source_id"],
                    language=options["language"],
                    dry_run=options["dry_run"],
                    images_dir=images_dir,
                    publish=options["publish"],
                    max_bytes=options["max_bytes"],
                )
            except ArticleImportError as error:
                self.not_imported(
                    failed, str(path), _("Not imported: %(path)s") % {"path": path}, error.messages
                )
                if error.article is not None and options["verbosity"] >= 1:
                    self.write_report(error.article.report.lines())
                continue
            except (OSError, ValueError) as error:
                self.not_imported(
                    failed, str(path), _("Not imported: %(path)s") % {"path": path}, [str(error)]
                )
                continue
            except Exception as error:
                # Whatever one file does to the importer (or to a site's rule),
                # it is that file's failure: reported, and the batch goes on.
                # Nothing of it was written: import_article saves in one transaction.
                self.not_imported(
                    failed,
                    str(path),
                    _("Not imported: %(path)s") % {"path": path},
                    [
                        f"{type(error).__name__}: {error}",
                        _("(An error the importer did not expect; --traceback shows where.)"),
                    ],
                )
                if options.get("traceback"):
                    self.stderr.write(traceback.format_exc())
                continue
            counts[result.action] = counts.get(result.action, 0) + 1
            self.write_result(result, options["verbosity"])
        self.stdout.write(self.summary(counts, len(files)))
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d of %(total)d files could not be imported: %(files)s",
                    "%(count)d of %(total)d files could not be imported: %(files)s",
                    len(failed),
                )
                % {"count": len(failed), "total": len(files), "files": ", ".join(failed)}
            )

    def import_wxr(
        self, path: Path, parent: Any, options: dict[str, Any], counts: dict, failed: list
    ) -> None:
        """One story per post of a WordPress export, read as a stream."""
        reading = read_wxr(
            path,
            include_drafts=options["include_drafts"],
            kicker_from_category=options["kicker_from_category"],
            images_dir=options["images_dir"],
            language=options["language"],
            max_bytes=options["max_bytes"],
        )
        posts = 0
        try:
            for item in reading:
                posts += 1
                self.stdout.write(f"  {item.label}")
                if item.error is not None:
                    self.not_imported(
                        failed,
                        f"{path}: {item.label}",
                        _("Not imported: %(post)s") % {"post": item.label},
                        item.error.messages,
                        indent="    ",
                    )
                    continue
                try:
                    result = save_article(
                        item.article,
                        parent=parent,
                        page_model=options["page_model"],
                        dry_run=options["dry_run"],
                        publish=options["publish"] and item.publish,
                    )
                except ArticleImportError as error:
                    self.not_imported(
                        failed,
                        f"{path}: {item.label}",
                        _("Not imported: %(post)s") % {"post": item.label},
                        error.messages,
                        indent="    ",
                    )
                    continue
                counts[result.action] = counts.get(result.action, 0) + 1
                self.write_result(result, options["verbosity"])
        except ArticleImportError as error:
            self.not_imported(
                failed, str(path), _("Not imported: %(path)s") % {"path": path}, error.messages
            )
            return
        summary = _("WordPress export: %(posts)d posts read") % {"posts": posts}
        if reading.skipped:
            summary += "; " + _("skipped: %(items)s") % {"items": describe_skipped(reading.skipped)}
        self.stdout.write(f"  {summary}.")

    def not_imported(
        self, failed: list[str], entry: str, heading: str, messages, *, indent: str = "  "
    ) -> None:
        """Say what was not imported (``heading``) and why; ``entry`` joins the failed list."""
        failed.append(entry)
        self.stderr.write(indent + heading + "".join(f"\n{indent}  {line}" for line in messages))

    def files(self, sources: list[str]) -> list[Path]:
        files: list[Path] = []
        for source in sources:
            path = Path(source)
            if path.is_dir():
                files.extend(
                    sorted(
                        child
                        for child in path.iterdir()
                        if child.is_file() and child.suffix.lower() in SOURCE_SUFFIXES
                    )
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(
                    _("“%(path)s” is not a file or folder. The command reads local files only.")
                    % {"path": source}
                )
        return files

    def write_result(self, result: ImportResult, verbosity: int) -> None:
        article = result.article
        where = ""
        if result.page is not None:
            where = f" ({result.page.url_path}, id {result.page.pk})"
        self.stdout.write(
            f"  {action_label(result.action)}: “{article.title}” [{article.language or '?'}]{where}"
        )
        if verbosity < 1:
            return
        self.stdout.write("  " + _("source id: %(id)s") % {"id": result.source_id})
        if article.kicker:
            self.stdout.write("  " + _("kicker: %(kicker)s") % {"kicker": article.kicker})
        lead = article.lead[:100] + ("…" if len(article.lead) > 100 else "")
        self.stdout.write("  " + _("lead: %(lead)s") % {"lead": lead})
        self.stdout.write("  " + _("outline:"))
        for position, item in enumerate(article.outline, start=1):
            self.stdout.write(f"    {position:>2}. {item}")
        self.write_report(article.report.lines())

    def write_report(self, lines: list[str]) -> None:
        if lines:
            self.stdout.write("  " + _("report:"))
            for line in lines:
                self.stdout.write(f"    {line}")

    def summary(self, counts: dict[str, int], total: int) -> str:
        parts = ", ".join(
            f"{action_label(action)}: {count}" for action, count in sorted(counts.items())
        )
        return (
            ngettext("%(total)d file read", "%(total)d files read", total) % {"total": total}
            + (f" ({parts})" if parts else "")
            + "."
        )
