"""`manage.py demo_users`: one user per role, password "demo". Demo settings only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.services import site_ensure_home_page
from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_EDITOR,
    ROLE_INTERPRETER,
    ROLE_MODERATOR,
    ROLE_REPORT,
    ROLE_REQUESTER,
    roles_ensure,
)

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set where settings.PORTAL_DEMO is true
DEMO_USERS = (
    ("redaktion", ROLE_EDITOR, "Rita", "Redaktion"),
    ("moderation", ROLE_MODERATOR, "Moritz", "Moderation"),
    ("anfragende", ROLE_REQUESTER, "Anna", "Anfrage"),
    ("koordination", ROLE_COORDINATOR, "Konrad", "Koordination"),
    ("disposition", ROLE_DISPATCHER, "Dilara", "Disposition"),
    ("sprachmittler", ROLE_INTERPRETER, "Samir", "Sprachmittler"),
    ("bericht", ROLE_REPORT, "Berta", "Bericht"),  # a committee member: the report only
)


class Command(BaseCommand):
    help = "Creates one demo user per role (password 'demo'). Refused outside the demo settings."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.PORTAL_DEMO:
            raise CommandError(
                "Demo users exist only in the demo settings (PORTAL_DEMO). Nothing was created."
            )
        site_ensure_home_page()
        groups = roles_ensure()
        User = get_user_model()
        for username, role, first_name, last_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@demo.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(groups[role])
            self.stdout.write(f"  {username:<14} {role:<16} Passwort: {DEMO_PASSWORD}")
