"""Reading a rendered page the way assistive technology does: headings and landmarks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

HEADING_RE = re.compile(r"^h[1-6]$")
# HTML-AAM: header and footer are banner and contentinfo only when no
# sectioning element or main contains them; aside likewise is complementary
# inside such an element only when it has an accessible name.
SCOPING = ("article", "aside", "main", "nav", "section")
LANDMARK_ROLES = {
    "banner",
    "complementary",
    "contentinfo",
    "form",
    "main",
    "navigation",
    "region",
    "search",
}


@dataclass(frozen=True)
class Landmark:
    role: str
    name: str
    element: Tag

    def __str__(self) -> str:
        name = f" “{self.name}”" if self.name else ""
        return f"{self.role}{name} <{self.element.name} class={self.element.get('class')}>"


def text_of(element: Tag) -> str:
    # Inline elements join without a space, as in an accessible name.
    return re.sub(r"\s+", " ", element.get_text()).strip()


def accessible_name(element: Tag, soup: BeautifulSoup) -> str:
    """aria-labelledby, else aria-label: the names landmarks get in these templates."""
    labelledby = element.get("aria-labelledby")
    if labelledby:
        parts = [soup.find(id=ref) for ref in labelledby.split()]
        return " ".join(text_of(part) for part in parts if part is not None)
    return (element.get("aria-label") or "").strip()


def _scoped(element: Tag) -> bool:
    return element.find_parent(SCOPING) is not None


def landmarks(soup: BeautifulSoup) -> list[Landmark]:
    found = []
    for element in soup.find_all(True):
        role = element.get("role")
        name = accessible_name(element, soup)
        if role is None:
            tag = element.name
            if tag == "main":
                role = "main"
            elif tag == "nav":
                role = "navigation"
            elif tag == "header" and not _scoped(element):
                role = "banner"
            elif tag == "footer" and not _scoped(element):
                role = "contentinfo"
            elif tag == "aside" and (name or not _scoped(element)):
                role = "complementary"
            elif tag in ("section", "form") and name:
                role = "region" if tag == "section" else "form"
            elif tag == "search":
                role = "search"
        if role in LANDMARK_ROLES:
            found.append(Landmark(role, name, element))
    return found


def heading_levels(soup: BeautifulSoup) -> list[tuple[int, str]]:
    return [(int(h.name[1]), text_of(h)) for h in soup.find_all(HEADING_RE)]


def outline_problems(soup: BeautifulSoup) -> list[str]:
    """What is wrong with the page's headings, landmarks, ids and languages."""
    problems = []
    headings = heading_levels(soup)
    h1s = [text for level, text in headings if level == 1]
    if len(h1s) != 1:
        problems.append(f"expected one h1, found {len(h1s)}: {h1s}")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{level} “{text}” follows an h{previous}: a level is skipped")
        previous = level

    found = landmarks(soup)
    for landmark in found:
        if landmark.role in ("complementary", "navigation", "region") and not landmark.name:
            problems.append(f"unlabelled landmark: {landmark}")
    by_role: dict[str, list[Landmark]] = {}
    for landmark in found:
        by_role.setdefault(landmark.role, []).append(landmark)
    for role, same in by_role.items():
        if role in ("banner", "main", "contentinfo") and len(same) > 1:
            problems.append(f"{len(same)} {role} landmarks, expected one")
        if len(same) > 1:
            names = [landmark.name for landmark in same]
            if "" in names or len(set(names)) != len(names):
                problems.append(f"{role} landmarks need distinct names: {names}")
    for landmark in found:
        parent = landmark.element.find_parent(
            lambda tag, landmark=landmark: any(
                other.element is tag for other in found if other is not landmark
            )
        )
        if parent is not None and parent.name != "main":
            problems.append(f"{landmark} is nested in <{parent.name}>, not at the top level")

    ids = [element["id"] for element in soup.find_all(id=True)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    for element in soup.find_all(attrs={"aria-labelledby": True}):
        for ref in element["aria-labelledby"].split():
            if soup.find(id=ref) is None:
                problems.append(f"aria-labelledby points at a missing id: {ref}")
    for element in soup.find_all(href=re.compile(r"^#.")):
        if soup.find(id=element["href"][1:]) is None:
            problems.append(f"in-page link to a missing id: {element['href']}")

    html = soup.find("html")
    if not html or not html.get("lang"):
        problems.append("<html> has no lang")
    return problems
