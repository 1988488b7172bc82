"""The stylesheet's promises: small, self-contained, logical, and documented to the last property and class."""

import re
from pathlib import Path

import wagtail_newsblocks

ROOT = Path(__file__).resolve().parent.parent
# The package under test: the checkout's, or the installed wheel's (nox -s wheel).
PACKAGE = Path(wagtail_newsblocks.__file__).resolve().parent
STYLESHEET = PACKAGE / "static" / "wagtail_newsblocks" / "css" / "newsblocks.css"
TEMPLATES = PACKAGE / "templates" / "wagtail_newsblocks" / "blocks"
THEMING = ROOT / "docs" / "theming.md"
EVENING = ROOT / "example_site" / "news" / "static" / "news" / "css" / "theme-evening.css"


def css_without_comments(path: Path) -> str:
    return re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)


def declarations(css: str) -> list[tuple[str, str]]:
    """``(property, value)`` of every declaration inside a rule's braces."""
    found = []
    for body in re.findall(r"\{([^{}]*)\}", css):
        for declaration in body.split(";"):
            if declaration.strip():
                name, _, value = declaration.partition(":")
                found.append((name.strip(), value.strip()))
    return found


def test_the_stylesheet_is_small_and_fetches_nothing():
    css = css_without_comments(STYLESHEET)
    assert STYLESHEET.stat().st_size < 12_000
    assert not re.search(r"@import|@font-face|url\(", css)


def test_the_stylesheet_uses_logical_directions():
    # Physical left/right would not mirror in right-to-left stories. Each
    # physical float is only a fallback, overridden by its logical twin.
    found = declarations(css_without_comments(STYLESHEET))
    physical = re.compile(
        r"^(margin|padding|border)-(left|right|top|bottom)|^(left|right|top|bottom|width|height)$"
    )
    assert [name for name, _value in found if physical.search(name)] == []
    assert [value for name, value in found if name == "text-align"] == ["center"]
    # "none": a side quote too close to another one, and narrow screens, stand in the column.
    floats = [value for name, value in found if name == "float" and value != "none"]
    assert floats == ["left", "inline-start", "right", "inline-end"]


def test_the_evening_theme_is_only_custom_properties():
    found = declarations(css_without_comments(EVENING))
    assert len(found) > 10
    assert [name for name, _value in found if not name.startswith("--")] == []
    selectors = re.findall(r"([^{}]+)\{", css_without_comments(EVENING))
    assert [selector.strip() for selector in selectors] == [":root"]


def custom_properties() -> set[str]:
    return set(re.findall(r"--newsblocks-[a-z-]+", STYLESHEET.read_text(encoding="utf-8")))


def public_classes() -> set[str]:
    classes = set(re.findall(r"\.(newsblocks-[a-z0-9_-]+)", css_without_comments(STYLESHEET)))
    for template in TEMPLATES.rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', template.read_text(encoding="utf-8")):
            for token in attribute.split():
                if token.startswith("newsblocks-"):
                    # "newsblocks-pull-quote--{{ … }}": the documented prefix.
                    classes.add(token.split("{{")[0])
    return classes


def documented_classes(docs: str) -> set[str]:
    """Class names in the docs, with the tables' abbreviations (`__role`, `--wide`) expanded."""
    names = set()
    for line in docs.splitlines():
        block = previous = None
        for token in re.findall(r"`([^`]+)`", line):
            if re.fullmatch(r"newsblocks-[a-z0-9_-]+", token):
                name = token
                block = re.match(r"newsblocks-[a-z-]+?(?=__|--|$)", token).group()
            elif block and token.startswith("__"):
                name = block + token
            elif previous and token.startswith("--"):
                name = previous.split("--")[0] + token
            else:
                continue
            names.add(name)
            previous = name
    return names


def test_theming_docs_list_every_class():
    documented = documented_classes(THEMING.read_text(encoding="utf-8"))
    classes = public_classes()
    assert len(classes) > 40
    missing = sorted(
        name
        for name in classes
        if name not in documented
        # A prefix the template completes ("newsblocks-subhead--" + level).
        and not (name.endswith(("-", "--")) and any(d.startswith(name) for d in documented))
    )
    assert missing == [], f"docs/theming.md does not list these classes: {missing}"


def test_theming_docs_list_every_property():
    docs = THEMING.read_text(encoding="utf-8")
    missing = sorted(name for name in custom_properties() if f"`{name}`" not in docs)
    assert missing == [], f"docs/theming.md does not list these properties: {missing}"


def test_every_documented_property_exists():
    documented = set(re.findall(r"`(--newsblocks-[a-z-]+)`", THEMING.read_text(encoding="utf-8")))
    assert documented == custom_properties()


def test_screenshots_in_the_docs_exist_and_are_small():
    images = re.findall(r"\]\((img/[^)]+\.png)\)", THEMING.read_text(encoding="utf-8"))
    assert len(images) == 4
    sizes = [(ROOT / "docs" / image).stat().st_size for image in images]
    assert sum(sizes) < 400_000
