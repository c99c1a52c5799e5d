"""The translation backend interface, and the one chosen in settings.

`PORTAL_TRANSLATION_BACKEND` names a class; one instance per process (a real backend
keeps its models loaded between calls).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


class TranslationUnavailable(Exception):
    """No model (direct or through a pivot) translates this pair."""


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    via: str = ""  # the pivot language, when two models are chained ("en")


class TranslationBackend:
    """What a translation engine must do. `translate` keeps order and length: one output
    per input text, empty texts stay empty."""

    name = "base"

    def available_pairs(self) -> list[Pair]:
        raise NotImplementedError

    def can_translate(self, source: str, target: str) -> bool:
        return any(p.source == source and p.target == target for p in self.available_pairs())

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def model_version(self, source: str, target: str) -> str:
        """Which model made a translation, recorded with it (e.g. "de→en 1.0 + en→ar 1.1")."""
        return ""


class FakeBackend(TranslationBackend):
    """Fast and deterministic, for tests that are not about translation itself: prefixes
    every text with the target language in brackets and leaves the rest alone, so that
    protected terms and placeholders pass through."""

    name = "fake"
    languages = ("de", "en", "ar", "fa", "uk", "ru", "tr")

    def available_pairs(self) -> list[Pair]:
        return [Pair(s, t) for s in self.languages for t in self.languages if s != t]

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if not self.can_translate(source, target):
            raise TranslationUnavailable(f"{source}→{target}")
        return [f"[{target}] {text}" if text.strip() else text for text in texts]

    def model_version(self, source: str, target: str) -> str:
        return "fake"


@functools.cache
def get_backend() -> TranslationBackend:
    """The configured backend, created once per process."""
    return import_string(settings.PORTAL_TRANSLATION_BACKEND)()


def backend_reset() -> None:
    """Forget the backend (tests that change the setting or install models)."""
    get_backend.cache_clear()
