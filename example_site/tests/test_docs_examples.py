"""Every ```python example in docs/ runs (docs/development.md, "Documentation").

Each fenced ``python`` block of every ``docs/**/*.md`` page (new pages are
picked up by themselves) is one test, named ``page.md:line``:

- a settings fragment (only imports and UPPERCASE assignments) is executed
  into a namespace, and every name must be a Django or Wagtail setting this
  site knows, every app in ``INSTALLED_APPS`` importable, every backend path
  importable, and ``WAGTAIL_NEWSBLOCKS`` must hold only known keys;
- anything else runs with Django set up on ``example_site.test_settings``, the example
  site's demo newsroom in the database (``news`` models, the ``newsroom``
  index, two stories). Model classes an example defines join the ``news`` app
  for the length of the example (the registry is restored after it) and must
  pass Django's checks.

``<!-- docs-test: skip -->`` on the line before a fence skips it; the count of
skipped examples is reported at the end of the run, so skips stay visible.
Fences marked ``<!-- quickstart: … -->`` (docs/quickstart.md) belong to a new
``wagtail start`` project, not to the demo: test_quickstart.py runs them there.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import io
import re
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.db import models

DOCS = Path(__file__).resolve().parents[2] / "docs"
SKIP_MARK = "<!-- docs-test: skip -->"
QUICKSTART_MARK = "<!-- quickstart:"
# `<!-- docs-test: requires wagtail.api.v3 -->`: runs where that module exists
# (an example for the newest Wagtail only), is skipped with that reason elsewhere.
REQUIRES = re.compile(r"^<!-- docs-test: requires ([\w.]+) -->$")
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    code: str
    skipped: bool
    requires: str = ""
    # Run by test_quickstart.py in a project of its own.
    elsewhere: bool = False

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def collect_examples(docs: Path = DOCS) -> list[Example]:
    examples = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            before = text[: match.start()].rstrip().rsplit("\n", 1)[-1].strip()
            examples.append(
                Example(
                    page=path.relative_to(docs).as_posix(),
                    line=text.count("\n", 0, match.start()) + 1,
                    code=textwrap.dedent(match.group("code")),
                    skipped=before == SKIP_MARK,
                    requires=REQUIRES.match(before).group(1) if REQUIRES.match(before) else "",
                    elsewhere=before.startswith(QUICKSTART_MARK),
                )
            )
    return examples


EXAMPLES = collect_examples()
SKIPPED = [example.id for example in EXAMPLES if example.skipped]


def is_settings_fragment(tree: ast.Module) -> bool:
    assigned = False
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Assign) and all(
            isinstance(target, ast.Name) and target.id.isupper() for target in node.targets
        ):
            assigned = True
            continue
        return False
    return assigned


def check_settings(namespace: dict) -> None:
    from wagtail_newsblocks.conf import DEFAULTS
    from wagtail_newsblocks.importer.rules import DEFAULT_RULES

    names = {name for name in namespace if name.isupper()}
    for name in names:
        known = hasattr(global_settings, name) or hasattr(django_settings, name)
        assert known or name.startswith("WAGTAIL"), f"{name} is not a setting this site knows"
    for app in namespace.get("INSTALLED_APPS", []):
        assert importlib.util.find_spec(app) is not None, f"INSTALLED_APPS: {app} is not importable"
    for alias in ("CACHES", "DATABASES"):
        for config in namespace.get(alias, {}).values():
            dotted = config.get("BACKEND") or config.get("ENGINE")
            module = importlib.import_module(
                dotted if alias == "DATABASES" else dotted.rsplit(".", 1)[0]
            )
            assert module, dotted
    newsblocks = namespace.get("WAGTAIL_NEWSBLOCKS", {})
    assert set(newsblocks) <= set(DEFAULTS), (
        f"unknown WAGTAIL_NEWSBLOCKS keys: {set(newsblocks) - set(DEFAULTS)}"
    )
    rules = newsblocks.get("IMPORT_RULES", {})
    assert set(rules) <= set(DEFAULT_RULES), (
        f"unknown IMPORT_RULES keys: {set(rules) - set(DEFAULT_RULES)}"
    )


def run_code(example: Example, tree: ast.Module) -> None:
    from django.apps import apps
    from wagtail.models import pages as wagtail_pages

    page_models = list(wagtail_pages.PAGE_MODEL_CLASSES)
    news_models = dict(apps.all_models["news"])
    # The examples' models join the `news` app for the length of the example
    # (a docs `NewsStoryPage` stands in for the example site's meanwhile).
    namespace = {"__name__": "news.docs_examples"}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            apps.all_models["news"].pop(node.name.lower(), None)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Model 'news.", RuntimeWarning)
            exec(compile(tree, f"docs/{example.id}", "exec"), namespace)
        defined = [
            value
            for value in namespace.values()
            if isinstance(value, type)
            and issubclass(value, models.Model)
            and value.__module__ == "news.docs_examples"
        ]
        for model in defined:
            errors = [error for error in model.check() if error.is_serious()]
            assert not errors, f"{model.__name__}: {errors}"
    finally:
        apps.all_models["news"].clear()
        apps.all_models["news"].update(news_models)
        apps.clear_cache()
        wagtail_pages.PAGE_MODEL_CLASSES[:] = page_models


@pytest.fixture(scope="module")
def demo_newsroom(django_db_setup, django_db_blocker):
    """The demo newsroom, loaded once for all examples and rolled back after them.

    Each example runs in a transaction of its own inside this one (the ``db``
    fixture), so what one example writes is gone before the next.
    """
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    # Cached renditions and portraits would point at rows that no longer exist.
    for cache in caches.all():
        cache.clear()


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if not (e.skipped or e.elsewhere)], ids=lambda e: e.id
)
def test_docs_example_runs(example, demo_newsroom, db):
    if example.requires:
        try:
            available = importlib.util.find_spec(example.requires) is not None
        except ModuleNotFoundError:
            available = False
        if not available:
            pytest.skip(f"needs {example.requires}, which this Wagtail/Django does not have")
    tree = ast.parse(example.code, filename=f"docs/{example.id}")
    if is_settings_fragment(tree):
        namespace: dict = {}
        exec(compile(tree, f"docs/{example.id}", "exec"), namespace)
        check_settings(namespace)
    else:
        run_code(example, tree)


def test_the_docs_have_examples_and_few_skips():
    assert len(EXAMPLES) >= 10, [example.id for example in EXAMPLES]
    assert len(SKIPPED) <= max(1, len(EXAMPLES) // 10), f"too many skipped docs examples: {SKIPPED}"


def test_the_collector_reads_fences_marks_and_indented_examples(tmp_path):
    (tmp_path / "page.md").write_text(
        "Text.\n\n```python\nA = 1\n```\n\n"
        f"{SKIP_MARK}\n```python\nimport nothing_here\n```\n\n"
        "1. In a list:\n\n   ```python\n   B = 2\n   ```\n\n```html\n<p>not python</p>\n```\n",
        encoding="utf-8",
    )
    found = collect_examples(tmp_path)
    assert [(e.line, e.code, e.skipped) for e in found] == [
        (3, "A = 1\n", False),
        (8, "import nothing_here\n", True),
        (14, "B = 2\n", False),
    ]


def test_settings_fragments_are_checked():
    fragment = ast.parse('INSTALLED_APPS = ["wagtail_newsblocks"]\nWAGTAIL_NEWSBLOCKS = {}\n')
    assert is_settings_fragment(fragment)
    assert not is_settings_fragment(ast.parse("from x import y\nclass A: pass\n"))
    with pytest.raises(AssertionError, match="unknown WAGTAIL_NEWSBLOCKS keys"):
        check_settings({"WAGTAIL_NEWSBLOCKS": {"PULL_QUOTE_MAXLENGTH": 3}})
    with pytest.raises(AssertionError, match="not importable"):
        check_settings({"INSTALLED_APPS": ["wagtail_newsblock"]})
    with pytest.raises(AssertionError, match="not a setting"):
        check_settings({"INSTALED_APPS": []})
