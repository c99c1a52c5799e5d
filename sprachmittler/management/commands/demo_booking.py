"""`manage.py demo_booking`: departments, the interpreter pool and requests in every
state for the demo users. Refused outside the demo settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sprachmittler.demo import demo_pool_load, demo_requests_load


class Command(BaseCommand):
    help = "Loads the booking demo data (fictitious). Refused outside the demo settings."

    def handle(self, *args, **options):
        if not settings.PORTAL_DEMO:
            raise CommandError(
                "Demo data is loaded only with the demo settings (PORTAL_DEMO). "
                "Nothing was changed."
            )
        pool = demo_pool_load()
        requests = demo_requests_load()
        self.stdout.write(
            f"Booking demo: {pool['departments']} departments, {pool['interpreters']} "
            f"interpreters, {requests} new requests."
        )
