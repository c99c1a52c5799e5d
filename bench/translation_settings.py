"""Settings for the translation benchmark only (bench/run_translation.sh).

`config.settings.dev` (SQLite and the filesystem broker under VAR_DIR, which the script
points at a temporary folder; `PORTAL_DEMO`, so that `manage.py demo_content` loads the
demo site), with `DEBUG = False` as a worker in production runs: with DEBUG on, Django
keeps every query in `connection.queries` and formats it for the log, which would be
counted as the pipeline's cost. The translation backend, the argos folder, threads and
batch size come from the environment as in production (config/settings/base.py).

bench/ must be on PYTHONPATH; run_translation.sh sets it.
"""

from config.settings.dev import *  # noqa: F403

DEBUG = False
