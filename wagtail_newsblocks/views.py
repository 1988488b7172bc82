"""Admin views: the expert roster as a Wagtail snippet, and the live counter's count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .blocks.length_limits import BY_NAME
from .models import Expert
from .portraits import placeholder_portrait

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

__all__ = [
    "ExpertChooserViewSet",
    "ExpertViewSet",
    "PortraitColumn",
    "count_view",
    "portrait_view",
]


class PortraitColumn(Column):
    """A round thumbnail: the portrait, or the initials a story would show."""

    cell_template_name = "wagtail_newsblocks/admin/portrait_cell.html"

    @property
    def cell_template(self):
        # Asked of the loaders on every render (they cache it), not kept for
        # the process as Wagtail's columns do: the column lives on the
        # viewset, and a site's override of the template must be found as
        # any other override is.
        return get_template(self.cell_template_name)

    def get_cell_context_data(
        self, instance: Expert, parent_context: dict[str, Any]
    ) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["portrait"] = instance.portrait
        context["placeholder"] = None if instance.portrait else placeholder_portrait(instance.name)
        return context


def roster_is_multilingual() -> bool:
    """Whether the roster has entries in more than one language."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return True
    return Expert.objects.order_by().values("locale_id").distinct()[:2].count() > 1


class ExpertChooserMixin:
    """The roster chooser: role and organization beside the name, and the language.

    Translations of one expert share the name; Wagtail shows the language (and
    a language filter) only with ``WAGTAIL_I18N_ENABLED``, but a roster can hold
    translations without it, so both appear whenever it does.
    """

    @property
    def i18n_enabled(self) -> bool:
        return roster_is_multilingual()

    @property
    def columns(self):
        columns = list(super().columns)
        columns.insert(1, Column("role", label=_("Role"), accessor="role_and_organization"))
        return columns

    def get_object_list(self):
        return super().get_object_list().select_related("locale")


class ExpertChooseView(ExpertChooserMixin, ChooseView):
    pass


class ExpertChooseResultsView(ExpertChooserMixin, ChooseResultsView):
    pass


class ExpertChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ExpertChooseView
    choose_results_view_class = ExpertChooseResultsView


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    chooser_viewset_class = ExpertChooserViewSet
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


@require_POST
def count_view(request: HttpRequest) -> JsonResponse | HttpResponseBadRequest:
    """How many characters of ``text`` count against the limit ``rule`` (``character-count.js``).

    Asked only for text whose typed quotation marks may be left out of the
    count: the one rule for that is Python's, and clean() counts with it.
    """
    limit = BY_NAME.get(request.POST.get("rule", ""))
    if limit is None:
        return HttpResponseBadRequest()
    text = request.POST.get("text", "")
    counted = limit.counted_text(text)
    return JsonResponse({"count": len(counted), "typed_marks": len(counted) != len(text.strip())})


def portrait_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """The roster entry's portrait as the chooser shows it (``roster-chooser.js``)."""
    expert = get_object_or_404(Expert.objects.select_related("portrait"), pk=pk)
    if expert.portrait is not None:
        url = expert.portrait.get_rendition("fill-80x80").url
    else:
        url = placeholder_portrait(expert.name).url
    return HttpResponseRedirect(url)
