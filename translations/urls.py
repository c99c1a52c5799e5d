"""Admin URLs of the translation screens (mounted under /admin/uebersetzungen/)."""

from django.urls import path

from translations import views

app_name = "translations"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("uebersetzen/", views.translate, name="translate"),
    path("auftraege/", views.jobs, name="jobs"),
    path("modelle/", views.models_status, name="models"),
    path("seite/<int:page_id>/<str:language>/", views.review, name="review"),
]
