"""The translation and counting models moved to their own apps (translations,
analytics): removed from the cms app's state only; the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_initial"),
        ("analytics", "0001_initial"),
        ("cms", "0006_text_blocks_written_in_python"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="GlossaryTerm",
                ),
                migrations.RemoveField(
                    model_name="pagetranslation",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="pagetranslation",
                    name="reviewed_by",
                ),
                migrations.RemoveField(
                    model_name="pageviewday",
                    name="page",
                ),
                migrations.DeleteModel(
                    name="SearchMissDay",
                ),
                migrations.RemoveField(
                    model_name="translationjob",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="translationjob",
                    name="requested_by",
                ),
                migrations.RemoveField(
                    model_name="translationmemory",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="translationmemory",
                    name="reviewed_by",
                ),
                migrations.DeleteModel(
                    name="PageTranslation",
                ),
                migrations.DeleteModel(
                    name="PageViewDay",
                ),
                migrations.DeleteModel(
                    name="TranslationJob",
                ),
                migrations.DeleteModel(
                    name="TranslationMemory",
                ),
            ],
            database_operations=[],
        ),
    ]
