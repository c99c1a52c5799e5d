"""The editors' side of the languages: right-to-left inputs for Arabic and Farsi."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, roles):
    user = get_user_model().objects.create_user("rita", password="ein-langes-passwort")
    user.groups.add(roles["Redaktion"])
    client.force_login(user)
    return client


def test_page_editor_has_an_input_per_language_and_the_direction_script(editor_client, home_page):
    response = editor_client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    for code in ("de", "en", "ar", "fa", "uk", "ru", "tr"):
        assert f'name="title_{code}"' in content
    assert 'src="/static/cms/admin-direction.js"' in content
    assert 'data-rtl-languages="ar fa"' in content


def test_editor_can_open_every_offer_type_and_the_directories(editor_client, home_page):
    from cms.models import OfferIndexPage
    from tests.content_factories import offer_index

    index = offer_index(home_page)
    assert isinstance(index, OfferIndexPage)
    for model in ("languagecoursepage", "volunteeringpage", "counsellingpage"):
        response = editor_client.get(f"/admin/pages/add/cms/{model}/{index.pk}/")
        assert response.status_code == 200, model
        content = response.content.decode()
        assert 'name="title_ar"' in content and 'name="valid_until"' in content
    for snippet in ("organisation", "place", "brochure", "targetgroup", "spokenlanguage"):
        assert editor_client.get(f"/admin/snippets/cms/{snippet}/").status_code == 200, snippet


def test_offer_types_cannot_be_added_outside_the_offer_index(editor_client, home_page):
    response = editor_client.get(f"/admin/pages/add/cms/languagecoursepage/{home_page.pk}/")
    assert response.status_code in (302, 403)


def test_the_coordination_office_keeps_departments_budget_lines_and_tariffs(client, roles):
    from portal.roles import ROLE_COORDINATOR

    user = get_user_model().objects.create_user("konrad", password="ein-langes-passwort")
    user.groups.add(roles[ROLE_COORDINATOR])
    client.force_login(user)
    for model in ("department", "budgetline", "tariff"):
        assert client.get(f"/admin/snippets/sprachmittler/{model}/").status_code == 200, model
    response = client.post(
        "/admin/snippets/sprachmittler/tariff/add/",
        {"valid_from": "2027-01-01", "hourly_rate": "38.50", "late_cancel_minimum_minutes": "60",
         "travel_allowance": "8"},
    )  # fmt: skip
    assert response.status_code == 302
    from sprachmittler.models import Tariff

    assert Tariff.objects.get().hourly_rate == 38.5
