"""mkdocs hooks (mkdocs.yml ``hooks:``): a tolerant nav, and the changelog page.

- A page under docs/ that mkdocs.yml's ``nav`` does not list is added under
  "More" instead of being left out of the site, so a new page (docs/api.md,
  docs/i18n.md, …) is in the navigation as soon as it exists; place it in
  ``nav`` to give it its spot.
- docs/changelog.md holds a marker that is replaced by the repository's
  CHANGELOG.md, so the changelog is written once. Links in it that point into
  docs/ (``docs/api.md``) are made relative to the site.
"""

from __future__ import annotations

import re
from pathlib import Path

CHANGELOG_MARKER = "<!-- include: CHANGELOG.md -->"


def _listed(nav) -> set[str]:
    found: set[str] = set()
    for item in nav or []:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    found.add(value)
                else:
                    found |= _listed(value)
    return found


def on_config(config, **kwargs):
    docs = Path(config["docs_dir"])
    listed = _listed(config["nav"])
    unlisted = sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if path.relative_to(docs).as_posix() not in listed
    )
    if config["nav"] is not None and unlisted:
        config["nav"].append({"More": unlisted})
    return config


def on_page_markdown(markdown, page, config, **kwargs):
    if CHANGELOG_MARKER not in markdown:
        return markdown
    changelog = (Path(config["config_file_path"]).parent / "CHANGELOG.md").read_text(
        encoding="utf-8"
    )
    # Its own title gives way to the page's; links into docs/ become site links.
    changelog = re.sub(r"\A# .*\n", "", changelog)
    changelog = re.sub(r"\]\(docs/", "](", changelog)
    return markdown.replace(CHANGELOG_MARKER, changelog)
