"""Routes of the interpreter screens (views/interpreter.py)."""

from django.urls import path

from .views import interpreter

urlpatterns: list = [
    path("einsaetze/", interpreter.home, name="interpreter_home"),
    path("einsaetze/<int:pk>/", interpreter.assignment_detail, name="interpreter_assignment"),
    path(
        "einsaetze/<int:pk>/zurueckgeben/",
        interpreter.assignment_withdraw,
        name="interpreter_assignment_withdraw",
    ),
    path(
        "einsaetze/<int:pk>/erfassen/",
        interpreter.assignment_record,
        name="interpreter_assignment_record",
    ),
    path(
        "angebote/<uuid:reference>/annehmen/",
        interpreter.offer_accept,
        name="interpreter_offer_accept",
    ),
    path(
        "angebote/<uuid:reference>/ablehnen/",
        interpreter.offer_decline,
        name="interpreter_offer_decline",
    ),
    path("kalender/", interpreter.calendar_page, name="interpreter_calendar"),
    path("kalender/<str:token>.ics", interpreter.calendar_feed, name="interpreter_calendar_feed"),
]
