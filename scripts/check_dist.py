"""Check what the built distributions hold: ``python scripts/check_dist.py dist/``.

The wheel must carry every template, static file, compiled translation and
migration of the package as it is in the checkout, ``py.typed`` and the
licence, and nothing of the tests, the example site, the docs or the
benchmarks; the sdist must carry the package's data files and the licence.
Exits non-zero, naming what is missing or stray.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_newsblocks"

# What a site needs at run time besides the Python modules.
DATA_GLOBS = (
    "templates/**/*.html",
    "static/**/*.css",
    "static/**/*.js",
    "locale/*/LC_MESSAGES/django.mo",
    "locale/*/LC_MESSAGES/django.po",
    "migrations/*.py",
    # The quote cards' fonts and their licence, where the package has them.
    "fonts/*.ttf",
    "fonts/*.txt",
)
STRAY_TOP_LEVEL = ("tests/", "example_site/", "news/", "docs/", "benchmarks/", "scripts/")


def expected_files() -> set[str]:
    package = ROOT / PACKAGE
    found = {
        f"{PACKAGE}/{path.relative_to(package).as_posix()}"
        for pattern in DATA_GLOBS
        for path in package.glob(pattern)
        if "__pycache__" not in path.parts
    }
    kinds = {
        "templates": ".html",
        "static": ".css",
        "locale": ".mo",
        "migrations": "0001_",
    }
    for folder, marker in kinds.items():
        if not any(name.startswith(f"{PACKAGE}/{folder}/") and marker in name for name in found):
            sys.exit(
                f"check_dist: the checkout has no {folder} files ({marker}); is this the repo?"
            )
    return found | {f"{PACKAGE}/py.typed", f"{PACKAGE}/__init__.py"}


def check_wheel(wheel: Path, expected: set[str]) -> list[str]:
    names = set(zipfile.ZipFile(wheel).namelist())
    problems = [f"missing from the wheel: {name}" for name in sorted(expected - names)]
    problems += [
        f"stray in the wheel: {name}"
        for name in sorted(names)
        if name.startswith(STRAY_TOP_LEVEL) or "/tests/" in name
    ]
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in names):
        problems.append("missing from the wheel: the LICENSE file")
    return problems


def check_sdist(sdist: Path, expected: set[str]) -> list[str]:
    with tarfile.open(sdist) as archive:
        # "wagtail_newsblocks-1.0/wagtail_newsblocks/…" → "wagtail_newsblocks/…"
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    problems = [f"missing from the sdist: {name}" for name in sorted(expected - names)]
    if "LICENSE" not in names:
        problems.append("missing from the sdist: LICENSE")
    return problems


def main(argv: list[str]) -> int:
    dist = Path(argv[0] if argv else ROOT / "dist")
    wheels = sorted(dist.glob("wagtail_newsblocks-*.whl"))
    sdists = sorted(dist.glob("wagtail_newsblocks-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"check_dist: expected one wheel and one sdist in {dist}, found {wheels + sdists}")
        return 1
    expected = expected_files()
    problems = check_wheel(wheels[0], expected) + check_sdist(sdists[0], expected)
    for problem in problems:
        print(f"check_dist: {problem}")
    if problems:
        return 1
    print(
        f"check_dist: {wheels[0].name} and {sdists[0].name} hold all {len(expected)} "
        "package data files and modules checked (templates, static, .mo/.po, migrations, "
        "py.typed), and no tests or example site"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
