"""The moved models' content types (and with them their permissions, the groups holding
them and Wagtail's log entries) change app from cms to analytics.

Where a content type of the new app already exists (a `migrate` run with the new code
before this migration, which Django's post_migrate would have created it in), the old
one's permissions and log entries are moved onto it and the old one is removed."""

from django.db import migrations

from portal.migration_helpers import content_types_move

MODELS = ("pageviewday", "searchmissday")


def forwards(apps, schema_editor):
    content_types_move(apps, schema_editor, "cms", "analytics", MODELS)


def backwards(apps, schema_editor):
    content_types_move(apps, schema_editor, "analytics", "cms", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("cms", "0007_move_translation_and_reach_models"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
