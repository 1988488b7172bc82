"""Every template the docs call overridable takes effect when a site overrides it alone.

Each template is overridden in turn by a file in a folder that the site's
loaders search first (as a project's ``templates`` folder is), holding only
a marker; the page, view or admin screen that uses the template must then
show the marker. A second copy of a block's markup (in Python, say) would
leave the marker out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import override_settings
from wagtail.rich_text import RichText

import wagtail_newsblocks
from tests.factories import (
    comment_policy_value,
    expert_opinion_value,
    make_image,
    pull_quote_value,
)
from wagtail_newsblocks.models import Expert
from wagtail_newsblocks.share_links import share_url

PACKAGE_TEMPLATES = Path(wagtail_newsblocks.__file__).parent / "templates"

# Where each template shows: the story page, a quote's share page, the block
# chooser's preview, the roster listing.
WHERE = {
    "wagtail_newsblocks/blocks/news_story.html": "story",
    "wagtail_newsblocks/blocks/paragraph.html": "story",
    "wagtail_newsblocks/blocks/subhead.html": "story",
    "wagtail_newsblocks/blocks/image.html": "story",
    "wagtail_newsblocks/blocks/pull_quote.html": "story",
    "wagtail_newsblocks/blocks/expert_opinion.html": "story",
    "wagtail_newsblocks/blocks/table_of_contents.html": "story",
    "wagtail_newsblocks/blocks/includes/toc_list.html": "story",
    "wagtail_newsblocks/blocks/comment_policy.html": "story",
    "wagtail_newsblocks/comments/comment_system.html": "story",
    "wagtail_newsblocks/comments/stand_in.html": "story",
    "wagtail_newsblocks/quote_share.html": "share",
    "wagtail_newsblocks/previews/block_preview.html": "preview",
    "wagtail_newsblocks/admin/portrait_cell.html": "roster",
    "wagtail_newsblocks/admin/roster_chooser.html": "editor",
}


def test_every_template_the_package_ships_is_checked():
    shipped = {
        str(path.relative_to(PACKAGE_TEMPLATES)) for path in PACKAGE_TEMPLATES.rglob("*.html")
    }
    assert shipped == set(WHERE)


def test_the_docs_list_every_template():
    text = (Path(__file__).resolve().parents[1] / "docs" / "theming.md").read_text()
    for name in WHERE:
        assert f"`{name.removeprefix('wagtail_newsblocks/')}`" in text, name


@pytest.fixture
def story(make_story, site_policy):
    expert = Expert.objects.create(name="Joseph Dempsey", role="Research Associate")
    image = make_image("Wostotschny")
    image.contextual_alt_text, image.decorative = "Der Weltraumbahnhof", False
    return make_story(
        [
            ("table_of_contents", {"title": "", "max_level": "h3"}),
            ("subhead", {"text": "Lieferungen", "level": "h2", "anchor": ""}),
            ("paragraph", RichText("<p>Russland hat sich erhoben.</p>")),
            ("image", {"image": image, "caption": "Wostotschny", "credit": ""}),
            ("pull_quote", pull_quote_value(quote="Russland hat sich erhoben", attribution="Kim")),
            (
                "expert_opinion",
                expert_opinion_value(expert=expert.pk, statement=RichText("<p>Kaum.</p>")),
            ),
            ("comment_policy", comment_policy_value(mode="open")),
        ],
        language="de",
    )


def _page(name, story, client, admin_client) -> str:
    where = WHERE[name]
    if where == "story":
        response = client.get(story.url)
    elif where == "share":
        block_id = next(child.id for child in story.body if child.block_type == "pull_quote")
        response = client.get(share_url(story.pk, block_id))
    elif where == "editor":
        response = admin_client.get(f"/admin/pages/{story.pk}/edit/")
    elif where == "preview":
        block = type(story)._meta.get_field("body").stream_block.child_blocks["pull_quote"]
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    else:
        response = admin_client.get("/admin/snippets/wagtail_newsblocks/expert/")
    assert response.status_code == 200, name
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WHERE))
def test_an_override_alone_takes_effect(name, story, client, admin_client, tmp_path):
    marker = f"override of {name}"
    # A template the loaders find first, as a project's own templates folder is.
    override = tmp_path / name
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(f'<p data-newsblocks-override="{name}">{marker}</p>')
    templates = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    # The package's own stand-in for a comment system, which the test app replaces.
    newsblocks = {**settings.WAGTAIL_NEWSBLOCKS}
    newsblocks.pop("COMMENT_SYSTEM_TEMPLATE", None)
    if name.endswith("stand_in.html"):
        # Shipped for demos, in use where the setting names it.
        newsblocks["COMMENT_SYSTEM_TEMPLATE"] = "wagtail_newsblocks/comments/stand_in.html"
    with override_settings(TEMPLATES=templates, WAGTAIL_NEWSBLOCKS=newsblocks):
        after = _page(name, story, client, admin_client)
    if WHERE[name] == "editor":
        # The editor's widgets travel inside the StreamField's definition (JSON).
        assert f"override of {name}" in after.replace("\\u0020", " "), name
        return
    soup = BeautifulSoup(after, "html.parser")
    assert soup.select_one(f'[data-newsblocks-override="{name}"]') is not None, name
