"""docs/quickstart.md, run as written in a brand-new ``wagtail start`` project (issue 20, item 10).

The steps are read from the page itself: every fence after a
``<!-- quickstart: … -->`` mark is one step, so the doc is what is tested.

- ``run``: a console block; ``wagtail start``, ``cd`` and ``python manage.py``
  lines run in the new project with this virtualenv's Python. ``pip install``
  lines are not run: this virtualenv is what they install (the checkout's
  package, editable).
- ``append FILE`` / ``create FILE``: the code goes at the end of, or into, FILE.
- ``shell``: the code runs in ``python manage.py shell``.

Then the story is rendered through Django's test client in that project:
the blocks, the viewport line and a share link whose page and card answer.
No network: ``wagtail start`` copies Wagtail's own project template.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

QUICKSTART = Path(__file__).resolve().parents[2] / "docs" / "quickstart.md"
STEP = re.compile(
    r"^<!-- quickstart: (?P<action>\w+)(?: (?P<target>\S+))? -->\n"
    r"```(?P<language>\w+)\n(?P<code>.*?)^```$",
    re.M | re.S,
)
WAGTAIL = Path(sys.executable).with_name("wagtail")

# What the shell step left behind, rendered in the project (run last).
RENDER = """
import json
from django.test import Client
from home.models import StoryPage

client = Client()
story = StoryPage.objects.get()
page = client.get(story.url)
result = {"story": [page.status_code, page.content.decode()]}
share = __import__("bs4").BeautifulSoup(page.content, "html.parser").select_one(
    ".newsblocks-pull-quote__share"
)
if share is not None:
    shared = client.get(share["href"])
    result["share"] = [share["href"], shared.status_code, shared.content.decode()]
print("RESULT" + json.dumps(result))
"""


def steps() -> list[dict]:
    return [match.groupdict() for match in STEP.finditer(QUICKSTART.read_text(encoding="utf-8"))]


def run(command: list[str], cwd: Path, env: dict) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{shlex.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def manage(cwd: Path, env: dict, *arguments: str) -> str:
    return run([sys.executable, "manage.py", *arguments], cwd, env)


def test_the_page_has_every_kind_of_step():
    actions = [(step["action"], step["target"]) for step in steps()]
    assert ("append", "mysite/settings/base.py") in actions
    assert ("append", "mysite/urls.py") in actions
    assert ("append", "home/models.py") in actions
    assert ("create", "home/templates/home/story_page.html") in actions
    assert ("shell", None) in actions
    code = "\n".join(step["code"] for step in steps())
    # Nothing from the demo, and only fields the quick start's model has.
    assert "news." not in code and "lead=" not in code


@pytest.fixture
def project_env():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_")) and key != "DATABASE_URL"
    }
    # Without DJANGO_SETTINGS_MODULE, manage.py picks the new project's own settings.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_the_quick_start_works_in_a_new_wagtail_project(tmp_path, project_env):
    cwd = tmp_path
    for step in steps():
        action, target, code = step["action"], step["target"], step["code"]
        if action == "run":
            for line in code.splitlines():
                words = shlex.split(line)
                if words[:2] == ["pip", "install"]:
                    continue
                if words[0] == "cd":
                    cwd = cwd / words[1]
                elif words[0] == "wagtail":
                    run([str(WAGTAIL), *words[1:]], cwd, project_env)
                elif words[:2] == ["python", "manage.py"]:
                    manage(cwd, project_env, *words[2:])
                else:
                    pytest.fail(f"the quick start runs a command this test does not know: {line}")
        elif action == "append":
            path = cwd / target
            assert path.exists(), f"{target} is not in a new project"
            path.write_text(f"{path.read_text(encoding='utf-8')}\n\n{code}", encoding="utf-8")
        elif action == "create":
            path = cwd / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(code, encoding="utf-8")
        elif action == "shell":
            manage(cwd, project_env, "shell", "-c", code)
        else:
            pytest.fail(f"unknown quick-start step {action}")

    output = manage(cwd, project_env, "shell", "-c", RENDER)
    result = json.loads(output.split("RESULT", 1)[1])
    status, html = result["story"]
    assert status == 200, html[:2000]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "viewport"})["content"].startswith("width=device-width")
    assert soup.select_one("link[rel=stylesheet]")["href"].endswith(
        "wagtail_newsblocks/css/newsblocks.css"
    )
    toc = soup.select_one(".newsblocks-toc a")
    assert (
        toc["href"] == "#why-now" and soup.select_one("#why-now").get_text(strip=True) == "Why now"
    )
    quote = soup.select_one(".newsblocks-pull-quote")
    assert "“A night train is only as good as its connections”" in " ".join(
        quote.get_text().split()
    )
    assert "Tom Berger" in quote.get_text()
    # The package's URLs are in: the quote links to its share page, which answers.
    assert "share" in result, "the pull quote has no share link: the package's URLs are missing"
    href, share_status, share_html = result["share"]
    assert href.startswith("/newsblocks/quotes/") and share_status == 200
    share = BeautifulSoup(share_html, "html.parser")
    assert "/card.png" in share.find("meta", property="og:image")["content"]
