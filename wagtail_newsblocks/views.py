"""Admin views: the expert roster as a Wagtail snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Expert
from .portraits import placeholder_portrait

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

__all__ = ["ExpertViewSet", "PortraitColumn"]


class PortraitColumn(Column):
    """A round thumbnail: the portrait, or the initials a story would show."""

    cell_template_name = "wagtail_newsblocks/admin/portrait_cell.html"

    def get_cell_context_data(
        self, instance: Expert, parent_context: dict[str, Any]
    ) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["portrait"] = instance.portrait
        context["placeholder"] = None if instance.portrait else placeholder_portrait(instance.name)
        return context


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts")
    list_display = [
        # The first column carries the edit link, so the name leads.
        "name",
        PortraitColumn("portrait", label=_("Portrait"), width="5rem"),
        "role",
        "organization",
        # Translations of one expert share the name; the language tells them apart.
        Column(
            "locale", label=_("Language"), accessor=lambda expert: expert.locale.get_display_name()
        ),
        DateColumn("updated_at", label=_("Updated")),
    ]
    list_filter = ["organization"]
    # Search goes through the model's own index (Expert.search_fields); naming
    # fields here would restrict the query, which SQLite's full-text backend
    # cannot do.
    ordering = ["name"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("role"), FieldPanel("organization")], heading=_("Position")),
        FieldPanel("portrait"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Expert]:
        # One query for the portraits and languages of the whole listing page.
        return Expert.objects.select_related("portrait", "locale")
