"""Routes of the coordinator screens (views/coordinator.py)."""

from django.urls import path

from .views import coordinator

urlpatterns: list = [
    path("koordination/", coordinator.coordinator_queue, name="coordinator_queue"),
    path("koordination/alle/", coordinator.coordinator_all, name="coordinator_all"),
    path(
        "koordination/<uuid:reference>/",
        coordinator.coordinator_decide,
        name="coordinator_decide",
    ),
]
