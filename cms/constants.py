"""Named values of the content model: course levels, the offer categories and the legal
page kinds. (The municipalities are shared: portal.municipalities.)"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
