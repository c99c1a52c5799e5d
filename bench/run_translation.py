"""Benchmark of machine translation: the demo site through the pipeline, against
argostranslate called directly on the same texts; the worker's memory; CTranslate2's
speed on this CPU. See bench/translation.md.

Run it through bench/run_translation.sh, which loads the demo site into a throwaway
SQLite database, builds the models into its temporary folder, installs them there and
then calls this script without `--phase`. Without `--phase` the script is the
orchestrator: it runs each measurement in a fresh process (`--phase ...`, on a fresh copy
of the loaded database, so that memory and loaded models do not carry over), collects
their JSON and prints the tables as markdown on stdout; progress goes to stderr.

Phases:

- `pipeline`: `page_translate(page, language, overwrite_reviewed=True)` for every page
  of the demo site and every language asked for, as a worker runs a job; wall time per
  page-language, the time spent in the backend's `translate` (the model), and exclusive
  times and queries of the other steps (protection, segments, page_apply, save_revision,
  publish with its signal handlers). Right after each page-language, the reference: the
  texts the backend has just received, per text, through
  `argostranslate.translate.get_translation_from_codes("de", language).translate(text)`
  (argostranslate's own translation objects with their own copies of the models,
  configured as the project configures it in translations.argos: threads, batch size, packages
  folder; loaded before timing). Interleaved, so that load from other processes on the
  machine hits the pipeline and its reference alike. Optionally a second pass without
  overwrite (the translation memory supplies reviewed segments).
- `memory`: VmRSS/VmHWM of a process after Django's set-up, after importing
  argostranslate, after loading and using de→ar (two models), and after all six
  target languages (six models).
- `speed`: CTranslate2 alone on the demo's sentences with the copy model of real size
  (bench/translation_model.py): sentences per second at 1 and 2 threads, beam 4 and 1,
  32k and 50k vocabulary; the configurations take turns page by page.
- `build-tiny`, `build-copy`: write the `.argosmodel` files (called by the shell script).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LANGUAGES = ["en", "ar", "fa", "uk", "ru", "tr"]
PAIRS = [("de", "en")] + [("en", code) for code in LANGUAGES if code != "en"]
PAGE_SENTENCES = 40  # the "real page" of the estimate, and the chunk size of `speed`
LONG_SENTENCE_WORDS = 15  # a sentence of running text, for the second estimate


def log(*args) -> None:
    print("--", *args, file=sys.stderr, flush=True)


def proc_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process in kB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def django_setup() -> None:
    for path in (str(ROOT), str(BENCH)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Profile:
    """Exclusive wall time and database queries per name: what a wrapped function took
    minus what other wrapped functions it called took (publish calls page_source_hashes
    through its signal handler, translate_protected calls the backend)."""

    def __init__(self, queries):
        self.queries = queries  # () -> queries so far
        self.totals: dict[str, float] = defaultdict(float)
        self.query_totals: dict[str, int] = defaultdict(int)
        self.stack: list[list] = []

    def clear(self) -> None:
        self.totals.clear()
        self.query_totals.clear()

    def wrap(self, name: str, function):
        def wrapper(*args, **kwargs):
            self.stack.append([0.0, 0])
            start, queries = time.perf_counter(), self.queries()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed, count = time.perf_counter() - start, self.queries() - queries
                child_time, child_queries = self.stack.pop()
                self.totals[name] += elapsed - child_time
                self.query_totals[name] += count - child_queries
                if self.stack:
                    self.stack[-1][0] += elapsed
                    self.stack[-1][1] += count

        return wrapper


# --- phases that run inside Django -------------------------------------------------------


def phase_pipeline(args) -> dict:
    django_setup()
    from django.conf import settings
    from django.db import connection
    from wagtail.models import Page, Revision

    from translations import services
    from translations.argos import argos_modules
    from translations.backends import get_backend

    languages = args.languages.split(",")
    backend = get_backend()
    if backend.name != "argos":
        raise SystemExit(f"PORTAL_TRANSLATION_BACKEND is {settings.PORTAL_TRANSLATION_BACKEND}")
    argos = argos_modules()
    pages = list(Page.objects.filter(depth__gte=2).order_by("path"))
    if args.pages:
        pages = pages[:: max(1, len(pages) // args.pages)][: args.pages]
    log(f"pipeline: {len(pages)} pages × {languages}, models in {settings.ARGOS_PACKAGES_DIR}")

    # Models loaded and used once before timing, as in a worker that has run a job.
    for language in languages:
        backend.prepare(services.SOURCE, language)
        backend.translate(["Hallo Welt. Das ist ein Test."], services.SOURCE, language)

    queries = [0]
    profile = Profile(lambda: queries[0])
    calls: list[dict] = []
    current: dict = {}
    translate = backend.translate

    def translate_recorded(texts, source, target):
        out = translate(texts, source, target)
        calls.append({**current, "texts": list(texts), "out": out})
        return out

    backend.translate = profile.wrap("model (backend.translate)", translate_recorded)
    services.translate_protected = profile.wrap("protect and restore", services.translate_protected)
    services.page_segments = profile.wrap("segments and hashes", services.page_segments)
    services.page_source_hashes = profile.wrap("segments and hashes", services.page_source_hashes)
    services.page_apply = profile.wrap("page_apply (fields, slug)", services.page_apply)
    services.glossary_entries = profile.wrap("glossary", services.glossary_entries)
    Page.save_revision = profile.wrap("save_revision", Page.save_revision)
    Revision.publish = profile.wrap("publish (incl. signal handlers)", Revision.publish)

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    # The reference: argostranslate's own translation objects (their own copies of the
    # models), loaded and used once before timing.
    direct = {code: argos.translate.get_translation_from_codes("de", code) for code in languages}
    for translation in direct.values():
        translation.translate("Hallo Welt. Das ist ein Test.")

    def run_direct(new_calls: list[dict]) -> tuple[float, int, int]:
        """The texts the backend just received, per text through argostranslate."""
        start = time.perf_counter()
        outputs = [
            direct[call["language"]].translate(text) for call in new_calls for text in call["texts"]
        ]
        seconds = time.perf_counter() - start
        expected = [text for call in new_calls for text in call["out"]]
        return seconds, len(expected), sum(a == b for a, b in zip(outputs, expected, strict=True))

    def run_pass(overwrite: bool, with_direct: bool) -> dict:
        profile.clear()
        calls.clear()
        rows, direct_rows, texts, same = [], [], 0, 0
        queries_before = queries[0]
        direct_seconds = 0.0
        start = time.perf_counter()
        with connection.execute_wrapper(count):
            for page in pages:
                for language in languages:
                    current.update(page=page.pk, language=language)
                    before, model_before = queries[0], profile.totals["model (backend.translate)"]
                    t0 = time.perf_counter()
                    result = services.page_translate(page, language, overwrite_reviewed=overwrite)
                    seconds = time.perf_counter() - t0
                    rows.append(
                        {
                            "page": page.pk,
                            "title": page.title,
                            "type": type(page.specific_deferred).__name__,
                            "language": language,
                            "seconds": seconds,
                            "model": profile.totals["model (backend.translate)"] - model_before,
                            "queries": queries[0] - before,
                            "from_machine": result.from_machine,
                            "from_memory": result.from_memory,
                            "problems": sum(len(v) for v in result.problems.values()),
                            "published": result.published,
                        }
                    )
                    if with_direct:
                        # Right after the pipeline's run of the same texts: load from other
                        # processes hits both alike.
                        new_calls = [c for c in calls if "direct" not in c]
                        for call in new_calls:
                            call["direct"] = True
                        elapsed, n, equal = run_direct(new_calls)
                        direct_rows.append({"page": page.pk, "language": language,
                                            "seconds": elapsed})  # fmt: skip
                        direct_seconds += elapsed
                        texts, same = texts + n, same + equal
        seconds = time.perf_counter() - start - direct_seconds
        return {
            "overwrite_reviewed": overwrite,
            "seconds": seconds,
            "direct": {
                "seconds": direct_seconds,
                "rows": direct_rows,
                "texts": texts,
                "identical_outputs": same,
            },
            "rows": rows,
            "profile": dict(profile.totals),
            "profile_queries": dict(profile.query_totals),
            "queries": queries[0] - queries_before,
            "calls": [dict(c) for c in calls],
        }

    log("pipeline: first pass (overwrite_reviewed=True)")
    first = run_pass(True, with_direct=True)
    Path(args.calls).write_text(json.dumps(first.pop("calls"), ensure_ascii=False))
    result = {
        "languages": languages,
        "pages": len(pages),
        "first": first,
        "settings": {
            "ARGOS_INTRA_THREADS": settings.ARGOS_INTRA_THREADS,
            "ARGOS_BATCH_SIZE": settings.ARGOS_BATCH_SIZE,
            "beam_size": argos.settings.beam_size,
            "compute_type": argos.settings.compute_type,
            "PORTAL_PUBLISH_MACHINE_TRANSLATION": settings.PORTAL_PUBLISH_MACHINE_TRANSLATION,
            "DEBUG": settings.DEBUG,
        },
        "segments": _segment_facts(pages),
    }
    if args.second_pass:
        log("pipeline: second pass (overwrite_reviewed=False, states are machine now)")
        second = run_pass(False, with_direct=False)
        second.pop("calls")
        result["second"] = second
    return result


def _segment_facts(pages) -> dict:
    from translations.segments import page_segments

    segments = [s for page in pages for s in page_segments(page.specific, "de")]
    return {
        "segments": len(segments),
        "html_segments": sum(s.html for s in segments),
        "chars": sum(len(s.text) for s in segments),
        "words": sum(len(s.text.split()) for s in segments),
    }


def phase_memory(args) -> dict:
    steps = [("Python started, nothing imported", proc_status())]
    django_setup()
    from wagtail.models import Page

    import translations.services  # noqa: F401  (what a worker imports for a job)
    from translations.segments import page_segments

    steps.append(("Django set up (all apps), translations.services imported", proc_status()))
    from translations.argos import ArgosBackend, argos_modules

    argos_modules()
    steps.append(("argostranslate imported and configured", proc_status()))
    page = max(
        (p.specific for p in Page.objects.filter(depth__gte=2)),
        key=lambda p: len(page_segments(p, "de")),
    )
    texts = [s.text for s in page_segments(page, "de")]
    backend = ArgosBackend()
    backend.prepare("de", "ar")
    steps.append(("de→ar: 2 models loaded (de→en, en→ar)", proc_status()))
    backend.translate(texts, "de", "ar")
    steps.append(("de→ar: the page translated", proc_status()))
    others = [code for code in LANGUAGES if code != "ar"]
    for code in others:
        backend.prepare("de", code)
    steps.append(("all six languages: 6 models loaded", proc_status()))
    for code in others:
        backend.translate(texts, "de", code)
    steps.append(("all six languages: the page translated into each", proc_status()))
    return {"steps": steps, "page": page.title, "segments": len(texts)}


def phase_speed(args) -> dict:
    """CTranslate2 alone, on the demo's sentences (as the splitter cuts them and the
    tokenizer splits them), in chunks of PAGE_SENTENCES sentences (one page per call)."""
    django_setup()
    import ctranslate2

    from translations.argos import argos_modules

    argos = argos_modules()
    calls = json.loads(Path(args.calls).read_text())
    language = calls[0]["language"]
    package_translation = argos.translate.get_translation_from_codes("de", "en").underlying
    pkg, splitter = package_translation.pkg, package_translation.sentencizer
    sentences = []
    for call in calls:
        if call["language"] != language:
            continue
        for text in call["texts"]:
            for paragraph in argos.translate.ITranslation.split_into_paragraphs(text):
                if paragraph.strip():
                    sentences += splitter.split_sentences(paragraph)
    tokens = [pkg.tokenizer.encode(sentence) for sentence in sentences]
    step = max(1, len(tokens) // args.sample)
    sample = tokens[::step][: args.sample]
    facts = {
        "sentences": len(sentences),
        "tokens": sum(map(len, tokens)),
        "words": sum(len(s.split()) for s in sentences),
        "chars": sum(map(len, sentences)),
        "sample": len(sample),
        "sample_tokens": sum(map(len, sample)),
        "batch_size": argos.settings.batch_size,
    }
    log(f"speed: {len(sentences)} sentences, sample {len(sample)}")
    model_dirs = {"32k": pkg.package_path / "model"}
    if args.vocab_50k:
        model_dirs["50k"] = Path(args.vocab_50k)
    configs = [("32k", 1, 4), ("32k", 2, 4), ("32k", 1, 1)]
    configs += [("50k", 1, 4)] if args.vocab_50k else []
    translators = {
        (vocab, threads, beam): ctranslate2.Translator(
            str(model_dirs[vocab]),
            device="cpu",
            inter_threads=1,
            intra_threads=threads,
            compute_type=argos.settings.compute_type,
        )
        for vocab, threads, beam in configs
    }

    def options(beam: int) -> dict:
        return {
            "max_batch_size": argos.settings.batch_size,
            "batch_type": "tokens",
            "beam_size": beam,
            "num_hypotheses": 1,
            "length_penalty": 0.2,
            "replace_unknowns": True,
        }

    for (_vocab, _threads, beam), translator in translators.items():  # warm-up
        translator.translate_batch(sample[:PAGE_SENTENCES], **options(beam))
    # The configurations take turns page by page, so that load from other processes
    # hits them alike.
    seconds, out_tokens, copied = defaultdict(float), defaultdict(int), defaultdict(int)
    for i in range(0, len(sample), PAGE_SENTENCES):
        chunk = sample[i : i + PAGE_SENTENCES]
        for config, translator in translators.items():
            start = time.perf_counter()
            results = translator.translate_batch(chunk, **options(config[2]))
            seconds[config] += time.perf_counter() - start
            for source, result in zip(chunk, results, strict=True):
                out_tokens[config] += len(result.hypotheses[0])
                copied[config] += result.hypotheses[0] == source
    runs = []
    for config in configs:
        vocab, threads, beam = config
        runs.append(
            {
                "vocab": vocab,
                "threads": threads,
                "beam": beam,
                "seconds": seconds[config],
                "sentences_per_s": len(sample) / seconds[config],
                "tokens_per_s": out_tokens[config] / seconds[config],
                "copied": copied[config],
            }
        )
        log(f"speed: {vocab} threads={threads} beam={beam}: {runs[-1]['sentences_per_s']:.1f}/s")
    return {"facts": facts, "runs": runs}


def phase_build_tiny(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from translations.tiny import build_tiny_package

    paths = [build_tiny_package(s, t, args.dir) for s, t in PAIRS]
    return {"files": [p.name for p in paths], "bytes": sum(p.stat().st_size for p in paths)}


def phase_build_copy(args) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(BENCH))
    import sentencepiece as spm
    import translation_model

    start = time.perf_counter()
    info = translation_model.build_copy_packages(PAIRS, Path(args.dir))
    sp = spm.SentencePieceProcessor(model_proto=info["sp_model"])
    german = translation_model.demo_texts(("de",))
    tokens = sum(len(sp.encode(line)) for line in german)
    result = {
        "seconds": time.perf_counter() - start,
        "model_bytes": info["model_bytes"],
        "pieces": sp.get_piece_size(),
        "chars_per_token": sum(map(len, german)) / tokens,
        "tokens_per_word": tokens / sum(len(line.split()) for line in german),
    }
    if args.vocab_50k:
        model = translation_model.build_copy_model(
            Path(args.vocab_50k), info["sp_model"], vocab_size=50000
        )
        result["model_bytes_50k"] = sum(f.stat().st_size for f in model.iterdir())
        result["vocab_50k_dir"] = str(model)
    return result


PHASES = {
    "pipeline": phase_pipeline,
    "memory": phase_memory,
    "speed": phase_speed,
    "build-tiny": phase_build_tiny,
    "build-copy": phase_build_copy,
}


# --- the orchestrator ----------------------------------------------------------------------


class Runner:
    """Runs phases in fresh processes, each on a fresh copy of the loaded database."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.pristine = tmp / "pristine.sqlite3"
        self.count = 0

    def __call__(self, phase: str, models: str, *extra: str) -> dict:
        self.count += 1
        work = self.tmp / f"run{self.count}"
        work.mkdir()
        shutil.copyfile(self.pristine, work / "db.sqlite3")
        out = work / "result.json"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "ARGOS_PACKAGES_DIR": str(self.tmp / f"argos-{models}" / "packages"),
        }
        command = [sys.executable, str(Path(__file__)), "--phase", phase, "--out", str(out)]
        started = time.perf_counter()
        subprocess.run([*command, *extra], env=env, check=True)  # noqa: S603 (our own script)
        log(f"{phase} ({models}) took {time.perf_counter() - started:.0f} s")
        return json.loads(out.read_text())


def orchestrate(args) -> None:
    tmp = Path(os.environ["BENCH_TMP"])
    run = Runner(tmp)
    load_before = os.getloadavg()
    started = time.perf_counter()
    results: dict = {"built": {"tiny": json.loads((tmp / "built-tiny.json").read_text())}}
    if (tmp / "built-copy.json").exists():
        results["built"]["copy"] = json.loads((tmp / "built-copy.json").read_text())
    elif not args.skip_real:
        raise SystemExit("no copy model was built: run through run_translation.sh")

    pages = ["--pages", str(args.pages)]
    results["tiny"] = run("pipeline", "tiny", "--languages", ",".join(LANGUAGES), "--calls",
                          str(tmp / "calls-tiny.json"), *pages)  # fmt: skip
    results["tiny_direct"] = results["tiny"]["first"].pop("direct")
    if not args.skip_real:
        calls = str(tmp / "calls-copy.json")
        extra = ["--second-pass"] if args.second_pass else []
        results["copy"] = run("pipeline", "copy", "--languages", args.real_languages,
                              "--calls", calls, *pages, *extra)  # fmt: skip
        results["copy_direct"] = results["copy"]["first"].pop("direct")
    results["memory_tiny"] = run("memory", "tiny")
    if not args.skip_real:
        results["memory_copy"] = run("memory", "copy")
        vocab_50k = results["built"].get("copy", {}).get("vocab_50k_dir", "")
        results["speed"] = run("speed", "copy", "--calls", calls, "--sample", str(args.sample),
                               *(["--vocab-50k", vocab_50k] if vocab_50k else []))  # fmt: skip
    results["load"] = (load_before, os.getloadavg())
    results["wall"] = time.perf_counter() - started
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(render(results))


# --- markdown ----------------------------------------------------------------------------


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    for name in ("Django", "wagtail", "argostranslate", "ctranslate2", "sentencepiece"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return ", ".join(parts)


def _commit() -> str:
    try:
        head = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + (" (working tree with uncommitted changes)" if dirty else "")


def _table(header: list[str], rows: list[list]) -> str:
    aligns = ["---" if i == 0 else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _passes(language: str) -> int:
    return 1 if language == "en" else 2


def _pipeline_tables(label: str, data: dict, direct: dict | None) -> list[str]:
    out = []
    first = data["first"]
    rows = first["rows"]
    times = [r["seconds"] for r in rows]
    model = first["profile"].get("model (backend.translate)", 0.0)
    segments = data["segments"]
    out.append(
        f"{data['pages']} pages × {len(data['languages'])} languages "
        f"({', '.join(data['languages'])}) = {len(rows)} page-languages; German source: "
        f"{segments['segments']} segments ({segments['html_segments']} rich text paragraphs), "
        f"{segments['words']} words, {segments['chars']} characters per language. "
        f"Through the model: {sum(r['from_machine'] for r in rows)} segments, from memory "
        f"{sum(r['from_memory'] for r in rows)}; protected items lost: "
        f"{sum(r['problems'] for r in rows)}; published: "
        f"{sum(r['published'] for r in rows)} of {len(rows)}."
    )
    out.append("")
    out.append(
        _table(
            [
                "",
                "total s",
                "per page-language: median ms",
                "p90 ms",
                "max ms",
                "DB queries (median)",
                "model s",
                "rest s",
            ],
            [
                [
                    label,
                    f"{first['seconds']:.1f}",
                    _ms(statistics.median(times)),
                    _ms(quantile(times, 0.9)),
                    _ms(max(times)),
                    f"{statistics.median(r['queries'] for r in rows):.0f}",
                    f"{model:.1f}",
                    f"{first['seconds'] - model:.1f}",
                ]
            ],
        )
    )
    out.append("")
    by_language = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    direct_by_language = defaultdict(float)
    for row in (direct or {}).get("rows", []):
        direct_by_language[row["language"]] += row["seconds"]
    table = []
    for language, items in by_language.items():
        total = sum(r["seconds"] for r in items)
        model_s = sum(r["model"] for r in items)
        cells = [language, _passes(language), f"{total:.1f}",
                 _ms(statistics.median(r["seconds"] for r in items)), f"{model_s:.1f}",
                 f"{total - model_s:.1f}"]  # fmt: skip
        if direct:
            reference = direct_by_language[language]
            cells += [f"{reference:.1f}", f"{(total / reference - 1) * 100:+.0f} %"]
        table.append(cells)
    header = ["language", "model passes", "pipeline s", "median ms", "model s", "rest s"]
    if direct:
        header += ["argostranslate directly s", "overhead"]
    out.append(_table(header, table))
    out.append("")
    profile = first["profile"]
    profile_queries = first["profile_queries"]
    rest = first["seconds"] - sum(profile.values())
    rest_queries = first["queries"] - sum(profile_queries.values())
    rest_name = (
        "the rest of page_translate and the loop (page and state rows, memory lookup, transaction)"
    )
    parts = [(name, value, profile_queries.get(name, 0)) for name, value in profile.items()]
    parts = sorted(parts, key=lambda part: -part[1]) + [(rest_name, rest, rest_queries)]
    out.append(f"Where the pipeline's time went ({label}, exclusive wall time and queries):")
    out.append("")
    out.append(
        _table(
            ["step", "s", "share", "ms per page-language", "DB queries per page-language"],
            [
                [
                    name,
                    f"{value:.2f}",
                    f"{value / first['seconds'] * 100:.1f} %",
                    f"{value / len(rows) * 1000:.1f}",
                    f"{count / len(rows):.1f}",
                ]
                for name, value, count in parts
            ],
        )
    )
    return out


def _six_languages(data: dict, direct: dict) -> list:
    """All six languages from the copy model's en and ar figures: fa, uk, ru and tr run
    the same two models as ar (de→en, then the same copy model packaged as en→X)."""
    pipeline, model, reference = defaultdict(float), defaultdict(float), defaultdict(float)
    for row in data["first"]["rows"]:
        pipeline[row["language"]] += row["seconds"]
        model[row["language"]] += row["model"]
    for row in direct["rows"]:
        reference[row["language"]] += row["seconds"]

    def six(values):
        return values["en"] + 5 * values["ar"]

    n = data["pages"] * 6
    rest = six(pipeline) - six(model)
    return [
        "copy model, all six languages (en, and ar's figures × 5)",
        n,
        f"{six(reference):.1f}",
        f"{six(pipeline):.1f}",
        f"{(six(pipeline) / six(reference) - 1) * 100:+.1f} %",
        f"{six(model):.1f}",
        f"{rest:.1f}",
        f"{rest / n * 1000:.0f}",
        f"{rest / six(reference) * 100:.1f} %",
        "–",
    ]


def render(results: dict) -> str:
    built = results["built"]
    load_before, load_after = results["load"]
    tiny, tiny_direct = results["tiny"], results["tiny_direct"]
    settings = tiny["settings"]
    out = [
        "# Machine translation benchmark",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {os.cpu_count()} cores, {_cpu_model()}, {platform.system()} "
        f"{platform.release()}; load average (1/5/15 min) before "
        f"{' / '.join(f'{v:.2f}' for v in load_before)}, after "
        f"{' / '.join(f'{v:.2f}' for v in load_after)}",
        f"- {_versions()}",
        f"- commit: {_commit()}",
        "- settings: bench/translation_settings.py (config.settings.dev, "
        f"DEBUG={settings['DEBUG']}), "
        f"SQLite; ARGOS_INTRA_THREADS={settings['ARGOS_INTRA_THREADS']}, "
        f"ARGOS_BATCH_SIZE={settings['ARGOS_BATCH_SIZE']} (tokens), beam size "
        f"{settings['beam_size']} (argostranslate's default), compute type "
        f"{settings['compute_type']}, PORTAL_PUBLISH_MACHINE_TRANSLATION="
        f"{settings['PORTAL_PUBLISH_MACHINE_TRANSLATION']}",
        f"- measurements took {results['wall']:.0f} s (without set-up)",
        "",
        "## Models",
        "",
        f"- tiny (translations/tiny.py): {', '.join(built['tiny']['files'])}, "
        f"{built['tiny']['bytes'] / 1e3:.0f} kB zipped; one layer, characters as tokens.",
    ]
    copy_built = built.get("copy")
    if copy_built:
        out.append(
            f"- copy model of real size (bench/translation_model.py): 6+6 layers, 512 wide, "
            f"8 heads, feed-forward 2048, 32,000-entry vocabulary, int8: "
            f"{copy_built['model_bytes'] / 1e6:.1f} MB; built in {copy_built['seconds']:.1f} s, "
            f"packaged for {', '.join(f'{s}→{t}' for s, t in PAIRS)}. Tokenizer: "
            f"{copy_built['pieces']} sentencepiece pieces, "
            f"{copy_built['chars_per_token']:.2f} characters and "
            f"{copy_built['tokens_per_word']:.2f} tokens per word on the demo's German."
        )
    out += ["", "## 1. The demo site into all languages, tiny models", ""]
    out += _pipeline_tables("tiny models", tiny, tiny_direct)
    out += ["", "## 2. Overhead of the pipeline over argostranslate directly", ""]
    rows = []
    variants = [("tiny models", tiny, tiny_direct)]
    if "copy" in results:
        variants.append(("copy model of real size", results["copy"], results["copy_direct"]))
    for label, data, direct in variants:
        first = data["first"]
        model = first["profile"].get("model (backend.translate)", 0.0)
        n = len(first["rows"])
        overhead = (first["seconds"] / direct["seconds"] - 1) * 100
        rows.append(
            [f"{label} ({', '.join(data['languages'])})", n, f"{direct['seconds']:.1f}",
             f"{first['seconds']:.1f}", f"{overhead:+.1f} %",
             f"{model:.1f}", f"{first['seconds'] - model:.1f}",
             f"{(first['seconds'] - model) / n * 1000:.0f}",
             f"{(first['seconds'] - model) / direct['seconds'] * 100:.1f} %",
             f"{direct['identical_outputs']}/{direct['texts']}"]
        )  # fmt: skip
    if "copy" in results and {"en", "ar"} <= set(results["copy"]["languages"]):
        rows.append(_six_languages(results["copy"], results["copy_direct"]))
    out.append(
        _table(
            [
                "models (languages)",
                "page-languages",
                "argostranslate directly s (reference)",
                "pipeline s",
                "overhead (pipeline / direct − 1)",
                "pipeline: model s",
                "pipeline: rest s",
                "rest ms per page-language",
                "rest / direct",
                "identical outputs",
            ],
            rows,
        )
    )
    if "copy" in results:
        out += ["", "### The copy model of real size in the pipeline", ""]
        out += _pipeline_tables("copy model", results["copy"], results["copy_direct"])
        second = results["copy"].get("second")
        if second:
            first = results["copy"]["first"]
            rows2 = second["rows"]
            model2 = second["profile"].get("model (backend.translate)", 0.0)
            out += [
                "",
                "Second pass without overwrite (`overwrite_reviewed=False`; the states are "
                "machine now, so the translation memory of reviewed segments is used):",
                "",
                _table(
                    ["pass", "total s", "median ms", "segments from memory",
                     "segments through the model", "model s"],
                    [["first (overwrite_reviewed=True)", f"{first['seconds']:.1f}",
                      _ms(statistics.median(r["seconds"] for r in first["rows"])),
                      sum(r["from_memory"] for r in first["rows"]),
                      sum(r["from_machine"] for r in first["rows"]),
                      f"{first['profile'].get('model (backend.translate)', 0):.1f}"],
                     ["second (overwrite_reviewed=False)", f"{second['seconds']:.1f}",
                      _ms(statistics.median(r["seconds"] for r in rows2)),
                      sum(r["from_memory"] for r in rows2),
                      sum(r["from_machine"] for r in rows2), f"{model2:.1f}"]],
                ),
            ]  # fmt: skip
    out += ["", "## 3. Memory of a worker process (VmRSS)", ""]
    tiny_steps = results["memory_tiny"]["steps"]
    copy_steps = results.get("memory_copy", {}).get("steps")
    header = ["step", "tiny models: RSS MB"]
    if copy_steps:
        header.append("copy models of real size: RSS MB")
    table = []
    for i, (name, values) in enumerate(tiny_steps):
        cells = [name, f"{values['VmRSS'] / 1024:.0f}"]
        if copy_steps:
            cells.append(f"{copy_steps[i][1]['VmRSS'] / 1024:.0f}")
        table.append(cells)
    peak = ["peak (VmHWM)", f"{tiny_steps[-1][1]['VmHWM'] / 1024:.0f}"]
    if copy_steps:
        peak.append(f"{copy_steps[-1][1]['VmHWM'] / 1024:.0f}")
    table.append(peak)
    out.append(_table(header, table))
    out.append("")
    out.append(
        f'The page translated: "{results["memory_tiny"]["page"]}" '
        f"({results['memory_tiny']['segments']} segments), the demo page with the most."
    )
    if "speed" in results:
        out += _speed_tables(results)
    return "\n".join(out) + "\n"


def _speed_tables(results: dict) -> list[str]:
    speed = results["speed"]
    facts = speed["facts"]
    out = ["", "## 4. CTranslate2 on this CPU, copy model of real size", ""]
    out.append(
        f"The German texts of one language's pass: {facts['sentences']} sentences (as the "
        f"package's splitter cuts them), {facts['words']} words, {facts['tokens']} tokens: "
        f"{facts['tokens'] / facts['sentences']:.1f} tokens and "
        f"{facts['words'] / facts['sentences']:.1f} words per sentence. Measured on "
        f"{facts['sample']} of them (evenly spread, {facts['sample_tokens']} tokens), "
        f"{PAGE_SENTENCES} sentences per `translate_batch` call (a page), max_batch_size "
        f"{facts['batch_size']} tokens, length penalty 0.2 as argostranslate calls it; "
        "output = input (checked):"
    )
    out.append("")
    out.append(
        _table(
            [
                "vocabulary",
                "intra threads",
                "beam",
                "sentences/s",
                "tokens/s",
                "ms per sentence",
                "copied exactly",
            ],
            [
                [
                    r["vocab"],
                    r["threads"],
                    r["beam"],
                    f"{r['sentences_per_s']:.1f}",
                    f"{r['tokens_per_s']:.0f}",
                    f"{1000 / r['sentences_per_s']:.1f}",
                    f"{r['copied']}/{facts['sample']}",
                ]
                for r in speed["runs"]
            ],
        )
    )
    base = next(r for r in speed["runs"] if (r["vocab"], r["threads"], r["beam"]) == ("32k", 1, 4))
    rate = base["sentences_per_s"]
    copy = results["copy"]["first"]
    rest = (copy["seconds"] - copy["profile"].get("model (backend.translate)", 0.0)) / len(
        copy["rows"]
    )
    passes_now = sum(_passes(code) for code in LANGUAGES)
    passes_shared = 1 + len(LANGUAGES) - 1
    model_now = PAGE_SENTENCES * passes_now / rate
    model_shared = PAGE_SENTENCES * passes_shared / rate
    tokens_per_word = facts["tokens"] / facts["words"]
    long_tokens = LONG_SENTENCE_WORDS * tokens_per_word
    long_model = passes_now * PAGE_SENTENCES * long_tokens / base["tokens_per_s"]
    out += [
        "",
        f"Estimate for a real page of {PAGE_SENTENCES} sentences into the six languages "
        f"(1 thread, beam 4, 32k vocabulary: {rate:.1f} sentences/s):",
        "",
        f"- model passes as page_translate runs them: de→en for en, and de→en + en→X for "
        f"each of the other five = {passes_now} passes × {PAGE_SENTENCES} sentences / "
        f"{rate:.1f} per s = **{model_now:.0f} s** of model time, plus "
        f"{rest * 1000:.0f} ms × 6 = {rest * 6:.1f} s for the rest of the pipeline "
        f"(measured above): **about {model_now + rest * 6:.0f} s per page** in one worker;",
        f"- if the English intermediate were computed once per page ({passes_shared} passes): "
        f"about {model_shared + rest * 6:.0f} s;",
        f"- two worker processes with one thread each on the two cores: about "
        f"{(model_now + rest * 6) / 2:.0f} s per page in throughput;",
        f"- the demo's sentences are short ({facts['words'] / facts['sentences']:.1f} words: "
        f"titles, list items, short paragraphs). With {LONG_SENTENCE_WORDS} words per "
        f"sentence as in running text ({long_tokens:.0f} tokens at "
        f"{tokens_per_word:.2f} tokens per word) and the measured {base['tokens_per_s']:.0f} "
        f"tokens/s: {passes_now} × {PAGE_SENTENCES} × {long_tokens:.0f} / "
        f"{base['tokens_per_s']:.0f} = about {long_model:.0f} s of model time per page.",
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--out", help="(phases) where to write the JSON result")
    parser.add_argument("--dir", help="(build phases) output folder")
    parser.add_argument("--vocab-50k", default="", help="(build-copy, speed) 50k model folder")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="(pipeline)")
    parser.add_argument("--calls", help="(pipeline, speed) texts sent to the backend")
    parser.add_argument(
        "--second-pass",
        action="store_true",
        help="copy model: a second pass without overwrite (translation memory); about 50 s",
    )
    parser.add_argument("--pages", type=int, default=0, help="only this many pages (smoke)")
    parser.add_argument("--sample", type=int, default=240, help="sentences for the speed test")
    parser.add_argument(
        "--real-languages",
        default="en,ar",
        help="languages for the copy model of real size (default en,ar: de→en and en→ar)",
    )
    parser.add_argument("--skip-real", action="store_true", help="tiny models only")
    parser.add_argument("--json", help="also write all raw results to this file")
    args = parser.parse_args()
    if args.phase:
        result = PHASES[args.phase](args)
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
