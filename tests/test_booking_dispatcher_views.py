"""The dispatcher's screens: approved requests by date, one request's ranked candidates,
offers, "nicht besetzbar" and the hours to verify; the pool with absences, weekly
availability and the departments' do-not-send lists."""

import uuid
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.constants import OfferStatus, RequestStatus
from sprachmittler.models import (
    Absence,
    DoNotSend,
    Interpreter,
    Request,
    WeeklyAvailability,
)
from sprachmittler.selectors import interpreter_candidates
from sprachmittler.workflow import TransitionError
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

ROLES = (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER)


@pytest.fixture(autouse=True)
def commit(run_on_commit):
    """On-commit work (mail) runs at once: tests/conftest.py."""


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    return {
        "jobcenter": jobcenter,
        "jugendamt": f.department("Jugendamt"),
        ROLE_REQUESTER: f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        ROLE_COORDINATOR: f.user_with_role("koordination", ROLE_COORDINATOR),
        ROLE_DISPATCHER: f.user_with_role("disposition", ROLE_DISPATCHER),
        ROLE_INTERPRETER: samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "lina": f.interpreter("Lina", variant="levantine", gender="female"),
        "rojin": f.interpreter("Rojin", language="ku", variant="kurmanji", gender="female"),
        "budget": f.budget_line(),
    }


def _submitted(people, **overrides) -> Request:
    return services.request_submit(by=people[ROLE_REQUESTER], data=f.request_data(**overrides))


def _approved(people, **overrides) -> Request:
    request = _submitted(people, **overrides)
    return services.request_approve(
        request=request, by=people[ROLE_COORDINATOR], budget_line=people["budget"]
    )


def _recorded(people) -> Request:
    request = _approved(people)
    services.offer_create(
        request=request, by=people[ROLE_DISPATCHER], interpreters=[people["samir"]]
    )
    services.offer_accept(offer=request.offers.get(), by=people[ROLE_INTERPRETER])
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    services.assignment_record(
        assignment=request.assignments.get(),
        by=people[ROLE_INTERPRETER],
        outcome="completed",
        minutes_worked=95,
        travel_minutes=40,
    )
    request.refresh_from_db()
    return request


def _login(client, people):
    client.force_login(people[ROLE_DISPATCHER])
    return client


def _detail(request) -> str:
    return reverse("sprachmittler:dispatch_detail", kwargs={"reference": request.reference})


def _pool_edit(interpreter) -> str:
    return reverse("sprachmittler:pool_edit", kwargs={"pk": interpreter.pk})


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def _not_found(client, url) -> bool:
    # LocaleMiddleware turns a 404 outside i18n_patterns into a redirect to /de/<path>
    # (Wagtail's catch-all matches it), which is a 404 as well.
    return client.get(url, follow=True).status_code == 404


# --- who may open what ------------------------------------------------------------------

SCREENS = [
    "dispatch_list",
    "dispatch_hours",
    "dispatch_detail",
    "pool_list",
    "pool_create",
    "pool_edit",
]


@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("role", [*ROLES, None])
def test_only_the_dispatcher_opens_the_dispatch_and_pool_screens(client, people, name, role):
    request = _approved(people)
    kwargs = {
        "dispatch_detail": {"reference": request.reference},
        "pool_edit": {"pk": people["samir"].pk},
    }.get(name, {})
    url = reverse(f"sprachmittler:{name}", kwargs=kwargs)
    if role is not None:
        client.force_login(people[role])
    response = client.get(url)
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sprachmittler:login"))
    else:
        assert response.status_code == (200 if role == ROLE_DISPATCHER else 403)


@pytest.mark.parametrize("role", [ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_INTERPRETER])
def test_other_roles_cannot_offer_or_change_the_pool_by_posting(client, people, role):
    request = _approved(people)
    client.force_login(people[role])
    response = client.post(
        _detail(request), {"action": "offer", "offer-interpreters": [people["samir"].pk]}
    )
    assert response.status_code == 403
    response = client.post(
        _pool_edit(people["samir"]),
        {
            "action": "absence_add",
            "absence-starts_on": "2026-01-01",
            "absence-ends_on": "2026-01-02",
        },
    )
    assert response.status_code == 403
    assert not request.offers.exists() and not Absence.objects.exists()


def test_a_request_not_approved_is_not_found_for_the_dispatcher(client, people):
    submitted = _submitted(people)
    _login(client, people)
    assert _not_found(client, _detail(submitted))
    unknown = reverse("sprachmittler:dispatch_detail", kwargs={"reference": uuid.uuid4()})
    assert _not_found(client, unknown)
    assert _not_found(client, reverse("sprachmittler:pool_edit", kwargs={"pk": 999999}))


# --- the list and one request ---------------------------------------------------------------


def test_the_list_shows_approved_requests_by_date_with_pending_offers(client, people):
    later = _approved(people, starts_at=f.next_weekday_at(20), case_reference="JC-SPAETER")
    sooner = _approved(people, starts_at=f.next_weekday_at(14))
    _submitted(people, language="ku", case_reference="JC-NICHT-GENEHMIGT")
    services.offer_create(
        request=sooner,
        by=people[ROLE_DISPATCHER],
        interpreters=[people["samir"], people["lina"]],
    )
    page = _login(client, people).get(reverse("sprachmittler:dispatch_list")).content.decode()
    assert page.index(_detail(sooner)) < page.index(_detail(later))
    assert "Kurdisch" not in page
    rows = page.split("<tr>")
    assert "<td>2</td>" in next(row for row in rows if _detail(sooner) in row)
    assert "<td>0</td>" in next(row for row in rows if _detail(later) in row)


def test_the_candidates_are_ranked_with_their_reasons_in_words(client, people):
    request = _approved(people, language_variant="levantine")
    page = _login(client, people).get(_detail(request)).content.decode()
    # Lina speaks the variant: first, with the reason; the Kurdish interpreter is no match.
    assert page.index("Lina Beispiel") < page.index("Samir Beispiel")
    lina_row = next(row for row in page.split("<tr>") if "Lina Beispiel" in row)
    assert "gleiche Variante, verfügbar" in lina_row
    assert "Rojin" not in page
    assert "Winsen (Luhe)" in page and "Vor Ort" in page


def test_the_do_not_send_list_keeps_a_candidate_off(client, people):
    DoNotSend.objects.create(department=people["jobcenter"], interpreter=people["lina"])
    request = _approved(people)
    page = _login(client, people).get(_detail(request)).content.decode()
    assert "Samir Beispiel" in page and "Lina Beispiel" not in page


def test_a_broadcast_offers_to_each_ticked_candidate(client, people):
    request = _approved(people)
    response = _login(client, people).post(
        _detail(request),
        {"action": "offer", "offer-interpreters": [people["samir"].pk, people["lina"].pk]},
        follow=True,
    )
    assert "Angebot verschickt an: " in _messages(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DISPATCH
    assert set(request.offers.values_list("interpreter__first_name", "status")) == {
        ("Samir", OfferStatus.PENDING),
        ("Lina", OfferStatus.PENDING),
    }
    page = response.content.decode()
    assert "Verschickte Angebote" in page and page.count("<td>Offen</td>") == 2
    assert "schon angefragt" in page
    again = client.post(
        _detail(request),
        {"action": "offer", "offer-interpreters": [people["samir"].pk]},
        follow=True,
    )
    assert "schon ein offenes Angebot" in _messages(again)
    assert request.offers.count() == 2


@pytest.mark.parametrize("ticked", [[], ["rojin"]])
def test_an_offer_needs_a_ticked_candidate_from_the_list(client, people, ticked):
    request = _approved(people)
    response = _login(client, people).post(
        _detail(request),
        {"action": "offer", "offer-interpreters": [people[name].pk for name in ticked]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert "mindestens eine Person" in page or "nicht (mehr) in der Liste" in page
    assert 'aria-describedby="id_offer-interpreters_error"' in page
    assert not request.offers.exists()


def test_a_failed_offer_keeps_the_ticks(client, people):
    request = _approved(people)
    response = _login(client, people).post(
        _detail(request),
        {"action": "offer", "offer-interpreters": [people["samir"].pk, people["rojin"].pk]},
    )
    page = response.content.decode()
    assert f'value="{people["samir"].pk}" id="offer-{people["samir"].pk}" checked' in page
    assert f'value="{people["lina"].pk}" id="offer-{people["lina"].pk}" aria-invalid' in page


def test_nicht_besetzbar_needs_a_reason_and_closes_the_offers(client, people):
    request = _approved(people)
    services.offer_create(
        request=request, by=people[ROLE_DISPATCHER], interpreters=[people["lina"]]
    )
    _login(client, people)
    response = client.post(_detail(request), {"action": "unfilled", "unfilled-reason": ""})
    assert "Bitte nennen Sie den Grund." in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DISPATCH
    response = client.post(
        _detail(request), {"action": "unfilled", "unfilled-reason": "niemand frei"}
    )
    assert response["Location"] == reverse("sprachmittler:dispatch_list")
    request.refresh_from_db()
    assert request.status == RequestStatus.UNFILLED
    assert request.offers.get().status == OfferStatus.EXPIRED
    # Still visible (it was approved), without candidates or the form.
    page = client.get(_detail(request)).content.decode()
    assert "Passende Sprachmittelnde" not in page and "Nicht besetzt" in page


def test_recorded_hours_are_listed_and_verified(client, people):
    request = _recorded(people)
    _login(client, people)
    hours = client.get(reverse("sprachmittler:dispatch_hours")).content.decode()
    assert _detail(request) in hours and "95 / 40 Min." in hours
    page = client.get(_detail(request)).content.decode()
    assert "Stunden geprüft – zur Abrechnung freigeben" in page
    response = client.post(_detail(request), {"action": "verify", "return": "hours"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sprachmittler:dispatch_hours")
    assert "Keine erfassten Einsätze warten" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SETTLED
    assert request.assignments.get().verified_at is not None


def test_verifying_before_anything_is_recorded_changes_nothing(client, people):
    request = _approved(people)
    response = _login(client, people).post(_detail(request), {"action": "verify"}, follow=True)
    assert "keinen Einsatz" in _messages(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


# --- the pool ---------------------------------------------------------------------------------


def _person(**overrides) -> dict:
    data = {
        "action": "save",
        "person-first_name": "Hevin",
        "person-last_name": "Aydin",
        "person-email": "hevin@example.org",
        "person-phone": "04171 1234",
        "person-gender": "female",
        "person-home_municipality": "buchholz",
        "person-languages": ["ku", "ku:sorani", "tr"],
        "person-on_site": "on",
        "person-video": "on",
        "person-areas": ["buchholz", "tostedt"],
        "person-qualification": "BDÜ-geprüft",
        "person-pledge_signed_on": "2025-03-01",
        "person-active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_pool_lists_languages_modes_and_areas(client, people):
    page = _login(client, people).get(reverse("sprachmittler:pool_list")).content.decode()
    assert "Beispiel, Rojin" in page and "Kurdisch (Kurmandschi)" in page
    assert _pool_edit(people["lina"]) in page


def test_a_new_interpreter_joins_the_pool_with_languages_and_areas(client, people):
    response = _login(client, people).post(reverse("sprachmittler:pool_create"), _person())
    hevin = Interpreter.objects.get(last_name="Aydin")
    assert response["Location"] == _pool_edit(hevin)
    assert set(hevin.languages.values_list("language", "variant")) == {
        ("ku", ""),
        ("ku", "sorani"),
        ("tr", ""),
    }
    assert set(hevin.areas.values_list("municipality", flat=True)) == {"buchholz", "tostedt"}
    assert hevin.on_site and hevin.video and not hevin.phone_mode
    assert hevin.pledge_signed_on == date(2025, 3, 1) and hevin.active


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"person-languages": None}, "Bitte kreuzen Sie mindestens eine Sprache an."),
        ({"person-areas": None}, "Für Einsätze vor Ort wählen Sie bitte die Einsatzorte."),
        ({"person-on_site": None, "person-video": None}, "mindestens eine Einsatzart"),
        ({"person-pledge_signed_on": "2999-01-01"}, "nicht in der Zukunft"),
        ({"person-email": "keine-adresse"}, "gültige E-Mail"),
        ({"person-first_name": ""}, "Dieses Feld muss ausgefüllt werden."),
    ],
)
def test_a_bad_pool_entry_keeps_the_input_and_says_why(client, people, overrides, message):
    response = _login(client, people).post(
        reverse("sprachmittler:pool_create"), _person(**overrides)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in page and message in page
    assert 'aria-invalid="true"' in page
    assert 'value="Aydin"' in page and 'value="BDÜ-geprüft"' in page
    assert not Interpreter.objects.filter(last_name="Aydin").exists()


def test_editing_replaces_languages_and_areas(client, people):
    samir = people["samir"]
    _login(client, people)
    page = client.get(_pool_edit(samir)).content.decode()
    assert 'value="Samir"' in page and 'value="ar" id="id_person-languages_0" checked' in page
    response = client.post(
        _pool_edit(samir),
        _person(**{"person-first_name": "Samir", "person-languages": ["ar:iraqi"]}),
    )
    assert response.status_code == 302
    samir.refresh_from_db()
    assert samir.last_name == "Aydin"
    assert list(samir.languages.values_list("language", "variant")) == [("ar", "iraqi")]
    assert set(samir.areas.values_list("municipality", flat=True)) == {"buchholz", "tostedt"}


def test_absences_are_added_and_removed(client, people):
    samir = people["samir"]
    _login(client, people)
    response = client.post(
        _pool_edit(samir),
        {
            "action": "absence_add",
            "absence-starts_on": "2026-08-10",
            "absence-ends_on": "2026-08-01",
        },
    )
    page = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen." in page and 'value="2026-08-10"' in page
    client.post(
        _pool_edit(samir),
        {
            "action": "absence_add",
            "absence-starts_on": "2026-08-01",
            "absence-ends_on": "2026-08-10",
        },
    )
    absence = samir.absences.get()
    assert (absence.starts_on, absence.ends_on) == (date(2026, 8, 1), date(2026, 8, 10))
    assert "Sa 01.08.2026 – Mo 10.08.2026" in client.get(_pool_edit(samir)).content.decode()
    client.post(_pool_edit(samir), {"action": "absence_remove", "id": absence.pk})
    assert not samir.absences.exists()


def test_an_absent_interpreter_is_no_candidate(client, people):
    request = _approved(people)
    day = timezone.localtime(request.starts_at).date()
    _login(client, people).post(
        _pool_edit(people["lina"]),
        {"action": "absence_add", "absence-starts_on": day, "absence-ends_on": day},
    )
    assert [c.interpreter for c in interpreter_candidates(request)] == [people["samir"]]


def test_weekly_availability_is_added_and_removed(client, people):
    lina = people["lina"]
    lina.availability.all().delete()
    _login(client, people)
    response = client.post(
        _pool_edit(lina),
        {
            "action": "availability_add",
            "availability-weekday": "2",
            "availability-starts_at": "14:00",
            "availability-ends_at": "09:00",
        },
    )
    page = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in page and 'value="14:00"' in page
    assert not lina.availability.exists()
    client.post(
        _pool_edit(lina),
        {
            "action": "availability_add",
            "availability-weekday": "2",
            "availability-starts_at": "09:00",
            "availability-ends_at": "14:00",
        },
    )
    slot = lina.availability.get()
    assert (slot.weekday, slot.starts_at, slot.ends_at) == (2, time(9), time(14))
    assert "Mittwoch, 09:00–14:00" in client.get(_pool_edit(lina)).content.decode()
    client.post(_pool_edit(lina), {"action": "availability_remove", "id": slot.pk})
    assert not WeeklyAvailability.objects.filter(interpreter=lina).exists()


def test_someone_elses_entry_cannot_be_removed_through_this_page(client, people):
    other = Absence.objects.create(
        interpreter=people["lina"], starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 2)
    )
    response = _login(client, people).post(
        _pool_edit(people["samir"]), {"action": "absence_remove", "id": other.pk}, follow=True
    )
    assert "gibt es nicht mehr" in _messages(response)
    assert Absence.objects.filter(pk=other.pk).exists()


def test_the_do_not_send_list_is_kept_per_department(client, people):
    samir, jobcenter = people["samir"], people["jobcenter"]
    _login(client, people)
    client.post(_pool_edit(samir), {"action": "dns_add", "dns-department": jobcenter.pk})
    assert DoNotSend.objects.filter(department=jobcenter, interpreter=samir).exists()
    response = client.post(_pool_edit(samir), {"action": "dns_add", "dns-department": jobcenter.pk})
    assert "schon auf der Sperrliste" in response.content.decode()
    response = client.post(_pool_edit(samir), {"action": "dns_add", "dns-department": ""})
    assert "Bitte wählen Sie eine Abteilung." in response.content.decode()
    client.post(_pool_edit(samir), {"action": "dns_remove", "id": jobcenter.pk})
    assert not DoNotSend.objects.exists()


def test_the_pool_services_check_the_dispatcher_role(people):
    for call in (
        lambda: services.interpreter_save(
            by=people[ROLE_COORDINATOR], data={"first_name": "X", "languages": []}
        ),
        lambda: services.absence_add(
            by=people[ROLE_INTERPRETER],
            interpreter=people["samir"],
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 1, 1),
        ),
        lambda: services.do_not_send_add(
            by=people[ROLE_REQUESTER], department=people["jobcenter"], interpreter=people["samir"]
        ),
    ):
        with pytest.raises(TransitionError):
            call()
    assert not Absence.objects.exists() and not DoNotSend.objects.exists()
