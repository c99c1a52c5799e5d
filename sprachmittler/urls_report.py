"""Routes of the committee report (views/report.py)."""

from django.urls import path

from .views import report

urlpatterns: list = [
    path("bericht/", report.report, name="report"),
    path("bericht/export/<slug:key>.<slug:fmt>", report.report_export, name="report_export"),
]
