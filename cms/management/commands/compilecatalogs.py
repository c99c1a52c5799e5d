"""`manage.py compilecatalogs`: locale/*/LC_MESSAGES/django.po -> .mo, in pure Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine or the slim
container image does not have. polib writes the same .mo files without it. Fuzzy
entries are left out, as msgfmt does.

`--check` compiles nothing and fails when a published language (settings.LANGUAGES) has
untranslated or fuzzy strings: `make check` runs it, so an incomplete catalog fails CI.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compiles the message catalogs in LOCALE_PATHS without needing gettext."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compile nothing; fail if a published language has untranslated or fuzzy strings.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            return self.check_complete()
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

    def check_complete(self):
        problems = []
        published = {code for code, _name in settings.LANGUAGES}
        for locale_dir in settings.LOCALE_PATHS:
            for code in sorted(published):
                po_path = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
                if not po_path.exists():
                    problems.append(f"{code}: no catalog at {po_path}")
                    continue
                catalog = polib.pofile(str(po_path))
                untranslated = catalog.untranslated_entries()
                fuzzy = catalog.fuzzy_entries()
                for label, entries in (("untranslated", untranslated), ("fuzzy", fuzzy)):
                    if entries:
                        first = ", ".join(repr(e.msgid[:50]) for e in entries[:3])
                        problems.append(f"{code}: {len(entries)} {label}, e.g. {first}")
        if problems:
            raise CommandError("Incomplete catalogs:\n  " + "\n  ".join(problems))
        self.stdout.write(f"Catalogs complete for {len(published)} languages.")
