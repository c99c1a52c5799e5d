"""Demo data of the booking: departments, budget lines, a pool of 20 interpreters and
requests in every state, made through the services (so every request has its history).
Names, e-mails and phone numbers are fictitious. Idempotent: requests are only created
while no demo request exists."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    Absence,
    BudgetLine,
    Department,
    Interpreter,
    InterpreterArea,
    InterpreterLanguage,
    Request,
    StaffProfile,
    Tariff,
    WeeklyAvailability,
)

DEPARTMENTS = (
    "Jobcenter-Leistung",
    "Jugendamt",
    "Gesundheitsamt",
    "Schulen",
    "Ausländerbehörde",
    "Sozialamt",
)
BUDGET_LINES = (
    ("SM-2026-01", "Sprachmittlung Jugendhilfe und Schule"),
    ("SM-2026-02", "Sprachmittlung Gesundheit"),
    ("SM-2026-03", "Sprachmittlung Leistungen und Aufenthalt"),
)
# (first name, last name, gender, home, languages [(code, variant)], areas, modes)
POOL = (
    (
        "Samir",
        "Haddad",
        "male",
        "winsen",
        [("ar", "levantine")],
        ["winsen", "seevetal", "stelle"],
        "op",
    ),
    (
        "Lina",
        "Aziz",
        "female",
        "buchholz",
        [("ar", "iraqi"), ("ku", "sorani")],
        ["buchholz", "jesteburg"],
        "opv",
    ),
    (
        "Maryam",
        "Karimi",
        "female",
        "seevetal",
        [("fa", "farsi"), ("fa", "dari")],
        ["seevetal", "rosengarten"],
        "op",
    ),
    (
        "Ahmad",
        "Noori",
        "male",
        "tostedt",
        [("fa", "dari"), ("ps", "")],
        ["tostedt", "hollenstedt"],
        "op",
    ),
    (
        "Olena",
        "Kovalenko",
        "female",
        "winsen",
        [("uk", ""), ("ru", "")],
        ["winsen", "elbmarsch"],
        "opv",
    ),
    (
        "Dmytro",
        "Shevchuk",
        "male",
        "neu-wulmstorf",
        [("uk", ""), ("ru", "")],
        ["neu-wulmstorf", "rosengarten"],
        "op",
    ),
    ("Ayşe", "Yılmaz", "female", "buchholz", [("tr", "")], ["buchholz", "hanstedt"], "opv"),
    (
        "Mehmet",
        "Demir",
        "male",
        "winsen",
        [("tr", ""), ("ku", "kurmanji")],
        ["winsen", "salzhausen"],
        "op",
    ),
    ("Rojda", "Aslan", "female", "seevetal", [("ku", "kurmanji")], ["seevetal", "stelle"], "op"),
    ("Hawar", "Ahmed", "male", "buchholz", [("ku", "sorani"), ("ar", "iraqi")], ["buchholz"], "p"),
    (
        "Semhar",
        "Tesfay",
        "female",
        "winsen",
        [("ti", "")],
        ["winsen", "seevetal", "buchholz"],
        "op",
    ),
    ("Yonas", "Gebre", "male", "tostedt", [("ti", "")], ["tostedt"], "op"),
    (
        "Nadia",
        "Rahimi",
        "female",
        "rosengarten",
        [("fa", "dari"), ("ps", "")],
        ["rosengarten", "neu-wulmstorf"],
        "opv",
    ),
    ("Tatjana", "Iwanowa", "female", "salzhausen", [("ru", "")], ["salzhausen", "hanstedt"], "op"),
    (
        "Karim",
        "Mansour",
        "male",
        "jesteburg",
        [("ar", "maghrebi"), ("fr", "")],
        ["jesteburg", "buchholz"],
        "op",
    ),
    ("Fatima", "Hassan", "female", "stelle", [("ar", "levantine")], ["stelle", "winsen"], "op"),
    (
        "Yusuf",
        "Safi",
        "male",
        "hollenstedt",
        [("ps", ""), ("fa", "dari")],
        ["hollenstedt", "tostedt"],
        "p",
    ),
    ("Iryna", "Bondar", "female", "elbmarsch", [("uk", "")], ["elbmarsch", "winsen"], "op"),
    ("Zeynep", "Kaya", "female", "seevetal", [("tr", "")], ["seevetal"], "pv"),
    ("Abdi", "Warsame", "male", "winsen", [("so", ""), ("ar", "")], ["winsen"], "op"),
)


def _day(days_ahead: int, hour: int):
    day = timezone.localtime() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _user(username):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def demo_pool_load() -> dict:
    departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
    year = timezone.localdate().year
    for code, name in BUDGET_LINES:
        BudgetLine.objects.get_or_create(
            code=code, defaults={"name": name, "year": year, "amount": 25000}
        )
    for first, last, gender, home, languages, areas, modes in POOL:
        person, created = Interpreter.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "gender": gender,
                "home_municipality": home,
                "email": f"{first.lower()}.{last.lower()}@demo.invalid".encode(
                    "ascii", "ignore"
                ).decode(),
                "phone": "040 66969 5" + str(len(first) * 7 % 100).zfill(2),
                "on_site": "o" in modes,
                "phone_mode": "p" in modes,
                "video": "v" in modes,
                "qualification": "Qualifizierung Sprach- und Kulturmittlung",
                "pledge_signed_on": timezone.localdate() - timedelta(days=400),
            },
        )
        if created:
            for code, variant in languages:
                InterpreterLanguage.objects.create(
                    interpreter=person, language=code, variant=variant
                )
            for area in areas:
                InterpreterArea.objects.create(interpreter=person, municipality=area)
            for weekday in range(5):
                WeeklyAvailability.objects.create(
                    interpreter=person, weekday=weekday, starts_at=time(8), ends_at=time(17)
                )
    # The pool's tariff (demo figures), so the report shows costs.
    if not Tariff.objects.exists():
        Tariff.objects.create(
            valid_from=timezone.localdate().replace(year=year - 2, month=1, day=1),
            hourly_rate=35,
            late_cancel_minimum_minutes=60,
            travel_allowance=8,
        )
    # One absence, so the ranking has something to leave out.
    tatjana = Interpreter.objects.get(first_name="Tatjana")
    if not tatjana.absences.exists():
        start = timezone.localdate() + timedelta(days=10)
        Absence.objects.create(
            interpreter=tatjana, starts_on=start, ends_on=start + timedelta(days=14)
        )
    # The demo users: the requester works at the Jobcenter, "sprachmittler" is Samir.
    requester = _user("anfragende")
    if requester and not hasattr(requester, "staff_profile"):
        StaffProfile.objects.create(user=requester, department=departments["Jobcenter-Leistung"])
    interpreter_user = _user("sprachmittler")
    samir = Interpreter.objects.get(first_name="Samir")
    if interpreter_user and samir.user_id is None:
        samir.user = interpreter_user
        samir.save(update_fields=["user"])
    return {"departments": len(departments), "interpreters": Interpreter.objects.count()}


def _data(**values):
    data = {
        "language": "ar",
        "language_variant": "",
        "language_other": "",
        "duration_minutes": 90,
        "mode": "on_site",
        "municipality": "winsen",
        "place": "Kreishaus Winsen, Beispielplatz 1, Raum 1.12",
        "topic": "benefits",
        "description": "",
        "participants": 2,
        "gender_preference": "",
        "other_gender_ok": True,
        "note_dispatcher": "",
        "note_interpreter": "",
        "urgent": False,
        "urgent_reason": "",
        "scope_confirmed": True,
        "onsite_contact": "",
    }
    data.update(values)
    return data


def demo_requests_load() -> int:
    """Requests in every state for the demo users' screens. Skipped if they exist."""
    if Request.objects.filter(case_reference__startswith="DEMO-").exists():
        return 0
    anna, konrad, dilara, samir_user = (
        _user("anfragende"),
        _user("koordination"),
        _user("disposition"),
        _user("sprachmittler"),
    )
    if not all((anna, konrad, dilara, samir_user)):
        return 0
    budget = BudgetLine.objects.order_by("code").first()
    samir = Interpreter.objects.get(first_name="Samir")
    fatima = Interpreter.objects.get(first_name="Fatima")
    made = []

    def submit(case, days, **values):
        request = services.request_submit(
            by=anna, data=_data(case_reference=f"DEMO-{case}", starts_at=_day(days, 10), **values)
        )
        made.append(request)
        return request

    def approve(request):
        services.request_approve(request=request, by=konrad, budget_line=budget)

    def offer(request, *people):
        services.offer_create(request=request, by=dilara, interpreters=people)

    def accept(request, person_user, person):
        services.offer_accept(offer=request.offers.get(interpreter=person), by=person_user)

    submit("101", 12, description="Erstgespräch zu Leistungen")
    submit(
        "102",
        15,
        language="fa",
        language_variant="dari",
        topic="residence",
        municipality="tostedt",
        place="Bürgerbüro Tostedt, Beispielweg 2",
    )
    asked = submit("103", 16, language="ku", topic="youth")
    services.request_ask(request=asked, by=konrad, question="Kurmandschi oder Sorani?")
    approved = submit(
        "104", 18, language="tr", municipality="buchholz", place="Schule am Beispielweg"
    )
    approve(approved)
    open_offer = submit("105", 20, duration_minutes=60)
    approve(open_offer)
    offer(open_offer, samir, fatima)
    second_offer = submit("106", 22, mode="phone", place="")
    approve(second_offer)
    offer(second_offer, samir)
    confirmed = submit("107", 25)
    approve(confirmed)
    offer(confirmed, samir, fatima)
    accept(confirmed, samir_user, samir)
    unfilled = submit("108", 13, language="ti", municipality="hanstedt", place="Rathaus Hanstedt")
    approve(unfilled)
    services.request_mark_unfilled(request=unfilled, by=dilara, reason="Niemand frei")
    rejected = submit("109", 14, topic="other", description="Privater Termin beim Notar")
    services.request_reject(request=rejected, by=konrad, reason_code="private")
    cancelled = submit("110", 11)
    approve(cancelled)
    services.request_cancel(request=cancelled, by=anna, party="client", reason="Termin entfällt")
    # Appointments that took place: created ahead, then moved into the past.
    for case, status_after in (("111", "recorded"), ("112", "settled")):
        past = submit(case, 8)
        approve(past)
        offer(past, samir)
        accept(past, samir_user, samir)
        moved = timezone.now() - timedelta(days=3 if case == "111" else 20)
        Request.objects.filter(pk=past.pk).update(starts_at=moved)
        past.assignments.update(blocked_from=moved, blocked_until=moved + timedelta(minutes=150))
        assignment = past.assignments.get()
        if status_after == "recorded" and case == "111":
            services.assignment_record(
                assignment=assignment, by=samir_user, outcome="completed", minutes_worked=95
            )
        else:
            services.assignment_record(
                assignment=assignment, by=samir_user, outcome="completed", minutes_worked=80,
                travel_minutes=30,
            )  # fmt: skip
            services.assignment_confirm_hours(assignment=assignment, by=anna)
            services.assignment_verify(assignment=assignment, by=dilara)
    return len(made)
