"""Routes of the requester screens (views/requester.py)."""

urlpatterns: list = []
