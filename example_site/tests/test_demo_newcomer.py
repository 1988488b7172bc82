"""The demo as a newcomer meets it: its login, its links on the port it serves, its titles (#20)."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from wagtail_newsblocks.share_links import share_url


@pytest.fixture
def demo(db):
    call_command("load_demo_content", port=8123, stdout=io.StringIO())
    with override_settings(DEBUG=True):
        call_command("ensure_demo_editor", stdout=io.StringIO())
    return get_user_model().objects.get(username="editor")


def test_the_demo_site_is_served_where_make_demo_serves_it(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_url == "http://127.0.0.1:8123"


def test_the_share_pages_links_work_on_the_demos_port(demo, client):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.live().filter(locale__language_code="de").first()
    block_id = next(child.id for child in story.body if child.block_type == "pull_quote")
    response = client.get(share_url(story.pk, block_id), HTTP_HOST="127.0.0.1:8123")
    soup = BeautifulSoup(response.content, "html.parser")
    read = soup.select_one("link[rel=canonical]")["href"]
    assert read.startswith("http://127.0.0.1:8123/")


def test_the_demo_editor_has_a_name(demo):
    assert demo.get_full_name() == "Demo Editor"


def _form_data(form) -> dict:
    """What a browser submits for ``form`` as it stands."""
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def test_the_demo_editor_can_switch_the_admin_to_german(demo, client):
    # Account → Preferred language → Save, as the browser submits the form.
    client.force_login(demo)
    page = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = page.select_one("form[method=post]")
    data = _form_data(form)
    (language,) = [name for name in data if name.endswith("preferred_language")]
    data[language] = "de"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").get_text()[
        :500
    ]
    demo.wagtail_userprofile.refresh_from_db()
    assert demo.wagtail_userprofile.preferred_language == "de"


def test_an_existing_demo_editor_without_a_name_gets_one(db):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "newsroom")
    with override_settings(DEBUG=True):
        call_command("ensure_demo_editor", stdout=io.StringIO())
    assert get_user_model().objects.get(username="editor").get_full_name() == "Demo Editor"


def test_the_front_pages_title_names_the_site_once(demo, client):
    soup = BeautifulSoup(client.get("/", HTTP_HOST="127.0.0.1:8123").content, "html.parser")
    assert soup.title.get_text() == "Newsblocks Demo Newsroom"
