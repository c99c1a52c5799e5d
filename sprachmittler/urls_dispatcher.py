"""Routes of the dispatcher screens (views/dispatcher.py)."""

urlpatterns: list = []
