#!/usr/bin/env python3
"""Regenerate ``wagtail_newsblocks/_cldr_quotes.py`` from Unicode CLDR data.

A developer tool: nothing runs it at install or test time, so the package
never needs network access or Node.js. Run it when a new CLDR release is out,
review the diff (quotation marks do change between releases) and commit the
generated module together with any test expectations it breaks.

The data comes from the npm package ``cldr-misc-full`` (the official JSON
distribution of CLDR, one ``main/<locale>/delimiters.json`` per locale, with
inheritance already resolved)::

    python scripts/update_cldr_quotes.py                  # latest, via `npm pack`
    python scripts/update_cldr_quotes.py --version 48.2.0
    python scripts/update_cldr_quotes.py --source cldr-misc-full-48.2.0.tgz
    python scripts/update_cldr_quotes.py --source path/to/unpacked/package

Only the standard library is used; ``npm`` is needed unless ``--source`` is
given.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "wagtail_newsblocks" / "_cldr_quotes.py"
DEFAULT_PACKAGE = "cldr-misc-full"

DELIMITER_KEYS = (
    "quotationStart",
    "quotationEnd",
    "alternateQuotationStart",
    "alternateQuotationEnd",
)

Quotes = tuple[str, str, str, str]

# Matches the fallback in wagtail_newsblocks.quotation_marks.marks_for; the
# generated table is only valid for a lookup that walks the same chain.
ENGLISH: Quotes = ("\u201c", "\u201d", "\u2018", "\u2019")

_DELIMITERS_PATH = re.compile(r"^(?:package/)?main/([^/]+)/delimiters\.json$")


def normalise_locale(locale: str) -> str:
    """CLDR ``zh-Hant-HK`` → ``zh-hant-hk``, the form the runtime looks up."""
    return locale.replace("_", "-").lower()


def fallback_chain(locale: str) -> list[str]:
    """``zh-hant-hk`` → ``[zh-hant-hk, zh-hant, zh]`` (truncation, as at runtime)."""
    subtags = locale.split("-")
    return ["-".join(subtags[:n]) for n in range(len(subtags), 0, -1)]


def resolve(table: Mapping[str, Quotes], locale: str) -> Quotes:
    for candidate in fallback_chain(locale):
        if candidate in table:
            return table[candidate]
    return ENGLISH


def reduce_table(full: Mapping[str, Quotes]) -> dict[str, Quotes]:
    """Drop regional/script variants that the runtime fallback reproduces.

    Every base language stays, so the module doubles as a readable list of
    what CLDR covers. A variant is dropped only when looking it up without its
    own entry (via truncation, which is all the runtime does) gives the same
    marks. Walking the shortest ids first means each decision is made against
    the already reduced parents, and the final check proves it.
    """
    reduced: dict[str, Quotes] = {}
    for locale in sorted(full, key=lambda loc: (loc.count("-"), loc)):
        value = full[locale]
        if "-" not in locale or resolve(reduced, locale) != value:
            reduced[locale] = value
    mismatches = [loc for loc in full if resolve(reduced, loc) != full[loc]]
    if mismatches:
        raise SystemExit(f"reduction changed lookups for: {mismatches}")
    return dict(sorted(reduced.items()))


class Source:
    """Files of an unpacked package directory or of an ``npm pack`` tarball."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def files(self) -> Iterator[tuple[str, bytes]]:
        if self.path.is_dir():
            for file in sorted(self.path.rglob("*")):
                if file.is_file():
                    yield file.relative_to(self.path).as_posix(), file.read_bytes()
            return
        with tarfile.open(self.path, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                extracted = tar.extractfile(member)
                if extracted is not None:
                    yield member.name, extracted.read()


def read_package(source: Source) -> tuple[dict, str, dict[str, Quotes]]:
    """Return (package.json, LICENSE text, {normalised locale: quotes})."""
    metadata: dict | None = None
    licence = ""
    quotes: dict[str, Quotes] = {}
    for name, data in source.files():
        name = name.removeprefix("./")
        if name in ("package/package.json", "package.json"):
            metadata = json.loads(data)
        elif name in ("package/LICENSE", "LICENSE"):
            licence = data.decode("utf-8")
        elif match := _DELIMITERS_PATH.match(name):
            cldr_id = match.group(1)
            delimiters = json.loads(data)["main"][cldr_id]["delimiters"]
            value = tuple(delimiters[key] for key in DELIMITER_KEYS)
            if not all(isinstance(mark, str) and mark for mark in value):
                raise SystemExit(f"{cldr_id}: unexpected delimiters {delimiters!r}")
            locale = normalise_locale(cldr_id)
            if locale in quotes:
                raise SystemExit(f"{cldr_id}: collides with another id in lower case")
            quotes[locale] = value  # type: ignore[assignment]
    if metadata is None or not quotes:
        raise SystemExit(f"{source.path} does not look like a cldr-misc package")
    if not licence.strip():
        raise SystemExit(f"{source.path} has no LICENSE: refusing to drop the notice")
    return metadata, licence, quotes


def npm_pack(spec: str, destination: Path) -> Path:
    subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(destination)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(destination.glob("*.tgz"))
    if len(tarballs) != 1:
        raise SystemExit(f"npm pack {spec} left {tarballs!r}")
    return tarballs[0]


def _py_str(value: str) -> str:
    # json.dumps gives a double-quoted literal that is valid Python for these
    # strings, and ensure_ascii=False keeps the marks readable in the diff.
    return json.dumps(value, ensure_ascii=False)


def render(metadata: dict, licence: str, table: Mapping[str, Quotes], total: int) -> str:
    cldr_version = str(metadata.get("cldrVersion", "?"))
    package = f"{metadata['name']} {metadata['version']}"
    licence_lines = [f"# {line}".rstrip() for line in licence.strip().splitlines()]
    lines = [
        f"# Generated by scripts/update_cldr_quotes.py from Unicode CLDR {cldr_version}",
        f"# (npm package {package}). Do not edit: re-run the script instead.",
        "#",
        "# The quotation-mark data below is from the Unicode Common Locale Data",
        "# Repository and is distributed under the Unicode License v3",
        "# (SPDX-License-Identifier: Unicode-3.0), whose notice follows:",
        "#",
        *licence_lines,
        "",
        '"""Quotation marks per CLDR locale (generated; see the header comment).',
        "",
        "``QUOTES`` maps lowercase BCP-47 ids (``de``, ``de-ch``, ``zh-hant``) to",
        "``(open, close, alt_open, alt_close)``. Every base language is listed;",
        "a regional or script variant is listed only where it differs from what",
        "dropping its last subtag gives, so look-ups must fall back that way and",
        "end at English marks.",
        f"{total} CLDR locales are represented by {len(table)} entries.",
        '"""',
        "",
        "from typing import Final",
        "",
        f"CLDR_VERSION: Final = {_py_str(cldr_version)}",
        f"CLDR_PACKAGE: Final = {_py_str(package)}",
        f"CLDR_LOCALE_COUNT: Final = {total}",
        "",
        "QUOTES: Final[dict[str, tuple[str, str, str, str]]] = {",
    ]
    for locale, value in table.items():
        marks = ", ".join(_py_str(mark) for mark in value)
        lines.append(f"    {_py_str(locale)}: ({marks}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        help="an npm tarball or unpacked package directory (default: npm pack)",
    )
    parser.add_argument(
        "--package",
        default=DEFAULT_PACKAGE,
        help=f"npm package to pack (default: {DEFAULT_PACKAGE}; "
        "cldr-misc-modern has fewer locales)",
    )
    parser.add_argument("--version", default="latest", help="npm version or tag")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.source or npm_pack(f"{args.package}@{args.version}", Path(tmp))
        metadata, licence, full = read_package(Source(path))

    table = reduce_table(full)
    args.output.write_text(render(metadata, licence, table, len(full)), "utf-8")
    print(
        f"wrote {args.output}: CLDR {metadata.get('cldrVersion')} "
        f"({metadata['name']} {metadata['version']}), "
        f"{len(full)} locales in {len(table)} entries",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
