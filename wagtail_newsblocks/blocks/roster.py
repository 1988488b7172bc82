"""Blocks that name a person from the expert roster, and survive its deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from ..absolute_urls import context_base_url
from ..portraits import placeholder_portrait
from ..renditions import prefetch_renditions, rendition_as_dict
from ..sanitize import safe_url
from .story_facts import facts_in

if TYPE_CHECKING:
    from ..models import Expert
    from ..portraits import PlaceholderPortrait

__all__ = [
    "EXPERT_MODEL",
    "Person",
    "RosterPersonMixin",
    "RosterValueMixin",
    "expert_in_locale",
    "person_as_dict",
    "roster_snapshot",
]

EXPERT_MODEL = "wagtail_newsblocks.Expert"

# Kept in the stored JSON beside the chosen expert, so that a story still names
# its expert after the roster entry is deleted.
SNAPSHOT_KEY = "expert_snapshot"
SNAPSHOT_FIELDS = ("name", "role", "organization", "profile_url")

PORTRAIT_RENDITIONS = {"small": "fill-96x96", "medium": "fill-192x192", "large": "fill-400x400"}


@dataclass(frozen=True)
class Person:
    """A person as a block shows them, wherever the details came from."""

    name: str
    role: str = ""
    organization: str = ""
    profile_url: str = ""
    bio: str = ""
    portrait: Any = None  # a Wagtail image, or None
    expert_id: int | None = None
    source: str = "inline"  # "roster", "snapshot" (roster entry deleted) or "inline"

    @property
    def role_and_organization(self) -> str:
        return ", ".join(part for part in (self.role, self.organization) if part)

    @property
    def placeholder(self) -> PlaceholderPortrait | None:
        """Initials on a colour, for a person without a portrait."""
        return None if self.portrait is not None else placeholder_portrait(self.name)

    @classmethod
    def from_expert(cls, expert: Expert) -> Person:
        return cls(
            name=expert.name,
            role=expert.role,
            organization=expert.organization,
            profile_url=expert.profile_url,
            bio=expert.bio,
            portrait=expert.portrait,
            expert_id=expert.pk,
            source="roster",
        )

    @classmethod
    def from_snapshot(cls, snapshot: dict | None) -> Person | None:
        if not snapshot or not snapshot.get("name"):
            return None
        return cls(
            **{field: snapshot.get(field) or "" for field in SNAPSHOT_FIELDS}, source="snapshot"
        )


def roster_snapshot(value: Any) -> dict | None:
    """The snapshot of the chosen expert that ``value``'s stored JSON keeps, if any."""
    snapshot = (getattr(value, "extra_data", None) or {}).get(SNAPSHOT_KEY)
    return snapshot if isinstance(snapshot, dict) else None


def expert_in_locale(expert: Any, context: dict | None, story: Any = None) -> Any:
    """The translation of ``expert`` in the locale of the page being rendered, else ``expert``.

    A German story that chose the German roster entry shows the English entry
    once it is translated into English, whether the translation was made with
    wagtail-localize (which points it at the English entry itself) or copied
    with Wagtail's own tools (which keep the German one). With ``story`` (the
    story the block is in), the translations of every roster entry the story
    names are fetched in one query, however many experts it quotes.
    """
    if expert is None:
        return None
    page = (context or {}).get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None or locale_id == getattr(expert, "locale_id", locale_id):
        return expert
    # Cached on the page: a story names the same expert in several blocks.
    cache = page.__dict__.setdefault("_newsblocks_experts", {})
    key = (expert.translation_key, locale_id)
    if key not in cache:
        wanted = {expert.translation_key} | _roster_translation_keys(story, locale_id)
        wanted = {each for each in wanted if (each, locale_id) not in cache}
        found = {
            translation.translation_key: translation
            for translation in type(expert)
            ._default_manager.select_related("portrait")
            .filter(translation_key__in=wanted, locale_id=locale_id)
        }
        for translation_key in wanted:
            cache[(translation_key, locale_id)] = found.get(translation_key)
    return cache[key] or expert


def _roster_translation_keys(story: Any, locale_id: int) -> set:
    """The translation keys of the roster entries in ``story`` that are not in ``locale_id``."""
    keys = set()
    for child in story or ():
        block = getattr(child, "block", None)
        field = getattr(block, "roster_field", None)
        expert = child.value.get(field) if field else None
        if expert is not None and getattr(expert, "locale_id", locale_id) != locale_id:
            keys.add(expert.translation_key)
    return keys


class RosterValueMixin:
    """For the values of :class:`RosterPersonMixin` blocks."""

    @property
    def snapshot(self) -> dict | None:
        """What the stored JSON says of the chosen expert, for when the entry is deleted."""
        return roster_snapshot(self)

    def roster_expert_for(self, context: dict | None) -> Any:
        """The chosen roster entry, in the language of the page ``context`` renders."""
        facts = facts_in(context)
        return expert_in_locale(
            self.get(self.block.roster_field), context, facts.story if facts else None
        )


class RosterPersonMixin:
    """For newsblocks StructBlocks with a roster chooser child named :attr:`roster_field`.

    * Reading many values at once fetches the experts' portraits and their
      renditions in bulk, so a story's query count does not grow with its boxes.
    * The stored JSON keeps a snapshot of the chosen expert's name, role and
      organization (``expert_snapshot``); when the roster entry is deleted the
      value falls back to it (:func:`roster_snapshot`) and validation accepts the
      missing reference.
    """

    roster_field = "expert"
    inline_portrait_field: str | None = None

    def bulk_to_python(self, values: list) -> list:
        converted = super().bulk_to_python(values)
        experts = [v.get(self.roster_field) for v in converted if v.get(self.roster_field)]
        prefetch_related_objects(experts, "portrait")
        images = [expert.portrait for expert in experts]
        if self.inline_portrait_field:
            images += [value.get(self.inline_portrait_field) for value in converted]
        prefetch_renditions(images)
        return converted

    def get_prep_value(self, value: Any) -> Any:
        prep = super().get_prep_value(value)
        expert = value.get(self.roster_field)
        if expert is not None:
            prep[SNAPSHOT_KEY] = {field: getattr(expert, field) or "" for field in SNAPSHOT_FIELDS}
        return prep

    def kept_data(self, value: Any) -> dict:
        kept = super().kept_data(value)
        if value.get(self.roster_field) is not None:
            # The chosen entry exists: saving takes a fresh snapshot of it.
            kept.pop(SNAPSHOT_KEY, None)
        return kept

    def kept_notice(self, value: Any, kept: dict) -> str:
        snapshot = kept.get(SNAPSHOT_KEY)
        if not isinstance(snapshot, dict) or set(kept) != {SNAPSHOT_KEY}:
            return super().kept_notice(value, kept)
        return _(
            "The roster entry “%(name)s” chosen here has been deleted. The block shows the "
            "name, role and organisation saved with it, and keeps them when you save; "
            "choose another expert to replace it."
        ) % {"name": snapshot.get("name") or "?"}

    def tolerates_missing_reference(self, value, name: str) -> bool:
        return name == self.roster_field and bool(roster_snapshot(value))


def person_as_dict(person: Person | None, context: dict | None = None) -> dict | None:
    """A person for API clients: who they are, with portrait rendition URLs.

    ``portrait`` has the roster portrait in three sizes; without one,
    ``placeholder`` is the initials image the page shows instead. URLs come
    as stored (``url``, often site-relative) and absolute (``full_url``).
    Every URL goes through :func:`~wagtail_newsblocks.sanitize.safe_url`, as
    the page's links do: one that could run script (a roster entry's
    ``javascript:`` profile set behind validation's back) is ``None``.
    """
    if person is None:
        return None
    base = context_base_url(context)
    portrait = None
    placeholder = None
    if person.portrait is not None:
        renditions = person.portrait.get_renditions(*PORTRAIT_RENDITIONS.values())
        portrait = {
            name: rendition_as_dict(renditions[spec], base)
            for name, spec in PORTRAIT_RENDITIONS.items()
        }
    else:
        drawn = person.placeholder
        placeholder = {
            **rendition_as_dict(drawn, base),
            "initials": drawn.initials,
            "background": drawn.background,
        }
    return {
        "id": person.expert_id,
        "source": person.source,
        "name": person.name,
        "role": person.role,
        "organization": person.organization,
        "bio": person.bio,
        "profile_url": safe_url(person.profile_url) or None,
        "portrait": portrait,
        "placeholder": placeholder,
    }
