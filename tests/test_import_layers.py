"""The package's layers never point back, imports inside functions included.

Pure rules at the bottom (quotation marks, outline, repetition, sanitising,
comment dates, …), models above them, blocks above the models, and on top
what uses blocks: pages' stories, structured data, quote cards, the API,
views, template tags, signal handlers, the importer. A module may import
modules of its own layer or below, and no import circle may tie modules
together. Read from the source (``ast``), so that an import inside a function,
which runs only when called, counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wagtail_newsblocks

PACKAGE = Path(wagtail_newsblocks.__file__).resolve().parent
NAME = "wagtail_newsblocks"

RULES, MODELS, BLOCKS, TOP = 0, 1, 2, 3
LAYER_NAMES = {RULES: "rules", MODELS: "models", BLOCKS: "blocks", TOP: "top"}

# Every module is placed; a new one must be placed too (see test below).
LAYERS = {
    # What has no models, blocks or pages in it.
    "": RULES,  # the package itself: its version
    "_cldr_quotes": RULES,
    "_compat": RULES,
    "absolute_urls": RULES,
    "caches": RULES,
    "comment_rules": RULES,
    "conf": RULES,
    "languages": RULES,
    "localize": RULES,
    "outline": RULES,
    "portraits": RULES,
    "quotation_marks": RULES,
    "quote_rendering": RULES,
    "render_cache": RULES,
    "renditions": RULES,
    "repetition": RULES,
    "sanitize": RULES,
    "share_links": RULES,
    "sites": RULES,
    "widgets": RULES,
    "models": MODELS,
    "blocks": BLOCKS,
    # What uses blocks.
    "api": TOP,
    "apps": TOP,
    "checks": TOP,
    "comment_policy": TOP,
    "importer": TOP,
    "management": TOP,
    "page_story": TOP,
    "quote_cards": TOP,
    "signal_handlers": TOP,
    "structured_data": TOP,
    "templatetags": TOP,
    "urls": TOP,
    "views": TOP,
    "wagtail_hooks": TOP,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = [NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith(NAME):
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
    found.discard(name)
    return {each for each in found if each in known}


def layer_of(name: str) -> int:
    first = name.removeprefix(NAME).lstrip(".").split(".")[0]
    return LAYERS[first]


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def test_every_module_is_placed_in_a_layer():
    unplaced = sorted(
        name
        for name in modules()
        if name.removeprefix(NAME).lstrip(".").split(".")[0] not in LAYERS
    )
    assert not unplaced


def test_no_module_imports_from_a_layer_above_its_own():
    upward = sorted(
        f"{name} ({LAYER_NAMES[layer_of(name)]}) imports {target} ({LAYER_NAMES[layer_of(target)]})"
        for name, targets in graph().items()
        for target in targets
        if layer_of(target) > layer_of(name)
    )
    assert not upward, "\n".join(upward)


def test_no_import_circle():
    edges = graph()
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    assert not circles, "\n".join(circles)


def test_the_checker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("def f():\n    from .blocks.story import NewsStoryBlock\n")
    known = {f"{NAME}.module", f"{NAME}.blocks.story"}
    assert imports(f"{NAME}.module", source, known) == {f"{NAME}.blocks.story"}
