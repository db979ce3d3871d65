"""Build time: `make build` against plain mkdocs-material baselines, all in one interleaved run.

Every variant is built once per round and the rounds repeat, so a slow moment of the machine
hits every variant alike; the report uses medians and ratios from this one run. The cost of
our plugin (page generation included) is clocked from inside a build (see event_timing.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from event_timing import BROCHURES, without_brochures
from measure import Run, median, ratio, run_timed
from projects import copy_project, plain_project, write_plugin_variant

EVENT_TIMING = Path(__file__).with_name("event_timing.py")

CACHE_FOLDER = ".cache"  # brochures and compiled templates kept between builds (see .gitignore)

BUILD_TIMEOUT = 900


def build_env(site_url: str = "http://127.0.0.1:8000/") -> dict:
    """The environment `make build` runs in (Material's end-of-life banner silenced)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}


def make_build_command(project: Path, site_dir: Path) -> list[str]:
    """What `make build` runs."""
    return [sys.executable, str(project / "scripts" / "docs.py"), "build", "--site-dir", str(site_dir)]


def mkdocs_build_command(config: Path, site_dir: Path) -> list[str]:
    """What scripts/docs.py runs inside `make build`, for a chosen config."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
            "--site-dir", str(site_dir)]


def checked(run: Run, what: str, log: Path) -> Run:
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{what} failed (exit {run.returncode}); end of {log}:\n{tail}")
    return run


class BuildBench:
    """The projects and commands of the build-time comparison, set up in `workdir`."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.project = copy_project(workdir / "project")
        # The same build compiling every template each time, as plain MkDocs does.
        self.compiling_config = write_plugin_variant(self.project, "compiling-templates",
                                                     keep_compiled_templates=False)
        self.log = workdir / "builds.log"
        self.env = build_env()
        self.plain: dict[str, Path] = {}
        self.event_seconds: list[dict[str, float]] = []

    def out(self, name: str) -> Path:
        return self.workdir / "out" / name

    def make_build(self, cold: bool) -> Run:
        """`make build`; cold = without .cache/ (brochures, compiled templates), as on a fresh checkout."""
        if cold:
            shutil.rmtree(self.project / CACHE_FOLDER, ignore_errors=True)
        run = run_timed(make_build_command(self.project, self.out("make")), self.project, self.env,
                        self.log, BUILD_TIMEOUT)
        return checked(run, "make build", self.log)

    def mkdocs_build(self, config: Path, name: str, env: dict | None = None) -> Run:
        shutil.rmtree(self.out(name), ignore_errors=True)
        run = run_timed(mkdocs_build_command(config, self.out(name)), config.parent, env or self.env,
                        self.log, BUILD_TIMEOUT)
        return checked(run, f"mkdocs build ({config.name})", self.log)

    def timed_events_build(self) -> dict[str, float]:
        """Seconds spent in each event of our plugin during one HTML build."""
        times = self.workdir / f"event-times-{len(self.event_seconds)}.json"
        shutil.rmtree(self.out("timed"), ignore_errors=True)
        command = [sys.executable, str(EVENT_TIMING), str(times), *mkdocs_build_command(
            self.project / "mkdocs.yml", self.out("timed"))[2:]]
        checked(run_timed(command, self.project, self.env, self.log, BUILD_TIMEOUT), "timed build", self.log)
        self.event_seconds.append(json.loads(times.read_text(encoding="utf-8")))
        return self.event_seconds[-1]

    def prepare(self, languages: list[str]) -> None:
        """One untimed build (writes docs/models/, warms caches), then the plain baselines."""
        self.make_build(cold=True)
        for lang in languages:
            self.plain[lang] = plain_project(self.project, lang, self.workdir / f"plain-{lang}")

    def round(self) -> dict[str, Run]:
        runs = {
            "make_build_cold": self.make_build(cold=True),
            "make_build_rebuild": self.make_build(cold=False),
            "html_build": self.mkdocs_build(self.project / "mkdocs.yml", "html"),
            "html_build_compiling_templates": self.mkdocs_build(self.compiling_config, "html-compiling"),
        }
        for lang, project in self.plain.items():
            runs[f"plain_{lang}"] = self.mkdocs_build(project / "mkdocs.yml", f"plain-{lang}")
        self.timed_events_build()
        return runs


def generation_seconds(project: Path, repetitions: int) -> list[float]:
    """The page generator alone, in-process (no interpreter start-up)."""
    from sitegen.generate import generate
    from sitegen.project import Project, build_date

    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        generate(Project.at(project), build_date())
        times.append(round(time.perf_counter() - started, 4))
    return times


def brochure_lines(log: Path) -> list[str]:
    """What the build printed about brochures (the plugin prints their timing)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(line.strip() for line in lines if "brochure" in line.lower()))[-12:]


def median_event_seconds(samples: list[dict[str, float]]) -> dict[str, float]:
    """Per event of our plugin (and the brochure step): the median seconds over the rounds."""
    return {name: round(median([sample.get(name, 0.0) for sample in samples]), 3) for name in samples[0]}


def measure_builds(workdir: Path, languages: list[str], repetitions: int) -> dict:
    bench = BuildBench(workdir)
    bench.prepare(languages)
    rounds = [bench.round() for _ in range(repetitions)]
    seconds = {name: [r[name].seconds for r in rounds] for name in rounds[0]}
    seconds["plain_all_languages"] = [
        round(sum(r[f"plain_{lang}"].seconds for lang in languages), 3) for r in rounds
    ]
    medians = {name: median(values) for name, values in seconds.items()}
    one = f"plain_{languages[0]}"
    html = medians["html_build"]
    events = median_event_seconds(bench.event_seconds)
    ours = median([without_brochures(sample) for sample in bench.event_seconds])
    brochures = median([sample.get(BROCHURES, 0.0) for sample in bench.event_seconds])
    generation = generation_seconds(bench.project, repetitions)
    return {
        "repetitions": repetitions,
        "seconds": seconds,
        "median_seconds": medians,
        "peak_rss_mib": {name: max(r[name].peak_rss_mib for r in rounds) for name in rounds[0]},
        "event_seconds": bench.event_seconds,
        "event_median_seconds": events,
        "generation_seconds": generation,
        "generation_median_seconds": median(generation),
        "brochure_output": brochure_lines(bench.log),
        "ratios": {
            "html_three_languages_vs_plain_three": ratio(html, medians["plain_all_languages"]),
            "html_compiling_templates_vs_plain_three": ratio(medians["html_build_compiling_templates"],
                                                             medians["plain_all_languages"]),
            "make_build_rebuild_vs_plain_three": ratio(medians["make_build_rebuild"],
                                                       medians["plain_all_languages"]),
            "plain_three_vs_plain_one": ratio(medians["plain_all_languages"], medians[one]),
            "html_three_languages_vs_plain_one": ratio(html, medians[one]),
            "plugin_overhead_fraction": ratio(ours, html - ours - brochures),
            "generation_fraction_of_html": ratio(median(generation), html),
        },
        "differences_seconds": {
            "plugin_without_brochures": round(ours, 3),
            "brochures_in_html_build": round(brochures, 3),
            "brochures_cold_minus_rebuild": round(medians["make_build_cold"] - medians["make_build_rebuild"], 3),
            "rebuild_minus_html": round(medians["make_build_rebuild"] - html, 3),
        },
    }
