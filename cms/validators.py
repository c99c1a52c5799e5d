"""Field validators of the content: values a reader could not use are refused where the
editor types them, with a message saying what is expected."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{2,38}$",
    message=_(
        "Bitte eine Telefonnummer mit Ziffern angeben (erlaubt: Leerzeichen und + ( ) / -), "
        "z. B. 04171 693-0."
    ),
)

site_address_validator = RegexValidator(
    r"^(/[^\s]*|https://[^\s]+)$",
    message=_("Bitte eine Adresse dieser Website (beginnt mit /) oder eine https-Adresse angeben."),
)
