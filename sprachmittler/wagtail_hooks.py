"""The booking's settings kept by the coordination office in the CMS admin: departments,
budget lines and the pool's tariffs (rates with validity dates)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import BudgetLine, Department, Tariff


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Abteilungen")
    list_display = ["name", "email", "active"]


class BudgetLineViewSet(SnippetViewSet):
    model = BudgetLine
    icon = "tasks"
    menu_label = _("Kostenstellen")
    list_display = ["code", "name", "year", "amount", "active"]


class TariffViewSet(SnippetViewSet):
    model = Tariff
    icon = "calendar"
    menu_label = _("Tarife")
    list_display = ["valid_from", "valid_until", "hourly_rate"]


class BookingSettingsGroup(SnippetViewSetGroup):
    menu_label = _("Sprachmittlung")
    menu_icon = "cogs"
    menu_order = 260
    items = (DepartmentViewSet, BudgetLineViewSet, TariffViewSet)


register_snippet(BookingSettingsGroup)
