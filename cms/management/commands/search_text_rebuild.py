"""`manage.py search_text_rebuild`: the search text of every live page in every published
language, written anew.

Publishing keeps it up to date page by page (cms.signals). Run this after adding a
language to PORTAL_LANGUAGES (after `migrate`, which adds the language's columns):
pages already translated into it become findable in it. Idempotent.
"""

from django.core.management.base import BaseCommand

from cms.search import search_text_rebuild


class Command(BaseCommand):
    help = "Writes the per-language search text of every live page anew (after adding a language)."

    def handle(self, *args, **options):
        count = search_text_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search text written for {count} pages."))
