"""Routes of the dispatcher screens (views/dispatcher.py)."""

from django.urls import path

from .views import dispatcher

urlpatterns: list = [
    path("vermittlung/", dispatcher.dispatch_list, name="dispatch_list"),
    path("vermittlung/stunden/", dispatcher.dispatch_hours, name="dispatch_hours"),
    path("vermittlung/<uuid:reference>/", dispatcher.dispatch_detail, name="dispatch_detail"),
    path("pool/", dispatcher.pool_list, name="pool_list"),
    path("pool/neu/", dispatcher.pool_create, name="pool_create"),
    path("pool/<int:pk>/", dispatcher.pool_edit, name="pool_edit"),
]
