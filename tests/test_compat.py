"""``wagtail_newsblocks._compat``: the one module that reaches into Wagtail's internals.

Each function is run on the installed Wagtail (the test matrix installs 7.4
LTS and 8.x), and the rest of the package is checked for private access.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import wagtail
from wagtail import blocks

import wagtail_newsblocks
from wagtail_newsblocks._compat import declared_required, stream_items
from wagtail_newsblocks.blocks import NewsStoryBlock

PACKAGE = Path(wagtail_newsblocks.__file__).resolve().parent


def test_runs_on_a_supported_wagtail():
    assert wagtail.VERSION[:2] >= (7, 4)


class TestStreamItems:
    def story(self):
        return NewsStoryBlock().to_python(
            [
                {"type": "paragraph", "value": "<p>Eins.</p>", "id": "a"},
                {
                    "type": "subhead",
                    "value": {"text": "Zwei", "level": "h2", "anchor": ""},
                    "id": "b",
                },
            ]
        )

    def test_untouched_children_are_their_stored_items(self):
        value = self.story()
        items = list(stream_items(value))
        assert [raw["id"] for raw, child in items] == ["a", "b"]
        assert all(child is None for _raw, child in items)

    def test_converted_children_are_their_stream_children(self):
        value = self.story()
        value[1].value["text"] = "Geändert"  # converted, then changed in place
        items = list(stream_items(value))
        assert items[0][1] is None and items[0][0]["id"] == "a"
        raw, child = items[1]
        assert raw is None and child.value["text"] == "Geändert"
        # Wagtail's public raw_data still says what was loaded: why _compat is needed.
        assert value.raw_data[1]["value"]["text"] == "Zwei"

    def test_stored_items_are_the_values_own_dicts(self):
        value = self.story()
        raw, _child = next(stream_items(value))
        raw["id"] = "given"
        assert value.raw_data[0]["id"] == "given"

    def test_added_children_are_stream_children(self):
        value = self.story()
        value.append(
            ("paragraph", NewsStoryBlock().child_blocks["paragraph"].to_python("<p>3</p>"))
        )
        raw, child = list(stream_items(value))[-1]
        assert raw is None and child.block_type == "paragraph"


class TestDeclaredRequired:
    def test_outside_validation(self):
        assert declared_required(blocks.CharBlock(required=True))
        assert not declared_required(blocks.CharBlock(required=False))

    def test_while_wagtail_defers_validation(self):
        block = blocks.StructBlock([("text", blocks.CharBlock(required=True))])
        block.defer_required_validation()
        try:
            child = block.child_blocks["text"]
            assert not child.required  # what Wagtail switched off for the draft
            assert declared_required(child)
        finally:
            block.restore_deferred_validation()


# Wagtail internals the package once used outside _compat, and ways of
# changing Wagtail's objects that the package does not use at all.
PRIVATE = re.compile(
    r"\._(raw_data|bound_blocks|meta_class|validators|original_required|constructor_args)\b"
)


def test_private_wagtail_access_only_in_compat():
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "_compat.py" or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_no_class_swaps_or_per_instance_methods():
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "__class__":
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: __class__ swap")
            if isinstance(node, ast.Name) and node.id == "MethodType":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: MethodType")
    assert not found, "\n".join(found)
