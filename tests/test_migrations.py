"""The move of the translation and counting models out of `cms` (translations 0001/0002,
analytics 0001/0002, cms 0007) on a real database: the demo of the version before the
move, migrated with this version, keeps its rows, and everything that pointed at the old
content types (group permissions, Wagtail's log entries) points at the moved ones.

Runs both versions as separate processes on one SQLite file: the old one from git
(`git archive` of the commit before the move), the new one from this checkout.
"""

import json
import os
import shutil
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from tests.processes import ROOT, demo_environment, manage

BEFORE_THE_MOVE = "41771f9"  # main before the apps were split (issue 11)

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="runs on its own SQLite file; once (in the SQLite pass) is enough",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]

COUNT = """
import json
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import ModelLogEntry
tables = ("cms_pagetranslation", "cms_translationmemory", "cms_glossaryterm",
          "cms_translationjob", "cms_pageviewday", "cms_searchmissday")
with connection.cursor() as cursor:
    rows = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        rows[table] = cursor.fetchone()[0]
types = {model: sorted(ContentType.objects.filter(model=model).values_list("app_label", flat=True))
         for model in ("pagetranslation", "glossaryterm", "pageviewday", "searchmissday")}
editor = sorted(Group.objects.get(name="Redaktion").permissions.filter(
    codename__endswith="glossaryterm").values_list("content_type__app_label", "codename"))
logs = sorted(ModelLogEntry.objects.filter(content_type__model="glossaryterm")
              .values_list("content_type__app_label", flat=True).distinct())
print(json.dumps({"rows": rows, "types": types, "editor": editor, "logs": logs}))
"""

# Rows the demo does not make: a page view, a search miss, a job and a log entry of a
# glossary term (as an editor's change in the admin writes it).
OLD_EXTRA = """
from datetime import date
from wagtail.log_actions import log
from wagtail.models import Page
from cms.models import GlossaryTerm, PageViewDay, SearchMissDay, TranslationJob
page = Page.objects.filter(depth=2).first()
PageViewDay.objects.create(page=page, language="ar", day=date(2026, 11, 1), views=7)
SearchMissDay.objects.create(language="fa", term="kita", day=date(2026, 11, 1), count=3)
TranslationJob.objects.create(page=page, language="en", status="done")
log(GlossaryTerm.objects.first(), "wagtail.edit")
"""

NEW_READ = """
from translations.models import GlossaryTerm, PageTranslation
from analytics.models import PageViewDay
assert PageTranslation.objects.filter(status="reviewed").exists()
assert GlossaryTerm.objects.filter(term_de="AWO").exists()
assert PageViewDay.objects.get(language="ar").views == 7
print("read")
"""


def _run(cwd: Path, var: Path, *args: str) -> str:
    """The old checkout's or this one's manage.py, on the demo database in `var`. The
    cache is each process's own: nothing here is about sharing it."""
    env = demo_environment(var, code=cwd)
    env.pop("CACHE_URL", None)
    return manage(env, *args, code=cwd)


@pytest.fixture
def old_checkout(tmp_path):
    archive = subprocess.run(
        ["git", "archive", BEFORE_THE_MOVE], cwd=ROOT, capture_output=True, timeout=120
    )
    if archive.returncode != 0:
        pytest.skip(f"the commit before the move ({BEFORE_THE_MOVE}) is not in this clone")
    folder = tmp_path / "before"
    folder.mkdir()
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    # The catalogs are compiled by `make`; the old demo needs none of them.
    return folder


def test_the_demo_of_the_version_before_the_move_migrates(old_checkout, tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    for command in (["migrate", "--noinput"], ["portal_setup"], ["demo_users"], ["demo_content"]):
        _run(old_checkout, var, *command)
    _run(old_checkout, var, "shell", "-c", OLD_EXTRA)
    before = json.loads(_run(old_checkout, var, "shell", "-c", COUNT).splitlines()[-1])
    assert before["types"]["pagetranslation"] == ["cms"]
    assert before["rows"]["cms_pagetranslation"] > 100  # the demo's reviewed translations

    _run(ROOT, var, "migrate", "--noinput")
    after = json.loads(_run(ROOT, var, "shell", "-c", COUNT).splitlines()[-1])

    assert after["rows"] == before["rows"]  # the tables are where they were, untouched
    assert after["types"] == {
        "pagetranslation": ["translations"],
        "glossaryterm": ["translations"],
        "pageviewday": ["analytics"],
        "searchmissday": ["analytics"],
    }
    assert after["editor"] == [
        ["translations", f"{action}_glossaryterm"]  # JSON: lists
        for action in ("add", "change", "delete", "view")
    ]
    assert after["logs"] == ["translations"]
    assert _run(ROOT, var, "shell", "-c", NEW_READ).strip().endswith("read")
    # Nothing left for Django to detect, and the roles apply again without error.
    _run(ROOT, var, "makemigrations", "--check", "--dry-run")
    _run(ROOT, var, "portal_setup")
