"""The interpreter's calendar feed, read back with the `icalendar` package as a calendar
app would: their assignments, in UTC, cancellations marked, nothing personal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.models import Assignment, Request
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

PERSONAL = {
    "case_reference": "JC-2026-0815",
    "place": "Kreishaus Winsen, Raum 1.12",
    "onsite_contact": "Frau Vogelsang",
    "note_interpreter": "Bitte am Empfang melden",
    "description": "Erstgespräch zu Leistungen",
}


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    lina_user = f.user_with_role("lina", ROLE_INTERPRETER)
    return {
        "anna": f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        "konrad": f.user_with_role("koordination", ROLE_COORDINATOR),
        "dilara": f.user_with_role("disposition", ROLE_DISPATCHER),
        "samir_user": samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "lina_user": lina_user,
        "lina": f.interpreter("Lina", user=lina_user, gender="female"),
        "budget": f.budget_line(),
    }


def _assignment(people, who="samir", **overrides) -> Assignment:
    data = f.request_data(**{**PERSONAL, **overrides})
    request = services.request_submit(by=people["anna"], data=data)
    services.request_approve(request=request, by=people["konrad"], budget_line=people["budget"])
    services.offer_create(request=request, by=people["dilara"], interpreters=[people[who]])
    offer = request.offers.get(interpreter=people[who])
    return services.offer_accept(offer=offer, by=people[f"{who}_user"])


def _feed_url(interpreter) -> str:
    return reverse("sprachmittler:interpreter_calendar_feed", args=[interpreter.calendar_token])


def _feed(client, interpreter):
    response = client.get(_feed_url(interpreter))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content), response.content.decode()


def _events(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_lists_my_assignments_in_utc_without_personal_data(client, people):
    coming = _assignment(people, language_variant="levantine")
    recent = _assignment(people, starts_at=f.next_weekday_at(21), case_reference="JC-2")
    old = _assignment(people, starts_at=f.next_weekday_at(28), case_reference="JC-3")
    Request.objects.filter(pk=recent.request_id).update(
        starts_at=timezone.now() - timedelta(days=3)
    )
    Request.objects.filter(pk=old.request_id).update(starts_at=timezone.now() - timedelta(days=40))
    lina_assignment = _assignment(people, who="lina", starts_at=f.next_weekday_at(35))

    calendar, text = _feed(client, people["samir"])  # no login: the token is the key
    events = list(calendar.walk("VEVENT"))
    # The one of three days ago is in it; the one 40 days ago and Lina's are not.
    urls = {str(event["URL"]): event for event in events}
    assert len(events) == 2
    assert {url.rsplit("/", 2)[-2] for url in urls} == {str(coming.pk), str(recent.pk)}
    first = next(event for url, event in urls.items() if url.endswith(f"/{coming.pk}/"))
    request = coming.request
    assert first.start == request.starts_at and first.start.utcoffset() == timedelta(0)
    assert first.end == request.starts_at + timedelta(minutes=90)
    assert "DTSTART:" in text and "Z\r\n" in text  # written as UTC (…Z), no TZID needed
    assert str(first["SUMMARY"]) == "Sprachmittlung Arabisch (Levantinisch) – Winsen (Luhe)"
    assert str(first["LOCATION"]) == "Winsen (Luhe)"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(first["URL"]).endswith(
        reverse("sprachmittler:interpreter_assignment", args=[coming.pk])
    )
    assert str(first["URL"]).startswith("http")
    for value in [*PERSONAL.values(), "JC-2", "Jobcenter", "Samir", "Lina", "Beispiel"]:
        assert value not in text
    assert f"/{lina_assignment.pk}/" not in text


def test_uid_is_stable_and_sequence_grows_with_changes_and_cancellation(client, people):
    assignment = _assignment(people)
    before = _events(_feed(client, people["samir"])[0])
    (uid,) = before
    assert before[uid]["SEQUENCE"] == 0

    services.request_change(
        request=assignment.request, by=people["anna"], data={"onsite_contact": "Herr B."}
    )
    changed = _events(_feed(client, people["samir"])[0])
    assert list(changed) == [uid]
    assert changed[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]

    assignment.request.refresh_from_db()
    services.request_cancel(
        request=assignment.request, by=people["anna"], party="client", reason="krank"
    )
    cancelled = _events(_feed(client, people["samir"])[0])
    assert list(cancelled) == [uid]
    assert str(cancelled[uid]["STATUS"]) == "CANCELLED"
    assert cancelled[uid]["SEQUENCE"] > changed[uid]["SEQUENCE"]
    assert str(cancelled[uid]["SUMMARY"]).startswith("Storniert")


def test_a_new_time_cancels_the_old_event_and_a_new_accept_adds_one(client, people):
    assignment = _assignment(people)
    new_start = assignment.request.starts_at + timedelta(days=1)
    services.request_change(
        request=assignment.request, by=people["anna"], data={"starts_at": new_start}
    )
    offer = assignment.request.offers.get(status="pending")
    renewed = services.offer_accept(offer=offer, by=people["samir_user"])
    events = _events(_feed(client, people["samir"])[0])
    assert len(events) == 2
    statuses = {
        str(event["URL"]).rsplit("/", 2)[-2]: str(event["STATUS"]) for event in events.values()
    }
    assert statuses == {str(assignment.pk): "CANCELLED", str(renewed.pk): "CONFIRMED"}


def test_an_unknown_token_is_not_found(client, people):
    assert (
        client.get(reverse("sprachmittler:interpreter_calendar_feed", args=["nope"])).status_code
        == 404
    )


def test_the_page_shows_the_address_and_renewing_invalidates_the_old_one(client, people):
    samir = people["samir"]
    old_url = _feed_url(samir)
    client.force_login(people["samir_user"])
    response = client.get(reverse("sprachmittler:interpreter_calendar"))
    text = response.content.decode()
    assert f"http://testserver{old_url}" in text
    assert f"webcal://testserver{old_url}" in text
    assert "Google, Apple oder Microsoft" in text  # the cloud-sync hint
    assert response["Cache-Control"] == "no-store"

    response = client.post(reverse("sprachmittler:interpreter_calendar"), follow=True)
    assert "Die alte funktioniert nicht mehr" in response.content.decode()
    samir.refresh_from_db()
    assert _feed_url(samir) != old_url
    assert _feed_url(samir) in response.content.decode()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(_feed_url(samir)).status_code == 200
