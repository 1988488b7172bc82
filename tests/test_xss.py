"""Hundreds of XSS vectors in every text and URL field of every block, on every write path."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import make_image, stored_body
from tests.xss import dangerous_markup, url_vectors, vectors
from wagtail_newsblocks.blocks import NewsStoryBlock, StoryValidationError
from wagtail_newsblocks.sanitize import is_safe_url

BATCH = 25
STORY = NewsStoryBlock()


def fit(block_name, field, text):
    """The vector cut to the field's length limit (a limit is not what is tested here)."""
    child = STORY.child_blocks[block_name].child_blocks[field]
    limit = getattr(child.field, "max_length", None)
    text = " ".join(text.split()) if field in ("text",) else text
    return text[:limit] if limit else text


def blocks_for(vector, image, index):
    safe = vector if accepted_url(vector) else ""
    return [
        ("paragraph", RichText(f"<p>{vector}</p>")),
        # With text after it: a vector that is all markup cleans to nothing,
        # and an empty paragraph is refused on publishing (a required field).
        ("paragraph", RichText(f"{vector}<p>Text.</p>")),
        (
            "pull_quote",
            {
                "quote": vector,
                "attribution": fit("pull_quote", "attribution", vector),
                "role": fit("pull_quote", "role", vector),
                "speaker": None,
                "source_url": safe,
                "language": "",
                "alignment": "inline",
            },
        ),
        (
            "subhead",
            {
                "text": fit("subhead", "text", vector),
                "level": "h2",
                "anchor": f"{vector[:60]} {index}",
            },
        ),
        (
            "table_of_contents",
            {"title": fit("table_of_contents", "title", vector), "max_level": "h3"},
        ),
        (
            "expert_opinion",
            {
                "label": fit("expert_opinion", "label", vector),
                "headline": fit("expert_opinion", "headline", vector),
                "level": "h2",
                "expert": None,
                "name": fit("expert_opinion", "name", vector),
                "role": fit("expert_opinion", "role", vector),
                "organization": fit("expert_opinion", "organization", vector),
                "portrait": None,
                "statement": RichText(f"<p>{vector}</p>"),
                "quote": vector,
                "how_obtained": "said",
                "disclosure": vector,
            },
        ),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": vector},
                "caption": fit("image", "caption", vector),
                "credit": fit("image", "credit", vector),
            },
        ),
    ]


def accepted_url(vector):
    from django.core.exceptions import ValidationError

    from wagtail_newsblocks.sanitize import validate_safe_url

    try:
        validate_safe_url(vector)
    except ValidationError:
        return False
    return True


@pytest.fixture
def image(db):
    return make_image("XSS test image", size=(64, 48))


def batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@pytest.mark.django_db
def test_corpus_is_large():
    assert len(vectors()) >= 300
    assert len(url_vectors()) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("batch", range((len(vectors()) + BATCH - 1) // BATCH))
def test_python_path_renders_no_script(batch, make_story, client, image, settings):
    settings.WAGTAIL_NEWSBLOCKS = {"PULL_QUOTE_MAX_LENGTH": 10_000, "SUBHEAD_MAX_LENGTH": 10_000}
    chunk = list(batches(vectors()))[batch]
    body = [item for index, vector in enumerate(chunk) for item in blocks_for(vector, image, index)]
    story = make_story(body, slug=f"xss-{batch}")
    # Rich text is cleaned in storage; plain text is stored as typed and escaped on output.
    rich = [
        item["value"] if item["type"] == "paragraph" else item["value"]["statement"]
        for item in stored_body(story)
        if item["type"] in ("paragraph", "expert_opinion")
    ]
    assert [problem for html in rich for problem in dangerous_markup(html)] == []
    html = client.get(story.url).content.decode()
    problems = dangerous_markup(html, "article.story")
    assert problems == [], problems[:20]
    soup = BeautifulSoup(html, "html.parser")
    # Plain text is shown as text: the subheads read exactly what was typed.
    subheads = [h.get_text() for h in soup.select(".story__body .newsblocks-subhead")]
    assert subheads == [fit("subhead", "text", v) for v in chunk]
    # The structured data in <head> carries every vector as JSON text, and is
    # the page's only script element.
    scripts = soup.find_all("script")
    assert [script.get("type") for script in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].string)
    speakers = {q["creator"]["name"] for q in data["hasPart"] if "creator" in q}
    typed = {fit("pull_quote", "attribution", v).strip() for v in chunk}  # stripped on save
    assert {name for name in typed if name} <= speakers


@pytest.mark.django_db
@pytest.mark.parametrize("vector", [v for v in url_vectors() if not is_safe_url(v)])
def test_unsafe_urls_are_refused_and_nothing_is_saved(vector, make_story):
    story = make_story([("paragraph", RichText("<p>Before.</p>"))])
    revisions = story.revisions.count()
    story.body = [
        (
            "pull_quote",
            {
                "quote": "Q",
                "attribution": "",
                "role": "",
                "speaker": None,
                "source_url": vector,
                "language": "",
                "alignment": "inline",
            },
        )
    ]
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision().publish()
    assert caught.value.messages == [
        "Block 1 (Pull quote), “Source URL”: This address cannot be used: only web (http, "
        "https), mailto:, tel: and relative addresses are allowed."
    ]
    fresh = Page.objects.get(pk=story.pk).specific
    assert fresh.revisions.count() == revisions
    assert [child.block_type for child in fresh.body] == ["paragraph"]


@pytest.mark.django_db
def test_raw_json_path_is_cleaned(make_story):
    story = make_story([("paragraph", RichText("<p>x</p>"))])
    story.body = [
        {
            "type": "paragraph",
            "value": '<p onclick="alert(1)">Hi<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>',
        },
        {
            "type": "expert_opinion",
            "value": {
                "name": "A",
                "statement": "<p><img src=x onerror=alert(1)>ok</p>",
                "how_obtained": "said",
                "level": "h2",
            },
        },
    ]
    story.save_revision().publish()
    stored = stored_body(story)
    assert stored[0]["value"] == "<p>Hialert(1)<a>l</a></p>"
    assert stored[1]["value"]["statement"] == "<p>ok</p>"


@pytest.mark.django_db
def test_data_migration_style_raw_edit_is_cleaned(make_story):
    story = make_story([("paragraph", RichText("<p>x</p>"))])
    page = Page.objects.get(pk=story.pk).specific
    # A data migration editing the stored form in place.
    page.body.raw_data[0]["value"] = "<p><script>alert(1)</script>Edited</p>"
    page.save()
    assert stored_body(story)[0]["value"] == ("<p>alert(1)Edited</p>")


@pytest.mark.django_db
def test_streamvalue_manipulation_is_cleaned(make_story):
    story = make_story([("paragraph", RichText("<p>x</p>"))])
    page = Page.objects.get(pk=story.pk).specific
    page.body[0] = ("paragraph", RichText('<p><a href="javascript:alert(1)" onclick="x">x</a></p>'))
    page.body.append(("paragraph", RichText("<p><iframe src=x></iframe>y</p>")))
    page.save()
    assert [item["value"] for item in stored_body(story)] == ["<p><a>x</a></p>", "<p>y</p>"]


@pytest.mark.django_db
def test_revisions_are_cleaned_too(make_story):
    story = make_story([("paragraph", RichText("<p>x</p>"))])
    story.body = [("paragraph", RichText("<p><script>alert(1)</script>draft</p>"))]
    revision = story.save_revision()
    assert "<script" not in str(revision.content["body"])


@pytest.mark.django_db
def draftail(text, link=None):
    """What Draftail posts: text typed by the editor, optionally a link on it (a crafted POST
    can put any URL there)."""
    import json

    entity_ranges = [{"offset": 0, "length": len(text), "key": 0}] if link else []
    entity_map = (
        {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}} if link else {}
    )
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "k1",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": entity_ranges,
                }
            ],
            "entityMap": entity_map,
        }
    )


class TestAdminFormPath:
    def post(self, client, story, body, publish=True):
        data = nested_form_data(
            {
                "title": story.title,
                "slug": story.slug,
                "body": streamfield(body),
            }
        )
        if publish:
            data["action-publish"] = "action-publish"
        return client.post(f"/admin/pages/{story.pk}/edit/", data)

    @pytest.mark.parametrize("batch", range((len(vectors()) + 19) // 20))
    def test_vectors_through_the_admin_render_no_script(
        self, admin_client, make_story, client, settings, batch
    ):
        settings.WAGTAIL_NEWSBLOCKS = {
            "PULL_QUOTE_MAX_LENGTH": 10_000,
            "SUBHEAD_MAX_LENGTH": 10_000,
        }
        story = make_story([("paragraph", RichText("<p>x</p>"))])
        chunk = vectors()[batch * 20 : batch * 20 + 20]
        body = []
        for vector in chunk:
            body += [
                ("paragraph", draftail(vector, link=vector)),
                (
                    "pull_quote",
                    {
                        "quote": vector,
                        "attribution": vector[:255],
                        "role": vector[:255],
                        "speaker": "",
                        "source_url": "",
                        "language": "",
                        "alignment": "inline",
                        "presentation": "auto",
                    },
                ),
                ("subhead", {"text": " ".join(vector.split())[:120], "level": "h2", "anchor": ""}),
            ]
        response = self.post(admin_client, story, body)
        assert response.status_code == 302, (
            response.context["form"].errors if response.context else response
        )
        html = client.get(Page.objects.get(pk=story.pk).specific.url).content.decode()
        assert dangerous_markup(html, "article.story") == []

    def test_unsafe_url_error_is_shown_beside_the_field(self, admin_client, make_story):
        story = make_story([("paragraph", RichText("<p>x</p>"))])
        response = self.post(
            admin_client,
            story,
            [
                (
                    "pull_quote",
                    {
                        "quote": "Q",
                        "attribution": "",
                        "role": "",
                        "speaker": "",
                        "source_url": "jav&#x09;ascript:alert(1)",
                        "language": "",
                        "alignment": "inline",
                        "presentation": "auto",
                    },
                )
            ],
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["body"].as_data()[0].as_json_data()
        assert errors["blockErrors"][0]["blockErrors"]["source_url"]["messages"] == [
            "This address cannot be used: only web (http, https), mailto:, tel: and relative "
            "addresses are allowed."
        ]
        assert not Page.objects.get(pk=story.pk).specific.has_unpublished_changes


def test_every_text_field_of_every_block_is_covered():
    """A new text field must be added to the corpus tests above."""
    from wagtail import blocks

    covered = {
        "pull_quote": {"quote", "attribution", "role", "source_url"},
        "subhead": {"text", "anchor"},
        "table_of_contents": {"title"},
        "expert_opinion": {
            "label",
            "headline",
            "name",
            "role",
            "organization",
            "statement",
            "quote",
            "disclosure",
        },
        "image": {"caption", "credit", "image"},
        "comment_policy": {"message", "contact_email"},
    }
    for name, block in STORY.child_blocks.items():
        if not isinstance(block, blocks.StructBlock):
            continue
        text_fields = {
            field
            for field, child in block.child_blocks.items()
            if isinstance(
                child,
                blocks.CharBlock
                | blocks.TextBlock
                | blocks.RichTextBlock
                | blocks.URLBlock
                | blocks.EmailBlock,
            )
            or child.__class__.__name__ in ("SafeURLBlock", "ImageBlock")
        }
        assert text_fields <= covered.get(name, set()), (
            name,
            text_fields - covered.get(name, set()),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("batch", range((len(vectors()) + 99) // 100))
def test_comment_policy_message_is_escaped(batch, make_story, client):
    for index, vector in enumerate(vectors()[batch * 100 : batch * 100 + 100]):
        body = [
            (
                "comment_policy",
                {
                    "mode": "closed",
                    "close_after_months": None,
                    "message": vector,
                    "discussion_page": None,
                    "contact_email": "",
                },
            )
        ]
        if "{" in vector or "}" in vector:
            # Only the {months} placeholder may stand in braces: refused on input.
            with pytest.raises(StoryValidationError):
                make_story(body, slug=f"policy-{batch}-{index}")
            continue
        story = make_story(body, slug=f"policy-{batch}-{index}")
        html = client.get(story.url).content.decode()
        assert "newsblocks-comment-policy" in html
        assert dangerous_markup(html, "article.story") == [], vector
        Page.objects.filter(pk=story.pk).delete()
