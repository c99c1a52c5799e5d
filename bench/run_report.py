"""Benchmark of the committee report on PostgreSQL (issue 6, "Measured").

Run it through bench/run_report.sh, which creates a throwaway database, migrates it and
sets DATABASE_URL / DJANGO_SETTINGS_MODULE. It refuses anything but PostgreSQL and a
database that already holds requests.

Reuses bench/run_booking.py (imported, not changed): its people, interpreters, the
no-overlap booking of assignments, the event paths of each state and the table helpers.
What this file adds: requests over three calendar years with events at realistic times
(so that lead times mean something), recorded minutes, budget lines per year, two tariffs
(the rate changes on 1 July of the funding year measured), 500 Wagtail pages with a year
of daily views in 7 languages, and searches without result. All with bulk_create, not
through the services.

Measured: interpreter_report for a month, a quarter and the funding year (without and
with a filter), reach_report for a month and a year; median/p90 wall time, query count,
the slowest query of each; CSV and XLSX export of every table; the query count at 10,000
and at the full number of requests; a bare SELECT 1 as the reference.
"""

# ruff: noqa: S311 (seeded pseudo-random test data, nothing secret)
import argparse
import math
import platform
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django  # noqa: E402
import run_booking as rb  # noqa: E402  (sets up Django)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from analytics.models import PageViewDay, SearchMissDay  # noqa: E402
from analytics.reach import reach_report  # noqa: E402
from cms.models import InformationPage
from cms.services import site_ensure_home_page  # noqa: E402
from portal.reporting import custom_period, month_period, quarter_period, year_period  # noqa: E402
from reporting.exports import table_csv, table_xlsx  # noqa: E402
from sprachmittler import services  # noqa: E402
from sprachmittler.constants import (  # noqa: E402
    VARIANTS,
    AssignmentStatus,
    CancelParty,
    Language,
    Mode,
    OfferStatus,
    RejectReason,
    RequestStatus,
    Topic,
)
from sprachmittler.models import (  # noqa: E402
    Assignment,
    BudgetLine,
    Event,
    Offer,
    Request,
    Tariff,
)
from sprachmittler.reports import interpreter_report  # noqa: E402
from translations.selectors import translation_states_read  # noqa: E402

S = RequestStatus
RNG = rb.RNG
LOCAL = ZoneInfo("Europe/Berlin")
BATCH = 5000
TARGET_MS = 1000.0
FIRST_DAY = date(2024, 1, 1)  # three calendar years of appointments
LAST_DAY = date(2026, 12, 31)
FUNDING_YEAR = 2026
TARIFF_CHANGE = date(FUNDING_YEAR, 7, 1)
PAGES = 500
PORTAL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Past appointments: about a third ends with an (active) assignment.
PAST_STATES = {
    S.COMPLETED: 24, S.NO_SHOW_CLIENT: 3, S.INTERPRETER_ABSENT: 1, S.SETTLED: 6,
    S.CONFIRMED: 1, S.CANCELLED: 20, S.REJECTED: 14, S.UNFILLED: 29, S.SUBMITTED: 1,
    S.APPROVED: 1,
}  # fmt: skip
FUTURE_STATES = rb.FUTURE_STATES
WITH_ASSIGNMENT = rb.WITH_ASSIGNMENT
OUTCOME_STATES = rb.OUTCOME_STATES
CANCEL_PARTIES = {
    CancelParty.DEPARTMENT: 45, CancelParty.CLIENT: 30, CancelParty.INTERPRETER: 10,
    CancelParty.POOL: 5, CancelParty.DISTRICT: 10,
}  # fmt: skip
LATE = timedelta(hours=settings.SPRACHMITTLER_LATE_CANCEL_HOURS)


def log(*args):
    rb.log(*args)


def hours(lo: float, median: float, hi: float) -> timedelta:
    """A log-normal delay in hours around `median`, cut to [lo, hi]."""
    value = RNG.lognormvariate(math.log(median), 0.9)
    return timedelta(hours=min(max(value, lo), hi))


# --- data -------------------------------------------------------------------------------


def make_money(world: rb.World):
    lines = {}
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        lines[year] = BudgetLine.objects.bulk_create(
            [
                BudgetLine(code=f"SM-{year}-{i}", name=f"Sprachmittlung {name}", year=year,
                           amount=Decimal(amount))
                for i, (name, amount) in enumerate(
                    (("Jobcenter", "180000"), ("Jugend und Gesundheit", "120000"),
                     ("Integration", "60000"))
                )
            ]
        )  # fmt: skip
    world.lines_by_year = lines
    Tariff.objects.all().delete()
    Tariff.objects.bulk_create(
        [
            Tariff(valid_from=date(2020, 1, 1), valid_until=TARIFF_CHANGE - timedelta(1),
                   hourly_rate=Decimal("45.00"), late_cancel_minimum_minutes=60,
                   travel_allowance=Decimal("15.00")),
            Tariff(valid_from=TARIFF_CHANGE, valid_until=None, hourly_rate=Decimal("52.50"),
                   late_cancel_minimum_minutes=90, travel_allowance=Decimal("20.00")),
        ]
    )  # fmt: skip


def timeline(request: Request, path: list[str], now: datetime) -> list[datetime]:
    """Times of the events of `path`, in order, as the services would have stamped them:
    submitted days to weeks ahead, decided within hours to days, offered soon after,
    accepted within a day or two, recorded after the appointment; never in the future."""
    start = request.starts_at
    ahead = hours(12, 24 * 5, 24 * 10) if request.urgent else hours(24, 24 * 16, 24 * 60)
    t = min(start - ahead, now - timedelta(hours=2))
    times = []
    for action in path:
        if action == "submit":
            pass
        elif action in ("ask", "complete"):
            t += hours(1, 20, 24 * 7)
        elif action in ("approve", "reject"):
            t += hours(0.2, 18, 24 * 14)
        elif action == "offer":
            t += hours(0.05, 3, 72)
        elif action in ("accept", "decline"):
            t += hours(0.1, 14, 24 * 6)
        elif action == "mark_unfilled":
            t = max(t, start - hours(2, 30, 24 * 5))
        elif action == "cancel":
            # Requesters cancel late now and then: within the late window before the start.
            late = RNG.random() < 0.3
            t = max(t + timedelta(minutes=10), start - (hours(1, 8, 23) if late else
                                                        hours(25, 24 * 4, 24 * 20)))  # fmt: skip
        elif action == "record":
            t = start + hours(2, 20, 24 * 6)
        elif action == "confirm_hours":
            t += hours(2, 30, 24 * 10)
        elif action == "verify":
            t += hours(2, 40, 24 * 14)
        if action not in ("record", "confirm_hours", "verify"):
            t = min(t, start - timedelta(minutes=30))  # decided before the appointment
        t = min(t, now - timedelta(minutes=1))
        if times and t <= times[-1]:
            t = times[-1] + timedelta(minutes=1)
        times.append(t)
    return times


def make_requests(world: rb.World, count: int) -> dict:
    """`count` requests with appointments spread over FIRST_DAY..LAST_DAY, every state,
    their events with times, offers, assignments (no overlap per interpreter) and
    recorded minutes."""
    now = world.now
    span = (LAST_DAY - FIRST_DAY).days
    languages = rb.LANGUAGES + [Language.OTHER]
    weights = [rb.LANGUAGE_WEIGHTS.get(code, 2) for code in rb.LANGUAGES] + [2]
    rows = []
    serial = Request.objects.count()
    for n in range(count):
        day = FIRST_DAY + timedelta(days=RNG.randint(0, span))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        starts_at = datetime(day.year, day.month, day.day, RNG.randint(8, 15),
                             RNG.choice([0, 15, 30, 45]), tzinfo=LOCAL)  # fmt: skip
        future = starts_at > now
        status = rb.weighted(FUTURE_STATES if future else PAST_STATES)
        language = RNG.choices(languages, weights=weights)[0]
        if language == Language.OTHER and status in WITH_ASSIGNMENT:
            status = S.APPROVED if future else S.UNFILLED
        variants = [v for v, _label in VARIANTS.get(language, ())]
        mode = RNG.choices([Mode.ON_SITE, Mode.PHONE, Mode.VIDEO], weights=[70, 22, 8])[0]
        urgent = RNG.random() < 0.08
        lines = world.lines_by_year[day.year]
        rows.append(
            Request(
                status=status,
                department=RNG.choice(world.departments),
                requested_by=RNG.choice(world.requesters),
                language=language,
                language_variant=RNG.choice(variants) if variants and RNG.random() < 0.6 else "",
                language_other="Amharisch" if language == Language.OTHER else "",
                starts_at=starts_at,
                duration_minutes=RNG.choice([30, 45, 60, 60, 90, 90, 120, 180]),
                mode=mode,
                municipality=RNG.choice(rb.MUNICIPALITIES),
                place="Kreishaus, Raum 1.12" if mode == Mode.ON_SITE else "",
                topic=RNG.choice(list(Topic.values)),
                description="Gespräch",
                case_reference=f"REPORT-{serial + n}",
                urgent=urgent,
                urgent_reason="Frist" if urgent else "",
                scope_confirmed=True,
                budget_line=RNG.choices(lines, weights=[50, 35, 15])[0]
                if status not in (S.SUBMITTED, S.NEEDS_INFO, S.REJECTED)
                else None,
                reject_reason=RNG.choice(list(RejectReason.values)) if status == S.REJECTED else "",
                question="Welche Variante?" if status == S.NEEDS_INFO else "",
            )
        )
    rows.sort(key=lambda r: r.starts_at)
    plans = {}  # index -> (interpreter, assignment status)
    for i, row in enumerate(rows):
        wants = row.status in WITH_ASSIGNMENT
        cancelled_with = row.status == S.CANCELLED and RNG.random() < 0.35
        if not (wants or cancelled_with):
            continue
        buffer = services.travel_buffer(row)
        start, end = row.starts_at - buffer, row.ends_at + buffer
        pool = list(world.speakers.get(row.language, ()))
        RNG.shuffle(pool)
        person = next((p for p in pool if rb._free(world, p.pk, start, end)), None)
        if person is None:
            if wants:  # nobody free: as the dispatcher would have marked it
                row.status = S.UNFILLED if row.starts_at < now else S.IN_DISPATCH
            continue
        if wants:
            rb._book(world, person.pk, start, end)
        plans[i] = (person, AssignmentStatus.ACTIVE if wants else AssignmentStatus.CANCELLED)
    # Times: the event log and created_at carry the real moments, not "now".
    paths, stamps = [], []
    for i, row in enumerate(rows):
        path = rb._events(row, i in plans)
        times = timeline(row, path, now)
        paths.append(path)
        stamps.append(times)
        row.created_at = times[0]
        if row.status == S.CANCELLED:
            row.cancelled_by = rb.weighted(CANCEL_PARTIES)
            row.cancel_reason = "Termin entfällt"
            row.cancelled_late = i in plans and row.starts_at - times[-1] < LATE
    created = []
    for b in range(0, len(rows), BATCH):
        created += Request.objects.bulk_create(rows[b : b + BATCH])
    offers, assignments, events = [], [], []
    for i, request in enumerate(created):
        for action, at in zip(paths[i], stamps[i], strict=True):
            events.append(
                Event(request=request, action=action, at=at, from_status="",
                      to_status=request.status)
            )  # fmt: skip
        if request.status in (S.IN_DISPATCH, S.UNFILLED):
            pool = world.speakers.get(request.language, [])
            status = OfferStatus.PENDING if request.status == S.IN_DISPATCH else (
                OfferStatus.DECLINED)  # fmt: skip
            for person in RNG.sample(pool, k=min(len(pool), RNG.randint(1, 3))):
                offers.append(Offer(request=request, interpreter=person, status=status))
        plan = plans.get(i)
        if plan is None:
            continue
        person, assignment_status = plan
        offer = Offer(request=request, interpreter=person, status=OfferStatus.ACCEPTED)
        offers.append(offer)
        buffer = services.travel_buffer(request)
        assignment = Assignment(
            request=request, interpreter=person, offer=offer, status=assignment_status,
            blocked_from=request.starts_at - buffer, blocked_until=request.ends_at + buffer,
            starts_at=request.starts_at, ends_at=request.ends_at,
        )  # fmt: skip
        if request.status in OUTCOME_STATES:
            assignment.outcome = {
                S.NO_SHOW_CLIENT: "no_show_client", S.INTERPRETER_ABSENT: "interpreter_absent",
            }.get(request.status, "completed")  # fmt: skip
            worked = request.duration_minutes + RNG.choice([-15, 0, 0, 15, 30])
            assignment.minutes_worked = {"completed": worked, "no_show_client": 30}.get(
                assignment.outcome, 0
            )
            assignment.travel_minutes = (
                RNG.choice([20, 40, 60]) if request.mode == Mode.ON_SITE else 0
            )
            record = dict(zip(paths[i], stamps[i], strict=True))
            assignment.recorded_at = record.get("record")
            assignment.confirmed_by_requester_at = record.get("confirm_hours")
            assignment.verified_at = record.get("verify")
        assignments.append(assignment)
    for b in range(0, len(offers), BATCH):
        Offer.objects.bulk_create(offers[b : b + BATCH])
    for b in range(0, len(assignments), BATCH):
        Assignment.objects.bulk_create(assignments[b : b + BATCH])
    for b in range(0, len(events), BATCH * 2):
        Event.objects.bulk_create(events[b : b + BATCH * 2])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"requests": len(created), "events": len(events), "offers": len(offers),
            "assignments": len(assignments)}  # fmt: skip


class real_times:
    """bulk_create keeps the given Event.at / Request.created_at (auto_now_add off)."""

    fields = [Event._meta.get_field("at"), Request._meta.get_field("created_at")]

    def __enter__(self):
        for field in self.fields:
            field.auto_now_add = False

    def __exit__(self, *exc):
        for field in self.fields:
            field.auto_now_add = True


def make_pages(count: int) -> tuple[list[int], float]:
    """500 InformationPages under the home page: add_child in a loop (treebeard computes
    path and depth), title and slug in German, titles in 0 to 6 further languages, no
    revision and no publishing step (live=True is the default). Returns the page ids."""
    t0 = time.perf_counter()
    home = site_ensure_home_page()
    ids = []
    others = [code for code in PORTAL_LANGUAGES if code != "de"]
    with translation.override("de"):
        for n in range(count):
            page = InformationPage(title=f"Seite {n:03d}", slug=f"seite-{n:03d}")
            translated = RNG.sample(others, k=RNG.choice([0, 1, 2, 3, 4, 6, 6]))
            for code in PORTAL_LANGUAGES:
                title = f"Seite {n:03d}" if code == "de" else (
                    f"Page {n:03d} ({code})" if code in translated else None)  # fmt: skip
                setattr(page, f"title_{code}", title)
                setattr(page, f"slug_{code}", f"seite-{n:03d}" if code == "de" else None)
            home.add_child(instance=page)
            ids.append(page.pk)
    return ids, time.perf_counter() - t0


def make_views(page_ids: list[int], last_day: date) -> tuple[int, float]:
    """A row per page, language and day for 365 days (bulk_create in batches)."""
    t0 = time.perf_counter()
    share = {"de": 1.0, "ar": 0.35, "uk": 0.3, "fa": 0.25, "ru": 0.2, "tr": 0.2, "en": 0.15}
    popularity = {pk: RNG.paretovariate(1.2) for pk in page_ids}
    first = last_day - timedelta(days=364)
    batch, total = [], 0
    for offset in range(365):
        day = first + timedelta(days=offset)
        weekday = 0.6 if day.weekday() >= 5 else 1.0
        for pk in page_ids:
            base = popularity[pk] * weekday * 4
            for code in PORTAL_LANGUAGES:
                views = int(base * share.get(code, 0.1) * RNG.random() * 2) + 1
                batch.append(PageViewDay(page_id=pk, language=code, day=day, views=views))
        if len(batch) >= 20000:
            PageViewDay.objects.bulk_create(batch, batch_size=BATCH)
            total += len(batch)
            batch = []
    PageViewDay.objects.bulk_create(batch, batch_size=BATCH)
    total += len(batch)
    terms = [f"begriff {n}" for n in range(400)] + ["=cmd", "kita platz", "wohngeld antrag"]
    misses = {}
    for _i in range(30000):
        key = (
            RNG.choice(PORTAL_LANGUAGES),
            RNG.choice(terms),
            first + timedelta(RNG.randint(0, 364)),
        )
        misses[key] = misses.get(key, 0) + RNG.randint(1, 3)
    SearchMissDay.objects.bulk_create(
        [SearchMissDay(language=k[0], term=k[1], day=k[2], count=v) for k, v in misses.items()],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return total, time.perf_counter() - t0


# --- measuring ----------------------------------------------------------------------


def run(fn, repeat: int, warmup: int = 2) -> dict:
    """Median/p90 ms over `repeat` runs after `warmup`, and one run under
    CaptureQueriesContext (query count, the queries with their time)."""
    for _i in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    times = []
    for _i in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "median": statistics.median(times),
        "p90": rb.pct(times, 90),
        "queries": len(ctx.captured_queries),
        "captured": ctx.captured_queries,
        "result": result,
    }


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)  # our own captured SQL  # noqa: S608
        return "\n".join(row[0] for row in cursor.fetchall())


def slowest(captured, n: int = 3) -> list[tuple[float, str]]:
    timed = sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured), reverse=True)
    return timed[:n]


def label_of(sql: str) -> str:
    """A short name for a captured report query (which table it feeds)."""
    s = " ".join(sql.split())
    if "pageviewday" in s:
        return "reach: " + ("untranslated" if "title_" in s and "IS NULL" in s else "views")
    if "searchmissday" in s:
        return "reach: search misses"
    marks = [
        ("lead", "lead times: median/p90 ORDER BY + OFFSET"),
        ('"decided_at"', "lead times: counts"),
        ("hourly_rate", "hours and costs"),
        ("ever_approved", "outcomes"),
        ("assignments_", "year comparison"),
        ('"unfilled"', "unmet demand"),
        ('AS "month"', "by month"),
        ("department__name", "by department"),
        ('AS "topic"', "by topic"),
        ('AS "mode"', "by mode"),
        ('"language_variant"', "by language"),
    ]
    for mark, name in marks:
        if mark in s:
            return name
    return s[:60]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--export-repeat", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run_report.py measures PostgreSQL: set DATABASE_URL (run_report.sh does).")
    if Request.objects.exists():
        sys.exit("The database already holds requests: use a fresh one (run_report.sh).")
    translation.activate("de")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    started = time.perf_counter()
    print("# Committee report benchmark\n")
    print(f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"- machine: {rb.machine()}; PostgreSQL {pg_version} on 127.0.0.1, Python "
          f"{platform.python_version()}, Django {django.get_version()}")  # fmt: skip
    dirty = " (working tree with uncommitted changes)" if rb.git("status", "--porcelain") else ""
    print(f"- commit: {rb.git('rev-parse', '--short', 'HEAD')}{dirty}")
    print(f"- settings: {settings.SETTINGS_MODULE}")
    print(f"- timings: median and p90 of {args.repeat} runs after 2 warm-up runs; query counts "
          f"and per-query times from one run under CaptureQueriesContext\n")  # fmt: skip

    world = rb.World()
    rb.make_people(world)
    make_money(world)
    rb.make_interpreters(world, 200)

    month = month_period(FUNDING_YEAR, 10)
    quarter = quarter_period(FUNDING_YEAR, 3)
    year = year_period(FUNDING_YEAR)
    a_filter = {"language": Language.ARABIC.value}
    variants = {
        f"month {month.label}": (month, {}),
        f"month {month.label}, language=ar": (month, a_filter),
        f"quarter {quarter.label}": (quarter, {}),
        f"quarter {quarter.label}, language=ar": (quarter, a_filter),
        f"funding year {year.label}": (year, {}),
        f"funding year {year.label}, language=ar": (year, a_filter),
    }

    def report_fn(period, filters):
        return lambda: interpreter_report(period=period, filters=filters)

    # Stage 1: the small data set, query counts (and times) only.
    gen = {}
    t0 = time.perf_counter()
    with real_times():
        gen["small"] = make_requests(world, args.small)
    gen["small_s"] = time.perf_counter() - t0
    log(f"{args.small} requests in {gen['small_s']:.1f} s: {gen['small']}")
    small = {name: run(report_fn(*v), 3) for name, v in variants.items()}

    t0 = time.perf_counter()
    with real_times():
        gen["big"] = make_requests(world, args.requests - args.small)
    gen["big_s"] = time.perf_counter() - t0
    log(f"{args.requests - args.small} more requests in {gen['big_s']:.1f} s: {gen['big']}")
    page_ids, pages_s = make_pages(args.pages)
    log(f"{args.pages} pages in {pages_s:.1f} s")
    last_view_day = timezone.localdate() - timedelta(days=1)
    views_n, views_s = make_views(page_ids, last_view_day)
    log(f"{views_n} page view rows in {views_s:.1f} s")

    log("measuring")
    ref = run(rb.select1, 500, warmup=20)
    big = {}
    for name, v in variants.items():
        log(f"interpreter_report {name}")
        big[name] = run(report_fn(*v), args.repeat)
    reach_month = month_period(last_view_day.year, last_view_day.month - 1 or 12)
    reach_year = custom_period(last_view_day - timedelta(days=364), last_view_day)
    reach = {}
    for name, period in ((f"month {reach_month.label}", reach_month),
                         (f"year {reach_year.label}", reach_year)):  # fmt: skip
        log(f"reach_report {name}")
        reach[name] = run(
            lambda p=period: reach_report(period=p, translation_states=translation_states_read),
            args.repeat,
        )

    # --- data summary
    total = Request.objects.count()
    by_status = dict(Request.objects.values_list("status").annotate(n=Count("pk")))
    active = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count()
    with_any = Assignment.objects.values("request").distinct().count()
    per_year = dict(
        Request.objects.values_list("starts_at__year").annotate(n=Count("pk")).order_by()
    )
    print("## Data (bulk_create, not the services)\n")
    print(
        f"- {total} requests with appointments {FIRST_DAY:%d.%m.%Y}–{LAST_DAY:%d.%m.%Y} "
        f"(per year: {', '.join(f'{y}: {n}' for y, n in sorted(per_year.items()))}); "
        f"generated in {gen['small_s']:.0f} s + {gen['big_s']:.0f} s"
    )
    print(
        f"- {Event.objects.count()} events at realistic times, {Offer.objects.count()} offers, "
        f"{Assignment.objects.count()} assignments on {with_any} requests "
        f"({100 * with_any / total:.0f} %), {active} active "
        f"({100 * active / total:.0f} %); the exclusion constraint accepted every row"
    )
    print(
        f"- {BudgetLine.objects.count()} budget lines (3 per year), 2 tariffs: 45.00 €/h "
        f"until {TARIFF_CHANGE - timedelta(1):%d.%m.%Y}, 52.50 €/h from "
        f"{TARIFF_CHANGE:%d.%m.%Y}"
    )
    print(
        f"- {args.pages} InformationPages (add_child in a loop under the home page, no revisions: "
        f"{pages_s:.1f} s), {views_n} PageViewDay rows ({args.pages} × "
        f"{len(PORTAL_LANGUAGES)} languages × 365 days up to {last_view_day:%d.%m.%Y}, "
        f"{views_s:.0f} s with the search misses), {SearchMissDay.objects.count()} "
        f"SearchMissDay rows\n"
    )
    print(rb.table(["state", "requests"], sorted(by_status.items(), key=lambda kv: -kv[1])))

    print("\n## Reference: `SELECT 1` through Django's cursor\n")
    print(rb.table(["median ms", "p90 ms"], [(f"{ref['median']:.3f}", f"{ref['p90']:.3f}")]))

    def verdict(r):
        return "met" if r["p90"] < TARGET_MS else "**missed**"

    print(f"\n## interpreter_report ({total} requests)\n")
    rows = []
    for name, r in big.items():
        n_requests = Request.objects.filter(
            starts_at__gte=datetime.combine(variants[name][0].start, datetime.min.time(), LOCAL),
            starts_at__lt=datetime.combine(variants[name][0].end, datetime.min.time(), LOCAL),
            **variants[name][1],
        ).count()
        top = slowest(r["captured"], 1)[0]
        rows.append((name, n_requests, rb.ms(r["median"]), rb.ms(r["p90"]), r["queries"],
                     small[name]["queries"], f"{top[0]:.0f} ({label_of(top[1])})",
                     f"{r['median'] / ref['median']:.0f}×", verdict(r)))  # fmt: skip
    print(rb.table(["period", "requests in period", "median ms", "p90 ms",
                    f"queries at {total}", f"queries at {args.small}",
                    "slowest query ms (table)", "/ SELECT 1", "< 1 s"], rows))  # fmt: skip
    rows = [(name, rb.ms(small[name]["median"]), rb.ms(small[name]["p90"]),
             small[name]["queries"]) for name in small]  # fmt: skip
    print(f"\nThe same at {args.small} requests (3 runs):\n")
    print(rb.table(["period", "median ms", "p90 ms", "queries"], rows))

    print(f"\n## reach_report ({views_n} page view rows)\n")
    rows = []
    for name, r in reach.items():
        top = slowest(r["captured"], 1)[0]
        rows.append((name, rb.ms(r["median"]), rb.ms(r["p90"]), r["queries"],
                     f"{top[0]:.0f} ({label_of(top[1])})", verdict(r)))  # fmt: skip
    print(rb.table(["period", "median ms", "p90 ms", "queries", "slowest query ms (table)",
                    "< 1 s"], rows))  # fmt: skip

    # Per-query times of the funding year report and the reach year report.
    year_r, month_r = big[f"funding year {year.label}"], big[f"month {month.label}"]
    reach_year_r = reach[f"year {reach_year.label}"]
    heaviest = (
        (f"interpreter_report, funding year {year.label}", year_r),
        (f"reach_report, year {reach_year.label}", reach_year_r),
    )
    for title, r in heaviest:
        print(f"\n### Queries of {title} (one captured run)\n")
        qrows = [(i + 1, label_of(q["sql"]), f"{float(q['time']) * 1000:.1f}")
                 for i, q in enumerate(r["captured"])]  # fmt: skip
        print(rb.table(["#", "table fed", "ms"], qrows))

    # --- exports
    print(
        f"\n## Exports (median of {args.export_repeat} runs per table; the report's tables "
        "already computed)\n"
    )
    rows = []
    totals = {}
    exported = (
        (f"interpreter, funding year {year.label}", year_r),
        (f"interpreter, month {month.label}", month_r),
        (f"reach, year {reach_year.label}", reach_year_r),
    )
    for report_name, r in exported:
        for table in r["result"]:
            csv_times, xlsx_times = [], []
            for _i in range(args.export_repeat):
                t0 = time.perf_counter()
                csv_bytes = table_csv(table)
                csv_times.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                xlsx_bytes = table_xlsx(table)
                xlsx_times.append((time.perf_counter() - t0) * 1000)
            c, x = statistics.median(csv_times), statistics.median(xlsx_times)
            totals[report_name] = totals.get(report_name, 0) + c + x
            rows.append((report_name, table.key, len(table.rows), rb.ms(c), len(csv_bytes),
                         rb.ms(x), len(xlsx_bytes)))  # fmt: skip
    print(rb.table(["report", "table", "rows", "CSV ms", "CSV bytes", "XLSX ms", "XLSX bytes"],
                   rows))  # fmt: skip
    print()
    for name, value in totals.items():
        print(f"- all tables of {name}, CSV + XLSX: {value:.0f} ms")

    # --- plans of the slowest queries
    print("\n## Plans (EXPLAIN (ANALYZE, BUFFERS)) of the slowest queries\n")
    seen = set()
    for title, r in heaviest:
        for ms_, sql in slowest(r["captured"], 2):
            if sql in seen:
                continue
            seen.add(sql)
            print(f"### {title}: {label_of(sql)} ({ms_:.0f} ms in the captured run)\n")
            print(f"```sql\n{sql}\n```\n\n```\n{explain(sql)}\n```\n")
    print(f"Whole run: {time.perf_counter() - started:.0f} s.")
    connection.close()


if __name__ == "__main__":
    main()
