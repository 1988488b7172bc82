"""WordPress exports (WXR, issue #19): one story per post, Gutenberg blocks mapped, read as a stream."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from wagtail_newsblocks.importer import ArticleImportError, is_wxr, read_wxr
from wagtail_newsblocks.importer.gutenberg import parse_blocks
from wagtail_newsblocks.importer.save import _story_field
from wagtail_newsblocks.models import ImportedStory

FIXTURES = Path(__file__).resolve().parent / "data" / "import"
EXPORT = FIXTURES / "wordpress-export.xml"
IMAGES = FIXTURES / "images"


def posts(**options):
    reading = read_wxr(EXPORT, images_dir=IMAGES, **options)
    items = list(reading)
    return items, reading


def block_post():
    items, _reading = posts(kicker_from_category=True)
    return items[0].article


def test_the_export_is_recognised():
    assert is_wxr(EXPORT)
    assert not is_wxr(FIXTURES / "en-news-page.html")


def test_one_story_per_published_post():
    items, _reading = posts()
    assert [item.title for item in items] == [
        "Windpark vor Rügen liefert ersten Strom",
        "Hafenfest fällt aus",
    ]
    assert all(item.article is not None and item.error is None for item in items)


def test_gutenberg_blocks_become_story_blocks():
    article = block_post()
    assert article.block_types == [
        "paragraph",
        "pull_quote",  # core/pullquote
        "subhead",
        "subhead",
        "pull_quote",  # core/quote
        "paragraph",  # core/list (in a core/group)
        "paragraph",  # core/table
        "image",  # core/image, its file in --images-dir
        "paragraph",  # core/embed, kept and reported
        "paragraph",
    ]
    blocks = article.blocks
    pullquote, quote = blocks[1][1], blocks[4][1]
    assert (pullquote["quote"], pullquote["attribution"], pullquote["role"]) == (
        "Heute beginnt für die Insel ein neues Kapitel.",
        "Eva Brandt",
        "Bürgermeisterin von Sassnitz",
    )
    assert (quote["attribution"], quote["role"]) == ("Jan Möller", "Küstenfischer")
    assert quote["quote"].startswith("Uns nimmt man die besten Fanggründe")
    # The heading keeps its level and anchor.
    assert blocks[3][1] == {
        "text": "Fischer fürchten um ihre Fanggründe",
        "level": "h3",
        "anchor": "fischer",
    }
    assert blocks[5][1].startswith("<ul><li>Leistung: 300 Megawatt</li><li>Anlagen: 38</li>")
    assert "Jahr | Strom" in blocks[6][1] and "2024 | 1,2 TWh" in blocks[6][1]
    image = blocks[7][1]
    assert image["image"]["image"].path == (IMAGES / "wind-farm.png").resolve()
    assert image["caption"] == "Die ersten Anlagen drehen sich."
    assert "youtube.com/watch?v=example" in blocks[8][1]
    assert "<script" not in str(blocks)


def test_what_has_no_block_is_reported():
    report = block_post().report
    unmapped = {item.element: item for item in report.unmapped}
    # The image without its file, with its address; the embed; the unknown block.
    assert "uploads/2023/11/hafen.jpg" in unmapped["figure"].text
    assert unmapped["wp:embed"].position == 9
    assert "wp:newsroom/poll" in unmapped
    assert report.dropped["wp:separator"] == 1
    assert report.dropped["<script>"] == 1


def test_a_post_carries_its_slug_date_excerpt_guid_and_category():
    article = block_post()
    assert article.slug == "windpark-ruegen-erster-strom"
    assert article.published_at == datetime.datetime(2023, 11, 21, 8, 30, tzinfo=datetime.UTC)
    assert (
        article.lead
        == "Der neue Offshore-Windpark nördlich von Rügen speist zum ersten Mal Strom ein."
    )
    assert article.source_id == "https://ostsee-kurier.example.de/?p=101"
    assert article.kicker == "Energie"
    assert article.language == "de-de"
    assert article.report.found["lead"] == "the post's excerpt"
    # Without --kicker-from-category, no kicker.
    items, _reading = posts()
    assert items[0].article.kicker == ""


def test_a_classic_post_goes_through_the_html_reader():
    items, _reading = posts()
    article = items[1].article
    # Blank lines are paragraphs (wpautop); without an excerpt the first is the lead.
    assert article.lead == "Das Hafenfest fällt in diesem Jahr aus, teilte die Stadt mit."
    assert article.block_types == ["paragraph", "subhead", "paragraph"]
    assert article.blocks[0][1] == (
        "<p>Als Grund nannte sie die Bauarbeiten an der Kaimauer.<br> "
        "Ein Ersatztermin im Herbst wird geprüft.</p>"
    )
    assert article.report.found["body"] == "classic post HTML"


def test_the_report_names_a_posts_sources_in_the_editors_language():
    from django.utils import translation

    with translation.override("de"):
        items, _reading = posts()
        text = items[0].article.report.as_text()
    found = text.splitlines()[0]
    assert "Vorspann aus dem Auszug des Beitrags" in found
    assert " from " not in found and "the post's" not in found


def test_a_classic_post_is_disarmed(tmp_path):
    # A classic post goes to the HTML reader without the page's disarming
    # (that is the whole-page road's): its scripts, comments and handlers
    # are taken out and reported all the same.
    export = tmp_path / "classic.xml"
    text = EXPORT.read_text(encoding="utf-8")
    export.write_text(
        text.replace(
            "Die Vereine bedauern die Absage.]]>",
            '<!-- intern --><p onclick="steal()">Die Vereine bedauern die Absage.</p>'
            "<script>track('hafenfest')</script>]]>",
        ),
        encoding="utf-8",
    )
    article = list(read_wxr(export))[1].article
    assert article.blocks[-1][1] == "<p>Die Vereine bedauern die Absage.</p>"
    assert "track(" not in str(article.blocks) and "steal" not in str(article.blocks)
    dropped = article.report.dropped
    assert (dropped["<script>"], dropped["event-handler attribute"], dropped["HTML comment"]) == (
        1,
        1,
        1,
    )


def test_drafts_are_skipped_unless_asked_for():
    items, reading = posts()
    assert "Entwurf: Kaimauer" not in [item.title for item in items]
    assert reading.skipped["post (draft)"] == 1
    items, reading = posts(include_drafts=True)
    draft = next(item for item in items if item.title == "Entwurf: Kaimauer")
    assert draft.status == "draft" and not draft.publish
    assert draft.article.published_at is None  # 0000-00-00: never published
    assert "post (draft)" not in reading.skipped


def test_other_item_types_are_skipped_and_counted():
    _items, reading = posts()
    assert dict(reading.skipped) == {
        "page": 1,
        "attachment": 1,
        "nav_menu_item": 1,
        "post (draft)": 1,
    }


def test_the_block_grammar():
    blocks = parse_blocks(
        "<p>classic</p>"
        '<!-- wp:group {"tagName":"section"} --><section>'
        "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
        '<!-- wp:my-plugin/widget {"n":1} /-->'
        "</section><!-- /wp:group -->"
        "<!-- /wp:stray -->"
        "<!-- wp:heading --><h2>unclosed</h2>"
    )
    assert [block.name for block in blocks] == [None, "core/group", "core/heading"]
    group = blocks[1]
    assert group.attrs == {"tagName": "section"}
    assert [block.name for block in group.inner_blocks] == ["core/paragraph", "my-plugin/widget"]
    assert group.inner_blocks[1].attrs == {"n": 1}
    assert group.html() == "<section><p>a</p></section>"
    assert blocks[2].html() == "<h2>unclosed</h2>"


def test_an_export_with_entities_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&b;</title>'
        "</item></channel></rss>",
        encoding="utf-8",
    )
    with pytest.raises(ArticleImportError, match="declares a DTD or entities"):
        list(read_wxr(bomb))


def test_a_broken_export_says_so(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(EXPORT.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    with pytest.raises(ArticleImportError, match="not well-formed XML"):
        list(read_wxr(broken))


# -- the command ---------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("newsblocks_import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_imports_each_post_and_again_changes_nothing(news_index):
    out, err = run(
        EXPORT, "--parent", news_index.pk, "--images-dir", IMAGES, "--kicker-from-category"
    )
    assert err == ""
    assert "2 files read" not in out and "1 file read (created: 2)." in out
    assert (
        "WordPress export: 2 posts read; skipped: attachment × 1, nav_menu_item × 1, page × 1, post (draft) × 1."
        in out
    )
    record = ImportedStory.objects.get(source_id="https://ostsee-kurier.example.de/?p=101")
    page = record.page.specific
    assert (page.title, page.slug, page.live) == (
        "Windpark vor Rügen liefert ersten Strom",
        "windpark-ruegen-erster-strom",
        True,
    )
    if hasattr(page, "kicker"):
        assert page.kicker == "Energie"
    assert page.first_published_at == datetime.datetime(2023, 11, 21, 8, 30, tzinfo=datetime.UTC)
    body = getattr(page, _story_field(type(page)))
    types = [child.block_type for child in body]
    assert types[types.index("pull_quote") - 1 : types.index("pull_quote") + 2] == [
        "paragraph",
        "pull_quote",
        "subhead",
    ]
    pages, revisions = Page.objects.count(), Revision.objects.count()
    out, _err = run(
        EXPORT, "--parent", news_index.pk, "--images-dir", IMAGES, "--kicker-from-category"
    )
    assert "1 file read (unchanged: 2)." in out
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


@pytest.mark.django_db
def test_the_command_imports_drafts_as_drafts(news_index):
    out, _err = run(EXPORT, "--parent", news_index.pk, "--include-drafts")
    assert "(created: 3)" in out
    draft = ImportedStory.objects.get(source_id="https://ostsee-kurier.example.de/?p=103").page
    assert not draft.live


@pytest.mark.django_db
def test_the_command_fails_on_a_refused_export_and_names_it(news_index, tmp_path):
    bomb = tmp_path / "export.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "a">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="could not be imported"):
        run(bomb, "--parent", news_index.pk)
