"""The argostranslate backend, with the real argostranslate code on tiny models built here.

The tiny models (translations/tiny.py) copy their input and swap a few known words, so what
comes out is known exactly. Nothing here may touch the network: `no_network` records and
refuses every connection and name lookup.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from translations import tiny
from translations.argos import ArgosBackend, argos_modules, argos_reset, installed_packages
from translations.backends import Pair, TranslationUnavailable, backend_reset, get_backend

PAIRS = [("de", "en"), ("en", "uk"), ("en", "ar"), ("en", "fa"), ("en", "ru"), ("en", "tr")]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], f"network access: {attempts}"


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    for source, target in PAIRS:
        tiny.build_tiny_package(source, target, folder)
    return folder


@pytest.fixture
def packages_dir(settings, tmp_path):
    settings.ARGOS_PACKAGES_DIR = tmp_path / "argos" / "packages"
    argos_reset()
    backend_reset()
    yield settings.ARGOS_PACKAGES_DIR
    argos_reset()
    backend_reset()


@pytest.fixture
def install(packages_dir, tiny_dir):
    def install(*pairs):
        for source, target in pairs:
            argos_modules().package.install_from_path(
                tiny_dir / f"tiny-{source}_{target}.argosmodel"
            )
        argos_reset()

    return install


@pytest.fixture
def backend():
    return ArgosBackend()


def test_a_package_installed_from_its_file_translates(install, backend, packages_dir):
    install(("de", "en"))

    assert backend.translate(["Hallo Welt"], "de", "en") == ["Hello world"]
    ((source, target, version, path),) = installed_packages()
    assert (source, target, version) == ("de", "en", "0.0-tiny")
    assert path.parent == packages_dir.resolve()
    assert backend.model_version("de", "en") == "de→en 0.0-tiny"


def test_the_configured_backend_is_argos_when_settings_say_so(install, settings):
    install(("de", "en"))
    settings.PORTAL_TRANSLATION_BACKEND = "translations.argos.ArgosBackend"
    backend_reset()

    assert get_backend().name == "argos"
    assert get_backend().translate(["Danke"], "de", "en") == ["Thank you"]


def test_order_length_empty_texts_paragraphs_and_sentences(install, backend):
    install(("de", "en"))
    texts = ["Hallo", "", "   ", " Welt\n", "Hallo Welt. Danke! Kurs", "Kurse\nheute\n\nmorgen"]

    assert backend.translate(texts, "de", "en") == [
        "Hello",
        "",
        "   ",
        " world\n",
        "Hello world. Thank you! course",
        "courses\ntoday\n\ntomorrow",
    ]
    assert backend.translate([], "de", "en") == []


def test_translating_segments_together_gives_what_argostranslate_gives_one_by_one(install, backend):
    """The backend sends all sentences to CTranslate2 at once; argostranslate's own
    `translate` does one text at a time. Same output, directly and through the pivot."""
    install(("de", "en"), ("en", "uk"))
    texts = ["Hallo Welt. Kurs und Kinder!", "Deutschkurs\nWillkommen", "x Hallo, Welt?"]
    argos_translate = argos_modules().translate.translate

    for target in ("en", "uk"):
        expected = [argos_translate(text, "de", target) for text in texts]
        assert backend.translate(texts, "de", target) == expected


def test_german_pivots_through_english(install, backend):
    install(("de", "en"), ("en", "uk"))

    assert Pair("de", "uk", via="en") in backend.available_pairs()
    assert backend.can_translate("de", "uk")
    assert backend.translate(["Hallo Welt", "Willkommen"], "de", "uk") == [
        "Привіт світ",
        "Ласкаво просимо",
    ]
    assert backend.model_version("de", "uk") == "de→en 0.0-tiny · en→uk 0.0-tiny"


def test_available_pairs_are_the_direct_ones_and_the_pivots(install, backend):
    install(("de", "en"), ("en", "uk"), ("en", "ar"))

    assert backend.available_pairs() == [
        Pair("de", "en"),
        Pair("en", "ar"),
        Pair("en", "uk"),
        Pair("de", "ar", via="en"),
        Pair("de", "uk", via="en"),
    ]


def test_a_missing_pair_is_unavailable(install, backend):
    install(("de", "en"))

    assert not backend.can_translate("de", "uk")
    assert not backend.can_translate("en", "de")
    with pytest.raises(TranslationUnavailable):
        backend.translate(["Hallo"], "de", "uk")
    assert backend.model_version("de", "uk") == ""


def test_without_any_model_nothing_is_available(packages_dir, backend):
    assert backend.available_pairs() == []
    with pytest.raises(TranslationUnavailable):
        backend.translate(["Hallo"], "de", "en")


@pytest.mark.parametrize(
    "text",
    [
        "Kosten: 3,50 € am 12.03.2026 um 9.30 Uhr, Raum 2.14",
        "Schreiben Sie an info@landkreis-harburg.de sowie https://example.org/a?b=1&c=2",
        "Zyxwv Quarkbrötchen Straße",
        "Hallowelt Deutschland Kursleiter Weltall",
        "مرحبا بكم في الدورة",
        "Привіт, як справи? Дякую.",
        "日本語のテキスト 👋 ✓ ½ ² ﬁ",
        "Tab\tand  two spaces   three",
        "«Anführung» „Zitat“ (Klammer) [eckig] {geschweift} <spitz>",
    ],
)
def test_numbers_addresses_unknown_words_and_any_unicode_pass_through(install, backend, text):
    install(("de", "en"), ("en", "uk"))

    assert backend.translate([text], "de", "en") == [text]
    assert backend.translate([text], "de", "uk") == [text]


def test_placeholders_around_known_words_stay(install, backend):
    install(("de", "en"), ("en", "uk"))

    assert backend.translate(["⟦1⟧ Hallo ⟦2⟧ Welt ⟦3⟧"], "de", "en") == ["⟦1⟧ Hello ⟦2⟧ world ⟦3⟧"]
    assert backend.translate(["⟦1⟧ Hallo ⟦2⟧"], "de", "uk") == ["⟦1⟧ Привіт ⟦2⟧"]


def test_underscores_come_out_as_spaces(install, backend):
    """argostranslate's decoder turns "_" into " " (docs/decisions.md): placeholders must
    not use underscores."""
    install(("de", "en"))

    assert backend.translate(["a_b"], "de", "en") == ["a b"]


def test_each_model_is_loaded_once_per_process(install, backend, monkeypatch):
    import ctranslate2

    install(("de", "en"), ("en", "uk"))
    loaded = []
    real_translator = ctranslate2.Translator

    def counting_translator(path, *args, **kwargs):
        loaded.append(path)
        return real_translator(path, *args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", counting_translator)

    backend.translate(["Hallo"], "de", "uk")
    backend.translate(["Welt"], "de", "uk")
    ArgosBackend().translate(["Kurs"], "de", "en")  # de→en is the pivot's first model
    assert len(loaded) == 2
    assert {p.split("/")[-2] for p in loaded} == {"tiny-de_en", "tiny-en_uk"}

    argos_reset()
    backend.translate(["Hallo"], "de", "en")
    assert len(loaded) == 3


def test_the_pivot_into_english_is_translated_once_for_all_languages(install, backend, monkeypatch):
    """The jobs of one page into Ukrainian and Arabic both go through English: the
    German→English pass is made once in a worker process, the second job reuses it."""
    from translations import argos

    install(("de", "en"), ("en", "uk"), ("en", "ar"))
    passes = []
    real = argos._Model.translate

    def counting(model, texts):
        passes.append((model.label, list(texts)))
        return real(model, texts)

    monkeypatch.setattr(argos._Model, "translate", counting)
    assert backend.translate(["Hallo Welt", "Kurs"], "de", "uk") == ["Привіт світ", "курс"]
    assert backend.translate(["Hallo Welt", "Danke"], "de", "ar")[0] == "مرحبا العالم"
    assert passes == [
        ("de→en", ["Hallo Welt", "Kurs"]),
        ("en→uk", ["Hello world", "course"]),
        ("de→en", ["Danke"]),  # only what the first job did not have
        ("en→ar", ["Hello world", "Thank you"]),
    ]


def test_no_download_when_a_package_has_no_sentence_splitter(install, backend, no_network):
    """A package without minisbd/*.onnx would make argostranslate download one while
    translating: the backend refuses instead, and says what to run."""
    install(("de", "en"))
    (package,) = [path for *_rest, path in installed_packages()]
    shutil.rmtree(package / "minisbd")
    argos_reset()

    with pytest.raises(TranslationUnavailable, match="translation_models install"):
        backend.translate(["Hallo"], "de", "en")
    assert no_network == []


def test_settings_reach_argostranslate_and_it_logs_no_texts(install, settings, caplog):
    install(("de", "en"))
    settings.ARGOS_INTRA_THREADS = 1
    settings.ARGOS_BATCH_SIZE = 77

    ArgosBackend().translate(["Hallo geheimer Text"], "de", "en")
    s = argos_modules().settings
    assert (s.intra_threads, s.batch_size) == (1, 77)
    assert s.chunk_type == s.ChunkType.MINISBD
    assert s.package_dirs == [settings.ARGOS_PACKAGES_DIR.resolve()]
    assert s.data_dir.is_relative_to(settings.ARGOS_PACKAGES_DIR.parent.resolve())
    assert "geheimer" not in caplog.text
    assert [r.getMessage() for r in caplog.records if r.name.startswith("argostranslate")] == []


# --- the tiny models ---------------------------------------------------------------------


def test_a_tiny_package_builds_fast_and_says_what_it_is(tmp_path):
    started = time.perf_counter()
    path = tiny.build_tiny_package("de", "en", tmp_path)
    assert time.perf_counter() - started < 1.0

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        metadata = json.loads(zf.read("tiny-de_en/metadata.json"))
    assert {"tiny-de_en/sentencepiece.model", "tiny-de_en/minisbd/de.onnx"} <= names
    assert "tiny-de_en/model/model.bin" in names
    assert "not a language model" in metadata["package_name"]
    assert tiny.is_tiny_metadata(metadata)
    assert (metadata["from_code"], metadata["to_code"]) == ("de", "en")


def test_a_tiny_package_takes_its_own_word_table(install, tmp_path, backend):
    path = tiny.build_tiny_package("de", "tr", tmp_path, words={"Hallo": "Merhaba"}, version="0.2")
    argos_modules().package.install_from_path(path)
    argos_reset()

    assert backend.translate(["Hallo Welt"], "de", "tr") == ["Merhaba Welt"]
    assert backend.model_version("de", "tr") == "de→tr 0.2"
    with pytest.raises(ValueError):
        tiny.build_tiny_package("de", "tr", tmp_path, words={"zwei Wörter": "two"})


def test_the_bundled_sentence_splitter_splits_at_sentence_ends_only(tmp_path):
    from minisbd import SBDetect

    model = tmp_path / "de.onnx"
    model.write_bytes(tiny.sentence_splitter_onnx("de"))
    detector = SBDetect(str(model), use_gpu=False)

    assert detector.sentences("Hallo Welt. Wie geht es? Gut! Es kostet 3.50 Euro. Ende") == [
        "Hallo Welt.",
        "Wie geht es?",
        "Gut!",
        "Es kostet 3.50 Euro.",
        "Ende",
    ]
    assert detector.sentences("Mail an a.b@example.de. Danke") == [
        "Mail an a.b@example.de.",
        "Danke",
    ]


def test_the_position_code_tells_neighbours_apart():
    """The tiny decoder finds its source position by the position code: the right one
    must beat every other by a margin, for any distance the model can see."""
    code = tiny._position_code(1024)
    scores = code @ code[0]
    gap = scores[0] - scores[1:].max()
    assert gap * tiny._SHARPNESS > 25  # softmax weight of the rest below e^-25


# --- the management command -----------------------------------------------------------------


def _names(packages):
    return sorted(f"{s}→{t}" for s, t, _version, _path in packages)


def test_install_from_a_folder_takes_only_the_needed_pairs(packages_dir, tiny_dir, backend):
    with translation.override("en"):
        call_command(
            "translation_models", "install", "de", "en", "uk", "ar", "--from", str(tiny_dir)
        )

    assert _names(installed_packages()) == ["de→en", "en→ar", "en→uk"]
    assert backend.translate(["Hallo Welt"], "de", "ar") == ["مرحبا العالم"]


def test_install_is_idempotent(packages_dir, tiny_dir, capsys):
    args = ("translation_models", "install", "de", "en", "uk", "--from", str(tiny_dir))
    with translation.override("en"):
        call_command(*args)
        first = installed_packages()
        call_command(*args)

    assert installed_packages() == first
    out = capsys.readouterr().out
    assert out.count("Schon installiert") == 2
    assert "de→uk: Hallo Welt. → Привіт світ." in out


def test_install_names_the_pairs_the_folder_lacks(packages_dir, tmp_path, tiny_dir):
    folder = tmp_path / "partial"
    folder.mkdir()
    (folder / "tiny-de_en.argosmodel").write_bytes(
        (tiny_dir / "tiny-de_en.argosmodel").read_bytes()
    )

    with pytest.raises(CommandError, match="en→tr"):
        call_command("translation_models", "install", "de", "en", "tr", "--from", str(folder))
    assert _names(installed_packages()) == ["de→en"]  # what was there is installed


def test_install_takes_a_direct_model_where_the_folder_has_one(packages_dir, tmp_path, tiny_dir):
    folder = tmp_path / "direct"
    folder.mkdir()
    shutil.copy(tiny_dir / "tiny-de_en.argosmodel", folder)
    tiny.build_tiny_package("de", "tr", folder, words={"Hallo": "Merhaba", "Welt": "dünya"})

    call_command("translation_models", "install", "de", "en", "tr", "--from", str(folder))

    assert _names(installed_packages()) == ["de→en", "de→tr"]
    assert ArgosBackend().model_version("de", "tr") == "de→tr 0.0-tiny"


def test_install_without_network_or_folder_says_how_to_install_offline(packages_dir, no_network):
    with translation.override("en"), pytest.raises(CommandError, match="--from"):
        call_command("translation_models", "install", "de", "en")

    assert no_network[0][0] == "raw.githubusercontent.com"  # it asked the package index
    no_network.clear()


def test_install_refuses_what_is_not_a_language_code(packages_dir, tiny_dir):
    with pytest.raises(CommandError, match="Deutsch"):
        call_command("translation_models", "install", "Deutsch", "--from", str(tiny_dir))


def test_status_names_the_installed_pairs_and_the_languages_without_a_model(
    install, capsys, settings
):
    settings.MODELTRANSLATION_LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
    install(("de", "en"), ("en", "uk"))

    with translation.override("en"):
        call_command("translation_models", "status")

    out = capsys.readouterr().out
    assert "de→en 0.0-tiny" in out
    assert "en→uk 0.0-tiny" in out
    assert "de→uk (via en)" in out
    assert "Mini-Demo-Modell" in out
    (missing_line,) = [line for line in out.splitlines() if "Nicht maschinell übersetzbar" in line]
    assert missing_line.endswith(": ar, fa, ru, tr")


def test_demo_installs_tiny_models_for_every_published_language(packages_dir, capsys, settings):
    settings.MODELTRANSLATION_LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
    with translation.override("en"):
        call_command("translation_models", "demo")
        call_command("translation_models", "demo")  # idempotent
        call_command("translation_models", "status")

    out = capsys.readouterr().out
    assert "Mini-Demo-Modelle, keine echten Übersetzungen" in out
    assert _names(installed_packages()) == ["de→en", "en→ar", "en→fa", "en→ru", "en→tr", "en→uk"]
    assert "Jede veröffentlichte Sprache ist aus de maschinell übersetzbar." in out
    backend = ArgosBackend()
    assert backend.translate(["Hallo Welt"], "de", "fa") == ["سلام جهان"]
    assert backend.translate(["Hallo Welt"], "de", "tr") == ["Merhaba dünya"]


def _real_package(folder, source, target, words, version):
    """A tiny package without the tiny marker: it stands for a real model."""
    path = tiny.build_tiny_package(source, target, folder / "build", words=words, version=version)
    with zipfile.ZipFile(path) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    old_name, new_name = f"tiny-{source}_{target}", f"translate-{source}_{target}-{version}"
    metadata = json.loads(files[f"{old_name}/metadata.json"])
    del metadata[tiny.TINY_MARKER]
    files[f"{old_name}/metadata.json"] = json.dumps(metadata).encode()
    real = folder / f"{new_name}.argosmodel"
    with zipfile.ZipFile(real, "w") as zf:
        for name, data in files.items():
            zf.writestr(name.replace(old_name, new_name), data)
    return real


def test_demo_leaves_a_real_model_alone(packages_dir, tmp_path, capsys):
    """A real model is never replaced by a tiny one: de→en stays the real one."""
    real = _real_package(tmp_path, "de", "en", {"Hallo": "Hi", "Welt": "world"}, "1.9")
    argos_modules().package.install_from_path(real)
    argos_reset()

    with translation.override("en"):
        call_command("translation_models", "demo")

    assert ("de", "en", "1.9") in [(s, t, v) for s, t, v, _p in installed_packages()]
    assert ArgosBackend().translate(["Hallo Welt"], "de", "uk") == ["Hi світ"]
    assert "de→en: Ein echtes Modell ist installiert" in capsys.readouterr().out


def test_a_fresh_process_keeps_argostranslate_out_of_home(tmp_path):
    """argostranslate creates its folders when first imported: in a new process they go
    under the packages folder's parent, not $HOME, and stanza is a stand-in."""
    home = tmp_path / "home"
    home.mkdir()
    packages = tmp_path / "var" / "argos" / "packages"
    code = (
        "import os, sys\n"
        "from translations.argos import ArgosBackend\n"
        "assert ArgosBackend().available_pairs() == []\n"
        "print(sys.modules['stanza'].__dict__.get('__file__'), os.environ.get('XDG_DATA_HOME'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_"))}
    env.update(
        HOME=str(home),
        ARGOS_PACKAGES_DIR=str(packages),
        DJANGO_SETTINGS_MODULE="config.settings.test",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "None"]  # a stand-in stanza; XDG_* restored
    assert list(home.iterdir()) == []
    assert packages.is_dir()
    assert (tmp_path / "var" / "argos" / "data" / "argos-translate").is_dir()


def test_install_from_a_folder_without_packages_says_so(packages_dir, tmp_path):
    (tmp_path / "broken.argosmodel").write_text("not a zip")

    with pytest.raises(CommandError, match="broken.argosmodel"):
        call_command("translation_models", "install", "--from", str(tmp_path))
    with pytest.raises(CommandError, match="nowhere"):
        call_command("translation_models", "install", "--from", str(tmp_path / "nowhere"))


def test_install_from_the_package_index_replaces_tiny_models(
    packages_dir, tmp_path, monkeypatch, capsys
):
    """The index and the downloads are stand-ins (no network here); the rest is
    argostranslate's: its index file, AvailablePackage, install_from_path, uninstall."""
    package = argos_modules().package
    offered = {
        ("de", "en"): _real_package(tmp_path, "de", "en", {"Hallo": "Hi"}, "1.9"),
        ("en", "uk"): _real_package(tmp_path, "en", "uk", {"Hi": "Вітаю"}, "1.4"),
        ("en", "fr"): _real_package(tmp_path, "en", "fr", {}, "1.0"),
    }
    index = [
        {"type": "translate", "from_code": s, "to_code": t, "package_version": path.stem[-3:]}
        | {"from_name": s, "to_name": t, "links": [str(path)]}
        for (s, t), path in offered.items()
    ]

    def update_package_index():
        argos_modules().settings.local_package_index.write_text(json.dumps(index))

    def download(available):
        copy = argos_modules().settings.downloads_dir / Path(available.links[0]).name
        shutil.copy(available.links[0], copy)
        return copy

    monkeypatch.setattr(package, "update_package_index", update_package_index)
    monkeypatch.setattr(package.AvailablePackage, "download", download)
    with translation.override("en"):
        call_command("translation_models", "demo")
        call_command("translation_models", "install", "de", "en", "uk")

    versions = {(s, t): v for s, t, v, _p in installed_packages()}
    assert versions[("de", "en")] == "1.9"
    assert versions[("en", "uk")] == "1.4"
    assert ("en", "fr") not in versions
    assert versions[("en", "ar")] == "0.0-tiny"  # not asked for: the demo model stays
    assert ArgosBackend().translate(["Hallo Welt"], "de", "uk") == ["Вітаю Welt"]
    assert list(argos_modules().settings.downloads_dir.iterdir()) == []
