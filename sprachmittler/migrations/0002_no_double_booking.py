"""No interpreter is booked twice for overlapping times: on PostgreSQL an exclusion
constraint over (interpreter, [blocked_from, blocked_until)) for active assignments.

SQLite has no such constraint; there the service's check (services.offer_accept) is
the only guard, as it is the first one everywhere.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE sprachmittler_assignment
  ADD CONSTRAINT assignment_no_overlap
  EXCLUDE USING gist (
    interpreter_id WITH =,
    tstzrange(blocked_from, blocked_until, '[)') WITH &&
  ) WHERE (status = 'active');
"""
DROP = "ALTER TABLE sprachmittler_assignment DROP CONSTRAINT IF EXISTS assignment_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sprachmittler", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
