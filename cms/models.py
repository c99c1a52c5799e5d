"""Page models of the public site. The offer types arrive with the content issue;
the foundation has the home page every language's URL starts from and a plain
information page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.InformationPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("Startseite")


class InformationPage(Page):
    """A plain page of text: about the portal, a topic explained in plain words."""

    intro = models.TextField(_("Kurzbeschreibung"), blank=True)
    body = RichTextField(_("Text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage", "cms.InformationPage"]
    subpage_types = ["cms.InformationPage"]
    template = "cms/information_page.html"

    class Meta:
        verbose_name = _("Informationsseite")
