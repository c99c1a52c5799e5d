"""`manage.py portal_setup`: the home page, the default site, the staff roles and the
approval workflow. Idempotent."""

from django.core.management.base import BaseCommand

from cms.services import site_ensure_home_page, workflow_ensure
from portal.roles import ROLE_MODERATOR, roles_ensure


class Command(BaseCommand):
    help = (
        "Creates the home page, points the default site at it, creates the staff roles "
        "and the approval workflow."
    )

    def handle(self, *args, **options):
        home = site_ensure_home_page()
        groups = roles_ensure()
        workflow = workflow_ensure(home, groups[ROLE_MODERATOR])
        self.stdout.write(
            self.style.SUCCESS(
                f"Home page {home.pk}; roles: {', '.join(sorted(groups))}; "
                f"workflow: {workflow.name}"
            )
        )
