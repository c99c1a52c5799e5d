"""The staff roles (Django groups) and the permissions each app grants them.

The roles are shared by every app: the booking screens check them, the CMS gives them
page permissions. Each app says what its roles may do in its own `permissions.py`, with
`@role_permissions`; `roles_ensure()` (run by `manage.py portal_setup`) creates the
groups and applies every app's grants. So no app has to know another app's models.
"""

from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

# German names: they are what staff read (docs/booking.md "Roles").
ROLE_EDITOR = "Redaktion"
ROLE_MODERATOR = "Moderation"
ROLE_REQUESTER = "Anfragende"
ROLE_COORDINATOR = "Koordination"
ROLE_DISPATCHER = "Disposition"
ROLE_INTERPRETER = "Sprachmittelnde"
ROLE_REPORT = "Bericht"  # committee members: read the report, nothing else
ROLES = (
    ROLE_EDITOR,
    ROLE_MODERATOR,
    ROLE_REQUESTER,
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_INTERPRETER,
    ROLE_REPORT,
)

Grant = Callable[[dict[str, Group]], None]
_grants: list[Grant] = []


def role_permissions(grant: Grant) -> Grant:
    """Registers `grant(groups)`: gives the groups (role name -> Group) what the
    registering app's roles may do. Grants must be idempotent."""
    if grant not in _grants:
        _grants.append(grant)
    return grant


def model_permissions(*pairs: tuple[str, str]) -> list[Permission]:
    """Permission rows by (app label, codename); a missing one is an error, not a
    silently smaller role."""
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in pairs
    ]


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Creates the role groups and applies every app's grants. Idempotent."""
    autodiscover_modules("permissions")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for grant in _grants:
        grant(groups)
    return groups
