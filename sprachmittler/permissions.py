"""What the booking's roles may do in the CMS admin (portal.roles collects it): the
coordination office keeps the departments, budget lines and tariffs there
(sprachmittler/wagtail_hooks.py). Everything else is checked by the booking's own
services against the roles."""

from django.contrib.auth.models import Permission

from portal.roles import ROLE_COORDINATOR, model_permissions, role_permissions


@role_permissions
def booking_settings_permissions(groups) -> None:
    groups[ROLE_COORDINATOR].permissions.add(
        *model_permissions(("wagtailadmin", "access_admin")),
        *Permission.objects.filter(
            content_type__app_label="sprachmittler",
            content_type__model__in=("department", "budgetline", "tariff"),
        ),
    )
