"""Dockerfile, docker-compose.yml and .env.example, checked without a Docker engine.

What a typo or a drifted copy would break only in production: a variable that compose passes
but no code reads, a secret with a default, the image installing differently from the
Makefile, a health check asking a server that does not run in that container, and a
collectstatic that fails in the image build.
"""

import ast
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
MAKEFILE = ROOT / "Makefile"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES = ("web", "worker", "beat")
REQUIRED_SERVICES = (*APP_SERVICES, "db", "redis")
# Secrets without which nothing may start: no default, compose refuses when empty.
REQUIRED_SECRETS = ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD")


# --- reading the files -----------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict:
    return compose()["services"]


def service_env(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):  # the "NAME=value" form
        return dict(item.partition("=")[::2] for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def command_text(command) -> str:
    return " ".join(command) if isinstance(command, list) else str(command or "")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        keyword, _, rest = (current + line).partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_args(keyword: str) -> list[str]:
    return [rest for kw, rest in dockerfile_instructions() if kw == keyword]


def dockerfile_env() -> dict[str, str]:
    values = {}
    for rest in dockerfile_args("ENV"):
        for token in shlex.split(rest):
            name, _, value = token.partition("=")
            values[name] = value
    return values


def dockerfile_cmd() -> list[str]:
    (cmd,) = dockerfile_args("CMD")[-1:]
    return json.loads(cmd)


def dockerfile_healthcheck() -> list[str]:
    (check,) = dockerfile_args("HEALTHCHECK")[-1:]
    return json.loads(check.split(" CMD ", 1)[1])


def collectstatic_run() -> str:
    runs = [rest for rest in dockerfile_args("RUN") if "collectstatic" in rest]
    assert len(runs) == 1, "exactly one RUN step runs collectstatic"
    return runs[0]


def collectstatic_build_env() -> dict[str, str]:
    """The NAME=value assignments that open the collectstatic RUN line."""
    values = {}
    for token in shlex.split(collectstatic_run()):
        match = re.fullmatch(r"([A-Z_][A-Z0-9_]*)=(.*)", token)
        if not match:
            break
        values[match[1]] = match[2]
    return values


def shell_variables(text: str) -> set[str]:
    return set(re.findall(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))


def compose_interpolations(text: str) -> set[str]:
    # ${NAME…} is replaced by compose; $${NAME} is an escaped, literal $ for the container.
    return set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", text))


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, sep, value = line.partition("=")
            assert sep, f".env.example: {line!r} is not NAME=value"
            values[name.strip()] = value.strip()
    return values


def pip_installs(commands: list[list[str]]) -> list[dict]:
    """Each `pip install` as its constraint files, requirement files, --no-deps and target."""
    installs = []
    for tokens in commands:
        if "pip" not in tokens or "install" not in tokens:
            continue
        tokens = tokens[tokens.index("install") + 1 :]
        found = {"constraints": [], "requirements": [], "no_deps": False, "targets": []}
        options = iter(tokens)
        for token in options:
            if token == "-c":
                found["constraints"].append(next(options))
            elif token == "-r":
                found["requirements"].append(next(options))
            elif token == "--no-deps":
                found["no_deps"] = True
            elif not token.startswith("-"):
                # ".[dev]" and "." are the same project; extras and -e do not matter here.
                found["targets"].append(re.sub(r"\[.*\]$", "", token))
        installs.append(found)
    return installs


def makefile_install_commands() -> list[list[str]]:
    """The recipe of the Makefile's $(STAMP) target, one token list per line."""
    lines = MAKEFILE.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("$(STAMP):"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(shlex.split(line.replace("$(PIP)", "pip")))
    return recipe


def dockerfile_install_commands() -> list[list[str]]:
    """The Dockerfile's RUN steps, one token list per `&&`-joined command."""
    commands = []
    for run in dockerfile_args("RUN"):
        command = []
        for token in shlex.split(run):
            if token == "&&":
                commands.append(command)
                command = []
            else:
                command.append(token)
        commands.append(command)
    return commands


# --- which environment variables the application reads --------------------------

_ENV_FUNCTIONS = {"env", "env_bool", "env_int", "env_list", "getenv"}
_ENVIRON_METHODS = {"get", "setdefault", "pop"}


def _is_environ(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def env_names_read_in_config() -> set[str]:
    """Names read with env()/env_bool()/…, os.environ.get/[…]/setdefault or os.getenv."""
    names = set()
    for path in sorted((ROOT / "config").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            key = None
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                reads = (isinstance(func, ast.Name) and func.id in _ENV_FUNCTIONS) or (
                    isinstance(func, ast.Attribute)
                    and (
                        func.attr == "getenv"
                        or (func.attr in _ENVIRON_METHODS and _is_environ(func.value))
                    )
                )
                if reads:
                    key = node.args[0]
            elif isinstance(node, ast.Subscript) and _is_environ(node.value):
                key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                names.add(key.value)
    return names


def unread_variables(service: dict, read_in_config: set[str]) -> list[str]:
    """Variables the service receives that neither config/ nor its own command reads.

    The command is the service's `command`, or the image's CMD when it has none (gunicorn
    reads GUNICORN_WORKERS/GUNICORN_THREADS there).
    """
    command = command_text(service.get("command")) or " ".join(dockerfile_cmd())
    readers = read_in_config | shell_variables(command)
    return sorted(name for name in service_env(service) if name not in readers)


# --- docker-compose.yml ----------------------------------------------------------


def test_compose_parses_and_has_the_services():
    found = services()
    for name in REQUIRED_SERVICES:
        assert name in found, f"docker-compose.yml has no service {name}"
    for name in APP_SERVICES:
        assert found[name].get("build") or found[name].get("image"), name


def test_healthchecks():
    found = services()
    for name in ("web", "worker", "db", "redis"):
        check = found[name].get("healthcheck") or {}
        assert not check.get("disable"), f"{name}: health check disabled"
        assert check.get("test"), f"{name} has no health check"
    tests = {
        name: command_text(found[name]["healthcheck"]["test"])
        for name in ("web", "worker", "db", "redis")
    }
    assert "/healthz" in tests["web"]
    assert "pg_isready" in tests["db"]
    assert "redis-cli ping" in tests["redis"]
    # The worker is asked through the broker by its own node name.
    assert "inspect ping" in tests["worker"]
    assert "celery@$$HOSTNAME" in tests["worker"]
    # worker and beat run the web image, whose HEALTHCHECK asks gunicorn: inheriting it would
    # mark them unhealthy forever. beat is exempt (it answers no remote control; see the
    # comment in docker-compose.yml), so its inherited check must be switched off explicitly.
    assert "8000" not in tests["worker"]
    assert found["beat"].get("healthcheck") == {"disable": True}


def test_healthcheck_snippets_are_valid_python():
    in_compose = services()["web"]["healthcheck"]["test"]
    assert in_compose[0] == "CMD", in_compose
    for check in (dockerfile_healthcheck(), in_compose[1:]):
        assert check[:2] == ["python", "-c"], check
        compile(check[2], "healthcheck", "exec")
        assert "http://127.0.0.1:8000/healthz" in check[2]


def test_every_variable_passed_to_the_application_is_read():
    read = env_names_read_in_config()
    found = services()
    unread = {
        name: unread_variables(found[name], read)
        for name in (*APP_SERVICES, "migrate")
        if name in found
    }
    assert not any(unread.values()), f"passed in docker-compose.yml but read nowhere: {unread}"


def test_the_read_check_catches_a_misspelt_variable():
    read = env_names_read_in_config()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"} <= read
    assert unread_variables({"environment": {"CACHE_ULR": "redis://x"}}, read) == ["CACHE_ULR"]
    # GUNICORN_* count only for a service that runs the image's CMD.
    assert unread_variables({"environment": {"GUNICORN_WORKERS": "2"}}, read) == []
    worker_like = {"command": ["celery", "worker"], "environment": {"GUNICORN_WORKERS": "2"}}
    assert unread_variables(worker_like, read) == ["GUNICORN_WORKERS"]


def test_production_settings_get_what_they_require():
    tree = ast.parse((ROOT / "config" / "settings" / "production.py").read_text())
    required = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_REQUIRED"
    )
    for name in APP_SERVICES:
        env = service_env(services()[name])
        assert env.get("DJANGO_SETTINGS_MODULE") == "config.settings.production", name
        for variable in required:
            assert env.get(variable), f"{name} lacks {variable}, production refuses to start"
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:"), name
        assert env["CELERY_RESULT_BACKEND"].startswith("redis://redis:"), name
        # Another Redis may be set in .env; without it, compose's own.
        assert env["CACHE_URL"].startswith("${CACHE_URL:-redis://redis:"), name


def test_required_secrets_have_no_default():
    text = COMPOSE.read_text()
    for name in REQUIRED_SECRETS:
        uses = re.findall(r"(?<!\$)\$\{" + name + r"([^}]*)\}", text)
        assert uses, f"{name} is not interpolated"
        for rest in uses:
            assert rest.startswith(":?"), f"${{{name}{rest}}} must use :? (required, non-empty)"
    for name in APP_SERVICES:
        env = service_env(services()[name])
        assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?"), name
        assert env["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?"), name
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"], name
    assert service_env(services()["db"])["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_database_url_points_at_the_db_service():
    db = service_env(services()["db"])
    url = service_env(services()["web"])["DATABASE_URL"]
    match = re.fullmatch(r"postgres(?:ql)?://([^:]+):\$\{[^}]+\}@db:5432/(\w+)", url)
    assert match, url
    assert match[1] == db["POSTGRES_USER"] and match[2] == db["POSTGRES_DB"]


def test_env_example_lists_every_interpolated_variable_without_secrets():
    example = env_example()
    missing = compose_interpolations(COMPOSE.read_text()) - set(example)
    assert not missing, f"not in .env.example: {sorted(missing)}"
    for name in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"):
        assert example[name] == "", f".env.example must not carry a value for {name}"


def test_dependencies_wait_for_health_and_migrations():
    found = services()
    for name, service in found.items():
        for target, spec in (service.get("depends_on") or {}).items():
            assert isinstance(spec, dict) and "condition" in spec, f"{name} -> {target}"
            if spec["condition"] == "service_healthy":
                check = found[target].get("healthcheck") or {}
                assert check.get("test") and not check.get("disable"), f"{name} -> {target}"
            if spec["condition"] == "service_completed_successfully":
                assert found[target].get("restart") == "no", f"{target} is a one-shot job"
    for name in ("web", "worker"):
        depends = found[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    # Migrations run before web: in a one-shot service, or in web's own command.
    if "migrate" in found:
        assert found["web"]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        migrate = command_text(found["migrate"]["command"])
    else:
        migrate = command_text(found["web"].get("command"))
    assert "manage.py migrate --noinput" in migrate and "manage.py portal_setup" in migrate
    assert migrate.index("migrate --noinput") < migrate.index("portal_setup")


def test_commands_volumes_and_restart():
    found = services()
    media_root = dockerfile_env()["MEDIA_ROOT"]
    declared = set(compose().get("volumes") or {})
    mounts = {
        name: dict(reversed(volume.split(":")[:2]) for volume in service.get("volumes", []))
        for name, service in found.items()
    }
    for name, service in found.items():
        for source in mounts[name].values():
            assert source in declared or source.startswith((".", "/")), f"{name}: {source}"
        if name != "migrate":
            assert service.get("restart") in ("always", "unless-stopped"), name
    # Uploaded media: one volume shared by web and worker, at the image's MEDIA_ROOT.
    assert mounts["web"].get(media_root) and mounts["web"][media_root] == mounts["worker"].get(
        media_root
    )
    assert mounts["db"].get("/var/lib/postgresql/data")
    assert mounts["redis"].get("/data")

    worker = command_text(found["worker"]["command"])
    assert worker.startswith("celery -A config worker")
    assert re.search(r"--concurrency[= ]\$\{[A-Z_]+", worker), "concurrency comes from the env"
    beat = command_text(found["beat"]["command"])
    assert beat.startswith("celery -A config beat")
    schedule = re.search(r"--schedule[= ](\S+)", beat)
    assert schedule and any(schedule[1].startswith(path + "/") for path in mounts["beat"]), (
        "beat's schedule file must be in a volume"
    )
    # Static files come from the image: in a volume they would outlive an upgrade.
    static_root = dockerfile_env()["STATIC_ROOT"]
    for name in found:
        for path in mounts[name]:
            assert not (static_root + "/").startswith(path.rstrip("/") + "/"), (name, path)


# --- Dockerfile ------------------------------------------------------------------


def test_dockerfile_installs_exactly_as_the_makefile():
    make = pip_installs(makefile_install_commands())
    docker = pip_installs(dockerfile_install_commands())
    assert len(make) == 2, make
    assert [{**step, "targets": None} for step in docker] == [
        {**step, "targets": None} for step in make
    ]
    assert [step["targets"] for step in docker] == [step["targets"] for step in make]
    assert make[0]["targets"] == ["."] and make[1]["no_deps"]
    for step in make:
        for path in step["constraints"] + step["requirements"]:
            assert (ROOT / path).is_file(), path
    copied = " ".join(dockerfile_args("COPY"))
    assert "requirements/" in copied and "pyproject.toml" in copied


def test_dockerfile_base_user_and_environment():
    (base,) = dockerfile_args("FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base), f"pin a python:3.11 tag: {base}"
    users = dockerfile_args("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0"), "must run as non-root"
    env = dockerfile_env()
    assert env["PYTHONDONTWRITEBYTECODE"] == "1" and env["PYTHONUNBUFFERED"] == "1"
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["ARGOS_INTRA_THREADS"] == "1"
    for name in ("VAR_DIR", "STATIC_ROOT", "MEDIA_ROOT"):
        assert env[name].startswith("/"), name
        assert any(
            "chown" in run and users[-1] in run and f"${name}" in run
            for run in dockerfile_args("RUN")
        ), f"{name} is not given to the user {users[-1]}"
    # Secrets never live in the image: not as ENV, not as ARG.
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        assert name not in env
        assert not any(arg.startswith(name) for arg in dockerfile_args("ARG"))


def test_dockerfile_builds_catalogs_and_static_and_serves_gunicorn():
    runs = " ".join(dockerfile_args("RUN"))
    assert "manage.py compilecatalogs" in runs
    assert "manage.py collectstatic --noinput" in collectstatic_run()
    assert set(collectstatic_build_env()) >= {"DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    cmd = " ".join(dockerfile_cmd())
    assert "gunicorn config.wsgi" in cmd and "--bind 0.0.0.0:8000" in cmd
    assert "--workers" in cmd and "--threads" in cmd
    # Worker and thread counts come from variables that have a default in the image.
    used = shell_variables(cmd)
    assert {"GUNICORN_WORKERS", "GUNICORN_THREADS"} <= used
    assert used <= set(dockerfile_env()), used - set(dockerfile_env())
    assert dockerfile_args("HEALTHCHECK"), "no HEALTHCHECK"
    assert "curl" not in dockerfile_args("HEALTHCHECK")[0]


# --- collectstatic as the image build runs it --------------------------------------


def _build_environment(tmp_path: Path) -> dict[str, str]:
    """The image build's environment: the Dockerfile's ENV and RUN-line dummies, nothing else."""
    skip = ("DJANGO_", "DATABASE_", "CELERY_", "CACHE_URL", "ALLOWED_HOSTS", "STATIC_", "MEDIA_")
    env = {name: value for name, value in os.environ.items() if not name.startswith(skip)}
    env["DJANGO_SETTINGS_MODULE"] = dockerfile_env()["DJANGO_SETTINGS_MODULE"]
    env.update(collectstatic_build_env())
    env.update(STATIC_ROOT=str(tmp_path / "static"), VAR_DIR=str(tmp_path / "var"))
    return env


def test_collectstatic_succeeds_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=_build_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and (tmp_path / "static" / hashed).is_file()


def test_collectstatic_fails_on_a_missing_file_referenced_from_css(tmp_path):
    """The control for the test above: the production storage really checks references."""
    extra = tmp_path / "extra" / "css"
    extra.mkdir(parents=True)
    (extra / "broken.css").write_text('body { background: url("../img/does-not-exist.png"); }\n')
    script = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, sys.argv[1]]\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', '--noinput', verbosity=0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "extra")],
        cwd=ROOT,
        env=_build_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "does-not-exist.png" in result.stderr
