# The two commands every newcomer needs: `make demo` and `make test`.
# Everything is installed into .venv; nothing outside the checkout is touched.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py
INSTALL_STAMP := $(VENV)/.newsblocks-installed

.PHONY: help install demo test test-tools bench bench-cards bench-import lint messages screenshots clean

help:
	@echo "make demo      set up and serve the example newsroom on http://127.0.0.1:$(PORT)/"
	@echo "make test      set up and run the whole test suite"
	@echo "make bench     benchmarks: newsblocks against Wagtail core blocks"
	@echo "make lint      ruff (lint and format check)"
	@echo "make messages  update and compile the package's translation catalogues"
	@echo "make bench-import  measure the importer's throughput (articles per second)"
	@echo "make bench-cards   quote cards: drawing one, serving a stored one"
	@echo "make screenshots  regenerate docs/img/*.png from the browser tests"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)

$(INSTALL_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $@

install: $(INSTALL_STAMP)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_demo_editor
	@echo "Serving the demo newsroom on http://127.0.0.1:$(PORT)/ (admin: /admin/, login editor / newsroom)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test-tools:
	@bash scripts/ensure-test-tools.sh

test: install test-tools
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/story_blocks.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	cd wagtail_newsblocks && ../$(BIN)/django-admin makemessages --locale de --locale en --no-obsolete --no-location --add-location=never 2>/dev/null || (cd wagtail_newsblocks && ../$(BIN)/django-admin makemessages --locale de --locale en --no-obsolete --no-location)
	cd wagtail_newsblocks && ../$(BIN)/django-admin compilemessages

bench-import: install
	$(BIN)/python benchmarks/import_articles.py

bench-cards: install
	$(BIN)/python benchmarks/quote_cards.py

# The browser tests marked `screenshots` write the admin and story images that
# README.md and docs/ show; without NEWSBLOCKS_SCREENSHOTS they only test.
screenshots: install test-tools
	NEWSBLOCKS_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -m screenshots -q

clean:
	rm -rf $(VENV) build dist *.egg-info example_site/db.sqlite3 example_site/media
