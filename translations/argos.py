"""The argostranslate backend: machine translation offline, on this server.

Models are argostranslate packages in `settings.ARGOS_PACKAGES_DIR`, installed by
`manage.py translation_models install`. German pairs pivot through English: de→ar is
de→en followed by en→ar when there is no direct model. Each model is loaded once per
process and kept; `argos_reset()` forgets them (tests, or after installing).

A page's segments are translated together: all their sentences go to CTranslate2 in one
call per model, which lets it batch them (see `_Model.translate`).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
import threading
import types
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .backends import Pair, TranslationBackend, TranslationUnavailable

PIVOT = "en"

_lock = threading.RLock()
_configured: tuple | None = None
_chains: dict[tuple[str, str], list[_Model]] = {}
_models: dict[Path, _Model] = {}
# German→English output of the pivot, per model and text: the jobs of one page into six
# languages each need it, and a worker process that takes several of them translates it
# once (bench/translation.md: the repeated first pass was about 45 % of the model time).
# Deterministic (beam search), so reusing it changes nothing. Bounded, oldest out first.
_pivot_cache: OrderedDict[tuple[Path, str], str] = OrderedDict()
PIVOT_CACHE_SIZE = 20_000


def argos_modules() -> types.SimpleNamespace:
    """argostranslate's modules, configured from Django settings. The one place that
    configures it, because of three traps (docs/decisions.md):

    - argostranslate reads its configuration from the environment once, when
      `argostranslate.settings` is first imported, and creates its folders then (under
      $HOME unless XDG_* say otherwise, and $HOME may not be writable for the server);
    - `argostranslate.sbd` imports stanza at module level; stanza is not installed (it
      pulls torch and spaCy, 6 GB) and not used: sentences are split with MiniSBD;
    - the defaults would use every core per translation (ARGOS_INTRA_THREADS) and split
      sentences with stanza for packages that bundle a stanza/ folder, which needs stanza
      and downloads its resources.

    So the environment is set and a stand-in stanza registered before the first import,
    and the module attributes are set again whenever the settings differ from the last
    call (tests point ARGOS_PACKAGES_DIR at a temporary folder).
    """
    global _configured
    packages_dir = Path(settings.ARGOS_PACKAGES_DIR).resolve()
    key = (packages_dir, int(settings.ARGOS_INTRA_THREADS), int(settings.ARGOS_BATCH_SIZE))
    with _lock:
        if _configured != key:
            _configure(*key)
            _configured = key
        import argostranslate.package
        import argostranslate.sbd
        import argostranslate.settings
        import argostranslate.translate

    return types.SimpleNamespace(
        package=argostranslate.package,
        sbd=argostranslate.sbd,
        settings=argostranslate.settings,
        translate=argostranslate.translate,
    )


def _configure(packages_dir: Path, intra_threads: int, batch_size: int) -> None:
    base = packages_dir.parent
    folders = {"XDG_DATA_HOME": base / "data", "XDG_CONFIG_HOME": base / "config"}
    folders["XDG_CACHE_HOME"] = base / "cache"
    os.environ.update(
        {
            "ARGOS_PACKAGES_DIR": str(packages_dir),
            "ARGOS_INTRA_THREADS": str(intra_threads),
            "ARGOS_INTER_THREADS": "1",
            "ARGOS_BATCH_SIZE": str(batch_size),
            "ARGOS_DEVICE_TYPE": "cpu",
            "ARGOS_CHUNK_TYPE": "MINISBD",
        }
    )
    if "argostranslate.settings" not in sys.modules:
        if importlib.util.find_spec("stanza") is None:
            stand_in = types.ModuleType(
                "stanza", "Stand-in: stanza is not installed (translations.argos)."
            )
            sys.modules.setdefault("stanza", stand_in)
        # XDG_* only while argostranslate is imported: the rest of the process (Chromium
        # started by browser tests, for one) keeps the user's folders.
        saved = {name: os.environ.get(name) for name in folders}
        os.environ.update({name: str(path) for name, path in folders.items()})
        try:
            import argostranslate.settings  # noqa: F401
            import argostranslate.translate  # noqa: F401
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    import argostranslate.sbd as sbd
    import argostranslate.settings as s

    s.data_dir = folders["XDG_DATA_HOME"] / "argos-translate"
    s.config_dir = folders["XDG_CONFIG_HOME"] / "argos-translate"
    s.cache_dir = folders["XDG_CACHE_HOME"] / "argos-translate"
    s.downloads_dir = s.cache_dir / "downloads"
    s.settings_file = s.config_dir / "settings.json"
    s.local_package_index = s.data_dir / "index.json"
    s.package_data_dir = packages_dir
    s.package_dirs = [packages_dir]
    for folder in (s.data_dir, s.config_dir, s.downloads_dir, packages_dir):
        folder.mkdir(parents=True, exist_ok=True)
    s.intra_threads = intra_threads
    s.inter_threads = 1
    s.batch_size = batch_size
    s.device = "cpu"
    s.chunk_type = s.ChunkType.MINISBD
    sbd.minisbd_models.cache_dir = str(s.data_dir / "minisbd")
    # argostranslate logs every text it translates, at INFO level.
    logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)
    _forget()


def _forget() -> None:
    import argostranslate.translate

    _chains.clear()
    _models.clear()
    _pivot_cache.clear()
    argostranslate.translate.installed_translates.clear()
    argostranslate.translate.get_installed_languages.cache_clear()


def argos_reset() -> None:
    """Forget loaded models and re-read the settings (tests, and after installing)."""
    global _configured
    with _lock:
        if "argostranslate.translate" in sys.modules:
            _forget()
        _configured = None


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def _installed() -> dict[tuple[str, str], object]:
    """The newest installed translate package per (from, to)."""
    argos = argos_modules()
    best: dict[tuple[str, str], object] = {}
    for pkg in argos.package.get_installed_packages():
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        key = (pkg.from_code, pkg.to_code)
        current = best.get(key)
        if current is None or version_key(pkg.package_version) > version_key(
            current.package_version
        ):
            best[key] = pkg
    return best


def installed_packages() -> list[tuple[str, str, str, Path]]:
    """(from_code, to_code, package_version, path) of every installed translate package,
    for `translation_models status`."""
    argos = argos_modules()
    return sorted(
        (pkg.from_code, pkg.to_code, pkg.package_version, pkg.package_path)
        for pkg in argos.package.get_installed_packages()
        if pkg.type == "translate"
    )


def _pairs(direct: set[tuple[str, str]]) -> list[Pair]:
    pairs = [Pair(s, t) for s, t in sorted(direct)]
    sources = {s for s, t in direct if t == PIVOT}
    targets = {t for s, t in direct if s == PIVOT}
    pairs += [
        Pair(s, t, via=PIVOT)
        for s in sorted(sources)
        for t in sorted(targets)
        if s != t and (s, t) not in direct
    ]
    return pairs


@dataclass
class _Model:
    """One installed package: argostranslate's own translation object (which holds the
    package's tokenizer and sentence splitter) and the CTranslate2 translator."""

    package: object
    translation: object

    @property
    def label(self) -> str:
        return f"{self.package.from_code}→{self.package.to_code}"

    def translator(self):
        with _lock:
            if self.translation.translator is None:
                import ctranslate2

                s = argos_modules().settings
                # As argostranslate's PackageTranslation would, and it then uses this one.
                self.translation.translator = ctranslate2.Translator(
                    str(self.package.package_path / "model"),
                    device=s.device,
                    inter_threads=s.inter_threads,
                    intra_threads=s.intra_threads,
                    compute_type=s.compute_type,
                )
            return self.translation.translator

    def splitter_is_local(self) -> bool:
        """Whether splitting sentences needs no download: a model in the package, or one
        fetched into the cache by `translation_models install`."""
        lang = self.translation.sentencizer.lang
        if os.path.isfile(lang):
            return True
        models = argos_modules().sbd.minisbd_models
        return os.path.isfile(os.path.join(models.cache_dir, models.MODELS.get(lang, "")))

    def fetch_splitter(self) -> None:
        """Download the sentence splitter if the package lacks one (network)."""
        if not self.splitter_is_local():
            argos_modules().sbd.minisbd_models.get_model_file(self.translation.sentencizer.lang)

    def translate(self, texts: list[str]) -> list[str]:
        """What argostranslate's PackageTranslation.translate does for each text
        (paragraphs, sentences, tokens, decoding), except that the sentences of all texts
        go to CTranslate2 in one call, so that it can batch them. Measured on a 2-core
        machine, one thread, with a model of the public models' size (6+6 layers, 32k
        vocabulary, int8) and 40 segments of 3-22 words: argostranslate text by text
        4.8 s (3.8 s with ARGOS_BATCH_SIZE=1024), joined with newlines the same, in one
        call 4.0 s with ARGOS_BATCH_SIZE=32 and 2.0 s with 1024 (the size is in tokens)."""
        argos = argos_modules()
        pkg, s = self.package, argos.settings
        splitter = self.translation.sentencizer
        layout: list[list[list[int]]] = []  # text -> paragraph -> sentence indices
        tokens: list[list[str]] = []
        for text in texts:
            paragraphs = []
            for paragraph in argos.translate.ITranslation.split_into_paragraphs(text):
                indices = []
                if paragraph.strip():
                    for sentence in splitter.split_sentences(paragraph):
                        indices.append(len(tokens))
                        tokens.append(pkg.tokenizer.encode(sentence))
                paragraphs.append(indices)
            layout.append(paragraphs)
        results = self.translator().translate_batch(
            tokens,
            target_prefix=[[pkg.target_prefix]] * len(tokens) if pkg.target_prefix else None,
            replace_unknowns=True,
            max_batch_size=s.batch_size,
            batch_type="tokens",
            beam_size=max(1, s.beam_size),
            num_hypotheses=1,
            length_penalty=0.2,
        )
        out = []
        for paragraphs in layout:
            translated = []
            for indices in paragraphs:
                value = pkg.tokenizer.decode([t for i in indices for t in results[i].hypotheses[0]])
                if pkg.target_prefix and value.startswith(pkg.target_prefix):
                    value = value[len(pkg.target_prefix) :]
                translated.append(value[1:] if value.startswith(" ") else value)
            out.append(argos.translate.ITranslation.combine_paragraphs(translated))
        return out


def _model(pkg) -> _Model:
    model = _models.get(pkg.package_path)
    if model is None:
        translate = argos_modules().translate
        translation = translate.PackageTranslation(
            translate.Language(pkg.from_code, pkg.from_name),
            translate.Language(pkg.to_code, pkg.to_name),
            pkg,
        )
        model = _models[pkg.package_path] = _Model(pkg, translation)
    return model


def _chain(source: str, target: str) -> list[_Model]:
    """The models that translate source→target, directly or through English."""
    with _lock:
        chain = _chains.get((source, target))
        if chain is None:
            installed = _installed()
            if (source, target) in installed:
                steps = [installed[source, target]]
            elif (source, PIVOT) in installed and (PIVOT, target) in installed:
                steps = [installed[source, PIVOT], installed[PIVOT, target]]
            else:
                raise TranslationUnavailable(f"{source}→{target}: no model installed")
            chain = _chains[source, target] = [_model(pkg) for pkg in steps]
        return chain


def _pivot_translate(model: _Model, texts: list[str]) -> list[str]:
    path = model.package.package_path
    with _lock:
        known = {text: _pivot_cache.get((path, text)) for text in texts}
    missing = list(dict.fromkeys(text for text, value in known.items() if value is None))
    if missing:
        for text, value in zip(missing, model.translate(missing), strict=True):
            known[text] = value
        with _lock:
            for text in missing:
                _pivot_cache[path, text] = known[text]
            while len(_pivot_cache) > PIVOT_CACHE_SIZE:
                _pivot_cache.popitem(last=False)
    return [known[text] for text in texts]


def _split_outer_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = len(text) - len(text.lstrip())
    return text[:start], core, text[start + len(core) :]


class ArgosBackend(TranslationBackend):
    """argostranslate with the packages in `settings.ARGOS_PACKAGES_DIR`."""

    name = "argos"

    def available_pairs(self) -> list[Pair]:
        return _pairs(set(_installed()))

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        chain = _chain(source, target)
        for model in chain:
            if not model.splitter_is_local():
                raise TranslationUnavailable(
                    f"{model.label}: no sentence splitter for {model.package.from_code} on "
                    "this server; run `manage.py translation_models install`"
                )
        parts = [_split_outer_space(text) for text in texts]
        todo = [i for i, (_lead, core, _trail) in enumerate(parts) if core]
        values = [parts[i][1] for i in todo]
        for step, model in enumerate(chain):
            if step == 0 and len(chain) > 1:
                values = _pivot_translate(model, values)
            else:
                values = model.translate(values)
        out = list(texts)
        for i, value in zip(todo, values, strict=True):
            lead, _core, trail = parts[i]
            out[i] = lead + value + trail
        return out

    def model_version(self, source: str, target: str) -> str:
        try:
            chain = _chain(source, target)
        except TranslationUnavailable:
            return ""
        return " · ".join(f"{m.label} {m.package.package_version}" for m in chain)

    def prepare(self, source: str, target: str) -> None:
        """Fetch what translating source→target needs (the sentence splitters, over the
        network if a package lacks one) and load its models; for the install command."""
        for model in _chain(source, target):
            model.fetch_splitter()
            model.translator()
