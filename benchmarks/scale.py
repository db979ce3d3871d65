"""Scale: the same pipeline on 1x, 10x and 50x the real number of pages.

The extra pages are mirrors of the real ones (every language, hand-written and generated) in
a temporary copy of the project, so they carry real Markdown, content blocks, brochure boxes
and links, all checked by the strict build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from builds import BUILD_TIMEOUT, build_env, checked, make_build_command, mkdocs_build_command
from measure import median, ratio, run_timed
from projects import add_synthetic_copies, copy_project, page_count, write_variant


def base_project(workdir: Path) -> Path:
    """A copy built once by `make build`: generated pages, brochures and their cache on disk."""
    project = copy_project(workdir / "base")
    log = workdir / "scale.log"
    checked(run_timed(make_build_command(project, workdir / "base-site"), project, build_env(), log,
                      BUILD_TIMEOUT), "make build (scale base)", log)
    return project


def scale_project(base: Path, factor: int) -> tuple[Path, Path]:
    """A copy of `base` with factor x its pages, and the config that builds them all."""
    project = base.parent / f"scale-{factor}x"
    shutil.copytree(base, project, symlinks=True)
    nav = add_synthetic_copies(project, factor - 1)
    return project, write_variant(project, "scale", nav=nav)


def measure_factor(base: Path, factor: int, languages: list[str], repetitions: int) -> dict:
    project, config = scale_project(base, factor)
    pages = sum(page_count(project / "docs", lang) for lang in languages)
    log = base.parent / "scale.log"
    site = base.parent / f"scale-{factor}x-site"
    runs = []
    for _ in range(repetitions):
        shutil.rmtree(site, ignore_errors=True)
        run = run_timed(mkdocs_build_command(config, site), project, build_env(), log, BUILD_TIMEOUT)
        runs.append(checked(run, f"scale {factor}x", log))
    shutil.rmtree(project)
    shutil.rmtree(site, ignore_errors=True)
    seconds = median([run.seconds for run in runs])
    peak = max(run.peak_rss_mib for run in runs)
    return {
        "factor": factor, "pages_all_languages": pages, "seconds": [run.seconds for run in runs],
        "median_seconds": seconds, "peak_rss_mib": peak,
        "ms_per_page": round(1000 * seconds / pages, 2),
        "peak_rss_kib_per_page": round(1024 * peak / pages, 1),
    }


def measure_scale(workdir: Path, languages: list[str], factors: list[int], repetitions: int) -> dict:
    base = base_project(workdir)
    results = {f"{factor}x": measure_factor(base, factor, languages, repetitions) for factor in factors}
    first, last = results[f"{factors[0]}x"], results[f"{factors[-1]}x"]
    extra_pages = last["pages_all_languages"] - first["pages_all_languages"]
    return {
        "repetitions": repetitions,
        "factors": results,
        "time_per_page_ratio_largest_vs_1x": ratio(last["ms_per_page"], first["ms_per_page"]),
        "memory_per_extra_page_kib": (round(1024 * (last["peak_rss_mib"] - first["peak_rss_mib"]) / extra_pages, 1)
                                      if extra_pages else None),
    }
