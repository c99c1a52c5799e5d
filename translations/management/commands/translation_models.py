"""`manage.py translation_models install|status|demo`: the machine translation models.

- `install de en ar fa uk ru tr [--from DIR]`: the argostranslate packages German needs:
  de→en and en→each other language (German pivots through English), and de→X directly
  where the package index has it; from the package index, or offline from a folder of
  `.argosmodel` files. Then it fetches the sentence splitters and translates one sentence
  per language, so that nothing is downloaded when pages are translated. Idempotent.
- `status`: the installed models, and the published languages German cannot be
  machine translated into.
- `demo`: tiny offline models (translations/tiny.py) for `make demo`: NOT real translations.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from translations import tiny
from translations.argos import (
    PIVOT,
    ArgosBackend,
    argos_modules,
    argos_reset,
    installed_packages,
    version_key,
)

SAMPLE = "Hallo Welt."


@dataclass
class _Candidate:
    """A package that can be installed: a local file or an entry of the package index."""

    from_code: str
    to_code: str
    version: str
    tiny: bool
    path: Path | None = None
    available: object = None  # argostranslate.package.AvailablePackage

    @property
    def label(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def _label(pair: tuple[str, str]) -> str:
    return f"{pair[0]}→{pair[1]}"


def _read_metadata(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as zf:
            (name,) = [n for n in zf.namelist() if re.fullmatch(r"[^/]+/metadata\.json", n)]
            return json.loads(zf.read(name))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # ValueError: none or several
        raise CommandError(
            _("%(file)s ist kein argos-Paket: %(error)s") % {"file": path, "error": exc}
        ) from exc


def _installed_pairs() -> set[tuple[str, str]]:
    return {(from_code, to_code) for from_code, to_code, _v, _p in installed_packages()}


def _is_tiny(package_path: Path) -> bool:
    try:
        return tiny.is_tiny_metadata(json.loads((package_path / "metadata.json").read_text()))
    except (OSError, ValueError):
        return False


class Command(BaseCommand):
    help = (
        "install [LANG ...] [--from DIR]: install the argostranslate models German needs; "
        "status: show them; demo: install tiny demo models (not real translations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["install", "status", "demo"])
        parser.add_argument(
            "languages",
            nargs="*",
            help="Language codes (default: the published languages). The source is German.",
        )
        parser.add_argument(
            "--from",
            dest="from_dir",
            help="Install offline from this folder of .argosmodel files.",
        )

    def handle(self, *args, **options):
        # Staff-facing wording is German (the source language), whatever language a
        # caller left active.
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, action, languages, from_dir=None, **options):
        self.source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        if action == "status":
            self.status()
            return
        if action == "demo":
            self.demo()
            return
        languages = languages or list(settings.MODELTRANSLATION_LANGUAGES)
        bad = [code for code in languages if not re.fullmatch(r"[a-z]{2,3}", code)]
        if bad:
            raise CommandError(_("Kein Sprachcode: %(codes)s") % {"codes": ", ".join(bad)})
        targets = [code for code in dict.fromkeys(languages) if code != self.source]
        if from_dir:
            candidates = self._folder_candidates(Path(from_dir))
        else:
            candidates = self._index_candidates()
        self.install(targets, candidates)

    # --- install -------------------------------------------------------------------

    def _needed(self, targets: list[str]) -> tuple[set, set]:
        """The pairs that must be there (through English) and those taken if offered."""
        needed, direct = set(), set()
        for target in targets:
            if self.source == PIVOT or target == PIVOT:
                needed.add((self.source, target))
            else:
                needed |= {(self.source, PIVOT), (PIVOT, target)}
                direct.add((self.source, target))
        return needed, direct

    def _folder_candidates(self, folder: Path) -> dict[tuple[str, str], _Candidate]:
        candidates: dict[tuple[str, str], _Candidate] = {}
        for path in sorted(folder.glob("*.argosmodel")) if folder.is_dir() else []:
            meta = _read_metadata(path)
            if meta.get("type", "translate") != "translate":
                continue
            found = _Candidate(
                meta.get("from_code", ""),
                meta.get("to_code", ""),
                meta.get("package_version", ""),
                tiny.is_tiny_metadata(meta),
                path=path,
            )
            key = (found.from_code, found.to_code)
            if key not in candidates or version_key(found.version) > version_key(
                candidates[key].version
            ):
                candidates[key] = found
        if not candidates:
            raise CommandError(_("Keine .argosmodel-Datei in %(folder)s.") % {"folder": folder})
        return candidates

    def _index_candidates(self) -> dict[tuple[str, str], _Candidate]:
        argos = argos_modules()
        argos.package.update_package_index()  # logs and returns on a network error
        if not argos.settings.local_package_index.exists():
            # get_available_packages() would retry the download for ever.
            raise CommandError(
                _(
                    "Das Paketverzeichnis %(url)s ließ sich nicht laden. Ohne Netz aus einem "
                    "Ordner installieren: translation_models install --from ORDNER"
                )
                % {"url": argos.settings.remote_package_index}
            )
        candidates: dict[tuple[str, str], _Candidate] = {}
        for available in argos.package.get_available_packages():
            if available.type != "translate":
                continue
            found = _Candidate(
                available.from_code,
                available.to_code,
                available.package_version,
                False,
                available=available,
            )
            key = (found.from_code, found.to_code)
            if key not in candidates or version_key(found.version) > version_key(
                candidates[key].version
            ):
                candidates[key] = found
        return candidates

    def install(self, targets: list[str], candidates: dict[tuple[str, str], _Candidate]):
        needed, direct = self._needed(targets)
        problems = []
        for pair in sorted((needed | direct) & set(candidates)):
            try:
                self._install_one(candidates[pair])
            except CommandError as exc:
                problems.append(str(exc))
        argos_reset()
        problems += self._prepare(targets)
        backend = ArgosBackend()
        unreachable = [t for t in targets if not backend.can_translate(self.source, t)]
        if unreachable:
            lacking = sorted(self._needed(unreachable)[0] - set(_installed_pairs()))
            problems.append(
                _("Nicht maschinell übersetzbar aus %(source)s: %(languages)s")
                % {"source": self.source, "languages": ", ".join(unreachable)}
                + " "
                + _("Es fehlen: %(pairs)s") % {"pairs": ", ".join(map(_label, lacking))}
            )
        if problems:
            raise CommandError("\n".join(problems))

    def _install_one(self, candidate: _Candidate) -> None:
        argos = argos_modules()
        pair = (candidate.from_code, candidate.to_code)
        installed = [
            pkg
            for pkg in argos.package.get_installed_packages()
            if (pkg.from_code, pkg.to_code) == pair and pkg.type == "translate"
        ]
        for pkg in installed:
            if candidate.tiny and not _is_tiny(pkg.package_path):
                self.stdout.write(
                    _(
                        "%(pair)s: Ein echtes Modell ist installiert, das Mini-Modell wird "
                        "nicht installiert."
                    )
                    % {"pair": candidate.label}
                )
                return
            same_kind = _is_tiny(pkg.package_path) == candidate.tiny
            if same_kind and version_key(pkg.package_version) >= version_key(candidate.version):
                self.stdout.write(
                    _("Schon installiert: %(pair)s %(version)s")
                    % {"pair": candidate.label, "version": pkg.package_version}
                )
                return
        path, downloaded = candidate.path, False
        if path is None:
            try:
                path, downloaded = candidate.available.download(), True
            except Exception as exc:  # argostranslate raises a bare Exception
                raise CommandError(
                    _("Herunterladen von %(pair)s fehlgeschlagen: %(error)s")
                    % {"pair": candidate.label, "error": exc}
                ) from exc
        for pkg in installed:  # an older version, or a tiny model a real one replaces
            argos.package.uninstall(pkg)
        argos.package.install_from_path(path)
        if downloaded:
            path.unlink(missing_ok=True)
        self.stdout.write(
            _("Installiert: %(pair)s %(version)s")
            % {"pair": candidate.label, "version": candidate.version}
        )

    def _prepare(self, targets: list[str]) -> list[str]:
        """Fetch the sentence splitters and translate one sentence per language, so that
        translating pages needs no network and loads no broken model."""
        backend = ArgosBackend()
        problems = []
        for target in targets:
            if not backend.can_translate(self.source, target):
                continue
            try:
                backend.prepare(self.source, target)
                (sample,) = backend.translate([SAMPLE], self.source, target)
            except Exception as exc:  # a download or a model that does not load
                problems.append(
                    _("Probeübersetzung %(pair)s fehlgeschlagen: %(error)s")
                    % {"pair": _label((self.source, target)), "error": exc}
                )
                continue
            self.stdout.write(f"  {self.source}→{target}: {SAMPLE} → {sample}")
        return problems

    # --- status --------------------------------------------------------------------

    def status(self) -> None:
        backend = ArgosBackend()
        folder = settings.ARGOS_PACKAGES_DIR
        self.stdout.write(_("Modelle in %(folder)s:") % {"folder": folder})
        installed = self._installed_lines()
        for line in installed or ["  " + _("keine")]:
            self.stdout.write(line)
        pivots = [p for p in backend.available_pairs() if p.via]
        for pair in pivots:
            if pair.source == self.source:
                self.stdout.write(f"  {pair.source}→{pair.target} (via {pair.via})")
        languages = [code for code in settings.MODELTRANSLATION_LANGUAGES if code != self.source]
        missing = [code for code in languages if not backend.can_translate(self.source, code)]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    _("Nicht maschinell übersetzbar aus %(source)s: %(languages)s")
                    % {"source": self.source, "languages": ", ".join(missing)}
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Jede veröffentlichte Sprache ist aus %(source)s maschinell übersetzbar.")
                    % {"source": self.source}
                )
            )

    def _installed_lines(self) -> list[str]:
        lines = []
        for from_code, to_code, version, path in installed_packages():
            line = f"  {from_code}→{to_code} {version}"
            if _is_tiny(path):
                line += "  " + _("(Mini-Demo-Modell, keine echte Übersetzung)")
            lines.append(line)
        return lines

    # --- demo ----------------------------------------------------------------------

    def demo(self) -> None:
        targets = [code for code in settings.MODELTRANSLATION_LANGUAGES if code != self.source]
        needed, _direct = self._needed(targets)
        with tempfile.TemporaryDirectory() as tmp:
            for source, target in sorted(needed):
                tiny.build_tiny_package(source, target, tmp)
            self.stdout.write(
                self.style.WARNING(
                    _("Mini-Demo-Modelle, keine echten Übersetzungen: %(pairs)s")
                    % {"pairs": ", ".join(map(_label, sorted(needed)))}
                )
            )
            self.install(targets, self._folder_candidates(Path(tmp)))
