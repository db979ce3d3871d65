"""Lighthouse 12.2.3 (installed by `make bench` into benchmarks/node_modules) in Debian's Chromium.

Mobile preset (Lighthouse's default: emulated phone, simulated slow 4G and CPU slowdown). The
performance score moves from run to run, so each page is measured several times and the
median of every score is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from measure import median
from sitegen.browser import CHROMIUM, CHROMIUM_ARGUMENTS

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUN_TIMEOUT = 240


def version() -> str:
    package = HERE / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def run_once(url: str, output: Path) -> dict:
    """One Lighthouse run; the JSON report it wrote."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGUMENTS])]
    completed = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                               capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def scores_of(report: dict) -> dict[str, int]:
    return {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}


def audits_lost(report: dict) -> list[str]:
    """Audits that cost points: what to fix to reach 100."""
    lost = []
    for name in CATEGORIES:
        for reference in report["categories"][name]["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lost.append(f"{name}: {reference['id']} score {audit['score']}{shown}")
    return lost


def measure_lighthouse(urls: dict[str, str], runs: int, workdir: Path) -> dict:
    results = {}
    for name, url in urls.items():
        reports = [run_once(url, workdir / f"lighthouse-{name.replace(' ', '-')}-{run}.json")
                   for run in range(runs)]
        scores = [scores_of(report) for report in reports]
        medians = {category: median([score[category] for score in scores]) for category in CATEGORIES}
        # Explain the run whose performance score is the median one.
        middle = sorted(range(runs), key=lambda i: scores[i]["performance"])[runs // 2]
        results[name] = {
            "url": url, "scores": scores, "median_scores": medians,
            "audits_losing_points": audits_lost(reports[middle]),
            "metrics": {metric: reports[middle]["audits"][metric].get("displayValue")
                        for metric in ("first-contentful-paint", "largest-contentful-paint",
                                       "total-blocking-time", "cumulative-layout-shift", "speed-index")},
        }
    return results
