"""Routes of the requester screens (views/requester.py); the request's detail page is
shared by every role that sees requests."""

from django.urls import path

from .views import requester

urlpatterns: list = [
    path("anfragen/", requester.requester_list, name="requester_list"),
    path("anfragen/neu/", requester.requester_create, name="requester_create"),
    path("anfragen/<uuid:reference>/", requester.request_detail, name="request_detail"),
    path("anfragen/<uuid:reference>/aendern/", requester.requester_change, name="requester_change"),
    path(
        "anfragen/<uuid:reference>/stornieren/",
        requester.requester_cancel,
        name="requester_cancel",
    ),
    path(
        "anfragen/<uuid:reference>/rueckfrage/",
        requester.requester_complete,
        name="requester_complete",
    ),
    path(
        "anfragen/<uuid:reference>/stunden/",
        requester.requester_confirm_hours,
        name="requester_confirm_hours",
    ),
    path("anfragen/<uuid:reference>/hinweis/", requester.requester_note, name="requester_note"),
    path(
        "anfragen/<uuid:reference>/nicht-erschienen/",
        requester.report_absent,
        name="report_absent",
    ),
]
