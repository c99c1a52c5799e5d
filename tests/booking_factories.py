"""Builders for the booking tests: departments, people in their roles, the pool."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler.models import (
    BudgetLine,
    Department,
    Interpreter,
    InterpreterArea,
    InterpreterLanguage,
    StaffProfile,
    WeeklyAvailability,
)


def user_with_role(username: str, role: str, *, department=None, email=None):
    user = get_user_model().objects.create_user(
        username, email=email or f"{username}@example.org", password="ein-langes-passwort"
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if department is not None:
        StaffProfile.objects.create(user=user, department=department)
    return user


def department(name="Jobcenter-Leistung"):
    return Department.objects.create(name=name, email=f"{name.lower()[:8]}@example.org")


def budget_line(code="4711"):
    return BudgetLine.objects.create(code=code, name="Sprachmittlung Jobcenter", year=2026)


def interpreter(
    first_name="Samir",
    *,
    language="ar",
    variant="",
    municipality="winsen",
    user=None,
    gender="male",
    modes=("on_site", "phone"),
):
    person = Interpreter.objects.create(
        user=user,
        first_name=first_name,
        last_name="Beispiel",
        email=f"{first_name.lower()}@example.org",
        gender=gender,
        home_municipality=municipality,
        on_site="on_site" in modes,
        phone_mode="phone" in modes,
        video="video" in modes,
    )
    InterpreterLanguage.objects.create(interpreter=person, language=language, variant=variant)
    InterpreterArea.objects.create(interpreter=person, municipality=municipality)
    for weekday in range(5):
        WeeklyAvailability.objects.create(
            interpreter=person, weekday=weekday, starts_at=time(8), ends_at=time(18)
        )
    return person


def next_weekday_at(days_ahead: int, hour: int = 10):
    """A weekday `days_ahead` or more days from now, at `hour` local time."""
    day = timezone.localtime() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def request_data(**overrides) -> dict:
    data = {
        "language": "ar",
        "language_variant": "",
        "language_other": "",
        "starts_at": next_weekday_at(14),
        "duration_minutes": 90,
        "mode": "on_site",
        "municipality": "winsen",
        "place": "Kreishaus Winsen, Raum 1.12",
        "topic": "benefits",
        "description": "Erstgespräch zu Leistungen",
        "case_reference": "JC-2026-0815",
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
    data.update(overrides)
    return data


ROLES = (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER)
