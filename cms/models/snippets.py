"""Snippets shared by pages: organisations, places, target groups, spoken languages,
and forms/brochures with one file per language."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.validators import phone_validator
from portal.municipalities import Municipality


class Organisation(index.Indexed, models.Model):
    short_name = models.CharField(
        _("Kurzname"), max_length=40, blank=True, help_text=_("z. B. KVHS, AWO")
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[phone_validator])

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], _("Kontakt")
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_name")]

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Place(index.Indexed, models.Model):
    """A building where an offer takes place or a contact point is open."""

    name = models.CharField(_("Name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    municipality = models.CharField(
        _("Stadt/Gemeinde"), max_length=20, choices=Municipality.choices
    )
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True)
    accessibility = models.TextField(
        _("Barrierefreiheit des Gebäudes"),
        blank=True,
        help_text=_("z. B. stufenloser Eingang, Aufzug, barrierefreies WC – oder was fehlt."),
    )
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("E-Mail"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("municipality")],
            _("Adresse"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("accessibility"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], _("Kontakt")),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("municipality")]

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["municipality", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_municipality_display()})"

    @property
    def address_line(self) -> str:
        town = self.get_municipality_display()
        return ", ".join(part for part in (self.street, f"{self.postcode} {town}".strip()) if part)


class TargetGroup(models.Model):
    slug = models.SlugField(_("Kürzel"), unique=True)
    name = models.CharField(_("Name"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SpokenLanguage(models.Model):
    """A language people can be helped in (not only the published languages: Dari,
    Tigrinya, Kurmanji…)."""

    code = models.CharField(
        _("Sprachcode"), max_length=12, unique=True, help_text=_("ISO 639, z. B. ar, prs, ti")
    )
    name = models.CharField(_("Name"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        verbose_name = _("Gesprochene Sprache")
        verbose_name_plural = _("Gesprochene Sprachen")
        ordering = ["name"]

    def __str__(self):
        return self.name


def document_language_choices():
    """Published languages first, then the other languages forms come in."""
    extra = [("prs", "Dari"), ("ps", "Paschtu"), ("ti", "Tigrinya"), ("ku", "Kurmancî")]
    extra += [("so", "Soomaali"), ("sq", "Shqip"), ("fr", "Français"), ("ro", "Română")]
    extra += [("pl", "Polski")]
    published = [
        (code, translation.get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES
    ]
    return published + [item for item in extra if item[0] not in dict(published)]


class Brochure(index.Indexed, ClusterableModel):
    """A form or brochure; one file per language it exists in."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("files", label=_("Datei je Sprache"), min_num=1),
    ]
    search_fields = [index.SearchField("title")]

    class Meta:
        verbose_name = _("Formular/Broschüre")
        verbose_name_plural = _("Formulare und Broschüren")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def files_for(self, language: str) -> list["BrochureFile"]:
        """The reader's language first, then German, then the rest in the editor's order."""
        files = list(self.files.all())
        rank = {language: 0, settings.LANGUAGE_CODE: 1}
        return sorted(files, key=lambda f: (rank.get(f.language, 2), f.sort_order or 0))


class BrochureFile(Orderable):
    brochure = ParentalKey(Brochure, related_name="files", on_delete=models.CASCADE)
    language = models.CharField(_("Sprache"), max_length=12, choices=document_language_choices)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Datei"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("language"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Datei")
        constraints = [
            models.UniqueConstraint(fields=["brochure", "language"], name="one_file_per_language")
        ]

    @property
    def language_name(self) -> str:
        return dict(document_language_choices()).get(self.language, self.language)
