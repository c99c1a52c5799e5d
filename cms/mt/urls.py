"""Admin URLs of the translation screens (mounted under /admin/uebersetzungen/)."""

from django.urls import path

from cms.mt import views

app_name = "cms_translations"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("uebersetzen/", views.translate, name="translate"),
    path("auftraege/", views.jobs, name="jobs"),
    path("modelle/", views.models_status, name="models"),
    path("seite/<int:page_id>/<str:language>/", views.review, name="review"),
]
