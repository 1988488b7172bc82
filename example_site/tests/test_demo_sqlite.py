"""The demo's SQLite database takes concurrent requests (issue 17, part 10).

On a loaded machine, publishing in the admin answered ``OperationalError:
database is locked`` (a 500) while another admin request wrote. SQLite's
default deferred transactions take the write lock only at their first write;
a transaction that has read first (publishing does: the slug check) cannot
wait for that lock and fails at once. The demo therefore opens every
transaction with ``BEGIN IMMEDIATE`` (the lock first, waited for), has a busy
timeout to wait with, and uses the WAL journal so that readers never block
the writer (docs/deployment.md).

``example_site.test_settings`` replaces the demo's ``DATABASES`` with an in-memory
database, so these tests load the demo's settings module afresh, as the
demo runs it: no ``DATABASE_URL``, a database file.

Run as a script (``python example_site/tests/test_demo_sqlite.py publish old|demo FILE``),
this module is the child process of the reproduction below.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "example_site" / "example_site" / "settings.py"
# How long the other request holds its write transaction open.
HOLD_SECONDS = 1.0


def demo_settings(environ: dict[str, str]):
    """A fresh copy of the example site's settings module, read under ``environ``."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(environ)
        spec = importlib.util.spec_from_file_location("_demo_settings", SETTINGS_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        os.environ.clear()
        os.environ.update(saved)


def demo_environ(database: Path, **extra: str) -> dict[str, str]:
    """The environment ``make demo`` runs in: no DATABASE_URL, the demo's database file."""
    environ = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    return {**environ, "NEWSBLOCKS_DEMO_DB": str(database), **extra}


def open_demo_connection(database_settings: dict):
    """A Django connection (outside ``django.db.connections``) made from a ``DATABASES`` entry."""
    from django.db.utils import ConnectionHandler

    return ConnectionHandler({"default": database_settings})["default"]


class TestDemoDatabaseSettings:
    def test_sqlite_for_concurrent_requests(self, tmp_path, django_db_blocker):
        database = demo_settings(demo_environ(tmp_path / "demo.sqlite3")).DATABASES["default"]
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["NAME"] == str(tmp_path / "demo.sqlite3")
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert database["OPTIONS"]["timeout"] >= 5 * HOLD_SECONDS

        connection = open_demo_connection(database)
        with django_db_blocker.unblock():
            try:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode")
                    assert cursor.fetchone()[0] == "wal"
                    cursor.execute("PRAGMA busy_timeout")
                    assert cursor.fetchone()[0] >= 5_000 * HOLD_SECONDS
                assert connection.transaction_mode == "IMMEDIATE"
            finally:
                connection.close()
        # WAL is a property of the file: a second connection sees it too.
        with sqlite3.connect(tmp_path / "demo.sqlite3") as plain:
            assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def test_a_sqlite_database_url_gets_the_same_options(self, tmp_path):
        url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
        database = demo_settings({**demo_environ(tmp_path / "x"), "DATABASE_URL": url}).DATABASES[
            "default"
        ]
        assert database["NAME"] == str(tmp_path / "other.sqlite3")
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]

    def test_postgres_gets_no_sqlite_options(self, tmp_path):
        url = "postgres://newsroom:secret@db:5432/newsroom"
        database = demo_settings({**demo_environ(tmp_path / "x"), "DATABASE_URL": url}).DATABASES[
            "default"
        ]
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert "transaction_mode" not in database.get("OPTIONS", {})
        assert "init_command" not in database.get("OPTIONS", {})


# The reproduction: a child process runs the demo's settings on a database
# file that already holds the demo's schema, and publishes a story while
# another thread of it (another admin request) holds a write transaction.


def _schema_file(directory: Path) -> Path:
    """A database file with every migration applied, in SQLite's default (rollback) journal."""
    from django.db import connection

    path = directory / "schema.sqlite3"
    if connection.vendor == "sqlite":
        # The test database is migrated already: copy it rather than migrate again.
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _child("migrate", "old", path, timeout=600)
    return path


def _child(action: str, config: str, database: Path, timeout: float = 120) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, action, config, str(database)],
        cwd=ROOT / "example_site",
        env=demo_environ(database, DJANGO_SETTINGS_MODULE="example_site.settings"),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def schema_file(db, tmp_path_factory) -> Path:
    return _schema_file(tmp_path_factory.mktemp("demo-schema"))


class TestPublishingWhileAnotherRequestWrites:
    def _publish(self, schema_file, tmp_path, config: str) -> dict:
        database = tmp_path / f"{config}.sqlite3"
        shutil.copy(schema_file, database)
        return _child("publish", config, database)

    def test_the_old_settings_answered_database_is_locked(self, schema_file, tmp_path):
        # Guards the reproduction itself: without the demo's options it fails.
        outcome = self._publish(schema_file, tmp_path, "old")
        assert outcome["writer"] == "committed"
        assert outcome["publish"] == "OperationalError: database is locked"

    def test_the_demo_settings_publish(self, schema_file, tmp_path):
        outcome = self._publish(schema_file, tmp_path, "demo")
        assert outcome == {
            "writer": "committed",
            "publish": "published",
            "journal_mode": "wal",
            "live": True,
            # Publishing waited for the other write to commit rather than fail.
            "waited": True,
        }


def _run_child(action: str, config: str, database: str) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
    import django

    from example_site import settings as demo

    assert demo.DATABASES["default"]["NAME"] == database, demo.DATABASES
    if config == "old":
        # The demo's database as it was before issue 17: dj-database-url's
        # SQLite entry as it is, SQLite's defaults (deferred transactions,
        # rollback journal, Python's 5 s busy timeout).
        demo.DATABASES["default"].pop("OPTIONS", None)
    django.setup()

    from django.core.management import call_command
    from django.db import OperationalError, connection, transaction

    if action == "migrate":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
        call_command("migrate", verbosity=0, interactive=False)
        print(json.dumps({"migrated": True}))
        return

    from wagtail.models import Locale, Page, Site

    from news.models import NewsIndexPage, NewsStoryPage

    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=NewsIndexPage(title="Newsroom", slug="race-newsroom"))
    story = index.add_child(
        instance=NewsStoryPage(
            title="Eilmeldung",
            slug="eilmeldung",
            lead="Lead",
            locale=Locale.get_default(),
            body=[("subhead", {"text": "Update", "level": "h2", "anchor": ""})],
            live=False,
        )
    )
    outcome: dict = {}
    holding, released = threading.Event(), threading.Event()

    def other_request() -> None:
        # Another admin request (an editor saving a draft): it writes, and
        # its transaction stays open for a moment.
        try:
            with transaction.atomic():
                Page.objects.filter(pk=index.pk).update(draft_title="Newsroom (draft)")
                holding.set()
                time.sleep(HOLD_SECONDS)
                released.set()
            outcome["writer"] = "committed"
        except OperationalError as error:
            outcome["writer"] = f"OperationalError: {error}"
        finally:
            holding.set()
            connection.close()

    writer = threading.Thread(target=other_request)
    writer.start()
    holding.wait()
    try:
        story.save_revision().publish()
        outcome["publish"] = "published"
    except OperationalError as error:
        outcome["publish"] = f"OperationalError: {error}"
    # Whether publishing went ahead only after the other request committed.
    waited = released.is_set()
    writer.join()
    if outcome["publish"] == "published":
        outcome["waited"] = waited
        outcome["live"] = NewsStoryPage.objects.get(pk=story.pk).live
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            outcome["journal_mode"] = cursor.fetchone()[0]
    print(json.dumps(outcome))


if __name__ == "__main__":
    _run_child(*sys.argv[1:4])
