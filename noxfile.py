"""The supported-versions matrix, the built wheel, lint and docs: ``nox`` (``make test-all``).

``nox -l`` lists the sessions. The matrix is the lowest and the highest
supported combination, each on SQLite and on PostgreSQL:

    tests-lowest-sqlite     Python 3.11, Django 5.2, Wagtail 7.4 LTS
    tests-lowest-postgres
    tests-highest-sqlite    Python 3.13, Django 6.0, Wagtail 8.x
    tests-highest-postgres

Every test session runs Django's checks and ``makemigrations --check`` for the
package and the example site (scripts/django_checks.py), then the suite
without the browser tests (``make test`` runs those, in the dev venv). A
PostgreSQL session uses ``DATABASE_URL`` when it is set and otherwise starts a
throwaway server (scripts/with_postgres.py).

``wheel`` builds the sdist and wheel, checks what they hold
(scripts/check_dist.py), installs the wheel (not editable) into a fresh venv
and runs the suite from a copy of tests/ and example_site/ outside the
checkout, so that it tests the installed package.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import tempfile
from contextlib import nullcontext
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "tests-lowest-sqlite",
    "tests-lowest-postgres",
    "tests-highest-sqlite",
    "tests-highest-postgres",
    "wheel",
    "lint",
    "docs",
]
# Interpreters come from the machine (pyenv), never downloaded.
if hasattr(nox.options, "download_python"):
    nox.options.download_python = "never"

# name: (Python, pins). "highest" is the newest Django that Wagtail 8 supports.
MATRIX = {
    "lowest": ("3.11", ["django>=5.2,<5.3", "wagtail>=7.4,<7.5"]),
    "highest": ("3.13", ["django>=6.0,<6.1", "wagtail>=8.0,<9"]),
}
DATABASES = ("sqlite", "postgres")
# Browser tests run in `make test` (dev venv): one Chromium run per CI is enough.
PYTEST_ARGS = ["-m", "not browser", "-p", "no:cacheprovider"]
# One pytest run per settings module: the package's tests (pyproject.toml:
# tests/ on tests.settings), the example site's (example_site/tests/pytest.ini).
SUITES = ([], ["example_site/tests"])


def interpreter(version: str) -> str:
    """``python3.13`` from PATH, or from pyenv's versions when its shim is not active."""
    found = shutil.which(f"python{version}")
    if found and "/shims/" not in found:
        return found
    candidates = sorted(
        glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}*/bin/python{version}"))
    )
    return candidates[-1] if candidates else version


def _with_postgres():
    spec = importlib.util.spec_from_file_location(
        "with_postgres", ROOT / "scripts" / "with_postgres.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database(kind: str):
    """A context manager giving the environment for ``kind``: {} for SQLite, a DATABASE_URL for PostgreSQL."""
    if kind == "sqlite":
        return nullcontext({"DATABASE_URL": ""})
    if os.environ.get("DATABASE_URL"):
        return nullcontext({"DATABASE_URL": os.environ["DATABASE_URL"]})

    class _Server:
        def __enter__(self):
            self.server = _with_postgres().ThrowawayPostgres()
            return {"DATABASE_URL": self.server.__enter__()}

        def __exit__(self, *exc_info):
            self.server.__exit__(*exc_info)

    return _Server()


def _tests(session: nox.Session, pins: list[str], db: str) -> None:
    session.install("-e", ".[test,postgres]", *pins)
    session.run("python", "-m", "pip", "freeze", "--quiet", silent=False)
    with database(db) as env:
        session.run("python", "scripts/django_checks.py", env=env)
        # The package's suite (tests/, against tests/testapp), then the example site's.
        for suite in SUITES:
            session.run("python", "-m", "pytest", *suite, *PYTEST_ARGS, *session.posargs, env=env)


def _register(name: str, python: str, pins: list[str], db: str) -> None:
    def session_func(session: nox.Session) -> None:
        _tests(session, pins, db)

    session_func.__doc__ = f"Python {python}, {' '.join(pins)}, on {db}"
    nox.session(name=f"tests-{name}-{db}", python=interpreter(python))(session_func)


for _name, (_python, _pins) in MATRIX.items():
    for _db in DATABASES:
        _register(_name, _python, _pins, _db)


@nox.session(python=interpreter(MATRIX["highest"][0]), reuse_venv=False)
def wheel(session: nox.Session) -> None:
    """Build sdist and wheel, check them, and run the suite against the installed wheel."""
    dist = Path(tempfile.mkdtemp(prefix="newsblocks-dist-"))
    work = Path(tempfile.mkdtemp(prefix="newsblocks-wheel-tests-"))
    try:
        session.install("build")
        session.run("python", "-m", "build", "--outdir", str(dist), ".")
        session.run("python", "scripts/check_dist.py", str(dist))
        (built,) = dist.glob("*.whl")
        session.install(f"{built}[test]", *MATRIX["highest"][1])
        # The suite, its settings and the example site, without the package's source.
        for folder in ("tests", "example_site", "docs", "scripts", "benchmarks"):
            shutil.copytree(
                ROOT / folder,
                work / folder,
                ignore=shutil.ignore_patterns("__pycache__", "db.sqlite3", "media"),
            )
        for file in ("pyproject.toml", "mkdocs.yml"):
            if (ROOT / file).exists():
                shutil.copy(ROOT / file, work / file)
        if (ROOT / "node_modules").exists():
            (work / "node_modules").symlink_to(ROOT / "node_modules")
        assert not (work / "wagtail_newsblocks").exists()
        with session.chdir(work):
            session.run(
                "python",
                "-c",
                "import sys, wagtail_newsblocks as p; print('testing', p.__file__);"
                " sys.exit(0 if 'site-packages' in p.__file__ else 'not the installed wheel')",
            )
            session.run("python", "scripts/django_checks.py")
            for suite in SUITES:
                session.run(
                    "python",
                    "-m",
                    "pytest",
                    *suite,
                    *PYTEST_ARGS,
                    *session.posargs,
                    env={"NEWSBLOCKS_EXPECT_INSTALLED": "1"},
                )
    finally:
        shutil.rmtree(dist, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """ruff (lint, format) and djlint on the templates, with the tools of the dev venv."""
    session.run("make", "lint", external=True)


@nox.session(python=False)
def docs(session: nox.Session) -> None:
    """The documentation site, built with warnings as errors."""
    session.run("make", "docs", external=True)
