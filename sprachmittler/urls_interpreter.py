"""Routes of the interpreter screens (views/interpreter.py)."""

urlpatterns: list = []
