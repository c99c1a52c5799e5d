"""/sprachmittlung/bericht/: the committee report and its exports (views.py)."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.report, name="report"),
    path("export/<slug:key>.<slug:fmt>", views.report_export, name="export"),
]
