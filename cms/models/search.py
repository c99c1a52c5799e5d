"""What the site search looks in: one row of plain text per page and language.

Wagtail's search index puts all languages of a page into one entry, so results could
not be limited to the reader's language. These rows are written when a page is
published, from the live page's translated fields.
"""

from django.db import models


class PageSearchText(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_texts"
    )
    language = models.CharField(max_length=12)
    # Lower-cased (str.casefold), because SQLite's LIKE ignores case only for ASCII:
    # Cyrillic and Turkish would otherwise be matched case-sensitively.
    title = models.TextField()
    text = models.TextField()
    summary = models.TextField(blank=True)  # as written, for the result list

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="one_search_text_per_language"
            )
        ]
        indexes = [models.Index(fields=["language"])]

    def __str__(self):
        return f"{self.page_id}/{self.language}"
