"""The stories through Wagtail's API, as a headless front end reads them.

The example site exposes API v2 (``/api/v2/``) and, on Wagtail 8, API v3
(``/api/v3/``). docs/api.md shows the seed story's body as the API returns
it; a test keeps that JSON true (``NEWSBLOCKS_UPDATE_DOCS=1`` rewrites it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
import wagtail
from bs4 import BeautifulSoup

from news.models import NewsStoryPage

pytestmark = pytest.mark.django_db

SEED_SLUG = "kim-unterstuetzt-putin-im-heiligen-krieg"
SEED_EN_SLUG = "kim-backs-putin-in-holy-war"
NIGHT_TRAIN_SLUG = "night-trains-return-to-the-alps"
API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
DOC_MARKER = "<!-- api-example: seed-story-body -->"


def wagtail_has(module: str) -> bool:
    """Whether this Wagtail has ``module``: what it has, the tests must find working."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("module", ["wagtail.api.v3", "wagtail.api.rich_text"])
def test_only_wagtail_7_lacks_what_the_version_skips_wait_for(module):
    """The API v3 and ``rich_text_format`` tests (and the docs' API v3 examples)
    skip where Wagtail lacks the module; from Wagtail 8 on it must be there, so
    that a broken install fails instead of skipping."""
    assert wagtail_has(module) or wagtail.VERSION < (8, 0)


def v2_body(client, page) -> list[dict]:
    response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    assert response.status_code == 200, response.content[:500]
    return response.json()["body"]


def blocks_of(body: list[dict], block_type: str) -> list[dict]:
    return [item["value"] for item in body if item["type"] == block_type]


def page_ids(client, page) -> list[str]:
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [h["id"] for h in soup.select("h2[id], h3[id], h4[id]") if "newsblocks" not in h["id"]]


class TestApiV2:
    def test_story_listing_with_bodies(self, demo_content, client):
        response = client.get("/api/v2/pages/", {"type": "news.NewsStoryPage", "fields": "body"})
        assert response.status_code == 200
        data = response.json()
        by_slug = {item["meta"]["slug"]: item for item in data["items"]}
        # The demo's English translation of the seed story is a story too.
        assert set(by_slug) == {SEED_SLUG, SEED_EN_SLUG, NIGHT_TRAIN_SLUG}
        assert data["meta"]["total_count"] == 3
        seed = by_slug[SEED_SLUG]
        assert [item["type"] for item in seed["body"]] == [
            "paragraph",
            "pull_quote",
            "paragraph",
            "subhead",
            "paragraph",
            "expert_opinion",
            "comment_policy",
        ]
        # The listing and the detail view give the same body.
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        assert seed["body"] == v2_body(client, page)

    def test_seed_story_pull_quote(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        (quote,) = blocks_of(v2_body(client, page), "pull_quote")
        text = (
            "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität "
            "und Sicherheit gegen die hegemonialen Kräfte erhoben"
        )
        assert quote["quote"] == text
        assert quote["quote_with_marks"] == f"„{text}“"
        assert (quote["open_mark"], quote["quote_inner"], quote["close_mark"]) == ("„", text, "“")
        assert quote["language"] is None and quote["effective_language"] == "de"
        assert quote["attribution"] == "Kim Jong Un"
        assert quote["speaker"]["name"] == "Kim Jong Un"
        assert quote["speaker"]["role"] == "Machthaber Nordkoreas"
        assert quote["repeats_story_text"] is True

    def test_share_page_and_card_of_each_pull_quote(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        (quote,) = blocks_of(v2_body(client, page), "pull_quote")
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        shown = soup.select_one("a.newsblocks-pull-quote__share")["href"]
        # The API's link is the page's, made absolute; both lead somewhere real.
        assert quote["share_url"] == f"http://127.0.0.1:8000{shown}"
        assert quote["card_url"] == quote["share_url"] + "card.png"
        assert client.get(shown).status_code == 200
        card = client.get(quote["card_url"].removeprefix("http://127.0.0.1:8000"))
        assert card.status_code == 200 and card["Content-Type"] == "image/png"

    def test_no_share_links_when_the_site_turns_them_off(self, demo_content, client, settings):
        settings.WAGTAIL_NEWSBLOCKS = {**settings.WAGTAIL_NEWSBLOCKS, "QUOTE_SHARE_LINKS": False}
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        (quote,) = blocks_of(v2_body(client, page), "pull_quote")
        assert "share_url" not in quote and "card_url" not in quote

    def test_nested_marks_are_the_story_languages(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        quote = blocks_of(v2_body(client, page), "pull_quote")[0]
        assert quote["quote"].endswith('feel they\'ve "already arrived"')
        assert quote["quote_inner"].endswith("feel they've ‘already arrived’")
        assert quote["quote_with_marks"] == f"“{quote['quote_inner']}”"

    def test_anchors_are_the_pages_own(self, demo_content, client):
        for slug in (SEED_SLUG, SEED_EN_SLUG, NIGHT_TRAIN_SLUG):
            page = NewsStoryPage.objects.get(slug=slug)
            body = v2_body(client, page)
            anchors = [
                item["value"]["anchor"]
                for item in body
                if item["type"] in ("subhead", "expert_opinion") and item["value"]["anchor"]
            ]
            assert anchors == page_ids(client, page), slug
            for item in body:
                if item["type"] in ("subhead", "expert_opinion"):
                    value = item["value"]
                    assert value["url"] == f"{page.get_full_url()}#{value['anchor']}"
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        (toc,) = blocks_of(v2_body(client, page), "table_of_contents")

        def flat(entries):
            for entry in entries:
                yield entry["anchor"]
                yield from flat(entry["children"])

        assert list(flat(toc["entries"])) == page_ids(client, page)
        assert toc["title"] == "Contents"

    def test_resolved_expert_with_portrait_renditions(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        (box,) = blocks_of(v2_body(client, page), "expert_opinion")
        expert = box["expert"]
        assert expert["source"] == "roster" and isinstance(expert["id"], int)
        assert expert["name"] == "Lena Fischer"
        assert expert["organization"] == "Institute for Rail and Mobility Research"
        assert expert["profile_url"] == "https://example.org/experts/lena-fischer"
        assert expert["placeholder"] is None
        assert {name: (r["width"], r["height"]) for name, r in expert["portrait"].items()} == {
            "small": (96, 96),
            "medium": (192, 192),
            "large": (400, 400),
        }
        for rendition in expert["portrait"].values():
            assert rendition["full_url"] == f"http://127.0.0.1:8000{rendition['url']}"
            image = client.get(rendition["url"])
            assert image.status_code == 200
            assert b"".join(image.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
        assert box["quote_with_marks"].startswith("“A sleeper")
        assert box["how_obtained_text"] == "speaking to us"

    def test_expert_without_portrait_gets_the_initials_image(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=SEED_SLUG)
        body = v2_body(client, page)
        (box,) = blocks_of(body, "expert_opinion")
        assert box["expert"]["portrait"] is None
        placeholder = box["expert"]["placeholder"]
        assert placeholder["initials"] == "JD"
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        shown = soup.select_one(".newsblocks-expert__portrait--placeholder")["src"]
        assert shown == placeholder["url"]

    def test_comment_state_and_closing_moment(self, demo_content, client):
        seed = NewsStoryPage.objects.get(slug=SEED_SLUG)
        (closed,) = blocks_of(v2_body(client, seed), "comment_policy")
        assert closed["state"] == "closed"
        assert closed["published_at"] == "2023-09-13T10:30:00+02:00"
        assert closed["closes_at"] == "2025-03-13T10:30:00+01:00"
        train = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        (open_,) = blocks_of(v2_body(client, train), "comment_policy")
        assert open_["state"] == "open"
        closes_at = datetime.fromisoformat(open_["closes_at"])
        published = datetime.fromisoformat(open_["published_at"])
        assert (closes_at.year - published.year) * 12 + closes_at.month - published.month == 18
        soup = BeautifulSoup(client.get(train.url).content, "html.parser")
        footer = soup.select_one("[data-comments-state]")
        assert footer["data-comments-state"] == "open"
        assert footer["data-comments-closes-at"] == open_["closes_at"]

    def test_image_with_the_pages_renditions(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        (image,) = blocks_of(v2_body(client, page), "image")
        assert image["image"]["width"] == 1200
        assert image["image"]["full_url"].startswith("http://127.0.0.1:8000/media/images/")
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        srcset = soup.select_one("figure.newsblocks-image img")["srcset"]
        shown = [part.split()[0] for part in srcset.split(",")]
        assert [r["url"] for r in image["image"]["srcset"]] == shown
        assert image["credit"] == "Illustration: Newsblocks demo"

    @pytest.mark.skipif(
        not wagtail_has("wagtail.api.rich_text"), reason="Wagtail 7.4 has no rich_text_format"
    )
    def test_rich_text_can_come_as_html(self, demo_content, client):
        page = NewsStoryPage.objects.get(slug=NIGHT_TRAIN_SLUG)
        response = client.get(
            f"/api/v2/pages/{page.pk}/", {"fields": "body", "rich_text_format": "html"}
        )
        assert response.status_code == 200, response.content[:300]
        (box,) = blocks_of(response.json()["body"], "expert_opinion")
        assert box["statement"].startswith("<p>Rail economist <b>Lena Fischer</b>")


@pytest.mark.skipif(not wagtail_has("wagtail.api.v3"), reason="API v3 comes with Wagtail 8")
class TestApiV3:
    def test_listing_filters_by_type(self, demo_content, client):
        response = client.get("/api/v3/pages/", {"type": "news.NewsStoryPage"})
        assert response.status_code == 200
        slugs = {item["meta"]["slug"] for item in response.json()["items"]}
        assert slugs == {SEED_SLUG, SEED_EN_SLUG, NIGHT_TRAIN_SLUG}

    def test_story_detail_has_the_same_body_as_v2(self, demo_content, client):
        for slug in (SEED_SLUG, SEED_EN_SLUG, NIGHT_TRAIN_SLUG):
            page = NewsStoryPage.objects.get(slug=slug)
            response = client.get(f"/api/v3/pages/{page.pk}/")
            assert response.status_code == 200
            data = response.json()
            assert data["meta"]["type"] == "news.NewsStoryPage"
            assert data["meta"]["locale"] == page.locale.language_code
            assert data["lead"] == page.lead
            assert data["body"] == v2_body(client, page), slug

    def test_schema_and_docs_are_served_from_the_site(self, demo_content, client):
        schema = client.get("/api/v3/openapi.json")
        assert schema.status_code == 200
        assert "/api/v3/pages/{page_id}/" in schema.json()["paths"]
        docs = client.get("/api/v3/docs/").content.decode()
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', docs)
        assert scripts and all(src.startswith("/static/") for src in scripts), scripts


# -- docs/api.md ------------------------------------------------------------------


def documented_body(body: list[dict]) -> list[dict]:
    """The body as docs/api.md shows it: block ids (UUIDs made per load) as "…"."""
    shown = json.loads(json.dumps(body))
    for item in shown:
        # The quote's share page hangs from the block id, so it is shown without one too.
        for key in ("share_url", "card_url"):
            if key in item["value"]:
                item["value"][key] = item["value"][key].replace(item["id"], "…")
        item["id"] = "…"
    return shown


def test_docs_show_the_seed_story_as_the_api_returns_it(demo_content, client):
    page = NewsStoryPage.objects.get(slug=SEED_SLUG)
    body = documented_body(v2_body(client, page))
    text = API_DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(DOC_MARKER) + r"\n```json\n(.*?)\n```", re.DOTALL)
    match = pattern.search(text)
    assert match, f"docs/api.md has no JSON after {DOC_MARKER}"
    if os.environ.get("NEWSBLOCKS_UPDATE_DOCS"):
        rendered = json.dumps(body, indent=2, ensure_ascii=False)
        API_DOC.write_text(
            text[: match.start(1)] + rendered + text[match.end(1) :], encoding="utf-8"
        )
        return
    documented = json.loads(match.group(1))
    # Roster ids depend on the database; the docs show the demo's.
    for shown, real in zip(documented, body, strict=True):
        expert = real["value"].get("expert") if isinstance(real["value"], dict) else None
        if expert and expert["id"] is not None:
            shown["value"]["expert"]["id"] = expert["id"]
    # So do page ids (PostgreSQL's sequences are not reset between tests).
    page_in_url = re.compile(r"/quotes/\d+/")
    documented, body = (
        json.loads(page_in_url.sub("/quotes/<page>/", json.dumps(side, ensure_ascii=False)))
        for side in (documented, body)
    )
    assert documented == body, (
        "docs/api.md's seed-story JSON is out of date: run "
        "NEWSBLOCKS_UPDATE_DOCS=1 .venv/bin/python -m pytest example_site/tests/test_headless_api.py -k docs"
    )
