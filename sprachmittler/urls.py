"""/sprachmittlung/…: the booking screens. Each role's routes live in its own module."""

from django.urls import path

from . import urls_coordinator, urls_dispatcher, urls_interpreter, urls_requester
from .views import common

app_name = "sprachmittler"

urlpatterns = [
    path("", common.start, name="start"),
    path("anmelden/", common.LoginView.as_view(), name="login"),
    path("abmelden/", common.LogoutView.as_view(), name="logout"),
    *urls_requester.urlpatterns,
    *urls_coordinator.urlpatterns,
    *urls_dispatcher.urlpatterns,
    *urls_interpreter.urlpatterns,
]
