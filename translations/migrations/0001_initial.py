"""The translation models as they were in the cms app (cms 0004-0006): their tables stay
where they are (db_table), only Django's idea of which app owns them moves. cms 0007
removes them from the cms app's state; 0002 moves their content types."""

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cms", "0006_text_blocks_written_in_python"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GlossaryTerm",
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
                        (
                            "term",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_de",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_en",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_ar",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_fa",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_uk",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_ru",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "term_tr",
                            models.CharField(
                                help_text="Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er unverändert.",
                                max_length=120,
                                null=True,
                                verbose_name="Begriff",
                            ),
                        ),
                        (
                            "note",
                            models.CharField(blank=True, max_length=200, verbose_name="Hinweis"),
                        ),
                    ],
                    options={
                        "verbose_name": "Glossarbegriff",
                        "verbose_name_plural": "Glossar",
                        "db_table": "cms_glossaryterm",
                        "ordering": ["term"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="PageTranslation",
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
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("missing", "fehlt"),
                                    ("machine", "maschinell"),
                                    ("reviewed", "geprüft"),
                                    ("outdated", "veraltet"),
                                ],
                                default="missing",
                                max_length=12,
                            ),
                        ),
                        ("source_hash", models.CharField(blank=True, max_length=64)),
                        ("source_fields", models.JSONField(blank=True, default=dict)),
                        ("engine", models.CharField(blank=True, max_length=40)),
                        ("model_version", models.CharField(blank=True, max_length=200)),
                        ("translated_at", models.DateTimeField(blank=True, null=True)),
                        ("machine_fields", models.JSONField(blank=True, default=list)),
                        ("problems", models.JSONField(blank=True, default=dict)),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "page",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="translation_states",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cms_pagetranslation",
                        "indexes": [
                            models.Index(
                                fields=["language", "status"], name="cms_pagetra_languag_6b9a74_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("page", "language"), name="one_state_per_language"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TranslationJob",
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
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "wartet"),
                                    ("running", "läuft"),
                                    ("done", "fertig"),
                                    ("failed", "fehlgeschlagen"),
                                ],
                                default="queued",
                                max_length=12,
                            ),
                        ),
                        ("overwrite_reviewed", models.BooleanField(default=False)),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "error",
                            models.CharField(
                                blank=True,
                                choices=[
                                    (
                                        "no_model",
                                        "Für diese Sprache ist kein Übersetzungsmodell installiert.",
                                    ),
                                    ("page_gone", "Die Seite wurde inzwischen gelöscht."),
                                    (
                                        "reviewed",
                                        "Die Übersetzung ist geprüft und wurde nicht überschrieben. Wählen Sie „Geprüfte Übersetzungen überschreiben“, wenn Sie sie neu übersetzen lassen wollen.",
                                    ),
                                    (
                                        "retries",
                                        "Die Übersetzung ist mehrmals an einem vorübergehenden Fehler gescheitert.",
                                    ),
                                    ("unexpected", "Unerwarteter Fehler bei der Übersetzung."),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("error_detail", models.TextField(blank=True)),
                        ("published", models.BooleanField(default=False)),
                        (
                            "page",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="translation_jobs",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cms_translationjob",
                        "ordering": ["-requested_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["status", "requested_at"],
                                name="cms_transla_status_bb7014_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status__in", ("queued", "running"))),
                                fields=("page", "language"),
                                name="one_active_translation_job",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TranslationMemory",
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
                        ("source_hash", models.CharField(max_length=64)),
                        ("source_text", models.TextField()),
                        ("target_text", models.TextField()),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cms_translationmemory",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("language", "source_hash"),
                                name="one_memory_entry_per_segment",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
