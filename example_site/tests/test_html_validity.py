"""Every page the demo newsroom serves is valid HTML, by the Nu Html Checker (vnu.jar).

One Java run checks all pages: starting the checker costs seconds, checking
a page milliseconds.
"""

import json
import subprocess

import pytest
from browser.conftest import unavailable, vnu_jar

# The pages are rendered once per session (``rendered_site``); the mark makes
# pytest-django create the test database for it.
pytestmark = pytest.mark.django_db


# Checked with the pages, to prove that the checker ran and reports by page.
SELF_TEST = "<!DOCTYPE html><html lang=en><title>x</title><p><time datetime=soon>x</time>"


def check_with_vnu(documents: dict[str, str], folder) -> list[tuple[str, str]]:
    """Run vnu.jar once over ``{name: html}``: its errors as ``(name, "line:column: message")``."""
    jar = vnu_jar()
    if jar is None:
        unavailable("vnu.jar or Java is missing: run `make test-tools` (npm ci; a Java runtime)")
    names = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--errors-only",
            "--stdout",
            "--exit-zero-always",
            *(str(folder / file_name) for file_name in names),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        name = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        extract = " ".join((message.get("extract") or "").split())
        errors.append((name, f"{where}: {message['message']} [{extract}]"))
    return errors


def test_every_page_is_valid_html(rendered_site, tmp_path):
    errors = check_with_vnu({**rendered_site, "self-test": SELF_TEST}, tmp_path)
    self_test = [message for name, message in errors if name == "self-test"]
    assert len(self_test) == 1 and "datetime" in self_test[0], errors
    found = [f"{name}: {message}" for name, message in errors if name != "self-test"]
    assert not found, "The Nu Html Checker found errors:\n" + "\n".join(found)


def test_structured_data_with_hostile_text_is_valid_html(make_story, client, tmp_path):
    """Text that would end a script element stays JSON inside ``application/ld+json``."""
    from tests.factories import pull_quote_value

    hostile = "</script><script>alert(1)</script> <!-- \u2028 &amp;"
    story = make_story(
        [
            ("paragraph", "<p>Nothing to see.</p>"),
            ("pull_quote", pull_quote_value(quote=f"Quote {hostile}", attribution=hostile)),
        ],
        title=f"Headline {hostile}",
        lead=hostile,
    )
    html = client.get(story.url).content.decode()
    assert html.count('<script type="application/ld+json">') == 1
    errors = check_with_vnu({"hostile structured data": html}, tmp_path)
    assert not errors, errors
