"""Two offers for overlapping appointments, accepted by the same interpreter at the same
moment in two transactions: exactly one wins, the other gets a clear message.

Needs PostgreSQL (row locks and the exclusion constraint do nothing on SQLite)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.constants import AssignmentStatus
from sprachmittler.models import Assignment
from sprachmittler.workflow import TransitionError
from tests import booking_factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 8


@pytest.fixture
def setting(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (row locks do nothing on SQLite)")
    department = f.department()
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    return {
        "anna": f.user_with_role("anfragende", ROLE_REQUESTER, department=department),
        "konrad": f.user_with_role("koordination", ROLE_COORDINATOR),
        "dilara": f.user_with_role("disposition", ROLE_DISPATCHER),
        "samir_user": samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "budget": f.budget_line(),
    }


def _offer(setting, starts_at, case):
    request = services.request_submit(
        by=setting["anna"], data=f.request_data(starts_at=starts_at, case_reference=case)
    )
    services.request_approve(request=request, by=setting["konrad"], budget_line=setting["budget"])
    (offer,) = services.offer_create(
        request=request, by=setting["dilara"], interpreters=[setting["samir"]]
    )
    return offer


def test_concurrent_accepts_of_overlapping_offers_book_the_interpreter_once(setting):
    for round_ in range(ROUNDS):
        start = f.next_weekday_at(14) + timedelta(weeks=round_)
        offers = [
            _offer(setting, start, f"A-{round_}"),
            _offer(setting, start + timedelta(minutes=45), f"B-{round_}"),
        ]
        barrier = threading.Barrier(len(offers))
        results: list = [None] * len(offers)

        def accept(index, offer, barrier=barrier, results=results):
            try:
                barrier.wait(timeout=10)
                services.offer_accept(offer=offer, by=setting["samir_user"])
                results[index] = "ok"
            except TransitionError as error:
                results[index] = str(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=accept, args=(i, o)) for i, o in enumerate(offers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results, key=lambda r: r != "ok")[0] == "ok", results
        assert results.count("ok") == 1, results
        loser = next(r for r in results if r != "ok")
        assert "schon einen Einsatz" in loser
        active = Assignment.objects.filter(
            interpreter=setting["samir"], status=AssignmentStatus.ACTIVE
        )
        assert active.count() == round_ + 1


def test_the_database_itself_refuses_overlapping_assignments(setting):
    from django.db import IntegrityError, transaction

    offer = _offer(setting, f.next_weekday_at(14), "A")
    request = offer.request
    Assignment.objects.create(
        request=request,
        interpreter=setting["samir"],
        blocked_from=request.starts_at,
        blocked_until=request.ends_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=request,
            interpreter=setting["samir"],
            blocked_from=request.starts_at + timedelta(minutes=30),
            blocked_until=request.ends_at + timedelta(minutes=30),
        )
