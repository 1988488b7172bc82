"""The XSS corpus: hand-written public vectors plus generated combinations."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

from wagtail_newsblocks.sanitize import is_safe_url

VECTORS_FILE = Path(__file__).resolve().parent / "data" / "xss-vectors.txt"

_TAGS = ["img", "svg", "body", "video", "iframe", "a", "b", "p", "div", "details", "input", "x"]
_EVENTS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onbegin",
    "onanimationstart",
]
_CALLS = ["alert(1)", "confirm(1)", "prompt(1)", "print()"]
_SCHEMES = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "jav&#x09;ascript:alert(1)",
    "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
]
_URL_ATTRIBUTES = [
    ("a", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("form", "action"),
    ("object", "data"),
]


@cache
def vectors() -> list[str]:
    """A few hundred vectors, each a string an attacker might type into a field."""
    listed = [
        line
        for line in VECTORS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("# ")
    ]
    generated = [
        f"<{tag} {event}={call}>x</{tag}>"
        for tag in _TAGS
        for event in _EVENTS[:4]
        for call in _CALLS[:2]
    ]
    generated += [f'<img src=x {event}="{call}">' for event in _EVENTS for call in _CALLS]
    generated += [
        f'<{tag} {attribute}="{url}">x</{tag}>'
        for tag, attribute in _URL_ATTRIBUTES
        for url in _SCHEMES
    ]
    generated += _SCHEMES
    seen: dict[str, None] = {}
    for vector in [*listed, *generated]:
        seen.setdefault(vector, None)
    return list(seen)


def url_vectors() -> list[str]:
    """The vectors that look like URLs (what an attacker types into a URL field)."""
    return [v for v in vectors() if not v.lstrip().startswith("<")]


URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "cite",
    "data",
    "background",
    "poster",
    "xlink:href",
    "srcset",
)
FORBIDDEN_ELEMENTS = (
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "base",
    "meta",
    "link",
    "form",
    "input",
    "frame",
    "frameset",
    "template",
)


def dangerous_markup(html: str, root_selector: str | None = None) -> list[str]:
    """Everything in ``html`` that could run script, described for an assertion message."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one(root_selector) if root_selector else soup
    problems = []
    for element in root.find_all(True):
        if element.name in FORBIDDEN_ELEMENTS:
            problems.append(f"<{element.name}> element: {str(element)[:120]}")
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                problems.append(f"{attribute} on <{element.name}>")
            if attribute.lower() == "style":
                problems.append(f"style attribute on <{element.name}>")
            if attribute.lower() in URL_ATTRIBUTES:
                urls = value if isinstance(value, list) else [value]
                if attribute.lower() == "srcset":
                    urls = [part.strip().split(" ")[0] for part in " ".join(urls).split(",")]
                problems += [
                    f"{attribute}={url!r} on <{element.name}>"
                    for url in urls
                    if not is_safe_url(url)
                ]
    return problems
