"""Benchmark of the interpreter booking on PostgreSQL (issue 4, "Measured").

Run it through bench/run_booking.sh, which creates a throwaway database, migrates it and
sets DATABASE_URL / DJANGO_SETTINGS_MODULE. It refuses to run on anything but PostgreSQL
and refuses a non-empty booking (it would mix its data with someone else's).

The data is written with bulk_create, NOT through the services: 20,000 requests through
request_submit/approve/offer/accept would take far longer than the measurements, and the
services are measured on their own in part (d). The rows are shaped as the services
would leave them (states, events, offers, assignments with the travel buffer, recorded
hours), and the assignments respect the exclusion constraint (no overlap per
interpreter; PostgreSQL checks it on insert).

Stages, so that the query counts can be compared as the data grows:
  S: 20 interpreters,  2,000 requests  -> queue, dispatcher list, ranking
  M: 200 interpreters, 2,000 requests  -> ranking
  L: 200 interpreters, 20,000 requests -> queue, dispatcher list, ranking, EXPLAIN
then (d) request_submit under 1, 4 and 8 concurrent threads.
"""

# ruff: noqa: S311 (seeded pseudo-random test data, nothing secret)
import argparse
import bisect
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.municipalities import Municipality  # noqa: E402
from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_REQUESTER  # noqa: E402
from sprachmittler import selectors, services  # noqa: E402
from sprachmittler.constants import (  # noqa: E402
    VARIANTS,
    AssignmentStatus,
    Gender,
    Language,
    Mode,
    OfferStatus,
    RejectReason,
    RequestStatus,
    Topic,
)
from sprachmittler.models import (  # noqa: E402
    Absence,
    Assignment,
    BudgetLine,
    Department,
    DoNotSend,
    Event,
    Interpreter,
    InterpreterArea,
    InterpreterLanguage,
    Notification,
    Offer,
    Request,
    StaffProfile,
    WeeklyAvailability,
)

S = RequestStatus
RNG = random.Random(4711)
PAGE = 25
BATCH = 2000
MUNICIPALITIES = [m.value for m in Municipality]
LANGUAGES = [lang.value for lang in Language if lang != Language.OTHER]
# Demand roughly as in the pool's e-mails: Arabic, Ukrainian, Farsi/Dari, Kurdish first.
LANGUAGE_WEIGHTS = {"ar": 20, "uk": 14, "fa": 13, "ku": 9, "ru": 8, "tr": 8, "ti": 5, "ps": 4}
FUTURE_STATES = {  # share of requests whose appointment lies ahead
    S.SUBMITTED: 25, S.NEEDS_INFO: 5, S.APPROVED: 15, S.IN_DISPATCH: 15, S.CONFIRMED: 20,
    S.REJECTED: 8, S.CANCELLED: 12,
}  # fmt: skip
PAST_STATES = {
    S.COMPLETED: 30, S.NO_SHOW_CLIENT: 3, S.INTERPRETER_ABSENT: 2, S.SETTLED: 5,
    S.CANCELLED: 20, S.REJECTED: 15, S.UNFILLED: 20, S.SUBMITTED: 1, S.APPROVED: 1,
    S.CONFIRMED: 3,
}  # fmt: skip
WITH_ASSIGNMENT = {
    S.CONFIRMED, S.COMPLETED, S.NO_SHOW_CLIENT, S.INTERPRETER_ABSENT, S.SETTLED,
}  # fmt: skip
OUTCOME_STATES = {S.COMPLETED, S.NO_SHOW_CLIENT, S.INTERPRETER_ABSENT, S.SETTLED}


def log(*args):
    print("--", *args, file=sys.stderr, flush=True)


def weighted(choices: dict):
    keys = list(choices)
    return RNG.choices(keys, weights=[choices[k] for k in keys])[0]


# --- data ---------------------------------------------------------------------------


class World:
    """What the generator needs to remember between stages."""

    def __init__(self):
        self.now = timezone.now()
        self.departments = []
        self.budget_lines = []
        self.requesters = []
        self.interpreters = []  # Interpreter objects
        self.speakers = {}  # language -> [interpreter]
        self.busy = {}  # interpreter pk -> sorted [(from, until)]
        self.past_done = []  # (pk, department_id, language) of requests with an outcome
        self.recent_offer = None


def make_people(world: World, n_requesters: int = 8):
    User = get_user_model()
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in
              (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER)}  # fmt: skip
    names = ["Jobcenter-Leistung", "Jugendamt", "Gesundheitsamt", "Schulen",
             "Ausländerbehörde", "Sozialamt", "Ordnungsamt", "Eingliederungshilfe",
             "Wohngeldstelle", "Bildung und Teilhabe", "Unterhaltsvorschuss",
             "Betreuungsstelle"]  # fmt: skip
    world.departments = Department.objects.bulk_create(
        [Department(name=n, email=f"abteilung{i}@bench.invalid") for i, n in enumerate(names)]
    )
    world.budget_lines = BudgetLine.objects.bulk_create(
        [BudgetLine(code=f"SM-{i}", name=f"Sprachmittlung {i}", year=2026) for i in range(3)]
    )
    coordinator = User.objects.create_user("bench-koordination", "koord@bench.invalid", "x")
    coordinator.groups.add(groups[ROLE_COORDINATOR])
    dispatcher = User.objects.create_user("bench-disposition", "dispo@bench.invalid", "x")
    dispatcher.groups.add(groups[ROLE_DISPATCHER])
    for i in range(n_requesters):
        user = User.objects.create_user(f"bench-anfragende-{i}", f"a{i}@bench.invalid", "x")
        user.groups.add(groups[ROLE_REQUESTER])
        StaffProfile.objects.create(user=user, department=world.departments[i % 3])
        world.requesters.append(user)


def make_interpreters(world: World, count: int):
    start = len(world.interpreters)
    people = []
    for i in range(start, start + count):
        people.append(
            Interpreter(
                first_name=f"Vorname{i}",
                last_name=f"Nachname{i:03d}",
                email=f"sm{i}@bench.invalid",
                gender=RNG.choice([Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.DIVERSE]),
                home_municipality=RNG.choice(MUNICIPALITIES),
                on_site=RNG.random() < 0.85,
                phone_mode=RNG.random() < 0.8,
                video=RNG.random() < 0.35,
                active=RNG.random() < 0.95,
            )
        )
    people = Interpreter.objects.bulk_create(people)
    languages, areas, availability, absences, do_not_send = [], [], [], [], []
    for person in people:
        spoken = RNG.sample(
            LANGUAGES,
            k=RNG.choice([1, 1, 2, 2, 3]),
            counts=[LANGUAGE_WEIGHTS.get(code, 2) for code in LANGUAGES],
        )
        for code in dict.fromkeys(spoken):
            variants = [v for v, _label in VARIANTS.get(code, ())]
            chosen = RNG.sample(variants, k=RNG.randint(1, len(variants))) if variants else [""]
            for variant in chosen:
                languages.append(
                    InterpreterLanguage(interpreter=person, language=code, variant=variant)
                )
            world.speakers.setdefault(code, []).append(person)
        for area in RNG.sample(MUNICIPALITIES, k=RNG.randint(1, 4)):
            areas.append(InterpreterArea(interpreter=person, municipality=area))
        begin, end = RNG.choice([(8, 17), (8, 13), (12, 18), (9, 16)])
        for weekday in sorted(RNG.sample(range(5), k=RNG.randint(2, 5))):
            availability.append(
                WeeklyAvailability(
                    interpreter=person, weekday=weekday, starts_at=dtime(begin), ends_at=dtime(end)
                )
            )
        for _i in range(RNG.choice([0, 0, 1, 2])):
            first = timezone.localdate() + timedelta(days=RNG.randint(-180, 180))
            absences.append(
                Absence(
                    interpreter=person,
                    starts_on=first,
                    ends_on=first + timedelta(RNG.randint(1, 21)),
                )
            )
        if RNG.random() < 0.05:
            do_not_send.append(
                DoNotSend(department=RNG.choice(world.departments), interpreter=person)
            )
        world.busy[person.pk] = []
    InterpreterLanguage.objects.bulk_create(languages)
    InterpreterArea.objects.bulk_create(areas)
    WeeklyAvailability.objects.bulk_create(availability)
    Absence.objects.bulk_create(absences)
    DoNotSend.objects.bulk_create(do_not_send, ignore_conflicts=True)
    world.interpreters.extend(people)


def _free(world: World, pk: int, start, end) -> bool:
    spans = world.busy[pk]
    i = bisect.bisect_left(spans, (start, start))
    if i > 0 and spans[i - 1][1] > start:
        return False
    return not (i < len(spans) and spans[i][0] < end)


def _book(world: World, pk: int, start, end):
    bisect.insort(world.busy[pk], (start, end))


def _events(request: Request, had_offer: bool) -> list[str]:
    status = request.status
    if status == S.SUBMITTED:
        return ["submit"]
    if status == S.NEEDS_INFO:
        return ["submit", "ask"]
    if status == S.REJECTED:
        return (
            ["submit", "ask", "complete", "reject"] if RNG.random() < 0.2 else ["submit", "reject"]
        )
    if status == S.APPROVED:
        return ["submit", "approve"]
    if status == S.IN_DISPATCH:
        return ["submit", "approve", "offer"]
    if status == S.UNFILLED:
        return ["submit", "approve", "offer", "decline", "mark_unfilled"]
    if status == S.CANCELLED:
        return (
            ["submit", "approve", "offer", "accept", "cancel"]
            if had_offer
            else ["submit", "cancel"]
        )
    path = ["submit", "approve", "offer", "accept"]
    if status in OUTCOME_STATES:
        path.append("record")
    if status == S.SETTLED:
        path += ["confirm_hours", "verify"]
    return path


def make_requests(world: World, count: int):
    """`count` requests over a year (about 200 days back, 165 ahead), in every state."""
    today = timezone.localtime(world.now).replace(hour=0, minute=0, second=0, microsecond=0)
    languages = LANGUAGES + [Language.OTHER]
    language_weights = [LANGUAGE_WEIGHTS.get(code, 2) for code in LANGUAGES] + [2]
    rows = []
    for n in range(count):
        day = today + timedelta(days=RNG.randint(-200, 165))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts_at = day.replace(hour=RNG.randint(8, 15), minute=RNG.choice([0, 15, 30, 45]))
        future = starts_at > world.now
        status = weighted(FUTURE_STATES if future else PAST_STATES)
        language = RNG.choices(languages, weights=language_weights)[0]
        if language == Language.OTHER and status in WITH_ASSIGNMENT:
            status = S.UNFILLED if not future else S.APPROVED
        variants = [v for v, _label in VARIANTS.get(language, ())]
        mode = RNG.choices([Mode.ON_SITE, Mode.PHONE, Mode.VIDEO], weights=[70, 22, 8])[0]
        urgent = RNG.random() < 0.08
        preference = RNG.choices(["", Gender.FEMALE, Gender.MALE], weights=[80, 15, 5])[0]
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
                municipality=RNG.choice(MUNICIPALITIES),
                place="Kreishaus, Raum 1.12" if mode == Mode.ON_SITE else "",
                topic=RNG.choice(list(Topic.values)),
                description="Gespräch",
                case_reference=f"BENCH-{len(world.past_done)}-{n}",
                gender_preference=preference,
                other_gender_ok=not preference or RNG.random() < 0.5,
                urgent=urgent,
                urgent_reason="Frist" if urgent else "",
                scope_confirmed=True,
                budget_line=RNG.choice(world.budget_lines)
                if status not in (S.SUBMITTED, S.NEEDS_INFO, S.REJECTED)
                else None,
                reject_reason=RNG.choice(list(RejectReason.values)) if status == S.REJECTED else "",
                question="Welche Variante?" if status == S.NEEDS_INFO else "",
                cancelled_by="department" if status == S.CANCELLED else "",
            )
        )
    # Interpreters for the states that have one, in time order; no overlap per person.
    rows.sort(key=lambda r: r.starts_at)
    plans = {}  # index -> (interpreter, assignment status)
    for i, row in enumerate(rows):
        wants = row.status in WITH_ASSIGNMENT
        cancelled_with = row.status == S.CANCELLED and RNG.random() < 0.3
        if not (wants or cancelled_with):
            continue
        buffer = services.travel_buffer(row)
        start, end = row.starts_at - buffer, row.ends_at + buffer
        pool = list(world.speakers.get(row.language, ()))
        RNG.shuffle(pool)
        person = next((p for p in pool if _free(world, p.pk, start, end)), None)
        if person is None:
            if wants:  # nobody free: as the dispatcher would have marked it
                row.status = S.UNFILLED if row.starts_at < world.now else S.IN_DISPATCH
            continue
        if wants:
            _book(world, person.pk, start, end)
        plans[i] = (person, AssignmentStatus.ACTIVE if wants else AssignmentStatus.CANCELLED)
    created = []
    for b in range(0, len(rows), BATCH):
        created += Request.objects.bulk_create(rows[b : b + BATCH])
    offers, assignments, events = [], [], []
    for i, request in enumerate(created):
        plan = plans.get(i)
        for action in _events(request, plan is not None):
            events.append(
                Event(request=request, action=action, from_status="", to_status=request.status)
            )
        if request.status in (S.IN_DISPATCH, S.UNFILLED):
            pool = world.speakers.get(request.language, [])
            offer_status = OfferStatus.PENDING if request.status == S.IN_DISPATCH else (
                OfferStatus.DECLINED)  # fmt: skip
            for person in RNG.sample(pool, k=min(len(pool), RNG.randint(1, 3))):
                offers.append(Offer(request=request, interpreter=person, status=offer_status))
        if plan is not None:
            person, assignment_status = plan
            offer = Offer(request=request, interpreter=person, status=OfferStatus.ACCEPTED)
            offers.append(offer)
            buffer = services.travel_buffer(request)
            assignment = Assignment(
                request=request,
                interpreter=person,
                offer=offer,
                status=assignment_status,
                blocked_from=request.starts_at - buffer,
                blocked_until=request.ends_at + buffer,
            )
            if request.status in OUTCOME_STATES:
                assignment.outcome = {
                    S.NO_SHOW_CLIENT: "no_show_client",
                    S.INTERPRETER_ABSENT: "interpreter_absent",
                }.get(request.status, "completed")
                assignment.minutes_worked = request.duration_minutes + RNG.choice([-15, 0, 15])
                assignment.travel_minutes = 40 if request.mode == Mode.ON_SITE else 0
                assignment.recorded_at = request.starts_at + timedelta(hours=RNG.randint(3, 48))
                if request.status == S.SETTLED or RNG.random() < 0.7:
                    assignment.confirmed_by_requester_at = assignment.recorded_at + timedelta(1)
                if request.status == S.SETTLED:
                    assignment.verified_at = assignment.recorded_at + timedelta(2)
                world.past_done.append((request.pk, request.department_id, request.language))
            assignments.append(assignment)
    for b in range(0, len(offers), BATCH):
        Offer.objects.bulk_create(offers[b : b + BATCH])
    for b in range(0, len(assignments), BATCH):
        Assignment.objects.bulk_create(assignments[b : b + BATCH])
    for b in range(0, len(events), BATCH * 2):
        Event.objects.bulk_create(events[b : b + BATCH * 2])
    # Follow-ups: some requests ahead continue an earlier one of the department.
    done_by = {}
    for pk, department_id, language in world.past_done:
        done_by.setdefault((department_id, language), []).append(pk)
    follow_ups = []
    for request in created:
        if request.starts_at > world.now and RNG.random() < 0.1:
            earlier = done_by.get((request.department_id, request.language))
            if earlier:
                request.follow_up_of_id = RNG.choice(earlier)
                follow_ups.append(request)
    Request.objects.bulk_update(follow_ups, ["follow_up_of"], batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(created), len(assignments), len(events), len(offers)


# --- measuring ----------------------------------------------------------------------


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def replay(queries, repeat: int) -> float:
    """Median ms of sending the captured SQL again as raw SQL (SELECTs only): the time
    spent in PostgreSQL and the driver, without Django building the queries and rows."""
    times = []
    with connection.cursor() as cursor:
        for _i in range(repeat):
            t0 = time.perf_counter()
            for query in queries:
                cursor.execute(query["sql"])
                cursor.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def timed(fn, repeat: int, warmup: int = 3):
    """(median ms, p90 ms, query count of one run, raw-SQL median ms) over `repeat` runs."""
    for _i in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    times = []
    for _i in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    sql = replay(ctx.captured_queries, repeat)
    return statistics.median(times), pct(times, 90), len(ctx.captured_queries), sql


def queue_page(filters):
    page = Paginator(selectors.request_list_queue(filters=filters), PAGE).get_page(1)
    return [(r.case_reference, r.department.name) for r in page.object_list]


def dispatch_page():
    page = Paginator(selectors.request_list_dispatch_counted(), PAGE).get_page(1)
    return [(r.case_reference, r.department.name, r.pending_offers) for r in page.object_list]


def queue_filters(world: World):
    today = timezone.localdate()
    ar = Language.ARABIC.value
    return {
        "none": {},
        "department": {"department": world.departments[0]},
        "language (ar)": {"language": ar},
        "language (ti)": {"language": Language.TIGRINYA.value},
        "date (next 30 days)": {"date_from": today, "date_until": today + timedelta(30)},
        "urgent": {"urgent": True},
        "all four": {
            "department": world.departments[0], "language": ar, "date_from": today,
            "date_until": today + timedelta(180), "urgent": True,
        },
    }  # fmt: skip


def rank_sample(n: int = 50) -> list[int]:
    """n requests the dispatcher would rank: approved or in dispatch, ahead, a mix of
    languages and modes with variants, follow-ups and gender preferences among them."""
    base = selectors.request_list_dispatch().filter(starts_at__gt=timezone.now())
    picked = []
    special = [
        base.filter(follow_up_of__isnull=False),
        base.exclude(language_variant=""),
        base.filter(other_gender_ok=False),
        base.exclude(mode=Mode.ON_SITE),
    ]
    for qs in special:
        picked += list(qs.exclude(pk__in=picked).values_list("pk", flat=True)[:6])
    rest = list(base.exclude(pk__in=picked).values_list("pk", flat=True))
    RNG.shuffle(rest)
    return (picked + rest)[:n]


def rank_all(pks, rounds: int = 3):
    """Time interpreter_candidates for each request as a view would load it."""
    requests = [
        Request.objects.select_related("department", "budget_line").get(pk=pk) for pk in pks
    ]
    for request in requests[:5]:
        selectors.interpreter_candidates(request)
    times, counts, found, sql = [], [], [], []
    for request in requests:
        fresh = Request.objects.select_related("department", "budget_line").get(pk=request.pk)
        with CaptureQueriesContext(connection) as ctx:
            found.append(len(selectors.interpreter_candidates(fresh)))
        counts.append(len(ctx.captured_queries))
        sql.append(replay(ctx.captured_queries, rounds))
    for _r in range(rounds):
        for request in requests:
            fresh = Request.objects.select_related("department", "budget_line").get(pk=request.pk)
            t0 = time.perf_counter()
            selectors.interpreter_candidates(fresh)
            times.append((time.perf_counter() - t0) * 1000)
    return {
        "median": statistics.median(times),
        "p90": pct(times, 90),
        "sql_median": statistics.median(sql),
        "queries_min": min(counts),
        "queries_max": max(counts),
        "queries_by_request": counts,
        "candidates_median": statistics.median(found),
        "candidates_max": max(found),
    }


def select1():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def explain(qs) -> str:
    return qs.explain(analyze=True, buffers=False)


# --- (d) concurrent submissions ---------------------------------------------------------


def submit_data(rng: random.Random, n: int) -> dict:
    start = timezone.localtime() + timedelta(days=rng.randint(10, 120))
    while start.weekday() >= 5:
        start += timedelta(days=1)
    start = start.replace(hour=rng.randint(8, 15), minute=0, second=0, microsecond=0)
    return {
        "language": "ar", "language_variant": "levantine", "language_other": "",
        "starts_at": start, "duration_minutes": 90, "mode": "on_site",
        "municipality": "winsen", "place": "Kreishaus Winsen, Raum 1.12",
        "topic": "benefits", "description": "Erstgespräch zu Leistungen",
        "case_reference": f"LOAD-{n}", "participants": 2, "gender_preference": "",
        "other_gender_ok": True, "note_dispatcher": "", "note_interpreter": "",
        "urgent": False, "urgent_reason": "", "scope_confirmed": True, "onsite_contact": "",
    }  # fmt: skip


def load(world: World, threads: int, seconds: float) -> dict:
    User = get_user_model()
    before = (Request.objects.count(), Notification.objects.count(), Event.objects.count())
    barrier = threading.Barrier(threads + 1)
    results = [None] * threads
    stop = [0.0]

    def worker(k: int):
        from django.db import connection as own

        rng = random.Random(k)
        user = User.objects.get(pk=world.requesters[k % len(world.requesters)].pk)
        services.user_roles(user)  # warm the thread's connection
        latencies, errors = [], []
        barrier.wait()
        try:
            n = 0
            while time.perf_counter() < stop[0]:
                n += 1
                data = submit_data(rng, k * 1_000_000 + n)
                t0 = time.perf_counter()
                try:
                    services.request_submit(by=user, data=data)
                except Exception as error:  # counted, reported
                    errors.append(repr(error)[:200])
                    continue
                latencies.append((time.perf_counter() - t0) * 1000)
        finally:
            results[k] = (latencies, errors)
            own.close()

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    stop[0] = time.perf_counter() + seconds
    t_start = time.perf_counter()
    barrier.wait()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t_start
    latencies = [x for lat, _e in results for x in lat]
    errors = [x for _l, err in results for x in err]
    after = (Request.objects.count(), Notification.objects.count(), Event.objects.count())
    return {
        "threads": threads,
        "ok": len(latencies),
        "errors": len(errors),
        "error_sample": errors[:3],
        "per_second": len(latencies) / elapsed,
        "p50": pct(latencies, 50) if latencies else 0,
        "p99": pct(latencies, 99) if latencies else 0,
        "new_requests": after[0] - before[0],
        "new_events": after[2] - before[2],
        "new_notifications": after[1] - before[1],
        "unsent": Notification.objects.filter(sent_at__isnull=True).count(),
    }


# --- report -------------------------------------------------------------------------


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def ms(value):
    return f"{value:.2f}"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def git(*args) -> str:
    try:
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,  # noqa: S607
        ).stdout.strip()
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per load level")
    parser.add_argument("--threads", default="1,4,8")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run_booking.py measures PostgreSQL: set DATABASE_URL (run_booking.sh does).")
    if Request.objects.exists() or Interpreter.objects.exists():
        sys.exit("The database already holds booking data: use a fresh one (run_booking.sh).")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    print("# Booking benchmark\n")
    print(f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"- machine: {machine()}; PostgreSQL {pg_version} on 127.0.0.1, Python "
          f"{platform.python_version()}, Django {django.get_version()}")  # fmt: skip
    dirty = " (working tree with uncommitted changes)" if git("status", "--porcelain") else ""
    print(f"- commit: {git('rev-parse', '--short', 'HEAD')}{dirty}")
    backend = settings.EMAIL_BACKEND.rsplit(".", 1)[-1]
    print(f"- settings: {settings.SETTINGS_MODULE}, CELERY_TASK_ALWAYS_EAGER="
          f"{settings.CELERY_TASK_ALWAYS_EAGER}, e-mail {backend}")  # fmt: skip
    print(
        f"- timings: median and p90 of {args.repeat} runs after 3 warm-up runs; "
        "query counts from one run under CaptureQueriesContext\n"
    )

    world = World()
    make_people(world)
    counts = {}
    results = {}

    def measure(stage: str, *, lists: bool, sample):
        log(f"measuring stage {stage}")
        out = {"select1": timed(select1, 500)}
        if lists:
            out["queue"] = {
                name: timed(lambda f=f: queue_page(f), args.repeat)
                for name, f in queue_filters(world).items()
            }
            out["queue_hits"] = {
                name: selectors.request_list_queue(filters=f).count()
                for name, f in queue_filters(world).items()
            }
            out["queue_rows"] = Request.objects.filter(
                status__in=(S.SUBMITTED, S.NEEDS_INFO)
            ).count()
            out["dispatch"] = timed(dispatch_page, args.repeat)
            out["dispatch_plain"] = timed(
                lambda: list(
                    Paginator(selectors.request_list_dispatch(), PAGE).get_page(1).object_list
                ),
                args.repeat,
            )
            out["dispatch_rows"] = selectors.request_list_dispatch().count()
        out["rank"] = rank_all(sample)
        out["interpreters"] = Interpreter.objects.count()
        out["requests"] = Request.objects.count()
        results[stage] = out

    t0 = time.perf_counter()
    make_interpreters(world, 20)
    counts["S"] = make_requests(world, 2000)
    log(f"stage S data in {time.perf_counter() - t0:.1f} s: {counts['S']}")
    sample = rank_sample()
    measure("S", lists=True, sample=sample)
    make_interpreters(world, 180)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    measure("M", lists=False, sample=sample)
    t0 = time.perf_counter()
    counts["L"] = make_requests(world, 18000)
    log(f"stage L data in {time.perf_counter() - t0:.1f} s: {counts['L']}")
    measure("L", lists=True, sample=sample)

    # --- data summary
    by_status = dict(Request.objects.values_list("status").annotate(n=Count("pk")))
    total = Request.objects.count()
    with_assignment = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count()
    print("## Data (bulk_create, not the services)\n")
    print(
        f"{total} requests over about a year (200 days back, 165 ahead); "
        f"{Interpreter.objects.count()} interpreters with "
        f"{InterpreterLanguage.objects.count()} language/variant rows, "
        f"{InterpreterArea.objects.count()} areas, {WeeklyAvailability.objects.count()} "
        f"weekly slots, {Absence.objects.count()} absences, {DoNotSend.objects.count()} "
        f"do-not-send entries; {Event.objects.count()} events, {Offer.objects.count()} "
        f"offers, {Assignment.objects.count()} assignments ({with_assignment} active = "
        f"{100 * with_assignment / total:.0f} % of the requests, no overlap per interpreter: "
        f"the exclusion constraint accepted every row).\n"
    )
    print(table(["state", "requests"], sorted(by_status.items(), key=lambda kv: -kv[1])))

    ref = {stage: results[stage]["select1"] for stage in results}
    print("\n## Reference: `SELECT 1` through Django's cursor\n")
    print(table(["stage", "median ms", "p90 ms"],
                [(s, ms(r[0]), ms(r[1])) for s, r in ref.items()]))  # fmt: skip

    print("\n## (a) Coordinator's queue, first page (Paginator, 25 rows)\n")
    s, big = results["S"], results["L"]
    print(
        f"Queue rows (submitted + needs_info): {s['queue_rows']} at 2,000 requests, "
        f"{big['queue_rows']} at 20,000.\n"
    )
    rows = []
    for name in s["queue"]:
        a, b = s["queue"][name], big["queue"][name]
        hits = f"{s['queue_hits'][name]} / {big['queue_hits'][name]}"
        rows.append((name, hits, ms(a[0]), ms(a[1]), a[2], ms(b[0]), ms(b[1]), b[2], ms(b[3]),
                     f"{b[0] / ref['L'][0]:.0f}×"))  # fmt: skip
    print(table(["filter", "matching rows 2k / 20k", "2k median ms", "2k p90 ms",
                 "2k queries", "20k median ms", "20k p90 ms", "20k queries",
                 "20k raw SQL ms", "20k / SELECT 1"], rows))  # fmt: skip

    print("\n## (c) Dispatcher's list, first page (approved + in dispatch, 25 rows)\n")
    print(f"List rows: {s['dispatch_rows']} at 2,000 requests, {big['dispatch_rows']} at 20,000.\n")
    rows = []
    for key, label in (("dispatch", "request_list_dispatch_counted (with pending offers)"),
                       ("dispatch_plain", "request_list_dispatch")):  # fmt: skip
        a, b = s[key], big[key]
        rows.append((label, ms(a[0]), ms(a[1]), a[2], ms(b[0]), ms(b[1]), b[2], ms(b[3])))
    print(table(["selector", "2k median ms", "2k p90 ms", "2k queries", "20k median ms",
                 "20k p90 ms", "20k queries", "20k raw SQL ms"], rows))  # fmt: skip

    print("\n## (b) Candidate ranking: interpreter_candidates(request), 50 requests × 3\n")
    rows = []
    for stage, label in (("S", "20 interpreters, 2,000 requests"),
                         ("M", "200 interpreters, 2,000 requests"),
                         ("L", "200 interpreters, 20,000 requests")):  # fmt: skip
        r = results[stage]["rank"]
        rows.append((label, ms(r["median"]), ms(r["p90"]), ms(r["sql_median"]),
                     f"{r['queries_min']}–{r['queries_max']}",
                     f"{r['candidates_median']:.0f} / {r['candidates_max']}"))  # fmt: skip
    print(table(["data", "median ms", "p90 ms", "raw SQL median ms", "queries per call (min–max)",
                 "candidates (median / max)"], rows))  # fmt: skip
    by_request = [results[st]["rank"]["queries_by_request"] for st in ("S", "M", "L")]
    same = by_request[0] == by_request[1] == by_request[2]
    sample_requests = Request.objects.in_bulk(sample)
    extra = sorted({
        (sample_requests[pk].follow_up_of_id is not None, q)
        for pk, q in zip(sample, by_request[2], strict=True)
    })  # fmt: skip
    print(
        f"\nPer request, the query count is {'identical' if same else 'NOT identical'} in "
        f"the three stages. (follow-up?, queries) pairs seen: {extra}."
    )

    # EXPLAIN of the heaviest reads at 20,000 requests.
    print("\n## Plans at 20,000 requests (EXPLAIN ANALYZE)\n")
    example = Request.objects.select_related("department").get(pk=sample[0])
    plans = {
        "queue, no filter, first page": selectors.request_list_queue()[:PAGE],
        "queue, date filter, first page": selectors.request_list_queue(
            filters=queue_filters(world)["date (next 30 days)"]
        )[:PAGE],
        "dispatcher list counted, first page": selectors.request_list_dispatch_counted()[:PAGE],
    }
    for name, qs in plans.items():
        print(f"### {name}\n\n```\n{explain(qs)}\n```\n")
    with CaptureQueriesContext(connection) as ctx:
        selectors.interpreter_candidates(example)
    sql = ctx.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)  # our own captured SQL  # noqa: S608
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"### candidate ranking (request {example.pk}, {example.language})\n\n```\n{plan}\n```\n")

    # (d) concurrent submissions
    print("## (d) request_submit under concurrent load\n")
    user = world.requesters[0]
    with CaptureQueriesContext(connection) as ctx:
        services.request_submit(by=user, data=submit_data(random.Random(0), 0))
    print(
        f"One submission = {len(ctx.captured_queries)} queries (validation, insert, event, "
        f"outbox row; with eager Celery also the in-process send of the outbox mail "
        f"after commit, locmem e-mail backend):\n"
    )
    for query in ctx.captured_queries:
        print(f"    {' '.join(query['sql'].split())[:110]}")
    print()
    load_rows = []
    for threads in [int(x) for x in args.threads.split(",")]:
        log(f"load with {threads} threads for {args.seconds} s")
        r = load(world, threads, args.seconds)
        lost = r["ok"] - r["new_requests"]
        load_rows.append((threads, r["ok"], f"{r['per_second']:.1f}", ms(r["p50"]), ms(r["p99"]),
                          r["errors"], r["new_requests"], lost, r["new_events"],
                          r["new_notifications"], r["unsent"]))  # fmt: skip
        if r["error_sample"]:
            print(f"errors with {threads} threads: {r['error_sample']}\n")
    print(table(["threads", "submitted", "per s", "p50 ms", "p99 ms", "errors",
                 "new rows", "lost", "new events", "new outbox rows", "outbox unsent"],
                load_rows))  # fmt: skip
    print()
    connection.close()


if __name__ == "__main__":
    main()
