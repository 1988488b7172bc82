"""The example site's settings take their production shape from the environment (docs/deployment.md)."""

import runpy
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache

SETTINGS_FILE = (
    Path(__file__).resolve().parents[2] / "example_site" / "example_site" / "settings.py"
)


def load_settings(monkeypatch, **environ):
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS", "NEWSBLOCKS_DEMO_DB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_without_environment_the_demo_runs_on_sqlite_with_a_per_process_cache(monkeypatch):
    settings = load_settings(monkeypatch)
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert str(database["NAME"]).endswith("db.sqlite3")
    assert "CACHES" not in settings
    assert "django.contrib.postgres" not in settings["INSTALLED_APPS"]


def test_database_url_moves_the_site_to_postgresql(monkeypatch):
    settings = load_settings(
        monkeypatch, DATABASE_URL="postgres://newsroom:secret@db.internal:5433/newsroom"
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "newsroom",
        "newsroom",
        "secret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["CONN_HEALTH_CHECKS"] is True
    # Wagtail's search backend on PostgreSQL needs it (checked by Django 6).
    assert "django.contrib.postgres" in settings["INSTALLED_APPS"]


def test_redis_url_gives_every_app_process_one_shared_cache(monkeypatch):
    settings = load_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/2")
    cache = settings["CACHES"]["default"]
    # Django's RedisCache, behind the package's wrapper that survives an outage.
    assert cache["BACKEND"] == "wagtail_newsblocks.caches.TolerantCache"
    assert cache["OPTIONS"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    # The backend and its client (the `redis` extra) are installed; no server is contacted yet.
    options = {k: v for k, v in cache["OPTIONS"].items() if k != "BACKEND"}
    backend = RedisCache(cache["LOCATION"], {"KEY_PREFIX": cache["KEY_PREFIX"], "OPTIONS": options})
    assert backend._cache._client.__module__.startswith("redis")


@pytest.mark.parametrize("hosts", ["news.example.org", "news.example.org,www.news.example.org"])
def test_allowed_hosts_come_from_the_environment(monkeypatch, hosts):
    settings = load_settings(monkeypatch, DJANGO_ALLOWED_HOSTS=hosts)
    assert settings["ALLOWED_HOSTS"] == hosts.split(",")


def test_an_empty_database_url_counts_as_unset(monkeypatch):
    settings = load_settings(monkeypatch, DATABASE_URL="")
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
