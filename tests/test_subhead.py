"""Subheads, their anchors, the heading outline and the table of contents."""

import random

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from wagtail_newsblocks.blocks import NewsStoryBlock, SubheadBlock
from wagtail_newsblocks.blocks.story_facts import StoryFacts
from wagtail_newsblocks.outline import slugify_anchor, unique_anchors


def subhead(text, level="h2", anchor=""):
    return ("subhead", {"text": text, "level": level, "anchor": anchor})


def toc(title="", max_level="h3"):
    return ("table_of_contents", {"title": title, "max_level": max_level})


class TestSlugs:
    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            (
                "Kreml: „Kooperation in sensiblen Bereichen“",
                "kreml-kooperation-in-sensiblen-bereichen",
            ),
            (
                "Militärexperte: Nordkoreanische Munition würde nicht viel ändern",
                "militaerexperte-nordkoreanische-munition-wuerde-nicht-viel-aendern",
            ),
            ("Größe & Maße", "groesse-masse"),
            ("ÄÖÜ äöü ß", "aeoeue-aeoeue-ss"),
            ("Café crème à Paris", "cafe-creme-a-paris"),
            ("Łódź", "lodz"),
            ("Кремль: сотрудничество", "кремль-сотрудничество"),
            ("  --- !!! ---  ", "section"),
            ("2024: A year", "2024-a-year"),
        ],
    )
    def test_slugify(self, text, slug):
        assert slugify_anchor(text) == slug

    def test_unique_anchors_number_repeats(self):
        assert unique_anchors([("a", False), ("a", False), ("a", False)]) == ["a", "a-2", "a-3"]

    def test_editor_anchor_is_never_taken_by_an_earlier_slug(self):
        assert unique_anchors([("faq", False), ("faq", True)]) == ["faq-2", "faq"]

    def test_suffix_collides_with_a_real_heading(self):
        assert unique_anchors([("a", False), ("a-2", False), ("a", False)]) == ["a", "a-2", "a-3"]


def reference_unique_anchors(requested):
    """``unique_anchors`` as it was written first: plain, and quadratic in repeats.

    The anchors it gives are the scheme sites link to; the linear version
    must give exactly the same for every input.
    """
    requested = list(requested)
    reserved = {anchor for anchor, explicit in requested if explicit}
    used, claimed_explicit, result = set(), set(), []
    for anchor, explicit in requested:
        if explicit and anchor not in claimed_explicit:
            claimed_explicit.add(anchor)
            used.add(anchor)
            result.append(anchor)
            continue
        candidate, number = anchor, 1
        while candidate in used or (candidate in reserved and not explicit):
            number += 1
            candidate = f"{anchor}-{number}"
        used.add(candidate)
        result.append(candidate)
    return result


class TestUniqueAnchors:
    @pytest.mark.parametrize(
        ("requested", "anchors"),
        [
            ([], []),
            (
                [("a", False), ("a", False), ("a-2", False), ("a-2", False)],
                ["a", "a-2", "a-2-2", "a-2-3"],
            ),
            (
                [("a-2", False), ("a", False), ("a", False), ("a", False)],
                ["a-2", "a", "a-3", "a-4"],
            ),
            # An editor's later anchor is kept free; a repeat of it is numbered on.
            (
                [("faq", False), ("faq", True), ("faq", False), ("faq", True)],
                ["faq-2", "faq", "faq-3", "faq-4"],
            ),
            (
                [("a", False), ("a", False), ("a", False), ("a-3", True), ("a", False)],
                ["a", "a-2", "a-4", "a-3", "a-5"],
            ),
            # An editor's anchor typed twice (only in drafts: validation rejects
            # it) is numbered without regard to later editors' anchors, and may
            # clash with one, as it always has; an automatic slug never does.
            (
                [("a", True), ("a", False), ("a", True), ("a-2", True), ("a", False)],
                ["a", "a-3", "a-2", "a-2", "a-4"],
            ),
            ([("a-1", False), ("a", False), ("a", False)], ["a-1", "a", "a-2"]),
        ],
    )
    def test_collisions(self, requested, anchors):
        assert unique_anchors(requested) == anchors
        assert reference_unique_anchors(requested) == anchors

    def test_same_as_the_reference_on_generated_stories(self):
        # Few distinct texts, so that repeats, numbered look-alikes ("a-2" as
        # a heading of its own) and editor-pinned anchors keep colliding.
        pool = ["a", "a-2", "a-3", "a-2-2", "a-1", "a-02", "a-10", "b", "b-2", "section", "x-y"]
        rng = random.Random(17)
        for _ in range(3000):
            texts = rng.sample(pool, rng.randint(1, len(pool)))
            pinned = rng.random() * 0.5
            requested = [
                (rng.choice(texts), rng.random() < pinned) for _ in range(rng.randint(0, 40))
            ]
            assert unique_anchors(requested) == reference_unique_anchors(requested), requested

    def test_same_as_the_reference_for_long_runs_of_one_subhead(self):
        rng = random.Random(5)
        for _ in range(20):
            requested = [("update", False)] * rng.randint(100, 400)
            # Editors pin some numbers of the run, before, among and after it.
            for _ in range(rng.randint(0, 10)):
                pinned = (f"update-{rng.randint(1, 450)}", True)
                requested.insert(rng.randint(0, len(requested)), pinned)
            requested.insert(rng.randint(0, len(requested)), ("update", True))
            assert unique_anchors(requested) == reference_unique_anchors(requested)

    def test_thousands_of_identical_subheads(self):
        anchors = unique_anchors([("update", False)] * 5000)
        assert anchors == ["update", *(f"update-{n}" for n in range(2, 5001))]


@pytest.mark.django_db
class TestSubheadRendering:
    def test_ids_levels_and_uniqueness(self, make_story, render_page):
        story = make_story(
            [
                subhead("Kreml: „Kooperation in sensiblen Bereichen“"),
                subhead("Details", "h3"),
                subhead("Militärexperte: Nordkoreanische Munition würde nicht viel ändern"),
                subhead("Details", "h3"),
                subhead("Details", "h3"),
                subhead("Custom", "h2", "#Mein Anker"),
            ],
            language="de",
        )
        soup = render_page(story)
        headings = soup.select(".story__body .newsblocks-subhead")
        assert [(h.name, h["id"], h.get_text()) for h in headings] == [
            (
                "h2",
                "kreml-kooperation-in-sensiblen-bereichen",
                "Kreml: „Kooperation in sensiblen Bereichen“",
            ),
            ("h3", "details", "Details"),
            (
                "h2",
                "militaerexperte-nordkoreanische-munition-wuerde-nicht-viel-aendern",
                "Militärexperte: Nordkoreanische Munition würde nicht viel ändern",
            ),
            ("h3", "details-2", "Details"),
            ("h3", "details-3", "Details"),
            ("h2", "mein-anker", "Custom"),
        ]
        ids = [element["id"] for element in soup.select("[id]")]
        assert len(ids) == len(set(ids))

    def test_children_rendered_one_by_one_still_get_unique_ids(self, make_story):
        from django.template import engines

        story = make_story([subhead("Same"), subhead("Same")])
        template = engines["django"].from_string(
            "{% load wagtailcore_tags wagtail_newsblocks_tags %}{% newsblocks_story page.body %}"
            "{% for block in page.body %}{% include_block block %}{% endfor %}"
        )
        html = template.render({"page": story})
        assert 'id="same"' in html and 'id="same-2"' in html

    def test_api_representation_gives_the_unique_anchor(self):
        block = NewsStoryBlock()
        value = block.to_python(
            [{"type": t, "value": v} for t, v in [subhead("X"), subhead("X", anchor="mine")]]
        )
        data = [child["value"] for child in block.get_api_representation(value)]
        assert data == [
            {"text": "X", "level": 2, "anchor": "x", "anchor_is_custom": False, "url": None},
            {"text": "X", "level": 2, "anchor": "mine", "anchor_is_custom": True, "url": None},
        ]

    def test_outline_follows_edits(self):
        block = NewsStoryBlock()
        value = block.to_python([{"type": "subhead", "value": subhead("A")[1]}])

        def anchors():
            return [h.anchor for h in StoryFacts(value).outline]

        assert anchors() == ["a"]
        value.append(("subhead", block.child_blocks["subhead"].to_python(subhead("A")[1])))
        assert anchors() == ["a", "a-2"]
        del value[0]
        assert anchors() == ["a"]


@pytest.mark.django_db
class TestTableOfContents:
    def test_lists_subheads_nested_by_level(self, make_story, render_page):
        story = make_story(
            [
                toc(),
                ("paragraph", "<p>Intro</p>"),
                subhead("One"),
                subhead("One point one", "h3"),
                subhead("One point one point one", "h4"),
                subhead("Two"),
                subhead("One"),
            ]
        )
        soup = render_page(story)
        nav = soup.select_one("nav.newsblocks-toc")
        assert nav["aria-labelledby"] == nav.find("h2")["id"]
        assert nav.find("h2").get_text() == "Contents"
        top = nav.find("ol")
        items = top.find_all("li", recursive=False)
        assert [li.a["href"] for li in items] == ["#one", "#two", "#one-2"]
        nested = items[0].find("ol").find_all("li", recursive=False)
        assert [li.a.get_text() for li in nested] == ["One point one"]
        # h4 is deeper than the default "h3" limit
        assert nested[0].find("ol") is None
        # every link points at a real id on the page
        for link in nav.select("a"):
            assert soup.find(id=link["href"][1:]) is not None

    def test_deeper_levels_and_custom_title(self, make_story, render_page):
        soup = render_page(
            make_story(
                [toc("In this story", "h4"), subhead("A"), subhead("B", "h3"), subhead("C", "h4")]
            )
        )
        assert soup.select_one(".newsblocks-toc__title").get_text() == "In this story"
        assert [a["href"] for a in soup.select(".newsblocks-toc a")] == ["#a", "#b", "#c"]

    def test_german_story_gets_german_title(self, make_story, render_page):
        soup = render_page(make_story([toc(), subhead("Eins")], language="de"))
        assert soup.select_one(".newsblocks-toc__title").get_text() == "Inhalt"

    def test_renders_nothing_without_subheads(self, make_story, render_page):
        soup = render_page(make_story([toc(), ("paragraph", "<p>Only text.</p>")]))
        assert soup.select_one(".newsblocks-toc") is None


class TestHeadingValidation:
    def clean(self, *children):
        block = NewsStoryBlock()
        return block.clean(block.to_python([{"type": t, "value": v} for t, v in children]))

    def error_for(self, *children):
        with pytest.raises(StreamBlockValidationError) as caught:
            self.clean(*children)
        return {
            index: {name: e.messages for name, e in error.block_errors.items()}
            for index, error in caught.value.block_errors.items()
        }

    def test_h4_after_h2_is_rejected(self):
        errors = self.error_for(subhead("A"), ("paragraph", "<p>x</p>"), subhead("B", "h4"))
        assert errors == {
            2: {
                "level": [
                    "Block 3 (Subhead “B”) is an h4 straight after an h2. Choose h3, or add an h3 "
                    "subhead before it, so that screen-reader users can follow the outline."
                ]
            }
        }

    def test_first_subhead_must_be_h2(self):
        errors = self.error_for(subhead("A", "h3"))
        assert "is an h3 straight after an h1" in errors[0]["level"][0]

    def test_valid_outline_passes(self):
        self.clean(
            subhead("A"), subhead("B", "h3"), subhead("C", "h4"), subhead("D"), subhead("E", "h3")
        )

    def test_drafts_may_skip_levels(self):
        block = NewsStoryBlock()
        block.defer_required_validation()
        try:
            block.clean(block.to_python([{"type": "subhead", "value": subhead("A", "h4")[1]}]))
        finally:
            block.restore_deferred_validation()

    def test_duplicate_editor_anchors_are_rejected(self):
        errors = self.error_for(subhead("A", anchor="same"), subhead("B", anchor="#Same"))
        assert errors == {
            1: {
                "anchor": [
                    "Block 2 (subhead): the anchor “same” is already used by block 1. "
                    "Anchors must be unique within the story."
                ]
            }
        }

    def test_anchor_is_normalised(self):
        value = self.clean(subhead("A", anchor="#Kreml Reaktion"))
        assert value[0].value["anchor"] == "kreml-reaktion"


class TestSubheadValidation:
    def errors(self, **value):
        block = SubheadBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"text": "A", "level": "h2", "anchor": "", **value}))
        return {name: e.messages for name, e in caught.value.block_errors.items()}

    def test_text_required(self):
        assert self.errors(text="")["text"] == ["This field is required."]

    def test_single_line(self):
        assert self.errors(text="One\nTwo")["text"] == ["Subhead: the text must be a single line."]

    def test_too_long(self):
        assert self.errors(text="x" * 121)["text"] == [
            "Subhead: the text has 121 characters; the limit is 120. Shorten it by 1 character."
        ]

    def test_anchor_needs_a_letter(self):
        assert self.errors(anchor="###")["anchor"] == [
            "Subhead: the anchor needs at least one letter or digit."
        ]
