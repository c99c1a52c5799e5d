"""The counting models as they were in the cms app (cms 0003): their tables stay where
they are (db_table), only Django's idea of which app owns them moves. cms 0007 removes
them from the cms app's state; 0002 moves their content types."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cms", "0006_text_blocks_written_in_python"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchMissDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("language", models.CharField(max_length=12)),
                        ("term", models.CharField(max_length=100)),
                        ("day", models.DateField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "cms_searchmissday",
                        "indexes": [
                            models.Index(fields=["day"], name="cms_searchm_day_1bec57_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("language", "term", "day"),
                                name="one_search_miss_row_per_day",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PageViewDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("language", models.CharField(max_length=12)),
                        ("day", models.DateField()),
                        ("views", models.PositiveIntegerField(default=0)),
                        (
                            "page",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="view_days",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cms_pageviewday",
                        "indexes": [
                            models.Index(
                                fields=["day", "language"], name="cms_pagevie_day_67b0aa_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("page", "language", "day"), name="one_page_view_row_per_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
