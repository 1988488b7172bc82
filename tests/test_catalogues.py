"""The package's German and English catalogues: complete, compiled and shipped.

``makemessages`` runs on a copy of the package, so that a string added to the
code or the templates without ``make messages`` fails here (and in CI) rather
than reaching users untranslated.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import polib
import pytest

import wagtail_newsblocks

ROOT = Path(__file__).resolve().parent.parent
# The package under test: the checkout, or the installed wheel in the wheel job.
PACKAGE = Path(wagtail_newsblocks.__file__).resolve().parent
# Every catalogue the package ships; a new language is checked once its folder exists.
LANGUAGES = tuple(sorted(path.name for path in (PACKAGE / "locale").iterdir() if path.is_dir()))
# The source strings are English: only the other catalogues need every msgstr.
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")


def catalogue(language: str, package: Path = PACKAGE) -> Path:
    return package / "locale" / language / "LC_MESSAGES" / "django.po"


def msgids(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> dict[str, polib.POFile]:
    """The catalogues as ``make messages`` would write them from the code as it is now."""
    if shutil.which("xgettext") is None:
        message = "xgettext is missing: run `make test-tools` (Debian package gettext)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path_factory.mktemp("catalogues") / "wagtail_newsblocks"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete"]
    for language in LANGUAGES:
        command += ["--locale", language]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {language: polib.pofile(str(catalogue(language, copy))) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_in_the_catalogue(regenerated, language):
    committed = msgids(polib.pofile(str(catalogue(language))))
    fresh = msgids(regenerated[language])
    missing = sorted(entry[1] for entry in fresh - committed)
    stale = sorted(entry[1] for entry in committed - fresh)
    assert not missing, f"run `make messages` and translate: {missing}"
    assert not stale, f"run `make messages`: strings no longer in the code: {stale}"


def test_shipped_languages():
    assert {"de", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translation_is_complete(language):
    po = polib.pofile(str(catalogue(language)))
    assert not [e.msgid for e in po.untranslated_entries()], f"untranslated {language} strings"
    for entry in po:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_fuzzy_entries(language):
    assert not [e.msgid for e in polib.pofile(str(catalogue(language))).fuzzy_entries()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches(language):
    """The committed .mo says what the .po says (``compilemessages`` was run)."""
    po = polib.pofile(str(catalogue(language)))
    mo = polib.mofile(str(catalogue(language).with_suffix(".mo")))
    translated = {
        (e.msgctxt, e.msgid): (e.msgstr or dict(e.msgstr_plural))
        for e in po.translated_entries()
        if not e.obsolete
    }
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or dict(e.msgstr_plural)) for e in mo if e.msgid}
    assert compiled == {
        key: ({int(k): v for k, v in value.items()} if isinstance(value, dict) else value)
        for key, value in translated.items()
    }


def test_catalogues_are_packaged():
    """The wheel's package data takes in every .po and .mo file."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["wagtail_newsblocks"]
    for language in LANGUAGES:
        for suffix in (".po", ".mo"):
            path = catalogue(language).with_suffix(suffix).relative_to(PACKAGE).as_posix()
            assert any(fnmatch.fnmatch(path, pattern) for pattern in patterns), path


def test_the_blocks_speak_german():
    from django.utils import translation

    from wagtail_newsblocks.blocks import NewsStoryBlock

    with translation.override("de"):
        block = NewsStoryBlock()
        assert str(block.child_blocks["table_of_contents"].label) == "Inhaltsverzeichnis"
