"""`manage.py portal_setup`: the home page, the default site and the staff roles. Idempotent."""

from django.core.management.base import BaseCommand

from cms.services import site_ensure_home_page
from portal.roles import roles_ensure


class Command(BaseCommand):
    help = "Creates the home page, points the default site at it and creates the staff roles."

    def handle(self, *args, **options):
        home = site_ensure_home_page()
        groups = roles_ensure()
        self.stdout.write(
            self.style.SUCCESS(f"Home page {home.pk}; roles: {', '.join(sorted(groups))}")
        )
