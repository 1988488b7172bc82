"""Validating a story checks its experts and images in bulk, with the same results as one by one."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import blocks
from wagtail.images import get_image_model

from tests.factories import make_image
from wagtail_newsblocks.blocks import NewsStoryBlock
from wagtail_newsblocks.blocks.choice import TextChoiceBlock
from wagtail_newsblocks.languages import language_choices
from wagtail_newsblocks.models import Expert


def story_json(experts, images) -> str:
    items = []
    for expert, image in zip(experts, images, strict=True):
        items += [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Bild"},
                    "caption": "",
                    "credit": "",
                },
            },
            {
                "type": "expert_opinion",
                "value": {
                    "label": "Experte",
                    "headline": "",
                    "level": "h2",
                    "expert": expert.pk,
                    "statement": "<p>Eine Einschätzung.</p>",
                    "quote": "",
                    "how_obtained": "said",
                },
            },
        ]
    return json.dumps(items)


@pytest.fixture
def roster(db):
    experts = [
        Expert.objects.create(name=f"Expert {i}", portrait=make_image(f"p{i}")) for i in range(12)
    ]
    images = [make_image(f"image {i}") for i in range(12)]
    return experts, images


def clean_queries(block, text) -> int:
    value = block.to_python(json.loads(text))
    list(value)  # loaded before counting: only validation is measured
    with CaptureQueriesContext(connection) as queries:
        block.clean(value)
    return len(queries)


def test_validation_queries_do_not_grow_with_experts_and_images(roster):
    experts, images = roster
    block = NewsStoryBlock()
    few = clean_queries(block, story_json(experts[:2], images[:2]))
    many = clean_queries(block, story_json(experts, images))
    assert few == many
    assert many <= 3


def test_saving_from_code_validates_in_bulk(roster):
    experts, images = roster
    block = NewsStoryBlock()
    counts = []
    for count in (2, 12):
        value = block.to_python(json.loads(story_json(experts[:count], images[:count])))
        with CaptureQueriesContext(connection) as queries:
            block.get_prep_value(value)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_cleaned_values_are_wagtails(roster):
    experts, images = roster
    block = NewsStoryBlock()
    text = story_json(experts[:3], images[:3])
    cleaned = block.clean(block.to_python(json.loads(text)))
    prep = block.get_prep_value(cleaned)
    stored = json.loads(text)
    assert [item["value"]["expert"] for item in prep if item["type"] == "expert_opinion"] == [
        item["value"]["expert"] for item in stored if item["type"] == "expert_opinion"
    ]
    assert [item["value"]["image"]["image"] for item in prep if item["type"] == "image"] == [
        image.pk for image in images[:3]
    ]
    # The snapshot comes from the expert as chosen.
    assert prep[1]["value"]["expert_snapshot"]["name"] == "Expert 0"


def test_an_image_deleted_after_loading_is_still_refused(roster):
    experts, images = roster
    block = NewsStoryBlock()
    value = block.to_python(json.loads(story_json(experts[:2], images[:2])))
    list(value)
    get_image_model().objects.filter(pk=images[1].pk).delete()
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {2}


def test_an_expert_deleted_after_loading_is_still_refused(roster):
    experts, images = roster
    block = NewsStoryBlock()
    value = block.to_python(json.loads(story_json(experts[:2], images[:2])))
    list(value)
    Expert.objects.filter(pk=experts[0].pk).delete()
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {1}


def test_choosers_outside_a_story_clean_as_wagtails(roster):
    experts, _images = roster
    expert_block = NewsStoryBlock().child_blocks["expert_opinion"]
    chooser = expert_block.child_blocks["expert"]
    assert chooser.clean(experts[0]) == experts[0]
    with pytest.raises(ValidationError):
        chooser.clean(Expert(pk=999_999, name="Niemand"))


@pytest.mark.parametrize(
    "value", ["de", "en-gb", "", "xx-unknown", None, 5, "h2", " de", b"de"], ids=repr
)
def test_text_choices_normalise_as_wagtails(value):
    ours = TextChoiceBlock(choices=language_choices, required=False)
    wagtails = blocks.ChoiceBlock(choices=language_choices, required=False)
    assert ours.to_python(value) == wagtails.to_python(value)
    assert type(ours.to_python(value)) is type(wagtails.to_python(value))
    assert ours.deconstruct() == wagtails.deconstruct()
