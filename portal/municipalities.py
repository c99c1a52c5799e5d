"""The district's municipalities: where places are, where interpreters work."""

from django.db import models


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
