"""What the content reach report counts: page views and searches without result, one
row per day and language, never one per visit.

No row holds anything about the reader: no IP address, no user agent, no cookie, no
time of day. That is what the privacy statement promises (issue 6).

The tables keep the names they had in the `cms` app (migrations/0001_initial.py).
"""

from django.db import models


class PageViewDay(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="view_days")
    language = models.CharField(max_length=12)
    day = models.DateField()  # local (Europe/Berlin) day
    views = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "cms_pageviewday"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "day"], name="one_page_view_row_per_day"
            )
        ]
        # The report reads a period of days across all pages.
        indexes = [models.Index(fields=["day", "language"])]

    def __str__(self):
        return f"{self.page_id}/{self.language}/{self.day}: {self.views}"


class SearchMissDay(models.Model):
    """A search that found nothing: the term only (case-folded, spaces collapsed)."""

    language = models.CharField(max_length=12)
    term = models.CharField(max_length=100)
    day = models.DateField()  # local (Europe/Berlin) day
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "cms_searchmissday"
        constraints = [
            models.UniqueConstraint(
                fields=["language", "term", "day"], name="one_search_miss_row_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.language}/{self.day}: {self.term} ({self.count})"
