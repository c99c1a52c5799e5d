"""Markdown summary of Lighthouse JSON reports (bench/run_lighthouse.sh).

Usage: lighthouse_summary.py REPORT.json [REPORT.json ...]

Prints the four category scores per page against issue 3's targets (performance 95,
the others 100), the main timings, and every audit that does not pass (score below 1,
or below 0.9 for the performance metrics, as Lighthouse colours them).
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = (
    ("performance", 95),
    ("accessibility", 100),
    ("best-practices", 100),
    ("seo", 100),
)
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def failing_audits(report: dict) -> list[tuple[str, str, str]]:
    """(category, audit id, title and shown value) of each audit that is not passed."""
    rows = []
    for category_id, _target in CATEGORIES:
        category = report["categories"].get(category_id)
        if category is None:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit.get("score")
            mode = audit.get("scoreDisplayMode")
            if score is None or mode in ("notApplicable", "manual", "informative"):
                continue
            threshold = 0.9 if ref.get("group") == "metrics" else 1
            if score < threshold:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                weight = "" if ref.get("weight") else "; weight 0, does not count in the score"
                text = f"{audit['title']}{shown}, score {score:g}{weight}"
                rows.append((category_id, ref["id"], text))
    return rows


def main(paths: list[str]) -> int:
    reports = [json.loads(Path(path).read_text("utf-8")) for path in paths]
    print("| page | " + " | ".join(f"{c} (target {t})" for c, t in CATEGORIES) + " |")
    print("| --- | " + " | ".join("---:" for _ in CATEGORIES) + " |")
    for report in reports:
        cells = []
        for category_id, target in CATEGORIES:
            score = report["categories"][category_id]["score"]
            value = round(score * 100) if score is not None else None
            mark = "" if value is not None and value >= target else " **missed**"
            cells.append(f"{value}{mark}")
        path = urlsplit(report["finalDisplayedUrl"]).path
        print(f"| `{path}` | " + " | ".join(cells) + " |")
    print()
    print("| page | " + " | ".join(METRICS) + " |")
    print("| --- | " + " | ".join("---:" for _ in METRICS) + " |")
    for report in reports:
        path = urlsplit(report["finalDisplayedUrl"]).path
        values = [report["audits"][m].get("displayValue", "–") for m in METRICS]
        print(f"| `{path}` | " + " | ".join(values) + " |")
    print()
    print("Audits not passed:")
    print()
    any_failed = False
    for report in reports:
        path = urlsplit(report["finalDisplayedUrl"]).path
        for category_id, audit_id, text in failing_audits(report):
            any_failed = True
            print(f"- `{path}` {category_id}: {text} [`{audit_id}`]")
        for warning in report.get("runWarnings", []):
            print(f"- `{path}` run warning: {warning}")
    if not any_failed:
        print("- none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
