"""Running the project's `manage.py` in another process, as an operator, a second web
worker or a Celery worker would: on its own SQLite file under `var`, with the demo
settings (the environment's database and broker left out)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_environment(var: Path, *, code: Path = ROOT, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        VAR_DIR=str(var),
        PYTHONPATH=str(code),
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str, code: Path = ROOT, timeout: int = 600) -> str:
    """`manage.py <args>` of the checkout in `code`; its output, or a failed assertion
    with what it printed."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args} in {code}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout
