"""Hostile or broken import files fail one file at a time (issue #17, part 8).

Each defect is reproduced twice: through the Python API the command uses
(``parse_article`` / ``import_article``) and through ``newsblocks_import`` on
a folder of several files with the hostile one in the middle, which must not
stop the files after it. The hostile files are generated here, in tmp_path.
"""

from __future__ import annotations

import gc
import os
import struct
import threading
import tracemalloc
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from PIL import Image
from wagtail.images import get_image_model

from tests.testapp.models import StoryPage as NewsStoryPage
from wagtail_newsblocks.importer import ArticleImportError, import_article, parse_article
from wagtail_newsblocks.importer.html import MAX_DEPTH
from wagtail_newsblocks.models import ImportedStory

IMAGES = Path(__file__).resolve().parent / "data" / "import" / "images"


def story(title: str, body: str = "<p>The story goes on.</p>", *, head: str = "") -> str:
    slug = title.lower().replace(" ", "-")
    return (
        f'<html lang="en"><head><link rel="canonical" href="https://example.org/{slug}">{head}'
        f"</head><body><article><h1>{title}</h1><p class='lead'>The lead of {title}.</p>"
        f"{body}</article></body></html>"
    )


def batch(folder: Path, hostile: str | bytes) -> Path:
    """A folder of three stories, the hostile one in the middle (files are read in name order)."""
    folder.mkdir(exist_ok=True)
    (folder / "a-first.html").write_text(story("First story"), encoding="utf-8")
    middle = folder / "m-hostile.html"
    if isinstance(hostile, bytes):
        middle.write_bytes(hostile)
    else:
        middle.write_text(hostile, encoding="utf-8")
    (folder / "z-last.html").write_text(story("Last story"), encoding="utf-8")
    return middle


def run(*args) -> tuple[str, str, CommandError | None]:
    """The command's output and errors, and the CommandError it ended with (if any)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("newsblocks_import", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def titles() -> set[str]:
    return set(NewsStoryPage.objects.values_list("title", flat=True))


def assert_neighbours_imported(out: str) -> None:
    assert "created: “First story”" in out
    assert "created: “Last story”" in out
    assert "3 files read" in out
    assert {"First story", "Last story"} <= titles()


# -- deeply nested markup -------------------------------------------------------------------------

NESTING = 600  # a few hundred unclosed tags: past Python's recursion limit for a recursive walk


@pytest.mark.parametrize(
    "opening",
    ["<font size=2>", "<b>", "<span>", "<a href='https://example.org/x'>", "<div>", "<p>", "<li>"],
)
def test_hundreds_of_unclosed_nested_tags_are_read(opening):
    source = story("Nested", body=f"<p>Before.</p>{opening * NESTING}Deep text at the bottom.")
    article = parse_article(source)
    text = " ".join(str(value) for _type, value in article.blocks)
    assert "Before." in text and "Deep text at the bottom." in text


def test_nested_lists_and_quotes_are_read():
    lists = story("Lists", body="<ul><li>" * (NESTING // 2) + "Innermost item.")
    article = parse_article(lists)
    assert "Innermost item." in " ".join(str(value) for _type, value in article.blocks)
    quotes = story("Quotes", body="<blockquote>" * NESTING + "„Deep quote“")
    assert "Deep quote" in str(parse_article(quotes).blocks)


def test_nesting_beyond_the_limit_is_refused_by_name():
    source = story("Too deep", body="<div>" * (MAX_DEPTH + 10) + "Text.")
    with pytest.raises(ArticleImportError, match=rf"more than {MAX_DEPTH:,} levels deep"):
        parse_article(source)


@pytest.mark.django_db
def test_command_imports_a_deeply_nested_file_between_others(news_index, tmp_path):
    batch(tmp_path, story("Nested story", body="<font>" * NESTING + "Deep text."))
    out, err, error = run(tmp_path, "--parent", news_index.pk)
    assert error is None, err
    assert_neighbours_imported(out)
    assert "created: “Nested story”" in out
    page = NewsStoryPage.objects.get(title="Nested story")
    assert "Deep text." in str(page.body.raw_data)


@pytest.mark.django_db
def test_command_reports_a_too_deep_file_and_goes_on(news_index, tmp_path):
    middle = batch(tmp_path, story("Too deep", body="<span>" * (MAX_DEPTH + 10) + "Text."))
    out, err, error = run(tmp_path, "--parent", news_index.pk)
    assert f"Not imported: {middle}" in err
    assert f"more than {MAX_DEPTH:,} levels deep" in err
    assert_neighbours_imported(out)
    assert error is not None and "1 of 3 files could not be imported" in str(error)
    assert str(middle) in str(error)
    assert "Too deep" not in titles()


# -- any exception, one file at a time ----------------------------------------------------------------


def failing_rule(draft):
    """A site's PULL_QUOTE_FROM_TEXT rule with a bug that only one story triggers."""
    if any("trigger" in text for _index, text in draft.paragraphs):
        raise KeyError("speaker")
    return None


@pytest.mark.django_db
def test_any_exception_in_one_file_is_reported_and_the_batch_goes_on(news_index, tmp_path):
    middle = batch(tmp_path, story("Buggy", body="<p>This paragraph is the trigger.</p>"))
    rules = {"PULL_QUOTE_FROM_TEXT": "tests.test_importer_hostile.failing_rule"}
    with override_settings(WAGTAIL_NEWSBLOCKS={"IMPORT_RULES": rules}):
        out, err, error = run(tmp_path, "--parent", news_index.pk)
    assert f"Not imported: {middle}" in err
    assert "KeyError: 'speaker'" in err
    assert_neighbours_imported(out)
    assert error is not None and str(middle) in str(error)
    assert "a-first.html" not in str(error) and "z-last.html" not in str(error)


@pytest.mark.django_db
def test_a_file_failing_after_its_page_was_made_leaves_no_page(
    news_index, tmp_path, monkeypatch, images_dir
):
    from wagtail_newsblocks.importer import save

    middle = batch(
        tmp_path / "stories",
        story(
            "Half made",
            body="<p>Text.</p><img src='wind-farm.png' alt='Wind farm'>",
            head='<meta property="article:published_time" content="2023-09-13T10:30:00+02:00">',
        ),
    )
    storage = get_image_model()._meta.get_field("file").storage
    stored = (
        set(storage.listdir("original_images")[1]) if storage.exists("original_images") else set()
    )
    original = save._set_first_published

    def fail_for_half_made(page, published_at):
        original(page, published_at)
        if page.title == "Half made":
            raise RuntimeError("the database went away")

    monkeypatch.setattr(save, "_set_first_published", fail_for_half_made)
    out, err, error = run(
        tmp_path / "stories", "--parent", news_index.pk, "--images-dir", images_dir
    )
    assert f"Not imported: {middle}" in err and "RuntimeError: the database went away" in err
    assert_neighbours_imported(out)
    assert error is not None and str(middle) in str(error)
    # The page was added and published inside the transaction: nothing of it is left.
    assert "Half made" not in titles()
    assert not ImportedStory.objects.filter(source_id__contains="half-made").exists()
    # Nor of its image: the row went with the transaction, the file is taken out of storage.
    assert not get_image_model().objects.exists()
    assert set(storage.listdir("original_images")[1]) == stored


# -- decompression bombs ----------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def decompression_bomb(path: Path, side: int = 14000) -> Path:
    """A valid 1-bit PNG of ``side``² black pixels: a few KB on disk, far more once decoded."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (side + 7) // 8)  # filter byte, then the packed pixels
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def images_dir(tmp_path) -> Path:
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "wind-farm.png").write_bytes((IMAGES / "wind-farm.png").read_bytes())
    return folder


BOMB_STORY = story(
    "Bomb",
    body="<figure><img src='/uploads/bomb.png' alt='Bomb'><figcaption>A caption</figcaption></figure>"
    "<p>Text after the image.</p><img src='wind-farm.png' alt='Wind farm'>",
)


def test_a_decompression_bomb_image_is_reported_and_skipped(images_dir):
    bomb = decompression_bomb(images_dir / "bomb.png")
    assert bomb.stat().st_size < 100_000
    article = parse_article(BOMB_STORY, images_dir=images_dir)
    assert "image too large (decompression-bomb limit): bomb.png" in article.report.as_text()
    # The caption stays, the other image is taken, the text goes on.
    assert article.block_types == ["paragraph", "paragraph", "image"]
    assert article.blocks[0][1] == "<p>A caption</p>"


def test_images_over_pillows_pixel_limit_are_refused_too(images_dir, monkeypatch):
    # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns: the importer
    # refuses those as well rather than hand Wagtail an image it will decode.
    with Image.open(images_dir / "wind-farm.png") as image:
        pixels = image.width * image.height
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pixels - 1)
    article = parse_article(
        story("Big", body="<img src='wind-farm.png' alt='Wind'>"), images_dir=images_dir
    )
    assert "image" not in article.block_types
    assert "image too large (decompression-bomb limit)" in article.report.as_text()


@pytest.mark.django_db
def test_command_goes_on_after_a_decompression_bomb(news_index, tmp_path, images_dir):
    decompression_bomb(images_dir / "bomb.png")
    batch(tmp_path / "stories", BOMB_STORY)
    out, err, error = run(
        tmp_path / "stories", "--parent", news_index.pk, "--images-dir", images_dir
    )
    assert error is None, err
    assert_neighbours_imported(out)
    assert "created: “Bomb”" in out
    assert "image too large (decompression-bomb limit)" in out


# -- publication dates outside datetime's range ----------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "0001-01-01", "9999-12-31"]
)
def test_an_out_of_range_publication_date_is_reported_not_kept(value):
    head = f'<meta property="article:published_time" content="{value}">'
    article = parse_article(story("Dated", head=head))
    assert article.published_at is None
    assert f"publication date “{value}”" in article.report.as_text()


def test_out_of_range_dates_are_reported_in_the_editors_language():
    # Each date is named in the report's language ("Veröffentlichungsdatum"),
    # not by an English word set into a German sentence.
    from django.utils import translation

    head = (
        '<meta property="article:published_time" content="9999-12-31">'
        '<meta property="article:modified_time" content="0001-01-01">'
    )
    with translation.override("de"):
        report = parse_article(story("Dated", head=head)).report.as_text()
    assert "Veröffentlichungsdatum der Quelle „9999-12-31“" in report
    assert "Änderungsdatum der Quelle „0001-01-01“" in report
    assert "publication" not in report and "modification" not in report


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_import_article_with_an_out_of_range_date(news_index, value):
    head = f'<meta property="article:published_time" content="{value}">'
    result = import_article(story("Dated", head=head), parent=news_index)
    assert result.action == "created"
    page = NewsStoryPage.objects.get(pk=result.page.pk)
    assert page.live and page.first_published_at.year not in (1, 9999)
    assert f"publication date “{value}”" in result.report.as_text()


@pytest.mark.django_db
def test_command_goes_on_after_an_out_of_range_date(news_index, tmp_path):
    head = '<meta property="article:published_time" content="9999-12-31T23:59:59-05:00">'
    batch(tmp_path, story("Dated", head=head))
    out, err, error = run(tmp_path, "--parent", news_index.pk)
    assert error is None, err
    assert_neighbours_imported(out)
    assert "created: “Dated”" in out
    assert "publication date “9999-12-31T23:59:59-05:00”" in out


# -- image addresses no file can have ----------------------------------------------------------------------

BAD_ADDRESSES = {
    "nul byte": "wind\x00farm.png",
    "escaped nul byte": "/uploads/wind%00farm.png",
    "over-long name": "a" * 300 + ".png",
}


@pytest.mark.parametrize("src", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_image_addresses_no_file_can_have_are_reported_and_skipped(images_dir, src):
    source = story("Addresses", body=f"<p>Before.</p><img src='{src}' alt='Odd'><p>After.</p>")
    article = parse_article(source, images_dir=images_dir)
    assert "image" not in article.block_types
    assert "an image address that cannot name a file" in article.report.as_text()
    assert "\x00" not in article.report.as_text()
    assert [value for _type, value in article.blocks] == ["<p>Before.</p>", "<p>After.</p>"]


def test_an_address_longer_than_any_path_still_finds_its_file_name(images_dir):
    # Tails of the URL's path are tried down to the file name; those no path
    # can be long enough for are passed over, not an error.
    src = "/".join(["segment"] * 800) + "/wind-farm.png"
    article = parse_article(
        story("Long", body=f"<img src='{src}' alt='Wind'>"), images_dir=images_dir
    )
    assert article.block_types == ["image"]
    assert article.blocks[0][1]["image"]["image"].path == (images_dir / "wind-farm.png").resolve()


@pytest.mark.django_db
def test_command_goes_on_after_impossible_image_addresses(news_index, tmp_path, images_dir):
    images = "".join(f"<img src='{src}' alt='Odd'>" for src in BAD_ADDRESSES.values())
    batch(tmp_path / "stories", story("Addresses", body=f"<p>Text.</p>{images}"))
    out, err, error = run(
        tmp_path / "stories", "--parent", news_index.pk, "--images-dir", images_dir
    )
    assert error is None, err
    assert_neighbours_imported(out)
    assert "created: “Addresses”" in out
    assert out.count("an image address that cannot name a file") == 3


# -- the size limit ---------------------------------------------------------------------------------------------


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = sparse_file(tmp_path / "big.html", 100 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ArticleImportError, match="larger than the import size limit"):
            parse_article(big)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # reading it would have taken 100 MB


def test_the_size_limit_is_a_setting_and_an_argument(tmp_path):
    source = tmp_path / "story.html"
    source.write_text(story("Sized"), encoding="utf-8")
    size = source.stat().st_size
    assert parse_article(source, max_bytes=size).title == "Sized"
    with pytest.raises(ArticleImportError, match=f"{size:,} bytes"):
        parse_article(source, max_bytes=size - 1)
    with override_settings(WAGTAIL_NEWSBLOCKS={"IMPORT_MAX_BYTES": size - 1}):
        with pytest.raises(ArticleImportError, match="larger than the import size limit"):
            parse_article(source)
        # Content passed directly is held to the same limit.
        with pytest.raises(ArticleImportError, match="larger than the import size limit"):
            parse_article(source.read_bytes())
        with pytest.raises(ArticleImportError, match="larger than the import size limit"):
            parse_article(source.read_text(encoding="utf-8"))
    with override_settings(WAGTAIL_NEWSBLOCKS={"IMPORT_MAX_BYTES": None}):
        assert parse_article(source).title == "Sized"


def test_a_stream_is_read_up_to_the_limit_only(tmp_path):
    # A FIFO (or a device) says nothing of its size: the importer reads one
    # byte past the limit and stops, however much the other end writes.
    fifo = tmp_path / "stream.html"
    os.mkfifo(fifo)
    limit = 64 * 1024
    written = []

    def writer() -> None:
        with fifo.open("wb") as handle:
            try:
                for _ in range(64):
                    handle.write(b"x" * limit)
                    written.append(limit)
            except BrokenPipeError:
                pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    tracemalloc.start()
    try:
        with pytest.raises(ArticleImportError, match="larger than the import size limit"):
            parse_article(fifo, max_bytes=limit)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    thread.join(timeout=10)
    assert peak < 8 * limit
    assert sum(written) < 64 * limit


@pytest.mark.django_db
def test_command_refuses_a_file_over_the_limit_and_goes_on(news_index, tmp_path):
    middle = batch(tmp_path, b"")
    sparse_file(middle, 6 * 1024 * 1024)  # over the default of 5 MB
    out, err, error = run(tmp_path, "--parent", news_index.pk, "--dry-run")
    assert f"Not imported: {middle}" in err
    assert "larger than the import size limit" in err and "6,291,456 bytes" in err
    assert "would create: “First story”" in out and "would create: “Last story”" in out
    assert error is not None and "1 of 3 files could not be imported" in str(error)
    assert str(middle) in str(error)


@pytest.mark.django_db
def test_command_max_bytes_option(news_index, tmp_path):
    middle = batch(tmp_path, story("Middle story", body="<p>Long text.</p>" * 200))
    size = middle.stat().st_size
    assert size > 3000
    out, err, error = run(tmp_path, "--parent", news_index.pk, "--max-bytes", 3000)
    assert f"Not imported: {middle}" in err and "3,000 bytes" in err
    assert_neighbours_imported(out)
    assert error is not None and str(middle) in str(error)
    out, err, error = run(tmp_path, "--parent", news_index.pk, "--max-bytes", "1M")
    assert error is None, err
    assert "created: “Middle story”" in out
    with pytest.raises(CommandError, match="max-bytes"):
        call_command(
            "newsblocks_import",
            str(tmp_path),
            "--parent",
            str(news_index.pk),
            "--max-bytes",
            "lots",
        )


# -- long stories stay linear -------------------------------------------------------
#
# Counted, not timed: how many tokens the speaker finder reads and how many
# token-list items it copies, for a story of many quotations.


class _CountingToken:
    """``attribution._TOKEN`` that counts the tokens handed out."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.handed_out = 0

    def finditer(self, text):
        for match in self.pattern.finditer(text):
            self.handed_out += 1
            yield match

    def findall(self, text):
        found = self.pattern.findall(text)
        self.handed_out += len(found)
        return found


def _long_story(quotes: int) -> str:
    sentence = "Der Rat tagte am Montag in der Stadt und beriet über den Haushalt. "
    return "".join(
        f"„Wir prüfen den Antrag Nummer {n}“, sagte Jana Holt, Sprecherin des Rats. "
        + sentence * 20
        for n in range(quotes)
    )


def test_finding_speakers_reads_a_bounded_number_of_tokens_per_quotation(monkeypatch):
    from wagtail_newsblocks.importer import attribution
    from wagtail_newsblocks.importer.rules import get_rules

    counting = _CountingToken(attribution._TOKEN)
    monkeypatch.setattr(attribution, "_TOKEN", counting)
    text = _long_story(200)
    found = attribution.attributions(text, rules=get_rules(), language="de")
    assert len(found) == 200
    assert {(a.name, a.appositive) for a in found} == {("Jana Holt", "Sprecherin des Rats")}
    # Reading what follows each quotation to the story's end would hand out
    # about 200 x 100 x 300 / 2 tokens.
    assert counting.handed_out <= 200 * (attribution._MAX_NAME_TOKENS + 8)


def test_completing_a_name_copies_no_token_list_per_word(monkeypatch):
    from wagtail_newsblocks.importer import attribution

    copied = []
    leading_run = attribution._leading_run

    def counted(tokens, *args):
        copied.append(len(tokens) if not args else 0)
        return leading_run(tokens, *args)

    monkeypatch.setattr(attribution, "_leading_run", counted)
    text = "Die Sprecherin Jana Holt sagte es. " + _long_story(50)
    assert attribution.complete_name("Holt", text, language="de")[0] == "Jana Holt"
    # One slice of the rest of the story per word would copy ~n²/2 items.
    assert sum(copied) <= len(attribution._tokens(text))


class _CountingSearch:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.searches = 0

    def search(self, *args):
        self.searches += 1
        return self.pattern.search(*args)


def test_the_speech_verbs_before_a_quotation_are_tried_only_before_a_colon(monkeypatch):
    # "Der Sprecher sagte lediglich: „…“" is the only form that names a speaker
    # before the quotation; trying every speech verb of every language at each
    # word of the sentence before each quotation cost a fifth of a page's
    # attribution time on the development corpus, nearly all of it in vain.
    from wagtail_newsblocks.importer import attribution
    from wagtail_newsblocks.importer.rules import get_rules

    counted = {}
    patterns = attribution._verb_patterns

    def counting(verbs):
        after, name_then_verb, before = patterns(verbs)
        counted.setdefault(verbs, _CountingSearch(before))
        return after, name_then_verb, counted[verbs]

    monkeypatch.setattr(attribution, "_verb_patterns", counting)
    rules = get_rules()
    plain = " ".join(f"Der Rat tagte. Er beriet „den Antrag Nummer {n}“ lange." for n in range(50))
    assert [a.name for a in attribution.attributions(plain, rules=rules, language="de")] == [
        ""
    ] * 50
    assert sum(search.searches for search in counted.values()) == 0
    # Whatever white space stands between the colon and the quotation mark.
    for space in ("", " ", "\u00a0", "\n", " \u2009"):
        text = (
            f"Der Sprecher Dmitri Peskow sagte auf eine Frage lediglich:{space}„Wir kooperieren.“"
        )
        found = attribution.attributions(text, rules=rules, language="de")
        assert [(a.name, a.quote) for a in found] == [("Dmitri Peskow", "Wir kooperieren.")], space


@pytest.mark.parametrize("extra", [-1, 0, 1, 2])
@pytest.mark.parametrize("shallow_first", [False, True])
def test_pages_deeper_than_lxml_reads_are_found_at_the_exact_depth(extra, shallow_first):
    # lxml (libxml2) cuts a tree past its depth, and such a page is read by
    # BeautifulSoup instead: the check must find one element past LXML_DEPTH
    # ancestors wherever it stands, and no page within it.
    from wagtail_newsblocks.importer import extract
    from wagtail_newsblocks.importer.html import LXML_DEPTH, _too_deep

    # <html> and <body> are the innermost <div>'s first two ancestors.
    divs = LXML_DEPTH - 2 + 1 + extra
    deep = "<div>" * divs + "Text." + "</div>" * divs
    shallow = "<p>A paragraph.</p><div><p>Another.</p></div>"
    body = shallow + deep if shallow_first else deep + shallow
    tree = extract.page_tree(f"<html><body>{body}</body></html>")
    deepest = max(sum(1 for _ in element.iterancestors()) for element in tree.iter())
    assert deepest == LXML_DEPTH + extra
    assert _too_deep(tree) is (deepest > LXML_DEPTH)


# -- the garbage collector -------------------------------------------------------------------------
#
# A page's article is read as a BeautifulSoup tree, a few thousand objects
# that refer to each other. Collected while it was alive, it used to move on to
# Python's oldest generation, whose collections walk the whole heap of a
# Django and Wagtail process: 2 ms of a corpus page's 24, where trafilatura
# alone pays 0.05.

NEWS_PAGE = (Path(__file__).resolve().parent / "data" / "import" / "en-news-page.html").read_bytes()


def _trees_in_the_oldest_generation() -> int:
    return sum(1 for o in gc.get_objects(generation=2) if str(type(o).__module__).startswith("bs4"))


def test_reading_pages_leaves_no_tree_to_the_oldest_generation():
    # Collections as often as can be while a page is read, the oldest
    # generation's never, so that what moves there stays to be counted.
    thresholds = gc.get_threshold()
    gc.collect()
    before = _trees_in_the_oldest_generation()
    gc.set_threshold(50, 1, 1_000_000)
    try:
        for _ in range(5):
            parse_article(NEWS_PAGE, format="html")
        after = _trees_in_the_oldest_generation()
    finally:
        gc.set_threshold(*thresholds)
    assert after == before


def test_the_collector_is_paused_only_while_a_source_is_read(monkeypatch):
    from wagtail_newsblocks.importer import html

    seen = []
    article_soup = html._article_soup

    def spy(markup):
        seen.append(gc.isenabled())
        return article_soup(markup)

    monkeypatch.setattr(html, "_article_soup", spy)
    assert gc.isenabled()
    parse_article(NEWS_PAGE, format="html")
    assert seen == [False] and gc.isenabled()
    # Also when the source is refused, and never switched on for a program that switched it off.
    with pytest.raises(ArticleImportError):
        parse_article(story("Too deep", body="<div>" * (MAX_DEPTH + 10) + "Text."))
    assert gc.isenabled()
    gc.disable()
    try:
        parse_article(NEWS_PAGE, format="html")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_paused_post_by_post_in_a_wordpress_export(monkeypatch):
    from wagtail_newsblocks.importer import wxr

    seen = []
    assemble = wxr.assemble

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return assemble(*args, **kwargs)

    monkeypatch.setattr(wxr, "assemble", spy)
    between = []
    for _item in wxr.read_wxr(IMAGES.parent / "wordpress-export.xml", include_drafts=True):
        between.append(gc.isenabled())  # the export itself is streamed with it on
    assert seen and not any(seen)
    assert between and all(between) and gc.isenabled()


def test_readers_in_several_threads_leave_the_collector_on():
    errors = []

    def read():
        try:
            for _ in range(3):
                parse_article(NEWS_PAGE, format="html")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and gc.isenabled()


# -- addresses no parser reads ---------------------------------------------------------------------

BROKEN_HOST = "http://[::1/a"  # an IPv6 host without its closing bracket: urllib raises
_LONG_ENOUGH = "<p>The council met on Monday and agreed to build the new quay next year.</p>" * 4
BROKEN_ADDRESSES = {
    "image": f'<img src="{BROKEN_HOST}.gif" alt="A quay">',
    "link": f'<p>See <a href="{BROKEN_HOST}">the plans</a> for the quay.</p>',
    "figure": f'<figure><img src="{BROKEN_HOST}.jpg" alt="x"><figcaption>The quay</figcaption></figure>',
    "quote source": f'<blockquote cite="{BROKEN_HOST}"><p>„Wir bauen den Kai.“</p></blockquote>',
    "canonical link": "",
}


@pytest.mark.parametrize("rules", [None, {"EXTRACTOR": None}], ids=["extracted", "rules"])
@pytest.mark.parametrize("where", BROKEN_ADDRESSES)
def test_an_address_no_parser_reads_loses_nothing_else(where, rules):
    head = f'<link rel="canonical" href="{BROKEN_HOST}">' if where == "canonical link" else ""
    source = (
        f'<html lang="en"><head>{head}</head><body><article><h1>A new quay</h1>'
        f"{_LONG_ENOUGH}{BROKEN_ADDRESSES[where]}</article></body></html>"
    )
    article = parse_article(source, format="html", rules=rules)
    text = " ".join(str(value) for _type, value in article.blocks)
    assert article.title == "A new quay" and "build the new quay" in text
    assert "[::1" not in text and "[::1" not in article.source_id
    if where == "link":
        assert "the plans" in text
        assert article.report.dropped["link with an unsafe address"] == 1
