"""Routes of the coordinator screens (views/coordinator.py)."""

urlpatterns: list = []
