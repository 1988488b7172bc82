# The two commands every newcomer needs: `make demo` and `make test`.
# Python packages go into .venv in the checkout, each target installing only
# the extras it needs (pyproject.toml): `make demo` the package and what the
# example site runs on, `make test` the test tools, `make lint`/`docs` the dev
# and docs tools. Outside the checkout, only `make test` (and the targets that
# run the browser tests) may install system packages, through
# scripts/ensure-test-tools.sh: it says what it installs first, and
# NEWSBLOCKS_NO_SYSTEM_PACKAGES=1 tells it not to.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py
# One stamp per set of extras: pip runs again when pyproject.toml changes.
STAMP := $(VENV)/.newsblocks-installed

.PHONY: help install demo test test-tools test-postgres test-all test-wheel check bench bench-cards bench-import lint docs docs-serve messages screenshots clean bench-load

help:
	@echo "make demo      set up and serve the example newsroom on http://127.0.0.1:$(PORT)/"
	@echo "make test      set up and run the whole test suite (SQLite; may apt-get chromium, gettext, Java, npm: NEWSBLOCKS_NO_SYSTEM_PACKAGES=1 to skip)"
	@echo "make test-postgres  the suite on PostgreSQL (DATABASE_URL, or a throwaway local server)"
	@echo "make test-all  the matrix: lowest and highest Python/Django/Wagtail x SQLite/PostgreSQL, the built wheel, lint, docs (nox)"
	@echo "make test-wheel  build sdist and wheel, check them, test the installed wheel"
	@echo "make check     Django's checks and makemigrations --check, package and example site"
	@echo "make docs      build the documentation site into site/ (warnings are errors)"
	@echo "make bench     benchmarks: newsblocks against Wagtail core blocks"
	@echo "make lint      ruff (lint and format check) and djlint (templates)"
	@echo "make messages  update and compile the package's translation catalogues"
	@echo "make bench-import  the importer: throughput, against trafilatura on the corpus (CORPUS=...), quality"
	@echo "make bench-cards   quote cards: drawing one, serving a stored one"
	@echo "make screenshots  regenerate docs/img/*.png from the browser tests"
	@echo "make bench-load   load and faults: gunicorn on throwaway PostgreSQL and Redis, wrk; kills a worker, stops Redis and PostgreSQL"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)

$(STAMP)-%: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$*]"
	@touch $@

.PRECIOUS: $(STAMP)-%

# Everything a contributor uses: tests, docs, lint, nox, build.
install: $(STAMP)-dev

demo: $(STAMP)-demo
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --port $(PORT)
	$(MANAGE) ensure_demo_editor
	@echo "Serving the demo newsroom on http://127.0.0.1:$(PORT)/ (admin: /admin/, login editor / newsroom)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test-tools:
	@bash scripts/ensure-test-tools.sh

# Two suites, one settings module each: the package's (tests/, against
# tests/testapp) and the example site's (example_site/tests, its pytest.ini).
# Both run; the target fails if either fails.
test: $(STAMP)-test test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS); a=$$?; \
	$(BIN)/python -m pytest example_site/tests $(PYTEST_ARGS); b=$$?; \
	test $$a = 0 -a $$b = 0

test-postgres: $(STAMP)-test $(STAMP)-postgres test-tools
	$(BIN)/python scripts/with_postgres.py -- sh -c '$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS); a=$$?; $(BIN)/python -m pytest example_site/tests -m "not browser" $(PYTEST_ARGS); b=$$?; test $$a = 0 -a $$b = 0'

check: $(STAMP)-test
	$(BIN)/python scripts/django_checks.py

# nox makes a venv per session under .nox/ (Python 3.11 and 3.13 from PATH or pyenv).
test-all: install test-tools
	$(BIN)/nox

test-wheel: install test-tools
	$(BIN)/nox -s wheel

bench: $(STAMP)-test
	$(BIN)/python benchmarks/story_blocks.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint wagtail_newsblocks/templates example_site

docs: $(STAMP)-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

docs-serve: $(STAMP)-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict

messages: $(STAMP)-demo
	cd wagtail_newsblocks && ../$(BIN)/django-admin makemessages --locale de --locale en --no-obsolete --no-location --add-location=never 2>/dev/null || (cd wagtail_newsblocks && ../$(BIN)/django-admin makemessages --locale de --locale en --no-obsolete --no-location)
	cd wagtail_newsblocks && ../$(BIN)/django-admin compilemessages

# The importer against trafilatura alone on the development corpus (CORPUS,
# default ../shared/corpus): pages/s, peak memory, WXR streaming, quality.
CORPUS ?= ../shared/corpus
bench-import: $(STAMP)-test
	$(BIN)/python benchmarks/import_articles.py
	$(BIN)/python benchmarks/import_speed.py $(CORPUS)
	$(BIN)/python benchmarks/import_quality.py $(CORPUS)

bench-cards: $(STAMP)-test
	$(BIN)/python benchmarks/quote_cards.py

# The browser tests marked `screenshots` write the admin and story images that
# README.md and docs/ show; without NEWSBLOCKS_SCREENSHOTS they only test.
screenshots: $(STAMP)-test test-tools
	NEWSBLOCKS_SCREENSHOTS=1 $(BIN)/python -m pytest example_site/tests/browser -m screenshots -q

clean:
	rm -rf $(VENV) .nox build dist site *.egg-info example_site/db.sqlite3 example_site/db.sqlite3-wal example_site/db.sqlite3-shm example_site/media

# Not part of `make test`: minutes of load on 127.0.0.1, with faults injected
# (docs/deployment.md shows its figures). Needs redis-server, wrk and
# PostgreSQL's server from Debian; the script says which are missing.
bench-load: $(STAMP)-load
	$(BIN)/python scripts/bench_load.py $(BENCH_LOAD_ARGS)
