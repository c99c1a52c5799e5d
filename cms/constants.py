"""Named values of the content model: the district's municipalities, course levels,
the offer categories and the legal page kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.TextChoices):
    """The twelve towns, municipalities and joint municipalities of the Landkreis Harburg.

    Proper names: shown as they are in every language.
    """

    BUCHHOLZ = "buchholz", "Buchholz i. d. Nordheide"
    WINSEN = "winsen", "Winsen (Luhe)"
    SEEVETAL = "seevetal", "Seevetal"
    NEU_WULMSTORF = "neu-wulmstorf", "Neu Wulmstorf"
    ROSENGARTEN = "rosengarten", "Rosengarten"
    STELLE = "stelle", "Stelle"
    TOSTEDT = "tostedt", "Tostedt"
    HANSTEDT = "hanstedt", "Hanstedt"
    JESTEBURG = "jesteburg", "Jesteburg"
    HOLLENSTEDT = "hollenstedt", "Hollenstedt"
    SALZHAUSEN = "salzhausen", "Salzhausen"
    ELBMARSCH = "elbmarsch", "Elbmarsch"


class CefrLevel(models.TextChoices):
    ALPHA = "alpha", _("Alphabetisierung")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class OfferCategory(models.TextChoices):
    """One category per offer page type (OfferPage.category)."""

    COURSE = "course", _("Deutsch lernen")
    VOLUNTEERING = "volunteering", _("Ehrenamt")
    COUNSELLING = "counselling", _("Beratung und Anlaufstellen")
    INTERPRETING = "interpreting", _("Sprachmittlung")


class LegalKind(models.TextChoices):
    IMPRESSUM = "impressum", _("Impressum")
    PRIVACY = "privacy", _("Datenschutz")
    ACCESSIBILITY = "accessibility", _("Barrierefreiheit")
