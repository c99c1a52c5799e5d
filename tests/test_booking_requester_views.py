"""The requester screens (Anfragende) and the shared request page, as their users meet them."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_EDITOR,
    ROLE_INTERPRETER,
    ROLE_REQUESTER,
)
from sprachmittler import services
from sprachmittler.constants import RequestStatus
from sprachmittler.models import Request
from tests import booking_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commit(run_on_commit):
    """On-commit work (mail) runs at once: tests/conftest.py."""


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    jugendamt = f.department("Jugendamt")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    return {
        "jobcenter": jobcenter,
        "anna": f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        "other": f.user_with_role("jugendamt", ROLE_REQUESTER, department=jugendamt),
        "konrad": f.user_with_role("koordination", ROLE_COORDINATOR),
        "dilara": f.user_with_role("disposition", ROLE_DISPATCHER),
        "editor": f.user_with_role("redaktion", ROLE_EDITOR),
        "samir_user": samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "budget": f.budget_line(),
    }


def _submitted(people, **overrides) -> Request:
    return services.request_submit(by=people["anna"], data=f.request_data(**overrides))


def _approved(people, **overrides) -> Request:
    request = _submitted(people, **overrides)
    return services.request_approve(
        request=request, by=people["konrad"], budget_line=people["budget"]
    )


def _confirmed(people, **overrides) -> Request:
    request = _approved(people, **overrides)
    (offer,) = services.offer_create(
        request=request, by=people["dilara"], interpreters=[people["samir"]]
    )
    services.offer_accept(offer=offer, by=people["samir_user"])
    request.refresh_from_db()
    return request


def _needs_info(people, **overrides) -> Request:
    return services.request_ask(
        request=_submitted(people, **overrides),
        by=people["konrad"],
        question="Ist eine Fachkraft dabei?",
    )


def _recorded(people, **overrides) -> Request:
    request = _confirmed(people, **overrides)
    # The day before (not "3 hours ago": between midnight and 3 a.m. that is still today,
    # and today's appointments are listed as upcoming).
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(days=1))
    services.assignment_record(
        assignment=request.assignments.get(),
        by=people["samir_user"],
        outcome="completed",
        minutes_worked=95,
        travel_minutes=30,
    )
    request.refresh_from_db()
    return request


def _url(name, request=None, query=""):
    kwargs = {"reference": request.reference} if request is not None else {}
    return reverse(f"sprachmittler:{name}", kwargs=kwargs) + query


def _not_found(response) -> bool:
    """The selector's 404. LocaleMiddleware turns a 404 outside i18n_patterns into a
    redirect to /de/<path> (Wagtail's catch-all matches it), which is a 404 as well: both
    for a request that exists and one that does not, so nothing is given away."""
    while response.status_code == 302 and response["Location"].startswith("/de/sprachmittlung/"):
        response = response.client.get(response["Location"])
    return response.status_code == 404


def _form_post(**overrides) -> dict:
    """What the request form sends, as strings."""
    starts = f.next_weekday_at(14)
    data = {
        **f.request_data(),
        "date": starts.date().isoformat(),
        "start_time": "10:00",
        "duration_minutes": "90",
        "participants": "2",
        "follow_up_of": "",
        "other_gender_ok": "on",
        "scope_confirmed": "on",
    }
    del data["starts_at"], data["urgent"]
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- who may open what ------------------------------------------------------------------

VIEWS = {
    # view: (the request's state it needs, the roles that get the page)
    "requester_list": (None, {"anna"}),
    "requester_create": (None, {"anna"}),
    "request_detail": ("approved", {"anna", "konrad", "dilara"}),
    "requester_change": ("submitted", {"anna"}),
    "requester_cancel": ("approved", {"anna", "konrad", "dilara"}),
    "requester_complete": ("needs_info", {"anna"}),
    "requester_confirm_hours": ("recorded", {"anna"}),
    "requester_note": ("submitted", {"anna"}),
}
BUILDERS = {
    "submitted": _submitted,
    "approved": _approved,
    "needs_info": _needs_info,
    "recorded": _recorded,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("who", ["anna", "konrad", "dilara", "samir_user", "editor", None])
def test_every_view_against_every_role(client, people, view, who):
    state, allowed = VIEWS[view]
    request = BUILDERS[state](people) if state else None
    if who is not None:
        client.force_login(people[who])
    response = client.get(_url(view, request))
    if who is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sprachmittler:login"))
    elif who in allowed:
        assert response.status_code == 200
    elif view == "request_detail" and who == "samir_user":
        assert _not_found(response)  # interpreters use their own screens
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "view",
    [
        "request_detail",
        "requester_change",
        "requester_cancel",
        "requester_complete",
        "requester_confirm_hours",
        "requester_note",
    ],
)
def test_another_departments_request_is_not_found(client, people, view):
    request = BUILDERS[VIEWS[view][0]](people)
    client.force_login(people["other"])
    assert _not_found(client.get(_url(view, request)))
    assert _not_found(client.post(_url(view, request), {"party": "client", "reason": "x"}))
    request.refresh_from_db()
    assert request.status != RequestStatus.CANCELLED


def test_dispatch_sees_no_request_before_approval(client, people):
    client.force_login(people["dilara"])
    assert _not_found(client.get(_url("request_detail", _submitted(people))))


def test_an_unknown_reference_is_not_found(client, people):
    client.force_login(people["anna"])
    url = reverse("sprachmittler:request_detail", kwargs={"reference": uuid.uuid4()})
    assert _not_found(client.get(url))


# --- the list -----------------------------------------------------------------------------


def test_list_shows_the_departments_requests_upcoming_first_with_the_next_step(client, people):
    _submitted(people, case_reference="JC-SPAETER", starts_at=f.next_weekday_at(21))
    _needs_info(people, case_reference="JC-BALD")
    _recorded(people, case_reference="JC-VORBEI")
    services.request_submit(by=people["other"], data=f.request_data(case_reference="JA-FREMD"))
    client.force_login(people["anna"])
    content = client.get(_url("requester_list")).content.decode()
    assert "JA-FREMD" not in content
    table = content[content.index("<table") :]
    assert table.index("JC-BALD") < table.index("JC-SPAETER") < table.index("JC-VORBEI")
    assert "Warten auf Genehmigung" in table
    assert "Rückfrage beantworten" in table
    assert "Stunden bestätigen" in table
    assert 'class="status status--needs_info"' in table
    upcoming = client.get(_url("requester_list", query="?zeitraum=kommend")).content.decode()
    table = upcoming[upcoming.index("<table") :]
    assert "JC-SPAETER" in table and "JC-VORBEI" not in table
    past = client.get(_url("requester_list", query="?zeitraum=vergangen")).content.decode()
    table = past[past.index("<table") :]
    assert "JC-VORBEI" in table and "JC-SPAETER" not in table


def test_what_waits_for_the_requester_is_on_top(client, people):
    request = _needs_info(people)
    client.force_login(people["anna"])
    content = client.get(_url("requester_list")).content.decode()
    todo = content[content.index("Zu erledigen") : content.index("<table")]
    assert _url("request_detail", request) in todo and "Rückfrage beantworten" in todo


# --- the request form -----------------------------------------------------------------------


def test_form_shows_the_lead_time_and_the_earliest_regular_date(client, people):
    client.force_login(people["anna"])
    content = client.get(_url("requester_create")).content.decode()
    earliest = timezone.localtime(services.earliest_regular_start())
    assert "mindestens 5 Werktage vorher" in content
    assert earliest.strftime("%d.%m.%Y") in content
    assert "keine personenbezogenen Daten" in content
    assert 'value="180"' in content  # the default duration
    assert "Gericht" in content and "Diagnose" in content and "Fachkraft" in content


def test_a_valid_request_is_submitted_at_the_local_time_typed(client, people):
    client.force_login(people["anna"])
    response = client.post(_url("requester_create"), _form_post(case_reference="JC-NEU"))
    request = Request.objects.get(case_reference="JC-NEU")
    assert response.status_code == 302
    assert response["Location"] == _url("request_detail", request)
    assert request.status == RequestStatus.SUBMITTED and request.department == people["jobcenter"]
    local = timezone.localtime(request.starts_at)
    assert (local.hour, local.minute) == (10, 0)
    content = client.get(response["Location"]).content.decode()
    assert "Ihre Anfrage ist eingegangen" in content


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date", "Werktage"),
        ({"date": (timezone.localdate() - timedelta(days=3)).isoformat()}, "date", "Zukunft"),
        ({"date": "morgen"}, "date", "gültiges Datum"),
        ({"duration_minutes": "240"}, "duration_minutes", "zwischen 15 und 180"),
        ({"scope_confirmed": None}, "scope_confirmed", "Regeln des Pools"),
        ({"place": ""}, "place", "Ort"),
        ({"urgent": "on", "urgent_reason": ""}, "urgent_reason", "Grund"),
        ({"language": "other", "language_other": ""}, "language_other", "Sprache"),
        ({"language": "ar", "language_variant": "sorani"}, "language_variant", "Variante"),
        ({"case_reference": ""}, "case_reference", "ausgefüllt"),
        ({"participants": "0"}, "participants", "größer oder gleich 1"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(client, people, overrides, field, message):
    client.force_login(people["anna"])
    post = _form_post(description="Gespräch zum Bescheid", **overrides)
    response = client.post(_url("requester_create"), post)
    assert response.status_code == 200
    content = response.content.decode()
    assert not Request.objects.exists()
    errors = content[content.index(f'id="id_{field}_error"') :]
    assert message in errors[: errors.index("</ul>")]
    assert 'aria-invalid="true"' in content
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content or (
        f'aria-describedby="id_{field}_error"' in content
    )
    assert 'class="form-errors" role="alert"' in content  # the summary at the top
    assert "Gespräch zum Bescheid" in content  # what was typed stays


def test_an_urgent_request_with_a_reason_may_be_short_notice(client, people):
    client.force_login(people["anna"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    post = _form_post(date=tomorrow, urgent="on", urgent_reason="Anhörung morgen")
    assert client.post(_url("requester_create"), post).status_code == 302
    assert Request.objects.get().urgent


def test_a_follow_up_offers_only_the_departments_earlier_requests(client, people):
    own = _confirmed(people, case_reference="JC-FRUEHER")
    foreign = services.request_submit(by=people["other"], data=f.request_data())
    client.force_login(people["anna"])
    content = client.get(_url("requester_create")).content.decode()
    assert "JC-FRUEHER" in content
    response = client.post(_url("requester_create"), _form_post(follow_up_of=str(foreign.pk)))
    assert response.status_code == 200 and "id_follow_up_of_error" in response.content.decode()
    response = client.post(
        _url("requester_create"), _form_post(case_reference="JC-FOLGE", follow_up_of=str(own.pk))
    )
    assert response.status_code == 302
    assert Request.objects.get(case_reference="JC-FOLGE").follow_up_of == own


# --- the request's page -----------------------------------------------------------------------


def test_requester_sees_roles_in_the_history_and_the_coordinator_names(client, people):
    people["konrad"].first_name, people["konrad"].last_name = "Konrad", "Koch"
    people["konrad"].save()
    request = _approved(people)
    client.force_login(people["anna"])
    content = client.get(_url("request_detail", request)).content.decode()
    history = content[content.index("Verlauf") :]
    assert "Koordination" in history and "Konrad Koch" not in history
    assert "Anfragende Stelle" in history and "Genehmigt" in history
    client.force_login(people["konrad"])
    history = client.get(_url("request_detail", request)).content.decode()
    assert "Konrad Koch" in history[history.index("Verlauf") :]


def test_requester_sees_the_interpreters_first_name_and_contact_once_confirmed(client, people):
    people["samir"].phone = "04171 123456"
    people["samir"].save()
    request = _approved(people)
    client.force_login(people["anna"])
    assert "Samir" not in client.get(_url("request_detail", request)).content.decode()
    services.offer_create(request=request, by=people["dilara"], interpreters=[people["samir"]])
    content = client.get(_url("request_detail", request)).content.decode()
    assert "Samir" not in content  # offered, not yet accepted
    services.offer_accept(offer=request.offers.get(), by=people["samir_user"])
    content = client.get(_url("request_detail", request)).content.decode()
    assert "Samir" in content and "04171 123456" in content
    assert "Samir Beispiel" not in content  # the first name only


def test_the_buttons_follow_the_state_and_the_role(client, people):
    request = _needs_info(people)
    client.force_login(people["anna"])
    content = client.get(_url("request_detail", request)).content.decode()
    assert "Ist eine Fachkraft dabei?" in content
    for name in ("requester_complete", "requester_change", "requester_cancel", "requester_note"):
        assert _url(name, request) in content
    assert _url("requester_confirm_hours", request) not in content
    recorded = _recorded(people)
    content = client.get(_url("request_detail", recorded)).content.decode()
    assert _url("requester_confirm_hours", recorded) in content
    assert _url("requester_change", recorded) not in content
    assert "95 Minuten" in content


def test_no_change_offered_after_the_cut_off(client, people):
    request = _confirmed(people)
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() + timedelta(hours=5))
    client.force_login(people["anna"])
    content = client.get(_url("request_detail", request)).content.decode()
    assert _url("requester_change", request) not in content and "Bitte stornieren Sie" in content
    response = client.get(_url("requester_change", request), follow=True)
    assert "keine Änderung mehr möglich" in response.content.decode()


# --- change, answer, cancel, confirm ----------------------------------------------------------


def test_change_is_prefilled_and_saved(client, people):
    request = _submitted(people)
    client.force_login(people["anna"])
    content = client.get(_url("requester_change", request)).content.decode()
    local = timezone.localtime(request.starts_at)
    assert f'value="{local.date().isoformat()}"' in content and 'value="10:00"' in content
    assert 'value="JC-2026-0815"' in content
    post = _form_post(date=local.date().isoformat(), onsite_contact="Frau Berger")
    response = client.post(_url("requester_change", request), post)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.onsite_contact == "Frau Berger"
    assert request.events.last().action == "change"


def test_bad_change_keeps_the_input(client, people):
    request = _submitted(people)
    client.force_login(people["anna"])
    post = _form_post(duration_minutes="600", onsite_contact="Herr Neu")
    response = client.post(_url("requester_change", request), post)
    content = response.content.decode()
    assert response.status_code == 200 and "id_duration_minutes_error" in content
    assert 'value="Herr Neu"' in content and 'value="600"' in content
    request.refresh_from_db()
    assert request.duration_minutes == 90 and request.onsite_contact == ""


def test_answering_the_question_sends_the_request_back(client, people):
    request = _needs_info(people)
    client.force_login(people["anna"])
    assert (
        "Ist eine Fachkraft dabei?"
        in client.get(_url("requester_complete", request)).content.decode()
    )
    local = timezone.localtime(request.starts_at)
    post = _form_post(date=local.date().isoformat(), note_dispatcher="Ja, Frau Berger ist dabei.")
    bad = client.post(_url("requester_complete", request), {**post, "scope_confirmed": ""})
    assert bad.status_code == 200 and "Ja, Frau Berger ist dabei." in bad.content.decode()
    response = client.post(_url("requester_complete", request), post)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert request.note_dispatcher == "Ja, Frau Berger ist dabei."


def test_complete_without_a_question_goes_back_to_the_request(client, people):
    request = _submitted(people)
    client.force_login(people["anna"])
    response = client.get(_url("requester_complete", request))
    assert response.status_code == 302 and response["Location"] == _url("request_detail", request)


@pytest.mark.parametrize("hours_before,late", [(72, False), (5, True)])
def test_cancel_says_whether_it_counts_as_late_and_records_it(client, people, hours_before, late):
    request = _confirmed(people)
    Request.objects.filter(pk=request.pk).update(
        starts_at=timezone.now() + timedelta(hours=hours_before)
    )
    client.force_login(people["anna"])
    content = client.get(_url("requester_cancel", request)).content.decode()
    assert ("zählt als spät" in content) is late
    assert ("rechtzeitig" in content) is not late
    response = client.post(
        _url("requester_cancel", request), {"party": "client", "reason": "krank"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert (request.cancelled_by, request.cancel_reason, request.cancelled_late) == (
        "client",
        "krank",
        late,
    )


def test_cancel_without_a_reason_is_refused_and_keeps_the_choice(client, people):
    request = _submitted(people)
    client.force_login(people["anna"])
    response = client.post(_url("requester_cancel", request), {"party": "client", "reason": ""})
    content = response.content.decode()
    assert response.status_code == 200 and 'id="id_reason_error"' in content
    assert '<option value="client" selected>' in content
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_a_cancelled_request_cannot_be_cancelled_again(client, people):
    request = _submitted(people)
    services.request_cancel(request=request, by=people["anna"], party="department", reason="x")
    client.force_login(people["anna"])
    response = client.post(
        _url("requester_cancel", request), {"party": "client", "reason": "y"}, follow=True
    )
    assert "nicht mehr storniert" in response.content.decode()
    assert request.events.filter(action="cancel").count() == 1


def test_confirming_the_hours(client, people):
    request = _recorded(people)
    client.force_login(people["anna"])
    content = client.get(_url("requester_confirm_hours", request)).content.decode()
    assert "95 Minuten" in content and "30 Minuten" in content and "Durchgeführt" in content
    response = client.post(_url("requester_confirm_hours", request))
    assert response.status_code == 302
    assert request.assignments.get().confirmed_by_requester_at is not None
    again = client.get(_url("requester_confirm_hours", request))
    assert again.status_code == 302  # nothing left to confirm


# --- the client's appointment note ----------------------------------------------------------


def test_arabic_note_is_marked_arabic_and_right_to_left(client, people):
    request = _confirmed(people)
    client.force_login(people["anna"])
    content = client.get(_url("requester_note", request, "?sprache=ar")).content.decode()
    assert 'lang="ar" dir="rtl"' in content
    assert '<span lang="de" dir="ltr">Kreishaus Winsen, Raum 1.12, Winsen (Luhe)</span>' in content
    assert '<html lang="de"' in content  # the staff page around it stays German
    local = timezone.localtime(request.starts_at)
    assert local.strftime("%H:%M") in content


def test_note_defaults_to_the_requests_language_and_refuses_unpublished_ones(client, people):
    request = _confirmed(people, language="uk")
    client.force_login(people["anna"])
    content = client.get(_url("requester_note", request)).content.decode()
    assert 'lang="uk" dir="ltr"' in content
    response = client.get(_url("requester_note", request, "?sprache=xx"))
    content = response.content.decode()
    assert 'id="id_sprache_error"' in content and 'lang="uk" dir="ltr"' in content


def test_german_note_names_the_language(client, people):
    request = _confirmed(people)
    client.force_login(people["anna"])
    content = client.get(_url("requester_note", request, "?sprache=de")).content.decode()
    assert "Sprachmittler für Arabisch dabei" in content
    assert "Bitte bringen Sie" in content


def test_no_note_for_a_cancelled_request(client, people):
    request = _submitted(people)
    services.request_cancel(request=request, by=people["anna"], party="client", reason="x")
    client.force_login(people["anna"])
    content = client.get(_url("requester_note", request)).content.decode()
    assert "appointment-note" not in content
