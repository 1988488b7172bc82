"""The blocks' Python markup is their templates' markup (blocks/default_markup.py).

Every page of the demo newsroom and of ``tests/pages.py`` (every block in
every state, a right-to-left story, the XSS corpus's stories elsewhere) is
served twice in one transaction: once as a site without overrides gets it
(the Python markup), once with the package's templates copied into a
project's template directory, which makes every block render its template
through Django. The two pages must be the same, up to how much whitespace
separates two pieces of markup (HTML collapses it; whether there is any is
compared).
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Page

import wagtail_newsblocks
from news.models import NewsIndexPage
from tests.pages import LANGUAGES, add_extra_stories, site_urls
from wagtail_newsblocks.blocks import NewsStoryBlock, PullQuoteBlock
from wagtail_newsblocks.blocks.default_markup import is_package_template

PACKAGE_TEMPLATES = Path(wagtail_newsblocks.__file__).parent / "templates"
# Per-request values that differ between two GETs of the same page.
_NONCE_RE = re.compile(r'nonce(=|-)"?[^" ;>]+')
_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _comparable(html: str) -> str:
    html = _CSRF_RE.sub('name="csrfmiddlewaretoken"', _NONCE_RE.sub("nonce", html))
    return " ".join(html.split()).replace("> <", ">\n<")


@pytest.fixture
def templates_copied_into_project(tmp_path):
    """TEMPLATES with the package's block templates copied into a project directory."""
    copy = tmp_path / "project_templates"
    blocks = Path("wagtail_newsblocks", "blocks")
    shutil.copytree(PACKAGE_TEMPLATES / blocks, copy / blocks)
    # After the project's own directories, as a project's copy would be.
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], copy]}
    return [engine, *settings.TEMPLATES[1:]]


def test_templates_are_the_packages_until_a_project_overrides_them(templates_copied_into_project):
    names = [
        block.meta.template
        for block in NewsStoryBlock().child_blocks.values()
        if hasattr(block, "default_markup")
    ]
    assert names, "no block renders its template's markup in Python"
    assert all(is_package_template(name) for name in names)
    with override_settings(TEMPLATES=templates_copied_into_project):
        assert not any(is_package_template(name) for name in names)


def test_an_overridden_template_is_rendered(db, tmp_path):
    (tmp_path / "wagtail_newsblocks" / "blocks").mkdir(parents=True)
    (tmp_path / "wagtail_newsblocks" / "blocks" / "pull_quote.html").write_text(
        "<q>{{ value.text }}</q> {{ quote.inner }}"
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    block = PullQuoteBlock()
    value = block.to_python({"quote": "Ja, sagte sie", "attribution": "Kim"})
    with override_settings(TEMPLATES=[engine]):
        assert block.render(value, {}) == "<q>Ja, sagte sie</q> Ja, sagte sie"
    assert block.render(value, {}).strip().startswith("<figure")


@pytest.mark.django_db(transaction=False)
def test_every_page_is_the_same_with_the_templates_rendered_by_django(
    templates_copied_into_project,
):
    different = {}
    with (
        override_settings(LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES),
        transaction.atomic(),
    ):
        call_command("load_demo_content", stdout=io.StringIO())
        index = NewsIndexPage.objects.get(slug="newsroom")
        add_extra_stories(index)
        urls = site_urls(index)
        assert Page.objects.live().count() > 5
        client = Client()
        for name, url in urls.items():
            python = client.get(url)
            with override_settings(TEMPLATES=templates_copied_into_project):
                django = client.get(url)
            assert python.status_code == django.status_code == 200, name
            ours, theirs = (_comparable(r.content.decode()) for r in (python, django))
            if ours != theirs:
                different[name] = "\n".join(
                    difflib.unified_diff(
                        theirs.splitlines(), ours.splitlines(), "template", "python", n=1
                    )
                )
        transaction.set_rollback(True)
    assert not different, "\n\n".join(f"{name}:\n{diff}" for name, diff in different.items())
