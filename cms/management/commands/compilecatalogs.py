"""`manage.py compilecatalogs`: locale/*/LC_MESSAGES/django.po -> .mo, in pure Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine or the slim
container image does not have. polib writes the same .mo files without it. Fuzzy
entries are left out, as msgfmt does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compiles the message catalogs in LOCALE_PATHS without needing gettext."

    def handle(self, *args, **options):
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalog = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: cannot be read: {exc}") from exc
                for entry in catalog.fuzzy_entries():
                    catalog.remove(entry)
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} catalogs.")
