"""Scale: the same HTML pipeline on 1x, 10x and 50x the real number of pages.

The extra pages are mirrors of the real ones (every language, hand-written and generated) in
a temporary copy of the project, so they carry real Markdown, content blocks and links.
"""

from __future__ import annotations

import sys
from pathlib import Path

from builds import BUILD_TIMEOUT, build_env, checked, mkdocs_build_command
from measure import median, ratio, run_timed
from projects import (add_synthetic_copies, copy_project, hooks_of, is_brochure_hook, page_count,
                      write_variant)


def scale_project(workdir: Path, factor: int) -> tuple[Path, Path]:
    """A copy with factor x the real pages, and the config that builds it (brochures left out)."""
    project = copy_project(workdir / f"scale-{factor}x")
    hooks = [hook for hook in hooks_of(project) if not is_brochure_hook(hook)]
    # Write docs/models/ first (`make generate`), so the mirrors include the generated pages.
    log = workdir / "scale.log"
    generate = [sys.executable, str(project / "scripts" / "docs.py"), "generate"]
    checked(run_timed(generate, project, build_env(), log, BUILD_TIMEOUT), "make generate", log)
    nav = add_synthetic_copies(project, factor - 1)
    return project, write_variant(project, "scale", hooks=hooks, nav=nav)


def measure_scale(workdir: Path, languages: list[str], factors: list[int], repetitions: int) -> dict:
    results = {}
    for factor in factors:
        project, config = scale_project(workdir, factor)
        pages = sum(page_count(project / "docs", lang) for lang in languages)
        log = workdir / "scale.log"
        runs = [checked(run_timed(mkdocs_build_command(config, workdir / f"scale-{factor}x-site"),
                                  project, build_env(), log, BUILD_TIMEOUT), f"scale {factor}x", log)
                for _ in range(repetitions)]
        seconds = median([run.seconds for run in runs])
        peak = max(run.peak_rss_mib for run in runs)
        results[f"{factor}x"] = {
            "factor": factor, "pages_all_languages": pages, "seconds": [run.seconds for run in runs],
            "median_seconds": seconds, "peak_rss_mib": peak,
            "ms_per_page": round(1000 * seconds / pages, 2),
            "peak_rss_kib_per_page": round(1024 * peak / pages, 1),
        }
    first, last = results[f"{factors[0]}x"], results[f"{factors[-1]}x"]
    extra_pages = last["pages_all_languages"] - first["pages_all_languages"]
    return {
        "repetitions": repetitions,
        "factors": results,
        "time_per_page_ratio_largest_vs_1x": ratio(last["ms_per_page"], first["ms_per_page"]),
        "memory_per_extra_page_kib": (round(1024 * (last["peak_rss_mib"] - first["peak_rss_mib"]) / extra_pages, 1)
                                      if extra_pages else None),
    }
