"""CPU time of wagtail-modeltranslation's slug check on Page.clean() against ours
(cms/modeltranslation_fixes.py), for an offer index with few and with many offers.

    .venv/bin/python bench/slug_check.py [N ...]    # default: 22 2000 (about 5 minutes)

Works on a throwaway SQLite database in a temporary folder (VAR_DIR, removed at the
end; var/ and the tree are not touched) under config.settings.test (eager Celery, the
fake translation backend): migrate, the home page, one offer index, then N language
courses below it (A1; a German slug each, an Arabic one on every second, an English one
on every third, the other languages falling back to German). For each N, in this
process, median CPU time (time.process_time) of RUNS runs after one warm-up:

- `_validate_slugs(page)` (wagtail-modeltranslation's) and `slugs_in_use(page)` (ours)
  on a fresh copy of one offer (both must return the same errors: checked for that
  offer as it is and with an Arabic slug taken by a sibling);
- one whole `save_revision().publish()` of that offer, with modeltranslation's check
  (its own `_patch_clean` wrapper put back for the run), with ours, and with no
  translated slug check at all (Wagtail's own clean only: the reference). `clean()`
  runs twice in it: on save_revision() and on publish's save().

Prints a Markdown table on stdout (progress on stderr); results go to
bench/results/slug-check-<date>.md.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext, redirect_stdout
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "9"))


def log(message):
    print(f"-- {message}", file=sys.stderr, flush=True)


def timed(variants, runs=RUNS):
    """{label: (median CPU ms, queries)} of variants {label: (context, prepare, action)}:
    `action(prepare())` with `context()` entered, only the action timed. The variants take
    turns, so that load from other processes hits them alike; the first round warms up
    and counts the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = {label: [] for label in variants}
    queries = {}
    for round_ in range(runs + 1):
        for label, (context, prepare, action) in variants.items():
            with context():
                argument = prepare()
                if round_ == 0:
                    with CaptureQueriesContext(connection) as captured:
                        action(argument)
                    queries[label] = len(captured)
                    continue
                start = time.process_time()
                action(argument)
                times[label].append((time.process_time() - start) * 1000)
    return {label: (statistics.median(times[label]), queries[label]) for label in variants}


def main(sizes):
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation
    from wagtail.models import get_page_models
    from wagtail.models.pages import AbstractPage
    from wagtail_modeltranslation import patch_wagtailadmin as mt_patch

    from cms.models import LanguageCoursePage, OfferIndexPage
    from cms.modeltranslation_fixes import slugs_in_use
    from cms.services import site_ensure_home_page

    @contextmanager
    def slug_check(kind):
        """Page models' clean as `kind` has it: "ours" (installed), "modeltranslation"
        (its wrapper around Wagtail's clean, as before cms.apps replaced it), "none"."""
        models = [m for m in get_page_models() if "clean" in m.__dict__]
        installed = {m: m.__dict__["clean"] for m in models}
        if kind != "ours":
            for model in models:
                model.clean = AbstractPage.clean
                if kind == "modeltranslation":
                    mt_patch._patch_clean(model)
        try:
            yield
        finally:
            for model, clean in installed.items():
                model.clean = clean

    log("migrating a fresh SQLite database")
    with redirect_stdout(io.StringIO()):  # modeltranslation's column sync prints
        call_command("migrate", interactive=False, verbosity=0)
    with translation.override("de"):
        home = site_ensure_home_page()
        index = OfferIndexPage(title="Angebote", slug="angebote")
        index.title_de, index.slug_de, index.slug_ar = "Angebote", "angebote", "al-urud"
        home.add_child(instance=index)
        index.save_revision().publish()
    rows, count = [], 0
    for size in sizes:
        log(f"creating offers up to {size}")
        with translation.override("de"):
            while count < size:
                course = LanguageCoursePage(title=f"Kurs {count}", slug=f"kurs-{count}")
                course.title_de, course.slug_de = course.title, course.slug
                course.cefr_level = "A1"
                course.title_ar, course.slug_ar = (
                    (f"دورة {count}", f"dawra-{count}") if count % 2 else (None, None)
                )
                course.slug_en = f"course-{count}" if count % 3 == 0 else None
                index.add_child(instance=course)
                count += 1
        # The second offer: a German and an Arabic slug.
        pk = LanguageCoursePage.objects.order_by("path").values_list("pk", flat=True)[1]

        def fresh(pk=pk):
            return LanguageCoursePage.objects.get(pk=pk)

        taken = fresh()
        taken.slug_ar = "dawra-3"
        for page in (fresh(), taken):
            assert {k: str(v) for k, v in slugs_in_use(page).items()} == {
                k: str(v) for k, v in mt_patch._validate_slugs(page).items()
            }
        assert set(slugs_in_use(taken)) == {"slug_ar"}

        log(f"N={size}: timing the checks")
        checks = timed(
            {
                "modeltranslation": (nullcontext, fresh, mt_patch._validate_slugs),
                "ours": (nullcontext, fresh, slugs_in_use),
            }
        )

        def publish(page):
            with translation.override("de"):
                page.save_revision().publish()

        log(f"N={size}: timing save_revision().publish()")
        publish(fresh())  # caches filled before the first variant counts its queries
        kinds = ("modeltranslation", "ours", "none")
        publishes = timed({kind: (partial(slug_check, kind), fresh, publish) for kind in kinds})
        rows.append((size, checks, publishes))
    return rows


def report(rows):
    lines = [
        "| offers below the index | what | CPU ms (median) | DB queries |",
        "| ---: | --- | ---: | ---: |",
    ]
    names = {
        "modeltranslation": "`_validate_slugs` (wagtail-modeltranslation)",
        "ours": "`slugs_in_use` (cms/modeltranslation_fixes.py)",
    }
    publish_names = {
        "modeltranslation": "publish one offer, modeltranslation's check",
        "ours": "publish one offer, our check",
        "none": "publish one offer, no translated slug check (reference)",
    }
    for size, checks, publishes in rows:
        for label, (ms, queries) in checks.items():
            lines.append(f"| {size} | {names.get(label, label)} | {ms:.1f} | {queries} |")
        for kind, (ms, queries) in publishes.items():
            lines.append(f"| {size} | {publish_names[kind]} | {ms:.1f} | {queries} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = [int(n) for n in sys.argv[1:]] or [22, 2000]
    with tempfile.TemporaryDirectory(prefix="portal-slug-bench.") as tmp:
        for name in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "PORTAL_LANGUAGES"):
            os.environ.pop(name, None)
        os.environ.update(VAR_DIR=tmp, LOG_LEVEL="WARNING")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        sys.path.insert(0, str(ROOT))
        print(report(main(sorted(sizes))))
