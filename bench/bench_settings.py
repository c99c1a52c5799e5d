"""Settings of the page and scale benchmarks only (bench/run_pages.sh, run_scale.sh):
production plus two reference views.

The production settings unchanged (so CACHE_URL, a Redis URL, is required as in
production: the benchmarks give each run a Redis database of its own), except for
what the benchmark needs:

- ROOT_URLCONF adds `/bench/hello/`, a minimal view, and `/bench/hello-cached/`, the
  same behind Django's `cache_page` on the same Redis, so that the pages can be
  compared with references served by the same gunicorn, middleware, cache and
  process. The product's URLs (config/urls.py) do not have them.
- LOCALE_PATHS may point at a copy of locale/ in the benchmark's temporary folder
  (BENCH_LOCALE_DIR), so that compiling the catalogs writes nothing into the tree.
- PORTAL_DEMO is true only where BENCH_PORTAL_DEMO=1, which the benchmark sets for the
  one `manage.py demo_content` call that loads the demo site into its throwaway
  database. The servers being measured run with PORTAL_DEMO as production has it.

bench/ must be on PYTHONPATH; the scripts set it.
"""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

if os.environ.get("BENCH_LOCALE_DIR"):
    LOCALE_PATHS = [Path(os.environ["BENCH_LOCALE_DIR"])]

if os.environ.get("BENCH_PORTAL_DEMO") == "1":
    PORTAL_DEMO = True
