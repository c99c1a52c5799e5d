"""`manage.py demo_content`: the demo site drawn from the district's concept."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo.loader import demo_content_load


class Command(BaseCommand):
    help = "Loads the demo content (fictitious contacts). Refused outside the demo settings."

    def handle(self, *args, **options):
        if not settings.PORTAL_DEMO:
            raise CommandError(
                "Demo content is loaded only with the demo settings (PORTAL_DEMO). "
                "Nothing was changed."
            )
        counts = demo_content_load()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Demo content loaded ({summary}).")
