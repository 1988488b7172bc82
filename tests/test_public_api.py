"""What developers rely on: the import path, migrations, and complete block metadata."""

import importlib

import pytest
from django.db.migrations.writer import MigrationWriter
from django.template.loader import get_template
from django.utils import translation
from wagtail import blocks as wagtail_blocks

import wagtail_newsblocks.blocks as public
from tests.testapp.models import StoryPage

STORY = StoryPage._meta.get_field("body").stream_block
CHILD_NAMES = [
    "paragraph",
    "image",
    "pull_quote",
    "subhead",
    "table_of_contents",
    "expert_opinion",
    "comment_policy",
]


def test_story_child_names_are_stable():
    # Stored in every story's JSON: renaming one would orphan content.
    assert list(STORY.child_blocks) == CHILD_NAMES


def test_everything_public_is_importable_from_one_path():
    for name in public.__all__:
        assert getattr(public, name) is not None
    block_classes = [
        getattr(public, n)
        for n in public.__all__
        if isinstance(getattr(public, n), type)
        and issubclass(getattr(public, n), wagtail_blocks.Block)
    ]
    assert {c.__name__ for c in block_classes} >= {
        "NewsStoryBlock",
        "ParagraphBlock",
        "PullQuoteBlock",
        "StoryImageBlock",
        "SubheadBlock",
        "TableOfContentsBlock",
        "ExpertOpinionBlock",
        "CommentPolicyBlock",
    }


def _deconstructed_paths(block):
    path, _args, _kwargs = block.deconstruct()
    yield path
    for child in getattr(block, "child_blocks", {}).values():
        yield from _deconstructed_paths(child)


def test_migrations_only_name_public_paths():
    """Users' migrations must survive our internal moves."""
    for path in set(_deconstructed_paths(STORY)):
        assert path.startswith(("wagtail.", "wagtail_newsblocks.blocks.")), path
        module, _, name = path.rpartition(".")
        assert getattr(importlib.import_module(module), name)
    serialized, imports = MigrationWriter.serialize(STORY)
    assert "wagtail_newsblocks.languages" not in serialized
    assert "wagtail_newsblocks.blocks.language_choices" in serialized
    assert not any(
        "wagtail_newsblocks.blocks." in imp and imp != "import wagtail_newsblocks.blocks"
        for imp in imports
    )


def test_migration_round_trip_rebuilds_an_equal_block():
    path, args, kwargs = STORY.deconstruct()
    module, _, name = path.rpartition(".")
    rebuilt = getattr(importlib.import_module(module), name)(*args, **kwargs)
    assert list(rebuilt.child_blocks) == CHILD_NAMES
    assert rebuilt.child_blocks["paragraph"].features == public.PARAGRAPH_FEATURES


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHILD_NAMES)
def test_every_block_has_complete_meta(name):
    block = STORY.child_blocks[name]
    meta = block.meta
    assert meta.icon and meta.icon != "placeholder"
    assert meta.label and meta.help_text and meta.description
    get_template(meta.template)
    get_template(meta.preview_template)
    assert block.is_previewable
    assert block.get_preview_value() is not None
    for text in (meta.help_text, meta.description):
        with translation.override("en"):
            english = str(text)
        with translation.override("de"):
            german = str(text)
        assert german != english, f"{name}: no German translation for {english!r}"


@pytest.mark.parametrize(
    ("name", "label_format"),
    [
        ("pull_quote", "{quote} – {attribution}{speaker}"),
        ("expert_opinion", "{expert}{name} – {label}: {headline}"),
        ("subhead", "{text}"),
        ("image", "{caption}"),
        ("table_of_contents", "{title}"),
        ("comment_policy", "{mode}"),
    ],
)
def test_collapsed_summaries(name, label_format):
    assert STORY.child_blocks[name].meta.label_format == label_format


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "selector", "text"),
    [
        ("pull_quote", "figure.newsblocks-pull-quote", "“We will always support"),
        ("subhead", "h2.newsblocks-subhead", "Kremlin: “Cooperation in sensitive areas”"),
        ("table_of_contents", "nav.newsblocks-toc", "Military expert"),
        ("paragraph", "p", "Vostochny spaceport"),
        ("expert_opinion", "aside.newsblocks-expert", "Joseph Dempsey"),
        (
            "comment_policy",
            'section.newsblocks-comment-policy[data-comments-state="closed"]',
            "it can no longer be commented on",
        ),
    ],
)
def test_block_previews_in_the_chooser(admin_client, name, selector, text):
    from bs4 import BeautifulSoup

    block = STORY.child_blocks[name]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    element = soup.select_one(selector)
    assert element is not None, response.content.decode()[:2000]
    assert text in element.get_text()
    assert soup.select_one('link[href$="wagtail_newsblocks/css/newsblocks.css"]') is not None


@pytest.mark.django_db
def test_image_preview_with_and_without_images(admin_client):
    from bs4 import BeautifulSoup

    block = STORY.child_blocks["image"]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    from tests.factories import make_image

    make_image("Sleeper train", size=(1600, 900))
    make_image("Portrait", size=(800, 800))
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("figure.newsblocks-image img[srcset]") is not None
    # The newest image is a square portrait; the landscape one is shown.
    assert "sleeper-train" in soup.select_one("figure.newsblocks-image img")["src"]


def test_template_tag_links_the_stylesheet():
    from django.template import engines

    html = (
        engines["django"]
        .from_string("{% load wagtail_newsblocks_tags %}{% newsblocks_css %}")
        .render({})
    )
    assert html == '<link rel="stylesheet" href="/static/wagtail_newsblocks/css/newsblocks.css">'


def test_unknown_setting_keys_are_reported(settings):
    from django.core.exceptions import ImproperlyConfigured

    from wagtail_newsblocks.conf import newsblocks_settings

    settings.WAGTAIL_NEWSBLOCKS = {"PULL_QOUTE_MAX_LENGTH": 100}
    with pytest.raises(ImproperlyConfigured, match="PULL_QOUTE_MAX_LENGTH"):
        _ = newsblocks_settings.PULL_QUOTE_MAX_LENGTH


@pytest.mark.django_db
def test_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()
