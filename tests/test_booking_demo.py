"""`make demo` gives every booking screen something to show: a pool of 20 interpreters,
departments, and requests in every state made through the real workflow."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sprachmittler.constants import RequestStatus
from sprachmittler.models import Interpreter, Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, roles):
    settings.PORTAL_DEMO = True
    call_command("demo_users", verbosity=0)
    call_command("demo_booking", verbosity=0)


def test_demo_booking_is_refused_outside_the_demo(settings, roles):
    settings.PORTAL_DEMO = False
    with pytest.raises(CommandError, match="PORTAL_DEMO"):
        call_command("demo_booking")
    assert not Interpreter.objects.exists()


def test_demo_has_a_pool_and_requests_in_every_state(demo):
    assert Interpreter.objects.count() == 20
    languages = set(Interpreter.objects.values_list("languages__language", flat=True))
    assert {"ar", "fa", "ku", "uk", "ru", "tr", "ti", "ps"} <= languages
    statuses = set(Request.objects.values_list("status", flat=True))
    expected = set(RequestStatus.values) - {
        RequestStatus.NO_SHOW_CLIENT,
        RequestStatus.INTERPRETER_ABSENT,
    }
    assert expected <= statuses, expected - statuses
    # Every request has its history, from submission on.
    for request in Request.objects.all():
        assert request.events.first().action == "submit"


def test_demo_users_are_wired_to_their_department_and_interpreter(demo):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="anfragende").staff_profile.department.name == "Jobcenter-Leistung"
    assert users.get(username="sprachmittler").interpreter.first_name == "Samir"
    samir = users.get(username="sprachmittler").interpreter
    assert samir.offers.filter(status="pending").exists()  # something to accept in the demo


def test_loading_twice_duplicates_nothing(demo):
    counts = (Interpreter.objects.count(), Request.objects.count())
    call_command("demo_booking", verbosity=0)
    assert (Interpreter.objects.count(), Request.objects.count()) == counts


def test_demo_has_a_tariff_so_the_report_shows_costs(demo):
    from sprachmittler.models import Tariff

    assert Tariff.objects.filter(valid_until__isnull=True, hourly_rate__gt=0).exists()
